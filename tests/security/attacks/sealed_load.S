/* sealed_load - load through the victim's sealed data capability as it is (our hostcall pair's
 * data half): a sealed authority: Seal violation on ca0 (cheri-riscv.md 4.4 step 2).
 * CALLBACK: victim
 * EXPECT: fault cause=28 cheri=0x03 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE a0, CS_HC_DDC
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
