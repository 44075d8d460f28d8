/* stale_bounds_stack - stores through csp succeed, then csp's bounds shrink to 8 bytes: a store
 * at csp + 8 must fail: Length violation on csp (index 2).
 * EXPECT: fault cause=28 cheri=0x01 idx=2 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	csd zero, 8(csp)
	csd zero, 8(csp)
	csetboundsimm csp, csp, 8
FAULT_HERE
	csd zero, 8(csp)
	AFTER_FAULT
CVM_END cvm_main
