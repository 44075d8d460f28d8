/* jit_cinvoke_warm_type - the same CInvoke instruction, translated (jit_gate.c), first passes
 * 300 times with the switcher's call pair (null hostcalls: the block and its jump cache
 * entries are warm, PCC's generation comes back after each return), then gets the call pair's
 * code half with our own sealed data (CS_RET_DDC, otype 17): otypes differ (cheri-riscv.md 7
 * step 5), Type on the code operand ct3, before any effect (PCC still ours: pc=fault).
 * EXPECT: fault cause=28 cheri=0x04 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	JIT_WARM_CALLS 300
	FROM_STORE s3, CS_RET_DDC
	li t5, HC_NOP
	cjal do_call
	AFTER_FAULT
CVM_END cvm_main

CVM_FUNC do_call
	cmove ct3, cs2
	cmove ct4, cs3
FAULT_HERE
	cinvoke ct3, ct4
CVM_END do_call
