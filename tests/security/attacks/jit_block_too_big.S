/* jit_block_too_big - a loop of 56 CLCs of a tagged capability that begins its block: translated
 * whole (with the loop copy) it would take more code than one translation may (hart/jit.c
 * JIT_BLOCK_MAX), and the monitor used to abort, ending every cVM (found by fuzz_hart,
 * tests/fuzz/FINDINGS.md 4). The translator must make shorter blocks and the loop run to its
 * end: 100 rounds, each CLC's tag counted.
 * EXPECT: exit
 * OUT: ok   tags-counted
 */
#include "attack.h"

	.section .rodata
names:
	.ascii "tags-counted   "     /* 0 */
names_end:

	.data
	.balign 16
obj:	.space 16
slot:	.space 16

	.text
CVM_CAP_GLOBAL names_slot, names, names_end - names, CVM_RELOC_RODATA
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL slot_slot, slot, 16, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, obj_slot
	CVM_LOAD_GLOBAL a1, slot_slot
	csc ca0, 0(ca1)                 /* a tagged capability at slot */
	li t0, 100
	li s1, 0
	j 1f
	.balign 4
1:	.rept 56
	clc ca4, 0(ca1)
	.endr
	cgettag t1, ca4
	add s1, s1, t1
	addi t0, t0, -1
	bnez t0, 1b
	mv a0, s1
	VERDICT 0, 100
	li t5, HC_EXIT
	cjal c_out_0
2:	j 2b
CVM_END cvm_main
