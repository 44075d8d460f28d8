/* test_hart_jit_race.c - translated data stores keep capabilities whole across host threads.
 *
 * Two harts, each on its own host thread, run a capability-mode loop in translated code that
 * stores data over four hot granules of one page with tags: sd over the address and the pesbt
 * word, CSC of an integer (jit_emit.c emit_csc), sb inside a granule. Meanwhile the test's
 * thread stores tagged capabilities from a fixed set of patterns into the same granules and
 * loads them back: every tagged value loaded must be one of the patterns (mem.c protocol step
 * 2: a data store clears the granule's tag bit before its bytes land, a load checks the bytes
 * against the shadow of the last capability store). The same run with the shadow compare
 * switched off (MEM_TEST_BREAK_SHADOW) must see torn capabilities: the test can fail.
 */
#define _GNU_SOURCE   /* pthread_tryjoin_np */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "hart/hart.h"
#include "mem/mem_test.h"
#include "test.h"

#include "rv_enc.h"

#define CODE   0x10000ULL
#define HOT    0x20000ULL
#define NHARTS 2
#define ITERS  400    /* of 256 capability stores and loads by the test's thread */
#define NPAT   8

enum { ZERO, T0 = 5, T1, T2, A0 = 10 };
#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define CSC(rs2, rs1, imm)   ENC_S(4, rs1, rs2, imm)
#define ECALL 0x00000073u

/* a0 = a capability to the four hot granules, t2 = the data, t0 = rounds (more than run:
 * the test stops the harts) */
static const uint32_t k_stores[] = {
	ENC_S(3, A0, T2, 0x00),   /* sd: granule 0, address word */
	ENC_S(3, A0, T2, 0x18),   /* sd: granule 1, pesbt word */
	CSC(T2, A0, 0x20),        /* granule 2, an integer (untagged) */
	ENC_S(0, A0, T2, 0x3b),   /* sb: granule 3 */
	ADDI(T0, T0, -1),
	BNE(T0, ZERO, -20),
	ECALL,
};

static uint64_t pat_lo(unsigned k) { return 0x0101010101010101ULL * (0x10 + k); }
static uint64_t pat_hi(unsigned k) { return 0x0101010101010101ULL * (0xa0 + k); }

struct racer {
	struct mem *m;
	pthread_t tid;
	uint64_t data;
	bool no_jit;      /* interpreted: exec.c STORE's lock-free path */
	struct hart *h;   /* published once it runs */
	bool ok, translated;
};

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	struct hart_options opt = { .no_jit = r->no_jit };
	struct hart *h = hart_new(r->m, &opt);   /* attaches this thread to mem */
	if (!h)
		return NULL;
	struct cap root = cap_root(), pcc;
	if (cap_set_flags(&pcc, &root, 1, CAP_V9))
		abort();
	pcc.addr = CODE;
	hart_set_pcc(h, &pcc);
	struct cap hot = cap_build_from_root(&root, HOT, 0x40, CAP_PERMS_ALL);
	hart_set_creg(h, A0, &hot);
	hart_set_x(h, T2, r->data);
	hart_set_x(h, T0, 1ULL << 50);
	__atomic_store_n(&r->h, h, __ATOMIC_SEQ_CST);
	struct hart_trap tr;
	r->ok = hart_run(h, UINT64_MAX, &tr) == HART_EXIT_STOP;
	r->translated = (r->no_jit ? hart_jit_blocks(h) == 0 : hart_jit_blocks(h) > 0) &&
			hart_get_x(h, T0) < (1ULL << 50) - 1000;
	return NULL;
}

struct race_result {
	uint64_t tagged, bad, bad_lo, bad_hi;
	bool harts_ok;
};

