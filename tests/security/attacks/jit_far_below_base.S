/* jit_far_below_base - a function called through a sentry bounded to it for 60 rounds: the
 * call and the return change PCC, and once each block was entered translated code goes on
 * through the jump cache without leaving (jit_emit.c emit_cjalr_far). Then the sentry's bounds
 * begin 4 bytes after the function's entry, its address still the entry: the jump cache still
 * holds the entry's translation, but the target lies below the capability's base (Length on
 * ca0 at the CJALR, before PCC changes).
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, 0
	li t0, 100
1:	lla t1, leaf
	lla t2, leaf_end
	slli t5, t3, 2                  /* 4 from round 61 on */
	add t6, t1, t5                  /* the base */
	sub t4, t2, t6
	auipcc ca0, 0
	csetaddr ca0, ca0, t6
	csetbounds ca0, ca0, t4
	csetaddr ca0, ca0, t1           /* the entry: 4 bytes below the base from round 61 on */
	csealentry ca0, ca0
FAULT_HERE
	cjalr cra, ca0
	ROUNDS_END li t3, 1
	AFTER_FAULT
CVM_END cvm_main

leaf:
	addi a1, a1, 1
	addi a1, a1, 2
	cret
leaf_end:
