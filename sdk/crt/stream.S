/* stream.S - blocking read and write on a CP_Stream ring (sdk/README.md "Streams";
 * sdk/include/cvm_abi.h STREAM_*; hostcalls 407-410). Pure-cap: every access goes through the
 * ring and buffer capabilities the caller passes, so a peer that corrupts the header can only
 * garble the bytes or stall the stream, never make these helpers touch anything else.
 *
 *   cvm_stream_write(ca0 = ring, ca1 = src [Load], a2 = len) -> a0 = len, or a negative HC_E*
 *       (HC_EPIPE: the consumer has ended). Blocks while the ring is full.
 *   cvm_stream_read(ca0 = ring, ca1 = dst [Store], a2 = max) -> a0 = 1..max bytes, 0 once the
 *       producer closed the stream and it is empty, or a negative HC_E* (HC_EPIPE/HC_ENOENT:
 *       the producer ended without closing). Blocks while the ring is empty.
 *   cvm_stream_close(ca0 = ring) -> a0 = 0: no more bytes; the reader gets 0 once drained.
 *   cvm_stream_connect(ca0 = key, ca1 = where the ring capability goes [16 bytes]) -> a0 =
 *       the stream's id, retrying hostcall 410 every millisecond for up to 10 s while the key
 *       is not advertised yet (HC_ENOENT); any other error at once.
 *
 * Protocol: the producer alone writes STREAM_HEAD and STREAM_TAIL_SEEN, the consumer alone
 * STREAM_TAIL and STREAM_HEAD_SEEN (each on its own cache line, cvm_abi.h); each reads the
 * other's counter when the memo of it (*_SEEN: the value it last read, so never ahead) does
 * not leave room for / hold the bytes of the call, moves bytes (in at most two runs around
 * the ring's end: a run of STREAM_BULK bytes or more by the monitor's copy, HC_CAP_COPY;
 * shorter ones 8 at a time where source and destination share their alignment), then
 * publishes its own counter. Only
 * a side that may be blocked is woken: a side that finds the ring full (producer) or empty
 * (consumer) first polls the other's counter for a while (STREAM_SPIN_US: the peer is
 * usually running on another core and a sleep costs two hostcalls and a host context switch),
 * then sets its flag (STREAM_WWAIT / STREAM_RWAIT) with an AMO, reads the wake count (407 with
 * timeout 0 and a count that cannot be current), checks the ring again, and only then waits
 * for a count other than the one it read. The consumer's flag is 1; the producer's is the tail
 * it waits for: room for min(bytes left, capacity / 2), so a full ring drained a message at a
 * time wakes it once per half ring, not once per message. After publishing its counter the
 * other side reads the flag with a plain load and, if it is set (and for the producer's,
 * reached), swaps it to 0 with an AMO and wakes the id (408) if the swap still found it set.
 * This is Dekker's handshake made asymmetric: the waiter's AMO is a full barrier, and its
 * snapshot (407 with timeout 0) is a barrier across every hart (the monitor's mem_barrier,
 * membarrier(2)), so the publisher, the side on the path of every message, needs no fence
 * between its counter and the flag: either the waiter's look after the snapshot sees the new
 * counter, or the publisher's load sees the flag and its wake comes after the count was read,
 * so no wake is lost. (A full fence there cost 8-12 % of the 4 KiB stream's throughput: it
 * waits for the bytes just copied into the ring to leave the store buffer.)
 * A peer that garbles the header can only stall the stream (for STREAM_WAIT_NS at a time),
 * garble the bytes or cost extra wakes: a memo it garbles counts as garbling its own counter
 * (a tail memo ahead of the real tail lets the producer overwrite bytes the consumer has not
 * read: the consumer's loss), and counts that make no sense are clamped (below).
 * Registers: cs0..cs6 hold the state across hostcalls and are restored on return.
 */
#include "cvm.S"

	.text

