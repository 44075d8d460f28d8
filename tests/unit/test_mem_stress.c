/* test_mem_stress.c - capabilities are never torn across host threads (mem.c protocol).
 *
 * Several attached threads race on a few hot granules spread over a few pages: capability
 * stores of tagged values taken from a fixed set of 128-bit patterns, capability stores of
 * untagged values, data stores of 1/2/4/8 bytes at any offset (through the inline fast path
 * of mem.h, and through a copy of that fast path that pauses between its flag check and its
 * write, as a preempted thread would), AMOs, and capability loads. Every tagged value loaded
 * must be one of the patterns. Thread 0 re-maps a hot page every few blocks, so pages keep
 * returning to the tag-free state and the first-tag safepoint runs again and again. Threads
 * poll the safepoint flag between blocks of 64 operations, as harts do.
 *
 * The same run with the protocol switched off (mem_test_break) must find torn capabilities:
 * that shows the test can fail. Without the shadow compare, data stores tear capabilities;
 * without the page seqlocks, capability loads racing capability stores lose tags (the
 * "publish" mix: granules only ever hold tagged capabilities, so a load with tag 0 is wrong;
 * the "owner" mix: the same with one writer, which owns the pages and so writes them without
 * an atomic instruction, mem.c step 2).
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mem/mem.h"
#include "mem/mem_priv.h"
#include "mem/mem_test.h"
#include "test.h"

#define NTHREADS   3
#define BLOCK_OPS  64
#define HOT_BASE   0x10000ULL
#define HOT_PAGES  4 /* at most; a mix uses hot_pages of them, hot_gran granules at the start of each */
#define NPATTERNS  8

#define STRESS_BLOCKS 6000 /* per thread: 3 threads x 6000 x 64 = 1.15e6 operations per mix */

/* Pattern k: lo and hi differ from every other pattern's in every byte, so no mixture of
 * two patterns, or of a pattern and data stores, is itself a pattern (unless the data store
 * wrote the same bytes, which the checker accepts as it must). */
static uint64_t pat_lo(unsigned k) { return 0x0101010101010101ULL * (0x10 + k); }
static uint64_t pat_hi(unsigned k) { return 0x0101010101010101ULL * (0xa0 + k); }

/* Operation mix. LOCKS: tag-heavy, pages tagged almost always (exercises the stripes).
 * FIRST_TAG: pages re-mapped every block and tagged rarely, many delayed fast-path stores
 * (exercises the first-tag safepoint). Percentages of operations; the rest are cap loads. */
struct stress_mix {
	const char *name;
	unsigned cap_pct, untagged_pct, data_pct, delayed_pct, amo_pct;
	unsigned delay_spin, remap_every, hot_pages, hot_gran;
	bool untag_is_bad; /* only tagged capability stores: every load must see a tag */
	bool one_writer;   /* thread 0 stores (and owns the pages: mem.c's unlocked owner path), the rest load */
};
static const struct stress_mix MIX_LOCKS = { "locks", 30, 3, 27, 5, 2, 2000, 8, 4, 4, false, false };
static const struct stress_mix MIX_TIGHT = { "tight", 30, 3, 27, 5, 2, 2000, 8, 1, 2, false, false };
static const struct stress_mix MIX_FIRST_TAG = { "first-tag", 2, 1, 20, 20, 2, 300, 1, 4, 4, false, false };
static const struct stress_mix MIX_PUBLISH = { "publish", 50, 0, 0, 0, 0, 0, 1u << 30, 1, 2, true, false };
static const struct stress_mix MIX_OWNER = { "owner", 100, 0, 0, 0, 0, 0, 1u << 30, 1, 2, true, true };

struct stress_thread {
	const struct stress_mix *mix;
	struct mem *m;
	unsigned id;
	unsigned blocks;
	bool stop_on_bad;
	pthread_t tid;
	volatile bool *stop;
	/* results */
	uint64_t ops, tagged_loads, bad, bad_lo, bad_hi, safepoints, remaps, errors;
};

static bool is_pattern(uint64_t lo, uint64_t hi)
{
	for (unsigned k = 0; k < NPATTERNS; k++)
		if (lo == pat_lo(k) && hi == pat_hi(k))
			return true;
	return false;
}

