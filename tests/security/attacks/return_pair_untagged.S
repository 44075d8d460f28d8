/* return_pair_untagged - call the monitor with no return pair at all (ct0/ct1 NULL): the
 * monitor cannot return; it reports a Tag violation on ct0 (index 5) and ends the thread.
 * EXPECT: fault cause=28 cheri=0x02 idx=5 pc=0x482cc kind=bad-return-pair
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_HC_DDC
	li t0, 0
	li t1, 0
	li t5, HC_WRITE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
