/* load_victim_stack - the whole-slot data capability moved 16 bytes below our base: the top of
 * the victim's slot (its main thread's stack). 0x43ffffff0 is inside the representable window
 * of our 1 GiB capability (it starts at 0x420000000, see load_victim_adjacent), so the tag
 * stays and the load fails its bounds check: Length violation on ca0.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	cincoffset ca0, ca0, -16
FAULT_HERE
	cld a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
