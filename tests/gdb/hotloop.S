/* hotloop.S - a cVM for the breakpoint-invalidation case (tests/gdb/run.sh, case hotbreak):
 * five rounds, each a hot inner loop of 20000 iterations (translated) and then one pass over
 * `hot_mark` (a3 += 1), where the debugger sets its breakpoint. Exits with status 0. */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	li a3, 0
	li t2, 5
1:	li t1, 20000
2:	addi t1, t1, -1
	bnez t1, 2b
	.globl hot_mark
hot_mark:
	addi a3, a3, 1
	bne a3, t2, 1b
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_0
3:	j 3b
CVM_END cvm_main
