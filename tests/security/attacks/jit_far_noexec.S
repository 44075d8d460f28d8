/* jit_far_noexec - a function called through a sentry bounded to it for 60 rounds, through
 * the jump cache once translated (jit_emit.c emit_cjalr_far); then the same sentry made from a
 * copy without Execute: the jump cache holds the function's translation for the sentry's
 * bounds, but the CJALR must trap (Execute on ca0), and nothing of the function may run.
 * EXPECT: fault cause=28 cheri=0x11 idx=10 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, -1                       /* every permission, then all but Execute from round 61 on */
	li t0, 100
1:	BOUNDED_TO ca0, leaf, leaf_end
	candperm ca0, ca0, t3
	csealentry ca0, ca0
FAULT_HERE
	cjalr cra, ca0
	ROUNDS_END li t3, ~2              /* Permit_Execute: bit 1 */
	AFTER_FAULT
CVM_END cvm_main

leaf:
	addi a1, a1, 1
	cret
leaf_end:
