/* second.S - the second cVM of two-pure (intravisor.md section 6): prints one line and exits,
 * both through first (its callback_out). It also serves hostcalls itself (handler.S +
 * ../forward.S), which lets a third cVM chain through it (tests/e2e). */
#include "cvm.S"

	.section .rodata
hello:
	.ascii "hello second \n"
hello_end:
	.equ hello_len, hello_end - hello

	.text
CVM_CAP_GLOBAL hello_slot, hello, hello_end - hello, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, hello_slot
	li a1, hello_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
