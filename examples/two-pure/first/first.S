/* first.S - the first cVM of two-pure (intravisor.md section 6): serves hostcalls for other
 * cVMs (sdk/crt/handler.S + ../forward.S) and, on its own thread, prints one line and exits.
 * Pure-cap: every access goes through a capability (capability mode, PCC flag 1). */
#include "cvm.S"

	.section .rodata
hello:
	.ascii "hello first(syscall-handler) \n"
hello_end:
	.equ hello_len, hello_end - hello

	.text
CVM_CAP_GLOBAL hello_slot, hello, hello_end - hello, CVM_RELOC_RODATA

/* FROM: outer_c (sdk/crt/crt.S). LIVE IN: csp, ctp. */
CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, hello_slot         /* ca0 = read-only cap to the message */
	li a1, hello_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
