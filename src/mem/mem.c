/* mem.c - the emulated, tagged guest address space: arena, page flags, data stores.
 *
 * LAYOUT. mem_new(size) reserves limit = size (rounded to pages) bytes of host address space
 * plus a never-mapped guard page (m->size = limit + MEM_GUARD), PROT_NONE and NORESERVE, so
 * the inline checks of mem.h (addr < m->size - 16, then the page flags of the first and last
 * byte) never index past the flag array and never touch host memory outside the arena.
 * page_flags (one byte per page), the tags (one byte per 16-byte granule) and the page locks
 * (one word per page) are NORESERVE read/write mappings: untouched parts cost no RAM. mem_map() re-maps the range
 * with MAP_FIXED (fresh zero pages), mem_unmap() re-maps it PROT_NONE (memory released); for
 * a few pages it installs guard markers instead (MADV_GUARD_INSTALL, Linux >= 6.13: memory
 * released, every host access faults as with PROT_NONE, and the arena's mapping is not split,
 * which makes it ~3x cheaper), falling back to the re-map where the kernel lacks them.
 * Whole host pages of page_flags inside a mapped range are shared views of MEM_PAGE_MAPPED
 * bytes (mem_flags.c); the rest of a range's flags are backed with one madvise and written.
 *
 * THE MULTI-THREAD PROTOCOL (why a tagged capability is never torn).
 *
 * Invariant: a granule's tag is set only if its 16 bytes were written whole by one capability
 * store of a tagged value and no data byte of the granule was written since.
 *
 * 1. Plain pages. A page without MEM_PAGE_TAGS holds no set tag. Stores to it are the inline
 *    fast path of mem.h: check the flag byte, then memcpy, without any lock. Capability loads
 *    from it return tag 0 without reading the tags.
 * 2. Tagged pages. Stores to a page with MEM_PAGE_TAGS (inline in mem.h inside one granule,
 *    else mem_store_slow) take no lock: for each granule it touches it clears the tag if it is
 *    set, and only then writes the data. Tags are bytes, so the clear is a plain byte store,
 *    and x86 makes stores visible in program order (TSO): the clear before the data. Capability
 *    stores of tagged values take the page's lock (a seqlock) and write, in this order, the 16
 *    data bytes, the same 16 bytes into the SHADOW (a second NORESERVE array parallel to the
 *    arena, written only here and always under the lock), and the tag. Capability loads are
 *    seqlock readers: read the lock word (even sequence), the data, the shadow and the tag,
 *    re-read the word, retry if it changed. The tag they return is tag AND data == shadow.
 *    The page lock has an owner: the first attached thread that takes it. The owner takes and
 *    releases it with plain stores (it is the only writer of the word), every other thread
 *    with a CAS once the page is MEM_OWNER_SHARED. A page changes from owned to shared only
 *    while its owner cannot be inside a locked section: in a stop-the-world (every other
 *    thread parked between blocks, offline or waiting inside mem, and none of them waits while
 *    holding a page lock), or with one CAS when the owner is no longer attached (revoke()).
 *    So a thread's own stack and heap pages, which no other thread writes capabilities to,
 *    take no atomic instruction at all; re-mapping a page makes it unowned again. Every
 *    plain store to a lock word writes it whole (64 bits: a later load of the word would wait
 *    for a store to half of it), the sequence counted modulo 2^32 beside the owner. The
 *    uncontended cases (the owner's tagged store, a load while no writer is inside) are inline
 *    in mem.h and in translated code (jit_emit.c), the rest here.
 *    Why that is never torn nor forged: a tag returned set means the 16 data bytes equal the
 *    shadow, which (by the seqlock) is the whole value of ONE tagged capability store to this
 *    granule, the latest one. A data store that lands inside that value changes the bytes (the
 *    compare fails) unless it wrote the same bytes, and before its write it cleared the tag, so
 *    a load that still saw the tag set read the data before that write (a load's reads are
 *    ordered, and so are the clear and the write): the load is linearised before the data
 *    store. A data store whose
 *    tag check ran before a capability store set the tag lands either before the capability's
 *    data (the capability wins whole, as if the data store came first) or after it (the
 *    compare fails: the data store came last, tag 0, which is right). If its clear removes the
 *    new tag, its write, which follows the clear, lands after the capability's data: tag 0
 *    is right again.
 *    The seqlock only keeps a load from pairing new data with an old shadow (a lost tag).
 *    Untagged capability stores are data stores. AMOs, integer CAS, SC.C and AMOSWAP.C take
 *    the page lock (they serialise with capability stores; the capability ones write the 16 data
 *    bytes with one CMPXCHG16B, so they are atomic against unlocked data stores too).
 * 3. The first tag. The hole in (1)+(2) is a thread that read a page's flag as plain, was
 *    delayed, and then stores without a lock into a granule that has meanwhile received a
 *    tagged capability. Hence a page gains MEM_PAGE_TAGS only inside mem_first_tag()
 *    (mem_safepoint.c): set the flag (seq_cst), bump the safepoint epoch, raise the flag harts
 *    poll, and wait until every other attached thread has acknowledged the new epoch, is
 *    offline, or is itself waiting inside mem. Harts poll only between blocks, so an
 *    acknowledging thread has finished every fast-path store that read the old flag, and its
 *    later flag reads happen after the flag was set (the epoch is handed over under sp_lock).
 *    Only then is the private MEM_PAGE_TAGS_READY bit set; a tagged capability store waits for
 *    it, so no tag exists on a page before every thread stores to it through (2).
 *    The waiting thread counts as parked for the others, so two threads waiting for each other
 *    both proceed. Capability CAS and swap also make their page READY first (they compare and
 *    write 16 bytes, which must be atomic w.r.t. every other store).
 * 4. Clearing a page. MEM_PAGE_TAGS is removed only by mem_map (re-zero) and mem_unmap, which
 *    stop the world: every other attached thread is parked, offline or waiting inside mem, so
 *    none is between a flag check and its access. A stop-the-world bumps map_gen at its start
 *    and end; mem_first_tag sets READY only if map_gen did not change during its wait.
 * 5. Threads that do not attach (t == NULL, the monitor while deploying) take part as waiters
 *    only: their capability stores wait for the attached threads. Their plain data stores are
 *    not covered by (3), so they must not store to memory that attached threads are using
 *    concurrently, and they must not map/unmap pages attached threads use (see mem.h).
 *
 * Code pages: a store to a MEM_PAGE_CODE page clears the bit and bumps code_epoch after the
 * data is written. A hart must mark a page (mem_mark_code) before it decodes from it.
 */
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "mem/mem_priv.h"

