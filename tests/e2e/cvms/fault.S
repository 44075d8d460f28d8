/* fault.S - prints "fault: before" and then loads one byte past the end of its message
 * capability: a CHERI length violation (cause 28, CHERI cause 0x01) that must end this cVM
 * only, with a report on stderr. */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "fault: before\n"
msg_end:
	.equ msg_len, msg_end - msg

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, msg_len
	li t5, HC_WRITE
	cjal c_out_2
	CVM_LOAD_GLOBAL a0, msg_slot
	clb a1, a0, msg_len            /* one past the end: length violation */
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
