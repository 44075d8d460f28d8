/* mem.h - the emulated, tagged guest address space.
 *
 * Guest addresses are plain uint64_t offsets into one host arena reserved at mem_new()
 * (PROT_NONE, MAP_NORESERVE); mem_map() commits page-aligned regions (zero-filled,
 * read/write, still lazily backed by the OS, so an untouched 1 GiB cVM slot costs no RAM).
 * Protection is the capabilities' job (the hart checks them); mem only guarantees that an
 * access outside committed pages is an error result and never a host fault.
 *
 * Fast paths are inline here because the hart calls them per instruction:
 *   load : one bounds compare + one page-flag load + test.
 *   store: one bounds compare + one page-flag load + ONE test-and-branch for a plain page; a
 *          page with tags adds one tag-word load and test (inside one granule); anything else
 *          (code cached, unmapped, crossing) takes the slow path.
 *
 * Multi-thread atomicity of capabilities (tags) is explained in mem.c; in short, a store to a
 * page that holds tags clears the tag of each granule it touches before writing (no lock),
 * a capability load returns a tag only if the bytes equal the shadow copy the last tagged
 * capability store wrote, and a page only gains its first tag at a safepoint that every
 * attached hart thread has acknowledged (mem_thread_*).
 */
#ifndef INTRAVISOR_MEM_H
#define INTRAVISOR_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE  (1ULL << MEM_PAGE_SHIFT)
#define MEM_GRANULE    16  /* one tag per 16 bytes */

/* page_flags[] bits */
#define MEM_PAGE_MAPPED 0x1u
#define MEM_PAGE_TAGS   0x2u  /* some granule in this page may hold a tag */
#define MEM_PAGE_CODE   0x4u  /* a hart has pre-decoded code from this page */
#define MEM_PAGE_TAGS_READY 0x80u /* the first-tag safepoint of this page has completed (mem.c) */

/* results */
#define MEM_OK        0
#define MEM_E_UNMAPPED 1   /* outside the arena or not committed */
#define MEM_E_ALIGN    2   /* capability access not 16-byte aligned (caller usually checked) */
#define MEM_E_NOMEM    3   /* mem_map: the host refused to commit the range (range left unmapped) */

struct mem_thread;

struct mem {
	uint8_t *arena;          /* host base of guest address 0 */
	uint64_t size;           /* guest addresses [0, size) are reserved: the usable space
				  * [0, mem_limit(m)) plus one never-mapped guard page */
	uint8_t *page_flags;     /* size >> 12 bytes, lazily backed; written atomically */
	uint64_t code_epoch;     /* bumped (atomically) when a store hits a MEM_PAGE_CODE page */
	/* The rest is private to mem.c (tags, locks, safepoint state). */
	struct mem_private *priv;
	uint8_t *tag_bytes;      /* = priv->tags (a byte per granule), for the inline store to a tagged page */
	/* For translated capability stores of the page's owner (mem.c, step 2): the page locks
	 * (owner << 32 | sequence, one per page) and the shadow (parallel to the arena). */
	uint64_t *page_locks;
	uint8_t *shadow;
	unsigned test_break;     /* MEM_TEST_BREAK_* (mem_test.h, tests only): the inline capability
				  * paths below leave for the C functions while any is set */
};

/* Create an address space of `size` bytes (rounded up to pages, at most 2^46); NULL on failure. */
struct mem *mem_new(uint64_t size) __attribute__((warn_unused_result));
void mem_free(struct mem *m);   /* detach every thread first */
uint64_t mem_limit(const struct mem *m);   /* the usable size: mem_new's size rounded to pages */
/* Commit [addr, addr+len) (page aligned), zero-filled, tags clear. MEM_OK or MEM_E_UNMAPPED if
 * outside the arena / not aligned. Mapping an already-mapped page zeroes it again.
 * Both stop the world (every other attached thread at a safepoint, offline or waiting inside
 * mem) and may be called from an attached thread. Unattached threads must not access the
 * range concurrently. */
int mem_map(struct mem *m, uint64_t addr, uint64_t len) __attribute__((warn_unused_result));
int mem_unmap(struct mem *m, uint64_t addr, uint64_t len) __attribute__((warn_unused_result));
bool mem_is_mapped(const struct mem *m, uint64_t addr, uint64_t len);
/* Make the mapped pages of [addr, addr+len) (page aligned) ready for capabilities now, in one
 * stop-the-world, instead of a first-tag handshake with every running hart when the first
 * capability lands in each (mem_first_tag): for pages a thread start writes capabilities to
 * (TP area, initial stack) while thousands of harts may be running. Cheap while none is
 * (deploy). Data stores to these pages take the tagged path from now on. */
