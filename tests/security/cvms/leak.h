/* leak.h - body of raw/leak_after_*.S: read every register after a hostcall returns, looking
 * for leaked capabilities. This cVM brings its own entry (outer_c) and return landing
 * (ret_from_monitor, where the switcher resumes a caller): it examines the registers before
 * any code of ours changes them. Every tagged capability register (c1..c31, DDC) must be one
 * of ours: bounds inside our slot [SELF_BASE, SELF_BASE + 1 GiB) (our data capability in ct6,
 * our preserved registers). Anything else (the monitor's, the handler's, a
 * capability to another cVM) prints "BAD  leak cNN" (NN = register; 32 = DDC); otherwise
 * "ok   no leaked capability". Two returns are examined (the probe write, then the verdict's).
 *
 * Register atlas in ret_from_monitor: t5 (c30) is the scratch while c31 is examined, then t6
 * (c31) while c30 is, then t6 for the rest; t0 = number of the leaking register. */
#include "attack.h"

	.data
	.balign 16
saved:	.space 32                      /* csp, ctp of our thread */
phase:	.dword 0
	.dword 0
line:	.ascii "BAD  leak c00\n"
	.space 2
	.equ line_len, 14
	.section .rodata
probe:	.ascii "probe\n"
okmsg:	.ascii "ok   no leaked capability\n"
	.equ ok_len, 26

	.text
CVM_CAP_GLOBAL saved_slot, saved, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL probe_slot, probe, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ok_slot, okmsg, ok_len, CVM_RELOC_RODATA

/* CALL_OUT: hostcall t5 with ca0/a1, ctp = our TP area. Clears everything else, DDC too. */
.macro CALL_OUT
	clc ct3, ctp, TP_HC_PCC
	clc ct4, ctp, TP_HC_DDC
	CVM_CCLEAR cra, csp, cgp, ctp, ct2, ct6, cs0, cs1, cs2, cs3, cs4, cs5, cs6, cs7, cs8, cs9, cs10, cs11, ca2, ca3, ca4, ca5, ca6, ca7
	cspecialw ddc, ct2              /* NULL */
	cinvoke ct3, ct4
.endm

#include "check_reg.h"

CVM_FUNC outer_c
	CVM_LOAD_GLOBAL t0, saved_slot
	csc csp, 0(ct0)
	csc ctp, 16(ct0)
	CVM_LOAD_GLOBAL a0, probe_slot
	li a1, 6
	li t5, HC_WRITE
	CALL_OUT
CVM_END outer_c

CVM_FUNC ret_from_monitor
	CHECK ct6, 31, t5
	CHECK ct5, 30, t6
	CHECK cra, 1, t6
	CHECK csp, 2, t6
	CHECK cgp, 3, t6
	CHECK ctp, 4, t6
	CHECK ct0, 5, t6
	CHECK ct1, 6, t6
	CHECK ct2, 7, t6
	CHECK cs0, 8, t6
	CHECK cs1, 9, t6
	CHECK ca0, 10, t6
	CHECK ca1, 11, t6
	CHECK ca2, 12, t6
	CHECK ca3, 13, t6
	CHECK ca4, 14, t6
	CHECK ca5, 15, t6
	CHECK ca6, 16, t6
	CHECK ca7, 17, t6
	CHECK cs2, 18, t6
	CHECK cs3, 19, t6
	CHECK cs4, 20, t6
	CHECK cs5, 21, t6
	CHECK cs6, 22, t6
	CHECK cs7, 23, t6
	CHECK cs8, 24, t6
	CHECK cs9, 25, t6
	CHECK cs10, 26, t6
	CHECK cs11, 27, t6
	CHECK ct3, 28, t6
	CHECK ct4, 29, t6
	cspecialr ct6, ddc
	CHECK ct6, 32, t5
	/* clean: phase 0 -> print the verdict, phase 1 -> exit */
	CVM_LOAD_GLOBAL t0, saved_slot
	clc csp, 0(ct0)
	clc ctp, 16(ct0)
	cld t1, 32(ct0)
	addi t2, t1, 1
	csd t2, 32(ct0)
	bnez t1, 1f
	CVM_LOAD_GLOBAL a0, ok_slot
	li a1, ok_len
	li t5, HC_WRITE
	CALL_OUT
1:	li t5, HC_EXIT
	CALL_OUT
CVM_END ret_from_monitor

/* t0 = register number: print "BAD  leak cNN" once (phase 1: the next return exits) */
CVM_FUNC leak
	CVM_LOAD_GLOBAL t1, saved_slot
	clc csp, 0(ct1)
	clc ctp, 16(ct1)
	cld t2, 32(ct1)
	bnez t2, 1f                     /* already reported: the return of that write exits */
	li t2, 1
	csd t2, 32(ct1)
	li t2, 10
	divu t3, t0, t2
	remu t4, t0, t2
	addi t3, t3, '0'
	addi t4, t4, '0'
	csb t3, 59(ct1)
	csb t4, 60(ct1)
	cincoffset ca0, ct1, 48
	csetboundsimm ca0, ca0, line_len
	li a1, line_len
	li t5, HC_WRITE
	CALL_OUT
1:	li t5, HC_EXIT
	CALL_OUT
CVM_END leak
