/* peek.S - what a handler cVM finds in its registers when the switcher enters it
 * (tests/security/switcher.py "peek"), against leaky.S, whose call has a tagged capability in
 * every register it can fill and a pattern in every f register. Its own syscall_handler (not
 * sdk/crt/handler.S, which would write registers first) looks before it writes any register
 * but t5 and t6 (the number, and our data capability: ours, and read by nothing here): every
 * x register but ca0..ca6 (the arguments), csp and ctp (our context) must be untagged 0, every
 * f register 0, and ca0..ca6 tagged (the arguments arrive). It returns leaked * 100 +
 * arguments (7 when all is well) through the switcher's return pair. Any other number (the
 * caller's write and exit) goes up its own callback, the monitor, as it came. */
#include "sw.h"

	.text
CVM_FUNC cvm_main
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main

CVM_FUNC syscall_handler
	bnez t5, .Lforward              /* the caller's write and exit: served by the monitor */
	li t5, 0                        /* leaked */
	.irp r, 1, 3, 5, 6, 7, 8, 9, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	cgettag t6, c\r
	add t5, t5, t6
	snez t6, x\r
	add t5, t5, t6
	.endr
	.irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fmv.x.d t6, f\r
	snez t6, t6
	add t5, t5, t6
	.endr
	li t0, 0                        /* arguments that arrived tagged */
	.irp r, 10, 11, 12, 13, 14, 15, 16
	cgettag t6, c\r
	add t0, t0, t6
	.endr
	li t6, 100
	mul a0, t5, t6
	add a0, a0, t0
.Lret:
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	cinvoke ct0, ct1
.Lforward:
	cjal c_call                     /* same number and arguments, up our own callback */
	j .Lret
CVM_END syscall_handler
