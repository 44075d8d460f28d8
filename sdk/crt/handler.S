/* handler.S - syscall_handler: the entry through which a cVM serves other cVMs' hostcalls
 * (intravisor.md sections 5 and 5.1; sdk/README.md "Serving hostcalls").
 *
 * The cVM provides `syscall`: LIVE IN t5 = number, ca0..ca6 = the caller's arguments, csp/ctp =
 * a handler context of its own; returns the result in a0 (a normal call: cjal/cret). It may
 * call c_out_N itself (e.g. forward the call to its own callback with the same capabilities).
 *
 * The switcher enters here on the caller's thread, on a context (stack and TP area of this
 * cVM) that it chose and that it frees when this call's frame goes; several threads can be
 * inside at once, each on its own context. Hostcall 13 (exit) is forwarded at once. The return is one CInvoke of the switcher's
 * return pair: the switcher pops the top frame of this hart's trusted stack and resumes that
 * frame's caller. Nothing here decides where the return goes.
 */
#include "cvm.S"

	.text

/* FROM: the switcher (a call whose target is this cVM).
 * LIVE IN: t5, ca0..ca6 = the caller's arguments; csp, ctp = our handler context;
 *          ct6 = our data capability; DDC and every other register NULL.
 * OUT (to the switcher): a0 = result (the switcher passes a0 on as an integer, nothing else). */
CVM_FUNC syscall_handler
	/* exit (13) ends the thread: forward it up our own callback at once, without running
	 * `syscall` (which need not know it); it does not come back */
	li t3, HC_EXIT
	bne t5, t3, 1f
	cjal c_out                        /* the caller's exit value (a0) goes with it */
1:	cjal syscall
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	cinvoke ct0, ct1
CVM_END syscall_handler
