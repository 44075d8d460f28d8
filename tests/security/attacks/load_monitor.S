/* load_monitor - aim the whole-slot data capability at the monitor's gate page (0x48000):
 * outside the representable window of a 1 GiB capability at 0x440000000 -> tag cleared by
 * CSetAddr; the load fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, MONITOR_HOSTCALL
	csetaddr ca0, ca0, t0
FAULT_HERE
	clw a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
