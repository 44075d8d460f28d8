/* stale_bounds_loop - a loop that loads byte after byte through ca0, moving its address by one
 * each time (a hot loop: the hart's fast paths): the 17th load, at the top of the 16-byte
 * object, must fail: Length violation on ca0.
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
	CVM_LOAD_GLOBAL a0, small_slot
1:
FAULT_HERE
	clbu a1, 0(ca0)
	cincoffset ca0, ca0, 1
	j 1b
CVM_END cvm_main
