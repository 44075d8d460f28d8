/* mem_priv.h - private state of the address space (mem.c, mem_cap.c, mem_safepoint.c).
 * The protocol these fields implement is described at the top of mem.c.
 */
#ifndef INTRAVISOR_MEM_PRIV_H
#define INTRAVISOR_MEM_PRIV_H

#include <pthread.h>

#include "mem/mem.h"
#include "mem/mem_test.h"

/* MEM_PAGE_TAGS_READY (mem.h): the first-tag safepoint of this page has completed, so
 * capability stores of tagged values may write tags here. Always set with MEM_PAGE_TAGS. */

#define MEM_STRIPES 1024 /* striped seqlocks, hashed by granule (power of two) */

struct mem_stripe {
	uint32_t seq; /* odd: a writer holds the stripe */
} __attribute__((aligned(64)));

enum mem_thread_state {
	MEM_T_ONLINE,  /* running guest code: may be inside an inline fast-path store */
	MEM_T_OFFLINE, /* blocked in host work, touches no guest memory */
	MEM_T_PARKED,  /* inside mem_safepoint() */
	MEM_T_WAITING, /* inside mem itself, waiting at a safepoint for the others */
};

struct mem_thread {
	struct mem *m;
	pthread_t owner;
	enum mem_thread_state state; /* under sp_lock */
	uint64_t ack;                /* last safepoint epoch acknowledged; under sp_lock */
	struct mem_thread *next;
};

struct mem_private {
	uint64_t limit;     /* usable guest addresses [0, limit); m->size = limit + MEM_GUARD */
	uint64_t *tags;     /* one bit per granule, NORESERVE; bit g%64 of word g/64 */
	uint8_t *shadow;    /* m->size bytes, NORESERVE: at offset A, the 16 bytes the last tagged
			     * capability store to granule A wrote (written under its stripe) */
	size_t tags_bytes;
	size_t flags_bytes;
	/* Sparse flags (mem_flags.c): a memfd of MEM_PAGE_MAPPED bytes whose views back the flag
	 * pages of large mapped ranges, and one bit per host page of flags that may hold
	 * MEM_PAGE_TAGS or MEM_PAGE_CODE (set before either is). */
	int flags_fd;
	uint64_t *flag_dirty;
	size_t dirty_bytes;
	unsigned test_break; /* MEM_TEST_BREAK_* (tests only) */
	/* Which page each code_epoch bump was for (mem_code_changed): entry e % MEM_CODE_LOG holds
	 * (e << MEM_CODE_PAGE_BITS) | page, page MEM_CODE_ALL for a bump over many pages. */
	uint64_t code_log[MEM_CODE_LOG];

	/* Safepoints; everything below is guarded by sp_lock except where noted. */
	pthread_mutex_t sp_lock;
	pthread_cond_t sp_cond;       /* broadcast on every state change */
	struct mem_thread *threads;
	unsigned n_online;            /* threads in MEM_T_ONLINE */
	unsigned n_unacked;           /* ... of which ack < sp_epoch (they hold the flag up) */
	uint64_t sp_epoch;            /* bumped by each first-tag handshake; atomic reads outside */
	uint64_t map_gen;             /* bumped at the start and end of every stop-the-world */
	bool stw_active;              /* atomic reads outside */
	pthread_t stw_owner;
	enum mem_thread_state stw_owner_prev; /* the owner's state before, restored at the end */
	int sp_flag;                  /* what harts poll: a safepoint is wanted */

	struct mem_stripe stripes[MEM_STRIPES];
};

#define MEM_GUARD MEM_PAGE_SIZE /* never-mapped page after the usable space */

static inline struct mem_stripe *mem_stripe_of(struct mem_private *p, uint64_t granule)
{
	return &p->stripes[(granule ^ (granule >> 10)) & (MEM_STRIPES - 1)];
}

static inline void mem_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Seqlock writer side. Returns the odd sequence value to pass to mem_stripe_unlock. */
uint32_t mem_stripe_lock(struct mem_private *p, struct mem_stripe *s);
static inline void mem_stripe_unlock(struct mem_private *p, struct mem_stripe *s, uint32_t v)
{
	if (p->test_break & MEM_TEST_BREAK_LOCKS)
		return;
	__atomic_store_n(&s->seq, v + 1, __ATOMIC_RELEASE);
}

static inline uint8_t mem_flags(const struct mem *m, uint64_t page)
{
	return __atomic_load_n(&m->page_flags[page], __ATOMIC_ACQUIRE);
}

static inline uint64_t *mem_tag_word(const struct mem *m, uint64_t granule)
{
	return &m->priv->tags[granule >> 6];
}

