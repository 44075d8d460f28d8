/* linux_fs.c - the path calls of a hybrid cVM (linux_files.h): openat, newfstatat, fstat, statx,
 * getdents64, mkdirat, unlinkat, renameat2, faccessat, readlinkat, getcwd, chdir. Every path is
 * resolved by linux_path.c (never outside a mount); a change on a read-only mount is EROFS.
 * Struct layouts are riscv64 Linux's (asm-generic stat, statx, linux_dirent64), written field by
 * field at their offsets. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux/linux_files.h"

#define LX_W_OK 2

static void put64(uint8_t *b, unsigned off, uint64_t v) { memcpy(b + off, &v, 8); }
static void put32(uint8_t *b, unsigned off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put16(uint8_t *b, unsigned off, uint16_t v) { memcpy(b + off, &v, 2); }

/* struct stat, asm-generic (128 bytes): dev 0, ino 8, mode 16, nlink 20, uid 24, gid 28, rdev 32,
 * (pad 40), size 48, blksize 56, (pad 60), blocks 64, atime 72/80, mtime 88/96, ctime 104/112 */
void lx_encode_stat(const struct stat *st, uint8_t b[128])
{
	memset(b, 0, 128);
	put64(b, 0, (uint64_t)st->st_dev);
	put64(b, 8, (uint64_t)st->st_ino);
	put32(b, 16, (uint32_t)st->st_mode);
	put32(b, 20, (uint32_t)st->st_nlink);
	put32(b, 24, (uint32_t)st->st_uid);
	put32(b, 28, (uint32_t)st->st_gid);
	put64(b, 32, (uint64_t)st->st_rdev);
	put64(b, 48, (uint64_t)st->st_size);
	put32(b, 56, (uint32_t)st->st_blksize);
	put64(b, 64, (uint64_t)st->st_blocks);
	put64(b, 72, (uint64_t)st->st_atim.tv_sec);
	put64(b, 80, (uint64_t)st->st_atim.tv_nsec);
	put64(b, 88, (uint64_t)st->st_mtim.tv_sec);
	put64(b, 96, (uint64_t)st->st_mtim.tv_nsec);
	put64(b, 104, (uint64_t)st->st_ctim.tv_sec);
	put64(b, 112, (uint64_t)st->st_ctim.tv_nsec);
}

/* struct statx (256 bytes, include/uapi/linux/stat.h): mask 0, blksize 4, attributes 8, nlink 16,
 * uid 20, gid 24, mode 28 (u16), ino 32, size 40, blocks 48, attributes_mask 56, atime 64,
 * btime 80, ctime 96, mtime 112 (s64 sec, u32 nsec each), rdev major/minor 128/132, dev 136/140 */
static void encode_statx(const struct stat *st, uint8_t b[256])
{
	memset(b, 0, 256);
	put32(b, 0, 0x7ffu);   /* STATX_BASIC_STATS */
	put32(b, 4, (uint32_t)st->st_blksize);
	put32(b, 16, (uint32_t)st->st_nlink);
	put32(b, 20, (uint32_t)st->st_uid);
	put32(b, 24, (uint32_t)st->st_gid);
	put16(b, 28, (uint16_t)st->st_mode);
	put64(b, 32, (uint64_t)st->st_ino);
	put64(b, 40, (uint64_t)st->st_size);
	put64(b, 48, (uint64_t)st->st_blocks);
	const struct timespec *t[4] = { &st->st_atim, NULL, &st->st_ctim, &st->st_mtim };
	for (unsigned i = 0; i < 4; i++)
		if (t[i]) {
			put64(b, 64 + 16 * i, (uint64_t)t[i]->tv_sec);
			put32(b, 72 + 16 * i, (uint32_t)t[i]->tv_nsec);
		}
	put32(b, 128, major(st->st_rdev));
	put32(b, 132, minor(st->st_rdev));
	put32(b, 136, major(st->st_dev));
	put32(b, 140, minor(st->st_dev));
}

