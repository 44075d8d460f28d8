/* return_pair_nonexec - call the monitor with a return pair whose code half is not executable
 * (our sealed data capability twice, CS_RET_DDC): the monitor checks the pair as CInvoke would
 * (cheri-riscv.md 7 step 8) before serving the call: 0x11 on ct0 (index 5).
 * EXPECT: fault cause=28 cheri=0x11 idx=5 pc=0x482cc kind=bad-return-pair
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_HC_DDC
	FROM_STORE t0, CS_RET_DDC
	FROM_STORE t1, CS_RET_DDC
	li t5, HC_WRITE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
