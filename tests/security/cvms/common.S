/* common.S - helpers linked into every attack cVM.
 *   escaped:  prints "ESCAPED: the attack did not fault" and exits (run.py: a failure)
 *   verdict:  a0 = a hostcall result, a1 = the result it must be, ca2 = name (rodata cap),
 *             a3 = its length: prints "ok <name>" or "BAD <name>"; returns.
 */
#include "cvm.S"

	.section .rodata
esc_msg:
	.ascii "ESCAPED: the attack did not fault\n"
esc_end:
	.equ esc_len, esc_end - esc_msg
ok_msg:
	.ascii "ok   "
bad_msg:
	.ascii "BAD  "
nl_msg:
	.ascii "\n"

	.text
CVM_CAP_GLOBAL esc_slot, esc_msg, esc_end - esc_msg, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ok_slot, ok_msg, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL bad_slot, bad_msg, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL nl_slot, nl_msg, 1, CVM_RELOC_RODATA

CVM_FUNC escaped
	CVM_LOAD_GLOBAL a0, esc_slot
	li a1, esc_len
	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END escaped

CVM_FUNC verdict
	cincoffset csp, csp, -48
	csc cra, csp, 0
	csc cs2, csp, 16
	csc cs3, csp, 32
	cmove cs2, ca2
	mv s3, a3
	bne a0, a1, 1f
	CVM_LOAD_GLOBAL a0, ok_slot
	j 2f
1:	CVM_LOAD_GLOBAL a0, bad_slot
2:	li a1, 5
	li t5, HC_WRITE
	cjal c_out_2
	cmove ca0, cs2
	mv a1, s3
	li t5, HC_WRITE
	cjal c_out_2
	CVM_LOAD_GLOBAL a0, nl_slot
	li a1, 1
	li t5, HC_WRITE
	cjal c_out_2
	clc cra, csp, 0
	clc cs2, csp, 16
	clc cs3, csp, 32
	cincoffset csp, csp, 48
	cret
CVM_END verdict
