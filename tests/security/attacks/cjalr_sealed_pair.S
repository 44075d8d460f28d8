/* cjalr_sealed_pair - jump with cjalr to the monitor's sealed hostcall entry (a sealed, not
 * sentry, capability): Seal violation on ct3 (cheri-riscv.md 5.9 CJALR step 2).
 * EXPECT: fault cause=28 cheri=0x03 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
FAULT_HERE
	cjalr cra, 0(ct3)
	AFTER_FAULT
CVM_END cvm_main