/* prologue/epilogue: cra, cs0..cs6 on the stack (8 x 16 bytes) */
.macro STREAM_ENTER
	cincoffsetimm csp, csp, -128
	csc cra, 0(csp)
	csc cs0, 16(csp)
	csc cs1, 32(csp)
	csc cs2, 48(csp)
	csc cs3, 64(csp)
	csc cs4, 80(csp)
	csc cs5, 96(csp)
	csc cs6, 112(csp)
.endm
.macro STREAM_LEAVE
	clc cra, 0(csp)
	clc cs0, 16(csp)
	clc cs1, 32(csp)
	clc cs2, 48(csp)
	clc cs3, 64(csp)
	clc cs4, 80(csp)
	clc cs5, 96(csp)
	clc cs6, 112(csp)
	cincoffsetimm csp, csp, 128
	cret
.endm

/* s5 <- the wake count of the stream (id in s4); a negative result goes to \fail */
.macro STREAM_SNAPSHOT fail
	mv a0, s4
	li a1, -1
	li a2, 0
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, \fail
	mv s5, a0
.endm
/* wait until the wake count differs from s5, or STREAM_WAIT_NS passed (then the caller looks
 * at the ring again: a wake that went missing costs at most that long, never a hang) */
#define STREAM_WAIT_NS 10000000
.macro STREAM_WAIT fail
	mv a0, s4
	mv a1, s5
	li a2, STREAM_WAIT_NS
	li t5, HC_CAP_WAIT
	cjal c_out_3
	li t0, HC_ETIMEDOUT
	beq a0, t0, .Lwt\@
	bltz a0, \fail
.Lwt\@:
.endm
.macro STREAM_WAKE
	mv a0, s4
	li t5, HC_CAP_WAKE
	cjal c_out_1
.endm

/* how long a side polls before it sleeps, in rdtime ticks (10 MHz: src/hart/hart.h), the clock
 * read every STREAM_SPIN_ROUNDS rounds (a load, a compare and a count each). A sleep costs two
 * hostcalls, a futex wait and a wake on another core: on the 2-core VM of bench/stream_bench.sh
 * waking a sleeper took longer than the ~60 us 16,384 rounds lasted, so a side that slept once
 * made its peer, polling meanwhile, run out and sleep too, and the two went on sleeping in turn
 * (64 KiB messages: ~300 sleeps per run, 256 MiB in 37 ms; polling up to 1 ms: no sleep, 12
 * ms). The cost: a side whose peer is idle burns up to this long before it sleeps. */
#ifndef STREAM_SPIN_US
#define STREAM_SPIN_US 1000
#endif
#define STREAM_SPIN_TICKS (STREAM_SPIN_US * 10)
#define STREAM_SPIN_ROUNDS 256
/* \dl <- the deadline of a poll that starts now */
.macro STREAM_SPIN_START dl, tmp
	rdtime \dl
	li \tmp, STREAM_SPIN_TICKS
	add \dl, \dl, \tmp
.endm
/* the most bytes moved before the counter is published: half the ring, so the peer, on
 * another core, works on one half while this side moves the other, and at least
 * STREAM_CHUNK_MIN (a smaller ring holds fewer bytes anyway). The largest ring a capability
 * bounds exactly (STREAM_DATA + 128 KiB) gives 64 KiB. With the monitor's copy each chunk costs
 * a hostcall: 64 KiB messages through a 32 KiB ring went 5.0 GB/s in 4 KiB chunks, 5.6 in 8 KiB,
 * 13.4 in 16 KiB (one run each); through a 128 KiB ring 64 KiB chunks moved 256 MiB in 21 ms,
 * 32 KiB ones in 24, and 16 KiB ones through a 32 KiB ring in 28 (best of 21 alternating runs,
 * less the ~11 ms of a run's start) */
