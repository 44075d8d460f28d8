/* jit_cinvoke_warm_exec_data - a warm translated CInvoke (300 null hostcalls through it) then
 * the call pair's code half as both halves: tags, otypes (equal, not reserved) and
 * Permit_CInvoke pass, the code half may execute, but the data operand may too
 * (cheri-riscv.md 7 step 9): Execute violation on cs2 = ct2 (x7), before any effect.
 * EXPECT: fault cause=28 cheri=0x11 idx=7 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	JIT_WARM_CALLS 300
	cmove cs3, cs2
	li t5, HC_NOP
	cjal do_call
	AFTER_FAULT
CVM_END cvm_main

CVM_FUNC do_call
	cmove ct3, cs2
	cmove ct2, cs3
FAULT_HERE
	cinvoke ct3, ct2
CVM_END do_call
