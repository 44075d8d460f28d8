/* small_load_victim_last_byte - 16 MiB slots, ids past the reference's 199 (0x3fffb, the
 * largest otype): the victim's slot ends where ours begins. Our DDC is at our base; a load one
 * byte below it would read the victim's last byte: Length violation on ca0.
 * SLOTS: small
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.text
CVM_FUNC cvm_main
	SELF_DDC a0
FAULT_HERE
	clb a1, -1(ca0)
	AFTER_FAULT
CVM_END cvm_main
