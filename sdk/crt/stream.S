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
 * Protocol: the producer alone writes STREAM_HEAD, the consumer alone STREAM_TAIL; each reads
 * the other's counter, moves bytes, fences, then publishes its own counter and wakes the
 * stream's id (408). A side that must block first reads the wake count (407 with timeout 0 and
 * a count that cannot be current), checks the ring again, and only then waits for a count
 * other than the one it read: a wake between the check and the wait is never lost.
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
/* wait until the wake count differs from s5 */
.macro STREAM_WAIT fail
	mv a0, s4
	mv a1, s5
	li a2, -1
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, \fail
.endm
.macro STREAM_WAKE
	mv a0, s4
	li t5, HC_CAP_WAKE
	cjal c_out_1
.endm

/* s6 <- capacity - 1 of the ring in cs0 */
.macro STREAM_MASK
	cgetlen s6, cs0
	addi s6, s6, -(STREAM_DATA + 1)
.endm

CVM_FUNC cvm_stream_write
	STREAM_ENTER
	cmove cs0, ca0
	cmove cs1, ca1
	mv s2, a2                       /* bytes left */
	li s3, 0                        /* bytes written */
	cld s4, STREAM_ID(cs0)
	STREAM_MASK
.Lw_loop:
	beqz s2, .Lw_done
	fence rw, rw
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	sub t2, t0, t1                  /* bytes in the ring */
	addi t3, s6, 1
	sub t2, t3, t2                  /* free */
	bnez t2, .Lw_copy
	STREAM_SNAPSHOT .Lw_ret
	fence rw, rw
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	sub t2, t0, t1
	addi t3, s6, 1
	bne t2, t3, .Lw_loop            /* room appeared meanwhile */
	STREAM_WAIT .Lw_ret
	j .Lw_loop
.Lw_copy:
	bleu t2, s2, 1f
	mv t2, s2                       /* n = min(free, left) */
1:	li t3, 0
2:	add t4, s3, t3
	cincoffset ct5, cs1, t4
	clbu t6, 0(ct5)
	add t4, t0, t3
	and t4, t4, s6
	addi t4, t4, STREAM_DATA
	cincoffset ct5, cs0, t4
	csb t6, 0(ct5)
	addi t3, t3, 1
	bltu t3, t2, 2b
	fence rw, rw                    /* the bytes before the new head */
	add t0, t0, t2
	csd t0, STREAM_HEAD(cs0)
	add s3, s3, t2
	sub s2, s2, t2
	STREAM_WAKE
	j .Lw_loop
.Lw_done:
	mv a0, s3
.Lw_ret:
	STREAM_LEAVE
CVM_END cvm_stream_write

CVM_FUNC cvm_stream_read
	STREAM_ENTER
	cmove cs0, ca0
	cmove cs1, ca1
	mv s2, a2                       /* max */
	cld s4, STREAM_ID(cs0)
	STREAM_MASK
	li a0, 0
	beqz s2, .Lr_ret
.Lr_loop:
	fence rw, rw
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	sub t2, t0, t1                  /* available */
	bnez t2, .Lr_copy
	cld t3, STREAM_CLOSED(cs0)
	li a0, 0
	bnez t3, .Lr_ret                /* closed and drained */
	STREAM_SNAPSHOT .Lr_err
	fence rw, rw
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	bne t0, t1, .Lr_loop
	cld t3, STREAM_CLOSED(cs0)
	bnez t3, .Lr_loop
	STREAM_WAIT .Lr_err
	j .Lr_loop
.Lr_err:
	/* the producer may have closed and ended (its id gone) just before we waited: what
	 * is in the ring still counts */
	mv s3, a0
	fence rw, rw
	cld t0, STREAM_HEAD(cs0)
	cld t1, STREAM_TAIL(cs0)
	bne t0, t1, .Lr_loop
	cld t3, STREAM_CLOSED(cs0)
	bnez t3, .Lr_loop
	mv a0, s3
	j .Lr_ret
.Lr_copy:
	bleu t2, s2, 1f
	mv t2, s2                       /* n = min(available, max) */
1:	li t3, 0
2:	add t4, t1, t3
	and t4, t4, s6
	addi t4, t4, STREAM_DATA
	cincoffset ct5, cs0, t4
	clbu t6, 0(ct5)
	cincoffset ct5, cs1, t3
	csb t6, 0(ct5)
	addi t3, t3, 1
	bltu t3, t2, 2b
	fence rw, rw                    /* done with the bytes before the new tail */
	add t1, t1, t2
	csd t1, STREAM_TAIL(cs0)
	mv s3, t2
	STREAM_WAKE
	mv a0, s3
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
