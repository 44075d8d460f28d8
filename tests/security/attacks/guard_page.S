/* guard_page - read our main stack's guard page (the lowest page of the thread slot: inside
 * csp's bounds, never mapped): the capability allows it, the memory does not exist: load
 * access fault (cause 5).
 * EXPECT: fault cause=5 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	cgetbase t0, csp
	csetaddr ca0, csp, t0
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
