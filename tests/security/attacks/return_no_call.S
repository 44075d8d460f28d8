/* return_no_call - CInvoke the switcher's return pair (CS_SW_RET_PCC/CS_SW_RET_DDC) on our own
 * thread, where no call is in flight: a "return" with nothing to return from (what a callee
 * that kept the pair would try after its call has returned, or from its own thread). The
 * switcher finds this hart's trusted stack empty and ends the thread: a bad-return report at
 * the return entry (0x482f0), fetch access fault (cause 1). Nothing of anyone's is resumed.
 * EXPECT: fault cause=1 pc=0x482f0 kind=bad-return
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t0, CS_SW_RET_PCC
	FROM_STORE t1, CS_SW_RET_DDC
	li a0, 42
	cinvoke ct0, ct1
	AFTER_FAULT
CVM_END cvm_main
