/* jit_cinvoke_memo_untagged - the CInvoke memo (jit_gate.c) warm with the switcher's call pair,
 * each half loaded by CLC right before the CInvoke (300 null hostcalls), then the data half
 * loaded from a copy whose tag was cleared (CClearTag, stored to our stack, loaded back: the
 * same address and bits as the memo's data half, untagged): Tag violation on ct4 before any
 * effect; the memo never stands in for a tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=29 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	cincoffset csp, csp, -16
	CVM_LOAD_GLOBAL s2, __cvm_cap_store_slot
	cincoffset cs3, cs2, CS_HC_DDC
	li s1, 300
1:	li t5, HC_NOP
	cjal do_call
	addi s1, s1, -1
	bnez s1, 1b
	clc ct0, cs3, 0
	ccleartag ct0, ct0
	csc ct0, csp, 0
	cmove cs3, csp
	li t5, HC_NOP
	cjal do_call
	AFTER_FAULT
CVM_END cvm_main

/* cs2 = the capability store, cs3 = where the data half is */
CVM_FUNC do_call
	clc ct3, cs2, CS_HC_PCC
	clc ct4, cs3, 0
FAULT_HERE
	cinvoke ct3, ct4
CVM_END do_call
