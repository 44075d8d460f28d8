/* jit_amo_readonly - a hot loop swaps with an AMO through ca2 (translated: jit_cap.c calls the
 * AMO's body); for 60 rounds ca2 is the writable object's capability, then a read-only copy
 * (Load only): the AMO must fail with Permit_Store on ca2 before it writes.
 * EXPECT: fault cause=28 cheri=0x13 idx=12 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a2, obj_slot
	li t1, 0x4                /* Permit_Load alone */
	candperm ca4, ca2, t1
	li t0, 100
1:
FAULT_HERE
	amoswap.d a1, t0, (a2)
	ROUNDS_END cmove ca2, ca4  /* from round 61 on: the read-only copy */
	AFTER_FAULT
CVM_END cvm_main
