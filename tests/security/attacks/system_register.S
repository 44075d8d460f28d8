/* system_register - read the machine trap code capability register (mtcc, SCR 28) from user
 * mode: the SCR's privilege is above ours: illegal instruction (cause 2, cheri-riscv.md 5.7).
 * EXPECT: fault cause=2 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
FAULT_HERE
	cspecialr ca0, mtcc
	AFTER_FAULT
CVM_END cvm_main
