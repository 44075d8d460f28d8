/* mem_flags.c - sparse page flags: a large mapped range shares its flag bytes.
 *
 * WHY. page_flags holds one byte per guest page, read by every load and store (mem.h, the
 * translator's inline checks: page_flags[addr >> 12]). Mapping a 1 GiB slot used to write
 * 256 KiB of MEM_PAGE_MAPPED bytes, 64 fresh host pages: most of a deploy's time. The array
 * stays flat (no second-level table, no extra dependent load on the hot path); what changes is
 * how its host pages are backed. A host page of flags that lies wholly inside a mapped range
 * (4096 guest pages, 16 MiB aligned) is a MAP_PRIVATE view of one memfd whose bytes are all
 * MEM_PAGE_MAPPED: mapping 1 GiB is one mmap, no page is written, and the views share 256 KiB
 * of page cache. The first write to such a page (a first tag, a code mark) gets a private copy
 * from the kernel (copy on write), atomically w.r.t. readers, who see the same bytes.
 * Unmapping replaces the views with fresh anonymous zero pages (one mmap).
 *
 * What a view drops must be clean: a flag page whose bytes may hold MEM_PAGE_TAGS or
 * MEM_PAGE_CODE has its bit in `flag_dirty`, set by the only two writers of those bits
 * (mem_first_tag, mem_mark_code) BEFORE they set them. mem_flags_set (under stop-the-world,
 * so no writer runs) resets every dirty page the old way (clearing its tags, bumping the
 * code epoch) before it replaces it. A page without its dirty bit holds only 0 and MAPPED
 * bytes: dropping it loses nothing. Partial host pages at the ends of a range are written as
 * before. Without a memfd (or if a view cannot be mapped) every byte is written as before.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mem/mem_priv.h"

#define FLAGS_VIEW_BYTES (256u << 10) /* one memfd view: the flags of 1 GiB of guest space */
#define FLAGS_HOST_PAGE  MEM_PAGE_SIZE  /* flag bytes per host page (= guest pages it covers) */

int mem_flags_init(struct mem_private *p)
{
	p->flags_fd = -1;
	size_t pages = (p->flags_bytes + FLAGS_HOST_PAGE - 1) / FLAGS_HOST_PAGE;
	p->dirty_bytes = ((pages + 63) / 64 * 8 + MEM_PAGE_SIZE - 1) & ~(MEM_PAGE_SIZE - 1);
	void *d = mmap(NULL, 2 * p->dirty_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (d == MAP_FAILED)
		return -1;
	p->flag_dirty = d;
	p->flag_backed = p->flag_dirty + p->dirty_bytes / sizeof *p->flag_dirty;
	/* the first deploy reads and then writes both: two faults per page (mem_populate.c); a
	 * page of each covers the first 512 GiB of guest space, where slots usually are */
	size_t first = p->dirty_bytes < MEM_PAGE_SIZE ? p->dirty_bytes : MEM_PAGE_SIZE;
	mem_host_populate(p->flag_dirty, first);
	mem_host_populate(p->flag_backed, first);
	/* the view's bytes from one read-only page of MEM_PAGE_MAPPED, repeated: a 256 KiB buffer
	 * filled first cost 64 page faults of every start */
	static const uint8_t ones[4096] = { [0 ... 4095] = MEM_PAGE_MAPPED };
	struct iovec iov[FLAGS_VIEW_BYTES / sizeof ones];
	for (size_t k = 0; k < sizeof iov / sizeof iov[0]; k++)
		iov[k] = (struct iovec){ .iov_base = (void *)ones, .iov_len = sizeof ones };
	int fd = memfd_create("intravisor-page-flags", MFD_CLOEXEC);
	if (fd >= 0 && pwritev(fd, iov, (int)(sizeof iov / sizeof iov[0]), 0) == (ssize_t)FLAGS_VIEW_BYTES)
		p->flags_fd = fd, fd = -1;
	if (fd >= 0)
		close(fd);
	return 0;   /* without the memfd, flags are written as before */
}

void mem_flags_destroy(struct mem_private *p)
{
	if (p->flags_fd >= 0)
		close(p->flags_fd);
	if (p->flag_dirty)
		munmap(p->flag_dirty, 2 * p->dirty_bytes);
}

static bool is_dirty(const struct mem_private *p, uint64_t fp)
{
	return (__atomic_load_n(&p->flag_dirty[fp / 64], __ATOMIC_ACQUIRE) >> (fp % 64)) & 1;
}

/* Flag bytes [lo, hi) (host-page aligned) become views of the memfd (to = MAPPED) or fresh
 * zero pages (to = 0). false: nothing usable was mapped, the range is fresh zero pages. */
static bool replace(struct mem *m, uint64_t lo, uint64_t hi, uint8_t to)
{
	struct mem_private *p = m->priv;
	int anon = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED;
	for (uint64_t fp = lo / FLAGS_HOST_PAGE; fp < hi / FLAGS_HOST_PAGE; fp++)
		p->flag_backed[fp / 64] &= ~(1ULL << (fp % 64));   /* views and zero pages fault when written */
	for (uint64_t off = lo; to && off < hi; off += FLAGS_VIEW_BYTES) {
		uint64_t len = hi - off < FLAGS_VIEW_BYTES ? hi - off : FLAGS_VIEW_BYTES;
		void *want = m->page_flags + off;
		if (mmap(want, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, p->flags_fd, 0) != want)
			break;
		if (off + len == hi)
			return true;
	}
	/* unmapping, or a view failed (the range may be half replaced): zero pages throughout.
	 * WARNING: a failed MAP_FIXED may leave a hole, and a hole in page_flags would fault on
	 * the next access: this must not fail. */
	void *want = m->page_flags + lo;
	if (mmap(want, hi - lo, PROT_READ | PROT_WRITE, anon, -1, 0) != want) {
		fprintf(stderr, "intravisor: cannot re-map the page flags of [0x%llx, 0x%llx)\n",
			(unsigned long long)(lo << MEM_PAGE_SHIFT), (unsigned long long)(hi << MEM_PAGE_SHIFT));
		abort();
	}
	return to == 0;
}

void mem_flags_set(struct mem *m, uint64_t first, uint64_t n, uint8_t to)
{
	struct mem_private *p = m->priv;
	uint64_t end = first + n;
	uint64_t lo = (first + FLAGS_HOST_PAGE - 1) & ~(uint64_t)(FLAGS_HOST_PAGE - 1);
	uint64_t hi = end & ~(uint64_t)(FLAGS_HOST_PAGE - 1);
	if (p->flags_fd < 0 || hi <= lo) {
		if (to) /* the flags are written next: one madvise, not a fault per host page */
			mem_populate_flags(m, first, n);
		mem_reset_pages(m, first, n, to);
		return;
	}
	if (to) {
		mem_populate_flags(m, first, lo - first);
		mem_populate_flags(m, hi, end - hi);
	}
	mem_reset_pages(m, first, lo - first, to);
	mem_reset_pages(m, hi, end - hi, to);
	for (uint64_t fp = lo / FLAGS_HOST_PAGE; fp < hi / FLAGS_HOST_PAGE; fp++)
		if (is_dirty(p, fp)) {
			mem_reset_pages(m, fp * FLAGS_HOST_PAGE, FLAGS_HOST_PAGE, to); /* tags, code epoch */
			__atomic_fetch_and(&p->flag_dirty[fp / 64], ~(1ULL << (fp % 64)), __ATOMIC_RELEASE);
		}
	if (!replace(m, lo, hi, to))
		mem_reset_pages(m, lo, hi - lo, to);
}
