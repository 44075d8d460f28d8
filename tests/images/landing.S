/* landing.S - attacks on the exit landing (issue 11, intravisor.md 10 and 5.1): a pure-cap
 * image as CHERI LLVM builds them (no SDK crt: the entry function is called with cra = a
 * sentry to the monitor's exit landing), used as the caller and as handler cVMs. The landing
 * ends a thread only when its entry function returns there (an empty trusted stack); reached
 * inside a call it is a fault of the cVM that jumped, the trusted stack is unwound, every
 * handler context given back, and nothing of the monitor or of another cVM runs.
 *
 * Entry functions (YAML `entry:`), each passing its own cra (the exit sentry) to its
 * callback_out in ca0 with one hostcall, number:
 *   main_jump    0x7001: the handler jumps to the sentry (depth 1)
 *   main_nested  0x7003: the handler forwards 0x7001 up its callback: that handler jumps
 *                (depth 2, two contexts held)
 *   main_keep    0x7004: the handler keeps the sentry and returns 42; main then returns the
 *                result through its own cra: exit value 42 (the landing still works)
 *   main_after   0x7005: the handler calls 0x7004 up its callback (which returns 42), then
 *                jumps to the sentry itself (depth 1, after a nested call came back)
 *   idle         returns 0 (a handler cVM's own thread)
 * syscall_handler serves those numbers; anything else returns -38.
 * ret_from_monitor: `cret` (after the switcher restored cra, the caller's).
 */
#include "cvm.S"

#define HC_JUMP   0x7001
#define HC_NESTED 0x7003
#define HC_KEEP   0x7004
#define HC_AFTER  0x7005

	.text
	.globl main_jump, main_nested, main_keep, main_after, idle, syscall_handler, ret_from_monitor

/* FROM: the monitor (entry). LIVE IN: cra = the exit sentry, ca3/ca4 = the call pair. */
	.type main_jump, @function
main_jump:
	li t5, HC_JUMP
	j call_with_cra
	.size main_jump, . - main_jump
	.type main_nested, @function
main_nested:
	li t5, HC_NESTED
	j call_with_cra
	.size main_nested, . - main_nested
	.type main_keep, @function
main_keep:
	li t5, HC_KEEP
	j call_with_cra
	.size main_keep, . - main_keep
	.type main_after, @function
main_after:
	li t5, HC_AFTER
	.size main_after, . - main_after
/* t5 = number; ca0 = cra; CInvoke the call pair. The switcher keeps cra in its frame and
 * resumes at ret_from_monitor, which returns through it: the thread ends with a0 = result. */
call_with_cra:
	cmove ca0, cra
	cinvoke ca3, ca4

	.type idle, @function
idle:
	li a0, 0
	cret
	.size idle, . - idle

	.type ret_from_monitor, @function
ret_from_monitor:
	cret
	.size ret_from_monitor, . - ret_from_monitor

/* FROM: the switcher. LIVE IN: t5, ca0 = a caller's exit sentry; csp/ctp = our context. */
	.type syscall_handler, @function
syscall_handler:
	li t0, HC_JUMP
	beq t5, t0, .Ljump
	li t0, HC_NESTED
	beq t5, t0, .Lnested
	li t0, HC_KEEP
	beq t5, t0, .Lkeep
	li t0, HC_AFTER
	beq t5, t0, .Lafter
	li a0, -38
	j .Lreturn
.Ljump:
	cjalr cnull, ca0                  /* the landing, inside a call: must fault */
	li a0, -1
	j .Lreturn
.Lnested:
	li t5, HC_JUMP
	cjal call_up                      /* does not come back: the callee jumps */
	j .Lreturn
.Lkeep:
	CVM_LOAD_GLOBAL t0, kept_slot
	csc ca0, 0(ct0)                   /* keep the sentry (our own memory) */
	li a0, 42
	j .Lreturn
.Lafter:
	cincoffset csp, csp, -16
	csc ca0, csp, 0
	li t5, HC_KEEP
	cjal call_up                      /* 42 */
	clc ca0, csp, 0
	cjalr cnull, ca0                  /* the landing, inside our caller's call: must fault */
	li a0, -1
.Lreturn:
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	cinvoke ct0, ct1
	.size syscall_handler, . - syscall_handler

/* One hostcall up our callback_out (t5, ca0 as they are): the switcher keeps cra and csp in
 * its frame and resumes at ret_from_monitor, which returns through cra. */
call_up:
	clc ct0, ctp, TP_HC_PCC
	clc ct1, ctp, TP_HC_DDC
	cinvoke ct0, ct1

	.data
	.balign 16
kept:	.space 16
CVM_CAP_GLOBAL kept_slot, kept, 16, CVM_RELOC_DATA
