/* small_store_at_top - 16 MiB slot at the top of the id (otype) space: our DDC moved to its
 * top (SMALL_SELF_BASE + 16 MiB, where no slot may be: the capfile area / the space's end);
 * a store there is a Length violation on ca0.
 * SLOTS: small
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, SMALL_SLOT
	cincoffset ca0, ca0, t0
FAULT_HERE
	csb zero, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
