/* test_hart_jit_race_cap.c - translated CLC / CSC of tagged values (jit_capmem.c) never load or
 * copy a torn capability across host threads.
 *
 * The granule G holds tagged capabilities from a fixed set of patterns, stored by the test's
 * thread over and over; a "data" hart stores an integer over G's address word (a translated
 * sd) now and then; two "copy" harts run translated loops `clc a3, 0(a0); csc a3, 0(a1);
 * cincoffset a1, a1, 16` that copy G into a ring of their own, one granule per round. At the
 * end every tagged granule of both rings must be one of the patterns: a copy is the whole of
 * one capability store or untagged (mem.c protocol step 2), and CLC / CSC carry address,
 * memory-form pesbt and tag through the registers unchanged (a wrong pesbt conversion in
 * jit_capmem.c fails here). The protocol itself is mem's (mem_load_cap, mem_store_cap), whose
 * breaks (MEM_TEST_BREAK_*) test_mem_stress.c and test_hart_jit_race.c show to be seen; the
 * windows this program races in are too narrow to show them reliably, so no break case here.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hart/hart.h"
#include "mem/mem_priv.h"
#include "mem/mem_test.h"
#include "test.h"

#include "rv_enc.h"

#define CODE   0x10000ULL   /* copy loop */
#define CODE_D 0x11000ULL   /* data store loop */
#define HOT    0x20000ULL   /* G at HOT */
#define RING   0x100000ULL  /* ring of copy hart k at RING + k * RING_BYTES */
#define COPIES 32768u
#define RING_BYTES (16ULL * COPIES)
#define NPAT   8

enum { ZERO, T0 = 5, T1, T2, A0 = 10, A1, A2, A3 };
#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define CLC(rd, rs, imm)     ENC_I(0x0f, 2, rd, rs, imm)
#define CSC(rs2, rs1, imm)   ENC_S(4, rs1, rs2, imm)
#define CINCIMM(rd, rs, imm) ENC_I(0x5b, 1, rd, rs, imm)
#define ECALL 0x00000073u

/* a0 = G, a1 = the ring, t0 = COPIES */
static const uint32_t k_copy[] = {
	CLC(A3, A0, 0), CSC(A3, A1, 0), CINCIMM(A1, A1, 16), ADDI(T0, T0, -1), BNE(T0, ZERO, -16), ECALL,
};
/* a0 = G, t2 = the data, t0 = rounds (the test stops it); t1 counts down a pause between stores
 * so that G holds a capability most of the time */
static const uint32_t k_data[] = {
	ENC_S(3, A0, T2, 0),   /* sd t2, 0(a0) */
	ADDI(T1, ZERO, 24),
	ADDI(T1, T1, -1),
	BNE(T1, ZERO, -4),
	ADDI(T0, T0, -1),
	BNE(T0, ZERO, -20),
	ECALL,
};

static uint64_t pat_lo(unsigned k) { return 0x0101010101010101ULL * (0x10 + k); }
static uint64_t pat_hi(unsigned k) { return 0x0101010101010101ULL * (0xa0 + k); }

struct racer {
	struct mem *m;
	pthread_t tid;
	int ring;   /* copy hart: its ring; -1: the data hart */
	struct hart *h;
	const bool *go;
	bool ok, translated, done;
};

