/* hotloop.S - a cVM for the breakpoint-invalidation case (tests/gdb/run.sh, case hotbreak):
 * five rounds, each a hot inner loop of 20000 iterations (translated), a HC_NOP call (served
 * by its callback_out, the handler cVM first, on this same hart: first's code is translated
 * on it too) and then one pass over `hot_mark` (a3 += 1), where the debugger sets its
 * breakpoint. a3 lives in s1 across the call. Exits with status 0. */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	li s1, 0
1:	li t1, 20000
2:	addi t1, t1, -1
	bnez t1, 2b
	li t5, HC_NOP
	cjal c_out_0
	mv a3, s1
	.globl hot_mark
hot_mark:
	addi a3, a3, 1
	mv s1, a3
	li t2, 5
	bne a3, t2, 1b
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_0
3:	j 3b
CVM_END cvm_main
