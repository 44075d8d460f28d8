/* stuck.S - a handler cVM whose `syscall` never returns: a call into it keeps its handler
 * context until the run is stopped (tests/many/run.py ctx-timeout). Its own entry prints
 * "stuck ready" and exits. */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "stuck ready\n"
msg_end:
	.equ msg_len, msg_end - msg

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, msg_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main

CVM_FUNC syscall
1:	addi t0, t0, 1
	j 1b
CVM_END syscall