/* guest O_ flags -> host (the asm-generic numbers, each named) */
static int host_open_flags(uint64_t g)
{
	static const struct { uint32_t g; int h; } map[] = {
		{ LX_O_WRONLY, O_WRONLY }, { LX_O_RDWR, O_RDWR }, { LX_O_CREAT, O_CREAT }, { LX_O_EXCL, O_EXCL },
		{ LX_O_NOCTTY, O_NOCTTY }, { LX_O_TRUNC, O_TRUNC }, { LX_O_APPEND, O_APPEND },
		{ LX_O_NONBLOCK, O_NONBLOCK }, { LX_O_DSYNC, O_DSYNC }, { LX_O_DIRECTORY, O_DIRECTORY },
		{ LX_O_NOFOLLOW, O_NOFOLLOW }, { LX_O_PATH, O_PATH },
	};
	int h = O_CLOEXEC;   /* the host descriptor never leaks into a host child */
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if ((g & map[i].g) == map[i].g)
			h |= map[i].h;
	return h;
}

static bool is_change(uint64_t flags)
{
	return (flags & LX_O_ACCMODE) || (flags & (LX_O_CREAT | LX_O_TRUNC));
}

/* openat(dirfd, path, flags, mode) */
LX_HANDLER(lx_openat)
{
	struct linux_files *fs = lx_files(e);
	uint64_t flags = a[2].addr;
	struct lx_where w;
	w.abs[0] = 0;
	int64_t r = lx_where(e, a[0].addr, &a[1], &w);
	if ((r == 0 || r == -LX_ENOENT) && lx_is_capstream(w.abs))
		return lx_stream_open(e, w.abs, flags);   /* before the mounts: a mount cannot hide it */
	if (r)
		return r;
	if (w.mount->readonly && is_change(flags))
		return -LX_EROFS;
	char *path = strdup(w.abs);
	if (!path)
		return -LX_ENOMEM;
	if (e->t)
		mem_thread_offline(e->t);
	int h = lx_open_beneath(&w, host_open_flags(flags), (unsigned)a[3].addr);
	struct stat st;
	bool dir = h >= 0 && fstat(h, &st) == 0 && S_ISDIR(st.st_mode);
	if (e->t)
		mem_thread_online(e->t);
	if (h < 0) {
		free(path);
		return h;
	}
	struct lx_file f = { .kind = dir ? LXF_DIR : LXF_FILE, .host = h, .path = path, .readonly = w.mount->readonly,
			     .cloexec = (flags & LX_O_CLOEXEC) != 0,
			     .flags = (uint32_t)(flags & (LX_O_ACCMODE | LX_O_APPEND | LX_O_NONBLOCK)) };
	int fd = lx_fd_install(fs, &f, 0);
	if (fd < 0) {
		close(h);
		free(path);
	}
	return fd;
}

/* the host stat of (dirfd, path, flags); an empty path with AT_EMPTY_PATH: the descriptor */
static int64_t stat_at(const struct linux_env *e, uint64_t dirfd, const struct cap *pc, uint64_t flags,
		       struct stat *st)
{
	char c0 = 1;
	if (flags & LX_AT_EMPTY_PATH) {
		int64_t r = lx_get(e, pc, 0, &c0, 1);
		if (r)
			return r;
	}
	if (c0 == 0) {
		struct lx_file f;
		if ((int32_t)dirfd == LX_AT_FDCWD) {
			struct lx_where w;
			int64_t r = lx_where_str(lx_files(e), dirfd, ".", &w);
			return r ? r : lx_stat_where(&w, true, st);
		}
		int64_t r = lx_fd_get(lx_files(e), dirfd, &f);
		if (r)
			return r;
		return fstat(f.host, st) ? -errno : 0;
	}
	struct lx_where w;
	int64_t r = lx_where(e, dirfd, pc, &w);
	return r ? r : lx_stat_where(&w, !(flags & LX_AT_SYMLINK_NOFOLLOW), st);
}

