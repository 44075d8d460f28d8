/* jit_lr_untagged - a hot LR/SC increment through ca0 (translated: jit_cap.c calls their
 * bodies); for 60 rounds ca0 is the object's capability, then a copy with its tag cleared: the
 * LR must fail with a Tag violation on ca0 (an untagged capability authorises nothing).
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	ccleartag ca4, ca0
	li t0, 100
1:
FAULT_HERE
	lr.d a1, (a0)
	addi a1, a1, 1
	sc.d a2, a1, (a0)
	ROUNDS_END cmove ca0, ca4  /* from round 61 on: untagged */
	AFTER_FAULT
CVM_END cvm_main
