/* relay.S - a handler cVM for the switcher scenarios: its `syscall` forwards every call up its
 * own callback_out with the caller's arguments unchanged and returns the result, except the
 * test-only numbers HC_SW_FAULT + L (L = 1..15): L = 1 faults here (a tag violation at
 * relay_fault, on the caller's thread, in this cVM), L > 1 is forwarded as HC_SW_FAULT + L - 1,
 * so a client picks the level of the chain that faults. Its own thread exits at once. */
#include "sw.h"

	.text
CVM_FUNC cvm_main
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main

/* LIVE IN: t5, ca0..ca6, csp/ctp = our handler context. OUT: a0. */
CVM_FUNC syscall
	li t0, HC_SW_FAULT + 1
	beq t5, t0, relay_fault
	blt t5, t0, 1f
	li t0, HC_SW_FAULT + 15
	bgt t5, t0, 1f
	addi t5, t5, -1
1:	cincoffset csp, csp, -16
	csc cra, 0(csp)
	cjal c_call                       /* same arguments, through the switcher */
	clc cra, 0(csp)
	cincoffset csp, csp, 16
	cret
	CVM_CCLEAR ct1
	.globl relay_fault
relay_fault:
	clb t0, 0(ct1)                    /* Tag violation on ct1 */
1:	j 1b
CVM_END syscall
