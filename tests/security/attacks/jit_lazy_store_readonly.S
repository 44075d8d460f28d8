/* jit_lazy_store_readonly - a hot loop loads a capability with CLC (translated: its bounds
 * are decoded only when a use needs them, hart_priv.h CV_LAZY) and stores through it; for 60
 * rounds it is the writable object's, then the slot holds a read-only copy (Load only): the
 * store through the loaded copy must fail with Permit_Store on ca2.
 * EXPECT: fault cause=28 cheri=0x13 idx=12 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
slot:	.space 16
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL slot_slot, slot, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a3, obj_slot
	CVM_LOAD_GLOBAL a0, slot_slot
	li t1, 0x4                /* Permit_Load alone */
	candperm ca4, ca3, t1
	csc ca3, 0(ca0)
	li t0, 100
1:	clc ca2, 0(ca0)
FAULT_HERE
	csd t0, 8(ca2)
	ROUNDS_END csc ca4, 0(ca0)  /* from round 61 on: the read-only copy */
	AFTER_FAULT
CVM_END cvm_main
