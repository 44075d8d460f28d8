/* linux_io.c - read, write, readv, writev, pread64, pwrite64, preadv, pwritev on a cVM's descriptors
 * (linux_files.h). Guest bytes move only through the request's capabilities (lx_get/lx_put,
 * checked first), in chunks copied into monitor memory before the host sees them (STYLE 10). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "linux/linux_files.h"

#define CHUNK 65536

/* Before a write to the monitor's stdout or stderr: what the monitor printed comes first. */
static void flush_if_std(const struct linux_env *e, const struct lx_file *f)
{
	if (f->kind == LXF_STD && e->out)
		fflush(e->out);
}

/* len bytes of guest memory [c.addr + off, +len) to host fd (at pos, or the file position if
 * pos < 0): the count written, or -errno / -EFAULT when nothing was. */
static int64_t write_out(const struct linux_env *e, int fd, const struct cap *c, uint64_t off, uint64_t len,
			 int64_t pos)
{
	uint8_t chunk[CHUNK];
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK;
		int64_t r = lx_get(e, c, off + done, chunk, n);   /* copy, then use (STYLE 10) */
		if (r)
			return done ? (int64_t)done : r;
		int err = 0;
		uint64_t w = linux_write_all(e->t, fd, chunk, n, pos < 0 ? -1 : pos + (int64_t)done, &err);
		done += w;
		if (w < n)
			return done ? (int64_t)done : -err;
	}
	return (int64_t)done;
}

uint64_t linux_write_all(struct mem_thread *t, int fd, const void *p, uint64_t n, int64_t pos, int *err)
{
	const uint8_t *b = p;
	uint64_t w = 0;
	*err = 0;
	if (t)
		mem_thread_offline(t);
	while (w < n) {
		ssize_t k = pos < 0 ? write(fd, b + w, n - w) : pwrite(fd, b + w, n - w, pos + (off_t)w);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			*err = k < 0 ? errno : EIO;
			break;
		}
		w += (uint64_t)k;
	}
	if (t)
		mem_thread_online(t);
	return w;
}

/* Up to len bytes from host fd into guest memory [c.addr + off, +len): regular files until len
 * or their end, anything else one read (a pipe or terminal gives what it has). */
static int64_t read_in(const struct linux_env *e, const struct lx_file *f, const struct cap *c, uint64_t off,
		       uint64_t len, int64_t pos)
{
	if (cap_check_access(c, CAP_PERM_STORE, 0) != CAP_CAUSE_NONE && len)
		return -LX_EFAULT;
	struct cap at = *c;
	at.addr += off;
	if (len && cap_check_access(&at, CAP_PERM_STORE, len) != CAP_CAUSE_NONE)
		return -LX_EFAULT;   /* nothing is read from the host for a bad buffer */
	uint8_t chunk[CHUNK];
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK;
		if (e->t)
			mem_thread_offline(e->t);
		ssize_t k;
		do
			k = pos < 0 ? read(f->host, chunk, n) : pread(f->host, chunk, n, pos + (off_t)done);
		while (k < 0 && errno == EINTR);
		int err = errno;
		if (e->t)
			mem_thread_online(e->t);
		if (k < 0)
			return done ? (int64_t)done : -err;
		int64_t r = lx_put(e, c, off + done, chunk, (uint64_t)k);
		if (r)
			return done ? (int64_t)done : r;
		done += (uint64_t)k;
		if ((uint64_t)k < n || f->kind != LXF_FILE)
			break;
	}
	return (int64_t)done;
}

static int64_t rw(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS], bool is_write, int64_t pos)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	uint32_t acc = f.flags & LX_O_ACCMODE;
	if (is_write ? acc == 0 : acc == LX_O_WRONLY)
		return -LX_EBADF;
	if (f.kind == LXF_DIR)
		return -LX_EISDIR;
	if (f.kind == LXF_STREAM)   /* one direction (the other is -EBADF above) */
		return pos >= 0 ? -LX_ESPIPE
		       : is_write ? lx_stream_write(e, a[0].addr, &a[1], a[2].addr)
				  : lx_stream_read(e, a[0].addr, &a[1], a[2].addr);
	if (is_write) {
		flush_if_std(e, &f);
		return write_out(e, f.host, &a[1], 0, a[2].addr, pos);
	}
	return read_in(e, &f, &a[1], 0, a[2].addr, pos);
}

LX_HANDLER(lx_read) { return rw(e, a, false, -1); }
LX_HANDLER(lx_write) { return rw(e, a, true, -1); }

LX_HANDLER(lx_pread64)
{
	if ((int64_t)a[3].addr < 0)
		return -LX_EINVAL;
	return rw(e, a, false, (int64_t)a[3].addr);
}

LX_HANDLER(lx_pwrite64)
{
	if ((int64_t)a[3].addr < 0)
		return -LX_EINVAL;
	return rw(e, a, true, (int64_t)a[3].addr);
}

/* a[1]: the iovec array, a[2]: its count (linux_iov.c gathers and checks every buffer's
 * capability first), each buffer used through its own capability, so no call moves a byte of
 * the gaps between buffers. */
static int64_t rwv(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS], bool is_write, int64_t pos)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	uint32_t acc = f.flags & LX_O_ACCMODE;
	if (is_write ? acc == 0 : acc == LX_O_WRONLY)
		return -LX_EBADF;
	if (f.kind == LXF_STREAM)
		return -LX_EINVAL;   /* read(2) and write(2) only (docs/config.md "/dev/capstream") */
	struct lx_iov *v;
	r = lx_iov_gather(e, a, is_write ? CAP_PERM_LOAD : CAP_PERM_STORE, &v);
	if (r)
		return r;
	if (is_write)
		flush_if_std(e, &f);
	int64_t total = 0;
	for (uint64_t i = 0; i < a[2].addr; i++) {
		if (v[i].len == 0)
			continue;
		int64_t where = pos < 0 ? -1 : pos + total;
		r = is_write ? write_out(e, f.host, &v[i].buf, 0, v[i].len, where)
			     : read_in(e, &f, &v[i].buf, 0, v[i].len, where);
		if (r < 0) {
			if (!total)
				total = r;
			break;
		}
		total += r;
		if ((uint64_t)r < v[i].len)
			break;
	}
	free(v);
	return total;
}

LX_HANDLER(lx_readv) { return rwv(e, a, false, -1); }
LX_HANDLER(lx_writev) { return rwv(e, a, true, -1); }

/* preadv, pwritev (riscv64: the offset is one register, a[3]; a[4], its high half on 32-bit
 * ABIs, is ignored) */
LX_HANDLER(lx_preadv) { return (int64_t)a[3].addr < 0 ? -LX_EINVAL : rwv(e, a, false, (int64_t)a[3].addr); }
LX_HANDLER(lx_pwritev) { return (int64_t)a[3].addr < 0 ? -LX_EINVAL : rwv(e, a, true, (int64_t)a[3].addr); }
