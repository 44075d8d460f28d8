/* stale_bounds_ddc - integer mode: loads through DDC (our whole slot) succeed, then DDC is
 * replaced by a 64-byte capability (CSpecialRW): the same load, now outside DDC, must fail:
 * Length violation on DDC (index 33).
 * EXPECT: fault cause=28 cheri=0x01 idx=33 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
small:	.space 16
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL small_slot, small, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	SELF_DDC t1
	cspecialw ddc, ct1
	CVM_LOAD_GLOBAL a2, obj_slot
	auipcc ct0, 0
	li t1, 0
	csetflags ct0, ct0, t1
	cincoffset ct0, ct0, 20
	cjr ct0
	/* integer mode */
	li a0, SELF_BASE + 0x100
	ld a1, 0(a0)
	ld a1, 0(a0)
	cspecialw ddc, ca2
FAULT_HERE
	ld a1, 0(a0)
	AFTER_FAULT
CVM_END cvm_main
