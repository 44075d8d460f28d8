/* store_local_cap - store a local (non-Global) capability through a capability without
 * Permit_Store_Local_Capability (cheri-riscv.md 4.4 step 4): 0x16 on the authority ca1.
 * EXPECT: fault cause=28 cheri=0x16 idx=11 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
slot:	.space 16
	.text
CVM_CAP_GLOBAL slot_cap, slot, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	SELF_DDC a0
	li t0, ~1                      /* drop Global: a local capability */
	candperm ca0, ca0, t0
	CVM_LOAD_GLOBAL a1, slot_cap
	li t0, ~0x40                   /* drop Permit_Store_Local_Capability */
	candperm ca1, ca1, t0
FAULT_HERE
	csc ca0, 0(ca1)
	AFTER_FAULT
CVM_END cvm_main
