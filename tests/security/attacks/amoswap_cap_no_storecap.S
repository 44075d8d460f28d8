/* amoswap_cap_no_storecap - swap a tagged capability into memory with AMOSWAP.C through a
 * capability without Permit_Store_Capability (cheri-riscv.md 5.8: Load, Store, StoreCap,
 * StoreLocalCap, bounds, alignment): 0x15 on the authority ca1.
 * EXPECT: fault cause=28 cheri=0x15 idx=11 pc=fault
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
	li t0, ~0x20
	candperm ca1, ca1, t0
FAULT_HERE
	camoswap.c ca2, ca0, (ca1)
	AFTER_FAULT
CVM_END cvm_main