#define MEM_MAX_SIZE (1ULL << 46)

static void *reserve(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

struct mem *mem_new(uint64_t size)
{
	if (size == 0 || size > MEM_MAX_SIZE)
		return NULL;
	uint64_t limit = (size + MEM_PAGE_SIZE - 1) & ~(MEM_PAGE_SIZE - 1);
	struct mem *m = calloc(1, sizeof *m);
	struct mem_private *p = NULL;
	if (!m || posix_memalign((void **)&p, 64, sizeof *p) != 0) {
		free(m);
		return NULL;
	}
	memset(p, 0, sizeof *p);
	m->priv = p;
	p->limit = limit;
	m->size = limit + MEM_GUARD;
	p->flags_bytes = (size_t)(m->size >> MEM_PAGE_SHIFT);
	p->tags_bytes = (size_t)(((m->size / MEM_GRANULE) + MEM_PAGE_SIZE - 1) & ~(MEM_PAGE_SIZE - 1));
	m->arena = reserve(m->size, PROT_NONE);
	m->page_flags = reserve(p->flags_bytes, PROT_READ | PROT_WRITE);
	p->tags = reserve(p->tags_bytes, PROT_READ | PROT_WRITE);
	p->shadow = reserve(m->size, PROT_READ | PROT_WRITE);
	p->locks_bytes = (size_t)(m->size >> MEM_PAGE_SHIFT) * sizeof(uint64_t);
	p->locks = reserve(p->locks_bytes, PROT_READ | PROT_WRITE);
	if (!m->arena || !m->page_flags || !p->tags || !p->shadow || !p->locks) {
		if (p->locks)
			munmap(p->locks, p->locks_bytes);
		if (p->shadow)
			munmap(p->shadow, m->size);
		if (m->arena)
			munmap(m->arena, m->size);
		if (m->page_flags)
			munmap(m->page_flags, p->flags_bytes);
		if (p->tags)
			munmap(p->tags, p->tags_bytes);
		free(p);
		free(m);
		return NULL;
	}
	m->tag_bytes = p->tags;
	m->page_locks = p->locks;
	m->shadow = p->shadow;
	mem_barrier_init();
	if (mem_flags_init(p) != 0 || mem_safepoint_init(p) != 0) {
		mem_flags_destroy(p);
		munmap(p->locks, p->locks_bytes);
		munmap(p->shadow, m->size);
		munmap(m->arena, m->size);
		munmap(m->page_flags, p->flags_bytes);
		munmap(p->tags, p->tags_bytes);
		free(p);
		free(m);
		return NULL;
	}
	return m;
}

void mem_free(struct mem *m)
{
	if (!m)
		return;
	struct mem_private *p = m->priv;
	mem_safepoint_destroy(p);
	mem_flags_destroy(p);
	munmap(p->locks, p->locks_bytes);
	munmap(p->shadow, m->size);
	munmap(m->arena, m->size);
	munmap(m->page_flags, p->flags_bytes);
	munmap(p->tags, p->tags_bytes);
	free(p);
	free(m);
}

void mem_test_break(struct mem *m, unsigned bits)
{
	m->test_break = bits;
}

/* [addr, addr+len) page aligned and inside the usable space. */
static bool range_ok(const struct mem *m, uint64_t addr, uint64_t len)
{
	uint64_t mask = MEM_PAGE_SIZE - 1;
	return !(addr & mask) && !(len & mask) && addr <= m->priv->limit && len <= m->priv->limit - addr;
}

/* Bytes [addr, addr+len) inside the usable space (any alignment). */
static bool span_ok(const struct mem *m, uint64_t addr, uint64_t len)
{
	return addr <= m->priv->limit && len <= m->priv->limit - addr;
}

bool mem_is_mapped(const struct mem *m, uint64_t addr, uint64_t len)
{
	if (!span_ok(m, addr, len))
		return false;
	if (len == 0)
		return true;
	for (uint64_t pg = addr >> MEM_PAGE_SHIFT; pg <= (addr + len - 1) >> MEM_PAGE_SHIFT; pg++)
		if (!(mem_flags(m, pg) & MEM_PAGE_MAPPED))
			return false;
	return true;
}

/* Flag bytes [first, first+n) are visited a word (8 pages) at a time on their 8-aligned part and
 * a byte at a time at the edges. A word access is an aligned 8-byte atomic, so each flag byte
 * in it is read or written whole, as with byte accesses (readers use byte loads); a word covers
 * only pages of the range, so it never overwrites the flag of a page outside it.
 * page_flags comes from mmap (page aligned) and is accessed both as bytes and as words. */
typedef uint64_t mem_flag_word __attribute__((may_alias));
#define FLAGS8(b) ((uint64_t)(uint8_t)(b) * 0x0101010101010101ULL)
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "byte i of a flag word is page pg + i");

