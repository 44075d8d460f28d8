/* cinvoke_nonexec_code - CInvoke with a non-executable code half: our own sealed data
 * capability (CS_RET_DDC) as both halves. Tags, otypes (same, not reserved) and Permit_CInvoke
 * pass; the code operand lacks Permit_Execute (cheri-riscv.md 7 step 8): 0x11 on ct3.
 * EXPECT: fault cause=28 cheri=0x11 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_RET_DDC
	FROM_STORE t4, CS_RET_DDC
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
