/* jit_far_sentry_offset - the same CJALR with offset 4 through an unsealed code capability
 * bounded to a function for 60 rounds (its second instruction: PCC changes on the call and
 * the return, translated: jit_cap.c jit_cap_cjalr's passing case), then through a sentry made
 * from that capability: only offset 0 may unseal a sentry (cheri-riscv.md 5.9 step 2): Seal
 * violation on ca0 at the CJALR, before PCC changes (the translator's otype test,
 * jit_emit.c cjalr_pesbt_is_pcc, leaves before the far path; jit_cap_cjalr tests it again).
 * EXPECT: fault cause=28 cheri=0x03 idx=10 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, 0
	li t0, 100
1:	BOUNDED_TO ca0, leaf, leaf_end
	beqz t3, 3f
	csealentry ca0, ca0             /* from round 61 on: a sentry */
3:
FAULT_HERE
	cjalr cra, ca0, 4
	ROUNDS_END li t3, 1
	AFTER_FAULT
CVM_END cvm_main

leaf:
	addi a1, a1, 1
	addi a1, a1, 2
	cret
leaf_end:
