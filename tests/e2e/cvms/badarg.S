/* badarg.S - hostcall arguments the monitor must refuse without touching memory outside the
 * capability (intravisor.md section 5): each write below must return HC_EFAULT (-14). Prints
 * one line per case, "ok <case>" or "BAD <case>", then exits. */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "0123456789abcdef"
msg_end:
	.equ msg_len, msg_end - msg
ok_msg:
	.ascii "ok   "
bad_msg:
	.ascii "BAD  "
names:
	.ascii "length\n"               /* 0: one byte past the end */
	.ascii "untag \n"               /* 7: untagged buffer */
	.ascii "sealed\n"               /* 14: a sentry */
	.ascii "noload\n"               /* 21: no Load permission */
names_end:

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ok_slot, ok_msg, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL bad_slot, bad_msg, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL names_slot, names, names_end - names, CVM_RELOC_RODATA

/* report: a0 = result of the write, s1 = offset of the case name. Prints the verdict. */
CVM_FUNC report
	cincoffset csp, csp, -16
	csc cra, csp, 0
	li t0, HC_EFAULT
	bne a0, t0, 1f
	CVM_LOAD_GLOBAL a0, ok_slot
	j 2f
1:	CVM_LOAD_GLOBAL a0, bad_slot
2:	li a1, 5
	li t5, HC_WRITE
	cjal c_out_2
	CVM_LOAD_GLOBAL a0, names_slot
	cincoffset ca0, ca0, s1
	li a1, 7
	li t5, HC_WRITE
	cjal c_out_2
	clc cra, csp, 0
	cincoffset csp, csp, 16
	cret
CVM_END report

CVM_FUNC cvm_main
	/* length: len = msg_len + 1 */
	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, msg_len + 1
	li t5, HC_WRITE
	cjal c_out_2
	li s1, 0
	cjal report
	/* untagged: the same capability with its tag cleared */
	CVM_LOAD_GLOBAL a0, msg_slot
	ccleartag ca0, ca0
	li a1, 4
	li t5, HC_WRITE
	cjal c_out_2
	li s1, 7
	cjal report
	/* sealed: a sentry made from a code capability... here the data cap sealed as a sentry */
	CVM_LOAD_GLOBAL a0, msg_slot
	csealentry ca0, ca0
	li a1, 4
	li t5, HC_WRITE
	cjal c_out_2
	li s1, 14
	cjal report
	/* no Load: permissions cut to Global only */
	CVM_LOAD_GLOBAL a0, msg_slot
	li t0, 1
	candperm ca0, ca0, t0
	li a1, 4
	li t5, HC_WRITE
	cjal c_out_2
	li s1, 21
	cjal report
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
