/* seal_without_authority - CSeal our data capability with our data capability (address 16, the
 * victim's otype) as the authority: no Permit_Seal, so the result is untagged; CInvoke of it
 * with the victim's sealed code half fails on the tag of the data operand ct4.
 * CALLBACK: victim
 * EXPECT: fault cause=28 cheri=0x02 idx=29 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_HC_PCC
	SELF_DDC t4
	SELF_DDC a1
	li t0, VICTIM_ID
	csetaddr ca1, ca1, t0
	cseal ct4, ct4, ca1
FAULT_HERE
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
