/* jit_group_branch_in - two loads through ca0 (offsets 0 and 8) that would share one check if
 * they were one run (jit.c group_checks), and a branch in the same block that jumps over the
 * first to the second. For 60 rounds the cursor is the 64-byte object's start and the branch
 * is not taken; then the cursor is at byte 56 and the branch goes straight to the load at 8,
 * i.e. byte 64: it must have its own check (Length on ca0), not rely on the skipped load's.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a4, obj_slot
	li t0, 100
	li t4, 56
1:	slti t3, t0, 40
	mul t5, t3, t4
	cincoffset ca0, ca4, t5
	bnez t3, 2f
	cld a1, 0(ca0)
2:
FAULT_HERE
	cld a2, 8(ca0)
	addi t0, t0, -1
	bnez t0, 1b
	AFTER_FAULT
CVM_END cvm_main
