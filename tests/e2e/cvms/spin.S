/* spin.S - prints "spin started" and then loops forever: for SIGINT, SIGTERM and --timeout
 * (tests/e2e/run.sh). Only a stop from the monitor ends it. */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "spin started\n"
msg_end:
	.equ msg_len, msg_end - msg

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, msg_len
	li t5, HC_WRITE
	cjal c_out_2
1:	addi t0, t0, 1
	j 1b
CVM_END cvm_main
