/* cinvoke_victim_middle - jump into the middle of another cVM: take the victim's sealed entry
 * pair (our hostcall pair: CALLBACK victim), move the code half's address 4 bytes past
 * syscall_handler and CInvoke. Changing the address of a sealed capability clears its tag
 * (cheri-riscv.md 5.4), so CInvoke fails on the tag of its code operand ct3 (7, step 1).
 * CALLBACK: victim
 * EXPECT: fault cause=28 cheri=0x02 idx=28 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_HC_DDC
	cincoffset ct3, ct3, 4
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
