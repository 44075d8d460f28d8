/* jump_into_victim - our PCC (whole slot, auipcc) with its address set to the victim's
 * syscall_handler, then cjalr to it: the address is outside the representable window of our
 * 1 GiB capability, so CSetAddr clears the tag and the jump fails on the tag of ca0
 * (cheri-riscv.md 5.9 CJALR step 1).
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	auipcc ca0, 0
	li t0, VICTIM_HANDLER
	csetaddr ca0, ca0, t0
FAULT_HERE
	cjalr cra, ca0
	AFTER_FAULT
CVM_END cvm_main
