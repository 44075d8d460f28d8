/* callee.S - the callee of the CP_Call scenarios (tests/security/cpcall.py). Registers
 * functions that misbehave on purpose, then waits until "quit" is called (a wake on quit's own
 * id), prints "callee: quit" and exits: its keys go with it.
 *   regs()       0 when every register but the arguments, cra, csp, ctp and ct6 is NULL, DDC is
 *                NULL, f0..f31 are 0 and csp/ctp lie in this cVM; else the first offender's
 *                number (x: 1..31, 100 DDC, 200 + f, 300 csp, 301 ctp)
 *   peek(ca0)    loads the byte just past ca0's top: a bounds fault in the callee
 *   spin()       never returns
 *   reenter()    calls itself by key until that fails: 1 + the depth below it, or -1000 + the
 *                error when it is not -EAGAIN
 *   leak()       returns with ca0 = its own data capability (ct6)
 *   bye()        hostcall 13 (exit) inside the call
 *   grab()       returns cra's otype (a sentry: -2) and, as the register attempt of a monitor
 *                capability, 411 with cra as the function: stored in `grab_result`
 *   grabbed()    returns grab_result
 *   slow()       counts to 2000, returns 1 (the stress scenario: calls overlap)
 *   quit()       wakes the main thread
 */
#include "sh.h"

	.data
	.balign 16
quit_id:	.dword 0, 0
grab_result:	.dword 0, 0

	.text
CVM_CAP_GLOBAL quit_id_slot, quit_id, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL grab_slot, grab_result, 16, CVM_RELOC_DATA

.macro REG fn, key
	CVM_CAP_GLOBAL .Lfn\@, \fn, 8, CVM_RELOC_FUNCTION
	CVM_LOAD_GLOBAL a0, .Lfn\@
	KEY_CAP a1, "\key"
	cjal cvm_call_register
	bltz a0, fail
.endm

CVM_FUNC cvm_main
	CVM_CAP_GLOBAL .Lquit_fn, quit, 8, CVM_RELOC_FUNCTION
	CVM_LOAD_GLOBAL a0, .Lquit_fn
	KEY_CAP a1, "quit"
	cjal cvm_call_register
	bltz a0, fail
	mv s1, a0
	CVM_LOAD_GLOBAL t0, quit_id_slot
	csd s1, 0(ct0)
	REG regs, "regs"
	REG peek, "peek"
	REG spin, "spin"
	REG reenter, "reenter"
	REG leak, "leak"
	REG bye, "bye"
	REG grab, "grab"
	REG grabbed, "grabbed"
	REG slow, "slow"
	REG regs, "ready"                 /* registered last: callers wait for it */
	mv a0, s1
	li a1, 0
	li a2, 30000000000
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, fail
	SAY "callee: quit"
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	SAY "callee: registration failed"
	li a0, 1
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main

/* CHK r, n: r must be NULL (no tag, address 0); else return n */
.macro CHK r, n
	cgettag a0, c\r
	li a1, \n
	bnez a0, 9f
	bnez \r, 9f
.endm

CVM_FUNC regs
	CHK gp, 3
	CHK t0, 5
	CHK t1, 6
	CHK t2, 7
	CHK s0, 8
	CHK s1, 9
	CHK a5, 15
	CHK a6, 16
	CHK a7, 17
	CHK s2, 18
	CHK s3, 19
	CHK s4, 20
	CHK s5, 21
	CHK s6, 22
	CHK s7, 23
	CHK s8, 24
	CHK s9, 25
	CHK s10, 26
	CHK s11, 27
	CHK t3, 28
	CHK t4, 29
	CHK t5, 30
	cspecialr ca0, ddc
	cgettag a0, ca0
	li a1, 100
	bnez a0, 9f
.irp f, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.x.d a0, f\f
	li a1, 200 + \f
	bnez a0, 9f
.endr
	/* csp and ctp: inside our own data capability (ct6) */
	cgetbase t0, ct6
	cgetlen t1, ct6
	add t1, t0, t1
	cgetbase t2, csp
	li a1, 300
	bltu t2, t0, 9f
	cgetlen t3, csp
	add t2, t2, t3
	bgtu t2, t1, 9f
	cgettag t3, csp
	beqz t3, 9f
	cgetbase t2, ctp
	li a1, 301
	bltu t2, t0, 9f
	cgettag t3, ctp
	beqz t3, 9f
	li a1, 0
9:	mv a0, a1
	cret
CVM_END regs

CVM_FUNC peek
	cgetlen t0, ca0
	cgetoffset t1, ca0
	sub t0, t0, t1
	cincoffset ct2, ca0, t0
	.globl peek_load
peek_load:
	clbu a0, 0(ct2)                   /* one past the top: a bounds fault */
	cret
CVM_END peek

CVM_FUNC spin
1:	j 1b
CVM_END spin

CVM_FUNC reenter
	cincoffsetimm csp, csp, -16
	csc cra, 0(csp)
	KEY_CAP a0, "reenter"
	li a1, 0
	cjal cvm_call
	clc cra, 0(csp)
	cincoffsetimm csp, csp, 16
	bltz a0, 1f
	addi a0, a0, 1
	cret
1:	li t0, HC_EAGAIN
	bne a0, t0, 2f
	li a0, 1
	cret
2:	addi a0, a0, -1000
	cret
CVM_END reenter

CVM_FUNC leak
	cmove ca0, ct6
	cret
CVM_END leak

CVM_FUNC bye
	li a0, 7
	li t5, HC_EXIT
	cjal c_out_1
	li a0, 12345                      /* never reached: the call ended */
	cret
CVM_END bye

CVM_FUNC grab
	cincoffsetimm csp, csp, -32
	csc cra, 0(csp)
	cmove ca0, cra                    /* the switcher's return sentry: the monitor's code */
	KEY_CAP a1, "stolen-return"
	cjal cvm_call_register
	CVM_LOAD_GLOBAL t0, grab_slot
	csd a0, 0(ct0)
	clc cra, 0(csp)
	cincoffsetimm csp, csp, 32
	cgettype a0, cra
	cret
CVM_END grab

CVM_FUNC grabbed
	CVM_LOAD_GLOBAL t0, grab_slot
	cld a0, 0(ct0)
	cret
CVM_END grabbed

CVM_FUNC slow
	li t0, 2000
1:	addi t0, t0, -1
	bnez t0, 1b
	li a0, 1
	cret
CVM_END slow

CVM_FUNC quit
	cincoffsetimm csp, csp, -16
	csc cra, 0(csp)
	CVM_LOAD_GLOBAL t0, quit_id_slot
	cld a0, 0(ct0)
	li t5, HC_CAP_WAKE
	cjal c_out_1
	clc cra, 0(csp)
	cincoffsetimm csp, csp, 16
	slti a0, a0, 0
	cret
CVM_END quit
