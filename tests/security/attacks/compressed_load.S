/* compressed_load - the compressed C.LD, in capability mode a load through ca0 (c.cld), 8
 * bytes past a 16-byte object: Length violation on ca0.
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
	.option push
	.option rvc
FAULT_HERE
	c.ld a1, 16(a0)
	.option pop
	.balign 4
	AFTER_FAULT
CVM_END cvm_main
