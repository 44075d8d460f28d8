/* representability_small - the same trick with a step just outside the window of a 16-byte
 * (E = 0) capability: +0x4000 bytes and back. With E = 0 the window is 2^14 bytes around the
 * base (cheri-riscv.md 1.6), so +0x4000 leaves it; the tag is gone for good.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, 0x4000
	cincoffset ca0, ca0, t0
	neg t0, t0
	cincoffset ca0, ca0, t0
FAULT_HERE
	clb a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
