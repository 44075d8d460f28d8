/* race.c - two harts racing to forge a tag through shared memory, at the mem level.
 *
 * The monitor gives no two cVMs a shared writable page (no capfiles in this build), and one cVM
 * has one thread, so the race cannot be staged with cVMs (tests/security/run.py says so); it is
 * staged here with the calls the hart makes for csc / csd / clc (mem_store_cap, mem_store64,
 * mem_load_cap), following the mem thread protocol (attached, online, safepoints polled between
 * "blocks" as hart_run does):
 *   capper:  stores a legitimate tagged capability L to granule G, then loads G back;
 *   forger:  writes the 16 bytes of a forged capability F (other bounds: the "victim") to G with
 *            two 8-byte data stores (sometimes only one half), then loads G as a capability.
 * Every load: a tagged result must be exactly L (never F, never a mix of L and F with the tag
 * set). Both outcomes (tagged L, untagged) must be seen, or the run proved nothing.
 * Then the same race between two translated harts (capability mode), which reaches the inline
 * paths of the translator (jit_emit.c: the owner's CSC, CLC from a page with tags, data stores
 * clearing tags): the capper hart stores L to G with csc, loads G with clc and records what it
 * loaded with csc into a ring of its own; the forger hart stores F's two halves to G with sd,
 * loads G and records it likewise. Every tagged granule of both rings must be exactly L.
 * Prints the counts (one line per phase) and "N passed, N failed"; exit 1 on a forged tag.
 * usage: security_race [ITERATIONS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cap/cap.h"
#include "hart/hart.h"
#include "mem/mem.h"
#include "../unit/rv_enc.h"

#define G_ADDR 0x10000ULL

struct race {
	struct mem *m;
	uint64_t iters;
	uint64_t l_lo, l_hi, f_lo, f_hi;   /* legit and forged: address word, memory-form pesbt */
	uint64_t tagged, untagged, forged, mixed, errors;
};

static void poll(struct race *r, struct mem_thread *t, const volatile int *flag)
{
	(void)r;
	if (mem_safepoint_pending(flag))
		mem_safepoint(t);
}

/* One capability load of G, classified. */
static void check(struct race *r)
{
	uint64_t lo, hi;
	bool tag;
	uint64_t *n;
	if (mem_load_cap(r->m, G_ADDR, &lo, &hi, &tag) != MEM_OK)
		n = &r->errors;
	else if (!tag)
		n = &r->untagged;
	else if (lo == r->l_lo && hi == r->l_hi)
		n = &r->tagged;
	else if (lo == r->f_lo && hi == r->f_hi)
		n = &r->forged;
	else
		n = &r->mixed;
	__atomic_add_fetch(n, 1, __ATOMIC_RELAXED);
}

static void *capper(void *arg)
{
	struct race *r = arg;
	struct mem_thread *t = mem_thread_attach(r->m);
	const volatile int *flag = mem_safepoint_flag(r->m);
	for (uint64_t i = 0; i < r->iters; i++) {
		if (mem_store_cap(r->m, t, G_ADDR, r->l_lo, r->l_hi, true) != MEM_OK)
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
		check(r);
		poll(r, t, flag);
	}
	mem_thread_detach(t);
	return NULL;
}

static void *forger(void *arg)
{
	struct race *r = arg;
	struct mem_thread *t = mem_thread_attach(r->m);
	const volatile int *flag = mem_safepoint_flag(r->m);
	for (uint64_t i = 0; i < r->iters; i++) {
		int e = 0;
		if (i % 3 != 1)
			e |= mem_store64(r->m, G_ADDR, r->f_lo);
		if (i % 3 != 2)
			e |= mem_store64(r->m, G_ADDR + 8, r->f_hi);
		if (e)
			__atomic_add_fetch(&r->errors, 1, __ATOMIC_RELAXED);
		check(r);
		poll(r, t, flag);
	}
	mem_thread_detach(t);
	return NULL;
}

/* --- the translated phase --- */
#define CODE_C 0x40000ULL   /* capper program */
#define CODE_F 0x41000ULL   /* forger program */
#define RINGS  0x100000ULL  /* ring k at RINGS + k * ring bytes */
enum { ZERO, T0 = 5, T1, T2, A0 = 10, A1, A2, A3 };
#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define SD(rs2, rs1, imm)    ENC_S(3, rs1, rs2, imm)
#define CLC(rd, rs, imm)     ENC_I(0x0f, 2, rd, rs, imm)
#define CSC(rs2, rs1, imm)   ENC_S(4, rs1, rs2, imm)
#define CINCIMM(rd, rs, imm) ENC_I(0x5b, 1, rd, rs, imm)
/* a0 = G, a1 = the ring, a2 = L, t0 = rounds */
static const uint32_t k_capper[] = {
	CSC(A2, A0, 0), CLC(A3, A0, 0), CSC(A3, A1, 0), CINCIMM(A1, A1, 16), ADDI(T0, T0, -1),
	BNE(T0, ZERO, -20), 0x00000073u,
};
/* a0 = G, a1 = the ring, t1/t2 = F's address word and memory-form pesbt, t0 = rounds */
static const uint32_t k_forger[] = {
	SD(T1, A0, 0), SD(T2, A0, 8), CLC(A3, A0, 0), CSC(A3, A1, 0), CINCIMM(A1, A1, 16), ADDI(T0, T0, -1),
	BNE(T0, ZERO, -24), 0x00000073u,
};

struct hart_racer {
	struct race *r;
	int forger;
	bool ok;
};

