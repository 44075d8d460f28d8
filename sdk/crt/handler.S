/* handler.S - syscall_handler: the entry through which a cVM serves other cVMs' hostcalls
 * (intravisor.md section 5; sdk/README.md "Serving hostcalls").
 *
 * The cVM provides `syscall`: LIVE IN t5 = number, ca0..ca6 = the caller's arguments, csp/ctp =
 * a handler context of its own; returns the result in a0 (a normal call: cjal/cret). It may
 * call c_out_N itself (e.g. forward the call to its own callback with the same capabilities).
 *
 * Every call runs on a handler context of this cVM (a stack and a TP area made by the monitor,
 * HCTX_COUNT of them in the capability store at CS_HCTX), never on the caller's stack, so
 * several threads can be inside at once. Register atlas:
 *   ct0, ct1  the caller's return pair (kept in the context's TP area, TP_CALLER, while
 *             `syscall` runs)
 *   ct2       the capability store, then the context we hold (its busy word; kept on its stack)
 *   t3, t4    scratch; s0 old busy value
 */
#include "cvm.S"

	.text

/* FROM: a caller's c_out: CInvoke (our sealed syscall_handler code cap, our sealed data cap).
 * LIVE IN: t5, ca0..ca6, ct0/ct1 = caller's return pair, ct6 = our data cap (unused),
 *          csp/ctp/DDC = NULL (the caller cleared them; DDC stays NULL). */
CVM_FUNC syscall_handler
	CVM_LOAD_GLOBAL t2, __cvm_cap_store_slot
	/* exit (13) never comes back: forward it up our own hostcall pair at once, with the
	 * caller's return pair, without taking a context (a context given up by a thread that
	 * never returns would be lost, and one released early could be reused under it). */
	li t3, HC_EXIT
	bne t5, t3, 0f
	clc ct3, ct2, CS_HC_PCC
	clc ct4, ct2, CS_HC_DDC
	CVM_CCLEAR cra, csp, cgp, ctp, ct2, ct6, cs0
	cinvoke ct3, ct4
0:	cincoffset ct2, ct2, CS_HCTX
	li t4, HCTX_COUNT
	li t3, 1
1:	amoor.w.aq s0, t3, (t2)           /* capability mode: the base is ct2; bit 0 = taken */
	andi s0, s0, 1
	beqz s0, 2f                       /* it was free: ours now */
	cincoffset ct2, ct2, HCTX_SIZE
	addi t4, t4, -1
	bnez t4, 1b
	/* every context is taken: fail the call, the caller keeps running */
	li a0, HC_EAGAIN
	CVM_CCLEAR cra, csp, cgp, ctp, ct2, ct3, ct4, ct5, ct6, cs0, ca1, ca2, ca3, ca4, ca5, ca6, ca7
	cinvoke ct0, ct1

2:	/* ct2 = context k, taken. The caller's return pair goes to the context's TP area
	 * (TP_CALLER): the monitor reads it there when a thread ends holding the context. */
	clc ctp, ct2, HCTX_TP
	clc csp, ct2, HCTX_SP
	csc ct0, ctp, TP_CALLER
	csc ct1, ctp, (TP_CALLER + 16)
	cincoffset csp, csp, -16
	csc ct2, csp, 0
	CVM_CCLEAR ct0, ct1, ct2, ct3, ct4, ct6, cs0
	cjal syscall
	clc ct2, csp, 0
	clc ctp, ct2, HCTX_TP
	clc ct0, ctp, TP_CALLER
	clc ct1, ctp, (TP_CALLER + 16)
	csc cnull, ctp, (TP_CALLER + 16)  /* the context serves nobody now */
	/* ctp and csp go before the release: a hart whose ctp is a context's TP capability is
	 * running on that context for the monitor (run_release.c), and after the release the
	 * context may be another caller's */
	CVM_CCLEAR cra, csp, cgp, ctp, ct3, ct4, ct5, ct6, cs0, cs1, cs2, cs3, cs4, cs5, cs6, cs7, cs8, cs9, cs10, cs11, ca1, ca2, ca3, ca4, ca5, ca6, ca7
	/* release the context (bit 0 cleared, generation + 1) */
	li t3, 1
	amoadd.w.rl zero, t3, (t2)
	CVM_CCLEAR ct2, ct3
	cinvoke ct0, ct1                  /* DDC is NULL all along (outer_c) */
CVM_END syscall_handler