static mem_flag_word *flag_word(uint8_t *flags, uint64_t pg)
{
	return (mem_flag_word *)(flags + pg);
}

static bool any_mapped(const struct mem *m, uint64_t first, uint64_t n)
{
	uint64_t pg = first, end = first + n;
	for (; pg < end && (pg & 7); pg++)
		if (mem_flags(m, pg) & MEM_PAGE_MAPPED)
			return true;
	for (uint8_t *flags = m->page_flags; end - pg >= 8 && pg < end; pg += 8)
		if (__atomic_load_n(flag_word(flags, pg), __ATOMIC_ACQUIRE) & FLAGS8(MEM_PAGE_MAPPED))
			return true;
	for (; pg < end; pg++)
		if (mem_flags(m, pg) & MEM_PAGE_MAPPED)
			return true;
	return false;
}

static void clear_page_tags(struct mem *m, uint64_t pg)
{
	uint64_t *w = (uint64_t *)(void *)mem_tag_byte(m, pg << (MEM_PAGE_SHIFT - 4));
	for (unsigned i = 0; i < MEM_PAGE_SIZE / MEM_GRANULE / 8; i++)
		__atomic_store_n(&w[i], 0, __ATOMIC_RELAXED);
}

/* One page of mem_reset_pages. Returns whether its flags had MEM_PAGE_CODE. */
static bool reset_page(struct mem *m, uint64_t pg, uint8_t to)
{
	uint8_t f = mem_flags(m, pg);
	if (f & MEM_PAGE_TAGS) { /* only such pages use their lock: it starts without an owner again */
		clear_page_tags(m, pg);
		uint64_t *l = &m->priv->locks[pg];
		__atomic_store_n(l, __atomic_load_n(l, __ATOMIC_RELAXED) & MEM_SEQ_MASK, __ATOMIC_RELAXED);
	}
	if (f != to)
		__atomic_store_n(&m->page_flags[pg], to, __ATOMIC_RELEASE);
	return (f & MEM_PAGE_CODE) != 0;
}