/* A hart of the calling thread in capability mode at pc (its PCC in *pcc), a0 = G. */
static struct hart *capmode_hart(struct mem *m, uint64_t pc, struct cap *pcc)
{
	struct hart_options opt = { 0 };
	struct hart *h = hart_new(m, &opt);
	if (!h)
		return NULL;
	struct cap root = cap_root();
	if (cap_set_flags(pcc, &root, 1, CAP_V9))
		abort();
	pcc->addr = pc;
	hart_set_pcc(h, pcc);
	struct cap g = cap_build_from_root(&root, HOT, 16, CAP_PERMS_ALL);
	hart_set_creg(h, A0, &g);
	return h;
}

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	struct cap root = cap_root(), pcc;
	struct hart *h = capmode_hart(r->m, r->ring < 0 ? CODE_D : CODE, &pcc);
	if (!h)
		return NULL;
	if (r->ring >= 0) {
		struct cap ring = cap_build_from_root(&root, RING + (uint64_t)r->ring * RING_BYTES, RING_BYTES, CAP_PERMS_ALL);
		hart_set_creg(h, A1, &ring);
		hart_set_x(h, T0, COPIES);
	} else {
		hart_set_x(h, T2, 0x5a5a5a5a5a5a5a5aULL);
		hart_set_x(h, T0, 1ULL << 50);
	}
	__atomic_store_n(&r->h, h, __ATOMIC_SEQ_CST);
	while (r->ring >= 0 && !__atomic_load_n(r->go, __ATOMIC_SEQ_CST))   /* the writer is storing */
		sched_yield();
	struct hart_trap tr;
	enum hart_exit x = hart_run(h, UINT64_MAX, &tr);
	/* done with guest memory: a stop-the-world (a page changing owner) must not wait for it */
	mem_thread_offline(hart_mem_thread(h));
	r->ok = r->ring < 0 ? x == HART_EXIT_STOP : x == HART_EXIT_TRAP && tr.cause == HART_CAUSE_ECALL_U;
	r->translated = hart_jit_blocks(h) > 0;
	__atomic_store_n(&r->done, true, __ATOMIC_SEQ_CST);
	return NULL;
}

struct race_result {
	uint64_t tagged, torn;
	bool harts_ok;
};

static void serve(struct mem_thread *t, const volatile int *flag)
{
	if (mem_safepoint_pending(flag))
		mem_safepoint(t);
}

static struct race_result race(unsigned break_bits)   /* MEM_TEST_BREAK_* */
{
	struct race_result res = { .harts_ok = true };
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, CODE, 0x2000) != MEM_OK || mem_map(m, HOT, 0x1000) != MEM_OK ||
	    mem_map(m, RING, 2 * RING_BYTES) != MEM_OK || mem_write(m, CODE, k_copy, sizeof k_copy) != MEM_OK ||
	    mem_write(m, CODE_D, k_data, sizeof k_data) != MEM_OK)
		abort();
	mem_test_break(m, break_bits);
	struct mem_thread *t = mem_thread_attach(m);
	const volatile int *flag = mem_safepoint_flag(m);
	/* every page has its first tag before the harts start (no handshakes while racing) */
	if (mem_store_cap(m, t, HOT, pat_lo(0), pat_hi(0), true) != MEM_OK)
		abort();
	for (uint64_t a = 0; a < 2 * RING_BYTES; a += 0x1000)
		if (mem_store_cap(m, t, RING + a, 0, 0, true) != MEM_OK || mem_store_cap(m, t, RING + a, 0, 0, false) != MEM_OK)
			abort();
	struct racer r[3];
	bool go = false;
	for (int i = 0; i < 3; i++) {
		r[i] = (struct racer){ .m = m, .ring = i - 1, .go = &go };
		if (pthread_create(&r[i].tid, NULL, racer_main, &r[i]) != 0)
			abort();
	}
	for (int i = 0; i < 3; i++)
		while (!__atomic_load_n(&r[i].h, __ATOMIC_SEQ_CST)) {
			serve(t, flag);
			sched_yield();
		}
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	while (!__atomic_load_n(&r[1].done, __ATOMIC_SEQ_CST) || !__atomic_load_n(&r[2].done, __ATOMIC_SEQ_CST)) {
		for (unsigned i = 0; i < 64; i++) {
			unsigned k = (unsigned)(t_rand(&seed) >> 8) % NPAT;
			if (mem_store_cap(m, t, HOT, pat_lo(k), pat_hi(k), true) != MEM_OK)
				abort();
		}
		__atomic_store_n(&go, true, __ATOMIC_SEQ_CST);
		serve(t, flag);
	}
	hart_request_stop(r[0].h);
	for (int i = 0; i < 3; i++) {
		while (pthread_tryjoin_np(r[i].tid, NULL) != 0) {
			serve(t, flag);
			sched_yield();
		}
		res.harts_ok &= r[i].ok && r[i].translated;
		hart_free(r[i].h);
	}
	for (uint64_t a = RING; a < RING + 2 * RING_BYTES; a += 16) {
		uint64_t lo, hi;
		bool tag;
		if (mem_load_cap(m, a, &lo, &hi, &tag) != MEM_OK)
			abort();
		if (!tag)
			continue;
		res.tagged++;
		bool whole = false;
		for (unsigned p = 0; p < NPAT; p++)
			whole |= lo == pat_lo(p) && hi == pat_hi(p);
		res.torn += !whole;
	}
	mem_thread_detach(t);
	mem_free(m);
	return res;
}

