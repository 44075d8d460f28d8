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
 * Prints the counts and "N passed, N failed"; exit 1 on a forged tag.
 * usage: security_race [ITERATIONS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cap/cap.h"
#include "mem/mem.h"

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
	mem_free(r.m);

	printf("race: %llu iterations: loads tagged-legit %llu, untagged %llu, tagged-forged %llu, tagged-mixed %llu, errors %llu\n",
	       (unsigned long long)r.iters, (unsigned long long)r.tagged, (unsigned long long)r.untagged,
	       (unsigned long long)r.forged, (unsigned long long)r.mixed, (unsigned long long)r.errors);
	int failed = r.forged || r.mixed || r.errors || !r.tagged || !r.untagged;
	if (!r.tagged || !r.untagged)
		printf("race: the threads did not interleave (both outcomes needed for a meaningful run)\n");
	printf("%d passed, %d failed\n", !failed, failed);
	return failed;
}