void mem_ready_tags(struct mem *m, uint64_t addr, uint64_t len);
/* Back host pages of the mapped range [addr, addr+len) before the caller writes them: one
 * system call per array instead of a fault per page (mem_populate.c). what: MEM_POPULATE_DATA
 * (the bytes) and/or MEM_POPULATE_CAPS (the shadow, tags and page locks that capability
 * stores write). Contents unchanged; does nothing for a range that is not all mapped. */
enum { MEM_POPULATE_DATA = 1, MEM_POPULATE_CAPS = 2 };
void mem_populate(struct mem *m, uint64_t addr, uint64_t len, unsigned what);
/* The same for the host pages of [p, p + n) of the monitor's own memory (a fresh heap block
 * the caller is about to fill: a file's bytes, a registry): contents unchanged. */
void mem_host_populate(void *p, size_t n);

/* Host pointer of a guest address; valid only after a successful check. Never dereference
 * for a store without going through mem_store* (tags!). */
static inline void *mem_host(const struct mem *m, uint64_t addr) { return m->arena + addr; }

static inline bool mem_load_ok(const struct mem *m, uint64_t addr, unsigned size)
{
	if (__builtin_expect(addr >= m->size - 16, 0))
		return false;
	uint8_t f = m->page_flags[addr >> MEM_PAGE_SHIFT];
	if (__builtin_expect(((addr & (MEM_PAGE_SIZE - 1)) + size) > MEM_PAGE_SIZE, 0))
		f &= m->page_flags[(addr + size - 1) >> MEM_PAGE_SHIFT];
	return f & MEM_PAGE_MAPPED;
}

/* Data loads: MEM_OK or MEM_E_UNMAPPED. Misaligned addresses are allowed (the hart decides). */
#define MEM_DEFINE_LOAD(bits) \
	static inline int mem_load##bits(const struct mem *m, uint64_t addr, uint##bits##_t *v) \
	{ \
		if (__builtin_expect(!mem_load_ok(m, addr, bits / 8), 0)) \
			return MEM_E_UNMAPPED; \
		memcpy(v, m->arena + addr, sizeof *v); \
		return MEM_OK; \
	}
MEM_DEFINE_LOAD(8)
MEM_DEFINE_LOAD(16)
MEM_DEFINE_LOAD(32)
MEM_DEFINE_LOAD(64)

/* Slow path of every data store that is not a plain store to a plain mapped page: unmapped,
 * page crossing, tagged page (clears the tags of every granule touched, atomically w.r.t.
 * capability loads), code page (bumps code_epoch). */
int mem_store_slow(struct mem *m, uint64_t addr, const void *src, unsigned size);

/* A store inside one granule of a page with tags and nothing else (no code): clear the
 * granule's tag if it is set, then write (the lock-free protocol of mem.c, step 2). */
static inline bool mem_store_tagged_inline(struct mem *m, uint64_t addr, unsigned size, uint8_t f)
{
	if ((f & ~(MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY)) != MEM_PAGE_MAPPED ||
	    ((addr & (MEM_GRANULE - 1)) + size) > MEM_GRANULE)
		return false;
	uint8_t *b = &m->tag_bytes[addr >> 4];
	if (__builtin_expect(__atomic_load_n(b, __ATOMIC_ACQUIRE), 0))
		__atomic_store_n(b, 0, __ATOMIC_RELEASE);
	return true;
}

#define MEM_DEFINE_STORE(bits) \
	static inline int mem_store##bits(struct mem *m, uint64_t addr, uint##bits##_t v) \
	{ \
		if (__builtin_expect(addr >= m->size - 16, 0) || \
		    __builtin_expect(((addr & (MEM_PAGE_SIZE - 1)) + bits / 8) > MEM_PAGE_SIZE, 0)) \
			return mem_store_slow(m, addr, &v, bits / 8); \
		uint8_t f = m->page_flags[addr >> MEM_PAGE_SHIFT]; \
		if (__builtin_expect(f != MEM_PAGE_MAPPED, 0) && !mem_store_tagged_inline(m, addr, bits / 8, f)) \
			return mem_store_slow(m, addr, &v, bits / 8); \
		memcpy(m->arena + addr, &v, sizeof v); \
		return MEM_OK; \
	}