/* a stat result r (0, or -errno) as the riscv64 struct stat through out */
static int64_t put_stat(const struct linux_env *e, int64_t r, const struct stat *st, const struct cap *out)
{
	if (r)
		return r;
	uint8_t b[128];
	lx_encode_stat(st, b);
	return lx_put(e, out, 0, b, sizeof b);
}

LX_HANDLER(lx_newfstatat)
{
	struct stat st;
	return put_stat(e, stat_at(e, a[0].addr, &a[1], a[3].addr, &st), &st, &a[2]);
}

LX_HANDLER(lx_fstat)
{
	struct lx_file f;
	struct stat st;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (!r && fstat(f.host, &st))
		r = -errno;
	return put_stat(e, r, &st, &a[1]);
}

/* statx(dirfd, path, flags, mask, buf) */
LX_HANDLER(lx_statx)
{
	struct stat st;
	int64_t r = stat_at(e, a[0].addr, &a[1], a[2].addr, &st);
	if (r)
		return r;
	uint8_t b[256];
	encode_statx(&st, b);
	return lx_put(e, &a[4], 0, b, sizeof b);
}

/* getdents64(fd, buf, count): struct linux_dirent64 = ino u64 0, off s64 8, reclen u16 16,
 * type u8 18, name 19.., NUL, padded to 8. Read from the host into at most count bytes and
 * written record by record. */
LX_HANDLER(lx_getdents64)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	if (f.kind != LXF_DIR)
		return -LX_ENOTDIR;
	uint64_t count = a[2].addr;
	uint8_t in[32768], out[32768];
	size_t n = count < sizeof in ? count : sizeof in;
	if (cap_check_access(&a[1], CAP_PERM_STORE, n) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	long k = syscall(SYS_getdents64, f.host, in, n);
	if (k < 0)
		return -errno;
	size_t o = 0;
	for (size_t i = 0; i + 19 < (size_t)k;) {
		uint64_t ino, off;
		uint16_t reclen;
		memcpy(&ino, in + i, 8);
		memcpy(&off, in + i + 8, 8);
		memcpy(&reclen, in + i + 16, 2);
		if (reclen < 20 || i + reclen > (size_t)k)
			break;
		const char *name = (const char *)in + i + 19;
		size_t nl = strnlen(name, reclen - 19u);
		size_t rl = (19 + nl + 1 + 7) & ~(size_t)7;
		if (o + rl > n)
			break;
		memset(out + o, 0, rl);
		put64(out, (unsigned)o, ino);
		put64(out, (unsigned)o + 8, off);
		put16(out, (unsigned)o + 16, (uint16_t)rl);
		out[o + 18] = in[i + 18];
		memcpy(out + o + 19, name, nl);
		o += rl;
		i += reclen;
	}
	if (k > 0 && o == 0)
		return -LX_EINVAL;   /* the buffer cannot hold one entry */
	r = lx_put(e, &a[1], 0, out, o);
	return r ? r : (int64_t)o;
}

/* an entry-changing call: resolve, refuse on read-only mounts, open the parent */
static int64_t parent_of(const struct linux_env *e, uint64_t dirfd, const struct cap *pc, struct lx_where *w,
			 char name[256])
{
	int64_t r = lx_where(e, dirfd, pc, w);
	if (r)
		return r;
	if (w->mount->readonly)
		return -LX_EROFS;
	return lx_open_parent(w, name);
}

LX_HANDLER(lx_mkdirat)
{
	struct lx_where w;
	char name[256];
	int64_t p = parent_of(e, a[0].addr, &a[1], &w, name);
	if (p < 0)
		return p == -LX_EBUSY ? -LX_EEXIST : p;
	int r = mkdirat((int)p, name, (mode_t)(a[2].addr & 07777));
	int err = errno;
	close((int)p);
	return r ? -err : 0;
}