#define STREAM_CHUNK_MIN 16384
/* \rd <- the chunk of a ring of capacity \cap (\tmp: scratch) */
.macro STREAM_CHUNK rd, cap, tmp
	srli \rd, \cap, 1
	li \tmp, STREAM_CHUNK_MIN
	bgeu \rd, \tmp, .Lcmin\@
	mv \rd, \tmp
.Lcmin\@:
.endm

/* s6 <- capacity - 1 of the ring in cs0 */
.macro STREAM_MASK
	cgetlen s6, cs0
	addi s6, s6, -(STREAM_DATA + 1)
.endm

/* runs of at least this many bytes go to the monitor's copy (HC_CAP_COPY: host memcpy speed,
 * both capabilities checked whole) instead of the loop below. Through a 32 KiB ring the loop
 * wins for 512- and 1024-byte messages (64 MiB of 512: 0.105 s vs 0.150 s), the copy for
 * 4 KiB (0.106 s vs 0.13-0.19 s); 2 KiB is about even */
#define STREAM_BULK 2048

/* stream_copy: a5 bytes from ca4 to ca3 (both advanced); clobbers t0..t4, a3..a5. Bytes only:
 * a stream carries bytes, never tags. */
stream_copy:
	li t0, STREAM_BULK
	bgeu a5, t0, stream_copy_bulk
stream_copy_loop:
	beqz a5, 9f
	xor t0, a3, a4
	andi t0, t0, 7
	bnez t0, 5f                     /* different alignment: bytes */
1:	andi t0, a3, 7
	beqz t0, 2f
	clbu t1, 0(ca4)
	csb t1, 0(ca3)
	cincoffsetimm ca3, ca3, 1
	cincoffsetimm ca4, ca4, 1
	addi a5, a5, -1
	beqz a5, 9f
	j 1b
2:	li t2, 32
	bltu a5, t2, 4f
3:	cld t0, 0(ca4)
	cld t1, 8(ca4)
	cld t3, 16(ca4)
	cld t4, 24(ca4)
	csd t0, 0(ca3)
	csd t1, 8(ca3)
	csd t3, 16(ca3)
	csd t4, 24(ca3)
	cincoffsetimm ca3, ca3, 32
	cincoffsetimm ca4, ca4, 32
	addi a5, a5, -32
	bgeu a5, t2, 3b
4:	li t2, 8
	bltu a5, t2, 5f
	cld t0, 0(ca4)
	csd t0, 0(ca3)
	cincoffsetimm ca3, ca3, 8
	cincoffsetimm ca4, ca4, 8
	addi a5, a5, -8
	j 4b
5:	beqz a5, 9f
	clbu t1, 0(ca4)
	csb t1, 0(ca3)
	cincoffsetimm ca3, ca3, 1
	cincoffsetimm ca4, ca4, 1
	addi a5, a5, -1
	j 5b
9:	cret

/* a hostcall keeps only the preserved registers: what the callers of stream_copy keep in
 * argument and temporary registers (STREAM_MOVE, the fast paths) waits on the stack. A failed
 * copy (a capability that does not cover the run: the loop then traps at the first byte it
 * may not touch, as it always did; a handler cVM that does not serve 1000) leaves the bytes
 * to the loop. */
stream_copy_bulk:
	cincoffsetimm csp, csp, -176
	csc cra, 0(csp)
	csc ca0, 16(csp)
	csc ca1, 32(csp)
	csc ca2, 48(csp)
	csc ca3, 64(csp)
	csc ca4, 80(csp)
	csc ca6, 96(csp)
	csc ca7, 112(csp)
	csc ct5, 128(csp)
	csc ct6, 144(csp)
	csd a5, 160(csp)
	cmove ca0, ca3
	cmove ca1, ca4
	mv a2, a5
	li t5, HC_CAP_COPY
	cjal c_out_3
	mv t0, a0
	clc cra, 0(csp)
	clc ca0, 16(csp)
	clc ca1, 32(csp)
	clc ca2, 48(csp)
	clc ca3, 64(csp)
	clc ca4, 80(csp)
	clc ca6, 96(csp)
	clc ca7, 112(csp)
	clc ct5, 128(csp)
	clc ct6, 144(csp)
	cld a5, 160(csp)
	cincoffsetimm csp, csp, 176
	bne t0, a5, stream_copy_loop
	cincoffset ca3, ca3, a5
	cincoffset ca4, ca4, a5
	li a5, 0
	cret