/* The harts copy what the scheduler lets them see: on 2 cores with 4 busy threads, a race in
 * which the storing thread was off the CPU while both copy harts ran sees G untagged all the
 * time (0 or 1 tagged copies happened in 1 race of 4 or so, ASan or not). Every race must have
 * no torn copy; races are repeated (at most 10) until one copied tagged values at all. */
TEST(hart_jit_race_cap_copies_whole)
{
	struct race_result r = { .harts_ok = true };
	unsigned races = 0;
	while (races < 10 && r.tagged == 0) {
		struct race_result one = race(0);
		races++;
		r.tagged += one.tagged;
		r.torn += one.torn;
		r.harts_ok &= one.harts_ok;
	}
	t_case("2 harts copying G with translated CLC / CSC: %llu tagged copies of %u x %u races",
	       (unsigned long long)r.tagged, 2 * COPIES, races);
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("translated CLC / CSC: %llu tagged copies, %llu torn\n", (unsigned long long)r.tagged,
		       (unsigned long long)r.torn);
	T_TRUE(r.harts_ok);
	T_TRUE(r.tagged > 0);
	T_EQ(r.torn, 0);
}

/* The translated CLC of a page with tags (jit_emit.c emit_clc_tagged) follows mem's protocol
 * deterministically, in the two states a race leaves behind. A copy hart copies G COPY_N times
 * into its ring: (1) G's tag byte is set but its data differ from the shadow (a data store
 * landed inside a capability after the capability store set the tag): every copy is untagged,
 * data as in memory; (2) G's page lock is odd (a capability store is half-way): no copy
 * completes until the lock is even again: the hart copies once to translate the loop, the
 * test makes the lock odd, and the hart copies again, through the translated code. */
#define COPY_N 4096u

struct copier {
	struct mem *m;
	struct hart *h;
	bool twice;   /* copy, wait for go, copy again */
	volatile int first, go, done;
	bool ok;
};

static void *copier_main(void *arg)
{
	struct copier *c = arg;
	struct cap root = cap_root(), pcc;
	struct hart *h = capmode_hart(c->m, CODE, &pcc);
	if (!h)
		return NULL;
	struct cap g = cap_build_from_root(&root, HOT, 16, CAP_PERMS_ALL);   /* a0 again each round */
	struct cap ring = cap_build_from_root(&root, RING, 16ULL * COPY_N, CAP_PERMS_ALL);
	c->ok = true;
	for (int round = 0; round < 1 + c->twice; round++) {
		if (round) {
			__atomic_store_n(&c->first, 1, __ATOMIC_SEQ_CST);
			mem_thread_offline(hart_mem_thread(h));
			while (!__atomic_load_n(&c->go, __ATOMIC_SEQ_CST))
				sched_yield();
			mem_thread_online(hart_mem_thread(h));
		}
		hart_set_pcc(h, &pcc);
		hart_set_creg(h, A0, &g);
		hart_set_creg(h, A1, &ring);
		hart_set_x(h, T0, COPY_N);
		struct hart_trap tr;
		c->ok &= hart_run(h, UINT64_MAX, &tr) == HART_EXIT_TRAP && tr.cause == HART_CAUSE_ECALL_U &&
			 hart_jit_blocks(h) > 0;
	}
	mem_thread_offline(hart_mem_thread(h));
	c->h = h;
	__atomic_store_n(&c->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static struct mem *copier_mem(void)
{
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, CODE, 0x1000) != MEM_OK || mem_map(m, HOT, 0x1000) != MEM_OK ||
	    mem_map(m, RING, 16ULL * COPY_N) != MEM_OK || mem_write(m, CODE, k_copy, sizeof k_copy) != MEM_OK ||
	    mem_store_cap(m, NULL, HOT, pat_lo(0), pat_hi(0), true) != MEM_OK)
		abort();
	return m;
}

