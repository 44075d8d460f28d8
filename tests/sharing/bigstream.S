/* bigstream.S - a CP_Stream carrying TOTAL bytes through a 32 KiB ring in writes and reads of
 * mixed sizes (1 byte .. 70,001: each side's runs go through stream_copy's loop, its monitor
 * copy, and the ring's wrap) at mixed alignments, every byte checked (tests/sharing/run.sh).
 * Byte n of the stream is n mod 251 (prime: no alignment repeats it).
 *   -DPRODUCER  advertises "big", writes, closes and ends (a closed stream stays for its
 *               consumer, src/monitor/share.c share_cvm_gone)
 *   (default)   the consumer: reads until the end, checks every byte and the count, prints
 *               "bigstream: TOTAL bytes, every one in order"
 *   -DSHORT     a consumer that passes a 3,000-byte buffer with max 4,096: the run the monitor
 *               refuses is left to the loop, which faults at the buffer's end (a length
 *               violation in stream_copy, as without the monitor copy)
 *   -DTOTAL=N   N bytes instead of 1,000,003 (both sides; 20,000 fit the ring, so the producer
 *               can end before its consumer starts)
 *   -DRING=N    a ring of N data bytes instead of 32 KiB (both sides): stream.S moves half a
 *               ring before it publishes (64 KiB: 32 KiB chunks; 128 KiB, the largest ring a
 *               capability bounds exactly: 64 KiB chunks)
 */
#include "cvm.S"

#ifndef TOTAL
#define TOTAL 1000003
#endif
#define STR2(x) #x
#define STR(x) STR2(x)
#ifndef RING
#define RING 32768
#endif
#define SRC_LEN (70001 + 251)
#define DST_LEN (100000 + 8)
#define NLENS 12
#define NMAXES 10

	.section .rodata
key:	.asciz "big"
ok_msg:	.ascii "bigstream: ", STR(TOTAL), " bytes, every one in order\n"
ok_end:
bad_msg: .ascii "bigstream: BAD\n"
bad_end:
	.equ bad_len, bad_end - bad_msg
	.equ ok_len, ok_end - ok_msg
	.balign 8
lens:	.dword 1, 4095, 2048, 70001, 3, 12345, 16384, 2047, 32768, 65536, 5000, 2049
lens_end:
maxes:	.dword 4096, 1, 65536, 2049, 100000, 7, 32768, 2048, 3000, 50000
maxes_end:
offs:	.dword 0, 1, 3, 8

	.data
	.balign 4096
ring:	.space STREAM_DATA + RING
	.balign 16
buf:	.space SRC_LEN + DST_LEN

	.text
CVM_CAP_GLOBAL key_slot, key, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ok_slot, ok_msg, ok_end - ok_msg, CVM_RELOC_RODATA
CVM_CAP_GLOBAL bad_slot, bad_msg, bad_end - bad_msg, CVM_RELOC_RODATA
CVM_CAP_GLOBAL lens_slot, lens, lens_end - lens, CVM_RELOC_RODATA
CVM_CAP_GLOBAL maxes_slot, maxes, maxes_end - maxes, CVM_RELOC_RODATA
CVM_CAP_GLOBAL offs_slot, offs, 32, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + RING, CVM_RELOC_DATA
CVM_CAP_GLOBAL buf_slot, buf, SRC_LEN + DST_LEN, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -32
#ifdef PRODUCER
	/* buf[i] = i mod 251 */
	CVM_LOAD_GLOBAL a0, buf_slot
	li t0, 0
	li t1, 0
	li t2, SRC_LEN
	li t3, 251
1:	csb t1, 0(ca0)
	cincoffsetimm ca0, ca0, 1
	addi t1, t1, 1
	bne t1, t3, 2f
	li t1, 0
2:	addi t0, t0, 1
	bne t0, t2, 1b
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + RING
	CVM_LOAD_GLOBAL a2, key_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, .Lbad
	li s1, TOTAL                    /* bytes left */
	li s2, 0                        /* the next byte's value: position mod 251 */
	li s3, 0                        /* index into lens */
.Lw_next:
	beqz s1, .Lw_done
	CVM_LOAD_GLOBAL a0, lens_slot
	slli t0, s3, 3
	cincoffset ca0, ca0, t0
	cld a2, 0(ca0)
	bleu a2, s1, 1f
	mv a2, s1
1:	mv s4, a2
	CVM_LOAD_GLOBAL a1, buf_slot
	cincoffset ca1, ca1, s2         /* buf + s2 holds s2, s2 + 1, ... mod 251 */
	CVM_LOAD_GLOBAL a0, ring_slot
	cjal cvm_stream_write
	bne a0, s4, .Lbad
	sub s1, s1, s4
	add s2, s2, s4
	li t0, 251
	remu s2, s2, t0
	addi s3, s3, 1
	li t0, NLENS
	bne s3, t0, .Lw_next
	li s3, 0
	j .Lw_next
.Lw_done:
	CVM_LOAD_GLOBAL a0, ring_slot
	cjal cvm_stream_close
	li a0, 0                        /* the closed stream stays for the consumer */
	j .Lexit
#else
	CVM_LOAD_GLOBAL a0, key_slot
	cincoffsetimm ca1, csp, 0
	cjal cvm_stream_connect
	bltz a0, .Lbad
	li s1, 0                        /* bytes read */
	li s2, 0                        /* the next byte's value */
	li s3, 0                        /* index into maxes */
	li s5, 0                        /* index into offs */
.Lr_next:
	CVM_LOAD_GLOBAL a0, offs_slot
	slli t0, s5, 3
	cincoffset ca0, ca0, t0
	cld s6, 0(ca0)                  /* the destination's offset */
	CVM_LOAD_GLOBAL a0, maxes_slot
	slli t0, s3, 3
	cincoffset ca0, ca0, t0
	cld a2, 0(ca0)
	CVM_LOAD_GLOBAL a1, buf_slot
	li t0, SRC_LEN
	cincoffset ca1, ca1, t0
#ifdef SHORT
	csetboundsimm ca1, ca1, 3000
	li a2, 4096
#endif
	cincoffset ca1, ca1, s6
	clc ca0, 0(csp)
	cjal cvm_stream_read
	bltz a0, .Lbad
	beqz a0, .Lr_end
	mv s4, a0
	add s1, s1, a0
	CVM_LOAD_GLOBAL a1, buf_slot
	li t0, SRC_LEN
	cincoffset ca1, ca1, t0
	cincoffset ca1, ca1, s6
	li t3, 251
1:	clbu t0, 0(ca1)
	bne t0, s2, .Lbad
	addi s2, s2, 1
	bne s2, t3, 2f
	li s2, 0
2:	cincoffsetimm ca1, ca1, 1
	addi s4, s4, -1
	bnez s4, 1b
	addi s3, s3, 1
	li t0, NMAXES
	bne s3, t0, 3f
	li s3, 0
3:	addi s5, s5, 1
	andi s5, s5, 3
	j .Lr_next
.Lr_end:
	li t0, TOTAL
	bne s1, t0, .Lbad
	CVM_LOAD_GLOBAL a0, ok_slot
	li a1, ok_len
	li t5, HC_WRITE
	cjal c_out_2
	li a0, 0
	j .Lexit
#endif
.Lbad:
	CVM_LOAD_GLOBAL a0, bad_slot
	li a1, bad_len
	li t5, HC_WRITE
	cjal c_out_2
	li a0, 1
.Lexit:
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