/* The inline fast path of MEM_DEFINE_STORE(64), with a pause between its check and its write
 * (a thread preempted there). Stale-flag stores are what the first-tag safepoint guards. */
static int delayed_store64(struct mem *m, uint64_t addr, uint64_t v, unsigned spin)
{
	if (addr >= m->size - 16 || ((addr & (MEM_PAGE_SIZE - 1)) + 8) > MEM_PAGE_SIZE ||
	    __atomic_load_n(&m->page_flags[addr >> MEM_PAGE_SHIFT], __ATOMIC_RELAXED) != MEM_PAGE_MAPPED)
		return mem_store_slow(m, addr, &v, 8);
	for (unsigned i = 0; i < spin; i++)
		__asm__ volatile("pause" ::: "memory");
	memcpy(m->arena + addr, &v, sizeof v);
	return MEM_OK;
}

static uint64_t hot_granule(const struct stress_mix *x, uint64_t r)
{
	return HOT_BASE + ((r >> 8) % x->hot_pages) * MEM_PAGE_SIZE + ((r >> 16) % x->hot_gran) * 16;
}

static void *stress_main(void *arg)
{
	struct stress_thread *st = arg;
	struct mem *m = st->m;
	struct mem_thread *t = mem_thread_attach(m);
	const volatile int *flag = mem_safepoint_flag(m);
	uint64_t seed = 0x9e3779b97f4a7c15ULL * (st->id + 1);
	if (!t) {
		st->errors++;
		return NULL;
	}
	for (unsigned b = 0; b < st->blocks && !*st->stop; b++) {
		if (mem_safepoint_pending(flag)) {
			mem_safepoint(t);
			st->safepoints++;
		}
		unsigned every = st->mix->remap_every;
		if (st->id == 0 && b % every == every - 1) { /* back to tag-free: the next tag needs a safepoint */
			if (mem_map(m, HOT_BASE + (b / every % st->mix->hot_pages) * MEM_PAGE_SIZE, MEM_PAGE_SIZE) != MEM_OK)
				st->errors++;
			st->remaps++;
		}
		for (unsigned i = 0; i < BLOCK_OPS; i++, st->ops++) {
			uint64_t r = t_rand(&seed), g = hot_granule(st->mix, r), lo, hi, old;
			unsigned what = r % 100, k = (unsigned)(r >> 24) % NPATTERNS;
			const struct stress_mix *x = st->mix;
			bool tag;
			int rc = MEM_OK;
			if (x->one_writer && st->id != 0)
				what = 100; /* a load */
			if (what < x->cap_pct) {
				rc = mem_store_cap(m, t, g, pat_lo(k), pat_hi(k), true);
			} else if ((what -= x->cap_pct) < x->untagged_pct) {
				rc = mem_store_cap(m, t, g, r, ~r, false);
			} else if ((what -= x->untagged_pct) < x->data_pct) {
				uint64_t a = g + ((r >> 32) % 24) - 4; /* may touch the neighbours */
				uint64_t v = t_rand(&seed);
				switch ((r >> 40) & 3) {
				case 0: rc = mem_store8(m, a, (uint8_t)v); break;
				case 1: rc = mem_store16(m, a, (uint16_t)v); break;
				case 2: rc = mem_store32(m, a, (uint32_t)v); break;
				default: rc = mem_store64(m, a, v); break;
				}
			} else if ((what -= x->data_pct) < x->delayed_pct) {
				rc = delayed_store64(m, g + ((r >> 32) % 9), t_rand(&seed), x->delay_spin);
			} else if ((what -= x->delayed_pct) < x->amo_pct) {
				rc = mem_amo(m, t, g + 8 * ((r >> 32) & 1), 8, MEM_AMO_ADD, 1, &old);
			} else {
				rc = mem_load_cap(m, g, &lo, &hi, &tag);
				if (rc == MEM_OK && !tag && x->untag_is_bad) {
					if (!st->bad)
						st->bad_lo = lo, st->bad_hi = hi;
					st->bad++;
					if (st->stop_on_bad)
						*st->stop = true;
				}
				if (rc == MEM_OK && tag) {
					st->tagged_loads++;
					if (!is_pattern(lo, hi)) {
						if (!st->bad)
							st->bad_lo = lo, st->bad_hi = hi;
						st->bad++;
						if (st->stop_on_bad)
							*st->stop = true;
					}
				}
			}
			if (rc != MEM_OK)
				st->errors++;
		}
	}
	mem_thread_detach(t);
	return NULL;
}

