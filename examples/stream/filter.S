/* filter.S - examples/stream, the middle of the pipeline: reads the stream "raw", turns
 * lower-case letters into capitals, writes the result to its own stream "upper" (a 128-byte
 * ring: smaller than its input, so both of its sides block in turn), and closes "upper" when
 * "raw" ends. */
#include "cvm.S"

	.section .rodata
in_key:	.asciz "raw"
out_key: .asciz "upper"
s_err:	.ascii "filter: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.data
	.balign 256
ring:	.space STREAM_DATA + 128
	.balign 16
buf:	.space 48

	.text
CVM_CAP_GLOBAL in_key_slot, in_key, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL out_key_slot, out_key, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + 128, CVM_RELOC_DATA
CVM_CAP_GLOBAL buf_slot, buf, 48, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -32
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + 128
	CVM_LOAD_GLOBAL a2, out_key_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, fail
	CVM_LOAD_GLOBAL a0, in_key_slot
	cincoffsetimm ca1, csp, 0
	cjal cvm_stream_connect
	bltz a0, fail
1:	clc ca0, 0(csp)
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, 48
	cjal cvm_stream_read
	bltz a0, fail
	beqz a0, 3f
	mv s1, a0
	CVM_LOAD_GLOBAL a1, buf_slot
	li t0, 0
2:	cincoffset ct1, ca1, t0
	clbu t2, 0(ct1)
	addi t3, t2, -'a'
	li t4, 26
	bgeu t3, t4, 4f
	addi t2, t2, 'A' - 'a'
	csb t2, 0(ct1)
4:	addi t0, t0, 1
	bltu t0, s1, 2b
	CVM_LOAD_GLOBAL a0, ring_slot
	mv a2, s1
	cjal cvm_stream_write
	bne a0, s1, fail
	j 1b
3:	CVM_LOAD_GLOBAL a0, ring_slot
	cjal cvm_stream_close
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	mv a2, a0
	CVM_LOAD_GLOBAL a0, s_err_slot
	li a1, s_err_len
	cjal fail_exit
CVM_END cvm_main
