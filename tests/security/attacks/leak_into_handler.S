/* leak_into_handler - the callee's side of register clearing (intravisor.md 5.1). We are the
 * victim's handler cVM: when the victim's calls arrive at our syscall_handler, no register but
 * the arguments (ca0..ca6, t5) may hold a capability that is not ours: not the victim's cra,
 * cgp, cs0..cs11 (the switcher keeps them in its frame), its csp/ctp (we run on a context of
 * our own) or its DDC. Anything else prints "BAD  leak cNN" (NN = register, 32 = DDC). Then the
 * call is forwarded as usual: the victim's line arrives once.
 * VICTIM_CALLBACK: attacker
 * ORDER: victim-first
 * EXPECT: exit
 */
#include "attack.h"
	.data
	.balign 16
line:	.ascii "BAD  leak c00\n"
	.space 2
	.equ line_len, 14
	.text
CVM_CAP_GLOBAL line_slot, line, 16, CVM_RELOC_DATA

#include "check_reg.h"

CVM_FUNC cvm_main
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main

/* FROM: the switcher (the victim's call). LIVE IN: t5, ca0..ca6; csp/ctp/ct6 ours. */
CVM_FUNC syscall_handler
	cincoffset csp, csp, -48
	csd t5, 0(csp)
	csc ca0, 16(csp)
	csd a1, 32(csp)
	CHECK ct6, 31, t5
	CHECK cra, 1, t5
	CHECK csp, 2, t5
	CHECK cgp, 3, t5
	CHECK ctp, 4, t5
	CHECK ct0, 5, t5
	CHECK ct1, 6, t5
	CHECK ct2, 7, t5
	CHECK cs0, 8, t5
	CHECK cs1, 9, t5
	CHECK ca7, 17, t5
	CHECK cs2, 18, t5
	CHECK cs3, 19, t5
	CHECK cs4, 20, t5
	CHECK cs5, 21, t5
	CHECK cs6, 22, t5
	CHECK cs7, 23, t5
	CHECK cs8, 24, t5
	CHECK cs9, 25, t5
	CHECK cs10, 26, t5
	CHECK cs11, 27, t5
	CHECK ct3, 28, t5
	CHECK ct4, 29, t5
	cspecialr ct6, ddc
	CHECK ct6, 32, t5
	j forward

/* t0 = the register that leaked: print "BAD  leak cNN", then forward as usual */
leak:
	CVM_LOAD_GLOBAL t1, line_slot
	li t2, 10
	divu t3, t0, t2
	remu t4, t0, t2
	addi t3, t3, '0'
	addi t4, t4, '0'
	csb t3, 11(ct1)
	csb t4, 12(ct1)
	cmove ca0, ct1
	csetboundsimm ca0, ca0, line_len
	li a1, line_len
	li t5, HC_WRITE
	cjal c_out_2
forward:
	cld t5, 0(csp)
	clc ca0, 16(csp)
	cld a1, 32(csp)
	cincoffset csp, csp, 48
	cjal c_out_2
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	cinvoke ct0, ct1
CVM_END syscall_handler