/* set the flag at offset off of the ring to 1 (a full barrier) */
.macro STREAM_FLAG_SET off
	li t0, 1
	cincoffsetimm ct4, cs0, \off
	amoswap.d.aqrl zero, t0, (t4)
.endm
/* the producer, its new head published: go on to \done unless the consumer flagged that it
 * may be waiting (then the flag is cleared, and the code after the macro wakes it). No fence
 * between the head and the flag's load: the consumer's snapshot orders them (Dekker, above);
 * a plain load first, as the flag is nearly always clear: an AMO on the line both sides use
 * cost more than the rest of a short write */
.macro STREAM_WAKE_READER ring, done
	cld t0, STREAM_RWAIT(\ring)
	beqz t0, \done
	cincoffsetimm ct4, \ring, STREAM_RWAIT
	amoswap.d.aqrl t0, zero, (t4)
	beqz t0, \done
.endm
/* the consumer, its new tail in \tail published: wake the producer if it waits for a tail
 * <= \tail (clearing its flag). No fence: the producer's snapshot orders the tail before the
 * flag's load (Dekker, above). */
.macro STREAM_WAKE_WRITER ring, tail, done
	cld t0, STREAM_WWAIT(\ring)
	beqz t0, \done
	bltu \tail, t0, \done          /* not enough room for it yet */
	cincoffsetimm ct4, \ring, STREAM_WWAIT
	amoswap.d.aqrl t0, zero, (t4)
	beqz t0, \done
.endm

/* n bytes between the ring (ring, mask: its capacity - 1) at counter pos and the buffer buf at
 * offset boff: to the ring when to_ring, else from it; two runs when they wrap (first: the
 * first run's length). Clobbers t0..t4, a3..a5 and first (not ring, buf, boff, mask, pos, n). */
.macro STREAM_MOVE to_ring, ring, buf, boff, mask, pos, n, first
	and t0, \pos, \mask             /* ring index */
	addi t1, \mask, 1
	sub t1, t1, t0                  /* bytes to the ring's end */
	mv \first, \n
	bleu \first, t1, 1f
	mv \first, t1
1:	addi t0, t0, STREAM_DATA
	mv a5, \first
.if \to_ring
	cincoffset ca3, \ring, t0
	cincoffset ca4, \buf, \boff
.else
	cincoffset ca4, \ring, t0
	cincoffset ca3, \buf, \boff
.endif
	cjal stream_copy
	sub a5, \n, \first
	beqz a5, 2f
	li t0, STREAM_DATA
	add t1, \boff, \first
.if \to_ring
	cincoffset ca3, \ring, t0
	cincoffset ca4, \buf, t1
.else
	cincoffset ca4, \ring, t0
	cincoffset ca3, \buf, t1
.endif
	cjal stream_copy
2:
.endm

/* The fast paths: the whole write fits / something to read, and nobody to wake. Nothing is
 * saved: cra waits in ct6 (stream_copy leaves it alone); a wake goes through .L*_wake. */

/* wake the stream of ring ca0 and return a2 to ct6 (a hostcall: only the stack survives it) */
stream_wake_ret:
	cincoffsetimm csp, csp, -32
	csc ct6, 0(csp)
	csd a2, 16(csp)
	cld a0, STREAM_ID(ca0)
	li t5, HC_CAP_WAKE
	cjal c_out_1
	clc cra, 0(csp)
	cld a0, 16(csp)
	cincoffsetimm csp, csp, 32
	cret

