/* sentry_offset_jump - jump through a sentry with a non-zero immediate (into the middle of the
 * function): only imm 0 may unseal a sentry (cheri-riscv.md 5.9 CJALR step 2): Seal violation
 * on ca0.
 * EXPECT: fault cause=28 cheri=0x03 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_CAP_GLOBAL fn_slot, escaped, 8, CVM_RELOC_FUNCTION
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, fn_slot
FAULT_HERE
	cjalr cra, 4(ca0)
	AFTER_FAULT
CVM_END cvm_main
