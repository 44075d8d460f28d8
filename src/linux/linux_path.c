/* linux_path.c - guest paths to host descriptors, never outside a mount (linux_files.h).
 * Trust boundary: the path bytes come from the cVM. They are copied out of guest memory first
 * (STYLE 10), normalised as text, and the host only ever sees a path relative to a mount's
 * folder, opened with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: a ".." or a symbolic link the
 * kernel meets on the host (relative, absolute, or swapped during the call) cannot leave it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/linux_files.h"

/* glibc 2.36 has no openat2 wrapper */
static int host_openat2(int dir, const char *path, int flags, unsigned mode)
{
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)(unsigned)flags;
	how.mode = (flags & O_CREAT) ? mode & 07777 : 0;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	long r;
	do
		r = syscall(SYS_openat2, dir, path, &how, sizeof how);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (int)r;
}

/* Append the components of `path` to the absolute normalised path out (length *n): ".", ""
 * dropped, ".." removes the last component (never above "/"). -ENAMETOOLONG if it overflows. */
static int64_t push_components(char *out, size_t *n, const char *path)
{
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		size_t len = (size_t)(q - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (*n > 0 && out[*n - 1] != '/')
				(*n)--;
			if (*n > 0)
				(*n)--;   /* the '/' before it */
		} else {
			if (*n + 1 + len >= LINUX_PATH_MAX)
				return -LX_ENAMETOOLONG;
			out[(*n)++] = '/';
			memcpy(out + *n, p, len);
			*n += len;
		}
		p = q;
	}
	out[*n] = 0;
	return 0;
}

/* The mount whose guest path is the longest prefix of abs at a component boundary. */
static const struct lx_mount *find_mount(const struct linux_files *fs, const char *abs, const char **rel)
{
	const struct lx_mount *best = NULL;
	size_t best_len = 0;
	for (unsigned i = 0; i < fs->nmounts; i++) {
		const struct lx_mount *m = &fs->mounts[i];
		size_t k = strlen(m->guest);
		if (strncmp(abs, m->guest, k) || (abs[k] && abs[k] != '/'))
			continue;
		if (!best || k >= best_len) {
			best = m;
			best_len = k;
		}
	}
	if (best) {
		*rel = abs + best_len;
		while (**rel == '/')
			(*rel)++;
	}
	return best;
}

int64_t lx_where_str(struct linux_files *fs, uint64_t dirfd, const char *path, struct lx_where *w)
{
	size_t n = 0;
	w->abs[0] = 0;
	if (path[0] != '/') {
		const char *base = NULL;
		struct lx_file f;
		pthread_mutex_lock(&fs->lock);
		if ((int32_t)dirfd == LX_AT_FDCWD) {
			base = fs->cwd;
		} else if (dirfd < LINUX_FD_MAX && fs->fd[dirfd].kind != LXF_FREE) {
			f = fs->fd[dirfd];
			base = f.kind == LXF_DIR ? f.path : NULL;
			if (!base) {
				pthread_mutex_unlock(&fs->lock);
				return -LX_ENOTDIR;
			}
		} else {
			pthread_mutex_unlock(&fs->lock);
			return -LX_EBADF;
		}
		int64_t r = push_components(w->abs, &n, base);
		pthread_mutex_unlock(&fs->lock);
		if (r)
			return r;
	}
	int64_t r = push_components(w->abs, &n, path);
	if (r)
		return r;
	if (n == 0) {
		w->abs[0] = '/';
		w->abs[1] = 0;
	}
	w->mount = find_mount(fs, n ? w->abs : "", &w->rel);
	if (!w->mount)
		return -LX_ENOENT;   /* outside every mount: nothing is there */
	return 0;
}

int64_t lx_where(const struct linux_env *e, uint64_t dirfd, const struct cap *c, struct lx_where *w)
{
	struct linux_files *fs = lx_files(e);
	if (!fs)
		return -LX_ENOENT;
	char path[LINUX_PATH_MAX];
	/* linux_derive bounded c to the path and its NUL; copy, then check (STYLE 10) */
	uint64_t len = c->tag && c->top > c->addr ? (uint64_t)(c->top - c->addr) : 0;
	if (len > LINUX_PATH_MAX)
		len = LINUX_PATH_MAX;
	if (len == 0)
		return -LX_EFAULT;
	int64_t r = lx_get(e, c, 0, path, len);
	if (r)
		return r;
	if (path[len - 1] != 0)
		path[len - 1] = 0;   /* a handler changed it meanwhile: cut at the capability's end */
	if (path[0] == 0)
		return -LX_ENOENT;
	return lx_where_str(fs, dirfd, path, w);
}

int lx_open_beneath(const struct lx_where *w, int host_flags, unsigned mode)
{
	return host_openat2(w->mount->dir, w->rel[0] ? w->rel : ".", host_flags, mode);
}

int lx_open_parent(const struct lx_where *w, char name[256])
{
	if (!w->rel[0])
		return -LX_EBUSY;   /* the mount's root itself */
	const char *slash = strrchr(w->rel, '/');
	const char *last = slash ? slash + 1 : w->rel;
	if (strlen(last) > 255)
		return -LX_ENAMETOOLONG;
	strcpy(name, last);
	char parent[LINUX_PATH_MAX] = ".";
	if (slash) {
		memcpy(parent, w->rel, (size_t)(slash - w->rel));
		parent[slash - w->rel] = 0;
	}
	return host_openat2(w->mount->dir, parent, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
}

int64_t lx_stat_where(const struct lx_where *w, bool follow, struct stat *st)
{
	int fd;
	if (follow || !w->rel[0]) {
		fd = lx_open_beneath(w, O_PATH | O_CLOEXEC, 0);
		if (fd < 0)
			return fd;
		int r = fstat(fd, st);
		int err = errno;
		close(fd);
		return r ? -err : 0;
	}
	char name[256];
	fd = lx_open_parent(w, name);
	if (fd < 0)
		return fd;
	int r = fstatat(fd, name, st, AT_SYMLINK_NOFOLLOW);   /* one component: nothing to traverse */
	int err = errno;
	close(fd);
	return r ? -err : 0;
}
