/* sentry_load - load through a function capability (a sentry): sealed: Seal violation on ca0.
 * EXPECT: fault cause=28 cheri=0x03 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_CAP_GLOBAL fn_slot, escaped, 8, CVM_RELOC_FUNCTION
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, fn_slot
FAULT_HERE
	clw a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
