/* unseal_no_authority - CUnseal our own sealed data capability (CS_RET_DDC, otype 17) with our
 * data capability, its address set to 17, as the authority: the authority has no
 * Permit_Unseal (no cVM is given one), so the result is untagged (v9, cheri-riscv.md 5.6) and
 * the load through it fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE a0, CS_RET_DDC
	SELF_DDC a1
	li t0, SELF_ID
	csetaddr ca1, ca1, t0
	cunseal ca0, ca0, ca1
FAULT_HERE
	cld a2, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
