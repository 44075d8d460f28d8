/* hostcall_bench.S - ITER null hostcalls (HC_NOP) through c_out_0, then exit. Deployed with
 * callback_out monitor (cVM -> monitor -> cVM) or a handler cVM (second -> first -> monitor
 * -> back) by bench/hostcall_bench.sh, which times it against an ITER = 0 build. It uses
 * c_call (c_out without clearing argument registers: they are NULL already; sdk/README.md). */
#include "cvm.S"

#ifndef ITER
#define ITER 1000000
#endif

	.text
/* The counter lives in the TP area (TP_FREE): t0 is not preserved across a call. */
CVM_FUNC cvm_main
	li t0, ITER
	csd t0, ctp, TP_FREE
	beqz t0, 2f
1:	li t5, HC_NOP
	cjal c_call
	cld t0, ctp, TP_FREE
	addi t0, t0, -1
	csd t0, ctp, TP_FREE
	bnez t0, 1b
2:	li t5, HC_EXIT
	cjal c_out_0
3:	j 3b
CVM_END cvm_main
