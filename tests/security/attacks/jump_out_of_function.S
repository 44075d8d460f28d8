/* jump_out_of_function - inside a function whose PCC is bounded to it (called through its
 * sentry), a cjal to code outside it. The target is checked at the jump (cheri-riscv.md 5.9
 * CJAL step 1): Length violation on PCC (index 32) at the cjal.
 * XFAIL: F1 (function capabilities cover the whole image)
 * EXPECT: fault cause=28 cheri=0x01 idx=32 pc=fault
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
FAULT_HERE
	cjal escaped
fn_end:
CVM_END fn
