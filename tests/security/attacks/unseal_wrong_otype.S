/* unseal_wrong_otype - CUnseal the victim's sealed data capability (our hostcall pair's data
 * half, otype 16) with an authority whose address is our own otype 17: wrong otype (and no
 * Permit_Unseal): untagged result, the load through it fails on the tag.
 * CALLBACK: victim
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE a0, CS_HC_DDC
	SELF_DDC a1
	li t0, SELF_ID
	csetaddr ca1, ca1, t0
	cunseal ca0, ca0, ca1
FAULT_HERE
	cld a2, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
