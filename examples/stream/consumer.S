/* consumer.S - examples/stream: connects to the stream STREAM_KEY (410, retried until the
 * producer has advertised it), prints what it reads, 100 bytes at most per read, until the
 * producer closes the stream. Built twice: key "raw" (stream.yaml) and "upper" (pipeline). */
#include "cvm.S"

	.section .rodata
key:	.asciz STREAM_KEY
key_end:
s_end:	.ascii "consumer: end of stream\n"
s_end_end:
	.equ s_end_len, s_end_end - s_end
s_err:	.ascii "consumer: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.data
	.balign 16
buf:	.space 100

	.text
CVM_CAP_GLOBAL key_slot, key, key_end - key, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_end_slot, s_end, s_end_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL buf_slot, buf, 100, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -32
	CVM_LOAD_GLOBAL a0, key_slot
	cincoffsetimm ca1, csp, 0
	cjal cvm_stream_connect
	bltz a0, fail
1:	clc ca0, 0(csp)
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 100
	cjal cvm_stream_read
	bltz a0, fail
	beqz a0, 2f
	mv a1, a0
	CVM_LOAD_GLOBAL a0, buf_slot
	li t5, HC_WRITE
	cjal c_out_2
	j 1b
2:	CVM_LOAD_GLOBAL a0, s_end_slot
	li a1, s_end_len
	li t5, HC_WRITE
	cjal c_out_2
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	mv a2, a0
	CVM_LOAD_GLOBAL a0, s_err_slot
	li a1, s_err_len
	cjal fail_exit
CVM_END cvm_main
