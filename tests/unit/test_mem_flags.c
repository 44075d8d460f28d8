/* test_mem_flags.c - sparse page flags (mem_flags.c): whole host pages of flags inside a mapped
 * range are shared views, never written; tags and code marks in them are still forgotten by
 * unmap and re-map (the dirty bits), and flags at the edges of ranges are exact. Expected
 * values from mem.h's contract (mapping zeroes and clears tags; unmapped pages fault) and the
 * protocol in mem.c (a page without MEM_PAGE_TAGS holds no set tag). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem/mem_priv.h"
#include "test.h"

#define PG MEM_PAGE_SIZE
#define SLOT 0x400000000ULL
#define GIB (1ULL << 30)

/* The host page of flags at p is a view of the memfd (/proc/self/maps names it). */
static bool is_shared_view(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && a >= lo && a < hi)
			found = strstr(line, "intravisor-page-flags") != NULL;
	}
	fclose(f);
	return found;
}

static bool tag_bit(const struct mem *m, uint64_t addr)
{
	return m->priv->tags[addr / 16] != 0;
}

TEST(mem_flags_sparse)
{
	struct mem *m = mem_new(1ULL << 40);
	if (!T_TRUE(m != NULL))
		return;
	uint64_t mid = SLOT + GIB / 2, v = 0, lo, hi;
	bool tag;
	t_case("map 1 GiB: its 256 KiB of flags are a view of the shared memfd, not written pages");
	T_EQ(mem_map(m, SLOT, GIB), MEM_OK);
	T_TRUE(is_shared_view(m->page_flags + (SLOT >> 12)));
	T_TRUE(is_shared_view(m->page_flags + ((SLOT + GIB) >> 12) - 1));
	T_TRUE(!is_shared_view(m->page_flags + ((SLOT + GIB) >> 12)));
	T_TRUE(mem_is_mapped(m, SLOT, GIB));
	T_EQ(mem_flags(m, mid >> 12), MEM_PAGE_MAPPED);
	T_EQ(mem_store64(m, mid, 0x5555), MEM_OK);
	T_EQ(mem_load64(m, mid, &v), MEM_OK);
	T_EQ(v, 0x5555);
	T_EQ(mem_load64(m, SLOT + GIB, &v), MEM_E_UNMAPPED);

	t_case("a tag and a code mark in the middle, then unmap: flags 0, tag bits clear, code epoch bumped");
	T_EQ(mem_store_cap(m, NULL, mid + 32, 7, 8, true), MEM_OK);
	T_EQ(mem_get_tag(m, mid + 32), 1);
	mem_mark_code(m, mid + 5 * PG);
	T_EQ(mem_flags(m, (mid + 5 * PG) >> 12), MEM_PAGE_MAPPED | MEM_PAGE_CODE);
	uint64_t epoch = m->code_epoch;
	T_EQ(mem_unmap(m, SLOT, GIB), MEM_OK);
	T_EQ(mem_flags(m, mid >> 12), 0);
	T_EQ(mem_flags(m, (mid + 5 * PG) >> 12), 0);
	T_TRUE(!tag_bit(m, mid + 32));
	T_TRUE(m->code_epoch > epoch);
	T_EQ(mem_load64(m, mid, &v), MEM_E_UNMAPPED);
	T_TRUE(!mem_is_mapped(m, SLOT, PG));

	t_case("map again: zero, and a new first tag on the page does not revive the old granule");
	T_EQ(mem_map(m, SLOT, GIB), MEM_OK);
	T_EQ(mem_flags(m, mid >> 12), MEM_PAGE_MAPPED);
	T_EQ(mem_store_cap(m, NULL, mid + 64, 9, 10, true), MEM_OK);
	T_EQ(mem_load_cap(m, mid + 32, &lo, &hi, &tag), MEM_OK);
	T_EQ(lo, 0);
	T_EQ(hi, 0);
	T_EQ(tag, false);
	T_EQ(mem_get_tag(m, mid + 64), 1);

	t_case("re-map a mapped range (no unmap): zeroed, tag gone");
	T_EQ(mem_map(m, SLOT, GIB), MEM_OK);
	T_EQ(mem_get_tag(m, mid + 64), 0);
	T_TRUE(!tag_bit(m, mid + 64));
	T_EQ(mem_load64(m, mid + 64, &v), MEM_OK);
	T_EQ(v, 0);
	T_EQ(mem_flags(m, mid >> 12), MEM_PAGE_MAPPED);

	t_case("unmap 32 MiB in the middle: exactly those pages, neighbours stay mapped");
	T_EQ(mem_unmap(m, mid, 32ULL << 20), MEM_OK);
	T_EQ(mem_flags(m, (mid >> 12) - 1), MEM_PAGE_MAPPED);
	T_EQ(mem_flags(m, mid >> 12), 0);
	T_EQ(mem_flags(m, (mid + (32ULL << 20) - PG) >> 12), 0);
	T_EQ(mem_flags(m, (mid + (32ULL << 20)) >> 12), MEM_PAGE_MAPPED);
	T_TRUE(!mem_is_mapped(m, mid - PG, 2 * PG));
	T_TRUE(mem_is_mapped(m, SLOT, GIB / 2));

	t_case("an unaligned range over it: edges written, whole flag pages shared");
	uint64_t a = mid - 3 * PG, n = (32ULL << 20) + 5 * PG;
	T_EQ(mem_map(m, a, n), MEM_OK);
	for (uint64_t pg = (a >> 12) - 1; pg <= ((a + n) >> 12); pg++)
		if (!T_EQ(mem_flags(m, pg), MEM_PAGE_MAPPED))
			break;
	T_EQ(mem_unmap(m, a, n), MEM_OK);
	T_EQ(mem_flags(m, (a >> 12) - 1), MEM_PAGE_MAPPED);
	T_EQ(mem_flags(m, a >> 12), 0);
	T_EQ(mem_flags(m, (a + n - PG) >> 12), 0);
	T_EQ(mem_flags(m, (a + n) >> 12), MEM_PAGE_MAPPED);
	mem_free(m);
}