MEM_DEFINE_STORE(8)
MEM_DEFINE_STORE(16)
MEM_DEFINE_STORE(32)
MEM_DEFINE_STORE(64)

/* Bulk copies for the monitor/loader (clear tags like data stores). */
int mem_write(struct mem *m, uint64_t addr, const void *src, uint64_t len) __attribute__((warn_unused_result));
int mem_read(const struct mem *m, uint64_t addr, void *dst, uint64_t len) __attribute__((warn_unused_result));
/* len bytes from src to dst in the arena as memmove (they may overlap): the bytes alone, the
 * destination's tags cleared as by data stores; both ranges mapped, else nothing moves */
int mem_copy(struct mem *m, uint64_t dst, uint64_t src, uint64_t len) __attribute__((warn_unused_result));

/* The thread's owner id in page locks (mem.c, step 2): a constant of the attachment, 0 for a
 * thread that owns nothing. (struct mem_thread, private to mem, begins with it.) */
static inline uint32_t mem_thread_id(const struct mem_thread *t)
{
	return t ? *(const uint32_t *)(const void *)t : 0;
}

/* Capabilities in memory: addr 16-byte aligned; lo = address word, hi = MEMORY-form pesbt
 * (raw ^ CAP_NULL_XOR_MASK). A load returns the 128 bits and the tag that one capability store
 * (or the data stores since) wrote, never a mixture with a set tag. t: the calling thread's
 * attachment (or NULL): a page's lock belongs to the first attached thread that takes it.
 * The _slow functions do everything; the inline ones below do the common cases themselves. */
int mem_load_cap_slow(struct mem *m, uint64_t addr, uint64_t *lo, uint64_t *hi, bool *tag) __attribute__((warn_unused_result));
int mem_store_cap_slow(struct mem *m, struct mem_thread *t, uint64_t addr, uint64_t lo, uint64_t hi, bool tag) __attribute__((warn_unused_result));

/* An aligned granule below the guard page while the protocol is whole: the inline paths' domain. */
static inline bool mem_cap_inline_ok(const struct mem *m, uint64_t addr)
{
	return !(addr & (MEM_GRANULE - 1)) && addr < m->size - MEM_PAGE_SIZE && !m->test_break;
}

/* A plain page: the bytes, untagged. A page with tags: one pass of the seqlock read (mem.c,
 * step 2: the page's lock word even, data, tag byte and, when it is set, the shadow, the word
 * again unchanged; the tag is the byte AND data == shadow); a writer inside or in between takes the C path, which
 * waits for it. */
static inline __attribute__((warn_unused_result)) int mem_load_cap(struct mem *m, uint64_t addr, uint64_t *lo,
								    uint64_t *hi, bool *tag)
{
	if (__builtin_expect(!mem_cap_inline_ok(m, addr), 0))
		return mem_load_cap_slow(m, addr, lo, hi, tag);
	uint8_t f = __atomic_load_n(&m->page_flags[addr >> MEM_PAGE_SHIFT], __ATOMIC_ACQUIRE);
	const uint64_t *d = (const uint64_t *)(const void *)(m->arena + addr);
	if (f == MEM_PAGE_MAPPED) {
		*lo = __atomic_load_n(&d[0], __ATOMIC_RELAXED);
		*hi = __atomic_load_n(&d[1], __ATOMIC_RELAXED);
		*tag = false;
		return MEM_OK;
	}
	if ((f & (MEM_PAGE_MAPPED | MEM_PAGE_TAGS)) != (MEM_PAGE_MAPPED | MEM_PAGE_TAGS))
		return mem_load_cap_slow(m, addr, lo, hi, tag);
	const uint64_t *l = &m->page_locks[addr >> MEM_PAGE_SHIFT];
	const uint64_t *s = (const uint64_t *)(const void *)(m->shadow + addr);
	uint64_t v = __atomic_load_n(l, __ATOMIC_ACQUIRE);
	uint64_t a = __atomic_load_n(&d[0], __ATOMIC_ACQUIRE), b = __atomic_load_n(&d[1], __ATOMIC_ACQUIRE);
	uint8_t bit = __atomic_load_n(&m->tag_bytes[addr >> 4], __ATOMIC_ACQUIRE);
	bool t = false;
	if (bit) {   /* a clear tag byte is the answer whatever the shadow holds: not read */
		uint64_t sa = __atomic_load_n(&s[0], __ATOMIC_ACQUIRE), sb = __atomic_load_n(&s[1], __ATOMIC_ACQUIRE);
		t = !((sa ^ a) | (sb ^ b));
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__builtin_expect(((v & 1) | (v ^ __atomic_load_n(l, __ATOMIC_RELAXED))) != 0, 0))
		return mem_load_cap_slow(m, addr, lo, hi, tag);
	*lo = a;
	*hi = b;
	*tag = t;
	return MEM_OK;
}

