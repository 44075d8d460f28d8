/* representability - the representability trick: move a 16-byte capability's address far out
 * of its representable window (+2^40) and back (-2^40). CIncOffset clears the tag when the
 * result is not representable (cheri-riscv.md 1.6, 5.4), so coming back does not restore it.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, 0x10000000000
	cincoffset ca0, ca0, t0
	neg t0, t0
	cincoffset ca0, ca0, t0
FAULT_HERE
	clb a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
