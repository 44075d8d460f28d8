/* amo_readonly - an atomic swap on a read-only object: AMOs need Load and Store; the object's
 * capability has no Store: Permit_Store violation (0x13) on ca0.
 * EXPECT: fault cause=28 cheri=0x13 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
	.balign 16
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	li a2, 1
FAULT_HERE
	amoswap.w a1, a2, (a0)
	AFTER_FAULT
CVM_END cvm_main
