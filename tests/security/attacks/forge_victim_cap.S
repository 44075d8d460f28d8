/* forge_victim_cap - forge a capability to the victim's secret: the bytes of our whole-slot
 * data capability with the address word replaced by the secret's address, written with data
 * stores and loaded back with clc: untagged, and the store through it fails: Tag violation on
 * ca2. The victim must still find its secret intact.
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
	li t1, VICTIM_SECRET
	csd t1, 0(ca1)
	csd t0, 8(ca1)
	clc ca2, 0(ca1)
	li a3, 0x41414141
FAULT_HERE
	csw a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
