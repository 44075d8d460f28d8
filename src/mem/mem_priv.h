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

/* Page locks (mem.c, protocol step 2): one 64-bit word per page, the owner in the high half,
 * a seqlock's sequence in the low half (odd: a writer holds the page). */
#define MEM_OWNER_NONE   0u /* no thread has written under the lock yet: the next attached one owns it */
#define MEM_OWNER_SHARED 1u /* written by two live threads: every writer takes the lock with a CAS */
#define MEM_OWNER_FIRST  2u /* thread ids (mem_thread.id) start here, never reused */
#define MEM_SEQ_MASK 0xffffffffULL

enum mem_thread_state {
	MEM_T_ONLINE,  /* running guest code: may be inside an inline fast-path store */
	MEM_T_OFFLINE, /* blocked in host work, touches no guest memory */
	MEM_T_PARKED,  /* inside mem_safepoint() */
	MEM_T_WAITING, /* inside mem itself, waiting at a safepoint for the others */
};

struct mem_thread {
	uint32_t id;                 /* owner id in page locks: >= MEM_OWNER_FIRST, unique per process;
				      * first (mem.h mem_thread_id reads it) */
	struct mem *m;
	pthread_t owner;
	enum mem_thread_state state; /* under sp_lock */
	uint64_t ack;                /* last safepoint epoch acknowledged; under sp_lock */
	struct mem_thread *next;
};
_Static_assert(offsetof(struct mem_thread, id) == 0, "mem.h mem_thread_id reads the first member");

struct mem_private {
	uint64_t limit;     /* usable guest addresses [0, limit); m->size = limit + MEM_GUARD */
	uint8_t *tags;      /* one byte per granule (0 or 1), NORESERVE: every tag write is a plain
			     * byte store, no RMW shared with the neighbouring granules */
	uint8_t *shadow;    /* m->size bytes, NORESERVE: at offset A, the 16 bytes the last tagged
			     * capability store to granule A wrote (written under its page lock) */
	size_t tags_bytes;
	uint64_t *locks;    /* one page lock per page (owner << 32 | sequence), NORESERVE */
	size_t locks_bytes;
	size_t flags_bytes;
	/* Sparse flags (mem_flags.c): a memfd of MEM_PAGE_MAPPED bytes whose views back the flag
	 * pages of large mapped ranges, and one bit per host page of flags that may hold
	 * MEM_PAGE_TAGS or MEM_PAGE_CODE (set before either is). */
	int flags_fd;
	uint64_t *flag_dirty;
	size_t dirty_bytes;
	/* one bit per host page of flags known to be private and backed (populated once, then
	 * written): mem_populate_flags skips those, replace() forgets them. Guarded by
	 * stop-the-world (mem_flags_set is its only user). Same size as flag_dirty. */
	uint64_t *flag_backed;
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
};

#define MEM_GUARD MEM_PAGE_SIZE /* never-mapped page after the usable space */

static inline uint64_t *mem_lock_of(const struct mem *m, uint64_t addr)
{
	return &m->priv->locks[addr >> MEM_PAGE_SHIFT];
}

static inline void mem_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static inline uint64_t mem_seq_next(uint64_t w)
{
	return (w & ~MEM_SEQ_MASK) | ((w + 1) & MEM_SEQ_MASK);
}
uint64_t mem_page_lock_slow(struct mem *m, struct mem_thread *t, uint64_t addr);
/* Seqlock writer side of the page holding addr (mem.c, step 2), for the calling thread t (its
 * attachment, or NULL). Returns the locked word (odd sequence) to pass to mem_page_unlock.
 * Never waits for other threads while it holds a lock. Inline: the owner's path, plain stores
 * (the owner is the only writer of its page's word until a stop-the-world takes the page). */
static inline uint64_t mem_page_lock(struct mem *m, struct mem_thread *t, uint64_t addr)
{
	uint64_t *l = mem_lock_of(m, addr), w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
	uint32_t me = t ? t->id : 0;
	if (__builtin_expect((uint32_t)(w >> 32) != me || !me || m->test_break, 0))
		return mem_page_lock_slow(m, t, addr);
	__atomic_store_n(l, mem_seq_next(w), __ATOMIC_RELAXED);
	/* Data writes must not become visible before the odd sequence (seqlock). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	return mem_seq_next(w);
}

static inline void mem_page_unlock(struct mem *m, uint64_t addr, uint64_t w)
{
	if (m->test_break & MEM_TEST_BREAK_LOCKS)
		return;
	__atomic_store_n(mem_lock_of(m, addr), mem_seq_next(w), __ATOMIC_RELEASE);
}

static inline uint8_t mem_flags(const struct mem *m, uint64_t page)
{
	return __atomic_load_n(&m->page_flags[page], __ATOMIC_ACQUIRE);
}

static inline uint8_t *mem_tag_byte(const struct mem *m, uint64_t granule)
{
	return &m->priv->tags[granule];
}

static inline bool mem_tag_read(const struct mem *m, uint64_t granule)
{
	return __atomic_load_n(mem_tag_byte(m, granule), __ATOMIC_RELAXED) != 0;
}

/* The granule's tag, cleared before a data store (lock-free: any thread may). A plain byte
 * store, written only when the tag is set; the data store that follows is ordered after it
 * (release: x86 keeps stores in order), which is all protocol step 2 needs. */
static inline void mem_tag_clear(const struct mem *m, uint64_t granule)
{
	uint8_t *b = mem_tag_byte(m, granule);
	if (__atomic_load_n(b, __ATOMIC_ACQUIRE))
		__atomic_store_n(b, 0, __ATOMIC_RELEASE);
}

static inline uint64_t *mem_shadow_word(const struct mem *m, uint64_t addr)
{
	return (uint64_t *)(void *)(m->priv->shadow + addr);
}

/* Under the page lock: a plain byte store (ordered after the data and shadow
 * stores before it: release). */
static inline void mem_tag_write(const struct mem *m, uint64_t granule, bool tag)
{
	uint8_t *b = mem_tag_byte(m, granule);
	if (__atomic_load_n(b, __ATOMIC_RELAXED) != tag)
		__atomic_store_n(b, tag, __ATOMIC_RELEASE);
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
 * before the write (lock-free), or write plainly on a page without tags. */
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
/* Whether a thread with this id is attached to m (under sp_lock inside). */
bool mem_id_attached(struct mem *m, uint32_t id);
/* Give `page` its first tag: set MEM_PAGE_TAGS, wait until every other online thread has
 * passed a safepoint, then set MEM_PAGE_TAGS_READY (unless a stop-the-world intervened; the
 * caller re-reads the flags and retries in any case). */
void mem_first_tag(struct mem *m, struct mem_thread *t, uint64_t page);
/* Register for membarrier(2) once per process (mem_new: before any hart thread exists). */
void mem_barrier_init(void);
/* Stop the world: every other attached thread parked, offline or waiting inside mem.
 * The caller may be attached (found by pthread_self) or not. */
void mem_stw_begin(struct mem *m);
void mem_stw_end(struct mem *m);
int mem_safepoint_init(struct mem_private *p);
void mem_safepoint_destroy(struct mem_private *p);

#endif
