/* concurrent_store_victim - the attacker and the victim run at the same time (attacker
 * wait: 0): the attacker hammers its own memory for a while, then stores into the top of the
 * victim's stack (inside our representable window, see load_victim_stack) while the victim
 * runs: Length violation on ca0; the victim finishes its check unharmed.
 * WAIT: 0
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
buf:	.space 64
	.text
CVM_CAP_GLOBAL buf_slot, buf, 64, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a2, buf_slot
	li t1, 200000
1:	csd t1, 0(ca2)
	addi t1, t1, -1
	bnez t1, 1b
	SELF_DDC a0
	cincoffset ca0, ca0, -16
	li a1, -1
FAULT_HERE
	csd a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
