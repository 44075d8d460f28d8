/* budget_loop - spin forever: with --budget 100000 the monitor stops the thread after exactly
 * 100000 instructions, reports "instruction budget exhausted" and exits 4.
 * BUDGET: 100000
 * EXPECT: budget
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
1:	addi t0, t0, 1
	j 1b
CVM_END cvm_main
