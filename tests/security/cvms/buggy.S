/* buggy.S - a handler cVM that trusts its caller: its `syscall` reads the first byte of the
 * buffer capability (ca0) before forwarding the call. A caller passing an untagged ca0 makes it
 * fault at buggy_fault, on the caller's thread: the report must name both cVMs (the thread's
 * owner, and this cVM, where the pc is). Its own thread prints nothing and exits. */
#include "cvm.S"

	.text
CVM_FUNC cvm_main
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main

/* LIVE IN: t5, ca0..ca6, csp/ctp = our handler context. OUT: a0. */
CVM_FUNC syscall
	cincoffset csp, csp, -16
	csc cra, csp, 0
	.globl buggy_fault
buggy_fault:
	clb t0, 0(ca0)
	cjal c_out_2
	clc cra, csp, 0
	cincoffset csp, csp, 16
	cret
CVM_END syscall
