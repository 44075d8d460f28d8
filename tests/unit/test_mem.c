/* test_mem.c - the address space, single thread: mapping, errors at the edges, tag clearing,
 * capability round trips, atomics. Expected values come from mem.h's contract and
 * cheri-riscv.md 1.2 (memory form, one tag per 16 bytes) and 4.4 (every data store clears the
 * tag of every granule it touches); AMO results from the RISC-V A extension definitions. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "mem/mem_priv.h"
#include "test.h"

#define PG MEM_PAGE_SIZE

static struct mem *new_mapped(uint64_t size, uint64_t addr, uint64_t len)
{
	struct mem *m = mem_new(size);
	if (!T_TRUE(m != NULL))
		abort();
	if (len && !T_EQ(mem_map(m, addr, len), MEM_OK))
		abort();
	return m;
}

/* A store of `size` bytes through the inline API. */
static int store_n(struct mem *m, uint64_t addr, unsigned size, uint64_t v)
{
	switch (size) {
	case 1: return mem_store8(m, addr, (uint8_t)v);
	case 2: return mem_store16(m, addr, (uint16_t)v);
	case 4: return mem_store32(m, addr, (uint32_t)v);
	default: return mem_store64(m, addr, v);
	}
}

static int load_n(const struct mem *m, uint64_t addr, unsigned size, uint64_t *v)
{
	int r;
	switch (size) {
	case 1: { uint8_t x = 0; r = mem_load8(m, addr, &x); *v = x; return r; }
	case 2: { uint16_t x = 0; r = mem_load16(m, addr, &x); *v = x; return r; }
	case 4: { uint32_t x = 0; r = mem_load32(m, addr, &x); *v = x; return r; }
	default: return mem_load64(m, addr, v);
	}
}

TEST(mem_new_limits)
{
	t_case("size 0 is refused");
	T_TRUE(mem_new(0) == NULL);
	t_case("size 2^47 is refused");
	T_TRUE(mem_new(1ULL << 47) == NULL);
	t_case("size rounds up to pages, guard page after the usable space");
	struct mem *m = mem_new(3 * PG + 1);
	T_TRUE(m != NULL);
	T_EQ(mem_limit(m), 4 * PG);
	T_EQ(m->size, 5 * PG);
	mem_free(m);
}

TEST(mem_map_unmap)
{
	struct mem *m = new_mapped(1 << 20, 0, 0);
	uint64_t v = 0;
	t_case("nothing mapped at first");
	T_TRUE(!mem_is_mapped(m, 0x1000, 1));
	T_EQ(mem_load64(m, 0x1000, &v), MEM_E_UNMAPPED);
	T_EQ(mem_store64(m, 0x1000, 1), MEM_E_UNMAPPED);
	t_case("map two pages, store and load");
	T_EQ(mem_map(m, 0x1000, 2 * PG), MEM_OK);
	T_TRUE(mem_is_mapped(m, 0x1000, 2 * PG));
	T_TRUE(!mem_is_mapped(m, 0x1000, 2 * PG + 1));
	T_TRUE(!mem_is_mapped(m, 0xfff, 2));
	T_EQ(mem_store64(m, 0x1008, 0x1122334455667788ULL), MEM_OK);
	T_EQ(mem_load64(m, 0x1008, &v), MEM_OK);
	T_EQ(v, 0x1122334455667788ULL);
	T_EQ(mem_load64(m, 0x3000, &v), MEM_E_UNMAPPED);
	T_EQ(mem_load64(m, 0xff8, &v), MEM_E_UNMAPPED);
	t_case("misaligned or out of range map requests");
	T_EQ(mem_map(m, 0x1001, PG), MEM_E_UNMAPPED);
	T_EQ(mem_map(m, 0x1000, PG + 1), MEM_E_UNMAPPED);
	T_EQ(mem_map(m, (1 << 20) - PG, 2 * PG), MEM_E_UNMAPPED);
	T_EQ(mem_map(m, 1 << 20, PG), MEM_E_UNMAPPED); /* the guard page */
	T_EQ(mem_map(m, 0xfffffffffffff000ULL, PG), MEM_E_UNMAPPED);
	T_EQ(mem_map(m, PG, 0xfffffffffffff000ULL), MEM_E_UNMAPPED);
	T_EQ(mem_unmap(m, 0x800, PG), MEM_E_UNMAPPED);
	t_case("mapping a mapped page zeroes it");
	T_EQ(mem_map(m, 0x1000, PG), MEM_OK);
	T_EQ(mem_load64(m, 0x1008, &v), MEM_OK);
	T_EQ(v, 0);
	t_case("unmap makes every access an error");
	T_EQ(mem_store64(m, 0x2010, 7), MEM_OK);
	T_EQ(mem_unmap(m, 0x1000, 2 * PG), MEM_OK);
	T_EQ(mem_load64(m, 0x2010, &v), MEM_E_UNMAPPED);
	T_EQ(mem_store8(m, 0x2010, 7), MEM_E_UNMAPPED);
	T_TRUE(!mem_is_mapped(m, 0x1000, 1));
	t_case("unmapping unmapped pages is fine; re-map gives zeros");
	T_EQ(mem_unmap(m, 0x1000, 2 * PG), MEM_OK);
	T_EQ(mem_map(m, 0x2000, PG), MEM_OK);
	T_EQ(mem_load64(m, 0x2010, &v), MEM_OK);
	T_EQ(v, 0);
	mem_free(m);
}