static inline bool mem_tag_read(const struct mem *m, uint64_t granule)
{
	return (__atomic_load_n(mem_tag_word(m, granule), __ATOMIC_RELAXED) >> (granule & 63)) & 1;
}

/* The granule's tag bit, cleared before a data store (lock-free: any thread may; neighbouring
 * bits belong to other granules, hence the atomic RMW, taken only when the bit is set). */
static inline void mem_tag_clear(const struct mem *m, uint64_t granule)
{
	uint64_t *w = mem_tag_word(m, granule), bit = 1ULL << (granule & 63);
	if (__atomic_load_n(w, __ATOMIC_ACQUIRE) & bit)
		__atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
}

static inline uint64_t *mem_shadow_word(const struct mem *m, uint64_t addr)
{
	return (uint64_t *)(void *)(m->priv->shadow + addr);
}

/* Under the granule's stripe lock (neighbouring bits belong to other stripes: atomic RMW). */
static inline void mem_tag_write(const struct mem *m, uint64_t granule, bool tag)
{
	uint64_t *w = mem_tag_word(m, granule), bit = 1ULL << (granule & 63);
	bool cur = (__atomic_load_n(w, __ATOMIC_RELAXED) & bit) != 0;
	if (cur == tag)
		return;
	if (tag)
		__atomic_fetch_or(w, bit, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(w, ~bit, __ATOMIC_RELAXED);
}

/* Bump code_epoch for `page` (or MEM_CODE_ALL) and log it. The log entry is written after the
 * bump: a reader that sees the new epoch before its entry finds a stale tag and drops all. */
static inline void mem_code_bump(struct mem *m, uint64_t page)
{
	uint64_t e = __atomic_add_fetch(&m->code_epoch, 1, __ATOMIC_ACQ_REL);
	__atomic_store_n(&m->priv->code_log[e % MEM_CODE_LOG], e << MEM_CODE_PAGE_BITS | page, __ATOMIC_RELEASE);
}

/* A store hit a page whose flags had MEM_PAGE_CODE: clear it and bump code_epoch. */
static inline void mem_code_touched(struct mem *m, uint64_t page)
{
	if (__atomic_fetch_and(&m->page_flags[page], (uint8_t)~MEM_PAGE_CODE, __ATOMIC_ACQ_REL) & MEM_PAGE_CODE)
		mem_code_bump(m, page);
}

/* Data bytes [addr, addr+n) inside one page (flags f): clear the tag of every granule touched
 * under its stripe lock, or write plainly on a page without tags. */
void mem_store_in_page(struct mem *m, uint64_t addr, const void *src, uint64_t n, uint8_t f);

/* The flag page of `page` may now hold MEM_PAGE_TAGS or MEM_PAGE_CODE (mem_flags.c): call
 * before setting either. */
static inline void mem_flags_dirty(struct mem *m, uint64_t page)
{
	uint64_t fp = page >> MEM_PAGE_SHIFT; /* MEM_PAGE_SIZE flag bytes per host page */
	uint64_t *w = &m->priv->flag_dirty[fp / 64], bit = 1ULL << (fp % 64);
	if (!(__atomic_load_n(w, __ATOMIC_ACQUIRE) & bit))
		__atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST);
}

/* mem.c: under stop-the-world, forget tags and code of pages [first, first+n), flags `to`. */
void mem_reset_pages(struct mem *m, uint64_t first, uint64_t n, uint8_t to);
/* mem_flags.c */
int mem_flags_init(struct mem_private *p);
void mem_flags_destroy(struct mem_private *p);
/* Under stop-the-world: flags of pages [first, first+n) become `to` (0 or MEM_PAGE_MAPPED),
 * tags and code forgotten; whole host pages of flags are shared views, not written. */
void mem_flags_set(struct mem *m, uint64_t first, uint64_t n, uint8_t to);

/* mem_populate.c: back the flag bytes of pages [first, first+n) before they are written. */
void mem_populate_flags(struct mem *m, uint64_t first, uint64_t n);

/* mem_safepoint.c */
/* Give `page` its first tag: set MEM_PAGE_TAGS, wait until every other online thread has
 * passed a safepoint, then set MEM_PAGE_TAGS_READY (unless a stop-the-world intervened; the
 * caller re-reads the flags and retries in any case). */
void mem_first_tag(struct mem *m, struct mem_thread *t, uint64_t page);
/* Stop the world: every other attached thread parked, offline or waiting inside mem.
 * The caller may be attached (found by pthread_self) or not. */
void mem_stw_begin(struct mem *m);
void mem_stw_end(struct mem *m);
int mem_safepoint_init(struct mem_private *p);
void mem_safepoint_destroy(struct mem_private *p);

#endif
