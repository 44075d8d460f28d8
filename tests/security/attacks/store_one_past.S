/* store_one_past - store one byte just past the end of a 16-byte data object.
 * cheri-riscv.md 4.4 step 5 -> Length violation on ca0.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 16
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li a1, 0x41
FAULT_HERE
	csb a1, 16(ca0)
	AFTER_FAULT
CVM_END cvm_main
