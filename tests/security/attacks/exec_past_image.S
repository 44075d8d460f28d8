/* exec_past_image - inside a function called through its capability relocation (a sentry whose
 * bounds are the cVM's image, sdk/README.md), take PCC (auipcc) and jump to its top: the first
 * byte past what the function may execute (our heap). The target is checked at the jump
 * (cheri-riscv.md 5.9 CJALR step 6): Length violation on ct0 (index 5).
 * EXPECT: fault cause=28 cheri=0x01 idx=5 pc=fault
 */
#include "attack.h"
	.text
CVM_CAP_GLOBAL fn_slot, fn, fn_end - fn, CVM_RELOC_FUNCTION
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL t0, fn_slot
	cjalr cra, ct0
	AFTER_FAULT
CVM_END cvm_main
CVM_FUNC fn
	auipcc ct0, 0
	cgettop t1, ct0
	csetaddr ct0, ct0, t1
FAULT_HERE
	cjalr cra, ct0
fn_end:
CVM_END fn
