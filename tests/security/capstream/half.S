/* half.S - a misbehaving stream producer for tests/security/capstream.py.
 * Default: advertises "half" (a 256-byte ring), writes "partial line\n" (13 bytes), waits until
 * its consumer has taken them (up to 10 s), sleeps 50 ms (the consumer is blocked in read by
 * then) and ends without closing the stream.
 * -DGARBLE: fills its ring with 'g', advertises "garble", sets the head 2^40 bytes ahead of
 * the tail and waits until the consumer has read something (up to 10 s), then ends. */
#include "cvm.S"

#define RING 256
	.section .rodata
#ifdef GARBLE
key:	.asciz "garble"
#else
key:	.asciz "half"
#endif
text:	.ascii "partial line\n"

	.data
	.balign 512
ring:	.space STREAM_DATA + RING
ts:	.dword 0, 1000000              /* 1 ms */
ts50:	.dword 0, 50000000             /* 50 ms */

	.text
CVM_CAP_GLOBAL key_slot, key, 8, CVM_RELOC_RODATA
CVM_CAP_GLOBAL text_slot, text, 13, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + RING, CVM_RELOC_DATA
CVM_CAP_GLOBAL ts_slot, ts, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL ts50_slot, ts50, 16, CVM_RELOC_DATA

CVM_FUNC cvm_main
#ifdef GARBLE
	CVM_LOAD_GLOBAL a0, ring_slot
	li t0, 'g'
	li t1, RING
	cincoffsetimm ca0, ca0, STREAM_DATA
1:	csb t0, 0(ca0)
	cincoffsetimm ca0, ca0, 1
	addi t1, t1, -1
	bnez t1, 1b
#endif
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + RING
	CVM_LOAD_GLOBAL a2, key_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, 9f
#ifdef GARBLE
	CVM_LOAD_GLOBAL a0, ring_slot
	li t0, 1
	slli t0, t0, 40
	csd t0, STREAM_HEAD(ca0)
	li s2, 0                        /* wait until the tail moves */
#else
	CVM_LOAD_GLOBAL a0, ring_slot
	CVM_LOAD_GLOBAL a1, text_slot
	li a2, 13
	cjal cvm_stream_write
	li t0, 13
	bne a0, t0, 9f
	li s2, 12                       /* wait until the tail is 13 */
#endif
	li s1, 10000                    /* 10 s of 1 ms sleeps */
2:	CVM_LOAD_GLOBAL a0, ring_slot
	cld t0, STREAM_TAIL(ca0)
	bgtu t0, s2, 3f
	addi s1, s1, -1
	beqz s1, 3f
	CVM_LOAD_GLOBAL a0, ts_slot
	li a1, 0
	li t5, HC_NANOSLEEP
	cjal c_out_2
	j 2b
3:	CVM_LOAD_GLOBAL a0, ts50_slot
	li a1, 0
	li t5, HC_NANOSLEEP
	cjal c_out_2
	li a0, 0
9:	li t5, HC_EXIT                  /* no cvm_stream_close */
	cjal c_out_1
CVM_END cvm_main
