/* caller.S - the attacker of the CP_Call scenarios (tests/security/cpcall.py): every way to
 * get more from a call than the callee's function and the arguments, each "ok TAG" (else
 * "BAD TAG"). Then quit, and a call once the callee has ended. It never faults itself: every
 * fault happens in the callee and ends only the call. With -DTHREADS: the thread attacks. */
#include "sh.h"

/* CALL key, budget: cvm_call by key with ca2..ca6 as they are */
.macro CALL key, budget
	KEY_CAP a0, "\key"
	li a1, \budget
	cjal cvm_call
.endm

	.text
CVM_CAP_GLOBAL self_fn_slot, own_fn, 8, CVM_RELOC_FUNCTION

CVM_FUNC own_fn
	li a0, 0
	cret
CVM_END own_fn

#ifdef STRESS
#define STRESS_THREADS 20                 /* more than the callee's 16 contexts: some wait */
#define STRESS_CALLS 200
CVM_CAP_GLOBAL stress_fn_slot, stress, 8, CVM_RELOC_FUNCTION
/* stress(a0 = slow's id): STRESS_CALLS calls of it; exits with the sum of the results */
CVM_FUNC stress
	mv s1, a0
	li s2, STRESS_CALLS
	li s3, 0
1:	mv a0, s1
	li a1, 0
	cjal cvm_call
	add s3, s3, a0
	addi s2, s2, -1
	bnez s2, 1b
	mv a0, s3
	cjal cvm_thread_exit
CVM_END stress
#endif


CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -128
	/* the callee registers "ready" last */
	li s2, 10000
1:	KEY_CAP a0, "ready"
	cjal cvm_call_lookup
	bgez a0, 2f
	cjal sleep_ms
	addi s2, s2, -1
	bnez s2, 1b
	SAY "BAD callee-never-ready"
	j done
2:
#ifdef STRESS
	/* ---- STRESS_THREADS threads call slow at once; ids at 0(csp).. ---- */
	cincoffsetimm csp, csp, -(8 * STRESS_THREADS + 16)
	KEY_CAP a0, "slow"
	cjal cvm_call_lookup
	mv s5, a0
	li s2, 0
20:	CVM_LOAD_GLOBAL a0, stress_fn_slot
	mv a1, s5
	cjal cvm_thread_create
	blez a0, 23f
	slli t0, s2, 3
	cincoffset ct0, csp, t0
	csd a0, 0(ct0)
	addi s2, s2, 1
	li t1, STRESS_THREADS
	bne s2, t1, 20b
	li s2, 0
	li s3, 0
21:	slli t0, s2, 3
	cincoffset ct0, csp, t0
	cld a0, 0(ct0)
	cincoffsetimm ca1, csp, 8 * STRESS_THREADS
	li t1, 8
	csetbounds ca1, ca1, t1
	cjal cvm_thread_join
	bnez a0, 23f
	cincoffsetimm ct0, csp, 8 * STRESS_THREADS
	cld t0, 0(ct0)
	add s3, s3, t0
	addi s2, s2, 1
	li t1, STRESS_THREADS
	bne s2, t1, 21b
	mv a0, s3
	EXPECT STRESS_THREADS * STRESS_CALLS, stress-all-calls-returned-1
	j 24f
23:	SAY "BAD stress-thread"
24:	cincoffsetimm csp, csp, 8 * STRESS_THREADS + 16
	CALL quit, 0
	EXPECT 0, quit
	li s2, 10000
25:	CALL regs, 0
	bltz a0, 26f
	cjal sleep_ms
	addi s2, s2, -1
	bnez s2, 25b
26:	EXPECT HC_ENOENT, callee-gone
	j done
#endif
	/* ---- keys ---- */
	KEY_CAP a0, "nope"
	cjal cvm_call_lookup
	EXPECT HC_ENOENT, unknown-key
	li a0, 999999
	li a1, 0
	cjal cvm_call
	EXPECT HC_ENOENT, unknown-id
	KEY_CAP a0, "regs"
	csealentry ca0, ca0
	li a1, 0
	cjal cvm_call
	EXPECT HC_EFAULT, sealed-key
	KEY_CAP a0, "regs"
	li t0, 1                          /* Global only: no Load */
	candperm ca0, ca0, t0
	li a1, 0
	cjal cvm_call
	EXPECT HC_EFAULT, key-without-load
	KEY_CAP a0, "regs"
	ccleartag ca0, ca0                /* untagged: an id (its address), not a key */
	li a1, 0
	cjal cvm_call
	EXPECT HC_ENOENT, untagged-key-is-an-id
	KEY_CAP a0, "sync"                /* the YAML capfile: not a function */
	li a1, 0
	cjal cvm_call
	EXPECT HC_EINVAL, capfile-is-not-a-function

	/* ---- registration ---- */
	CVM_LOAD_GLOBAL a0, self_fn_slot
	KEY_CAP a1, "regs"
	cjal cvm_call_register
	EXPECT HC_EEXIST, others-key-not-overwritten
	KEY_CAP a0, "regs"
	cjal cvm_call_lookup
	cjal cvm_call_unregister
	EXPECT HC_EPERM, others-function-not-withdrawn
	KEY_CAP a0, "regs"                /* data, no Execute */
	KEY_CAP a1, "mine"
	cjal cvm_call_register
	EXPECT HC_EFAULT, register-data-cap
	li a0, 0x1000
	KEY_CAP a1, "mine"
	cjal cvm_call_register
	EXPECT HC_EFAULT, register-untagged
	clc ca0, ctp, TP_HC_PCC           /* the switcher's sealed call pair */
	KEY_CAP a1, "mine"
	cjal cvm_call_register
	EXPECT HC_EFAULT, register-monitor-sealed
	CALL grab, 0                      /* the callee tries with cra, the monitor's return sentry */
	EXPECT -2, callee-cra-is-a-sentry
	CALL grabbed, 0
	EXPECT HC_EPERM, register-monitor-sentry
	KEY_CAP a0, "stolen-return"
	cjal cvm_call_lookup
	EXPECT HC_ENOENT, stolen-return-not-registered
	CVM_LOAD_GLOBAL a0, self_fn_slot  /* our own function: allowed, and callable */
	KEY_CAP a1, "mine"
	cjal cvm_call_register
	bltz a0, 3f
	mv s3, a0
	CALL mine, 0
	EXPECT 0, own-function-callable
	mv a0, s3
	cjal cvm_call_unregister
	EXPECT 0, own-function-withdrawn
	CALL mine, 0
	EXPECT HC_ENOENT, withdrawn-is-gone
