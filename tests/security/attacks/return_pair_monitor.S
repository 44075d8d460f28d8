/* return_pair_monitor - call the monitor with the monitor's own sealed pair as the "return
 * pair" (ct0/ct1 = CS_HC_PCC/CS_HC_DDC, otype 0): CInvoke would accept it, but it is not a
 * cVM's pair (no cVM has otype 0): the monitor must refuse to "return" into its own entry.
 * Reported as a bad return pair: Type violation on ct0 (index 5), at the hostcall entry.
 * EXPECT: fault cause=28 cheri=0x04 idx=5 pc=0x482cc kind=bad-return-pair
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_HC_DDC
	cmove ct0, ct3
	cmove ct1, ct4
	li t5, HC_NOP
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
