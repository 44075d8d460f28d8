/* pgarble.S - pure-cap peers that garble a stream's header against sdk/crt/stream.S
 * (tests/security/capstream.py "pgarble"): built as the producer (-DPRODUCER, ring "pg" of 256
 * data bytes) and as the consumer; each reads the other's progress in the header itself.
 *   1. P fills its ring with 'g', advertises it and sets the head 2^40 + 5 (tail 0: more than
 *      the ring holds). C's cvm_stream_read (room for 4096 bytes, 16 rings) must neither fault
 *      (a second run of the copy past the ring's end) nor return 'g's: it waits. P sees C's
 *      memo of the head reach the garbled value (C looked at it), waits 30 ms more, garbles
 *      that memo (2^41), writes "hello\n" and a sane head (6) and wakes: C gets exactly those 6.
 *   2. C sets the tail 2^40 (ahead of the head) and P's memo of it 3 (stale, sane-looking);
 *      P, seeing the tail, writes 4096 bytes (byte i = i * 7 + 1): cvm_stream_write must
 *      neither fault nor overwrite (free > capacity): it waits. C sees P's memo become 2^40
 *      (P looked at the real tail), waits 30 ms, sets a sane tail (6) and wakes; then it reads
 *      the 4096 bytes in order, P closes, C reads 0 (the end).
 * Lines: "ok pg-..." for each check passed; "BAD ..." and exit 1 otherwise. Register atlas:
 * cs0 = the ring (kept across the helpers' calls), s4 = the stream's id, s5 = a count, s6 =
 * bytes read so far (integer writes to s0 would clear the capability). */
#include "cvm.S"

#define RING 256
#define BIG 4096
#define GARBLED_HEAD ((1 << 40) + 5)

	.section .rodata
key:	.asciz "pg"
hello:	.ascii "hello\n"
#ifdef PRODUCER
m_ok1:	.ascii "ok pg-reader-memo-saw-garbled-head\n"
m_ok2:	.ascii "ok pg-write-4096-after-garbled-tail\n"
m_bad:	.ascii "BAD pg-producer\n"
m_end:
	.equ m_ok2_len, m_bad - m_ok2
#else
m_ok1:	.ascii "ok pg-garbled-head-waited-then-hello\n"
m_ok2:	.ascii "ok pg-writer-memo-saw-garbled-tail\n"
m_ok3:	.ascii "ok pg-read-4096-in-order-then-end\n"
m_bad:	.ascii "BAD pg-consumer\n"
m_end:
	.equ m_ok2_len, m_ok3 - m_ok2
	.equ m_ok3_len, m_bad - m_ok3
#endif
	.equ m_ok1_len, m_ok2 - m_ok1
	.equ m_bad_len, m_end - m_bad

	.data
	.balign 512
ring:	.space STREAM_DATA + RING
	.balign 16
buf:	.space BIG
ringloc: .space 16
ts1:	.dword 0, 1000000              /* 1 ms */
ts30:	.dword 0, 30000000             /* 30 ms */

	.text
CVM_CAP_GLOBAL key_slot, key, 3, CVM_RELOC_RODATA
CVM_CAP_GLOBAL hello_slot, hello, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + RING, CVM_RELOC_DATA
CVM_CAP_GLOBAL buf_slot, buf, BIG, CVM_RELOC_DATA
CVM_CAP_GLOBAL ringloc_slot, ringloc, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL ts1_slot, ts1, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL ts30_slot, ts30, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL m_ok1_slot, m_ok1, m_ok1_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL m_ok2_slot, m_ok2, m_ok2_len, CVM_RELOC_RODATA
#ifndef PRODUCER
CVM_CAP_GLOBAL m_ok3_slot, m_ok3, m_ok3_len, CVM_RELOC_RODATA
#endif
CVM_CAP_GLOBAL m_bad_slot, m_bad, m_bad_len, CVM_RELOC_RODATA

/* \rd <- byte \i of the 4096-byte write: i * 7 + 1, mod 256 (\tmp: scratch, may be \rd) */
.macro PATTERN rd, i, tmp
	li \tmp, 7
	mul \rd, \i, \tmp
	addi \rd, \rd, 1
	andi \rd, \rd, 0xff
.endm
.macro SLEEP slot
	CVM_LOAD_GLOBAL a0, \slot
	li a1, 0
	li t5, HC_NANOSLEEP
	cjal c_out_2
.endm
/* wait (1 ms sleeps, up to 10 s) until the header word at \off is \value (in s7) */
.macro POLL off
	li s5, 10000
.Lp\@:
	cld t0, \off(cs0)
	beq t0, s7, .Lpok\@
	addi s5, s5, -1
	beqz s5, fail
	SLEEP ts1_slot
	j .Lp\@
.Lpok\@:
.endm
.macro WAKE
	mv a0, s4
	li t5, HC_CAP_WAKE
	cjal c_out_1
.endm