struct stress_result {
	uint64_t ops, tagged_loads, bad, bad_lo, bad_hi, safepoints, remaps, errors;
	uint32_t owner; /* of the first hot page's lock at the end */
};

static struct stress_result stress_run(const struct stress_mix *mix, unsigned break_bits, unsigned blocks,
				       bool stop_on_bad)
{
	struct stress_result res = { 0 };
	struct mem *m = mem_new(1 << 20);
	if (!T_TRUE(m != NULL) || !T_EQ(mem_map(m, HOT_BASE - MEM_PAGE_SIZE, (HOT_PAGES + 2) * MEM_PAGE_SIZE), MEM_OK))
		return res;
	if (mix->untag_is_bad) /* every hot granule holds a tagged capability from the start */
		for (unsigned pg = 0; pg < mix->hot_pages; pg++)
			for (unsigned gi = 0; gi < mix->hot_gran; gi++)
				if (mem_store_cap(m, NULL, HOT_BASE + pg * MEM_PAGE_SIZE + gi * 16, pat_lo(0), pat_hi(0), true) != MEM_OK)
					res.errors++;
	mem_test_break(m, break_bits);
	volatile bool stop = false;
	struct stress_thread th[NTHREADS];
	for (unsigned i = 0; i < NTHREADS; i++) {
		th[i] = (struct stress_thread){ .mix = mix, .m = m, .id = i, .blocks = blocks, .stop = &stop, .stop_on_bad = stop_on_bad };
		if (pthread_create(&th[i].tid, NULL, stress_main, &th[i]) != 0)
			abort();
	}
	for (unsigned i = 0; i < NTHREADS; i++) {
		pthread_join(th[i].tid, NULL);
		res.ops += th[i].ops;
		res.tagged_loads += th[i].tagged_loads;
		res.safepoints += th[i].safepoints;
		res.remaps += th[i].remaps;
		res.errors += th[i].errors;
		if (th[i].bad && !res.bad)
			res.bad_lo = th[i].bad_lo, res.bad_hi = th[i].bad_hi;
		res.bad += th[i].bad;
	}
	res.owner = (uint32_t)(m->priv->locks[HOT_BASE >> MEM_PAGE_SHIFT] >> 32);
	mem_free(m);
	return res;
}

static void expect_whole(const struct stress_mix *mix)
{
	struct stress_result r = stress_run(mix, 0, STRESS_BLOCKS, false);
	t_case("mix %s: %d threads, %llu ops, %llu tagged loads, %llu safepoints, %llu remaps", mix->name,
	       NTHREADS, (unsigned long long)r.ops, (unsigned long long)r.tagged_loads,
	       (unsigned long long)r.safepoints, (unsigned long long)r.remaps);
	T_EQ(r.ops, (uint64_t)NTHREADS * STRESS_BLOCKS * BLOCK_OPS);
	T_EQ(r.errors, 0);
	T_TRUE(r.tagged_loads > r.ops / 1000);
	T_TRUE(mix->untag_is_bad || r.remaps > 100);
	T_EQ(r.bad, 0);
	if (mix->one_writer) /* the writer's pages stayed its own: its stores took the unlocked path */
		T_TRUE(r.owner >= MEM_OWNER_FIRST);
	if (r.bad)
		printf("  first torn capability: lo 0x%016llx hi 0x%016llx\n", (unsigned long long)r.bad_lo,
		       (unsigned long long)r.bad_hi);
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("mix %s: %llu ops, %llu tagged loads, %llu safepoints, %llu remaps\n", mix->name,
		       (unsigned long long)r.ops, (unsigned long long)r.tagged_loads,
		       (unsigned long long)r.safepoints, (unsigned long long)r.remaps);
}

TEST(mem_stress_threads)
{
	expect_whole(&MIX_LOCKS);
	expect_whole(&MIX_TIGHT);
	expect_whole(&MIX_FIRST_TAG);
	expect_whole(&MIX_PUBLISH);
	expect_whole(&MIX_OWNER);
}

