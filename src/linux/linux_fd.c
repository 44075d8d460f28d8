/* linux_fd.c - a hybrid cVM's descriptor table (intravisor.md 9 "Files"): 0, 1, 2 are the
 * monitor's stdin, stdout, stderr (duplicated, so closing them in the cVM closes nothing of the
 * monitor's); at most LINUX_FD_MAX descriptors (-EMFILE). close, dup, dup3, fcntl, pipe2,
 * ioctl, lseek, fsync, ftruncate.
 * NOTE: a handler uses the host descriptor after dropping the table lock; a second thread of
 * the same cVM that closes it meanwhile can make that call act on a reused host descriptor of
 * the same cVM (never another cVM's: every table is its own). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "linux/linux_files.h"

#define LX_F_DUPFD 0
#define LX_F_GETFD 1
#define LX_F_SETFD 2
#define LX_F_GETFL 3
#define LX_F_SETFL 4
#define LX_F_DUPFD_CLOEXEC 1030

static void norm_guest(char *out, const char *in)
{
	size_t n = 0;
	for (const char *p = in; *p;) {
		while (*p == '/')
			p++;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		if (q > p && n + 1 + (size_t)(q - p) < LINUX_PATH_MAX) {
			out[n++] = '/';
			memcpy(out + n, p, (size_t)(q - p));
			n += (size_t)(q - p);
		}
		p = q;
	}
	out[n] = 0;
}

int linux_files_new(const struct linux_mount *mounts, unsigned n, const int std[3], struct linux_files **out,
		    char *why, size_t why_len)
{
	*out = NULL;
	if (n > LINUX_MAX_MOUNTS)
		return snprintf(why, why_len, "%u mounts, at most %d", n, LINUX_MAX_MOUNTS), -1;
	struct linux_files *fs = calloc(1, sizeof *fs);
	if (!fs)
		return snprintf(why, why_len, "out of memory for the descriptor table"), -1;
	pthread_mutex_init(&fs->lock, NULL);
	strcpy(fs->cwd, "/");
	fs->nofile = fs->nofile_max = LINUX_FD_MAX;
	for (unsigned i = 0; i < 3; i++) {
		int h = fcntl(std[i], F_DUPFD_CLOEXEC, 3);
		fs->fd[i] = (struct lx_file){ .kind = h < 0 ? LXF_FREE : LXF_STD, .host = h,
					      .flags = i == 0 ? 0 : LX_O_WRONLY };
	}
	for (unsigned i = 0; i < n; i++) {
		struct lx_mount *m = &fs->mounts[fs->nmounts];
		m->guest = malloc(LINUX_PATH_MAX);
		m->dir = open(mounts[i].host, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (!m->guest || m->dir < 0) {
			snprintf(why, why_len, "mount '%s': %s", mounts[i].host, m->guest ? strerror(errno) : "out of memory");
			free(m->guest);
			if (m->dir >= 0)
				close(m->dir);
			linux_files_free(fs);
			return -1;
		}
		norm_guest(m->guest, mounts[i].guest);
		m->readonly = mounts[i].readonly;
		fs->nmounts++;
	}
	*out = fs;
	return 0;
}

void linux_files_free(struct linux_files *fs)
{
	if (!fs)
		return;
	for (unsigned i = 0; i < LINUX_FD_MAX; i++)
		if (fs->fd[i].kind == LXF_STREAM)
			lx_stream_close(NULL, fs->fd[i].stream);   /* the cVM has ended: the registry knows */
		else if (fs->fd[i].kind != LXF_FREE) {
			close(fs->fd[i].host);
			free(fs->fd[i].path);
		}
	for (unsigned i = 0; i < fs->nmounts; i++) {
		close(fs->mounts[i].dir);
		free(fs->mounts[i].guest);
	}
	pthread_mutex_destroy(&fs->lock);
	free(fs);
}

static int install_locked(struct linux_files *fs, const struct lx_file *f, unsigned min)
{
	for (unsigned i = min; i < fs->nofile; i++)
		if (fs->fd[i].kind == LXF_FREE) {
			fs->fd[i] = *f;
			return (int)i;
		}
	return -LX_EMFILE;
}

