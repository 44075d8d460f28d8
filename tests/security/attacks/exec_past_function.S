/* exec_past_function - call a function through its capability relocation (a sentry bounded to
 * the function, CVM_RELOC_FUNCTION) and let it run off its end: the fetch at the first byte
 * past the function fails the PCC bounds check (cheri-riscv.md 4.4 "Instruction fetch"):
 * Length violation on PCC (index 32) at `fault` = the function's end.
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
	nop
	nop
fn_end:
CVM_END fn
	.globl fault
	.equ fault, fn_end
	AFTER_FAULT