/* Where a counter is garbled (a peer holds the ring capability and may write anything), the
 * amounts are clamped: a side moves bytes only while 1 <= available <= capacity (consumer) or
 * 1 <= free <= capacity (producer); otherwise it waits as if the ring were empty or full, so
 * no run can leave the ring (STREAM_MOVE's two runs hold at most a ring's worth). */

/* a7 <- free bytes (head \head, tail \tail, capacity \cap); to \bad unless len <= free <= cap
 * (t2 scratch) */
.macro STREAM_FREE head, tail, cap, len, bad
	sub t2, \head, \tail            /* bytes in the ring */
	bgtu t2, \cap, \bad             /* more than the ring holds: garbled or stale */
	sub a7, \cap, t2
	bltu a7, \len, \bad
.endm

CVM_FUNC cvm_stream_write
	cld t0, STREAM_HEAD(ca0)
	cld t1, STREAM_TAIL_SEEN(ca0)   /* our memo: no line from the consumer's core */
	cgetlen t3, ca0
	addi t3, t3, -STREAM_DATA       /* capacity */
	beqz a2, .Lw_slow
	STREAM_CHUNK t2, t3, t4
	bltu t2, a2, .Lw_slow           /* more than a chunk: the general path */
	STREAM_FREE t0, t1, t3, a2, 1f
	j 2f
1:	cld t1, STREAM_TAIL(ca0)        /* the memo does not leave room: the real tail */
	csd t1, STREAM_TAIL_SEEN(ca0)
	STREAM_FREE t0, t1, t3, a2, .Lw_slow
2:	addi a7, t3, -1                 /* mask */
	cmove ct6, cra
	mv a6, t0
	STREAM_MOVE 1, ca0, ca1, zero, a7, a6, a2, t5
	fence rw, w                     /* the bytes before the new head */
	add a6, a6, a2
	csd a6, STREAM_HEAD(ca0)
	STREAM_WAKE_READER ca0, 1f
	j stream_wake_ret
1:	mv a0, a2
	cmove cra, ct6
	cret
.Lw_slow:
	STREAM_ENTER
	cmove cs0, ca0
	cmove cs1, ca1
	mv s2, a2                       /* bytes left */
	li s3, 0                        /* bytes written */
	cld s4, STREAM_ID(cs0)
	STREAM_MASK
.Lw_loop:
	beqz s2, .Lw_done
	cld a6, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	csd t1, STREAM_TAIL_SEEN(cs0)
	addi t3, s6, 1
	li t4, 1
	STREAM_FREE a6, t1, t3, t4, .Lw_full
	j .Lw_copy
.Lw_full:
	STREAM_SPIN_START a5, t2
.Lw_spin_more:
	li t2, STREAM_SPIN_ROUNDS
.Lw_spin:
	cld t0, STREAM_TAIL(cs0)
	bne t0, t1, .Lw_loop            /* the tail moved */
	addi t2, t2, -1
	bnez t2, .Lw_spin
	rdtime t2
	bltu t2, a5, .Lw_spin_more
	/* the tail to wait for: room for min(left, capacity / 2); nonzero, as it is above the
	 * tail a full ring has (a garbled tail: the flag may already be reached, then the wait
	 * below is a STREAM_WAIT_NS sleep) */
	addi t3, s6, 1
	srli t2, t3, 1
	bleu t2, s2, 1f
	mv t2, s2
1:	sub t0, a6, t3
	add t0, t0, t2
	cincoffsetimm ct4, cs0, STREAM_WWAIT
	amoswap.d.aqrl zero, t0, (t4)
	STREAM_SNAPSHOT .Lw_ret
	cld t0, STREAM_WWAIT(cs0)
	beqz t0, .Lw_room               /* the consumer took the flag: woken already */
	cld a6, STREAM_HEAD(cs0)        /* (a hostcall keeps only s0..s11) */
	cld t1, STREAM_TAIL(cs0)
	addi t3, s6, 1
	li t4, 1
	STREAM_FREE a6, t1, t3, t4, .Lw_sleep
	j .Lw_room                      /* room appeared meanwhile */