void lx_fd_limit(struct linux_files *fs, uint64_t v[2])
{
	pthread_mutex_lock(&fs->lock);
	v[0] = fs->nofile;
	v[1] = fs->nofile_max;
	pthread_mutex_unlock(&fs->lock);
}

int64_t lx_fd_set_limit(struct linux_files *fs, const uint64_t v[2], uint64_t old[2])
{
	int64_t r = 0;
	pthread_mutex_lock(&fs->lock);
	old[0] = fs->nofile;
	old[1] = fs->nofile_max;
	if (v[1] > fs->nofile_max)
		r = -LX_EPERM;   /* raising the hard limit takes CAP_SYS_RESOURCE */
	else {
		fs->nofile = (unsigned)v[0];
		fs->nofile_max = (unsigned)v[1];
	}
	pthread_mutex_unlock(&fs->lock);
	return r;
}

int lx_fd_install(struct linux_files *fs, const struct lx_file *f, unsigned min)
{
	pthread_mutex_lock(&fs->lock);
	int r = install_locked(fs, f, min);
	pthread_mutex_unlock(&fs->lock);
	return r;
}

int lx_fd_get(struct linux_files *fs, uint64_t fd, struct lx_file *out)
{
	if (!fs || fd >= LINUX_FD_MAX)
		return -LX_EBADF;
	pthread_mutex_lock(&fs->lock);
	*out = fs->fd[fd];
	pthread_mutex_unlock(&fs->lock);
	return out->kind == LXF_FREE ? -LX_EBADF : 0;
}

int64_t lx_fd_stream(struct linux_files *fs, uint64_t fd, struct lx_stream **s, uint32_t *flags)
{
	if (!fs || fd >= LINUX_FD_MAX)
		return -LX_EBADF;
	pthread_mutex_lock(&fs->lock);
	const struct lx_file *f = &fs->fd[fd];
	int64_t r = f->kind == LXF_FREE ? -LX_EBADF : f->kind != LXF_STREAM ? -LX_EINVAL : 0;
	if (!r) {
		*s = lx_stream_ref(f->stream);   /* a close meanwhile cannot free it under the call */
		*flags = f->flags;
	}
	pthread_mutex_unlock(&fs->lock);
	return r;
}

LX_HANDLER(lx_close)
{
	struct linux_files *fs = lx_files(e);
	uint64_t fd = a[0].addr;
	if (!fs || fd >= LINUX_FD_MAX)
		return -LX_EBADF;
	pthread_mutex_lock(&fs->lock);
	struct lx_file f = fs->fd[fd];
	fs->fd[fd].kind = LXF_FREE;
	fs->fd[fd].path = NULL;
	fs->fd[fd].stream = NULL;
	pthread_mutex_unlock(&fs->lock);
	if (f.kind == LXF_FREE)
		return -LX_EBADF;
	if (f.kind == LXF_STREAM) {
		lx_stream_close(e, f.stream);
		return 0;
	}
	close(f.host);
	free(f.path);
	return 0;
}

