/* overwrite_low_half - store a valid capability (tagged) to memory, overwrite its low half (the
 * address word) with the victim's secret address by a data store, load it back: the data store
 * cleared the granule's tag (cheri-riscv.md 4.4), so the store through it fails on the tag.
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
	csc ca0, 0(ca1)
	li t1, VICTIM_SECRET
	csd t1, 0(ca1)
	clc ca2, 0(ca1)
	li a3, 0x41414141
FAULT_HERE
	csw a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
