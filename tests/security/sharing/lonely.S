/* lonely.S - a cVM alone with a stream of its own (tests/security/sharing.py):
 *   (default)    "lonely": a key with an escape sequence and a newline; it says so and waits
 *                on the stream with no time limit. Listed first with `wait: -1`, it holds back
 *                the cVM after it, and the monitor's line about that (run.c run_join_holding)
 *                names the key: its bytes must reach the terminal escaped (\xNN), one line.
 *   -DSNAPSHOTS  "snapshots": asks for the monitor's barrier in a loop, 407 with timeout 0,
 *                2000 times on the stream's id. Each could make membarrier(2) interrupt every
 *                CPU that runs another cVM's hart; the monitor spaces one thread's barriers
 *                MEM_BARRIER_GAP_NS (100 us) apart (src/mem/mem_safepoint.c mem_barrier), so
 *                the loop takes 1999 gaps at least, by rdtime (10 MHz); every call still
 *                answers the wake count (0). */
#include "sh.h"

	.data
	.balign 128
ring:	.space STREAM_DATA + 64

	.text
CVM_CAP_GLOBAL ring_slot, ring, STREAM_DATA + 64, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, ring_slot
	li a1, STREAM_DATA + 64
#ifdef SNAPSHOTS
	KEY_CAP a2, "snap"
	HC 3, HC_STREAM_ADV
	mv s1, a0
	li s2, 2000
	li s4, 0                        /* the answers, or-ed: all 0 */
	rdtime s3
1:	mv a0, s1
	li a1, -1
	li a2, 0
	HC 3, HC_CAP_WAIT
	or s4, s4, a0
	addi s2, s2, -1
	bnez s2, 1b
	rdtime s5
	sub s5, s5, s3
	mv a0, s4
	EXPECT 0, snapshots-answer-the-count
	li t1, 1999 * 1000              /* 100 us = 1000 ticks */
	sltu a0, s5, t1
	EXPECT 0, snapshots-spaced
#else
	KEY_CAP a2, "k\033[2J\nfake: line"
	HC 3, HC_STREAM_ADV
	mv s1, a0
	SAY "lonely: advertised"
	mv a0, s1
	li a1, -1
	li a2, 0
	HC 3, HC_CAP_WAIT               /* the wake count now */
	mv a1, a0
	mv a0, s1
	li a2, -1
	HC 3, HC_CAP_WAIT               /* until it changes: never (nobody else knows the key) */
#endif
	EXIT0
CVM_END cvm_main
