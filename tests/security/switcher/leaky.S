/* leaky.S - a caller with something in every register (tests/security/switcher.py "peek"):
 * a tagged capability (to its own data) in cra, cgp, ct0..ct2, cs0..cs11, ca0..ca7 and
 * ct3/ct4 (the call pair: those two the switcher sees), a pattern in every f register, then one
 * CInvoke of the switcher's call pair straight away (no c_out_N: nothing cleared on our side)
 * for hostcall 0 to its handler cVM (peek.S). It prints "peek: N" with N the handler's answer
 * (leaked * 100 + arguments: 7), then checks that its own preserved registers came back. */
#include "sw.h"

	.section .rodata
badmsg:	.ascii "BAD leaky: a preserved register did not come back\n"
	.data
	.balign 16
out:	.ascii "peek: 0000\n"

	.text
CVM_CAP_GLOBAL out_slot, out, 11, CVM_RELOC_DATA
CVM_CAP_GLOBAL bad_slot, badmsg, 50, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -16
	csc cra, 0(csp)
	.irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	li t0, 0x3ff0000000000000 + \r
	fmv.d.x f\r, t0
	.endr
	CVM_LOAD_GLOBAL t0, out_slot
	.irp r, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	cmove c\r, ct0
	.endr
	cjal 9f                         /* cra: ret_from_monitor returns to the next line */
	/* back: cgp and cs0..cs11 must hold our data capability again (preserved) */
	li t3, 0
	.irp r, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	cgettag t4, c\r
	add t3, t3, t4
	.endr
	li t4, 13
	beq t3, t4, 2f
	CVM_LOAD_GLOBAL a0, bad_slot
	li a1, 50
	li t5, HC_WRITE
	cjal c_out_2
	j 3f
2:	/* "peek: NNNN": the answer in 4 decimal digits */
	CVM_LOAD_GLOBAL t0, out_slot
	li t1, 10
	.irp k, 9, 8, 7, 6
	remu t2, a0, t1
	divu a0, a0, t1
	addi t2, t2, '0'
	csb t2, \k(ct0)
	.endr
	cmove ca0, ct0
	li a1, 11
	li t5, HC_WRITE
	cjal c_out_2
3:	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
9:	clc ct3, ctp, TP_HC_PCC
	clc ct4, ctp, TP_HC_DDC
	li t5, 0                        /* HC_NOP */
	cinvoke ct3, ct4
CVM_END cvm_main
