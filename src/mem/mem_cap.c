/* mem_cap.c - capability loads and stores, tags, atomics (A extension, SC.C, AMOSWAP.C).
 * The locking protocol is described at the top of mem.c.
 *
 * Memory form (cheri-riscv.md 1.2): a capability at 16-byte aligned A is the address word at
 * A and the memory-form pesbt at A+8, both little-endian (the host is little-endian), plus the
 * granule's tag (a byte, mem.c). mem never converts pesbt: callers pass and receive the memory form.
 */
#include <sched.h>

#include "mem/mem_priv.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "guest memory is little-endian: host must be too");

static inline uint64_t *word_at(const struct mem *m, uint64_t addr)
{
	return (uint64_t *)(void *)(m->arena + addr);
}

/* A 16-byte aligned granule inside the usable space: MEM_OK, MEM_E_ALIGN or MEM_E_UNMAPPED
 * (the mapped bit itself is checked by the caller on the flags it read). */
static int cap_addr_check(const struct mem *m, uint64_t addr)
{
	if (addr & (MEM_GRANULE - 1))
		return MEM_E_ALIGN;
	if (addr >= m->priv->limit)
		return MEM_E_UNMAPPED;
	return MEM_OK;
}

/* Flags of a mapped page that is ready for tags (protocol step 3), or 0 if unmapped. */
static uint8_t ready_flags(struct mem *m, struct mem_thread *t, uint64_t page)
{
	for (;;) {
		uint8_t f = mem_flags(m, page);
		if (!(f & MEM_PAGE_MAPPED) || (f & MEM_PAGE_TAGS_READY))
			return f & MEM_PAGE_MAPPED ? f : 0;
		mem_first_tag(m, t, page);
	}
}

/* Seqlock read of one granule on a tagged page (protocol step 2): the tag is the tag byte AND the
 * data equal to the shadow of the last tagged capability store. */
static void read_granule(const struct mem *m, uint64_t addr, uint64_t *lo, uint64_t *hi, bool *tag)
{
	uint64_t g = addr >> 4;
	const uint64_t *l = mem_lock_of(m, addr);
	unsigned spins = 0;
	for (;;) {
		uint64_t v = __atomic_load_n(l, __ATOMIC_ACQUIRE);
		if ((v & 1) && !(m->test_break & MEM_TEST_BREAK_LOCKS)) {
			mem_cpu_relax();
			if ((++spins & 255) == 0) /* the writer may have been preempted */
				sched_yield();
			continue;
		}
		*lo = __atomic_load_n(word_at(m, addr), __ATOMIC_ACQUIRE);
		*hi = __atomic_load_n(word_at(m, addr + 8), __ATOMIC_ACQUIRE);
		uint64_t slo = __atomic_load_n(mem_shadow_word(m, addr), __ATOMIC_ACQUIRE);
		uint64_t shi = __atomic_load_n(mem_shadow_word(m, addr + 8), __ATOMIC_ACQUIRE);
		bool bit = __atomic_load_n(mem_tag_byte(m, g), __ATOMIC_ACQUIRE) != 0;
		*tag = bit && ((slo == *lo && shi == *hi) || (m->test_break & MEM_TEST_BREAK_SHADOW));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(l, __ATOMIC_RELAXED) == v || (m->test_break & MEM_TEST_BREAK_LOCKS))
			return;
	}
}

/* Under the page lock, after the 16 data bytes: the shadow, then the bit. */
static inline __attribute__((always_inline)) void write_shadow_tag(struct mem *m, uint64_t addr, uint64_t lo, uint64_t hi, bool tag)
{
	if (tag) {
		__atomic_store_n(mem_shadow_word(m, addr), lo, __ATOMIC_RELEASE);
		__atomic_store_n(mem_shadow_word(m, addr + 8), hi, __ATOMIC_RELEASE);
	}
	mem_tag_write(m, addr >> 4, tag);
}

/* Under the page lock (protocol step 2: data, shadow, bit). An untagged value
 * clears the tag first, as a data store does. */
