/* stale_bounds_cleartag - a store through ca0 succeeds, then CClearTag: the same store must
 * fail on the tag (no remembered window may survive a register write).
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
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
	csd zero, 8(ca0)
	csd zero, 8(ca0)
	ccleartag ca0, ca0
FAULT_HERE
	csd zero, 8(ca0)
	AFTER_FAULT
CVM_END cvm_main
