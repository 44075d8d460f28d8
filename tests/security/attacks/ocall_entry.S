/* ocall_entry - CInvoke the monitor's ocall entry (CS_OCALL_PCC, sealed otype 0) with the
 * monitor's data half: a legal CInvoke into a monitor entry this build does not serve. The
 * monitor must not run anything there: the cVM ends with a report at the entry address
 * (instruction access fault, cause 1).
 * EXPECT: fault cause=1 pc=0x482a4 kind=gate
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	FROM_STORE t3, CS_OCALL_PCC
	FROM_STORE t4, CS_HC_DDC
	cinvoke ct3, ct4
	AFTER_FAULT
CVM_END cvm_main
