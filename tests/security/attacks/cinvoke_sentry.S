/* cinvoke_sentry - CInvoke with a sentry (a function capability) as the code half: a sentry's
 * otype is reserved: Seal violation on ct3 (cheri-riscv.md 7 step 3).
 * EXPECT: fault cause=28 cheri=0x03 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_CAP_GLOBAL fn_slot, escaped, 8, CVM_RELOC_FUNCTION
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL t3, fn_slot
	FROM_STORE t4, CS_RET_DDC
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