static unsigned ring_tagged(struct mem *m, uint64_t want_lo, unsigned *wrong)
{
	unsigned tagged = 0;
	*wrong = 0;
	for (uint64_t a = RING; a < RING + 16ULL * COPY_N; a += 16) {
		uint64_t lo, hi;
		bool tag;
		if (mem_load_cap(m, a, &lo, &hi, &tag) != MEM_OK)
			abort();
		tagged += tag;
		*wrong += lo != want_lo || hi != pat_hi(0);
	}
	return tagged;
}

TEST(hart_jit_clc_tagged_page_protocol)
{
	uint64_t lo, hi;
	bool tag;
	unsigned wrong;
	t_case("tag set, data != shadow: translated CLC copies it untagged");
	struct mem *m = copier_mem();
	((uint64_t *)(void *)mem_host(m, HOT))[0] ^= 1;   /* behind the protocol's back */
	T_EQ(mem_load_cap(m, HOT, &lo, &hi, &tag), MEM_OK);
	T_TRUE(lo == (pat_lo(0) ^ 1) && !tag);
	struct copier c = { .m = m };
	pthread_t tid;
	T_EQ(pthread_create(&tid, NULL, copier_main, &c), 0);
	pthread_join(tid, NULL);
	T_TRUE(c.ok);
	T_EQ(ring_tagged(m, pat_lo(0) ^ 1, &wrong), 0);
	T_EQ(wrong, 0);
	hart_free(c.h);
	mem_free(m);

	t_case("page lock odd: no translated CLC completes until it is even");
	m = copier_mem();
	uint64_t *lock = &m->page_locks[HOT >> MEM_PAGE_SHIFT];
	c = (struct copier){ .m = m, .twice = true };
	T_EQ(pthread_create(&tid, NULL, copier_main, &c), 0);
	while (!__atomic_load_n(&c.first, __ATOMIC_SEQ_CST))
		sched_yield();
	__atomic_fetch_add(lock, 1, __ATOMIC_SEQ_CST);
	T_EQ(mem_store_cap(m, NULL, RING, 0, 0, false), MEM_OK);   /* the first copy, untagged again */
	__atomic_store_n(&c.go, 1, __ATOMIC_SEQ_CST);
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	nanosleep(&pause, NULL);   /* the copies take microseconds when nothing holds them */
	T_EQ(__atomic_load_n(&c.done, __ATOMIC_SEQ_CST), 0);
	__atomic_fetch_add(lock, 1, __ATOMIC_SEQ_CST);
	pthread_join(tid, NULL);
	T_TRUE(c.ok);
	T_EQ(ring_tagged(m, pat_lo(0), &wrong), COPY_N);
	T_EQ(wrong, 0);
	t_case("the copier owns its ring's pages; each tagged store moved their sequence by 2");
	uint32_t id = mem_thread_id(hart_mem_thread(c.h));
	for (uint64_t pg = RING >> MEM_PAGE_SHIFT; pg < (RING + 16ULL * COPY_N) >> MEM_PAGE_SHIFT; pg++) {
		uint64_t w = m->page_locks[pg];
		T_EQ(w >> 32, id);
		T_EQ(w & 0xffffffffULL, 2 * 2 * MEM_PAGE_SIZE / 16);   /* two rounds, every granule */
	}
	hart_free(c.h);
	mem_free(m);
}

