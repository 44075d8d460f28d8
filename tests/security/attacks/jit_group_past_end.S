/* jit_group_past_end - a hot loop loads twice through one capability (the translator checks
 * the two loads once, jit.c group_checks): offsets 0 and 40 of a cursor into a 48-byte object
 * that moves by 8 each round. Round 1 stays inside; in round 2 the second load reaches byte 48:
 * a Length violation on the cursor at that load, after the first load of the round.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 48
	.text
CVM_CAP_GLOBAL obj_slot, obj, 48, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, 100
1:	cld a1, 0(ca0)
FAULT_HERE
	cld a2, 40(ca0)
	add a3, a1, a2
	cincoffset ca0, ca0, 8
	addi t0, t0, -1
	bnez t0, 1b
	AFTER_FAULT
CVM_END cvm_main
