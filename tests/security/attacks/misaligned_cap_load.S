/* misaligned_cap_load - a capability load from an address that is not 16-byte aligned: load
 * address misaligned (cause 4, cheri-riscv.md 4.4 step 6).
 * EXPECT: fault cause=4 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, 0x1008
	cincoffset ca0, ca0, t0
FAULT_HERE
	clc ca1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
