/* cinvoke_monitor_code_own_data - the monitor's sealed hostcall entry (otype 0) with our own
 * sealed data capability (otype 17) instead of the monitor's data half: Type violation on ct3.
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
