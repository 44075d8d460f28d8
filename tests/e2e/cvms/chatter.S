/* chatter.S - writes "chatter\n" forever: with nobody reading its stdout, the monitor blocks in
 * write(2) and the hart cannot reach its next block, so only a second SIGINT ends the run (at
 * once, tests/e2e/run.sh). */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "chatter\n"
msg_end:
	.equ msg_len, msg_end - msg

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
1:	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, msg_len
	li t5, HC_WRITE
	cjal c_out_2
	j 1b
CVM_END cvm_main