/* a second guest descriptor for the same open file: host dup, path copied */
static int64_t dup_to(const struct linux_env *e, struct linux_files *fs, uint64_t old, int64_t want, unsigned min,
		      bool cloexec)
{
	if (!fs || old >= LINUX_FD_MAX || (want >= 0 && (uint64_t)want >= LINUX_FD_MAX))
		return -LX_EBADF;
	pthread_mutex_lock(&fs->lock);
	struct lx_file f = fs->fd[old];
	int64_t r = -LX_EBADF;
	if ((want >= 0 && (uint64_t)want >= fs->nofile) || (want < 0 && min >= fs->nofile)) {
		/* RLIMIT_NOFILE: dup3 to fd >= it is -EBADF, F_DUPFD from it -EINVAL */
		if (f.kind != LXF_FREE)
			r = want >= 0 ? -LX_EBADF : -LX_EINVAL;
	} else if (f.kind == LXF_STREAM) {
		f.cloexec = cloexec;
		if (want < 0 && (r = install_locked(fs, &f, min)) < 0) {
		} else {
			if (want >= 0) {
				struct lx_file gone = fs->fd[want];
				fs->fd[want] = f;
				r = want;
				if (gone.kind == LXF_STREAM)
					lx_stream_close(e, gone.stream);   /* not the last: f holds a reference */
				else if (gone.kind != LXF_FREE) {
					close(gone.host);
					free(gone.path);
				}
			}
			(void)lx_stream_dup(f.stream);
		}
	} else if (f.kind != LXF_FREE) {
		int h = fcntl(f.host, F_DUPFD_CLOEXEC, 3);
		char *path = f.path ? strdup(f.path) : NULL;
		if (h < 0 || (f.path && !path)) {
			r = h < 0 ? -errno : -LX_ENOMEM;
			if (h >= 0)
				close(h);
			free(path);
		} else {
			f.host = h;
			f.path = path;
			f.cloexec = cloexec;
			if (want >= 0) {
				struct lx_file gone = fs->fd[want];   /* dup3 closes what was there */
				fs->fd[want] = f;
				if (gone.kind == LXF_STREAM)
					lx_stream_close(e, gone.stream);
				else if (gone.kind != LXF_FREE) {
					close(gone.host);
					free(gone.path);
				}
				r = want;
			} else {
				r = install_locked(fs, &f, min);
				if (r < 0) {
					close(h);
					free(path);
				}
			}
		}
	}
	pthread_mutex_unlock(&fs->lock);
	return r;
}

LX_HANDLER(lx_dup) { return dup_to(e, lx_files(e), a[0].addr, -1, 0, false); }

LX_HANDLER(lx_dup3)
{
	uint64_t flags = a[2].addr;
	if (a[0].addr == a[1].addr || (flags & ~(uint64_t)LX_O_CLOEXEC))
		return -LX_EINVAL;
	if (a[1].addr >= LINUX_FD_MAX)
		return -LX_EBADF;
	return dup_to(e, lx_files(e), a[0].addr, (int64_t)a[1].addr, 0, flags != 0);
}

LX_HANDLER(lx_fcntl)
{
	struct linux_files *fs = lx_files(e);
	uint64_t fd = a[0].addr, cmd = a[1].addr, arg = a[2].addr;
	struct lx_file f;
	int64_t r = lx_fd_get(fs, fd, &f);
	if (r)
		return r;
	switch (cmd) {
	case LX_F_DUPFD:
	case LX_F_DUPFD_CLOEXEC:
		if (arg >= LINUX_FD_MAX)
			return -LX_EINVAL;
		return dup_to(e, fs, fd, -1, (unsigned)arg, cmd == LX_F_DUPFD_CLOEXEC);
	case LX_F_GETFD: return f.cloexec ? 1 : 0;
	case LX_F_GETFL: return f.flags;
	case LX_F_SETFD:
	case LX_F_SETFL: {
		uint32_t keep = f.flags & ~(uint32_t)(LX_O_APPEND | LX_O_NONBLOCK);
		uint32_t fl = keep | (uint32_t)(arg & (LX_O_APPEND | LX_O_NONBLOCK));
		if (cmd == LX_F_SETFL) {
			int hf = fcntl(f.host, F_GETFL);
			hf = (hf & ~(O_APPEND | O_NONBLOCK)) | ((fl & LX_O_APPEND) ? O_APPEND : 0) |
			     ((fl & LX_O_NONBLOCK) ? O_NONBLOCK : 0);
			if (f.kind != LXF_STD && f.kind != LXF_STREAM && fcntl(f.host, F_SETFL, hf) != 0)
				return -errno;
		}
		pthread_mutex_lock(&fs->lock);
		if (fs->fd[fd].kind != LXF_FREE && fs->fd[fd].host == f.host) {
			if (cmd == LX_F_SETFD)
				fs->fd[fd].cloexec = arg & 1;
			else
				fs->fd[fd].flags = fl;
		}
		pthread_mutex_unlock(&fs->lock);
		return 0;
	}
	default: return -LX_EINVAL;
	}
}

