/* load_one_past - load the byte just past the end of a 16-byte read-only object.
 * cheri-riscv.md 4.4 step 5: EA + size > top -> Length violation, index = the authority (ca0).
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
FAULT_HERE
	clb a1, 16(ca0)
	AFTER_FAULT
CVM_END cvm_main
