/* stream_bench.S - CP_Stream throughput (bench/stream_bench.sh): built as a producer
 * (-DPRODUCER) that writes TOTAL bytes in messages of MSG bytes into a ring of RING bytes it
 * advertises as "bench", and a consumer that reads them MSG bytes at a time until the end. */
#include "cvm.S"

#ifndef RING
#define RING 32768   /* data bytes (bench/stream_bench.mk STB_RING_* gives each row's) */
#endif

	.section .rodata
key:	.asciz "bench"

	.data
	.balign 4096
ring:	.space STREAM_DATA + RING
	.balign MSG
buf:	.space MSG

	.text
CVM_CAP_GLOBAL key_slot, key, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + RING, CVM_RELOC_DATA
CVM_CAP_GLOBAL buf_slot, buf, MSG, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -32
#ifdef PRODUCER
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + RING
	CVM_LOAD_GLOBAL a2, key_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, 9f
	li s1, TOTAL / MSG
1:	CVM_LOAD_GLOBAL a0, ring_slot
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, MSG
	cjal cvm_stream_write
	bltz a0, 9f
	addi s1, s1, -1
	bnez s1, 1b
	CVM_LOAD_GLOBAL a0, ring_slot
	cjal cvm_stream_close
	/* a closed stream stays for its consumer after this cVM ends (share_cvm_gone) */
	li a0, 0
#else
	CVM_LOAD_GLOBAL a0, key_slot
	cincoffsetimm ca1, csp, 0
	cjal cvm_stream_connect
	bltz a0, 9f
	li s1, 0
1:	clc ca0, 0(csp)
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, MSG
	cjal cvm_stream_read
	bltz a0, 9f
	add s1, s1, a0
	bnez a0, 1b
	li t0, TOTAL
	li a0, 0
	beq s1, t0, 9f
	li a0, 1                        /* exit value 1: bytes missing */
#endif
9:	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
