/* badret.S - "returns" through the switcher's return pair with no call in flight on its
 * thread. The switcher must end this cVM with a report (bad-return at the return entry), not
 * crash, resume anyone or jump anywhere; the next cVM runs as usual. */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	li a0, 0
	cinvoke ct0, ct1
1:	j 1b
CVM_END cvm_main