LX_HANDLER(lx_unlinkat)
{
	struct lx_where w;
	char name[256];
	if (a[2].addr & ~(uint64_t)LX_AT_REMOVEDIR)
		return -LX_EINVAL;
	int64_t p = parent_of(e, a[0].addr, &a[1], &w, name);
	if (p < 0)
		return p;
	int r = unlinkat((int)p, name, (a[2].addr & LX_AT_REMOVEDIR) ? AT_REMOVEDIR : 0);
	int err = errno;
	close((int)p);
	return r ? -err : 0;
}

/* renameat2(olddirfd, oldpath, newdirfd, newpath, flags): both ends in one mount (else EXDEV) */
LX_HANDLER(lx_renameat2)
{
	struct lx_where wo, wn;
	char no[256], nn[256];
	int64_t po = parent_of(e, a[0].addr, &a[1], &wo, no);
	if (po < 0)
		return po;
	int64_t pn = parent_of(e, a[2].addr, &a[3], &wn, nn);
	if (pn < 0 || wo.mount != wn.mount) {
		close((int)po);
		if (pn >= 0)
			close((int)pn);
		return pn < 0 ? pn : -LX_EXDEV;
	}
	int r = renameat2((int)po, no, (int)pn, nn, (unsigned)(a[4].addr & 7));   /* NOREPLACE, EXCHANGE, WHITEOUT */
	int err = errno;
	close((int)po);
	close((int)pn);
	return r ? -err : 0;
}

/* faccessat(dirfd, path, mode): the entry beneath its mount, asked with AT_EMPTY_PATH */
LX_HANDLER(lx_faccessat)
{
	struct lx_where w;
	int64_t r = lx_where(e, a[0].addr, &a[1], &w);
	if (r)
		return r;
	int fd = lx_open_beneath(&w, O_PATH | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	long k = a[2].addr & 7 ? syscall(SYS_faccessat2, fd, "", (int)(a[2].addr & 7), AT_EMPTY_PATH) : 0;
	int err = errno;
	close(fd);
	if (k == 0 && (a[2].addr & LX_W_OK) && w.mount->readonly)
		return -LX_EROFS;
	return k ? -err : 0;
}

LX_HANDLER(lx_readlinkat)
{
	struct lx_where w;
	char name[256];
	int64_t r = lx_where(e, a[0].addr, &a[1], &w);
	if (r)
		return r;
	int p = lx_open_parent(&w, name);
	if (p < 0)
		return p == -LX_EBUSY ? -LX_EINVAL : p;
	char buf[LINUX_PATH_MAX];
	ssize_t k = readlinkat(p, name, buf, sizeof buf);
	int err = errno;
	close(p);
	if (k < 0)
		return -err;
	uint64_t n = (uint64_t)k < a[3].addr ? (uint64_t)k : a[3].addr;
	r = lx_put(e, &a[2], 0, buf, n);
	return r ? r : (int64_t)n;
}

/* getcwd(buf, size): the length with its NUL, as the system call returns */
LX_HANDLER(lx_getcwd)
{
	struct linux_files *fs = lx_files(e);
	if (!fs)
		return -LX_ENOENT;
	char cwd[LINUX_PATH_MAX];
	pthread_mutex_lock(&fs->lock);
	memcpy(cwd, fs->cwd, sizeof cwd);
	pthread_mutex_unlock(&fs->lock);
	uint64_t n = strlen(cwd) + 1;
	if (a[1].addr < n)
		return -LX_ERANGE;
	int64_t r = lx_put(e, &a[0], 0, cwd, n);
	return r ? r : (int64_t)n;
}

LX_HANDLER(lx_chdir)
{
	struct linux_files *fs = lx_files(e);
	struct lx_where w;
	int64_t r = lx_where(e, (uint64_t)(int64_t)LX_AT_FDCWD, &a[0], &w);
	if (r)
		return r;
	int fd = lx_open_beneath(&w, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	close(fd);
	pthread_mutex_lock(&fs->lock);
	snprintf(fs->cwd, sizeof fs->cwd, "%s", w.abs);
	pthread_mutex_unlock(&fs->lock);
	return 0;
}