/* The translated owner's CSC moves the page's sequence by 2 modulo 2^32 and leaves the owner
 * alone (a carry out of the sequence would give the page to thread id + 1). */
TEST(hart_jit_csc_owner_sequence_wraps)
{
	static const uint32_t k_two[] = { CSC(A2, A0, 0), ADDI(T0, T0, -1), BNE(T0, ZERO, -8), ECALL };
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, CODE, 0x1000) != MEM_OK || mem_map(m, HOT, 0x1000) != MEM_OK ||
	    mem_write(m, CODE, k_two, sizeof k_two) != MEM_OK)
		abort();
	struct cap root = cap_root(), pcc, v = cap_build_from_root(&root, 0x30000, 64, CAP_PERMS_ALL);
	struct hart *h = capmode_hart(m, CODE, &pcc);
	hart_set_creg(h, A2, &v);
	uint64_t *w = &m->page_locks[HOT >> MEM_PAGE_SHIFT];
	uint32_t id = mem_thread_id(hart_mem_thread(h));
	struct hart_trap tr;
	for (int round = 0; round < 2; round++) {
		hart_set_pcc(h, &pcc);
		hart_set_x(h, T0, 1000);
		T_EQ(hart_run(h, UINT64_MAX, &tr), HART_EXIT_TRAP);
		if (round == 0) {
			t_case("1000 stores: the hart's thread owns the page, sequence 2000");
			T_EQ(*w, (uint64_t)id << 32 | 2000);
			T_TRUE(hart_jit_blocks(h) > 0);
			*w = (uint64_t)id << 32 | 0xfffffffeULL;
		}
	}
	t_case("1000 more from 2^32 - 2: the sequence is 1998, the owner the same");
	T_EQ(*w, (uint64_t)id << 32 | 1998);
	uint64_t lo, hi;
	bool tag;
	T_EQ(mem_load_cap(m, HOT, &lo, &hi, &tag), MEM_OK);
	T_TRUE(tag && lo == v.addr && hi == cap_to_mem_pesbt(&v));
	hart_free(h);
	mem_free(m);
}

/* The translated CSC of a tagged value to a page the hart's thread owns (jit_emit.c
 * emit_csc_owner: the page's seqlock with plain stores) against a reader on another thread:
 * the hart stores two tagged capabilities into G in turn, the test's thread loads G with
 * mem_load_cap all the while. G only ever holds tagged capabilities, so a load must see one of
 * them whole, tagged (without the odd sequence around the writes a load pairs new data with an
 * old shadow: a lost tag). */
#define PUB_ROUNDS 400000u
static const uint32_t k_publish[] = {
	CSC(A2, A0, 0), CSC(A3, A0, 0), ADDI(T0, T0, -1), BNE(T0, ZERO, -12), ECALL,
};

struct publisher {
	struct mem *m;
	struct cap v[2];
	volatile int started, done, enough;
	bool ok;
};

/* the publisher's runs of PUB_ROUNDS go on until the reader has made READ_ENOUGH loads (a
 * loaded machine may not run the reader during the first run at all), at most PUB_RUNS */
#define READ_ENOUGH 20000u
#define PUB_RUNS 200u

