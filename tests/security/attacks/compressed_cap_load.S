/* compressed_cap_load - the compressed capability load C.CLC (capability mode, cheri-riscv.md
 * 5.12) 16 bytes past a 16-byte object: Length violation on ca0 (the compressed decoder must
 * apply the same checks).
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 16
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_DATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
FAULT_HERE
	c.clc ca1, 16(ca0)
	.balign 4
	AFTER_FAULT
CVM_END cvm_main
