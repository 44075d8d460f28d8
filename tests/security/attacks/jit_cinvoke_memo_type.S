/* jit_cinvoke_memo_type - the CInvoke memo (jit_gate.c: a passing CInvoke whose two operands
 * CLC just loaded is kept, and the same two words each again take its effect): 300 null
 * hostcalls whose do_call loads the switcher's call pair from the capability store with CLC
 * right before its CInvoke (as the SDK's trampoline does), then the same code half with the
 * data half loaded from CS_RET_DDC (our own return pair's, otype 17): not the memo's pair,
 * Type on the code operand ct3 before any effect (PCC still ours: pc=fault).
 * EXPECT: fault cause=28 cheri=0x04 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL s2, __cvm_cap_store_slot
	li s3, CS_HC_DDC
	li s1, 300
1:	li t5, HC_NOP
	cjal do_call
	addi s1, s1, -1
	bnez s1, 1b
	li s3, CS_RET_DDC
	li t5, HC_NOP
	cjal do_call
	AFTER_FAULT
CVM_END cvm_main

/* cs2 = the capability store, s3 = the offset of the data half */
CVM_FUNC do_call
	cincoffset ct4, cs2, s3
	clc ct3, cs2, CS_HC_PCC
	clc ct4, ct4, 0
FAULT_HERE
	cinvoke ct3, ct4
CVM_END do_call