CVM_FUNC cvm_main
#ifdef PRODUCER
	CVM_LOAD_GLOBAL a0, ring_slot
	cmove cs0, ca0
	cincoffsetimm ca3, cs0, STREAM_DATA
	li t0, 'g'
	li t1, RING
1:	csb t0, 0(ca3)
	cincoffsetimm ca3, ca3, 1
	addi t1, t1, -1
	bnez t1, 1b
	cmove ca0, cs0
	li a1, STREAM_DATA + RING
	CVM_LOAD_GLOBAL a2, key_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, fail
	mv s4, a0
	/* 1: a head more than a ring ahead of the tail */
	li s7, GARBLED_HEAD
	csd s7, STREAM_HEAD(cs0)
	POLL STREAM_HEAD_SEEN           /* the consumer loaded it (and is still alive) */
	SLEEP ts30_slot
	li t0, 1
	slli t0, t0, 41
	csd t0, STREAM_HEAD_SEEN(cs0)   /* its memo, garbled too */
	CVM_SAY m_ok1_slot, m_ok1_len
	CVM_LOAD_GLOBAL a0, hello_slot
	cincoffsetimm ca3, cs0, STREAM_DATA
	li t1, 6
2:	clbu t0, 0(ca0)
	csb t0, 0(ca3)
	cincoffsetimm ca0, ca0, 1
	cincoffsetimm ca3, ca3, 1
	addi t1, t1, -1
	bnez t1, 2b
	fence rw, w
	li t0, 6
	csd t0, STREAM_HEAD(cs0)
	fence rw, rw
	WAKE
	/* 2: once the consumer garbled the tail, write 4096 bytes */
	li s7, 1
	slli s7, s7, 40
	POLL STREAM_TAIL
	CVM_LOAD_GLOBAL a0, buf_slot
	li t1, 0
3:	PATTERN t0, t1, t2
	csb t0, 0(ca0)
	cincoffsetimm ca0, ca0, 1
	addi t1, t1, 1
	li t2, BIG
	bltu t1, t2, 3b
	cmove ca0, cs0
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, BIG
	cjal cvm_stream_write
	li t0, BIG
	bne a0, t0, fail
	cmove ca0, cs0
	cjal cvm_stream_close
	CVM_SAY m_ok2_slot, m_ok2_len
#else
	CVM_LOAD_GLOBAL a0, key_slot
	CVM_LOAD_GLOBAL a1, ringloc_slot
	cjal cvm_stream_connect
	bltz a0, fail
	mv s4, a0
	CVM_LOAD_GLOBAL a1, ringloc_slot
	clc cs0, 0(ca1)
	/* 1: waits through the garbled head, then exactly "hello\n" */
	cmove ca0, cs0
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, BIG
	cjal cvm_stream_read
	li t0, 6
	bne a0, t0, fail
	CVM_LOAD_GLOBAL a0, buf_slot
	CVM_LOAD_GLOBAL a1, hello_slot
	li t1, 6
1:	clbu t0, 0(ca0)
	clbu t2, 0(ca1)
	bne t0, t2, fail
	cincoffsetimm ca0, ca0, 1
	cincoffsetimm ca1, ca1, 1
	addi t1, t1, -1
	bnez t1, 1b
	CVM_SAY m_ok1_slot, m_ok1_len
	/* 2: a tail ahead of the head, a stale memo of it */
	li t0, 3
	csd t0, STREAM_TAIL_SEEN(cs0)
	fence rw, rw
	li s7, 1
	slli s7, s7, 40
	csd s7, STREAM_TAIL(cs0)
	POLL STREAM_TAIL_SEEN           /* the producer loaded it (and is still alive) */
	SLEEP ts30_slot
	CVM_SAY m_ok2_slot, m_ok2_len
	li t0, 6
	csd t0, STREAM_TAIL(cs0)
	fence rw, rw
	WAKE
	li s6, 0
2:	cmove ca0, cs0
	CVM_LOAD_GLOBAL a1, buf_slot
	cincoffset ca1, ca1, s6
	li a2, BIG
	sub a2, a2, s6
	cjal cvm_stream_read
	blez a0, fail
	add s6, s6, a0
	li t0, BIG
	bltu s6, t0, 2b
	CVM_LOAD_GLOBAL a0, buf_slot
	li t1, 0
3:	clbu t0, 0(ca0)
	PATTERN t2, t1, t2
	bne t0, t2, fail
	cincoffsetimm ca0, ca0, 1
	addi t1, t1, 1
	li t2, BIG
	bltu t1, t2, 3b
	cmove ca0, cs0
	CVM_LOAD_GLOBAL a1, buf_slot
	li a2, BIG
	cjal cvm_stream_read
	bnez a0, fail                   /* closed and drained: 0 */
	CVM_SAY m_ok3_slot, m_ok3_len
#endif
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	CVM_SAY m_bad_slot, m_bad_len
	li a0, 1
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
