/* jit_lazy_load_past_end - a hot loop stores a moving cursor into a 48-byte object (the
 * capability in memory), loads it back with CLC (translated code keeps a loaded capability's
 * bounds undecoded until a use needs them, hart_priv.h CV_LAZY) and loads 8 bytes through
 * the loaded copy. Rounds 1-6 stay inside; the seventh is at offset 48: the bounds decoded
 * for that load must be the object's, a Length violation on the loaded copy ca2.
 * EXPECT: fault cause=28 cheri=0x01 idx=12 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 48
slot:	.space 16
	.text
CVM_CAP_GLOBAL obj_slot, obj, 48, CVM_RELOC_DATA
CVM_CAP_GLOBAL slot_slot, slot, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a3, obj_slot
	CVM_LOAD_GLOBAL a0, slot_slot
	li t0, 100
1:	csc ca3, 0(ca0)
	clc ca2, 0(ca0)
FAULT_HERE
	cld a1, 0(ca2)
	cincoffset ca3, ca3, 8
	addi t0, t0, -1
	bnez t0, 1b
	AFTER_FAULT
CVM_END cvm_main
