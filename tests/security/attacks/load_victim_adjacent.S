/* load_victim_adjacent - the whole-slot data capability with its address moved down into the
 * victim's slot, at its secret, then a load of the victim's secret.
 * Our slot is [0x440000000, 0x480000000): 1 GiB, E = 18, so the representable window
 * (cheri-riscv.md 1.6) starts at 0x420000000 (R = (B[13:11] - 1) << 11 with B = 0x1000): the
 * secret at 0x400000000 + offset is outside it, CSetAddr clears the tag, and the load fails on
 * the tag. (load_victim_stack covers an address inside the window: a bounds fault.)
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, VICTIM_SECRET
	csetaddr ca0, ca0, t0
FAULT_HERE
	clw a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
