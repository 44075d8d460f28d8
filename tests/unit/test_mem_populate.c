/* test_mem_populate.c - mem_populate backs exactly the host pages a deploy is about to write
 * (mem_populate.c): the arena pages of the range (MEM_POPULATE_DATA), their shadow, tag-bitmap
 * and page-lock pages (MEM_POPULATE_CAPS), nothing else, and changes no contents; the flag pages
 * of a mapping once. Residency is read with mincore(2). */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mem/mem_priv.h"
#include "test.h"

#define PG MEM_PAGE_SIZE

static int resident(const void *p)
{
	unsigned char v = 0;
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(PG - 1);
	if (mincore((void *)a, PG, &v) != 0)
		return -1;
	return v & 1;
}

TEST(mem_populate_pages)
{
	struct mem *m = mem_new(1ULL << 32);
	if (!T_TRUE(m != NULL))
		return;
	const uint64_t base = 0x10000000; /* 256 MiB: tags of its pages on their own host page */
	struct mem_private *p = m->priv;
	t_case("map 8 pages: nothing resident yet");
	T_EQ(mem_map(m, base, 8 * PG), MEM_OK);
	T_EQ(resident(mem_host(m, base + 2 * PG)), 0);
	T_EQ(resident(p->shadow + base + 2 * PG), 0);
	T_EQ(resident(&p->tags[(base + 2 * PG) / 16]), 0);
	T_EQ(resident(&p->locks[(base + 2 * PG) / PG]), 0);
	t_case("data only: pages 2..3 resident, 1 and 4 not, no shadow");
	mem_populate(m, base + 2 * PG + 8, 2 * PG - 16, MEM_POPULATE_DATA);
	T_EQ(resident(mem_host(m, base + 2 * PG)), 1);
	T_EQ(resident(mem_host(m, base + 3 * PG)), 1);
	T_EQ(resident(mem_host(m, base + 1 * PG)), 0);
	T_EQ(resident(mem_host(m, base + 4 * PG)), 0);
	T_EQ(resident(p->shadow + base + 2 * PG), 0);
	T_EQ(resident(&p->locks[(base + 2 * PG) / PG]), 0);
	t_case("with caps: page 5 with its shadow, tags and page lock");
	mem_populate(m, base + 5 * PG + 32, 16, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	T_EQ(resident(mem_host(m, base + 5 * PG)), 1);
	T_EQ(resident(p->shadow + base + 5 * PG), 1);
	T_EQ(resident(p->shadow + base + 6 * PG), 0);
	T_EQ(resident(&p->tags[(base + 5 * PG) / 16]), 1);
	T_EQ(resident(&p->locks[(base + 5 * PG) / PG]), 1);   /* and its page lock */
	t_case("caps only: page 4's shadow, not its bytes");
	mem_populate(m, base + 4 * PG, 16, MEM_POPULATE_CAPS);
	T_EQ(resident(mem_host(m, base + 4 * PG)), 0);
	T_EQ(resident(p->shadow + base + 4 * PG), 1);
	t_case("contents and tags unchanged");
	T_EQ(mem_store64(m, base + 6 * PG, 0x1122334455667788ULL), MEM_OK);
	T_EQ(mem_store_cap(m, NULL, base + 6 * PG + 16, 0xaa, 0xbb, true), MEM_OK);
	mem_populate(m, base + 6 * PG, PG, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	uint64_t v = 0, lo = 0, hi = 0;
	bool tag = false;
	T_EQ(mem_load64(m, base + 6 * PG, &v), MEM_OK);
	T_EQ(v, 0x1122334455667788ULL);
	T_EQ(mem_load_cap(m, base + 6 * PG + 16, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0xaa);
	T_EQ(hi, 0xbb);
	T_EQ(tag, true);
	t_case("a range not all mapped: nothing backed, still unmapped");
	mem_populate(m, base + 7 * PG, 2 * PG, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	T_EQ(resident(mem_host(m, base + 7 * PG)), 0);
	T_EQ(resident(p->shadow + base + 7 * PG), 0);
	T_TRUE(!mem_is_mapped(m, base + 8 * PG, PG));
	mem_populate(m, base + 64 * PG, PG, MEM_POPULATE_DATA);
	T_EQ(resident(mem_host(m, base + 64 * PG)), 0);
	t_case("outside the space: ignored");
	mem_populate(m, (1ULL << 32) - PG, 2 * PG, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	mem_populate(m, ~0ULL - PG, PG, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	mem_free(m);
}

/* The flag pages of a mapping are populated once (flag_backed), again after mem_unmap replaced
 * them by fresh zero pages. Residency after a MADV_DONTNEED behind the bitmap's back (of a flag
 * page that holds only zeros, so nothing is lost) shows whether a call populated. */
TEST(mem_populate_flags_once)
{
	struct mem *m = mem_new(1ULL << 32);
	if (!T_TRUE(m != NULL))
		return;
	struct mem_private *p = m->priv;
	const uint64_t base = 0x20000000, page = base >> MEM_PAGE_SHIFT, fp = page >> MEM_PAGE_SHIFT;
	uint8_t *fpage = m->page_flags + (fp << MEM_PAGE_SHIFT);
	t_case("a first mapping populates its flag page and marks it backed");
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 0);
	T_EQ(mem_map(m, base, PG), MEM_OK);
	T_EQ(resident(fpage), 1);
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 1);
	t_case("a backed flag page is not populated again");
	T_EQ(mem_unmap(m, base, PG), MEM_OK);   /* part of the flag page: written, not replaced */
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 1);
	T_EQ(madvise(fpage, PG, MADV_DONTNEED), 0);
	T_EQ(resident(fpage), 0);
	mem_populate_flags(m, page, 1);
	T_EQ(resident(fpage), 0);
	p->flag_backed[fp / 64] &= ~(1ULL << (fp % 64));
	mem_populate_flags(m, page, 1);
	T_EQ(resident(fpage), 1);
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 1);
	t_case("a flag page replaced by a view, then by zero pages, is populated by the next mapping");
	const uint64_t r = base & ~((1ULL << 24) - 1);   /* the 16 MiB whose flags are that page */
	T_EQ(mem_map(m, r, 1ULL << 24), MEM_OK);
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 0);
	T_EQ(mem_unmap(m, r, 1ULL << 24), MEM_OK);
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 0);
	T_EQ(mem_map(m, base, PG), MEM_OK);
	T_EQ((int)(p->flag_backed[fp / 64] >> (fp % 64) & 1), 1);
	T_EQ(mem_flags(m, page), MEM_PAGE_MAPPED);
	T_EQ(mem_flags(m, page + 1), 0);
	mem_free(m);
}

/* mem_host_populate (a file's bytes, the sharing registry, the flag bitmaps): the pages of
 * [p, p + n) are backed, those around it are not, and the bytes stay as they were. */
TEST(mem_host_populate_pages)
{
	uint8_t *r = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!T_TRUE(r != MAP_FAILED))
		return;
	t_case("a block from the middle of page 2 to the middle of page 5: pages 2..5");
	r[2 * PG] = 0x5a;   /* page 2 backed and written before: its byte stays */
	mem_host_populate(r + 2 * PG + 100, 3 * PG);
	for (unsigned k = 0; k < 8; k++) {
		t_case("page %u", k);
		T_EQ(resident(r + k * PG), k >= 2 && k <= 5);
	}
	T_EQ(r[2 * PG], 0x5a);
	T_EQ(r[4 * PG], 0);
	t_case("an empty block and NULL: nothing");
	mem_host_populate(r + 7 * PG, 0);
	mem_host_populate(NULL, PG);
	T_EQ(resident(r + 7 * PG), 0);
	munmap(r, 8 * PG);
}