/* An untagged value to a plain page: the bytes. A tagged value to a page with tags, ready for
 * them, without code, whose lock this thread owns: the owner's path of mem.c step 2 (plain
 * stores: the sequence odd, data, shadow, tag byte, the sequence even). Everything else (other
 * owners, first tags, code pages, an untagged value over tags) takes the C path. */
static inline __attribute__((warn_unused_result)) int mem_store_cap(struct mem *m, struct mem_thread *t, uint64_t addr,
								     uint64_t lo, uint64_t hi, bool tag)
{
	if (__builtin_expect(!mem_cap_inline_ok(m, addr), 0))
		return mem_store_cap_slow(m, t, addr, lo, hi, tag);
	uint8_t f = __atomic_load_n(&m->page_flags[addr >> MEM_PAGE_SHIFT], __ATOMIC_ACQUIRE);
	uint64_t *d = (uint64_t *)(void *)(m->arena + addr);
	if (!tag && f == MEM_PAGE_MAPPED) {
		__atomic_store_n(&d[0], lo, __ATOMIC_RELAXED);
		__atomic_store_n(&d[1], hi, __ATOMIC_RELAXED);
		return MEM_OK;
	}
	uint64_t *l = &m->page_locks[addr >> MEM_PAGE_SHIFT];
	uint64_t w = __atomic_load_n(l, __ATOMIC_ACQUIRE);
	uint32_t me = mem_thread_id(t);
	if (!tag || f != (MEM_PAGE_MAPPED | MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY) || (uint32_t)(w >> 32) != me || !me)
		return mem_store_cap_slow(m, t, addr, lo, hi, tag);
	uint64_t *s = (uint64_t *)(void *)(m->shadow + addr);
	/* The sequence is the word's low half; while this thread owns the page only it writes the
	 * word (whole: a load of it after a store to half of it would wait for the store) */
	uint64_t hi32 = w & ~0xffffffffULL;
	__atomic_store_n(l, hi32 | (uint32_t)(w + 1), __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);   /* data after the odd sequence (x86: in order) */
	__atomic_store_n(&d[0], lo, __ATOMIC_RELEASE);
	__atomic_store_n(&d[1], hi, __ATOMIC_RELEASE);
	__atomic_store_n(&s[0], lo, __ATOMIC_RELEASE);
	__atomic_store_n(&s[1], hi, __ATOMIC_RELEASE);
	uint8_t *b = &m->tag_bytes[addr >> 4];
	if (!__atomic_load_n(b, __ATOMIC_RELAXED))
		__atomic_store_n(b, 1, __ATOMIC_RELEASE);
	__atomic_store_n(l, hi32 | (uint32_t)(w + 2), __ATOMIC_RELEASE);
	return MEM_OK;
}
bool mem_get_tag(const struct mem *m, uint64_t addr);   /* tag of the granule containing addr */

/* Atomics (A extension). size 4 or 8, naturally aligned (caller checks; else MEM_E_ALIGN). Clear
 * tags like stores. *old = the old memory value, sign-extended from 32 bits when size is 4.
 * t: the calling thread's attachment (or NULL), as for mem_store_cap: a page's lock belongs to
 * the first attached thread that takes it (mem.c, step 2). */
enum mem_amo_op { MEM_AMO_SWAP, MEM_AMO_ADD, MEM_AMO_XOR, MEM_AMO_AND, MEM_AMO_OR,
	MEM_AMO_MIN, MEM_AMO_MAX, MEM_AMO_MINU, MEM_AMO_MAXU };
