/* sethigh_forge - CSetHigh: replace the high word (perms, bounds) of a 16-byte read-only
 * capability with that of our whole-slot data capability. CSetHigh always clears the tag
 * (cheri-riscv.md 5.4): the store through the result fails on the tag.
 * EXPECT: fault cause=28 cheri=0x02 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
obj:	.ascii "0123456789abcdef"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	SELF_DDC a1
	cgethigh t0, ca1
	csethigh ca0, ca0, t0
	li a2, 0x41
FAULT_HERE
	csb a2, 0(ca0)
	AFTER_FAULT
CVM_END cvm_main
