/* load_far_outside - move the whole-slot data capability to an address far outside any slot
 * (0x7ff000000000, near the top of the emulated space). The address is outside the
 * representable window: CSetAddr clears the tag (v9, cheri-riscv.md 5.4); the load then fails
 * on the tag. Tag violation on ca0.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, 0x7ff000000000
	csetaddr ca0, ca0, t0
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
