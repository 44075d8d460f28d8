/* linux_fmap.c - file mappings of a hybrid cVM (intravisor.md 9 "Memory": "file mmap with
 * MAP_PRIVATE copies the file's bytes in").
 *
 * The slot is one piece of the monitor's arena; nothing of the host's page cache is mapped
 * into it. A MAP_PRIVATE mapping is placed as an anonymous one (linux_mem.c: inside [brk,
 * mmap_hi) only, MAP_FIXED elsewhere -ENOMEM) and the file's bytes from the offset are copied
 * into it; the rest of the last page, and pages past the end of the file, stay zero (Linux
 * would raise SIGBUS on a page wholly past the end; here it reads zeros). Writes to the mapping
 * stay in the slot, as MAP_PRIVATE's copy-on-write does. MAP_SHARED (writes reaching the file)
 * is -ENODEV: it would need the host's pages inside the slot.
 * Only the fd table's own host descriptor is read; the copy goes through a monitor buffer
 * (the file may be changed meanwhile by another process: the cVM gets some version of it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "linux/linux_files.h"

#define PAGE 4096ULL
#define MAP_TYPE 0x0f
#define MAP_PRIVATE 0x02
#define CHUNK 65536

enum { LX_ENODEV = 19 };   /* LX_EACCES: linux_files.h */

int64_t lx_fmap_check(const struct linux_env *e, uint64_t fd, uint64_t flags, uint64_t off, struct lx_fmap *out)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), fd, &f);
	if (r)
		return r;
	if ((flags & MAP_TYPE) != MAP_PRIVATE)
		return (flags & MAP_TYPE) == 0 ? -LX_EINVAL : -LX_ENODEV;   /* MAP_SHARED(_VALIDATE): see above */
	if (f.kind != LXF_FILE)
		return -LX_ENODEV;
	if ((f.flags & LX_O_ACCMODE) == LX_O_WRONLY)
		return -LX_EACCES;
	if (off & (PAGE - 1) || (int64_t)off < 0)
		return -LX_EINVAL;
	out->host = f.host;
	out->off = off;
	return 0;
}

void lx_fmap_fill(const struct linux_env *e, const struct lx_fmap *fm, uint64_t at, uint64_t len)
{
	uint8_t chunk[CHUNK];   /* as linux_io.c: on the host thread's stack */
	for (uint64_t done = 0; done < len;) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK;
		if (e->t)
			mem_thread_offline(e->t);
		ssize_t k;
		do
			k = pread(fm->host, chunk, n, (off_t)(fm->off + done));
		while (k < 0 && errno == EINTR);
		if (e->t)
			mem_thread_online(e->t);
		if (k <= 0)
			return;   /* the end of the file (or an error): the rest stays zero */
		/* [at, at + len) was checked by the placement: inside the slot's mmap range */
		if (mem_write(e->m, e->proc->base + at + done, chunk, (uint64_t)k) != MEM_OK)
			return;
		done += (uint64_t)k;
	}
}
