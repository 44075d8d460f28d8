/* grow_bounds - CSetBounds asking for more than the capability covers (4 KiB on a 16-byte
 * object): not a subset, so the result's tag is cleared (v9, cheri-riscv.md 5.5); the load
 * through it fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, 4096
	csetbounds ca0, ca0, t0
FAULT_HERE
	clb a1, 16(ca0)
	AFTER_FAULT
CVM_END cvm_main
