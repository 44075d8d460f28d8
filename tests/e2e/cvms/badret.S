/* badret.S - calls the monitor through its hostcall pair by hand, with NULL instead of a
 * return pair in ct0/ct1. The monitor cannot return: it must end this cVM with a report
 * (CHERI tag violation on ct0), not crash or jump anywhere. */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	clc ct3, ctp, TP_HC_PCC
	clc ct4, ctp, TP_HC_DDC
	CVM_CCLEAR ct0, ct1
	li t5, HC_NOP
	cinvoke ct3, ct4
1:	j 1b
CVM_END cvm_main