static void *publisher_main(void *arg)
{
	struct publisher *p = arg;
	struct cap pcc;
	struct hart *h = capmode_hart(p->m, CODE, &pcc);
	if (!h)
		return NULL;
	hart_set_creg(h, A2, &p->v[0]);
	hart_set_creg(h, A3, &p->v[1]);
	__atomic_store_n(&p->started, 1, __ATOMIC_SEQ_CST);
	struct hart_trap tr;
	p->ok = true;
	for (unsigned run = 0; run < PUB_RUNS && !__atomic_load_n(&p->enough, __ATOMIC_SEQ_CST); run++) {
		hart_set_pc(h, CODE);
		hart_set_x(h, T0, PUB_ROUNDS);
		p->ok &= hart_run(h, UINT64_MAX, &tr) == HART_EXIT_TRAP && tr.cause == HART_CAUSE_ECALL_U;
	}
	p->ok &= hart_jit_blocks(h) > 0 &&
		 (p->m->page_locks[HOT >> MEM_PAGE_SHIFT] >> 32) == mem_thread_id(hart_mem_thread(h));
	__atomic_store_n(&p->done, 1, __ATOMIC_SEQ_CST);
	hart_free(h);
	return NULL;
}

TEST(hart_jit_csc_owner_publishes_whole)
{
	struct mem *m = mem_new(1ULL << 24);
	struct cap root = cap_root();
	struct publisher p = { .m = m };
	p.v[0] = cap_build_from_root(&root, 0x30000, 64, CAP_PERMS_ALL);
	p.v[1] = cap_build_from_root(&root, 0x40000, 4096, CAP_PERMS_ALL);
	if (!m || mem_map(m, CODE, 0x1000) != MEM_OK || mem_map(m, HOT, 0x1000) != MEM_OK ||
	    mem_write(m, CODE, k_publish, sizeof k_publish) != MEM_OK ||
	    mem_store_cap(m, NULL, HOT, p.v[0].addr, cap_to_mem_pesbt(&p.v[0]), true) != MEM_OK)
		abort();
	pthread_t tid;
	T_EQ(pthread_create(&tid, NULL, publisher_main, &p), 0);
	while (!__atomic_load_n(&p.started, __ATOMIC_SEQ_CST))
		sched_yield();
	uint64_t loads = 0, lost = 0, other = 0;
	while (!__atomic_load_n(&p.done, __ATOMIC_SEQ_CST)) {
		uint64_t lo, hi;
		bool tag;
		if (mem_load_cap(m, HOT, &lo, &hi, &tag) != MEM_OK)
			abort();
		if (++loads == READ_ENOUGH)
			__atomic_store_n(&p.enough, 1, __ATOMIC_SEQ_CST);
		lost += !tag;
		bool known = false;
		for (int k = 0; k < 2; k++)
			known |= lo == p.v[k].addr && hi == cap_to_mem_pesbt(&p.v[k]);
		other += !known;
	}
	pthread_join(tid, NULL);
	t_case("a translated owner's CSC against a reader: %llu loads", (unsigned long long)loads);
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("owner CSC vs reader: %llu loads, %llu lost tags, %llu other values\n", (unsigned long long)loads,
		       (unsigned long long)lost, (unsigned long long)other);
	T_TRUE(p.ok);
	T_TRUE(loads >= READ_ENOUGH);
	T_EQ(lost, 0);
	T_EQ(other, 0);
	mem_free(m);
}

/* The owner's translated CLC and CSC (jit_emit.c emit_clc_tagged, emit_csc_owner) on pages this
 * hart's thread owns: CLC reads no sequence there (no other thread can store a capability to
 * the page while the block runs), and CSC keeps the lock word's address in a cache register the
 * block leaves unused, or on the stack when it uses all eight, and the odd word in a second
 * unused one, or reads it back. k_own: store v (a2) to a ring
 * granule (a1), load it back into a3, store a3 to the granule 4 KiB on (a0: the next page,
 * owned too), plus `fill` counters (s0, s1, a4, a5, a6: every one must count the rounds, so a
 * scratch register that held a guest register shows). */
#define OWN_RING   0x100000ULL
#define OWN_ROUNDS 256u   /* granules of one page */
enum { S0 = 8, S1 = 9, A4 = 14, A5 = 15, A6 = 16 };

