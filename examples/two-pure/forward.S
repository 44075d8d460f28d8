/* forward.S - `syscall`, the hostcall dispatcher of the two-pure handler cVMs (first, and
 * second for longer chains), run by sdk/crt/handler.S on a handler context of this cVM.
 *
 * t5 = 1 (write), 0 (nop) and 0x1000..0x1200 (a hybrid cVM's Linux system call, intravisor.md
 * 9; 0x1200 stands for every number past the table, which the monitor answers -ENOSYS): forward the call up this cVM's own hostcall pair with the caller's capabilities unchanged (the buffer capability stays the caller's: this cVM never
 * gets more than it was given; readv/writev's iovecs arrive as a read-only array of buffer
 * capabilities, sdk/README.md, forwarded as they are too). 13 (exit): forwarded by handler.S before it gets here; handled
 * the same way if it does. Anything else: print "unknown t5" and exit.
 */
#include "cvm.S"

	.section .rodata
unknown_msg:
	.ascii "unknown t5\n"
unknown_end:
	.equ unknown_len, unknown_end - unknown_msg

	.text
CVM_CAP_GLOBAL unknown_slot, unknown_msg, unknown_end - unknown_msg, CVM_RELOC_RODATA
CVM_CAP_GLOBAL t5_known_slot, t5_known, t5_known_end - t5_known, CVM_RELOC_FUNCTION

/* t5_known: a leaf reached through a sentry bounded to itself (a __cap_relocs function entry).
 * LIVE IN: t5. OUT: t0 = 1 if this cVM serves t5, else 0. Clobbers t1. */
CVM_FUNC t5_known
	li t0, 1
	beqz t5, 1f                    /* HC_NOP */
	li t1, HC_WRITE
	beq t5, t1, 1f
	li t1, HC_EXIT
	beq t5, t1, 1f
	li t1, 0x1000                  /* Linux numbers: 0x1000 + nr, nr < 512; 0x1200: nr >= 512 */
	bltu t5, t1, 2f
	li t1, 0x1201
	bltu t5, t1, 1f
2:	li t0, 0
1:	cret
t5_known_end:
CVM_END t5_known

/* LIVE IN: t5 = number, ca0..ca6 = the caller's arguments, csp/ctp = our handler context.
 * OUT: a0 = result. */
CVM_FUNC syscall
	cincoffset csp, csp, -16
	csc cra, csp, 0
	CVM_LOAD_GLOBAL t0, t5_known_slot
	cjalr cra, ct0
	beqz t0, .Lunknown
	li t1, HC_EXIT
	beq t5, t1, .Lexit
	/* write or nop: same number, the caller's ca0..ca6 as they came (its c_out_N cleared the
	 * unused ones); c_call does not clear them (a nested call through the switcher, which
	 * keeps our cra, csp, ctp and s-registers in its frame) */
	cjal c_call
	clc cra, csp, 0
	cincoffset csp, csp, 16
	cret
.Lexit:
	cjal c_out_0
.Lunknown:
	CVM_LOAD_GLOBAL a0, unknown_slot
	li a1, unknown_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END syscall
