/* jit_lazy_jump_top - a code capability (from our PCC, unsealed) pushed to the stack and
 * reloaded by CLC (left undecoded: the translator's CJALR takes it as PCC when its pesbt is
 * PCC's and its address lies in PCC's bounds or at top) and jumped through, 60 rounds to a
 * label; then its address is PCC's top (this slot's end, still representable, pesbt
 * unchanged): the jump must trap (Length on ca2: the target is not in bounds), not run at top.
 * EXPECT: fault cause=28 cheri=0x01 idx=12 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, 0
	li t0, 100
1:	lla t4, 3f
	beqz t3, 2f
	li t4, SELF_BASE + 0x40000000   /* PCC's top */
2:	auipcc ca2, 0
	csetaddr ca2, ca2, t4
	cincoffsetimm csp, csp, -16
	csc ca2, 0(csp)
	clc ca2, 0(csp)
	cincoffsetimm csp, csp, 16
FAULT_HERE
	cjalr cnull, ca2
3:	ROUNDS_END li t3, 1             /* from round 61 on: the address at top */
	AFTER_FAULT
CVM_END cvm_main
