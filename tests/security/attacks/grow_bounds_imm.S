/* grow_bounds_imm - CSetBoundsImm (64) on a 16-byte object: tag cleared, load fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	csetboundsimm ca0, ca0, 64
FAULT_HERE
	clb a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