static size_t own_code(uint32_t *k, unsigned fill)
{
	static const unsigned fillers[] = { S0, S1, A4, A5, A6 };
	size_t n = 0;
	k[n++] = CSC(A2, A1, 0);
	k[n++] = CLC(A3, A1, 0);
	k[n++] = CSC(A3, A0, 0);
	for (unsigned f = 0; f < fill; f++)
		k[n++] = ADDI(fillers[f], fillers[f], 1);
	k[n++] = CINCIMM(A1, A1, 16);
	k[n++] = CINCIMM(A0, A0, 16);
	k[n++] = ADDI(T0, T0, -1);
	k[n] = BNE(T0, ZERO, -(int32_t)(4 * n));
	n++;
	k[n++] = ECALL;
	return n;
}

struct own_run {
	struct mem *m;
	struct hart *h;
	struct cap pcc, v, ring, ring2;
};

/* one run of k_own over the ring (a1 from the start again), a3 = NULL first */
static bool own_round(struct own_run *o)
{
	struct cap null = cap_null();
	hart_set_pcc(o->h, &o->pcc);
	hart_set_creg(o->h, A1, &o->ring);
	hart_set_creg(o->h, A0, &o->ring2);
	hart_set_creg(o->h, A2, &o->v);
	hart_set_creg(o->h, A3, &null);
	hart_set_x(o->h, T0, OWN_ROUNDS);
	struct hart_trap tr;
	return hart_run(o->h, UINT64_MAX, &tr) == HART_EXIT_TRAP && tr.cause == HART_CAUSE_ECALL_U;
}

/* the copies in the second page: how many tagged, how many not exactly v */
static void own_copies(struct own_run *o, unsigned *tagged, unsigned *wrong)
{
	*tagged = *wrong = 0;
	for (unsigned g = 0; g < OWN_ROUNDS; g++) {
		uint64_t lo, hi;
		bool tag;
		if (mem_load_cap(o->m, OWN_RING + 4096 + 16ULL * g, &lo, &hi, &tag) != MEM_OK)
			abort();
		*tagged += tag;
		*wrong += lo != o->v.addr || hi != cap_to_mem_pesbt(&o->v);
	}
}

/* makes *word even after 2 s unless stopped first: a CLC that waits for the sequence fails the
 * test instead of hanging it */
struct watchdog {
	uint64_t *word, even;
	volatile int stop, fired;
};

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	for (int k = 0; k < 200 && !__atomic_load_n(&w->stop, __ATOMIC_SEQ_CST); k++)
		nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	if (!__atomic_load_n(&w->stop, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(w->word, w->even, __ATOMIC_SEQ_CST);
		w->fired = 1;
	}
	return NULL;
}

