/* load_before_base - load the byte just below the base of a 16-byte object (negative offset).
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
	clb a1, -1(ca0)
	AFTER_FAULT
CVM_END cvm_main