.Lw_sleep:
	STREAM_WAIT .Lw_ret
.Lw_room:
	csd zero, STREAM_WWAIT(cs0)
	j .Lw_loop
.Lw_copy:
	bleu a7, s2, 1f
	mv a7, s2                       /* n = min(free, left, a chunk) */
1:	addi t1, s6, 1
	STREAM_CHUNK t0, t1, t2
	bleu a7, t0, 2f
	mv a7, t0
2:	STREAM_MOVE 1, cs0, cs1, s3, s6, a6, a7, a0
	fence rw, w                     /* the bytes before the new head */
	add a6, a6, a7
	csd a6, STREAM_HEAD(cs0)
	add s3, s3, a7
	sub s2, s2, a7
	STREAM_WAKE_READER cs0, .Lw_loop
	STREAM_WAKE
	j .Lw_loop
.Lw_done:
	mv a0, s3
.Lw_ret:
	STREAM_LEAVE
CVM_END cvm_stream_write

/* to \bad unless 1 <= \head - \tail <= \cap; a7 <- that (t2 scratch) */
.macro STREAM_AVAIL head, tail, cap, bad
	sub a7, \head, \tail
	addi t2, a7, -1
	bgeu t2, \cap, \bad             /* 0, or more than the ring holds: garbled or stale */
.endm

CVM_FUNC cvm_stream_read
	cld t0, STREAM_HEAD_SEEN(ca0)   /* our memo: no line from the producer's core */
	cld a6, STREAM_TAIL(ca0)
	cgetlen t3, ca0
	addi t3, t3, -STREAM_DATA       /* capacity */
	beqz a2, .Lr_slow
	STREAM_AVAIL t0, a6, t3, 1f
	j 2f
1:	cld t0, STREAM_HEAD(ca0)        /* the memo is used up: the real head */
	csd t0, STREAM_HEAD_SEEN(ca0)
	fence r, rw                     /* the head before the bytes it covers (a memo needs none:
	                                 * the call that read its head fenced, before any byte) */
	STREAM_AVAIL t0, a6, t3, .Lr_slow
2:	bleu a2, a7, 3f
	mv a2, a7                       /* n = min(available, max) */
3:	STREAM_CHUNK t0, t3, t1
	bltu t0, a2, .Lr_slow           /* more than a chunk: the general path */
	cmove ct6, cra
	addi a7, t3, -1                 /* mask */
	STREAM_MOVE 0, ca0, ca1, zero, a7, a6, a2, t5
	fence rw, w                     /* done with the bytes before the new tail */
	add a6, a6, a2
	csd a6, STREAM_TAIL(ca0)
	STREAM_WAKE_WRITER ca0, a6, .Lr_fast_ret
	j stream_wake_ret
.Lr_fast_ret:
	mv a0, a2
	cmove cra, ct6
	cret
.Lr_slow:
	STREAM_ENTER
	cmove cs0, ca0
	cmove cs1, ca1
	mv s2, a2                       /* max */
	li s3, 0                        /* the buffer's offset */
	cld s4, STREAM_ID(cs0)
	STREAM_MASK
	li a0, 0
	beqz s2, .Lr_ret
.Lr_loop:
	cld t0, STREAM_HEAD(cs0)
	cld a6, STREAM_TAIL(cs0)
	csd t0, STREAM_HEAD_SEEN(cs0)
	fence r, rw                     /* the head before the bytes it covers */
	addi t3, s6, 1
	STREAM_AVAIL t0, a6, t3, .Lr_empty
	j .Lr_copy
.Lr_empty:
	cld t3, STREAM_CLOSED(cs0)
	li a0, 0
	bnez t3, .Lr_ret                /* closed and drained */
	mv t1, t0
	STREAM_SPIN_START a5, t2
