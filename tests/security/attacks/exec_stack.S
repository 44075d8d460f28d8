/* exec_stack - jump to our own stack: csp has no Permit_Execute (a data capability), so the
 * jump fails at the cjalr (cheri-riscv.md 5.9 CJALR step 3): 0x11 on csp (index 2).
 * EXPECT: fault cause=28 cheri=0x11 idx=2 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	li t0, 0x13                    /* nop */
	csw t0, 0(csp)
FAULT_HERE
	cjalr cra, csp
	AFTER_FAULT
CVM_END cvm_main