TEST(hart_jit_capmem_owner_paths)
{
	/* 5 guest registers (three cache registers spare), 7 (one), 8 (none) */
	for (unsigned fill = 0; fill <= 3; fill += 1 + !fill) {
		uint32_t k[16];
		size_t n = own_code(k, fill);
		struct own_run o = { .m = mem_new(1ULL << 24) };
		struct cap root = cap_root();
		uint32_t k2[16];   /* the same without the first store (a nop), at CODE_D */
		memcpy(k2, k, sizeof k2);
		k2[0] = ADDI(ZERO, ZERO, 0);
		if (!o.m || mem_map(o.m, CODE, 0x2000) != MEM_OK || mem_map(o.m, OWN_RING, 0x2000) != MEM_OK ||
		    mem_write(o.m, CODE, k, 4 * n) != MEM_OK || mem_write(o.m, CODE_D, k2, 4 * n) != MEM_OK)
			abort();
		o.h = capmode_hart(o.m, CODE, &o.pcc);
		o.v = cap_build_from_root(&root, 0x30000, 64, CAP_PERMS_ALL);
		o.ring = cap_build_from_root(&root, OWN_RING, 0x1000, CAP_PERMS_ALL);
		o.ring2 = cap_build_from_root(&root, OWN_RING + 0x1000, 0x1000, CAP_PERMS_ALL);
		uint32_t id = mem_thread_id(hart_mem_thread(o.h));
		unsigned tagged, wrong;

		t_case("%u fillers: the first run stores, loads and copies v through translated code", fill);
		T_TRUE(own_round(&o));
		T_TRUE(hart_jit_blocks(o.h) > 0);
		own_copies(&o, &tagged, &wrong);
		T_EQ(tagged, OWN_ROUNDS);
		T_EQ(wrong, 0);
		for (unsigned f = 0; f < fill; f++)
			T_EQ(hart_get_x(o.h, (unsigned[]){ S0, S1, A4, A5, A6 }[f]), OWN_ROUNDS);
		struct cap a3;
		hart_get_creg(o.h, A3, &a3);
		T_TRUE(a3.tag && a3.addr == o.v.addr && a3.pesbt == o.v.pesbt);
		for (unsigned p = 0; p < 2; p++)   /* both pages: this thread's, sequence 2 per store */
			T_EQ(o.m->page_locks[(OWN_RING >> MEM_PAGE_SHIFT) + p], (uint64_t)id << 32 | 2 * OWN_ROUNDS);

		t_case("%u fillers: the owner's CLC with the word odd (only the owner could make it so) "
		       "does not wait: it reads no sequence", fill);
		o.m->page_locks[OWN_RING >> MEM_PAGE_SHIFT] = (uint64_t)id << 32 | 1;
		struct watchdog w = { .word = &o.m->page_locks[OWN_RING >> MEM_PAGE_SHIFT], .even = (uint64_t)id << 32 | 2 };
		pthread_t wd;
		T_EQ(pthread_create(&wd, NULL, watchdog_main, &w), 0);
		o.pcc.addr = CODE_D;   /* from here on no store to the first page */
		T_TRUE(own_round(&o));
		__atomic_store_n(&w.stop, 1, __ATOMIC_SEQ_CST);
		pthread_join(wd, NULL);
		T_EQ(w.fired, 0);
		own_copies(&o, &tagged, &wrong);
		T_EQ(tagged, OWN_ROUNDS);
		T_EQ(wrong, 0);

		t_case("%u fillers: behind the protocol's back, granule 0's data differ from the shadow, "
		       "granule 1's tag byte is clear: both copies untagged, the rest tagged", fill);
		o.m->page_locks[OWN_RING >> MEM_PAGE_SHIFT] = (uint64_t)id << 32 | 2;
		((uint64_t *)(void *)mem_host(o.m, OWN_RING))[0] ^= 1;
		*mem_tag_byte(o.m, (OWN_RING + 16) >> 4) = 0;
		T_TRUE(own_round(&o));
		own_copies(&o, &tagged, &wrong);
		T_EQ(tagged, OWN_ROUNDS - 2);
		T_EQ(wrong, 1);
		uint64_t lo, hi;
		bool tag;
		T_EQ(mem_load_cap(o.m, OWN_RING + 4096, &lo, &hi, &tag), MEM_OK);
		T_TRUE(!tag && lo == (o.v.addr ^ 1));
		T_EQ(mem_load_cap(o.m, OWN_RING + 4096 + 16, &lo, &hi, &tag), MEM_OK);
		T_TRUE(!tag && lo == o.v.addr);

		t_case("%u fillers: an authority without Permit_Load_Capability loads every granule untagged", fill);
		o.ring = cap_build_from_root(&root, OWN_RING, 0x1000, CAP_PERMS_ALL & ~CAP_PERM_LOAD_CAP);
		T_TRUE(own_round(&o));
		own_copies(&o, &tagged, &wrong);
		T_EQ(tagged, 0);
		T_EQ(wrong, 1);
		hart_free(o.h);
		mem_free(o.m);
	}
}
