/* jit_amo_past_end - a hot loop adds with an AMO through a cursor into a 48-byte object that
 * moves by 8 each round (translated: jit_cap.c calls the AMO's body from the block): rounds
 * 1-6 stay inside, round 7 reaches byte 48: a Length violation on the cursor at the AMO, and
 * nothing past the object is written.
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
	li t1, 1
1:
FAULT_HERE
	amoadd.d a1, t1, (a0)
	cincoffsetimm ca0, ca0, 8
	addi t0, t0, -1
	bnez t0, 1b
	AFTER_FAULT
CVM_END cvm_main
