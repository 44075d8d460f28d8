/* write_pcc - CSpecialRW writing PCC (read-only SCR 0) with our data capability: illegal
 * instruction (cause 2, cheri-riscv.md 5.7 step 1).
 * EXPECT: fault cause=2 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC t0
FAULT_HERE
	cspecialw pcc, ct0
	AFTER_FAULT
CVM_END cvm_main
