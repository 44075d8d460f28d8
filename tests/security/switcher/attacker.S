/* attacker.S - an attacker whose code runs on two threads: its own (X) and the thread of a
 * client that uses it as its handler (Y). On Y it serves the client's write by making it 50
 * times through its own callback (an honest handler cVM), checking each result, while X, once
 * it sees Y inside (a flag in our memory), acts according to argv[1]:
 *   x    X exits while Y's calls are in flight (the F2/F3 setup: the monitor used to release
 *        the honest handler's context because of what a guest wrote)
 *   r    X CInvokes the switcher's return pair: "complete" the call Y has in flight from
 *        another thread (the documented remainder of F2). The switcher must refuse it: X has
 *        no call in flight; X ends with a bad-return report, Y is not touched.
 * A result of Y's that is not the write's length prints "BAD attacker".
 * Register atlas (Y): s0 count, cs1 the client's buffer, s2 its length. */
#include "sw.h"

	.data
	.balign 16
flag:	.dword 0, 0
	.section .rodata
badmsg:	.ascii "BAD attacker: a result that is not its own\n"
escmsg:	.ascii "BAD attacker: the return pair was accepted\n"
	.text
CVM_CAP_GLOBAL flag_slot, flag, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL bad_slot, badmsg, 43, CVM_RELOC_RODATA
CVM_CAP_GLOBAL esc_slot, escmsg, 43, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	ARGV1 t0
	csetaddr ct1, csp, t0
	clbu s0, 0(ct1)
	CVM_LOAD_GLOBAL t2, flag_slot
	li t1, 50000000
1:	cld t0, 0(ct2)
	bnez t0, 2f
	addi t1, t1, -1
	bnez t1, 1b
2:	li t0, 'r'
	bne s0, t0, 3f
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	li a0, 7
	.globl attacker_return
attacker_return:
	cinvoke ct0, ct1
	CVM_LOAD_GLOBAL a0, esc_slot
	li a1, 43
	li t5, HC_WRITE
	cjal c_out_2
3:	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main

CVM_FUNC syscall
	cincoffset csp, csp, -16
	csc cra, 0(csp)
	li t0, HC_WRITE
	bne t5, t0, 8f
	CVM_LOAD_GLOBAL t2, flag_slot
	li t0, 1
	csd t0, 0(ct2)
	li s0, 50
	cmove cs1, ca0
	mv s2, a1
1:	cmove ca0, cs1
	mv a1, s2
	li t5, HC_WRITE
	cjal c_out_2
	bne a0, s2, 7f
	addi s0, s0, -1
	bnez s0, 1b
	mv a0, s2
	j 9f
7:	CVM_LOAD_GLOBAL a0, bad_slot
	li a1, 43
	li t5, HC_WRITE
	cjal c_out_2
	li a0, -1
	j 9f
8:	cjal c_call
9:	clc cra, 0(csp)
	cincoffset csp, csp, 16
	cret
CVM_END syscall
