/* amo_past_end - an atomic add on the word just past a 16-byte data object: AMOs check Load,
 * Store, then bounds (cheri-riscv.md 4.4): Length violation on ca0.
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
	cincoffset ca0, ca0, 16
	li a2, 1
FAULT_HERE
	amoadd.w a1, a2, (a0)
	AFTER_FAULT
CVM_END cvm_main