static inline __attribute__((always_inline)) void write_granule(struct mem *m, uint64_t addr, uint64_t lo, uint64_t hi, bool tag)
{
	if (!tag)
		mem_tag_write(m, addr >> 4, false);
	__atomic_store_n(word_at(m, addr), lo, __ATOMIC_RELEASE);
	__atomic_store_n(word_at(m, addr + 8), hi, __ATOMIC_RELEASE);
	if (tag)
		write_shadow_tag(m, addr, lo, hi, true);
}

/* One atomic 16-byte compare-and-exchange of guest data (data stores to the granule take no
 * lock, so SC.C and AMOSWAP.C need it to be atomic against them). On failure *lo, *hi get the
 * current bytes. */
static bool cas16(struct mem *m, uint64_t addr, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	bool ok;
	__asm__ volatile("lock cmpxchg16b %1"
			 : "=@ccz"(ok), "+m"(*(unsigned __int128 *)(void *)(m->arena + addr)), "+a"(*lo), "+d"(*hi)
			 : "b"(nlo), "c"(nhi)
			 : "memory");
	return ok;
}

/* Under the page lock: the current tag given the current data (lo, hi). */
static bool tag_of(const struct mem *m, uint64_t addr, uint64_t lo, uint64_t hi)
{
	return mem_tag_read(m, addr >> 4) && __atomic_load_n(mem_shadow_word(m, addr), __ATOMIC_RELAXED) == lo &&
	       __atomic_load_n(mem_shadow_word(m, addr + 8), __ATOMIC_RELAXED) == hi;
}

int mem_load_cap_slow(struct mem *m, uint64_t addr, uint64_t *lo, uint64_t *hi, bool *tag)
{
	int r = cap_addr_check(m, addr);
	if (r != MEM_OK)
		return r;
	uint8_t f = mem_flags(m, addr >> MEM_PAGE_SHIFT);
	if (!(f & MEM_PAGE_MAPPED))
		return MEM_E_UNMAPPED;
	if (!(f & MEM_PAGE_TAGS)) { /* protocol step 1: no tag can be set here */
		*lo = __atomic_load_n(word_at(m, addr), __ATOMIC_RELAXED);
		*hi = __atomic_load_n(word_at(m, addr + 8), __ATOMIC_RELAXED);
		*tag = false;
		return MEM_OK;
	}
	read_granule(m, addr, lo, hi, tag);
	return MEM_OK;
}

int mem_store_cap_slow(struct mem *m, struct mem_thread *t, uint64_t addr, uint64_t lo, uint64_t hi, bool tag)
{
	int r = cap_addr_check(m, addr);
	if (r != MEM_OK)
		return r;
	uint64_t page = addr >> MEM_PAGE_SHIFT;
	uint8_t f = tag ? ready_flags(m, t, page) : mem_flags(m, page);
	if (!(f & MEM_PAGE_MAPPED))
		return MEM_E_UNMAPPED;
	if (!(f & MEM_PAGE_TAGS)) { /* untagged value to a page without tags: a plain data store */
		uint64_t w[2] = { lo, hi };
		memcpy(m->arena + addr, w, sizeof w);
		if (f & MEM_PAGE_CODE)
			mem_code_touched(m, page);
		return MEM_OK;
	}
	if (!tag) { /* an untagged value is data (protocol step 2): tag cleared, then the bytes */
		uint64_t w[2] = { lo, hi };
		mem_store_in_page(m, addr, w, sizeof w, f);
		return MEM_OK;
	}
	uint64_t v = mem_page_lock(m, t, addr);
	write_granule(m, addr, lo, hi, tag);
	mem_page_unlock(m, addr, v);
	if (f & MEM_PAGE_CODE)
		mem_code_touched(m, page);
	return MEM_OK;
}

