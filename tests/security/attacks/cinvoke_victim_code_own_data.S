/* cinvoke_victim_code_own_data - the other mismatch: the victim's sealed entry (syscall_handler,
 * otype 16) with our own sealed data capability (CS_RET_DDC, otype 17): Type violation on ct3.
 * CALLBACK: victim
 * EXPECT: fault cause=28 cheri=0x04 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_RET_DDC
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
