/* exitval.S - makes two hostcalls nobody serves (12345 twice, 700 get_inner once: the monitor
 * warns once per number), then exits with a0 = 42 (hostcall 13 with one argument): the
 * summary line and the --report JSON carry 42 (tests/e2e/run.sh). */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	li t5, 12345
	cjal c_out_0
	li t5, 12345
	cjal c_out_0
	li t5, HC_GET_INNER
	cjal c_out_0
	li a0, 42
	li t5, HC_EXIT
	cjal c_out_1
1:	j 1b
CVM_END cvm_main
