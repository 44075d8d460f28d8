/* untagged_load - clear the tag of a valid capability and load through it: Tag violation on
 * ca0 (cheri-riscv.md 4.4 step 1).
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	ccleartag ca0, ca0
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
