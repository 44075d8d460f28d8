/* exit_sentry_load - cra at a cVM's entry is the monitor's exit landing (intravisor.md 10): a
 * sentry bounded to one gate address. Reading the monitor through it must fail: a sealed
 * capability cannot be used for a load (cheri-riscv.md 4.4): Seal violation on cra (index 1).
 * This cVM brings its own entry (cra as the monitor set it).
 * EXPECT: fault cause=28 cheri=0x03 idx=1 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC outer_c
FAULT_HERE
	cld a1, 0(cra)
	cjalr cnull, cra                  /* not reached: would end the thread with status a1 */
CVM_END outer_c

CVM_FUNC ret_from_monitor
1:	j 1b
CVM_END ret_from_monitor
