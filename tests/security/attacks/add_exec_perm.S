/* add_exec_perm - CAndPerm with all ones on our data capability, then jump to it: no
 * Permit_Execute (cheri-riscv.md 5.9 CJALR step 3): 0x11 on ca0.
 * EXPECT: fault cause=28 cheri=0x11 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, -1
	candperm ca0, ca0, t0
	auipcc ct1, 0
	cgetaddr t1, ct1
	csetaddr ca0, ca0, t1
FAULT_HERE
	cjalr cra, ca0
	AFTER_FAULT
CVM_END cvm_main