.Lr_spin_more:
	li t2, STREAM_SPIN_ROUNDS
.Lr_spin:
	cld t0, STREAM_HEAD(cs0)
	bne t0, t1, .Lr_loop            /* the head moved */
	cld t3, STREAM_CLOSED(cs0)
	bnez t3, .Lr_loop
	addi t2, t2, -1
	bnez t2, .Lr_spin
	rdtime t2
	bltu t2, a5, .Lr_spin_more
	STREAM_FLAG_SET STREAM_RWAIT
	STREAM_SNAPSHOT .Lr_err
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	addi t3, s6, 1
	STREAM_AVAIL t0, t1, t3, 1f
	j .Lr_again                     /* bytes arrived meanwhile */
1:	cld t3, STREAM_CLOSED(cs0)
	bnez t3, .Lr_again
	STREAM_WAIT .Lr_err
.Lr_again:
	csd zero, STREAM_RWAIT(cs0)
	j .Lr_loop
.Lr_err:
	/* the producer may have closed and ended (its id gone) just before we waited: what
	 * is in the ring still counts */
	csd zero, STREAM_RWAIT(cs0)
	mv s5, a0
	fence rw, rw
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	addi t3, s6, 1
	STREAM_AVAIL t0, t1, t3, 1f
	j .Lr_loop
1:	cld t3, STREAM_CLOSED(cs0)
	bnez t3, .Lr_loop
	mv a0, s5
	j .Lr_ret
.Lr_copy:
	bleu a7, s2, 1f
	mv a7, s2                       /* n = min(available, max) */
1:	mv s2, a7                       /* bytes left to move */
	mv s5, a7                       /* the result */
.Lr_chunk:
	cld a6, STREAM_TAIL(cs0)
	mv a7, s2
	addi t1, s6, 1
	STREAM_CHUNK t0, t1, t2
	bleu a7, t0, 2f
	mv a7, t0
2:	STREAM_MOVE 0, cs0, cs1, s3, s6, a6, a7, a0
	fence rw, w                     /* done with the bytes before the new tail */
	add a6, a6, a7
	csd a6, STREAM_TAIL(cs0)
	add s3, s3, a7
	sub s2, s2, a7
	STREAM_WAKE_WRITER cs0, a6, .Lr_nowake
	STREAM_WAKE
.Lr_nowake:
	bnez s2, .Lr_chunk
	mv a0, s5
.Lr_ret:
	STREAM_LEAVE
CVM_END cvm_stream_read

CVM_FUNC cvm_stream_close
	STREAM_ENTER
	cmove cs0, ca0
	cld s4, STREAM_ID(cs0)
	fence rw, rw
	li t0, 1
	csd t0, STREAM_CLOSED(cs0)
	fence rw, rw
	STREAM_WAKE
	li a0, 0
	STREAM_LEAVE
CVM_END cvm_stream_close

CVM_FUNC cvm_stream_connect
	STREAM_ENTER
	cmove cs0, ca0
	cmove cs1, ca1
	li s2, 10000                    /* tries: 10 s */
	/* the 1 ms timespec, on our stack */
	cincoffsetimm csp, csp, -16
	csd zero, 0(csp)
	li t0, 1000000
	csd t0, 8(csp)
.Lc_loop:
	cmove ca0, cs0
	cmove ca1, cs1
	li a2, 0
	li t5, HC_STREAM_PROBE
	cjal c_out_3
	li t0, HC_ENOENT
	bne a0, t0, .Lc_ret
	addi s2, s2, -1
	beqz s2, .Lc_ret
	cincoffsetimm ca0, csp, 0
	li a1, 0
	li t5, HC_NANOSLEEP
	cjal c_out_2
	j .Lc_loop
.Lc_ret:
	cincoffsetimm csp, csp, 16
	STREAM_LEAVE
CVM_END cvm_stream_connect
