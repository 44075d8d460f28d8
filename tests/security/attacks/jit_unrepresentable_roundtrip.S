/* jit_unrepresentable_roundtrip - move a 16-byte object's capability 2^40 bytes away (not
 * representable: the tag goes, cheri-riscv.md 1.6), store it to the stack and load it back
 * (CSC/CLC in translated code), move it back onto the object and load through it: the tag
 * stays cleared, so a Tag violation on ca2 (4.4 step 1), not a read of the object.
 * EXPECT: fault cause=28 cheri=0x02 idx=12 pc=fault
 */
#include "attack.h"
	.section .rodata
	.balign 16
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, 1
	slli t0, t0, 40
	cincoffset ca1, ca0, t0
	cincoffset csp, csp, -16
	csc ca1, 0(csp)
	clc ca2, 0(csp)
	neg t0, t0
	cincoffset ca2, ca2, t0
FAULT_HERE
	clb a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
