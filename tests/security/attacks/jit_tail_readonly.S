/* jit_tail_readonly - a hot loop stores to the last 8 bytes of a 64-byte object (the access
 * window refuses the last 15 bytes; the exact check out of line passes them) through ca2: for
 * 60 rounds the writable capability, then a read-only copy (Load only): the exact check must
 * refuse it, and the store fails with Permit_Store on ca2.
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
	csd t0, 56(ca2)
	ROUNDS_END cmove ca2, ca4  /* from round 61 on: the read-only copy */
	AFTER_FAULT
CVM_END cvm_main
