/* linux_mem.c - brk and mmap/munmap/mprotect, inside the slot only (intravisor.md 9
 * "Memory"). Addresses are offsets in the caller's view; the range [brk_lo, mmap_hi) was mapped
 * at deploy (read/write), so these calls only move the break and hand out zeroed pages. A file
 * mapping (MAP_PRIVATE) is such pages with the file's bytes copied in (linux_fmap.c). */
#include <string.h>

#include "linux/linux_priv.h"

#define PAGE 4096ULL
#define PROT_EXEC 4
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20

void linux_proc_init(struct linux_proc *p, uint64_t base, uint64_t size, uint64_t brk_lo, uint64_t mmap_hi)
{
	memset(p, 0, sizeof *p);
	p->base = base;
	p->size = size;
	p->brk_lo = p->brk = brk_lo;
	p->mmap_lo = brk_lo;
	p->mmap_hi = p->mmap_next = mmap_hi;
	lx_rlimit_defaults(p->rlim);
	pthread_mutex_init(&p->lock, NULL);
}

void linux_proc_free(struct linux_proc *p)
{
	pthread_mutex_destroy(&p->lock);
}

static int zero(const struct linux_env *e, uint64_t off, uint64_t len)
{
	static const uint8_t z[PAGE];
	for (uint64_t d = 0; d < len; d += PAGE)
		if (mem_write(e->m, e->proc->base + off + d, z, len - d < PAGE ? len - d : PAGE) != MEM_OK)
			return -1;
	return 0;
}

/* brk(0) or an out-of-range request returns the current break, as Linux does */
LX_HANDLER(lx_brk)
{
	struct linux_proc *p = e->proc;
	if (!p)
		return -LX_ENOMEM;
	uint64_t want = a[0].addr;
	pthread_mutex_lock(&p->lock);
	if (want >= p->brk_lo && want <= p->mmap_next && want - p->brk_lo < p->size) {
		if (want > p->brk && zero(e, p->brk, want - p->brk) == 0)
			p->brk = want;
		else if (want <= p->brk)
			p->brk = want;
	}
	uint64_t r = p->brk;
	pthread_mutex_unlock(&p->lock);
	return (int64_t)r;
}

LX_HANDLER(lx_mmap)
{
	struct linux_proc *p = e->proc;
	uint64_t addr = a[0].addr, len = a[1].addr, prot = a[2].addr, flags = a[3].addr;
	if (!p)
		return -LX_ENOMEM;
	struct lx_fmap fm;
	bool is_file = !(flags & MAP_ANONYMOUS);
	if (is_file) {   /* decoded and checked before anything is placed (STYLE 9) */
		int64_t r = lx_fmap_check(e, a[4].addr, flags, a[5].addr, &fm);
		if (r)
			return r;
	}
	if (len == 0)
		return -LX_EINVAL;
	if (len > p->size)
		return -LX_ENOMEM;   /* as Linux for a length beyond the address space */
	(void)prot;   /* the slot is read/write; execution is PCC's (the whole slot) */
	len = (len + PAGE - 1) & ~(PAGE - 1);
	int64_t r;
	pthread_mutex_lock(&p->lock);
	if (flags & MAP_FIXED) {
		/* inside [brk, mmap_hi) only: never over the image, the stack or the capability store */
		if ((addr & (PAGE - 1)) || addr < p->brk || addr > p->mmap_hi || len > p->mmap_hi - addr)
			r = -LX_ENOMEM;
		else
			r = zero(e, addr, len) ? -LX_ENOMEM : (int64_t)addr;
		if (r >= 0 && addr < p->mmap_next)
			p->mmap_next = addr;
	} else if (p->mmap_next - p->brk < len) {
		r = -LX_ENOMEM;
	} else {
		uint64_t at = p->mmap_next - len;
		r = zero(e, at, len) ? -LX_ENOMEM : (int64_t)at;
		if (r >= 0)
			p->mmap_next = at;
	}
	pthread_mutex_unlock(&p->lock);
	if (r >= 0 && is_file)
		lx_fmap_fill(e, &fm, (uint64_t)r, len);
	return r;
}

/* TODO(hybrid): reuse of unmapped ranges; today only the lowest mapping gives its pages back */
LX_HANDLER(lx_munmap)
{
	struct linux_proc *p = e->proc;
	uint64_t addr = a[0].addr, len = (a[1].addr + PAGE - 1) & ~(PAGE - 1);
	if (!p || (addr & (PAGE - 1)) || len == 0)
		return -LX_EINVAL;
	if (addr < p->brk_lo || addr > p->mmap_hi || len > p->mmap_hi - addr)
		return -LX_EINVAL;
	pthread_mutex_lock(&p->lock);
	if (addr == p->mmap_next)
		p->mmap_next = addr + len;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

LX_HANDLER(lx_mprotect)
{
	struct linux_proc *p = e->proc;
	uint64_t addr = a[0].addr, len = a[1].addr;
	if (!p || (addr & (PAGE - 1)))
		return -LX_EINVAL;
	if (addr >= p->size || len > p->size - addr)
		return -LX_ENOMEM;
	return 0;   /* the slot's pages stay read/write: DDC and PCC are the protection */
}

/* mremap(old, old_size, new_size, flags, new_addr): a mapping may shrink in place (its tail
 * stays reserved, as munmap's ranges do); growing or moving is -ENOMEM, which glibc's realloc
 * answers with malloc, copy and free. */
LX_HANDLER(lx_mremap)
{
	enum { MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4 };
	struct linux_proc *p = e->proc;
	uint64_t addr = a[0].addr, flags = a[3].addr;
	uint64_t old_len = (a[1].addr + PAGE - 1) & ~(PAGE - 1), new_len = (a[2].addr + PAGE - 1) & ~(PAGE - 1);
	if (!p || (addr & (PAGE - 1)) || (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) || new_len == 0 || a[2].addr > UINT64_MAX - PAGE)
		return -LX_EINVAL;
	if (addr < p->brk_lo || addr > p->mmap_hi || old_len > p->mmap_hi - addr)
		return -LX_EFAULT;
	if (new_len <= old_len && !(flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return (int64_t)addr;
	return -LX_ENOMEM;
}
