/* third.S - prints "hello third " and exits, through whatever its callback_out is (the
 * monitor, or a handler cVM: third -> second -> first -> monitor in tests/e2e). */
#include "cvm.S"

	.section .rodata
hello:
	.ascii "hello third \n"
hello_end:
	.equ hello_len, hello_end - hello

	.text
CVM_CAP_GLOBAL hello_slot, hello, hello_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, hello_slot
	li a1, hello_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
