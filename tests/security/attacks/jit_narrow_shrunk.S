/* jit_narrow_shrunk - a function called through a capability bounded to itself, translated
 * under those bounds for 60 rounds; then the same function through a capability 4 bytes
 * shorter, which leaves out its final return: the translation made for the longer PCC must not
 * run (a part of a page is keyed by its bounds, hart_priv.h struct dpage), the fetch of the
 * return traps (Length on PCC at the return).
 * EXPECT: fault cause=28 cheri=0x01 idx=32 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, 0
	li t0, 100
1:	slli t5, t3, 2                  /* 4 bytes off the end from round 61 on */
	NARROW_CALL ca0, leaf, leaf_end, t5
	ROUNDS_END li t3, 1
	AFTER_FAULT
CVM_END cvm_main

leaf:
	addi a1, a1, 1
	addi a1, a1, 2
FAULT_HERE
	cret                            /* 4 bytes: CJALR has no compressed form here */
leaf_end:
