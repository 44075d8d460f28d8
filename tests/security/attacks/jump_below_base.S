/* jump_below_base - our PCC moved 16 bytes below our base (into the victim's slot, but inside
 * the representable window, so still tagged) and cjalr to it: the target check at the jump
 * fails (cheri-riscv.md 5.9 CJALR step 6): Length violation on ca0.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	auipcc ca0, 0
	li t0, SELF_BASE - 16
	csetaddr ca0, ca0, t0
FAULT_HERE
	cjalr cra, ca0
	AFTER_FAULT
CVM_END cvm_main
