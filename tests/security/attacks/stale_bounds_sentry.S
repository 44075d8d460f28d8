/* stale_bounds_sentry - stores through ca0 succeed, then CSealEntry seals it: the same store
 * must fail: Seal violation on ca0.
 * EXPECT: fault cause=28 cheri=0x03 idx=10 pc=fault
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
	csd zero, 0(ca0)
	csd zero, 0(ca0)
	csealentry ca0, ca0
FAULT_HERE
	csd zero, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
