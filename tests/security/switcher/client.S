/* client.S - a caller for the switcher scenarios. Every write it makes has a length that is a
 * function of its cVM id and the call number, 1 + ((id * 131 + k * 17) mod 1024), and the
 * result of a write is its length: a result that is not exactly that is one that belongs to
 * another call, and the client prints "BAD client ..." and exits. Mode = argv[1]:
 *   n    CLIENT_K writes, then "client ok", exit
 *   1    one write, then "client ok", exit
 *   e    CLIENT_K / 2 writes, then exit (no line)
 *   fL   CLIENT_K / 2 writes, then hostcall HC_SW_FAULT + L: the L-th relay on its chain
 *        faults on this thread (if the call returns: "BAD client: no fault", exit)
 * Each written line is dots ending in a newline. Register atlas: s0 mode, s1 level, s2 id,
 * s3 k, s4 number of writes, s5 length (preserved across calls by the switcher). */
#include "sw.h"

	.data
	.balign 16
buf:	.fill 1024, 1, '.'
	.section .rodata
okmsg:	.ascii "client ok\n"
badmsg:	.ascii "BAD client: a result that is not its own\n"
nofault: .ascii "BAD client: no fault\n"

	.text
CVM_CAP_GLOBAL buf_slot, buf, 1024, CVM_RELOC_DATA
CVM_CAP_GLOBAL ok_slot, okmsg, 10, CVM_RELOC_RODATA
CVM_CAP_GLOBAL bad_slot, badmsg, 41, CVM_RELOC_RODATA
CVM_CAP_GLOBAL nofault_slot, nofault, 21, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	ARGV1 t0
	csetaddr ct1, csp, t0
	clbu s0, 0(ct1)
	clbu s1, 1(ct1)
	addi s1, s1, -'0'
	cld s2, TP_CID(ctp)
	li s3, 0
	li s4, CLIENT_K
	li t0, 'n'
	beq s0, t0, 1f
	li s4, 1
	li t0, '1'
	beq s0, t0, 1f
	li s4, CLIENT_K / 2
1:	bge s3, s4, 3f
	li t0, 131
	mul t1, s2, t0
	li t0, 17
	mul t2, s3, t0
	add t1, t1, t2
	andi t1, t1, 1023
	addi s5, t1, 1
	CVM_LOAD_GLOBAL a0, buf_slot
	cincoffset ct2, ca0, s5
	li t0, '\n'
	csb t0, -1(ct2)
	mv a1, s5
	li t5, HC_WRITE
	cjal c_out_2
	CVM_LOAD_GLOBAL t2, buf_slot
	cincoffset ct2, ct2, s5
	li t0, '.'
	csb t0, -1(ct2)
	bne a0, s5, bad
	addi s3, s3, 1
	j 1b
3:	li t0, 'e'
	beq s0, t0, 9f
	li t0, 'f'
	beq s0, t0, 5f
	CVM_LOAD_GLOBAL a0, ok_slot
	li a1, 10
	li t5, HC_WRITE
	cjal c_out_2
9:	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
5:	li t5, HC_SW_FAULT
	add t5, t5, s1
	cjal c_out_0
	CVM_LOAD_GLOBAL a0, nofault_slot
	li a1, 21
	j 6f
bad:	CVM_LOAD_GLOBAL a0, bad_slot
	li a1, 41
6:	li t5, HC_WRITE
	cjal c_out_2
	j 9b
CVM_END cvm_main