/* One aligned flag word (pages pg..pg+7, all in the range) of reset_pages. */
static bool reset_word(struct mem *m, mem_flag_word *w, uint64_t pg, uint64_t old, uint64_t want)
{
	if (old == want)
		return false;
	uint64_t tags = old & FLAGS8(MEM_PAGE_TAGS);
	for (unsigned i = 0; tags; i++, tags >>= 8)
		if (tags & MEM_PAGE_TAGS)
			clear_page_tags(m, pg + i);
	__atomic_store_n(w, want, __ATOMIC_RELEASE);
	return (old & FLAGS8(MEM_PAGE_CODE)) != 0;
}

/* Under stop-the-world (or on pages nobody can reach): forget tags and code of the pages,
 * leaving their flags `to`. The tags are touched only for pages whose flags have
 * MEM_PAGE_TAGS (no other page holds a set tag, protocol step 1), and a flag word already
 * equal to `to` everywhere is not written (its memory stays as it is, possibly unbacked).
 * Tags are cleared before the release store of the flags, as for a single page.
 * The aligned part goes 4 words (32 pages) at a time: without tags or code in them (the
 * common case) only the stores remain. */
void mem_reset_pages(struct mem *m, uint64_t first, uint64_t n, uint8_t to)
{
	bool code = false;
	uint64_t pg = first, end = first + n, want = FLAGS8(to);
	for (; pg < end && (pg & 7); pg++)
		code |= reset_page(m, pg, to);
	uint8_t *flags = m->page_flags; /* loaded once: the word stores may alias anything */
	for (; end - pg >= 32 && pg < end; pg += 32) {
		mem_flag_word *w = flag_word(flags, pg);
		uint64_t o0 = __atomic_load_n(&w[0], __ATOMIC_ACQUIRE), o1 = __atomic_load_n(&w[1], __ATOMIC_ACQUIRE);
		uint64_t o2 = __atomic_load_n(&w[2], __ATOMIC_ACQUIRE), o3 = __atomic_load_n(&w[3], __ATOMIC_ACQUIRE);
		if ((o0 | o1 | o2 | o3) & FLAGS8(MEM_PAGE_TAGS | MEM_PAGE_CODE)) {
			code |= reset_word(m, &w[0], pg, o0, want);
			code |= reset_word(m, &w[1], pg + 8, o1, want);
			code |= reset_word(m, &w[2], pg + 16, o2, want);
			code |= reset_word(m, &w[3], pg + 24, o3, want);
			continue;
		}
		if (o0 != want)
			__atomic_store_n(&w[0], want, __ATOMIC_RELEASE);
		if (o1 != want)
			__atomic_store_n(&w[1], want, __ATOMIC_RELEASE);
		if (o2 != want)
			__atomic_store_n(&w[2], want, __ATOMIC_RELEASE);
		if (o3 != want)
			__atomic_store_n(&w[3], want, __ATOMIC_RELEASE);
	}
	for (; end - pg >= 8 && pg < end; pg += 8) {
		mem_flag_word *w = flag_word(flags, pg);
		code |= reset_word(m, w, pg, __atomic_load_n(w, __ATOMIC_ACQUIRE), want);
	}
	for (; pg < end; pg++)
		code |= reset_page(m, pg, to);
	if (code)
		mem_code_bump(m, MEM_CODE_ALL);
}

