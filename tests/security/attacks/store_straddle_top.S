/* store_straddle_top - an 8-byte store whose first byte is in bounds and last byte is not.
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
	li a1, -1
FAULT_HERE
	csd a1, 12(ca0)
	AFTER_FAULT
CVM_END cvm_main
