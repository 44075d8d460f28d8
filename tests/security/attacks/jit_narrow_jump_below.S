/* jit_narrow_jump_below - a function called through a capability bounded to itself returns
 * for 60 rounds; then it jumps back into code of its cVM just below its own start, in the same
 * page: outside PCC, so the jump traps (Length on PCC at the jump) and that code does not run
 * under the function's PCC.
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

below:
	addi a1, a1, 100
	AFTER_FAULT
leaf:
	addi a1, a1, 1
	beqz t3, 3f
FAULT_HERE
	j below
3:	cret
leaf_end:
