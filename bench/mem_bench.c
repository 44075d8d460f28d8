/* mem_bench.c - ns per operation of the guest address space (src/mem), one attached thread
 * (as a hart's).
 *
 * Each row runs the operation over a 64 KiB window (in cache) many times and prints the mean.
 * "plain page" = no tags on the page (the inline fast path); "tagged page" = the page holds
 * tags: data stores clear the granule's tag first (inline, no lock), capability loads compare
 * against the shadow under the page's seqlock, and tagged capability stores write that seqlock:
 * on pages the thread owns (it wrote them first) with plain stores, on pages another thread
 * also wrote ("shared") with a CAS (mem.c, step 2).
 * Usage: mem_bench [ITERATIONS]  (default 2e7 per row)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mem/mem.h"

#define WINDOW  0x10000ULL
#define PLAIN   0x100000ULL
#define TAGGED  0x200000ULL
#define SHARED  0x300000ULL

/* another thread writes a capability to every page of the SHARED window first */
static void *share(void *arg)
{
	struct mem *m = arg;
	struct mem_thread *t = mem_thread_attach(m);
	for (uint64_t a = 0; t && a < WINDOW; a += MEM_PAGE_SIZE)
		if (mem_store_cap(m, t, SHARED + a + MEM_PAGE_SIZE - 16, 1, 2, true) != MEM_OK)
			abort();
	mem_thread_detach(t);
	return t ? m : NULL;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void row(const char *name, double ns, unsigned long long n, int errors)
{
	printf("%-42s %8.2f ns%s\n", name, ns / (double)n, errors ? "  (ERRORS)" : "");
}

int main(int argc, char **argv)
{
	unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000ULL;
	struct mem *m = mem_new(1ULL << 32);
	pthread_t other;
	void *shared = NULL;
	if (!m || mem_map(m, PLAIN, WINDOW) != MEM_OK || mem_map(m, TAGGED, WINDOW) != MEM_OK ||
	    mem_map(m, SHARED, WINDOW) != MEM_OK || pthread_create(&other, NULL, share, m) != 0 ||
	    pthread_join(other, &shared) != 0 || !shared) {
		fprintf(stderr, "mem_bench: cannot set up the address space\n");
		return 1;
	}
	struct mem_thread *self = mem_thread_attach(m);
	for (uint64_t a = 0; a < WINDOW; a += MEM_PAGE_SIZE) { /* every tagged page gets its tag */
		if (!self || mem_store_cap(m, self, TAGGED + a + MEM_PAGE_SIZE - 16, 1, 2, true) != MEM_OK ||
		    mem_store_cap(m, self, SHARED + a + MEM_PAGE_SIZE - 16, 1, 2, true) != MEM_OK)
			return 1;
	}
	printf("%-42s %11s\n", "operation (8-byte data, 16-byte caps)", "mean");
	int err = 0;
	uint64_t sum = 0;
	double t;

#define LOOP(name, ...) \
	do { \
		err = 0; \
		t = now_ns(); \
		for (unsigned long long i = 0; i < n; i++) { \
			uint64_t off = (i * 16) & (WINDOW - 16); \
			__VA_ARGS__; \
		} \
		row(name, now_ns() - t, n, err); \
	} while (0)

	LOOP("data store, plain page (inline)", err |= mem_store64(m, PLAIN + off, i));
	LOOP("data store, tagged page (inline, no lock)", err |= mem_store64(m, TAGGED + off, i));
	LOOP("cap store + data store over it (tag clear)", {
		err |= mem_store_cap(m, self, TAGGED + off, i, ~i, true);
		err |= mem_store64(m, TAGGED + off, i); });
	LOOP("data load, plain page (inline)", { uint64_t v; err |= mem_load64(m, PLAIN + off, &v); sum += v; });
	LOOP("data load, tagged page (inline)", { uint64_t v; err |= mem_load64(m, TAGGED + off, &v); sum += v; });
	LOOP("capability store, tagged value", err |= mem_store_cap(m, self, TAGGED + off, i, ~i, true));
	LOOP("capability store, tagged value, shared page", err |= mem_store_cap(m, self, SHARED + off, i, ~i, true));
	LOOP("capability store, untagged, plain page", err |= mem_store_cap(m, self, PLAIN + off, i, ~i, false));
	LOOP("capability load, tagged page (seqlock+shadow)", {
		uint64_t lo, hi; bool tag;
		err |= mem_load_cap(m, TAGGED + off, &lo, &hi, &tag); sum += lo + hi + tag; });
	LOOP("capability load, plain page", {
		uint64_t lo, hi; bool tag;
		err |= mem_load_cap(m, PLAIN + off, &lo, &hi, &tag); sum += lo + hi + tag; });
	LOOP("AMOADD.D, plain page", { uint64_t o; err |= mem_amo(m, self, PLAIN + off, 8, MEM_AMO_ADD, 1, &o); sum += o; });
	LOOP("AMOADD.D, tagged page", { uint64_t o; err |= mem_amo(m, self, TAGGED + off, 8, MEM_AMO_ADD, 1, &o); sum += o; });
	printf("(checksum %llu)\n", (unsigned long long)sum);
	mem_thread_detach(self);
	mem_free(m);
	return 0;
}
