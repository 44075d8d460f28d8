/* producer.S - examples/stream: advertises a 256-byte ring under the key "raw" (409), writes a
 * text longer than the ring into it with cvm_stream_write (which blocks while the ring is
 * full), closes the stream and ends. */
#include "cvm.S"

	.section .rodata
key:	.asciz "raw"
text:
	.ascii "one: a stream is a ring in memory both cVMs hold a capability to\n"
	.ascii "two: the producer moves the head, the consumer moves the tail\n"
	.ascii "three: the monitor only registers the ring and wakes the other side\n"
	.ascii "four: no byte goes through the monitor on the way\n"
	.ascii "five: this text is longer than the ring, so the writer blocks\n"
	.ascii "six: and the reader wakes it when there is room again\n"
text_end:
	.equ text_len, text_end - text
s_err:	.ascii "producer: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.data
	.balign 512
ring:	.space STREAM_DATA + 256

	.text
CVM_CAP_GLOBAL key_slot, key, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL text_slot, text, text_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + 256, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + 256
	CVM_LOAD_GLOBAL a2, key_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, fail
	CVM_LOAD_GLOBAL a0, ring_slot
	CVM_LOAD_GLOBAL a1, text_slot
	li a2, text_len
	cjal cvm_stream_write
	li t0, text_len
	bne a0, t0, fail
	CVM_LOAD_GLOBAL a0, ring_slot
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