static void *hart_racer_main(void *arg)
{
	struct hart_racer *hr = arg;
	struct race *r = hr->r;
	struct hart_options opt = { 0 };
	struct hart *h = hart_new(r->m, &opt);
	if (!h)
		return NULL;
	struct cap root = cap_root(), pcc;
	if (cap_set_flags(&pcc, &root, 1, CAP_V9))
		abort();
	pcc.addr = hr->forger ? CODE_F : CODE_C;
	hart_set_pcc(h, &pcc);
	struct cap g = cap_build_from_root(&root, G_ADDR, 16, CAP_PERMS_ALL);
	struct cap ring = cap_build_from_root(&root, RINGS + (uint64_t)hr->forger * 16 * r->iters, 16 * r->iters, CAP_PERMS_ALL);
	struct cap l = cap_build_from_root(&root, 0x20000, 256, 0x817d);
	hart_set_creg(h, A0, &g);
	hart_set_creg(h, A1, &ring);
	hart_set_creg(h, A2, &l);
	hart_set_x(h, T1, r->f_lo);
	hart_set_x(h, T2, r->f_hi);
	hart_set_x(h, T0, r->iters);
	struct hart_trap tr;
	hr->ok = hart_run(h, UINT64_MAX, &tr) == HART_EXIT_TRAP && tr.cause == HART_CAUSE_ECALL_U && hart_jit_blocks(h) > 0;
	hart_free(h);
	return NULL;
}

/* Both harts' runs, then every granule of their rings classified as check() does. */
static void race_translated(struct race *r)
{
	if (mem_map(r->m, RINGS, (2 * 16 * r->iters + 0xfff) & ~0xfffULL) != MEM_OK || mem_write(r->m, CODE_C, k_capper, sizeof k_capper) != MEM_OK ||
	    mem_write(r->m, CODE_F, k_forger, sizeof k_forger) != MEM_OK) {
		r->errors++;
		return;
	}
	struct hart_racer hr[2] = { { .r = r, .forger = 0 }, { .r = r, .forger = 1 } };
	pthread_t tid[2];
	for (int k = 0; k < 2; k++)
		pthread_create(&tid[k], NULL, hart_racer_main, &hr[k]);
	for (int k = 0; k < 2; k++) {
		pthread_join(tid[k], NULL);
		r->errors += !hr[k].ok;
	}
	for (uint64_t a = RINGS; a < RINGS + 2 * 16 * r->iters; a += 16) {
		uint64_t lo, hi;
		bool tag;
		if (mem_load_cap(r->m, a, &lo, &hi, &tag) != MEM_OK)
			r->errors++;
		else if (!tag)
			r->untagged++;
		else if (lo == r->l_lo && hi == r->l_hi)
			r->tagged++;
		else if (lo == r->f_lo && hi == r->f_hi)
			r->forged++;
		else
			r->mixed++;
	}
}

static int report(const char *what, const struct race *r)
{
	printf("%s: %llu iterations: loads tagged-legit %llu, untagged %llu, tagged-forged %llu, tagged-mixed %llu, errors %llu\n",
	       what, (unsigned long long)r->iters, (unsigned long long)r->tagged, (unsigned long long)r->untagged,
	       (unsigned long long)r->forged, (unsigned long long)r->mixed, (unsigned long long)r->errors);
	int failed = r->forged || r->mixed || r->errors || !r->tagged || !r->untagged;
	if (!r->tagged || !r->untagged)
		printf("%s: the threads did not interleave (both outcomes needed for a meaningful run)\n", what);
	return failed;
}

int main(int argc, char **argv)
{
	struct race r = { 0 };
	r.iters = argc > 1 ? strtoull(argv[1], NULL, 0) : 300000;
	r.m = mem_new(1 << 20);
	if (!r.m || mem_map(r.m, 0, 1 << 20) != MEM_OK) {
		fprintf(stderr, "security_race: cannot create the address space\n");
		return 1;
	}
	/* L: a 256-byte data capability at 0x20000; F: the same permissions over [0, 2^40) */
	struct cap root = cap_root();
	struct cap l = cap_build_from_root(&root, 0x20000, 256, 0x817d);
	struct cap f = cap_build_from_root(&root, 0, 1ULL << 40, 0x817d);
	if (!l.tag || !f.tag)
		return 1;
	r.l_lo = l.addr;
	r.l_hi = cap_to_mem_pesbt(&l);
	r.f_lo = 0x30000;
	r.f_hi = cap_to_mem_pesbt(&f);

	pthread_t tc, tf;
	pthread_create(&tc, NULL, capper, &r);
	pthread_create(&tf, NULL, forger, &r);
	pthread_join(tc, NULL);
	pthread_join(tf, NULL);
	int failed = report("race", &r);
	mem_free(r.m);

	struct race t = r;   /* the translated phase: a fresh address space, L and F as before */
	t.tagged = t.untagged = t.forged = t.mixed = t.errors = 0;
	t.iters = 4096;   /* a power of two (the rings' capabilities are exact), about r.iters / 3 */
	while (t.iters * 6 <= r.iters)
		t.iters *= 2;
	t.m = mem_new(1ULL << 24);
	if (!t.m || mem_map(t.m, 0, 1 << 20) != MEM_OK) {
		fprintf(stderr, "security_race: cannot create the address space\n");
		return 1;
	}
	race_translated(&t);
	int tfailed = report("race (translated harts)", &t);
	mem_free(t.m);
	printf("%d passed, %d failed\n", !failed + !tfailed, failed + tfailed);
	return failed || tfailed;
}
