/* iovspy.S - a handler cVM that looks at, and plays with, the iovec capabilities a hybrid
 * cVM's writev gives it (intravisor.md 9; cvm_abi.h HCTX_ARGS / IOVEC_*). Driven by
 * tests/hybrid/iovspy.c through the fd of writev (ca0) and a3:
 *   fd 100: ca1's permissions      101: ca1's length
 *   fd 102: entry a3's tag         103: its length (CGetLen)   104: its permissions
 *   fd 105: its base - our caller's slot base (the caller compares it with its pointer)
 *   fd 106: entry a3's length word
 * forwarded to the monitor as writev(1, ...) (results: the monitor's):
 *   fd 110: the array as it came              111: ca1 without LoadCap
 *   fd 112: a copy in our memory, unchanged    113: a copy, entry 0's length + 1
 *   fd 114: a copy, entry 0 moved past its end 115: a copy, entry 0 widened (CSetBounds + 16)
 *   fd 116: a copy, entry 1 = entry 0 (the same buffer twice)
 *   fd 117: ca1 moved one iovec before the array (count unchanged)
 *   fd 118: ca1 widened by one iovec (CSetBounds)
 *   fd 119: a store through ca1 (must fault: the array's capability is read-only)
 * Anything else is forwarded as it is (first's role). At most 4 iovecs are copied.
 *
 * Register atlas of `syscall`: cs0 = a 128-byte copy area on our stack (4 iovecs), s1 = the
 * count (a2), t0..t4 scratch (ct0 holds an entry: integer
 * constants go to t2 then).
 */
#include "cvm.S"

#define LX(n)      (0x1000 + (n))
#define NR_WRITEV  66
#define SLOT_MASK  0x3fffffff     /* our callers' slots are 1 GiB */

	.text

/* Our own thread: nothing to do. FROM: outer_c. */
CVM_FUNC cvm_main
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
1:	j 1b
CVM_END cvm_main

/* FROM: sdk/crt/handler.S. LIVE IN: t5, ca0..ca6 = the caller's arguments. OUT: a0. */
CVM_FUNC syscall
	cincoffset csp, csp, -176
	csc cra, csp, 0
	csc cs0, csp, 16
	csc cs1, csp, 32
	cincoffset cs0, csp, 48
	csetbounds cs0, cs0, 128
	mv s1, a2
	li t0, LX(NR_WRITEV)
	bne t5, t0, .Lforward
	li t0, 100
	beq a0, t0, .Lperm_array
	li t0, 101
	beq a0, t0, .Llen_array
	li t0, 102
	bltu a0, t0, .Lforward
	li t0, 107
	bltu a0, t0, .Lentry
	li t0, 110
	bltu a0, t0, .Lforward
	li t0, 120
	bgeu a0, t0, .Lforward
	/* 110..119: forward writev(1, ...) as chosen */
	addi t4, a0, -110
	li a0, 1
	beqz t4, .Lforward
	li t0, 1
	bne t4, t0, 1f
	li t1, ~0x10                   /* without LoadCap: the monitor loads untagged entries */
	candperm ca1, ca1, t1
	j .Lforward
1:	li t0, 7
	beq t4, t0, .Lbefore
	li t0, 8
	beq t4, t0, .Lwiden_array
	li t0, 9
	beq t4, t0, .Lstore
	/* 112..116: copy the array (count <= 4) into cs0, change it, forward the copy */
	li t0, 4
	bgtu s1, t0, .Lforward
	cmove ct1, ca1
	cmove ct2, cs0
	mv t3, s1
2:	beqz t3, 3f
	clc ct0, 0(ct1)
	csc ct0, 0(ct2)
	ld t0, 16(t1)
	sd t0, 16(t2)
	sd zero, 24(t2)
	cincoffset ct1, ct1, 32
	cincoffset ct2, ct2, 32
	addi t3, t3, -1
	j 2b
3:	li t0, 3
	bne t4, t0, 5f
	ld t0, 16(s0)                 /* 113: entry 0 claims one byte more */
	addi t0, t0, 1
	sd t0, 16(s0)
	j .Lcopy
5:	li t0, 4
	bne t4, t0, 6f
	clc ct0, 0(cs0)                /* 114: entry 0's address moved to its end */
	ld t1, 16(s0)
	cincoffset ct0, ct0, t1
	csc ct0, 0(cs0)
	j .Lcopy
6:	li t0, 5
	bne t4, t0, 7f
	clc ct0, 0(cs0)                /* 115: entry 0 widened past what it was given */
	ld t1, 16(s0)
	addi t1, t1, 16
	csetbounds ct0, ct0, t1
	csc ct0, 0(cs0)
	j .Lcopy
7:	li t0, 6
	bne t4, t0, .Lcopy
	clc ct0, 0(cs0)                /* 116: entry 1 = entry 0 */
	csc ct0, 32(cs0)
	ld t0, 16(s0)
	sd t0, 48(s0)
.Lcopy:
	slli t0, s1, 5
	csetbounds ca1, cs0, t0
	j .Lforward
.Lbefore:
	cincoffset ca1, ca1, -32       /* 117: one iovec before the array */
	j .Lforward
.Lwiden_array:
	cgetlen t0, ca1                /* 118: one iovec more than the array */
	addi t0, t0, 32
	csetbounds ca1, ca1, t0
	j .Lforward
.Lstore:
	sd zero, 16(a1)               /* 119: a read-only capability: faults */
	li a0, 0
	j .Lreturn

.Lperm_array:
	cgetperm a0, ca1
	j .Lreturn
.Llen_array:
	cgetlen a0, ca1
	j .Lreturn
.Lentry:
	addi t4, a0, -102
	slli t2, a3, 5
	cincoffset ct1, ca1, t2
	clc ct0, 0(ct1)
	bnez t4, 1f
	cgettag a0, ct0
	j .Lreturn
1:	li t2, 1
	bne t4, t2, 2f
	cgetlen a0, ct0
	j .Lreturn
2:	li t2, 2
	bne t4, t2, 3f
	cgetperm a0, ct0
	j .Lreturn
3:	li t2, 3
	bne t4, t2, 4f
	cgetbase a0, ct0
	li t2, SLOT_MASK
	and a0, a0, t2
	j .Lreturn
4:	ld a0, 16(t1)
	j .Lreturn

.Lforward:
	cjal c_call                    /* t5, ca0..ca6 as they are now */
.Lreturn:
	clc cs1, csp, 32
	clc cs0, csp, 16
	clc cra, csp, 0
	cincoffset csp, csp, 176
	cret
CVM_END syscall
