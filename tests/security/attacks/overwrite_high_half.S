/* overwrite_high_half - store a 16-byte capability (tagged), overwrite its high half (bounds,
 * perms) with the high half of our whole-slot capability by a 4-byte data store on the top
 * word, load it back: the tag is gone, the load through it fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=12 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
slot:	.space 16
obj:	.space 16
	.text
CVM_CAP_GLOBAL slot_cap, slot, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL obj_cap, obj, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	SELF_DDC a0
	CVM_LOAD_GLOBAL a1, slot_cap
	CVM_LOAD_GLOBAL a4, obj_cap
	csc ca4, 0(ca1)
	cgethigh t0, ca0
	srli t0, t0, 32
	csw t0, 12(ca1)
	clc ca2, 0(ca1)
FAULT_HERE
	cld a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
