/* jit_cap_copy_past_end - a hot CLC/CSC/CIncOffset copy loop (translated: jit_cap.c) whose
 * source is a 64-byte object and whose count is 100: the fifth CLC leaves the object. The
 * translated CLC must leave to the interpreter before any effect, which reports a Length
 * violation on the cursor (cheri-riscv.md 4.4 step 5), index ca0.
 * EXPECT: fault cause=28 cheri=0x01 idx=10 pc=fault
 */
#include "attack.h"
	.section .rodata
	.balign 16
obj:	.fill 64, 1, 0x5a
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	cincoffset csp, csp, -64
	cmove ca1, csp
	li t0, 100
FAULT_HERE
	clc ca2, 0(ca0)
	csc ca2, 0(ca1)
	cincoffset ca0, ca0, 16
	cincoffset ca1, ca1, 16
	addi t0, t0, -1
	bnez t0, fault
	AFTER_FAULT
CVM_END cvm_main
