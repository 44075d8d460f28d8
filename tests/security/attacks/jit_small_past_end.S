/* jit_small_past_end - a hot loop stores words through a cursor into a 12-byte object (under
 * 16 bytes: the translator's access window refuses every access, and the exact check out of
 * line, jit_emit.c emit_bounds_exact, lets the ones inside through): rounds 1-3 write bytes 0-11,
 * round 4, the last, reaches bytes 12-15: a Length violation on the cursor at the store (a
 * store let through would end the loop and reach AFTER_FAULT).
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 12
	.text
CVM_CAP_GLOBAL obj_slot, obj, 12, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, 4
1:
FAULT_HERE
	csw t0, 0(ca0)
	cincoffsetimm ca0, ca0, 4
	addi t0, t0, -1
	bnez t0, 1b
	AFTER_FAULT
CVM_END cvm_main
