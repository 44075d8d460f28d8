/* mem_populate.c - back host pages before a burst of writes (deploy).
 *
 * WHY. Every first write to a NORESERVE page is a page fault, and on the hosts we measure (a
 * paravirtualised guest kernel) a fault costs 60-160 us where madvise(MADV_POPULATE_WRITE)
 * backs a page in 5-15 us: the kernel does the same work without the exception. A deploy
 * writes a handful of pages per cVM (segment bytes, relocations, the shadow, tags and page
 * locks of its capabilities, page flags), so it asks for them here, one call per array, instead of
 * faulting them in one at a time. Only pages the caller is about to write are asked for:
 * the resident set is the same as without this.
 * The contents do not change, so concurrent readers are unaffected; failure (a kernel without
 * MADV_POPULATE_WRITE, 5.14) leaves the writes to fault as before.
 */
#include <sys/mman.h>

#include "mem/mem_priv.h"

/* Host pages of [lo, hi) of a NORESERVE array. */
static void populate(void *lo, void *hi)
{
	uintptr_t a = (uintptr_t)lo & ~(uintptr_t)(MEM_PAGE_SIZE - 1);
	uintptr_t b = ((uintptr_t)hi + MEM_PAGE_SIZE - 1) & ~(uintptr_t)(MEM_PAGE_SIZE - 1);
#ifdef MADV_POPULATE_WRITE
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)a, (void)b;
#endif
}

void mem_host_populate(void *p, size_t n)
{
	if (p && n)
		populate(p, (char *)p + n);
}

void mem_populate(struct mem *m, uint64_t addr, uint64_t len, unsigned what)
{
	if (len == 0 || !mem_is_mapped(m, addr, len))
		return;
	struct mem_private *p = m->priv;
	if (what & MEM_POPULATE_DATA)
		populate(m->arena + addr, m->arena + addr + len);
	if (!(what & MEM_POPULATE_CAPS))
		return;
	populate(p->shadow + addr, p->shadow + addr + len);
	uint64_t g0 = addr / MEM_GRANULE, g1 = (addr + len - 1) / MEM_GRANULE;
	populate(&p->tags[g0], &p->tags[g1 + 1]);
	populate(&p->locks[addr >> MEM_PAGE_SHIFT], &p->locks[((addr + len - 1) >> MEM_PAGE_SHIFT) + 1]);
}

/* The flag pages of [first, first + n) under stop-the-world (mem_flags_set): each host page
 * once until replace() maps it anew (flag_backed). Consecutive deploys of small slots share a
 * flag page (4096 flags: 16 MiB of guest space), and a madvise of a backed page still costs a
 * system call (1.7 us here). */
void mem_populate_flags(struct mem *m, uint64_t first, uint64_t n)
{
	if (n == 0)
		return;
	uint64_t *backed = m->priv->flag_backed, fp0 = first >> MEM_PAGE_SHIFT, fp1 = (first + n - 1) >> MEM_PAGE_SHIFT;
	bool all = true;
	for (uint64_t fp = fp0; fp <= fp1 && all; fp++)
		all = backed[fp / 64] >> (fp % 64) & 1;
	if (all)
		return;
	populate(m->page_flags + first, m->page_flags + first + n);
	for (uint64_t fp = fp0; fp <= fp1; fp++)
		backed[fp / 64] |= 1ULL << (fp % 64);
}