static struct race_result race(unsigned break_bits, bool stop_on_bad, bool no_jit)
{
	struct race_result res = { 0, 0, 0, 0, true };
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, CODE, 0x1000) != MEM_OK || mem_map(m, HOT, 0x1000) != MEM_OK ||
	    mem_write(m, CODE, k_stores, sizeof k_stores) != MEM_OK)
		abort();
	mem_test_break(m, break_bits);
	struct mem_thread *t = mem_thread_attach(m);
	const volatile int *flag = mem_safepoint_flag(m);
	for (unsigned g = 0; g < 4; g++)   /* the page has tags before the harts start */
		if (mem_store_cap(m, t, HOT + 16 * g, pat_lo(g), pat_hi(g), true) != MEM_OK)
			abort();
	struct racer r[NHARTS];
	for (unsigned i = 0; i < NHARTS; i++) {
		r[i] = (struct racer){ .m = m, .data = 0x5a5a5a5a5a5a5a5aULL + i, .no_jit = no_jit };
		if (pthread_create(&r[i].tid, NULL, racer_main, &r[i]) != 0)
			abort();
	}
	for (unsigned i = 0; i < NHARTS; i++)   /* both harts run (hart_new waits for safepoints) */
		while (!__atomic_load_n(&r[i].h, __ATOMIC_SEQ_CST)) {
			if (mem_safepoint_pending(flag))
				mem_safepoint(t);
			sched_yield();
		}
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	for (unsigned it = 0; it < ITERS && !(stop_on_bad && res.bad); it++) {
		for (unsigned i = 0; i < 256; i++) {
			uint64_t x = t_rand(&seed), a = HOT + 16 * (x % 4), lo, hi;
			unsigned k = (unsigned)(x >> 8) % NPAT;
			bool tag;
			if (mem_store_cap(m, t, a, pat_lo(k), pat_hi(k), true) != MEM_OK ||
			    mem_load_cap(m, a, &lo, &hi, &tag) != MEM_OK)
				abort();
			if (!tag)
				continue;
			res.tagged++;
			bool whole = false;
			for (unsigned p = 0; p < NPAT; p++)
				whole |= lo == pat_lo(p) && hi == pat_hi(p);
			if (!whole && !res.bad++)
				res.bad_lo = lo, res.bad_hi = hi;
		}
		if (mem_safepoint_pending(flag))
			mem_safepoint(t);
	}
	for (unsigned i = 0; i < NHARTS; i++)
		hart_request_stop(r[i].h);
	for (unsigned i = 0; i < NHARTS; i++) {
		while (pthread_tryjoin_np(r[i].tid, NULL) != 0) {   /* the harts may wait for a safepoint */
			if (mem_safepoint_pending(flag))
				mem_safepoint(t);
			sched_yield();
		}
		res.harts_ok &= r[i].ok && r[i].translated;
		hart_free(r[i].h);
	}
	mem_thread_detach(t);
	mem_free(m);
	return res;
}

TEST(hart_jit_race_stores_keep_caps_whole)
{
	struct race_result r = race(0, false, false);
	t_case("%d harts storing in translated code, %llu tagged loads", NHARTS, (unsigned long long)r.tagged);
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("translated stores: %llu tagged loads\n", (unsigned long long)r.tagged);
	T_TRUE(r.harts_ok);
	T_TRUE(r.tagged > ITERS * 16);
	T_EQ(r.bad, 0);
	if (r.bad)
		printf("  first torn capability: lo 0x%016llx hi 0x%016llx\n", (unsigned long long)r.bad_lo,
		       (unsigned long long)r.bad_hi);
}

TEST(hart_jit_race_detects_no_shadow)
{
	/* without the shadow compare the tag bit alone decides: a load between a store's bit
	 * clear and its bytes, or of bytes written before a capability store set the bit again,
	 * sees a torn value. A few tries absorb scheduling luck (up to 20 s on a loaded machine). */
	struct race_result r = { 0 };
	struct timespec t0, t1;
	unsigned tries;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (tries = 1; !r.bad; tries++) {
		r = race(MEM_TEST_BREAK_SHADOW, true, false);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (tries >= 20 || t1.tv_sec - t0.tv_sec >= 20)
			break;
	}
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("shadow compare off: %llu torn of %llu tagged loads, %u tries\n", (unsigned long long)r.bad,
		       (unsigned long long)r.tagged, tries);
	t_case("shadow compare off: torn capability seen (%u tries)", tries);
	T_TRUE(r.bad > 0);
}

TEST(hart_jit_race_interpreted_stores)
{
	/* the same with the harts interpreting: exec.c STORE takes the same lock-free path on pages
	 * with tags; without the shadow compare a torn capability must show (a few tries) */
	struct race_result r = race(0, false, true);
	t_case("%d harts storing interpreted, %llu tagged loads", NHARTS, (unsigned long long)r.tagged);
	T_TRUE(r.harts_ok);
	T_TRUE(r.tagged > ITERS * 16);
	T_EQ(r.bad, 0);
	struct timespec t0, t1;
	unsigned tries;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (tries = 1;; tries++) {
		r = race(MEM_TEST_BREAK_SHADOW, true, true);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (r.bad || tries >= 20 || t1.tv_sec - t0.tv_sec >= 20)
			break;
	}
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("interpreted, shadow compare off: %llu torn of %llu tagged loads, %u tries\n",
		       (unsigned long long)r.bad, (unsigned long long)r.tagged, tries);
	t_case("interpreted, shadow compare off: torn capability seen (%u tries)", tries);
	T_TRUE(r.bad > 0);
}