static int remap(struct mem *m, uint64_t addr, uint64_t len, int prot)
{
	void *want = m->arena + addr;
	void *got = mmap(want, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	return got == want ? MEM_OK : MEM_E_NOMEM;
}

int mem_map(struct mem *m, uint64_t addr, uint64_t len)
{
	if (!range_ok(m, addr, len))
		return MEM_E_UNMAPPED;
	if (len == 0)
		return MEM_OK;
	uint64_t first = addr >> MEM_PAGE_SHIFT, n = len >> MEM_PAGE_SHIFT;
	mem_stw_begin(m); /* also serialises mem_map/mem_unmap */
	int r = remap(m, addr, len, PROT_READ | PROT_WRITE);
	mem_flags_set(m, first, n, r == MEM_OK ? MEM_PAGE_MAPPED : 0);
	if (r != MEM_OK) /* the range may be half re-mapped: make it unreachable and clean */
		(void)remap(m, addr, len, PROT_NONE);
	mem_stw_end(m);
	return r;
}

void mem_ready_tags(struct mem *m, uint64_t addr, uint64_t len)
{
	if (!range_ok(m, addr, len) || len == 0)
		return;
	mem_stw_begin(m);   /* no hart is inside a store: nobody holds an old flag */
	for (uint64_t page = addr >> MEM_PAGE_SHIFT; page < (addr + len) >> MEM_PAGE_SHIFT; page++)
		if (mem_flags(m, page) & MEM_PAGE_MAPPED) {
			mem_flags_dirty(m, page);   /* before the bits (mem_flags.c) */
			__atomic_fetch_or(&m->page_flags[page], MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY, __ATOMIC_SEQ_CST);
		}
	mem_stw_end(m);
}

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102 /* Linux uapi value; older kernels answer EINVAL */
#endif
#define MEM_GUARD_MAX_PAGES 16 /* larger ranges: PROT_NONE re-map (markers need page tables) */

/* Release host memory of [addr, addr+len) and make every host access to it fault. */
static int release(struct mem *m, uint64_t addr, uint64_t len)
{
	(void)madvise(m->priv->shadow + addr, len, MADV_DONTNEED); /* stale shadows: bits are clear */
	if (len <= MEM_GUARD_MAX_PAGES * MEM_PAGE_SIZE &&
	    madvise(m->arena + addr, len, MADV_GUARD_INSTALL) == 0)
		return MEM_OK;
	return remap(m, addr, len, PROT_NONE);
}

int mem_unmap(struct mem *m, uint64_t addr, uint64_t len)
{
	if (!range_ok(m, addr, len))
		return MEM_E_UNMAPPED;
	if (len == 0)
		return MEM_OK;
	uint64_t first = addr >> MEM_PAGE_SHIFT, n = len >> MEM_PAGE_SHIFT;
	int r = MEM_OK;
	mem_stw_begin(m);
	if (any_mapped(m, first, n)) {
		mem_flags_set(m, first, n, 0);
		r = release(m, addr, len);
	}
	mem_stw_end(m);
	return r;
}

/* A page owned by another thread: make it shared. An owner that is no longer attached cannot
 * be half-way through a write (its sequence is even), so its page changes hands with one CAS;
 * a live owner may be, so the change waits for a stop-the-world, in which every other thread
 * is parked between blocks, offline or waiting inside mem (never while holding a page lock). */
static void revoke(struct mem *m, uint64_t *l, uint64_t w)
{
	uint32_t owner = (uint32_t)(w >> 32);
	if (!mem_id_attached(m, owner)) {
		uint64_t to = (uint64_t)MEM_OWNER_SHARED << 32 | (w & MEM_SEQ_MASK);
		__atomic_compare_exchange_n(l, &w, to, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
		return;
	}
	mem_stw_begin(m);
	w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
	if ((uint32_t)(w >> 32) == owner)
		__atomic_store_n(l, (uint64_t)MEM_OWNER_SHARED << 32 | (w & MEM_SEQ_MASK), __ATOMIC_RELEASE);
	mem_stw_end(m);
}

uint64_t mem_page_lock_slow(struct mem *m, struct mem_thread *t, uint64_t addr)
{
	if (m->test_break & MEM_TEST_BREAK_LOCKS)
		return 0;
	uint64_t *l = mem_lock_of(m, addr);
	uint32_t me = t ? t->id : 0;
	for (unsigned spins = 0;; spins++) {
		uint64_t w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
		uint32_t owner = (uint32_t)(w >> 32);
		if (owner == me && me) {
			/* The owner is the only writer of its page's word (until a stop-the-world takes
			 * the page from it): no atomic read-modify-write. */
			__atomic_store_n(l, mem_seq_next(w), __ATOMIC_RELAXED);
			/* Data writes must not become visible before the odd sequence (seqlock). */
			__atomic_thread_fence(__ATOMIC_RELEASE);
			return mem_seq_next(w);
		}
		if (owner >= MEM_OWNER_FIRST) {
			revoke(m, l, w);
			continue;
		}
		if (!(w & 1)) {
			/* the first attached writer becomes the owner */
			uint64_t to = mem_seq_next(owner == MEM_OWNER_NONE && me ? (uint64_t)me << 32 | (w & MEM_SEQ_MASK) : w);
			if (__atomic_compare_exchange_n(l, &w, to, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
				__atomic_thread_fence(__ATOMIC_RELEASE);
				return to;
			}
		}
		mem_cpu_relax();
		if ((spins & 255) == 255) /* the holder may have been preempted */
			sched_yield();
	}
}

void mem_store_in_page(struct mem *m, uint64_t addr, const void *src, uint64_t n, uint8_t f)
{
	uint64_t page = addr >> MEM_PAGE_SHIFT;
	if (f & MEM_PAGE_TAGS) /* protocol step 2: every tag touched is clear before the write */
		for (uint64_t g = addr >> 4; g <= (addr + n - 1) >> 4; g++)
			mem_tag_clear(m, g);
	memmove(m->arena + addr, src, n);   /* mem_copy's source may overlap (glibc: memcpy's speed) */
	if (f & MEM_PAGE_CODE)
		mem_code_touched(m, page);
}

int mem_store_slow(struct mem *m, uint64_t addr, const void *src, unsigned size)
{
	if (!span_ok(m, addr, size))
		return MEM_E_UNMAPPED;
	if (size == 0)
		return MEM_OK;
	if (size > MEM_PAGE_SIZE)
		return mem_write(m, addr, src, size);
	uint64_t last = addr + size - 1;
	uint8_t f0 = mem_flags(m, addr >> MEM_PAGE_SHIFT), f1 = mem_flags(m, last >> MEM_PAGE_SHIFT);
	if (!(f0 & f1 & MEM_PAGE_MAPPED))
		return MEM_E_UNMAPPED; /* nothing written, also for a page-crossing store */
	uint64_t n0 = MEM_PAGE_SIZE - (addr & (MEM_PAGE_SIZE - 1));
	if (n0 >= size) {
		mem_store_in_page(m, addr, src, size, f0);
	} else {
		mem_store_in_page(m, addr, src, n0, f0);
		mem_store_in_page(m, addr + n0, (const uint8_t *)src + n0, size - n0, f1);
	}
	return MEM_OK;
}

int mem_write(struct mem *m, uint64_t addr, const void *src, uint64_t len)
{
	if (!mem_is_mapped(m, addr, len))
		return MEM_E_UNMAPPED;
	const uint8_t *s = src;
	while (len) {
		uint64_t n = MEM_PAGE_SIZE - (addr & (MEM_PAGE_SIZE - 1));
		if (n > len)
			n = len;
		mem_store_in_page(m, addr, s, n, mem_flags(m, addr >> MEM_PAGE_SHIFT));
		addr += n, s += n, len -= n;
	}
	return MEM_OK;
}

int mem_copy(struct mem *m, uint64_t dst, uint64_t src, uint64_t len)
{
	if (!mem_is_mapped(m, dst, len) || !mem_is_mapped(m, src, len))
		return MEM_E_UNMAPPED;
	if (dst > src && dst - src < len) {
		/* overlapping, the destination above: the last page first, so a page's source bytes
		 * are read before a lower page's copy can overwrite them */
		while (len) {
			uint64_t n = ((dst + len - 1) & (MEM_PAGE_SIZE - 1)) + 1;   /* the last page's bytes */
			if (n > len)
				n = len;
			len -= n;
			uint64_t d = dst + len;
			mem_store_in_page(m, d, m->arena + src + len, n, mem_flags(m, d >> MEM_PAGE_SHIFT));
		}
		return MEM_OK;
	}
	/* destination pages without tags and code (a stream's ring): the bytes in one memmove, as
	 * mem_store_in_page would move them page by page (a copy of 64 KiB in one call takes the
	 * host's fastest path: 4 KiB pieces did not) */
	bool plain = true;
	for (uint64_t p = dst >> MEM_PAGE_SHIFT; len && p <= (dst + len - 1) >> MEM_PAGE_SHIFT && plain; p++)
		plain = !(mem_flags(m, p) & (MEM_PAGE_TAGS | MEM_PAGE_CODE));
	if (plain) {
		memmove(m->arena + dst, m->arena + src, len);
		return MEM_OK;
	}
	while (len) {
		uint64_t n = MEM_PAGE_SIZE - (dst & (MEM_PAGE_SIZE - 1));
		if (n > len)
			n = len;
		mem_store_in_page(m, dst, m->arena + src, n, mem_flags(m, dst >> MEM_PAGE_SHIFT));
		dst += n, src += n, len -= n;
	}
	return MEM_OK;
}

int mem_read(const struct mem *m, uint64_t addr, void *dst, uint64_t len)
{
	if (!mem_is_mapped(m, addr, len))
		return MEM_E_UNMAPPED;
	if (len)
		memcpy(dst, m->arena + addr, len);
	return MEM_OK;
}

void mem_mark_code(struct mem *m, uint64_t addr)
{
	if (addr >= m->priv->limit)
		return;
	uint64_t page = addr >> MEM_PAGE_SHIFT;
	if (mem_flags(m, page) & MEM_PAGE_MAPPED) {
		mem_flags_dirty(m, page);
		__atomic_fetch_or(&m->page_flags[page], MEM_PAGE_CODE, __ATOMIC_SEQ_CST);
	}
}

bool mem_code_changed(const struct mem *m, uint64_t epoch, uint64_t *page)
{
	uint64_t v = __atomic_load_n(&m->priv->code_log[epoch % MEM_CODE_LOG], __ATOMIC_ACQUIRE);
	uint64_t mask = (1ULL << MEM_CODE_PAGE_BITS) - 1;
	if (v >> MEM_CODE_PAGE_BITS != (epoch << MEM_CODE_PAGE_BITS) >> MEM_CODE_PAGE_BITS || (v & mask) == MEM_CODE_ALL)
		return false;
	*page = v & mask;
	return true;
}

bool mem_protocol_intact(const struct mem *m)
{
	return m->test_break == 0;
}

uint64_t mem_limit(const struct mem *m)
{
	return m->priv->limit;
}