3:
	/* ---- arguments ---- */
	auipcc ca2, 0                     /* our PCC: Execute */
	CALL regs, 0
	EXPECT HC_EPERM, arg-with-execute
	CVM_LOAD_GLOBAL a2, self_fn_slot  /* a sentry: sealed */
	CALL regs, 0
	EXPECT HC_EPERM, arg-sealed
	CVM_CCLEAR ca2
	clc ca6, ctp, TP_HC_PCC           /* the monitor's sealed pair, last argument */
	CALL regs, 0
	EXPECT HC_EPERM, arg-monitor-sealed
	CVM_CCLEAR ca6
	/* every register we hold, dirty: nothing of it may reach the callee */
	cmove cgp, csp
	cmove cs0, csp
	cmove cs1, csp
	li s2, -1
	cmove cs11, ctp
	li t0, -1
	fmv.d.x fs0, t0
	fmv.d.x ft0, t0
	fmv.d.x fa5, t0
	cspecialw ddc, csp                /* DDC was NULL; a tagged one must not cross either */
	CALL regs, 0
	EXPECT 0, callee-registers-clear
	/* ours are back: cs0, s2, cs11, fs0 preserved */
	cgettag t0, cs0
	beqz t0, 4f
	li t1, -1
	bne s2, t1, 4f
	cgettag t0, cs11
	beqz t0, 4f
	fmv.x.d t0, fs0
	bne t0, t1, 4f
	cspecialr ct0, ddc
	cgettag t0, ct0
	beqz t0, 4f
	SAY "ok caller-registers-preserved"
	j 5f
4:	SAY "BAD caller-registers-preserved"
5:	CVM_CCLEAR cgp, cs0, cs1, cs11, ct0
	cspecialw ddc, ct0
	li s2, 0
	fmv.d.x fs0, zero

	/* ---- a callee that faults, never returns, exits, recurses, leaks ---- */
	cincoffsetimm ca2, csp, 64
	li t0, 8
	csetbounds ca2, ca2, t0
	li s4, 0x5eed
	CALL peek, 0
	EXPECT HC_ECONNABORTED, callee-bounds-fault-ends-the-call
	li t0, 0x5eed
	beq s4, t0, 6f
	SAY "BAD preserved-after-fault"
	j 7f
6:	SAY "ok preserved-after-fault"
7:	CALL spin, 200000
	EXPECT HC_ETIMEDOUT, callee-budget
	CALL bye, 0
	EXPECT HC_ECONNABORTED, callee-exit-ends-the-call
	CALL reenter, 0
	EXPECT 16, reentrancy-bounded-by-contexts
	CALL leak, 0
	cgettag t0, ca0                   /* a0 holds its address as an integer, no tag */
	bnez t0, 8f
	SAY "ok no-capability-back"
	j 9f
8:	SAY "BAD no-capability-back"
9:	CALL regs, 0
	EXPECT 0, callee-still-works

#ifdef THREADS
	/* ---- threads ---- */
	KEY_CAP a0, "regs"
	li a1, 0
	cjal cvm_thread_create
	EXPECT HC_EFAULT, thread-data-cap
	clc ca0, ctp, TP_HC_PCC
	cjal cvm_thread_create
	EXPECT HC_EFAULT, thread-monitor-sealed
	li a0, 5
	li a1, 0
	cjal cvm_thread_join
	EXPECT HC_ESRCH, join-unknown
	li a0, (1 << 6) | 47              /* a slot threads never get (a callee context) */
	li a1, 0
	cjal cvm_thread_join
	EXPECT HC_ESRCH, join-context-slot
	CVM_LOAD_GLOBAL a0, self_fn_slot
	li a1, 0
	cjal cvm_thread_create
	blez a0, 10f
	mv s3, a0
	mv a0, s3
	KEY_CAP a1, "regs"                /* read-only: the value cannot go there */
	cjal cvm_thread_join
	EXPECT HC_EFAULT, join-value-read-only
	mv a0, s3
	li a1, 0
	cjal cvm_thread_join
	EXPECT 0, join-own-thread
	j 11f
10:	SAY "BAD thread-create"
11:
#endif

	/* ---- quit, then the callee's functions are gone ---- */
	CALL quit, 0
	EXPECT 0, quit
	li s2, 10000
12:	CALL regs, 0
	bltz a0, 13f
	cjal sleep_ms
	addi s2, s2, -1
	bnez s2, 12b
13:	EXPECT HC_ENOENT, callee-gone
done:
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
