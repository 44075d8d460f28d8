/* caller.S - writes "call\n" through its callback and exits with the write's result as its
 * exit value (5 when it was served). When no handler context comes free within the monitor's
 * --context-wait, the write returns -11 (HC_EAGAIN); the exit, finding no context either, is
 * served by the monitor, and the cVM ends with exit value -11 (tests/many/run.py ctx-timeout;
 * the loop after it is never reached). */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "call\n"
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
	cjal c_out_1
1:	j 1b
CVM_END cvm_main