/* a[1]: the int[2] (SOUT 8) */
LX_HANDLER(lx_pipe2)
{
	struct linux_files *fs = lx_files(e);
	uint64_t flags = a[1].addr;
	if (!fs)
		return -LX_EMFILE;
	if (flags & ~(uint64_t)(LX_O_CLOEXEC | LX_O_NONBLOCK))
		return -LX_EINVAL;
	if (cap_check_access(&a[0], CAP_PERM_STORE, 8) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	int p[2];
	if (pipe2(p, O_CLOEXEC | ((flags & LX_O_NONBLOCK) ? O_NONBLOCK : 0)) != 0)
		return -errno;
	bool cx = flags & LX_O_CLOEXEC;
	struct lx_file r = { .kind = LXF_PIPE, .host = p[0], .cloexec = cx, .flags = (uint32_t)(flags & LX_O_NONBLOCK) };
	struct lx_file w = r;
	w.host = p[1];
	w.flags |= LX_O_WRONLY;
	pthread_mutex_lock(&fs->lock);
	int fr = install_locked(fs, &r, 0), fw = fr < 0 ? fr : install_locked(fs, &w, 0);
	if (fr >= 0 && fw < 0)
		fs->fd[fr].kind = LXF_FREE;
	pthread_mutex_unlock(&fs->lock);
	int32_t out[2] = { fr, fw };
	int64_t rc = fw < 0 ? fw : lx_put(e, &a[0], 0, out, sizeof out);
	if (rc) {
		if (fw >= 0) {
			pthread_mutex_lock(&fs->lock);
			fs->fd[fr].kind = fs->fd[fw].kind = LXF_FREE;
			pthread_mutex_unlock(&fs->lock);
		}
		close(p[0]);
		close(p[1]);
	}
	return rc;
}

/* TCGETS and TIOCGWINSZ on terminals (a[2]: a Store capability bounded to exactly the struct
 * the request writes, linux_ioctl_out: 36 or 8 bytes); anything else -ENOTTY. */
LX_HANDLER(lx_ioctl)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	uint64_t req = a[1].addr;
	if ((req != LINUX_TCGETS && req != LINUX_TIOCGWINSZ) || !isatty(f.host))
		return -LX_ENOTTY;
	uint8_t b[64] = { 0 };
	if (req == LINUX_TCGETS) {
		if (ioctl(f.host, TCGETS, b) != 0)   /* the host kernel's termios: the same 36 bytes on x86-64 */
			return -errno;
		return lx_put(e, &a[2], 0, b, LINUX_KTERMIOS_SIZE);
	}
	struct winsize ws;
	if (ioctl(f.host, TIOCGWINSZ, &ws) != 0)
		return -errno;
	uint16_t v[4] = { ws.ws_row, ws.ws_col, ws.ws_xpixel, ws.ws_ypixel };
	_Static_assert(sizeof v == LINUX_WINSIZE_SIZE, "struct winsize");
	return lx_put(e, &a[2], 0, v, sizeof v);
}

LX_HANDLER(lx_lseek)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	if (a[2].addr > 4)
		return -LX_EINVAL;
	if (f.kind == LXF_STREAM)
		return -LX_ESPIPE;
	off_t o = lseek(f.host, (off_t)a[1].addr, (int)a[2].addr);   /* SEEK_SET..SEEK_HOLE: same numbers */
	return o < 0 ? -errno : (int64_t)o;
}

LX_HANDLER(lx_fsync)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	return fsync(f.host) ? -errno : 0;
}

LX_HANDLER(lx_ftruncate)
{
	struct lx_file f;
	int64_t r = lx_fd_get(lx_files(e), a[0].addr, &f);
	if (r)
		return r;
	if (f.readonly)
		return -LX_EROFS;
	if ((int64_t)a[1].addr < 0)
		return -LX_EINVAL;
	return ftruncate(f.host, (off_t)a[1].addr) ? -errno : 0;
}
