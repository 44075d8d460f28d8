/* lower_base - step 16 bytes below a 16-byte object's base (representable, still tagged) and
 * CSetBounds 32 from there: the new base is below the old one, the result is untagged.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
	.balign 16
	.space 16
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	cincoffset ca0, ca0, -16
	li t0, 32
	csetbounds ca0, ca0, t0
FAULT_HERE
	clb a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
