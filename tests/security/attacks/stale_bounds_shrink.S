/* stale_bounds_shrink - the hart may remember the window a register allowed (fast paths): a
 * load through ca0 at offset 40 succeeds, then ca0's bounds shrink to 16 bytes (CSetBoundsImm)
 * and the same load must fail: Length violation on ca0.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
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
	CVM_LOAD_GLOBAL a0, obj_slot
	cld a1, 40(ca0)
	cld a1, 40(ca0)
	csetboundsimm ca0, ca0, 16
FAULT_HERE
	cld a1, 40(ca0)
	AFTER_FAULT
CVM_END cvm_main
