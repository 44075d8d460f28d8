/* mret - return from a machine trap in user mode: illegal instruction (cause 2).
 * EXPECT: fault cause=2 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
FAULT_HERE
	mret
	AFTER_FAULT
CVM_END cvm_main
