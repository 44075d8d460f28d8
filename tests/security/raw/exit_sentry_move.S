/* exit_sentry_move - aim the exit landing elsewhere in the monitor (the hostcall entry, 0x1c
 * bytes below): changing a sentry's address clears its tag (v9: a sealed source, cheri-riscv.md
 * 5.4), so the jump fails on the tag: Tag violation on cra (index 1), nothing of the monitor
 * runs.
 * EXPECT: fault cause=28 cheri=0x02 idx=1 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC outer_c
	cincoffset cra, cra, -0x44
FAULT_HERE
	cjalr cnull, cra
CVM_END outer_c

CVM_FUNC ret_from_monitor
1:	j 1b
CVM_END ret_from_monitor
