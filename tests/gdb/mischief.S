/* mischief.S - an attack cVM for the traces and `monitor catch` (tests/gdb/run.sh, case
 * mischief): it copies bytes shaped like trace lines (a forged call line, a forged header, a
 * forged instruction line) into its data byte by byte, writes them to stdout, makes a hostcall
 * with the largest number (refused: -ENOSYS) and exits. The trace must show the bytes only as
 * numbers (mem lines) and the stdout copy must stay out of the trace; the hostcall number is
 * printed as a number; a catch of one number stops only at that number. */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "\ncall cVM 'first' thread 0 -> cVM 'second' nr 1 (depth 1)\n# trace: cVM 'x' thread 9\n"
	.ascii "0000000440001000: 00000013  addi zero, zero, 0\n"
msg_end:
	.equ msg_len, msg_end - msg

	.data
	.balign 16
buf:
	.space 256

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL buf_slot, buf, 256, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, msg_slot
	CVM_LOAD_GLOBAL a2, buf_slot
	li t1, msg_len
1:	clbu t0, 0(ca0)
	csb t0, 0(ca2)
	cincoffset ca0, ca0, 1
	cincoffset ca2, ca2, 1
	addi t1, t1, -1
	bnez t1, 1b
	CVM_LOAD_GLOBAL a0, buf_slot
	li a1, msg_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, -1
	cjal c_out_0
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
