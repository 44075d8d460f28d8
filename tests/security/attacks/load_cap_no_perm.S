/* load_cap_no_perm - load a stored capability through a capability without
 * Permit_Load_Capability: no fault at the load, but the loaded value's tag is stripped
 * (cheri-riscv.md 4.4), so using it fails: Tag violation on ca2.
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
	li t0, ~0x10
	candperm ca1, ca1, t0
	clc ca2, 0(ca1)
FAULT_HERE
	cld a3, 0(ca2)
	AFTER_FAULT
CVM_END cvm_main
