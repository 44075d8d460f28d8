/* cinvoke_own_code_victim_data - CInvoke our own sealed code (the return landing, sealed with
 * our otype 17) with the victim's sealed data capability (otype 16, our hostcall pair's data
 * half): with one otype per cVM the pair does not match (cheri-riscv.md 7 step 5): Type
 * violation on the code operand ct3. (With the reference's single otype this would run our
 * code with the victim's data capability in ct6.)
 * CALLBACK: victim
 * EXPECT: fault cause=28 cheri=0x04 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_RET_PCC
	FROM_STORE t4, CS_HC_DDC
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