/* Negative checks: each half of the protocol, switched off, lets torn capabilities through.
 * Runs stop at the first torn load; a few attempts absorb scheduling luck. */
static void expect_torn(const struct stress_mix *mix, unsigned break_bits, const char *what)
{
	struct stress_result r = { 0 };
	unsigned tries;
	/* on a loaded machine the two threads may rarely interleave: keep trying for up to 20 s
	 * (an unloaded machine sees a torn value in the first try or two) */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (tries = 1; !r.bad; tries++) {
		r = stress_run(mix, break_bits, STRESS_BLOCKS, true);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (tries >= 20 && t1.tv_sec - t0.tv_sec >= 20)
			break;
	}
	if (getenv("MEM_STRESS_VERBOSE"))
		printf("broken %s: %llu torn of %llu tagged loads in %llu ops, %u tries\n", what,
		       (unsigned long long)r.bad, (unsigned long long)r.tagged_loads, (unsigned long long)r.ops,
		       tries - 1);
	t_case("protocol broken (%s): torn capability seen (%llu ops, %u tries)", what, (unsigned long long)r.ops,
	       tries - 1);
	T_TRUE(r.bad > 0);
}

TEST(mem_stress_detects_broken_locks)
{
	expect_torn(&MIX_PUBLISH, MEM_TEST_BREAK_LOCKS, "no page locks: a tag lost");
}

TEST(mem_stress_detects_broken_owner_seqlock)
{
	expect_torn(&MIX_OWNER, MEM_TEST_BREAK_LOCKS, "no page seqlock on the owner's path: a tag lost");
}

TEST(mem_stress_detects_no_shadow)
{
	expect_torn(&MIX_TIGHT, MEM_TEST_BREAK_SHADOW, "no shadow compare");
}

/* The first-tag safepoint, deterministically: hart A has passed the page-flag check of an
 * inline fast-path store (the page was tag-free) and is preempted before its write. B then
 * makes the page's first tag. With the protocol, B's capability store cannot complete until A
 * has passed a safepoint, i.e. after A's write, so the capability survives whole. Without it,
 * B completes at once, A's late write lands inside the tagged capability, and a load sees a
 * torn tagged value. A waits for B's store to return, or 300 ms: no race decides the outcome. */
struct preempted_store {
	struct mem *m;
	uint64_t addr;
	volatile int checked, b_done;
};

static void *preempted_store_main(void *arg)
{
	struct preempted_store *ps = arg;
	struct mem_thread *t = mem_thread_attach(ps->m);
	const volatile int *flag = mem_safepoint_flag(ps->m);
	uint64_t v = 0x5555555555555555ULL;
	if (ps->m->page_flags[ps->addr >> MEM_PAGE_SHIFT] == MEM_PAGE_MAPPED) { /* fast-path check */
		ps->checked = 1;
		for (int i = 0; i < 300 && !ps->b_done; i++)
			usleep(1000);
		memcpy(mem_host(ps->m, ps->addr), &v, sizeof v); /* the fast-path write */
	}
	ps->checked = 1;
	while (!ps->b_done) { /* next block boundary, and the ones after */
		if (mem_safepoint_pending(flag))
			mem_safepoint(t);
		sched_yield();
	}
	mem_thread_detach(t);
	return NULL;
}

static bool first_tag_race(unsigned break_bits)
{
	struct mem *m = mem_new(1 << 20);
	struct preempted_store ps = { .m = m, .addr = 0x2000 };
	pthread_t tid;
	uint64_t lo = 0, hi = 0;
	bool tag = false;
	if (!m || mem_map(m, 0x2000, MEM_PAGE_SIZE) != MEM_OK)
		abort();
	mem_test_break(m, break_bits);
	alarm(20);
	if (pthread_create(&tid, NULL, preempted_store_main, &ps) != 0)
		abort();
	while (!ps.checked)
		sched_yield();
	T_EQ(mem_store_cap(m, NULL, 0x2000, pat_lo(1), pat_hi(1), true), MEM_OK);
	ps.b_done = 1;
	pthread_join(tid, NULL);
	alarm(0);
	T_EQ(mem_load_cap(m, 0x2000, &lo, &hi, &tag), MEM_OK);
	mem_free(m);
	return tag && !(lo == pat_lo(1) && hi == pat_hi(1));
}

