/* jit_narrow_branch_out - a function called through a capability bounded to itself (PCC then
 * covers part of a page: the hart runs it from a translation of that part, hart_priv.h struct
 * dpage). For 60 rounds it returns; then its conditional branch goes to the instruction just
 * after its end, in the same page, which PCC does not cover: the branch itself must trap
 * (Length on PCC at the branch, cheri-riscv.md 4.4), not the fetch there, and nothing past the
 * end may run.
 * EXPECT: fault cause=28 cheri=0x01 idx=32 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, 0
	li t0, 100
1:	NARROW_CALL ca0, leaf, leaf_end, zero
	ROUNDS_END li t3, 1             /* from round 61 on: the way out */
	AFTER_FAULT
CVM_END cvm_main

leaf:
	addi a1, a1, 1
FAULT_HERE
	bnez t3, past
	cret
leaf_end:
past:
	addi a1, a1, 100
	AFTER_FAULT
