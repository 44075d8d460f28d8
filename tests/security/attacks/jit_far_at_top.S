/* jit_far_at_top - a function called through a sentry bounded to it for 60 rounds (the call
 * and the return change PCC: translated, jit_cap.c jit_cap_cjalr's passing case on the
 * register fields, then jit_emit.c emit_cjalr_memo's entry for this pesbt, base and top).
 * Then the sentry's address is its top (the function's end, representable, bounds and pesbt
 * unchanged: the memo entry's key): the target's two bytes are not in bounds (cheri-riscv.md
 * 5.9 step 4): Length on ca0 at the CJALR, before PCC changes; nothing past the function runs.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.option norelax
	.text
CVM_FUNC cvm_main
	li t3, 0
	li t0, 100
1:	BOUNDED_TO ca0, leaf, leaf_end
	beqz t3, 3f
	csetaddr ca0, ca0, t2           /* from round 61 on: the address is top */
3:	csealentry ca0, ca0
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
	.word 0                         /* what follows top: must never run */
