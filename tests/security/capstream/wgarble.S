/* wgarble.S - a pure-cap consumer that attacks a hybrid producer's stream
 * (tests/security/capstream.py "wgarble", beside attack.c wgarble). The hybrid writer W owns
 * "wg" (attacked) and "wg2" (W -> us: one byte per step); we advertise "ack" (us -> W: one byte
 * per step, 'X' = a check here failed). Steps:
 *   1. W wrote "abcd": we garble every header word but the tail (head 2^40 + 3, id, both wait
 *      flags, closed) and ack '1'; W's next write of "efgh" must land after "abcd" and W must
 *      publish its own head, 8: then we set the tail 2^40 (ahead of the head) and ack '2'
 *   2. W saw -EIO and sent '3': we set the tail 40000 behind the head (more than the 32 KiB
 *      ring) and ack '4'
 *   3. W saw -EIO and sent '5': we set a sane tail (8), garble the head again and ack '6'
 *   4. W wrote 32768 'w' without blocking (the ring's room) and sent '7': the head must be
 *      8 + 32768 and every one of the ring's 32768 bytes 'w' (the write wrapped, masked);
 *      advertising "wg" ourselves (409) must be HC_EEXIST. We take it all and ack '8'
 *   5. W wrote "zz" at counter 32776 and sent '9': the bytes must be at index 8 (masked);
 *      we make the ring full (tail 10), ack 'A' and end: W's next write gets -EPIPE.
 * Register atlas: cs0 = the wg ring, cs1 = the wg2 ring, cs2 = our ack ring (kept across the
 * calls), s5 = a loop count (an integer write to s0..s2 would clear their capabilities). */
#include "cvm.S"

#define ACK 256
#define WG_CAP 32768
	.section .rodata
k_ack:	.asciz "ack"
k_wg:	.asciz "wg"
k_wg2:	.asciz "wg2"

	.data
	.balign 512
ack:	.space STREAM_DATA + ACK
msg:	.space 16
ts:	.dword 0, 1000000              /* 1 ms */

	.text
CVM_CAP_GLOBAL k_ack_slot, k_ack, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_wg_slot, k_wg, 3, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_wg2_slot, k_wg2, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL ack_slot, ack, STREAM_DATA + ACK, CVM_RELOC_DATA
CVM_CAP_GLOBAL msg_slot, msg, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL ts_slot, ts, 16, CVM_RELOC_DATA

/* send one byte to W on "ack" */
.macro SEND byte
	li t0, \byte
	CVM_LOAD_GLOBAL a1, msg_slot
	csb t0, 0(ca1)
	cmove ca0, cs2
	li a2, 1
	cjal cvm_stream_write
	li t0, 1
	bne a0, t0, fail
.endm
/* the next byte W sends on "wg2" must be \byte */
.macro RECV byte
	cmove ca0, cs1
	CVM_LOAD_GLOBAL a1, msg_slot
	li a2, 1
	cjal cvm_stream_read
	li t0, 1
	bne a0, t0, fail
	CVM_LOAD_GLOBAL a1, msg_slot
	clbu t0, 0(ca1)
	li t1, \byte
	bne t0, t1, fail
.endm
/* wait (1 ms sleeps, up to 10 s) until the head of wg is \value */
.macro POLL_HEAD value
	li s5, 10000
.Lph\@:
	cld t0, STREAM_HEAD(cs0)
	li t1, \value
	beq t0, t1, .Lphok\@
	addi s5, s5, -1
	beqz s5, fail
	CVM_LOAD_GLOBAL a0, ts_slot
	li a1, 0
	li t5, HC_NANOSLEEP
	cjal c_out_2
	j .Lph\@
.Lphok\@:
.endm

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, ack_slot
	li a1, STREAM_DATA + ACK
	CVM_LOAD_GLOBAL a2, k_ack_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	bltz a0, die
	CVM_LOAD_GLOBAL a0, ack_slot
	cmove cs2, ca0
	cincoffsetimm csp, csp, -32
	CVM_LOAD_GLOBAL a0, k_wg_slot
	cincoffsetimm ca1, csp, 0
	cjal cvm_stream_connect
	bltz a0, fail
	CVM_LOAD_GLOBAL a0, k_wg2_slot
	cincoffsetimm ca1, csp, 16
	cjal cvm_stream_connect
	bltz a0, fail
	clc cs0, 0(csp)
	clc cs1, 16(csp)

	/* 1: garble all but the tail while W is between two writes */
	POLL_HEAD 4
	li t0, 1
	slli t0, t0, 40
	addi t0, t0, 3
	csd t0, STREAM_HEAD(cs0)
	li t0, 0x7777
	csd t0, STREAM_ID(cs0)
	li t0, 5
	csd t0, STREAM_RWAIT(cs0)
	li t0, 0x1234
	csd t0, STREAM_WWAIT(cs0)
	li t0, 1
	csd t0, STREAM_CLOSED(cs0)
	SEND '1'
	POLL_HEAD 8
	cld t0, STREAM_DATA(cs0)
	li t1, 0x6867666564636261      /* "abcdefgh" */
	bne t0, t1, fail
	li t0, 1
	slli t0, t0, 40
	csd t0, STREAM_TAIL(cs0)
	SEND '2'
	/* 2: a tail more than a ring behind */
	RECV '3'
	li t0, 8 - 40000
	csd t0, STREAM_TAIL(cs0)
	SEND '4'
	/* 3: a sane tail, a garbled head */
	RECV '5'
	li t0, 8
	csd t0, STREAM_TAIL(cs0)
	li t0, 0x999
	csd t0, STREAM_HEAD(cs0)
	SEND '6'
	/* 4: 32768 'w' in the ring, the head W's own, the key W's */
	RECV '7'
	cld t0, STREAM_HEAD(cs0)
	li t1, 8 + WG_CAP
	bne t0, t1, fail
	li t2, 0x7777777777777777      /* "wwwwwwww" */
	cincoffsetimm ca3, cs0, STREAM_DATA
	li s5, WG_CAP / 8
1:	cld t0, 0(ca3)
	bne t0, t2, fail
	cincoffsetimm ca3, ca3, 8
	addi s5, s5, -1
	bnez s5, 1b
	CVM_LOAD_GLOBAL a0, ack_slot
	li a1, STREAM_DATA + ACK
	CVM_LOAD_GLOBAL a2, k_wg_slot
	li t5, HC_STREAM_ADV
	cjal c_out_3
	li t0, HC_EEXIST
	bne a0, t0, fail
	li t0, 8 + WG_CAP
	csd t0, STREAM_TAIL(cs0)        /* all taken */
	SEND '8'
	/* 5: W wrote "zz" at counter 32776: index 8 of the ring (masked) */
	RECV '9'
	cld t0, STREAM_HEAD(cs0)
	li t1, 8 + WG_CAP + 2
	bne t0, t1, fail
	cincoffsetimm ca3, cs0, STREAM_DATA
	clbu t0, 8(ca3)
	clbu t1, 9(ca3)
	li t2, 'z'
	bne t0, t2, fail
	bne t1, t2, fail
	clbu t0, 10(ca3)
	li t2, 'w'
	bne t0, t2, fail
	li t0, 10
	csd t0, STREAM_TAIL(cs0)        /* a full ring: W's next write blocks until we end */
	SEND 'A'
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	li t0, 'X'
	CVM_LOAD_GLOBAL a1, msg_slot
	csb t0, 0(ca1)
	cmove ca0, cs2
	li a2, 1
	cjal cvm_stream_write
die:
	li a0, 1
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