bool mem_get_tag(const struct mem *m, uint64_t addr)
{
	if (addr >= m->priv->limit)
		return false;
	uint8_t f = mem_flags(m, addr >> MEM_PAGE_SHIFT);
	if ((f & (MEM_PAGE_MAPPED | MEM_PAGE_TAGS)) != (MEM_PAGE_MAPPED | MEM_PAGE_TAGS))
		return false;
	uint64_t lo, hi;
	bool tag;
	read_granule(m, addr & ~(uint64_t)(MEM_GRANULE - 1), &lo, &hi, &tag);
	return tag;
}

int mem_cas_cap(struct mem *m, struct mem_thread *t, uint64_t addr, uint64_t exp_lo, uint64_t exp_hi, bool exp_tag,
		uint64_t lo, uint64_t hi, bool tag, bool *ok)
{
	int r = cap_addr_check(m, addr);
	if (r != MEM_OK)
		return r;
	uint64_t page = addr >> MEM_PAGE_SHIFT;
	uint8_t f = ready_flags(m, t, page); /* 16-byte compare+write needs the locked path */
	if (!f)
		return MEM_E_UNMAPPED;
	uint64_t v = mem_page_lock(m, t, addr);
	/* NOTE: the tag is read before the exchange; a data store of the same bytes in between
	 * (which clears the bit) is then ordered after this SC.C. */
	*ok = tag_of(m, addr, exp_lo, exp_hi) == exp_tag;
	if (*ok) {
		uint64_t cur_lo = exp_lo, cur_hi = exp_hi;
		if (!tag)
			mem_tag_write(m, addr >> 4, false);
		*ok = cas16(m, addr, &cur_lo, &cur_hi, lo, hi);
		if (*ok)
			write_shadow_tag(m, addr, lo, hi, tag);
	}
	mem_page_unlock(m, addr, v);
	if (*ok && (f & MEM_PAGE_CODE))
		mem_code_touched(m, page);
	return MEM_OK;
}

int mem_swap_cap(struct mem *m, struct mem_thread *t, uint64_t addr, uint64_t lo, uint64_t hi, bool tag,
		 uint64_t *old_lo, uint64_t *old_hi, bool *old_tag)
{
	int r = cap_addr_check(m, addr);
	if (r != MEM_OK)
		return r;
	uint64_t page = addr >> MEM_PAGE_SHIFT;
	uint8_t f = ready_flags(m, t, page);
	if (!f)
		return MEM_E_UNMAPPED;
	uint64_t v = mem_page_lock(m, t, addr);
	uint64_t cur_lo = __atomic_load_n(word_at(m, addr), __ATOMIC_RELAXED);
	uint64_t cur_hi = __atomic_load_n(word_at(m, addr + 8), __ATOMIC_RELAXED);
	bool cur_tag;
	do { /* on failure cas16 reloads cur_lo/cur_hi */
		cur_tag = tag_of(m, addr, cur_lo, cur_hi);
		if (!tag)
			mem_tag_write(m, addr >> 4, false);
	} while (!cas16(m, addr, &cur_lo, &cur_hi, lo, hi));
	write_shadow_tag(m, addr, lo, hi, tag);
	*old_lo = cur_lo, *old_hi = cur_hi, *old_tag = cur_tag;
	mem_page_unlock(m, addr, v);
	if (f & MEM_PAGE_CODE)
		mem_code_touched(m, page);
	return MEM_OK;
}

/* --- integer atomics --- */

/* Naturally aligned `size` bytes on a mapped page: its flags, or 0 with *err set. */
static uint8_t atomic_flags(const struct mem *m, uint64_t addr, unsigned size, int *err)
{
	*err = MEM_OK;
	if (addr & (size - 1))
		*err = MEM_E_ALIGN;
	else if (addr >= m->priv->limit)
		*err = MEM_E_UNMAPPED;
	else {
		uint8_t f = mem_flags(m, addr >> MEM_PAGE_SHIFT);
		if (f & MEM_PAGE_MAPPED)
			return f;
		*err = MEM_E_UNMAPPED;
	}
	return 0;
}

