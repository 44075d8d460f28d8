/* fp_store_past_end - a floating-point store (fsd, through ca0 in capability mode) of 8 bytes
 * at the end of a 16-byte object: Length violation on ca0.
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
	fmv.d.x fa1, zero
FAULT_HERE
	fsd fa1, 16(a0)
	AFTER_FAULT
CVM_END cvm_main