TEST(mem_first_tag_waits_for_preempted_store)
{
	/* Two independent defences: the safepoint orders the late write before the capability,
	 * the shadow compare catches it if it lands inside. Either alone keeps the value whole. */
	t_case("protocol on: a store preempted after its flag check lands before the first tag");
	T_TRUE(!first_tag_race(0));
	t_case("no first-tag safepoint: the shadow compare still refuses the torn value");
	T_TRUE(!first_tag_race(MEM_TEST_BREAK_SAFEPOINT));
	t_case("no shadow compare: the safepoint still orders the late write first");
	T_TRUE(!first_tag_race(MEM_TEST_BREAK_SHADOW));
	t_case("both off: the same schedule tears the capability");
	T_TRUE(first_tag_race(MEM_TEST_BREAK_SAFEPOINT | MEM_TEST_BREAK_SHADOW));
}

/* --- safepoint corner cases (a hang here is a deadlock: the alarm turns it into a failure) --- */

struct poller {
	struct mem *m;
	volatile bool stop, offline_map_done;
	bool go_offline;
	uint64_t polls;
};

static void *poller_main(void *arg)
{
	struct poller *pl = arg;
	struct mem_thread *t = mem_thread_attach(pl->m);
	const volatile int *flag = mem_safepoint_flag(pl->m);
	if (pl->go_offline) {
		mem_thread_offline(t);
		/* host work that maps guest memory: the thread stays offline afterwards */
		if (mem_map(pl->m, 0x3000, MEM_PAGE_SIZE) == MEM_OK)
			pl->offline_map_done = true;
		while (!pl->stop)
			sched_yield();
		mem_thread_online(t);
	} else {
		while (!pl->stop) { /* a hart running empty blocks */
			if (mem_safepoint_pending(flag))
				mem_safepoint(t);
			pl->polls++;
			sched_yield();
		}
	}
	mem_thread_detach(t);
	return NULL;
}

TEST(mem_safepoint_unattached_waits_for_hart)
{
	struct mem *m = mem_new(1 << 20);
	struct poller pl = { .m = m };
	pthread_t tid;
	t_case("an unattached thread's first tag completes once the polling hart acknowledges");
	T_EQ(mem_map(m, 0x2000, 2 * MEM_PAGE_SIZE), MEM_OK);
	if (pthread_create(&tid, NULL, poller_main, &pl) != 0)
		abort();
	alarm(20);
	for (unsigned i = 0; i < 50; i++) {
		T_EQ(mem_store_cap(m, NULL, 0x2000 + 16 * i, i, i, true), MEM_OK);
		T_EQ(mem_map(m, 0x2000, MEM_PAGE_SIZE), MEM_OK); /* tag-free again: next store handshakes */
	}
	pl.stop = true;
	pthread_join(tid, NULL);
	alarm(0);
	T_EQ(mem_get_tag(m, 0x2000 + 16 * 49), 0);
	mem_free(m);
}

TEST(mem_safepoint_offline_thread_not_waited_for)
{
	struct mem *m = mem_new(1 << 20);
	struct poller pl = { .m = m, .go_offline = true };
	pthread_t tid;
	t_case("an offline thread (even one that mapped memory meanwhile) does not block a first tag");
	T_EQ(mem_map(m, 0x2000, MEM_PAGE_SIZE), MEM_OK);
	struct mem_thread *self = mem_thread_attach(m);
	alarm(20);
	if (pthread_create(&tid, NULL, poller_main, &pl) != 0)
		abort();
	while (!pl.offline_map_done) {
		mem_safepoint(self); /* the offline thread's mem_map stops the world */
		sched_yield();
	}
	T_EQ(mem_store_cap(m, self, 0x2000, 1, 2, true), MEM_OK);
	T_EQ(mem_store_cap(m, self, 0x3000, 3, 4, true), MEM_OK);
	T_EQ(mem_get_tag(m, 0x3000), 1);
	pl.stop = true;
	pthread_join(tid, NULL);
	alarm(0);
	mem_thread_detach(self);
	mem_free(m);
}
