/* linux_priv.h - shared by the files of src/linux: the handlers the table names and the
 * helpers that move bytes through a request's capabilities. */
#ifndef INTRAVISOR_LINUX_PRIV_H
#define INTRAVISOR_LINUX_PRIV_H

#include <time.h>

#include "linux/linux.h"

/* Linux errno values (asm-generic) */
enum { LX_ENOENT = 2, LX_EBADF = 9, LX_ENOMEM = 12, LX_EFAULT = 14, LX_EINVAL = 22, LX_ENOTTY = 25,
       LX_ENOSYS = 38 };
enum { LX_EINTR = 4, LX_EAGAIN = 11, LX_ETIMEDOUT = 110 };   /* threads and futex */

/* Copy n bytes out of / into guest memory through capability c (checked first, as the
 * hardware would: cap_check_access). 0, or -EFAULT. */
int64_t lx_get(const struct linux_env *e, const struct cap *c, uint64_t off, void *dst, uint64_t n);
int64_t lx_put(const struct linux_env *e, const struct cap *c, uint64_t off, const void *src, uint64_t n);

/* linux_iov.c: the cnt = a[2] buffers of an iovec call, each a capability and a length, copied
 * into monitor memory and every one checked for perm (Load to write, Store to read) before
 * anything moves: 0 and *out (malloc'd, NULL when cnt is 0), or -EINVAL (cnt over
 * LINUX_IOV_MAX), -EFAULT (a bad array or buffer), -ENOMEM. */
struct lx_iov {
	struct cap buf;
	uint64_t len;
};
int64_t lx_iov_gather(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS], uint32_t perm, struct lx_iov **out)
	__attribute__((warn_unused_result));

#define LX_HANDLER(name) int64_t name(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS])
LX_HANDLER(lx_zero);
LX_HANDLER(lx_clock_gettime);
LX_HANDLER(lx_rt_sigaction);
LX_HANDLER(lx_rt_sigprocmask);
LX_HANDLER(lx_uname);
LX_HANDLER(lx_getpid);
LX_HANDLER(lx_getppid);
LX_HANDLER(lx_getuid);
LX_HANDLER(lx_gettid);
LX_HANDLER(lx_prlimit64);
LX_HANDLER(lx_getrandom);
/* linux_time.c; lx_clockid: a Linux clock id a cVM may use -> the host's (0 or -EINVAL);
 * lx_rlimit: a limit of the calling cVM (getrlimit, prlimit64), with new (NULL: none) set after
 * reading it: 0 or -errno; lx_rlimit_defaults: the limits a cVM starts with; lx_sleep_until (linux_futex.c):
 * sleep to a CLOCK_MONOTONIC deadline (ns), 0 or -EINTR (the cVM is ending, or stopped) */
#define LX_SYSINFO_SIZE 112   /* struct sysinfo on riscv64 */
int64_t lx_clockid(uint64_t id, clockid_t *out);
int64_t lx_rlimit(const struct linux_env *e, uint64_t resource, const uint64_t *new, uint64_t v[2]);
void lx_rlimit_defaults(uint64_t rlim[16][2]);
int64_t lx_sleep_until(const struct linux_env *e, int64_t deadline);
LX_HANDLER(lx_nanosleep);
LX_HANDLER(lx_clock_nanosleep);
LX_HANDLER(lx_clock_getres);
LX_HANDLER(lx_gettimeofday);
LX_HANDLER(lx_sysinfo);
LX_HANDLER(lx_getrlimit);
LX_HANDLER(lx_sched_getaffinity);
LX_HANDLER(lx_sigaltstack);
LX_HANDLER(lx_mremap);
/* files: linux_fd.c, linux_fs.c, linux_io.c */
LX_HANDLER(lx_close);
LX_HANDLER(lx_dup);
LX_HANDLER(lx_dup3);
LX_HANDLER(lx_fcntl);
LX_HANDLER(lx_pipe2);
LX_HANDLER(lx_ioctl);
LX_HANDLER(lx_lseek);
LX_HANDLER(lx_fsync);
LX_HANDLER(lx_ftruncate);
LX_HANDLER(lx_openat);
LX_HANDLER(lx_newfstatat);
LX_HANDLER(lx_fstat);
LX_HANDLER(lx_statx);
LX_HANDLER(lx_getdents64);
LX_HANDLER(lx_mkdirat);
LX_HANDLER(lx_unlinkat);
LX_HANDLER(lx_renameat2);
LX_HANDLER(lx_faccessat);
LX_HANDLER(lx_readlinkat);
LX_HANDLER(lx_getcwd);
LX_HANDLER(lx_chdir);
LX_HANDLER(lx_read);
LX_HANDLER(lx_write);
LX_HANDLER(lx_readv);
LX_HANDLER(lx_writev);
LX_HANDLER(lx_pread64);
LX_HANDLER(lx_pwrite64);
LX_HANDLER(lx_preadv);
LX_HANDLER(lx_pwritev);
/* linux_strace.c: one line for a served call (after it; exits: before) */
void lx_strace(const struct linux_env *e, const struct linux_syscall *s, uint64_t nr, const struct cap a[LINUX_REQ_ARGS],
	       int64_t result, bool ended);
/* linux_thread.c, linux_futex.c */
LX_HANDLER(lx_clone);
LX_HANDLER(lx_exit_thread);
LX_HANDLER(lx_exit_group);
LX_HANDLER(lx_set_tid_address);
LX_HANDLER(lx_sched_yield);
/* linux_signal.c */
LX_HANDLER(lx_kill);
LX_HANDLER(lx_tkill);
LX_HANDLER(lx_tgkill);
LX_HANDLER(lx_futex);
/* wake at most n waiters of the futex at absolute address addr whose bitset meets bitset */
int64_t linux_futex_wake(struct linux_proc *p, uint64_t addr, uint32_t n, uint32_t bitset);
/* linux_fmap.c: a file mapping (mmap without MAP_ANONYMOUS) */
struct lx_fmap {
	int host;        /* the file's host descriptor (borrowed from the fd table) */
	uint64_t off;    /* the file offset, page-aligned */
};
/* fd, flags and offset of a file mmap: 0, or -EBADF, -EACCES (not open for reading), -ENODEV
 * (not a regular file: a directory, a pipe, a terminal), -EINVAL (MAP_SHARED, an unaligned
 * offset). */
int64_t lx_fmap_check(const struct linux_env *e, uint64_t fd, uint64_t flags, uint64_t off, struct lx_fmap *out);
/* Copy the file's bytes from fm->off into the zeroed pages [at, at + len) of the slot. */
void lx_fmap_fill(const struct linux_env *e, const struct lx_fmap *fm, uint64_t at, uint64_t len);
/* linux_mem.c */
LX_HANDLER(lx_brk);
LX_HANDLER(lx_mmap);
LX_HANDLER(lx_munmap);
LX_HANDLER(lx_mprotect);

#endif
