/* hostcall_bench.S - ITER null hostcalls (HC_NOP) through c_out_0, then exit. Deployed with
 * callback_out monitor (cVM -> monitor -> cVM) or a handler cVM (second -> first -> monitor
 * -> back) by bench/hostcall_bench.sh, which times it against an ITER = 0 build. */
#include "cvm.S"

#ifndef ITER
#define ITER 1000000
#endif

	.text
CVM_FUNC cvm_main
	li s1, ITER                     /* callee-saved: c_out keeps it */
	beqz s1, 2f
1:	li t5, HC_NOP
	cjal c_out_0
	addi s1, s1, -1
	bnez s1, 1b
2:	li t5, HC_EXIT
	cjal c_out_0
3:	j 3b
CVM_END cvm_main