#define AMO_BODY(T, ST) \
	do { \
		T *q = (T *)(void *)(m->arena + addr), o = __atomic_load_n(q, __ATOMIC_RELAXED), n; \
		T x = (T)val; \
		switch (op) { \
		case MEM_AMO_SWAP: o = __atomic_exchange_n(q, x, __ATOMIC_SEQ_CST); break; \
		case MEM_AMO_ADD: o = __atomic_fetch_add(q, x, __ATOMIC_SEQ_CST); break; \
		case MEM_AMO_XOR: o = __atomic_fetch_xor(q, x, __ATOMIC_SEQ_CST); break; \
		case MEM_AMO_AND: o = __atomic_fetch_and(q, x, __ATOMIC_SEQ_CST); break; \
		case MEM_AMO_OR: o = __atomic_fetch_or(q, x, __ATOMIC_SEQ_CST); break; \
		default: \
			do { \
				bool take_x; \
				switch (op) { \
				case MEM_AMO_MIN: take_x = (ST)x < (ST)o; break; \
				case MEM_AMO_MAX: take_x = (ST)x > (ST)o; break; \
				case MEM_AMO_MINU: take_x = x < o; break; \
				default: take_x = x > o; break; \
				} \
				n = take_x ? x : o; \
			} while (!__atomic_compare_exchange_n(q, &o, n, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)); \
			break; \
		} \
		*old = (uint64_t)(int64_t)(ST)o; \
	} while (0)

static void amo_op(struct mem *m, uint64_t addr, unsigned size, enum mem_amo_op op, uint64_t val, uint64_t *old)
{
	if (size == 4)
		AMO_BODY(uint32_t, int32_t);
	else
		AMO_BODY(uint64_t, int64_t);
}

int mem_amo(struct mem *m, struct mem_thread *t, uint64_t addr, unsigned size, enum mem_amo_op op, uint64_t val, uint64_t *old)
{
	if (size != 4 && size != 8)
		return MEM_E_ALIGN;
	int err;
	uint8_t f = atomic_flags(m, addr, size, &err);
	if (err != MEM_OK)
		return err;
	if (!(f & MEM_PAGE_TAGS)) {
		amo_op(m, addr, size, op, val, old);
	} else {
		uint64_t v = mem_page_lock(m, t, addr);
		amo_op(m, addr, size, op, val, old);
		mem_tag_write(m, addr >> 4, false);
		mem_page_unlock(m, addr, v);
	}
	if (f & MEM_PAGE_CODE)
		mem_code_touched(m, addr >> MEM_PAGE_SHIFT);
	return MEM_OK;
}

static bool cas_op(struct mem *m, uint64_t addr, unsigned size, uint64_t expected, uint64_t desired)
{
	void *q = m->arena + addr;
	switch (size) {
	case 1: { uint8_t e = (uint8_t)expected;
		return __atomic_compare_exchange_n((uint8_t *)q, &e, (uint8_t)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
	case 2: { uint16_t e = (uint16_t)expected;
		return __atomic_compare_exchange_n((uint16_t *)q, &e, (uint16_t)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
	case 4: { uint32_t e = (uint32_t)expected;
		return __atomic_compare_exchange_n((uint32_t *)q, &e, (uint32_t)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
	default: { uint64_t e = expected;
		return __atomic_compare_exchange_n((uint64_t *)q, &e, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
	}
}

int mem_cas(struct mem *m, struct mem_thread *t, uint64_t addr, unsigned size, uint64_t expected, uint64_t desired, bool *ok)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return MEM_E_ALIGN;
	int err;
	uint8_t f = atomic_flags(m, addr, size, &err);
	if (err != MEM_OK)
		return err;
	if (!(f & MEM_PAGE_TAGS)) {
		*ok = cas_op(m, addr, size, expected, desired);
	} else {
		uint64_t v = mem_page_lock(m, t, addr);
		*ok = cas_op(m, addr, size, expected, desired);
		if (*ok) /* a failed CAS writes nothing (SC failure) */
			mem_tag_write(m, addr >> 4, false);
		mem_page_unlock(m, addr, v);
	}
	if (*ok && (f & MEM_PAGE_CODE))
		mem_code_touched(m, addr >> MEM_PAGE_SHIFT);
	return MEM_OK;
}
