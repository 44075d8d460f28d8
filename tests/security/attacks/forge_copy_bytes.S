/* forge_copy_bytes - forge a capability by copying the 16 bytes of a valid one with data stores
 * (its address word and its high word, CGetHigh), then load them back as a capability: data
 * stores never set a tag (cheri-riscv.md 4.4: they clear it), so the result is untagged and
 * the load through it fails: Tag violation on ca2.
 * EXPECT: fault cause=28 cheri=0x02 idx=12 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
slot:	.space 16
	.text
CVM_CAP_GLOBAL slot_cap, slot, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	SELF_DDC a0
	CVM_LOAD_GLOBAL a1, slot_cap
	cgethigh t0, ca0
	mv t1, a0                      /* the address word (an integer read of ca0) */
	csd t1, 0(ca1)
	csd t0, 8(ca1)
	clc ca2, 0(ca1)
FAULT_HERE
	cld a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