int mem_amo(struct mem *m, struct mem_thread *t, uint64_t addr, unsigned size, enum mem_amo_op op, uint64_t val, uint64_t *old) __attribute__((warn_unused_result));
/* Compare-and-swap of size 1, 2, 4, 8 bytes; *ok = swapped. (SC.x is LR value + CAS.) */
int mem_cas(struct mem *m, struct mem_thread *t, uint64_t addr, unsigned size, uint64_t expected, uint64_t desired, bool *ok) __attribute__((warn_unused_result));
/* Capability CAS/swap (SC.C, AMOSWAP.C): compare 128 bits + tag. */
int mem_cas_cap(struct mem *m, struct mem_thread *t, uint64_t addr, uint64_t exp_lo, uint64_t exp_hi, bool exp_tag,
		uint64_t lo, uint64_t hi, bool tag, bool *ok) __attribute__((warn_unused_result));
int mem_swap_cap(struct mem *m, struct mem_thread *t, uint64_t addr, uint64_t lo, uint64_t hi, bool tag,
		 uint64_t *old_lo, uint64_t *old_hi, bool *old_tag) __attribute__((warn_unused_result));

/* Code pages: the hart marks pages it pre-decodes (mark first, then decode); a later store to
 * one clears the mark and bumps code_epoch. */
void mem_mark_code(struct mem *m, uint64_t addr);
/* Which page the bump that made code_epoch `epoch` was for: false when that is not known any
 * more (more than MEM_CODE_LOG bumps ago, not logged yet, or a bump over many pages), and then
 * a hart drops all its decoded code. Page numbers are below 2^(46 - 12) (MEM_MAX_SIZE). */
#define MEM_CODE_LOG 64
#define MEM_CODE_PAGE_BITS 36
#define MEM_CODE_ALL ((1ULL << MEM_CODE_PAGE_BITS) - 1)
bool mem_code_changed(const struct mem *m, uint64_t epoch, uint64_t *page) __attribute__((warn_unused_result));

/* Safepoints. Every host thread that runs a hart attaches; it polls mem_safepoint_pending()
 * between blocks and calls mem_safepoint() when it is set; around blocking host work it goes
 * offline. A capability store that gives a page its first tag waits until every other online
 * thread has passed a safepoint (so none is half-way through a fast-path store to that page).
 * t may be NULL for a thread that is not running a hart (e.g. the monitor while deploying).
 * NOTE: data stores are only covered by the protocol on attached, online threads: an
 * unattached or offline thread must not store to guest memory that harts are using. */
struct mem_thread *mem_thread_attach(struct mem *m) __attribute__((warn_unused_result));
/* Whether every part of the protocol is on (no mem_test_break bits): translated code inlines
 * parts of it only then, so that the tests' broken runs reach the C paths. */
bool mem_protocol_intact(const struct mem *m);
void mem_thread_detach(struct mem_thread *t);
extern const volatile int *mem_safepoint_flag(const struct mem *m);
static inline bool mem_safepoint_pending(const volatile int *flag) { return __atomic_load_n(flag, __ATOMIC_RELAXED) != 0; }
void mem_safepoint(struct mem_thread *t);
void mem_thread_offline(struct mem_thread *t);
void mem_thread_online(struct mem_thread *t);

/* A process-wide memory barrier (the asymmetric half of a Dekker handshake between harts,
 * sdk/crt/stream.S): when it returns, every access another thread made to guest memory before
 * some point during the call is visible to the caller, and every access another thread makes
 * after that point sees the caller's accesses before the call. So a hart may publish with a
 * plain store and then read its peer's flag with a plain load (no fence: translated code keeps
 * them in order only as far as x86 does) while the peer, which sets its flag and then calls
 * this before it looks again, still never misses the store and sleeps. membarrier(2)
 * (MEMBARRIER_CMD_PRIVATE_EXPEDITED: a barrier on every CPU running one of our threads;
 * a thread not running has passed one when it was switched out); where the kernel refuses it,
 * the first-tag handshake: every other online thread passes a safepoint (its lock, a full
 * barrier), an offline one passed one when it went offline. t: the caller's attachment or NULL.
 * A cVM reaches it (407 with timeout 0): so it is rate-limited per thread (below). */
void mem_barrier(struct mem *m, struct mem_thread *t);
/* one thread's barriers are at least this far apart (mem_barrier waits, offline, for the rest) */
#define MEM_BARRIER_GAP_NS 100000

#endif
