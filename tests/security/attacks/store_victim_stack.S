/* store_victim_stack - as load_victim_stack, a store into the top of the victim's stack.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	cincoffset ca0, ca0, -16
	li a1, -1
FAULT_HERE
	csd a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
