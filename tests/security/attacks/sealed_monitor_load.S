/* sealed_monitor_load - load through the monitor's sealed data capability (our hostcall pair's
 * data half when the monitor serves us; it covers [0, 2^47)): Seal violation on ca0.
 * EXPECT: fault cause=28 cheri=0x03 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE a0, CS_HC_DDC
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
