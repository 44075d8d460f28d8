/* ecall - the RISC-V way to call an operating system: cVMs have none (hostcalls are CInvokes):
 * environment call from U-mode (cause 8) ends the cVM.
 * EXPECT: fault cause=8 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	li a7, 64
FAULT_HERE
	ecall
	AFTER_FAULT
CVM_END cvm_main
