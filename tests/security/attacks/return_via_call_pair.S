/* return_via_call_pair - mix the two pairs: CInvoke the switcher's return code half with the
 * call pair's data half (both otype 0: CInvoke accepts them, both halves are the same data
 * capability anyway). The switcher decides by the gate address and this hart's trusted
 * stack, never by what a cVM passes: no call in flight, so a bad-return report, not a
 * hostcall.
 * EXPECT: fault cause=1 pc=0x482f0 kind=bad-return
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t0, CS_SW_RET_PCC
	FROM_STORE t1, CS_HC_DDC
	li t5, HC_WRITE
	cinvoke ct0, ct1
	AFTER_FAULT
CVM_END cvm_main
