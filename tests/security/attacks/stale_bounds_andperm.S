/* stale_bounds_andperm - loads through ca0 succeed, then CAndPerm removes Permit_Load: the same
 * load must fail: 0x12 on ca0.
 * EXPECT: fault cause=28 cheri=0x12 idx=10 pc=fault
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
	cld a1, 0(ca0)
	cld a1, 0(ca0)
	li t0, ~4
	candperm ca0, ca0, t0
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
