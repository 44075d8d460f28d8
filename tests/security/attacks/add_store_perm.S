/* add_store_perm - CAndPerm with all ones on a read-only capability: CAndPerm can only remove
 * permissions, so the store through the result fails: Permit_Store violation (0x13) on ca0.
 * EXPECT: fault cause=28 cheri=0x13 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, -1
	candperm ca0, ca0, t0
	li a1, 0x41
FAULT_HERE
	csb a1, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