/* Addresses near 2^64, at the end of the usable space and in the guard: errors, no fault. */
TEST(mem_edges_no_host_fault)
{
	const uint64_t size = 1 << 20;
	struct mem *m = new_mapped(size, size - PG, PG); /* the last page */
	static const uint64_t bad[] = {
		0xffffffffffffffffULL, 0xfffffffffffffff8ULL, 0xfffffffffffffff0ULL, 0xffffffffffffefffULL,
		0x8000000000000000ULL, (1 << 20), (1 << 20) + 8, (1 << 20) + PG - 16, (1 << 20) + PG - 1,
		(1 << 20) + PG, 0x0, 0xff8,
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint64_t a = bad[i], v = 0, hi = 0;
		bool tag = true, ok = true;
		uint8_t buf[32] = { 0 };
		t_case("address 0x%llx", (unsigned long long)a);
		for (unsigned size_ = 1; size_ <= 8; size_ *= 2) {
			T_EQ(load_n(m, a, size_, &v), MEM_E_UNMAPPED);
			T_EQ(store_n(m, a, size_, 0x55), MEM_E_UNMAPPED);
			T_EQ(mem_store_slow(m, a, &v, size_), MEM_E_UNMAPPED);
		}
		T_EQ(mem_load_cap(m, a & ~15ULL, &v, &hi, &tag), MEM_E_UNMAPPED);
		T_EQ(mem_store_cap(m, NULL, a & ~15ULL, 1, 2, true), MEM_E_UNMAPPED);
		T_EQ(mem_store_cap(m, NULL, a & ~15ULL, 1, 2, false), MEM_E_UNMAPPED);
		T_EQ(mem_amo(m, NULL, a & ~7ULL, 8, MEM_AMO_ADD, 1, &v), MEM_E_UNMAPPED);
		T_EQ(mem_cas(m, NULL, a & ~7ULL, 8, 0, 1, &ok), MEM_E_UNMAPPED);
		T_EQ(mem_cas_cap(m, NULL, a & ~15ULL, 0, 0, false, 1, 2, true, &ok), MEM_E_UNMAPPED);
		T_EQ(mem_swap_cap(m, NULL, a & ~15ULL, 1, 2, true, &v, &hi, &tag), MEM_E_UNMAPPED);
		T_EQ(mem_write(m, a, buf, sizeof buf), MEM_E_UNMAPPED);
		T_EQ(mem_read(m, a, buf, sizeof buf), MEM_E_UNMAPPED);
		T_TRUE(!mem_get_tag(m, a));
		T_TRUE(!mem_is_mapped(m, a, 1));
		mem_mark_code(m, a); /* ignored */
	}
	t_case("the last bytes of the last page are usable");
	uint64_t v = 0;
	T_EQ(mem_store8(m, size - 1, 0xab), MEM_OK);
	T_EQ(mem_store64(m, size - 9, 0x0102030405060708ULL), MEM_OK);
	T_EQ(mem_load8(m, size - 1, (uint8_t *)&v), MEM_OK);
	T_EQ(v & 0xff, 0xab);
	T_EQ(mem_load64(m, size - 8, &v), MEM_OK);
	T_EQ(v, 0xab01020304050607ULL);
	T_EQ(mem_store_cap(m, NULL, size - 16, 0x11, 0x22, true), MEM_OK);
	uint64_t lo = 0, hi = 0;
	bool tag = false;
	T_EQ(mem_load_cap(m, size - 16, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0x11);
	T_EQ(hi, 0x22);
	T_EQ(tag, 1);
	T_EQ(mem_store16(m, size - 1, 0xffff), MEM_E_UNMAPPED);
	t_case("a store crossing into the guard page writes nothing");
	T_EQ(mem_store64(m, size - 4, 0xffffffffffffffffULL), MEM_E_UNMAPPED);
	T_EQ(mem_load64(m, size - 8, &v), MEM_OK);
	T_EQ(v, 0x22);
	T_EQ(mem_get_tag(m, size - 16), 1);
	T_EQ(mem_load64(m, size - 4, &v), MEM_E_UNMAPPED);
	T_EQ(mem_load32(m, size - 4, (uint32_t *)&v), MEM_OK);
	mem_free(m);
}

TEST(mem_page_crossing)
{
	struct mem *m = new_mapped(1 << 20, 0x10000, 2 * PG);
	uint64_t v = 0;
	for (unsigned size = 2; size <= 8; size *= 2)
		for (unsigned k = 1; k < size; k++) {
			uint64_t a = 0x11000 - k, want = 0x8877665544332211ULL & (~0ULL >> (64 - 8 * size));
			t_case("size %u crossing at -%u", size, k);
			T_EQ(store_n(m, a, size, want), MEM_OK);
			T_EQ(load_n(m, a, size, &v), MEM_OK);
			T_EQ(v, want);
		}
	t_case("crossing into an unmapped page: error, first page untouched");
	T_EQ(mem_store64(m, 0x11ff8, 0x0123456789abcdefULL), MEM_OK);
	T_EQ(mem_store64(m, 0x11ffc, ~0ULL), MEM_E_UNMAPPED);
	T_EQ(mem_load64(m, 0x11ff8, &v), MEM_OK);
	T_EQ(v, 0x0123456789abcdefULL);
	T_EQ(mem_load64(m, 0x11ffc, &v), MEM_E_UNMAPPED);
	t_case("crossing from an unmapped page");
	T_EQ(mem_store32(m, 0xfffe, 1), MEM_E_UNMAPPED);
	T_EQ(mem_load16(m, 0x10000, (uint16_t *)&v), MEM_OK);
	T_EQ(v & 0xffff, 0);
	t_case("crossing with tags on both pages clears both");
	T_EQ(mem_store_cap(m, NULL, 0x10ff0, 1, 2, true), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, 0x11000, 3, 4, true), MEM_OK);
	T_EQ(mem_store32(m, 0x10ffe, 0), MEM_OK);
	T_EQ(mem_get_tag(m, 0x10ff0), 0);
	T_EQ(mem_get_tag(m, 0x11000), 0);
	t_case("bulk write/read across pages");
	uint8_t buf[3 * 1000], back[sizeof buf];
	for (unsigned i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	T_EQ(mem_write(m, 0x10800, buf, sizeof buf), MEM_OK);
	T_EQ(mem_read(m, 0x10800, back, sizeof back), MEM_OK);
	T_TRUE(memcmp(buf, back, sizeof buf) == 0);
	uint8_t keep[0x800];
	T_EQ(mem_read(m, 0x11800, keep, sizeof keep), MEM_OK);
	T_EQ(mem_write(m, 0x11800, buf, sizeof buf), MEM_E_UNMAPPED);
	T_EQ(mem_read(m, 0x11800, back, sizeof keep), MEM_OK);
	T_TRUE(memcmp(keep, back, sizeof keep) == 0); /* nothing written */
	mem_free(m);
}

/* Every data store size at every offset of granule 1 of four tagged granules: exactly the
 * granules touched lose their tag (cheri-riscv.md 4.4). */
TEST(mem_data_store_clears_tags)
{
	struct mem *m = new_mapped(1 << 20, 0x4000, PG);
	const uint64_t base = 0x4100;
	for (unsigned size = 1; size <= 8; size *= 2)
		for (unsigned off = 0; off < 16; off++)
			for (unsigned how = 0; how < 3; how++) { /* inline store, mem_write, store_slow */
				t_case("size %u offset %u via %s", size, off, how == 0 ? "inline" : how == 1 ? "mem_write" : "slow");
				for (unsigned g = 0; g < 4; g++)
					T_EQ(mem_store_cap(m, NULL, base + 16 * g, 0x1000 + g, 0x2000 + g, true), MEM_OK);
				uint64_t a = base + 16 + off, v = 0x0807060504030201ULL;
				if (how == 0)
					T_EQ(store_n(m, a, size, v), MEM_OK);
				else if (how == 1)
					T_EQ(mem_write(m, a, &v, size), MEM_OK);
				else
					T_EQ(mem_store_slow(m, a, &v, size), MEM_OK);
				unsigned last = (unsigned)((a + size - 1 - base) / 16);
				for (unsigned g = 0; g < 4; g++)
					T_EQ(mem_get_tag(m, base + 16 * g), !(g >= 1 && g <= last));
				uint64_t got = 0;
				T_EQ(load_n(m, a, size, &got), MEM_OK);
				T_EQ(got, v & (~0ULL >> (64 - 8 * size)));
			}
	t_case("an untagged capability store clears the tag");
	T_EQ(mem_store_cap(m, NULL, 0x4200, 5, 6, true), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, 0x4200, 5, 6, false), MEM_OK);
	T_EQ(mem_get_tag(m, 0x4200), 0);
	t_case("AMO and successful CAS clear, failed CAS does not");
	uint64_t old = 0;
	bool ok = false;
	T_EQ(mem_store_cap(m, NULL, 0x4200, 5, 6, true), MEM_OK);
	T_EQ(mem_amo(m, NULL, 0x4208, 4, MEM_AMO_ADD, 1, &old), MEM_OK);
	T_EQ(mem_get_tag(m, 0x4200), 0);
	T_EQ(mem_store_cap(m, NULL, 0x4200, 5, 6, true), MEM_OK);
	T_EQ(mem_cas(m, NULL, 0x4200, 8, 4, 9, &ok), MEM_OK);
	T_EQ(ok, 0);
	T_EQ(mem_get_tag(m, 0x4200), 1);
	T_EQ(mem_cas(m, NULL, 0x4200, 8, 5, 9, &ok), MEM_OK);
	T_EQ(ok, 1);
	T_EQ(mem_get_tag(m, 0x4200), 0);
	t_case("mem_map clears tags");
	T_EQ(mem_store_cap(m, NULL, 0x4200, 5, 6, true), MEM_OK);
	T_EQ(mem_map(m, 0x4000, PG), MEM_OK);
	T_EQ(mem_get_tag(m, 0x4200), 0);
	uint64_t lo = 1, hi = 1;
	bool tag = true;
	T_EQ(mem_load_cap(m, 0x4200, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0);
	T_EQ(hi, 0);
	T_EQ(tag, 0);
	mem_free(m);
}

TEST(mem_cap_round_trip)
{
	struct mem *m = new_mapped(1 << 20, 0x8000, PG);
	uint64_t lo = 0, hi = 0, v = 0;
	bool tag = false;
	t_case("tagged: 128 bits and tag back, address word first, little-endian");
	T_EQ(mem_store_cap(m, NULL, 0x8010, 0x0000000400001000ULL, 0xffff000000000000ULL, true), MEM_OK);
	T_EQ(mem_load_cap(m, 0x8010, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0x0000000400001000ULL);
	T_EQ(hi, 0xffff000000000000ULL);
	T_EQ(tag, 1);
	T_EQ(mem_load64(m, 0x8010, &v), MEM_OK);
	T_EQ(v, 0x0000000400001000ULL);
	T_EQ(mem_load8(m, 0x8011, (uint8_t *)&v), MEM_OK);
	T_EQ(v & 0xff, 0x10);
	T_EQ(mem_load16(m, 0x801e, (uint16_t *)&v), MEM_OK);
	T_EQ(v & 0xffff, 0xffff);
	t_case("untagged store on a plain page");
	T_EQ(mem_map(m, 0x8000, PG), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, 0x8020, 7, 8, false), MEM_OK);
	T_EQ(mem_load_cap(m, 0x8020, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 7);
	T_EQ(hi, 8);
	T_EQ(tag, 0);
	t_case("a data store to the granule: data kept, tag gone");
	T_EQ(mem_store_cap(m, NULL, 0x8030, 9, 10, true), MEM_OK);
	T_EQ(mem_store8(m, 0x8038, 0xee), MEM_OK);
	T_EQ(mem_load_cap(m, 0x8030, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 9);
	T_EQ(hi, 0xee);
	T_EQ(tag, 0);
	t_case("misaligned capability accesses");
	for (unsigned off = 1; off < 16; off++) {
		T_EQ(mem_load_cap(m, 0x8040 + off, &lo, &hi, &tag), MEM_E_ALIGN);
		T_EQ(mem_store_cap(m, NULL, 0x8040 + off, 1, 2, true), MEM_E_ALIGN);
	}
	t_case("mem_get_tag on any byte of the granule");
	T_EQ(mem_store_cap(m, NULL, 0x8100, 1, 2, true), MEM_OK);
	for (unsigned off = 0; off < 16; off++)
		T_EQ(mem_get_tag(m, 0x8100 + off), 1);
	T_EQ(mem_get_tag(m, 0x80f0), 0);
	T_EQ(mem_get_tag(m, 0x8110), 0);
	t_case("cas_cap: compare 128 bits + tag");
	bool ok = true;
	T_EQ(mem_cas_cap(m, NULL, 0x8100, 1, 2, false, 5, 6, true, &ok), MEM_OK);
	T_EQ(ok, 0);
	T_EQ(mem_cas_cap(m, NULL, 0x8100, 1, 3, true, 5, 6, true, &ok), MEM_OK);
	T_EQ(ok, 0);
	T_EQ(mem_cas_cap(m, NULL, 0x8100, 1, 2, true, 5, 6, false, &ok), MEM_OK);
	T_EQ(ok, 1);
	T_EQ(mem_load_cap(m, 0x8100, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 5);
	T_EQ(hi, 6);
	T_EQ(tag, 0);
	t_case("swap_cap returns the old value");
	T_EQ(mem_swap_cap(m, NULL, 0x8100, 0xa, 0xb, true, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 5);
	T_EQ(hi, 6);
	T_EQ(tag, 0);
	T_EQ(mem_swap_cap(m, NULL, 0x8100, 0xc, 0xd, false, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0xa);
	T_EQ(hi, 0xb);
	T_EQ(tag, 1);
	T_EQ(mem_get_tag(m, 0x8100), 0);
	mem_free(m);
}

/* RISC-V A extension: AMO*.W operate on 32 bits and sign-extend the old value into rd. */
TEST(mem_amo_ops)
{
	static const struct {
		enum mem_amo_op op;
		unsigned size;
		uint64_t init, val, want_old, want_new;
	} rows[] = {
		{ MEM_AMO_SWAP, 8, 0x1111111111111111ULL, 0x2222222222222222ULL, 0x1111111111111111ULL, 0x2222222222222222ULL },
		{ MEM_AMO_ADD, 8, 0xffffffffffffffffULL, 2, 0xffffffffffffffffULL, 1 },
		{ MEM_AMO_XOR, 8, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xff00ff00ff00ff00ULL, 0xf0f0f0f0f0f0f0f0ULL },
		{ MEM_AMO_AND, 8, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xff00ff00ff00ff00ULL, 0x0f000f000f000f00ULL },
		{ MEM_AMO_OR, 8, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xff00ff00ff00ff00ULL, 0xfff0fff0fff0fff0ULL },
		{ MEM_AMO_MIN, 8, 5, (uint64_t)-3, 5, (uint64_t)-3 },
		{ MEM_AMO_MIN, 8, (uint64_t)-3, 5, (uint64_t)-3, (uint64_t)-3 },
		{ MEM_AMO_MAX, 8, 5, (uint64_t)-3, 5, 5 },
		{ MEM_AMO_MAX, 8, (uint64_t)-3, 5, (uint64_t)-3, 5 },
		{ MEM_AMO_MINU, 8, 5, (uint64_t)-3, 5, 5 },
		{ MEM_AMO_MAXU, 8, 5, (uint64_t)-3, 5, (uint64_t)-3 },
		{ MEM_AMO_SWAP, 4, 0x80000000, 0x12345678, 0xffffffff80000000ULL, 0x12345678 },
		{ MEM_AMO_ADD, 4, 0x7fffffff, 1, 0x7fffffff, 0x80000000 },
		{ MEM_AMO_ADD, 4, 0xffffffff, 0x100000002ULL, 0xffffffffffffffffULL, 1 },
		{ MEM_AMO_XOR, 4, 0xf0f0f0f0, 0xffffffff, 0xfffffffff0f0f0f0ULL, 0x0f0f0f0f },
		{ MEM_AMO_AND, 4, 0xf0f0f0f0, 0x3c3c3c3c, 0xfffffffff0f0f0f0ULL, 0x30303030 },
		{ MEM_AMO_OR, 4, 0x0000f0f0, 0x3c3c0000, 0xf0f0, 0x3c3cf0f0 },
		{ MEM_AMO_MIN, 4, 5, 0xfffffffd, 5, 0xfffffffd },
		{ MEM_AMO_MAX, 4, 5, 0xfffffffd, 5, 5 },
		{ MEM_AMO_MINU, 4, 5, 0xfffffffd, 5, 5 },
		{ MEM_AMO_MAXU, 4, 5, 0xfffffffd, 5, 0xfffffffd },
		{ MEM_AMO_MAXU, 4, 0x80000000, 7, 0xffffffff80000000ULL, 0x80000000 },
	};
	struct mem *m = new_mapped(1 << 20, 0x2000, 2 * PG);
	for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++)
		for (unsigned tagged = 0; tagged < 2; tagged++) {
			uint64_t a = tagged ? 0x3008 : 0x2008, old = 0, now = 0, guard = 0;
			t_case("row %u op %d size %u %s page", i, rows[i].op, rows[i].size, tagged ? "tagged" : "plain");
			if (tagged)
				T_EQ(mem_store_cap(m, NULL, 0x3000, 1, 2, true), MEM_OK);
			T_EQ(mem_store64(m, a, rows[i].size == 4 ? 0xaaaaaaaa00000000ULL | rows[i].init : rows[i].init), MEM_OK);
			T_EQ(mem_amo(m, NULL, a, rows[i].size, rows[i].op, rows[i].val, &old), MEM_OK);
			T_EQ(old, rows[i].want_old);
			T_EQ(mem_load64(m, a, &now), MEM_OK);
			T_EQ(now, rows[i].size == 4 ? 0xaaaaaaaa00000000ULL | rows[i].want_new : rows[i].want_new);
			T_EQ(mem_load64(m, a - 8, &guard), MEM_OK);
			T_EQ(guard, tagged ? 1 : 0);
		}
	t_case("AMO alignment and size");
	uint64_t old;
	T_EQ(mem_amo(m, NULL, 0x2004, 8, MEM_AMO_ADD, 1, &old), MEM_E_ALIGN);
	T_EQ(mem_amo(m, NULL, 0x2002, 4, MEM_AMO_ADD, 1, &old), MEM_E_ALIGN);
	T_EQ(mem_amo(m, NULL, 0x2000, 2, MEM_AMO_ADD, 1, &old), MEM_E_ALIGN);
	mem_free(m);
}

TEST(mem_cas_sizes)
{
	struct mem *m = new_mapped(1 << 20, 0x2000, PG);
	for (unsigned size = 1; size <= 8; size *= 2) {
		uint64_t mask = ~0ULL >> (64 - 8 * size), v = 0;
		bool ok = true;
		t_case("size %u: failure leaves memory alone", size);
		T_EQ(mem_store64(m, 0x2010, 0x8877665544332211ULL), MEM_OK);
		T_EQ(mem_store64(m, 0x2018, 0xffffffffffffffffULL), MEM_OK);
		T_EQ(mem_cas(m, NULL, 0x2018, size, 0x1234, 0, &ok), MEM_OK);
		T_EQ(ok, 0);
		T_EQ(mem_load64(m, 0x2018, &v), MEM_OK);
		T_EQ(v, 0xffffffffffffffffULL);
		t_case("size %u: success writes only %u bytes", size, size);
		T_EQ(mem_cas(m, NULL, 0x2018, size, 0xffffffffffffffffULL, 0x0102030405060708ULL, &ok), MEM_OK);
		T_EQ(ok, 1);
		T_EQ(mem_load64(m, 0x2018, &v), MEM_OK);
		T_EQ(v, (0xffffffffffffffffULL & ~mask) | (0x0102030405060708ULL & mask));
		T_EQ(mem_load64(m, 0x2010, &v), MEM_OK);
		T_EQ(v, 0x8877665544332211ULL);
		if (size > 1) {
			t_case("size %u misaligned", size);
			T_EQ(mem_cas(m, NULL, 0x2019, size, 0, 0, &ok), MEM_E_ALIGN);
		}
	}
	bool ok;
	t_case("size 3 refused");
	T_EQ(mem_cas(m, NULL, 0x2000, 3, 0, 0, &ok), MEM_E_ALIGN);
	mem_free(m);
}

TEST(mem_code_epoch)
{
	struct mem *m = new_mapped(1 << 20, 0x2000, 2 * PG);
	uint64_t e0 = m->code_epoch, old;
	bool ok;
	t_case("a store to an unmarked page does not bump");
	T_EQ(mem_store32(m, 0x2000, 1), MEM_OK);
	T_EQ(m->code_epoch, e0);
	t_case("first store to a marked page bumps once, and unmarks");
	mem_mark_code(m, 0x2123);
	T_EQ(m->page_flags[2], MEM_PAGE_MAPPED | MEM_PAGE_CODE);
	T_EQ(mem_store32(m, 0x2ffc, 1), MEM_OK);
	T_EQ(m->code_epoch, e0 + 1);
	T_EQ(mem_store32(m, 0x2ffc, 2), MEM_OK);
	T_EQ(m->code_epoch, e0 + 1);
	T_EQ(m->page_flags[2], MEM_PAGE_MAPPED);
	t_case("page-crossing store into a marked page");
	mem_mark_code(m, 0x3000);
	T_EQ(mem_store64(m, 0x2ffc, 3), MEM_OK);
	T_EQ(m->code_epoch, e0 + 2);
	t_case("AMO, CAS, capability store, mem_write, mem_map all bump");
	mem_mark_code(m, 0x2000);
	T_EQ(mem_amo(m, NULL, 0x2000, 4, MEM_AMO_ADD, 1, &old), MEM_OK);
	T_EQ(m->code_epoch, e0 + 3);
	mem_mark_code(m, 0x2000);
	T_EQ(mem_cas(m, NULL, 0x2000, 4, 2, 3, &ok), MEM_OK);
	T_EQ(m->code_epoch, e0 + 4);
	mem_mark_code(m, 0x2000);
	T_EQ(mem_store_cap(m, NULL, 0x2010, 1, 2, true), MEM_OK);
	T_EQ(m->code_epoch, e0 + 5);
	mem_mark_code(m, 0x2000);
	T_EQ(mem_write(m, 0x2100, "x", 1), MEM_OK);
	T_EQ(m->code_epoch, e0 + 6);
	mem_mark_code(m, 0x2000);
	T_EQ(mem_map(m, 0x2000, PG), MEM_OK);
	T_EQ(m->code_epoch, e0 + 7);
	mem_free(m);
}

/* mem_copy is memmove inside the arena: every length and overlap across page edges gives the
 * bytes a copy through a separate buffer gives (plain pages: one memmove); tags under the
 * destination go (also for the destination's own bytes, and where the copy starts on a plain
 * page), the source keeps its; a marked code page is bumped; an unmapped page on either side
 * moves nothing. */
TEST(mem_copy_memmove)
{
	const uint64_t base = 0x10000, span = 4 * PG;
	struct mem *m = new_mapped(1 << 20, base, span);
	static uint8_t want[4 * PG], got[4 * PG];
	const uint64_t offs[] = { 0, 1, 15, 16, PG - 8, PG - 1, PG, PG + 3, 2 * PG - 16 };
	const uint64_t lens[] = { 0, 1, 7, 16, 17, PG - 1, PG, PG + 1, 2 * PG + 5 };
	const int64_t deltas[] = { 0, 1, -1, 8, -8, 16, -16, PG - 1, -(int64_t)PG, (int64_t)PG + 9 };
	unsigned fails = 0, cases = 0;
	for (size_t a = 0; a < sizeof offs / sizeof offs[0]; a++)
		for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
			for (size_t d = 0; d < sizeof deltas / sizeof deltas[0]; d++) {
				uint64_t src = base + offs[a], dst = src + (uint64_t)deltas[d], len = lens[l];
				if (dst < base || dst + len > base + span || src + len > base + span)
					continue;
				for (uint64_t i = 0; i < span; i++)
					want[i] = (uint8_t)(i * 7 + 3 + (i >> 8));
				T_EQ(mem_write(m, base, want, span), MEM_OK);
				memmove(want + (dst - base), want + (src - base), len);
				cases++;
				if (mem_copy(m, dst, src, len) != MEM_OK || mem_read(m, base, got, span) != MEM_OK ||
				    memcmp(got, want, span)) {
					if (!fails++)
						t_case("first failure: src +%#llx, dst +%#llx, %llu bytes", (unsigned long long)(src - base),
						       (unsigned long long)(dst - base), (unsigned long long)len);
				}
			}
	t_case("%u copies (overlapping up, down, disjoint, across pages) as memmove", cases);
	T_EQ(fails, 0);
	T_EQ(cases, 692);   /* the loops ran: every combination inside the 4 pages */
	t_case("tags: the destination's go, even for its own bytes; the source's stay");
	for (unsigned g = 0; g < 4; g++)
		T_EQ(mem_store_cap(m, NULL, base + PG + 16 * g, 0x100 + g, 0x200 + g, true), MEM_OK);
	T_EQ(mem_copy(m, base + PG + 16, base + PG + 16, 16), MEM_OK);   /* itself */
	T_EQ(mem_get_tag(m, base + PG), 1);
	T_EQ(mem_get_tag(m, base + PG + 16), 0);
	T_EQ(mem_get_tag(m, base + PG + 32), 1);
	T_EQ(mem_copy(m, base + PG + 47, base + PG, 1), MEM_OK);          /* one byte of granule 2 */
	T_EQ(mem_get_tag(m, base + PG), 1);
	T_EQ(mem_get_tag(m, base + PG + 32), 0);
	T_EQ(mem_get_tag(m, base + PG + 48), 1);
	uint64_t lo = 0, hi = 0;
	bool tag = false;
	T_EQ(mem_load_cap(m, base + PG + 16, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0x101);
	T_EQ(hi, 0x201);
	T_EQ(tag, 0);
	t_case("a copy that starts on a plain page and ends on one with tags: those tags go, also under "
	       "the capability's own bytes (the shadow would still match them)");
	T_EQ(mem_store_cap(m, NULL, base + PG, 0x100, 0x200, true), MEM_OK);
	const uint64_t same[3] = { 0x5a5a5a5a5a5a5a5a, 0x100, 0x200 };   /* 8 bytes, then the capability's 16 */
	T_EQ(mem_write(m, base + 3 * PG, same, sizeof same), MEM_OK);
	T_EQ(mem_get_tag(m, base + PG), 1);
	T_EQ(mem_copy(m, base + PG - 8, base + 3 * PG, sizeof same), MEM_OK);   /* page 0 (plain), then page 1 */
	T_EQ(mem_get_tag(m, base + PG), 0);
	T_EQ(mem_get_tag(m, base + PG + 48), 1);
	t_case("a copy onto a marked code page bumps the code epoch");
	uint64_t e0 = m->code_epoch;
	mem_mark_code(m, base + 2 * PG);
	T_EQ(mem_copy(m, base + 2 * PG - 2, base, 4), MEM_OK);
	T_EQ(m->code_epoch, e0 + 1);
	t_case("an unmapped page under either range: nothing moves");
	T_EQ(mem_write(m, base, "abcdefgh", 8), MEM_OK);
	T_EQ(mem_copy(m, base, base + span - 4, 8), MEM_E_UNMAPPED);
	T_EQ(mem_copy(m, base + span - 4, base, 8), MEM_E_UNMAPPED);
	T_EQ(mem_copy(m, base, base + span, 1), MEM_E_UNMAPPED);
	char back[9] = { 0 };
	T_EQ(mem_read(m, base, back, 8), MEM_OK);
	T_EQ(strcmp(back, "abcdefgh"), 0);
	mem_free(m);
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;
	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident * 4;
}

/* 1 TiB address space, a 1 GiB cVM slot at 0x400000000 as the monitor places it. */
TEST(mem_big_sparse)
{
	struct mem *m = mem_new(1ULL << 40);
	t_case("1 TiB reserve");
	if (!T_TRUE(m != NULL))
		return;
	long before = rss_kib();
	t_case("map 1 GiB at 0x400000000, touch both ends");
	T_EQ(mem_map(m, 0x400000000ULL, 1ULL << 30), MEM_OK);
	uint64_t end = 0x400000000ULL + (1ULL << 30), v = 0;
	T_EQ(mem_store64(m, 0x400000000ULL, 1), MEM_OK);
	T_EQ(mem_store64(m, end - 8, 2), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, end - 32, 3, 4, true), MEM_OK);
	T_EQ(mem_load64(m, end - 8, &v), MEM_OK);
	T_EQ(v, 2);
	T_EQ(mem_get_tag(m, end - 32), 1);
	T_EQ(mem_load64(m, end, &v), MEM_E_UNMAPPED);
	t_case("the last page of the 1 TiB space");
	T_EQ(mem_map(m, (1ULL << 40) - PG, PG), MEM_OK);
	T_EQ(mem_store64(m, (1ULL << 40) - 8, 5), MEM_OK);
	T_EQ(mem_load64(m, (1ULL << 40) - 8, &v), MEM_OK);
	T_EQ(v, 5);
	long after = rss_kib();
	t_case("RSS grew by %ld KiB (< 2 MiB: page flags of 1 GiB = 256 KiB)", after - before);
	T_TRUE(after - before < 2048);
	t_case("unmap the slot");
	T_EQ(mem_unmap(m, 0x400000000ULL, 1ULL << 30), MEM_OK);
	T_EQ(mem_load64(m, 0x400000000ULL, &v), MEM_E_UNMAPPED);
	T_EQ(mem_get_tag(m, end - 32), 0);
	mem_free(m);
}

TEST(mem_thread_single)
{
	struct mem *m = new_mapped(1 << 20, 0x2000, PG);
	struct mem_thread *t = mem_thread_attach(m);
	const volatile int *flag = mem_safepoint_flag(m);
	t_case("attached thread: first tag does not wait for itself");
	T_TRUE(t != NULL);
	T_EQ(mem_store_cap(m, t, 0x2000, 1, 2, true), MEM_OK);
	T_EQ(mem_get_tag(m, 0x2000), 1);
	T_TRUE(!mem_safepoint_pending(flag));
	t_case("NULL thread from an attached host thread does not deadlock");
	T_EQ(mem_map(m, 0x2000, PG), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, 0x2000, 1, 2, true), MEM_OK);
	T_EQ(mem_get_tag(m, 0x2000), 1);
	mem_safepoint(t);
	mem_thread_offline(t);
	mem_thread_online(t);
	T_TRUE(!mem_safepoint_pending(flag));
	mem_thread_detach(t);
	mem_free(m);
}

/* --- page locks (mem.c, step 2): owned by the first attached writer, shared after another ---
 * A helper thread attaches, stores a capability to a page (it owns the page's lock), then
 * either detaches (the page changes hands with one CAS) or stays attached, polling safepoints
 * as a hart does (the page changes hands in a stop-the-world). */
struct owner_thread {
	struct mem *m;
	uint64_t addr;
	bool stay;
	volatile int stored, stop;
	uint32_t id;
};

static void *owner_main(void *arg)
{
	struct owner_thread *o = arg;
	struct mem_thread *t = mem_thread_attach(o->m);
	const volatile int *flag = mem_safepoint_flag(o->m);
	o->id = t ? t->id : 0;
	if (!t || mem_store_cap(o->m, t, o->addr, 0x11, 0x22, true) != MEM_OK)
		o->id = 0;
	__atomic_store_n(&o->stored, 1, __ATOMIC_SEQ_CST);
	while (o->stay && !__atomic_load_n(&o->stop, __ATOMIC_SEQ_CST)) {
		if (mem_safepoint_pending(flag))
			mem_safepoint(t);
		sched_yield();
	}
	mem_thread_detach(t);
	return NULL;
}

static uint32_t lock_owner(const struct mem *m, uint64_t addr)
{
	return (uint32_t)(m->priv->locks[addr >> MEM_PAGE_SHIFT] >> 32);
}

TEST(mem_page_lock_owners)
{
	struct mem *m = new_mapped(1 << 20, 0x2000, 2 * PG);
	mem_ready_tags(m, 0x2000, 2 * PG);   /* no first-tag handshakes below */
	struct mem_thread *me = mem_thread_attach(m);
	uint64_t lo, hi;
	bool tag;
	for (int stay = 0; stay < 2; stay++) {
		uint64_t a = 0x2000 + (uint64_t)stay * PG;
		struct owner_thread o = { .m = m, .addr = a, .stay = stay };
		pthread_t tid;
		T_EQ(pthread_create(&tid, NULL, owner_main, &o), 0);
		while (!__atomic_load_n(&o.stored, __ATOMIC_SEQ_CST))
			sched_yield();
		if (!stay)
			pthread_join(tid, NULL);
		t_case("%s owner: its page is its own, the unattached monitor takes it like anyone",
		       stay ? "a live" : "a detached");
		T_TRUE(o.id >= MEM_OWNER_FIRST);
		T_EQ(lock_owner(m, a), o.id);
		uint64_t gen = m->priv->map_gen;
		T_EQ(mem_store_cap(m, me, a + 16, 0x33, 0x44, true), MEM_OK);
		t_case("another attached writer: shared, %s", stay ? "in one stop-the-world" : "with no stop-the-world");
		T_EQ(lock_owner(m, a), MEM_OWNER_SHARED);
		T_EQ(m->priv->map_gen, gen + (stay ? 2 : 0));   /* a stop-the-world bumps it twice */
		T_EQ(m->priv->locks[a >> MEM_PAGE_SHIFT] & 1, 0);   /* unlocked */
		T_EQ(mem_load_cap(m, a, &lo, &hi, &tag), MEM_OK);
		T_TRUE(lo == 0x11 && hi == 0x22 && tag);
		T_EQ(mem_load_cap(m, a + 16, &lo, &hi, &tag), MEM_OK);
		T_TRUE(lo == 0x33 && hi == 0x44 && tag);
		if (stay) {
			__atomic_store_n(&o.stop, 1, __ATOMIC_SEQ_CST);
			pthread_join(tid, NULL);
		}
	}
	t_case("the first attached writer of an unowned page owns it; a re-map forgets the owner");
	T_EQ(mem_map(m, 0x2000, PG), MEM_OK);
	T_EQ(lock_owner(m, 0x2000), MEM_OWNER_NONE);
	T_EQ(mem_store_cap(m, NULL, 0x2000, 1, 2, true), MEM_OK);   /* unattached: takes no page */
	T_EQ(lock_owner(m, 0x2000), MEM_OWNER_NONE);
	T_EQ(mem_amo(m, me, 0x2008, 8, MEM_AMO_ADD, 5, &lo), MEM_OK);
	T_EQ(lock_owner(m, 0x2000), me->id);
	T_EQ(lo, 2);
	T_EQ(mem_load_cap(m, 0x2000, &lo, &hi, &tag), MEM_OK);
	T_TRUE(lo == 1 && hi == 7 && !tag);   /* the AMO wrote data: the tag is gone */
	mem_thread_detach(me);
	mem_free(m);
}

/* The inline capability paths (mem.h): an owner's tagged store moves its page's sequence by 2
 * modulo 2^32 beside the owner (a carry would hand the page to thread id + 1), loads see it;
 * a store of another attached thread, a store to a code page and a broken protocol take the C
 * paths, whose results are the same. */
struct odd_reader {
	struct mem *m;
	uint64_t addr, lo, hi;
	bool tag;
	int done;
};

static void *odd_reader_main(void *arg)
{
	struct odd_reader *r = arg;
	if (mem_load_cap(r->m, r->addr, &r->lo, &r->hi, &r->tag) != MEM_OK)
		abort();
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

TEST(mem_cap_inline_paths)
{
	struct mem *m = new_mapped(1 << 20, 0x2000, 2 * PG);
	mem_ready_tags(m, 0x2000, PG);
	struct mem_thread *me = mem_thread_attach(m);
	uint64_t *w = &m->priv->locks[0x2000 >> MEM_PAGE_SHIFT], lo, hi;
	bool tag;
	t_case("the owner's store at sequence 2^32 - 2: the sequence wraps to 0, the owner stays");
	T_EQ(mem_store_cap(m, me, 0x2000, 1, 2, true), MEM_OK);   /* claims the page */
	T_EQ(*w, (uint64_t)me->id << 32 | 2);
	*w = (uint64_t)me->id << 32 | 0xfffffffeULL;
	T_EQ(mem_store_cap(m, me, 0x2010, 3, 4, true), MEM_OK);
	T_EQ(*w, (uint64_t)me->id << 32);
	T_EQ(mem_store_cap(m, me, 0x2020, 5, 6, true), MEM_OK);
	T_EQ(*w, (uint64_t)me->id << 32 | 2);
	T_EQ(mem_load_cap(m, 0x2010, &lo, &hi, &tag), MEM_OK);
	T_TRUE(lo == 3 && hi == 4 && tag);
	t_case("a load of a granule whose data no longer equals its shadow: untagged");
	T_EQ(mem_store64(m, 0x2018, 9), MEM_OK);
	T_EQ(mem_load_cap(m, 0x2010, &lo, &hi, &tag), MEM_OK);
	T_TRUE(lo == 3 && hi == 9 && !tag);
	t_case("an odd sequence (a writer inside): the load returns only once it is even");
	struct odd_reader r = { .m = m, .addr = 0x2020 };
	pthread_t tid;
	*w += 1;
	T_EQ(pthread_create(&tid, NULL, odd_reader_main, &r), 0);
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	T_EQ(__atomic_load_n(&r.done, __ATOMIC_SEQ_CST), 0);
	__atomic_fetch_add(w, 1, __ATOMIC_SEQ_CST);
	pthread_join(tid, NULL);
	T_TRUE(r.lo == 5 && r.hi == 6 && r.tag);
	t_case("an untagged value over a tag clears it; to a plain page it is the bytes");
	T_EQ(mem_store_cap(m, me, 0x2020, 7, 8, false), MEM_OK);
	T_EQ(mem_load_cap(m, 0x2020, &lo, &hi, &tag), MEM_OK);
	T_TRUE(lo == 7 && hi == 8 && !tag);
	T_EQ(mem_store_cap(m, me, 0x3000, 10, 11, false), MEM_OK);
	T_EQ(mem_load_cap(m, 0x3000, &lo, &hi, &tag), MEM_OK);
	T_TRUE(lo == 10 && hi == 11 && !tag);
	t_case("misaligned, past the end: the C paths' errors");
	T_EQ(mem_store_cap(m, me, 0x2008, 1, 2, true), MEM_E_ALIGN);
	T_EQ(mem_load_cap(m, 0x2008, &lo, &hi, &tag), MEM_E_ALIGN);
	T_EQ(mem_load_cap(m, mem_limit(m), &lo, &hi, &tag), MEM_E_UNMAPPED);
	T_EQ(mem_store_cap(m, me, mem_limit(m) - 16, 1, 2, true), MEM_E_UNMAPPED);
	mem_thread_detach(me);
	mem_free(m);
}

/* --- mem_map / mem_unmap of page ranges: page_flags and tags at the edges ---
 * Flags are visited a word (8 pages) at a time on the 8-aligned part of a range and a byte at a
 * time at its edges (mem.c), so ranges start and end on every residue mod 8. */

#define EDGE_PAGES 112
#define FLAGS_TAGGED (MEM_PAGE_MAPPED | MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY)

/* mem_ready_tags: mapped pages of the range become MAPPED | TAGS | READY (unmapped ones stay
 * unmapped, pages outside are untouched), and a capability store there needs no first-tag
 * handshake (the epoch does not move), while one to an unprepared page does (it moves by 1).
 * Data stores to a prepared page still clear tags. */
TEST(mem_ready_tags)
{
	struct mem *m = new_mapped(1 << 20, 0x2000, 3 * PG);   /* 0x2000..0x5000; 0x5000 unmapped */
	uint64_t e0 = m->priv->sp_epoch;
	mem_ready_tags(m, 0x3000, 3 * PG);
	t_case("flags of the range and around it");
	T_EQ(m->page_flags[2], MEM_PAGE_MAPPED);
	T_EQ(m->page_flags[3], FLAGS_TAGGED);
	T_EQ(m->page_flags[4], FLAGS_TAGGED);
	T_EQ(m->page_flags[5], 0);
	T_EQ(m->priv->sp_epoch, e0);
	t_case("no handshake on a prepared page, one on another");
	T_EQ(mem_store_cap(m, NULL, 0x3010, 5, 6, true), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, 0x4ff0, 7, 8, true), MEM_OK);
	T_EQ(m->priv->sp_epoch, e0);
	T_EQ(mem_store_cap(m, NULL, 0x2000, 1, 2, true), MEM_OK);
	T_EQ(m->priv->sp_epoch, e0 + 1);
	T_EQ(m->page_flags[2], FLAGS_TAGGED);
	t_case("a data store to a prepared page clears the tag");
	T_EQ(mem_get_tag(m, 0x3010), 1);
	T_EQ(mem_store32(m, 0x3014, 9), MEM_OK);
	T_EQ(mem_get_tag(m, 0x3010), 0);
	T_EQ(mem_get_tag(m, 0x4ff0), 1);
	t_case("misaligned or outside: nothing");
	mem_ready_tags(m, 0x2001, PG);
	mem_ready_tags(m, 1 << 20, PG);
	T_EQ(m->page_flags[5], 0);
	mem_free(m);
}

/* Every page of [0, EDGE_PAGES) mapped with the word p + 100 at granule p % 256 of page p:
 * tagged: a tagged capability (address word p + 100), then the page marked as code: flags
 * MAPPED | TAGS | READY | CODE. Plain: a data store, flags MAPPED. */
static struct mem *edge_setup(bool tagged)
{
	struct mem *m = new_mapped((EDGE_PAGES + 16) * PG, 0, EDGE_PAGES * PG);
	for (uint64_t p = 0; p < EDGE_PAGES; p++) {
		uint64_t a = p * PG + (p % 256) * 16;
		if (tagged) {
			T_EQ(mem_store_cap(m, NULL, a, p + 100, 7, true), MEM_OK);
			mem_mark_code(m, a);
		} else {
			T_EQ(mem_store64(m, a, p + 100), MEM_OK);
		}
	}
	return m;
}

/* Pages outside [first, first+n) are exactly as edge_setup left them; pages inside have flags
 * `want` (MEM_PAGE_MAPPED after mem_map, 0 after mem_unmap), zero data and no tag, neither as
 * seen through the flags nor in the tag bitmap (a stale bit would come back with the page's
 * next first tag); code_epoch moved by 1 if the pages were code, else not at all. */
static void edge_check(struct mem *m, bool tagged, uint64_t first, uint64_t n, uint8_t want, uint64_t epoch0)
{
	for (uint64_t p = 0; p < EDGE_PAGES + 16; p++) {
		uint64_t a = p * PG + (p % 256) * 16, lo = 0, hi = 0;
		bool tag = false, in = p >= first && p < first + n;
		if (p >= EDGE_PAGES) {
			T_EQ(m->page_flags[p], 0);
		} else if (in) {
			T_EQ(m->page_flags[p], want);
			T_EQ(mem_get_tag(m, a), 0);
			T_EQ(mem_tag_read(m, a >> 4), 0); /* the bitmap itself, not only the flag */
			if (want) {
				T_EQ(mem_load_cap(m, a, &lo, &hi, &tag), MEM_OK);
				T_EQ(lo, 0);
				T_EQ(tag, 0);
			} else {
				T_EQ(mem_load_cap(m, a, &lo, &hi, &tag), MEM_E_UNMAPPED);
			}
		} else {
			T_EQ(m->page_flags[p], tagged ? FLAGS_TAGGED | MEM_PAGE_CODE : MEM_PAGE_MAPPED);
			T_EQ(mem_tag_read(m, a >> 4), tagged);
			T_EQ(mem_load_cap(m, a, &lo, &hi, &tag), MEM_OK);
			T_EQ(lo, p + 100);
			T_EQ(hi, tagged ? 7 : 0);
			T_EQ(tag, tagged);
		}
	}
	T_EQ(m->code_epoch, epoch0 + tagged);
}

/* The aligned part of a range also goes 4 words (32 pages) at a time: lengths around 32 and 64. */
static const uint64_t edge_long[] = {31, 32, 33, 39, 40, 41, 47, 63, 64, 65, 71, 72, 73, 80};

TEST(mem_range_edges)
{
	static const uint64_t firsts[] = {0, 1, 3, 7, 8, 9, 13, 15, 16, 23, 27};
	for (unsigned op = 0; op < 4; op++)
		for (unsigned i = 0; i < sizeof firsts / sizeof firsts[0]; i++)
			for (unsigned k = 0; k < 20 + sizeof edge_long / sizeof edge_long[0]; k++) {
				uint64_t first = firsts[i], n = k < 20 ? k + 1 : edge_long[k - 20];
				bool unmap = op & 1, tagged = op < 2;
				t_case("%s pages [%llu, %llu) of a %s area", unmap ? "unmap" : "map",
				       (unsigned long long)first, (unsigned long long)(first + n),
				       tagged ? "tagged, code-marked" : "plain mapped");
				struct mem *m = edge_setup(tagged);
				uint64_t e0 = m->code_epoch;
				if (unmap)
					T_EQ(mem_unmap(m, first * PG, n * PG), MEM_OK);
				else
					T_EQ(mem_map(m, first * PG, n * PG), MEM_OK);
				edge_check(m, tagged, first, n, unmap ? 0 : MEM_PAGE_MAPPED, e0);
				mem_free(m);
			}
}

/* Sequences of map (+) / unmap (-) on a fresh space of 40 pages. Before every operation but
 * the first, each mapped page gets a tag (flags MAPPED | TAGS | READY), so the last operation
 * has tags to clear on the pages it covers and must keep them elsewhere. `want`: one letter a
 * page, '.' unmapped (flags 0), 'M' mapped without tags (flags MAPPED), 'T' mapped with its
 * tag (flags FLAGS_TAGGED). */
TEST(mem_range_sequences)
{
	static const struct {
		const char *name;
		struct { char op; unsigned first, n; } ops[4];
		const char *want; /* 40 pages */
	} rows[] = {
		{"overlapping maps, second ends unaligned", {{'+', 3, 10}, {'+', 9, 13}},
		 "...TTTTTTMMMMMMMMMMMMM.................."},
		{"overlapping maps, second starts earlier", {{'+', 9, 13}, {'+', 3, 10}},
		 "...MMMMMMMMMMTTTTTTTTT.................."},
		{"map inside a mapped range", {{'+', 0, 40}, {'+', 5, 1}},
		 "TTTTTMTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"},
		{"map across a hole", {{'+', 2, 6}, {'+', 12, 6}, {'+', 6, 8}},
		 "..TTTTMMMMMMMMTTTT......................"},
		{"unmap a partially mapped range (hole in the middle)", {{'+', 2, 6}, {'+', 12, 6}, {'-', 4, 12}},
		 "..TT............TT......................"},
		{"unmap a range mapped only at its end", {{'+', 10, 10}, {'-', 1, 10}},
		 "...........TTTTTTTTT...................."},
		{"unmap a range mapped only at its start", {{'+', 1, 10}, {'-', 10, 20}},
		 ".TTTTTTTTT.............................."},
		{"unmap nothing mapped", {{'+', 20, 4}, {'-', 1, 19}},
		 "....................TTTT................"},
		{"unmap 20 pages of 40 (PROT_NONE re-map path)", {{'+', 0, 40}, {'-', 7, 20}},
		 "TTTTTTT....................TTTTTTTTTTTTT"},
		{"unmap 1 page then map 3 over it", {{'+', 0, 16}, {'-', 8, 1}, {'+', 7, 3}},
		 "TTTTTTTMMMTTTTTT........................"},
		{"unmap every other page, map all", {{'+', 0, 24}, {'-', 1, 1}, {'-', 17, 1}, {'+', 0, 24}},
		 "MMMMMMMMMMMMMMMMMMMMMMMM................"},
	};
	for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s", rows[i].name);
		struct mem *m = mem_new(40 * PG);
		if (!T_TRUE(m != NULL))
			continue;
		for (unsigned k = 0; k < 4 && rows[i].ops[k].op; k++) {
			if (k > 0)
				for (uint64_t p = 0; p < 40; p++)
					if (m->page_flags[p] & MEM_PAGE_MAPPED)
						T_EQ(mem_store_cap(m, NULL, p * PG + 32, p, 9, true), MEM_OK);
			uint64_t a = rows[i].ops[k].first * PG, len = rows[i].ops[k].n * PG;
			T_EQ(rows[i].ops[k].op == '+' ? mem_map(m, a, len) : mem_unmap(m, a, len), MEM_OK);
		}
		for (uint64_t p = 0; p < 40; p++) {
			char c = rows[i].want[p];
			uint64_t v = 1;
			T_EQ(m->page_flags[p], c == '.' ? 0 : c == 'M' ? MEM_PAGE_MAPPED : FLAGS_TAGGED);
			T_EQ(mem_get_tag(m, p * PG + 32), c == 'T');
			T_EQ(mem_tag_read(m, (p * PG + 32) >> 4), c == 'T');
			T_EQ(mem_load64(m, p * PG + 32, &v), c == '.' ? MEM_E_UNMAPPED : MEM_OK);
			if (c != '.')
				T_EQ(v, c == 'T' ? p : 0);
		}
		T_EQ(mem_is_mapped(m, 0, 40 * PG), strchr(rows[i].want, '.') == NULL);
		mem_free(m);
	}
}

static sigjmp_buf host_fault_jmp;
static void host_fault_handler(int sig)
{
	(void)sig;
	siglongjmp(host_fault_jmp, 1);
}

/* Whether a host read of the byte faults (SIGSEGV). */
static bool host_read_faults(const volatile uint8_t *p)
{
	struct sigaction sa = {.sa_handler = host_fault_handler}, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old);
	bool faulted = true;
	if (!sigsetjmp(host_fault_jmp, 1)) {
		(void)*p;
		faulted = false;
	}
	sigaction(SIGSEGV, &old, NULL);
	return faulted;
}

static bool host_resident(const struct mem *m, uint64_t addr)
{
	unsigned char v = 0;
	return mincore(mem_host(m, addr), PG, &v) == 0 && (v & 1);
}

/* mem_unmap releases host memory and makes host accesses fault, for small ranges (guard
 * markers where the kernel has them) and large ones (PROT_NONE re-map); mem_map after it gives
 * readable zero pages again. */
TEST(mem_unmap_host)
{
	static const unsigned lens[] = {1, 2, 7, 16, 17, 20, 64};
	for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		uint64_t len = lens[i] * PG, a = 3 * PG;
		t_case("unmap %u pages at page 3", lens[i]);
		struct mem *m = new_mapped(128 * PG, 0, 128 * PG);
		for (uint64_t off = 0; off < len + 2 * PG; off += PG)
			T_EQ(mem_store64(m, a - PG + off, 0x55), MEM_OK);
		T_TRUE(host_resident(m, a));
		T_EQ(mem_unmap(m, a, len), MEM_OK);
		T_TRUE(!host_resident(m, a));
		T_TRUE(!host_resident(m, a + len - PG));
		T_TRUE(host_read_faults(mem_host(m, a)));
		T_TRUE(host_read_faults(mem_host(m, a + len - PG)));
		T_TRUE(!host_read_faults(mem_host(m, a - PG)));
		T_TRUE(!host_read_faults(mem_host(m, a + len)));
		uint64_t v = 0;
		T_EQ(mem_load64(m, a - PG, &v), MEM_OK);
		T_EQ(v, 0x55);
		T_EQ(mem_load64(m, a + len, &v), MEM_OK);
		T_EQ(v, 0x55);
		t_case("re-map %u pages at page 3: zeros, host readable", lens[i]);
		T_EQ(mem_map(m, a, len), MEM_OK);
		T_TRUE(!host_read_faults(mem_host(m, a)));
		T_EQ(mem_load64(m, a + len - PG, &v), MEM_OK);
		T_EQ(v, 0);
		mem_free(m);
	}
}

/* A range large enough for the page_flags madvise (>= 8192 pages), unaligned at both ends. */
TEST(mem_map_large_unaligned)
{
	uint64_t first = 5, n = 3 * 4096 + 3;
	struct mem *m = new_mapped((n + 64) * PG, 0, 4 * PG);
	T_EQ(mem_map(m, (first + n + 2) * PG, PG), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, 3 * PG, 1, 2, true), MEM_OK);
	t_case("map pages [%llu, %llu)", (unsigned long long)first, (unsigned long long)(first + n));
	T_EQ(mem_map(m, first * PG, n * PG), MEM_OK);
	uint64_t bad = 0;
	for (uint64_t p = first; p < first + n; p++)
		bad += m->page_flags[p] != MEM_PAGE_MAPPED;
	T_EQ(bad, 0);
	T_EQ(m->page_flags[3], FLAGS_TAGGED);
	T_EQ(m->page_flags[4], 0);
	T_EQ(m->page_flags[first + n], 0);
	T_EQ(m->page_flags[first + n + 1], 0);
	T_EQ(m->page_flags[first + n + 2], MEM_PAGE_MAPPED);
	T_EQ(mem_get_tag(m, 3 * PG), 1);
	t_case("unmap pages [%llu, %llu)", (unsigned long long)(first + 1), (unsigned long long)(first + n - 1));
	T_EQ(mem_unmap(m, (first + 1) * PG, (n - 2) * PG), MEM_OK);
	bad = 0;
	for (uint64_t p = first + 1; p < first + n - 1; p++)
		bad += m->page_flags[p] != 0;
	T_EQ(bad, 0);
	T_EQ(m->page_flags[first], MEM_PAGE_MAPPED);
	T_EQ(m->page_flags[first + n - 1], MEM_PAGE_MAPPED);
	T_EQ(m->page_flags[first + n + 2], MEM_PAGE_MAPPED);
	T_EQ(m->page_flags[3], FLAGS_TAGGED);
	mem_free(m);
}
