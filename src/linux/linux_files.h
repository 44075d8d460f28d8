/* linux_files.h - shared by the file calls of src/linux (linux_fd.c, linux_path.c, linux_fs.c,
 * linux_io.c): a hybrid cVM's fd table, its mounts and its cwd (intravisor.md 9 "Files").
 *
 * Confinement: a guest path is made absolute against the cwd (or a directory fd's guest path)
 * and normalised lexically (".", "..", "//"), then matched against the mounts (longest guest
 * prefix). The rest is opened on the host only with openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS) from the mount's O_PATH folder fd, so a symbolic link or a ".." that
 * the kernel meets on the host cannot leave the folder (EXDEV). Calls that name an entry (mkdir,
 * unlink, rename, readlink, lstat) open its parent that way and act on one path component. */
#ifndef INTRAVISOR_LINUX_FILES_H
#define INTRAVISOR_LINUX_FILES_H

#include <sys/stat.h>

#include "linux/linux_priv.h"

/* Linux errno values used by the file calls (asm-generic; same numbers on the host) */
enum { LX_EPERM = 1, LX_EEXIST = 17, LX_EXDEV = 18, LX_ENOTDIR = 20, LX_EISDIR = 21, LX_EMFILE = 24,
       LX_EROFS = 30, LX_ERANGE = 34, LX_ENAMETOOLONG = 36, LX_EBUSY = 16, LX_ENXIO = 6, LX_EACCES = 13,
       LX_ESPIPE = 29, LX_EPIPE = 32 };

/* asm-generic open flags (the guest's numbers) */
#define LX_O_ACCMODE   03
#define LX_O_WRONLY    01
#define LX_O_RDWR      02
#define LX_O_CREAT     0100
#define LX_O_EXCL      0200
#define LX_O_NOCTTY    0400
#define LX_O_TRUNC     01000
#define LX_O_APPEND    02000
#define LX_O_NONBLOCK  04000
#define LX_O_DSYNC     010000
#define LX_O_DIRECTORY 0200000
#define LX_O_NOFOLLOW  0400000
#define LX_O_CLOEXEC   02000000
#define LX_O_PATH      010000000
#define LX_AT_FDCWD    (-100)
#define LX_AT_SYMLINK_NOFOLLOW 0x100
#define LX_AT_REMOVEDIR 0x200
#define LX_AT_EMPTY_PATH 0x1000

struct lx_mount {
	char *guest;          /* absolute, normalised, no trailing '/' ("" for "/") */
	int dir;              /* O_PATH | O_DIRECTORY fd of the host folder */
	bool readonly;
};

enum lx_file_kind { LXF_FREE, LXF_STD, LXF_FILE, LXF_DIR, LXF_PIPE, LXF_STREAM };

struct lx_stream;

struct lx_file {
	uint8_t kind;         /* enum lx_file_kind */
	bool cloexec;         /* FD_CLOEXEC (recorded; there is no exec) */
	bool readonly;        /* on a read-only mount */
	int host;             /* the host descriptor (owned) */
	uint32_t flags;       /* guest O_ flags for F_GETFL (access mode, O_APPEND, O_NONBLOCK) */
	char *path;           /* the guest path it was opened by (files and directories), or NULL */
	struct lx_stream *stream;   /* LXF_STREAM (host is -1): /dev/capstream/KEY (linux_stream.c) */
};

struct linux_files {
	pthread_mutex_t lock; /* the table and cwd */
	struct lx_mount mounts[LINUX_MAX_MOUNTS];
	unsigned nmounts;
	char cwd[LINUX_PATH_MAX];
	unsigned nofile, nofile_max;  /* RLIMIT_NOFILE: new descriptors are below nofile (<= LINUX_FD_MAX) */
	struct lx_file fd[LINUX_FD_MAX];
};

/* linux_fd.c: a slot for f (ownership moves to the table), lowest >= min: fd or -EMFILE. */
int lx_fd_install(struct linux_files *fs, const struct lx_file *f, unsigned min);
/* RLIMIT_NOFILE of the table: v = {soft, hard}; set (old = the limits before): 0, or -EPERM
 * when v raises the hard limit (v[0] <= v[1] checked by the caller) */
void lx_fd_limit(struct linux_files *fs, uint64_t v[2]);
int64_t lx_fd_set_limit(struct linux_files *fs, const uint64_t v[2], uint64_t old[2]);
/* A copy of the entry of fd (host fd duplicated? no: borrowed) and 0, or -EBADF. */
int lx_fd_get(struct linux_files *fs, uint64_t fd, struct lx_file *out);
/* The calling cVM's files, or NULL */
static inline struct linux_files *lx_files(const struct linux_env *e)
{
	return e->proc ? e->proc->files : NULL;
}

/* linux_path.c */
struct lx_where {
	const struct lx_mount *mount;
	char abs[LINUX_PATH_MAX];  /* the normalised guest path */
	const char *rel;           /* inside abs: the part below the mount ("" = its root) */
};
/* Copy the path of capability c (its NUL within the capability), then resolve it against
 * dirfd (LX_AT_FDCWD: the cwd) and the mounts. 0 or -errno (ENOENT outside every mount). */
int64_t lx_where(const struct linux_env *e, uint64_t dirfd, const struct cap *c, struct lx_where *w);
/* Resolve an already copied path. */
int64_t lx_where_str(struct linux_files *fs, uint64_t dirfd, const char *path, struct lx_where *w);
/* openat2 beneath the mount: host fd or -errno. */
int lx_open_beneath(const struct lx_where *w, int host_flags, unsigned mode);
/* The parent folder of w's entry (O_PATH, beneath) and its last component: fd or -errno
 * (EBUSY for a mount's root). */
int lx_open_parent(const struct lx_where *w, char name[256]);
/* Host stat of the entry (follow: the last component's link too). 0 or -errno. */
int64_t lx_stat_where(const struct lx_where *w, bool follow, struct stat *st);

/* linux_stream.c: /dev/capstream/KEY. Whether the normalised guest path abs is in that folder;
 * open it (O_RDONLY: the consumer of a stream; O_WRONLY: the producer of a new one): fd or
 * -errno. */
bool lx_is_capstream(const char *abs);
int64_t lx_stream_open(const struct linux_env *e, const char *abs, uint64_t flags);
/* read (a consumer's) and write (a producer's) on a stream descriptor */
int64_t lx_stream_read(const struct linux_env *e, uint64_t fd, const struct cap *buf, uint64_t len);
int64_t lx_stream_write(const struct linux_env *e, uint64_t fd, const struct cap *buf, uint64_t len);
/* references: one more descriptor (dup); a descriptor closed (e: the calling thread, or NULL
 * when the cVM has ended; the last one tells the registry); one more / one less reference
 * (a call in progress) */
struct lx_stream *lx_stream_dup(struct lx_stream *s);
void lx_stream_close(const struct linux_env *e, struct lx_stream *s);
struct lx_stream *lx_stream_ref(struct lx_stream *s);
void lx_stream_put(struct lx_stream *s);
/* linux_fd.c: the stream of fd (a reference: lx_stream_put it) and its O_ flags; -EBADF, or
 * -EINVAL when fd is not a stream */
int64_t lx_fd_stream(struct linux_files *fs, uint64_t fd, struct lx_stream **s, uint32_t *flags);

/* linux_fs.c: struct stat (128 bytes) / statx (256 bytes) of the riscv64 ABI from a host stat */
void lx_encode_stat(const struct stat *st, uint8_t b[128]);

#endif
