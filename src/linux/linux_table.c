/* linux_table.c - the one syscall table (riscv64 = asm-generic numbers) and the derivation of
 * an ecall's argument capabilities from it (linux.h). */
#include <pthread.h>
#include <string.h>

#include "linux/linux.h"
#include "linux/linux_priv.h"

/* argument kinds, as the table writes them */
#define INT        { LK_INT, 0 }
#define NAMED(s)   { LK_INT, s }   /* an integer --strace shows by name (enum linux_names) */
#define FD         { LK_FD, 0 }
#define IN(n)      { LK_IN, n }
#define OUT(n)     { LK_OUT, n }
#define PATH       { LK_PATH, 0 }
#define IOV_IN(n)  { LK_IOV_IN, n }
#define IOV_OUT(n) { LK_IOV_OUT, n }
#define SIN(s)     { LK_SIN, s }
#define SOUT(s)    { LK_SOUT, s }
#define ADDR       { LK_ADDR, 0 }
#define IOCTL(n)   { LK_IOCTL, n }

/* struct sizes of the riscv64 ABI (the kernel's asm-generic layouts) */
#define SZ_STAT      128   /* struct stat */
#define SZ_TIMESPEC  16
#define SZ_UTSNAME   390   /* 6 fields of 65 bytes */
#define SZ_RLIMIT    16
#define SZ_SIGACTION 32    /* handler, flags, restorer, mask (8-byte sigset) */
#define SZ_SIGSET    8
#define SZ_TERMIOS   60    /* struct termios as TCGETS fills it (kernel termios: 36 + padding) */
#define SZ_ROBUST    24
#define SZ_STATX     256   /* struct statx */
#define SZ_TIMEVAL   16
#define SZ_TIMEZONE  8
#define SZ_STACK     24    /* stack_t: sp, flags, size */

static const struct linux_syscall table[] = {
	/* files (intravisor.md 9 "Files"): linux_fd.c, linux_fs.c, linux_io.c */
	{ 17, "getcwd", { OUT(1), INT }, lx_getcwd, false },
	{ 23, "dup", { FD }, lx_dup, false },
	{ 24, "dup3", { FD, FD, INT }, lx_dup3, false },
	{ 25, "fcntl", { FD, NAMED(LN_FCNTL), INT }, lx_fcntl, false },
	{ 29, "ioctl", { FD, NAMED(LN_IOCTL), IOCTL(1) }, lx_ioctl, false },
	{ 34, "mkdirat", { FD, PATH, INT }, lx_mkdirat, false },
	{ 35, "unlinkat", { FD, PATH, INT }, lx_unlinkat, false },
	{ 46, "ftruncate", { FD, INT }, lx_ftruncate, false },
	{ 48, "faccessat", { FD, PATH, INT }, lx_faccessat, false },
	{ 49, "chdir", { PATH }, lx_chdir, false },
	{ 56, "openat", { FD, PATH, INT, INT }, lx_openat, false },
	{ 57, "close", { FD }, lx_close, false },
	{ 59, "pipe2", { SOUT(8), INT }, lx_pipe2, false },
	{ 61, "getdents64", { FD, OUT(2), INT }, lx_getdents64, false },
	{ 62, "lseek", { FD, INT, NAMED(LN_WHENCE) }, lx_lseek, false },
	{ 63, "read", { FD, OUT(2), INT }, lx_read, false },
	{ 64, "write", { FD, IN(2), INT }, lx_write, false },
	{ 65, "readv", { FD, IOV_OUT(2), INT }, lx_readv, false },
	{ 66, "writev", { FD, IOV_IN(2), INT }, lx_writev, false },
	{ 67, "pread64", { FD, OUT(2), INT, INT }, lx_pread64, false },
	{ 68, "pwrite64", { FD, IN(2), INT, INT }, lx_pwrite64, false },
	{ 69, "preadv", { FD, IOV_OUT(2), INT, INT, INT }, lx_preadv, false },
	{ 70, "pwritev", { FD, IOV_IN(2), INT, INT, INT }, lx_pwritev, false },
	{ 78, "readlinkat", { FD, PATH, OUT(3), INT }, lx_readlinkat, false },
	{ 79, "newfstatat", { FD, PATH, SOUT(SZ_STAT), INT }, lx_newfstatat, false },
	{ 80, "fstat", { FD, SOUT(SZ_STAT) }, lx_fstat, false },
	{ 82, "fsync", { FD }, lx_fsync, false },
	{ 276, "renameat2", { FD, PATH, FD, PATH, INT }, lx_renameat2, false },
	{ 291, "statx", { FD, PATH, INT, INT, SOUT(SZ_STATX) }, lx_statx, false },
	{ 439, "faccessat2", { FD, PATH, INT, INT }, lx_faccessat, false },
	/* the rest */
	{ 93, "exit", { INT }, lx_exit_thread, true },
	{ 94, "exit_group", { INT }, lx_exit_group, true },
	{ 96, "set_tid_address", { SOUT(4) }, lx_set_tid_address, false },
	{ 99, "set_robust_list", { ADDR, INT }, lx_zero, false },
	{ 113, "clock_gettime", { NAMED(LN_CLOCK), SOUT(SZ_TIMESPEC) }, lx_clock_gettime, false },
	{ 114, "clock_getres", { NAMED(LN_CLOCK), SOUT(SZ_TIMESPEC) }, lx_clock_getres, false },
	{ 169, "gettimeofday", { SOUT(SZ_TIMEVAL), SOUT(SZ_TIMEZONE) }, lx_gettimeofday, false },
	{ 179, "sysinfo", { SOUT(LX_SYSINFO_SIZE) }, lx_sysinfo, false },
	{ 163, "getrlimit", { NAMED(LN_RLIMIT), SOUT(SZ_RLIMIT) }, lx_getrlimit, false },
	{ 132, "sigaltstack", { SIN(SZ_STACK), SOUT(SZ_STACK) }, lx_sigaltstack, false },
	{ 134, "rt_sigaction", { NAMED(LN_SIG), SIN(SZ_SIGACTION), SOUT(SZ_SIGACTION), INT }, lx_rt_sigaction, false },
	{ 135, "rt_sigprocmask", { NAMED(LN_SIGHOW), SIN(SZ_SIGSET), SOUT(SZ_SIGSET), INT }, lx_rt_sigprocmask, false },
	{ 160, "uname", { SOUT(SZ_UTSNAME) }, lx_uname, false },
	{ 172, "getpid", { INT }, lx_getpid, false },
	{ 173, "getppid", { INT }, lx_getppid, false },
	{ 174, "getuid", { INT }, lx_getuid, false },
	{ 175, "geteuid", { INT }, lx_getuid, false },
	{ 176, "getgid", { INT }, lx_getuid, false },
	{ 177, "getegid", { INT }, lx_getuid, false },
	{ 178, "gettid", { INT }, lx_gettid, false },
	{ 214, "brk", { ADDR }, lx_brk, false },
	{ 215, "munmap", { ADDR, INT }, lx_munmap, false },
	{ 222, "mmap", { ADDR, INT, NAMED(LN_PROT), NAMED(LN_MAP), FD, INT }, lx_mmap, false },
	{ 226, "mprotect", { ADDR, INT, NAMED(LN_PROT) }, lx_mprotect, false },
	{ 216, "mremap", { ADDR, INT, INT, INT, ADDR }, lx_mremap, false },
	{ 261, "prlimit64", { INT, NAMED(LN_RLIMIT), SIN(SZ_RLIMIT), SOUT(SZ_RLIMIT) }, lx_prlimit64, false },
	{ 278, "getrandom", { OUT(1), INT, INT }, lx_getrandom, false },
	{ 293, "rseq", { ADDR, INT, INT, INT }, NULL, false },
	/* threads (linux_thread.c, linux_futex.c) */
	{ 98, "futex", { SIN(4), NAMED(LN_FUTEX), INT, SIN(SZ_TIMESPEC), ADDR, INT }, lx_futex, false },
	{ 124, "sched_yield", { INT }, lx_sched_yield, false },
	{ 123, "sched_getaffinity", { INT, INT, OUT(1) }, lx_sched_getaffinity, false },
	/* sleeps (linux_time.c): offline, and cut short only when the cVM ends */
	{ 101, "nanosleep", { SIN(SZ_TIMESPEC), SOUT(SZ_TIMESPEC) }, lx_nanosleep, false },
	{ 115, "clock_nanosleep", { NAMED(LN_CLOCK), INT, SIN(SZ_TIMESPEC), SOUT(SZ_TIMESPEC) }, lx_clock_nanosleep, false },
	/* signals to itself (linux_signal.c) */
	{ 129, "kill", { INT, NAMED(LN_SIG) }, lx_kill, false },
	{ 130, "tkill", { INT, INT }, lx_tkill, false },
	{ 131, "tgkill", { INT, INT, NAMED(LN_SIG) }, lx_tgkill, false },
	{ 220, "clone", { INT, ADDR, SOUT(4), ADDR, SOUT(4) }, lx_clone, false },
	{ 435, "clone3", { ADDR, INT }, NULL, false },
	{ 233, "madvise", { ADDR, INT, NAMED(LN_MADV) }, lx_zero, false },   /* advice only: glibc's freed thread stacks */
};

uint64_t linux_ioctl_out(uint64_t request)
{
	switch (request) {
	case LINUX_TCGETS: return LINUX_KTERMIOS_SIZE;
	case LINUX_TIOCGWINSZ: return LINUX_WINSIZE_SIZE;
	default: return 0;
	}
}

#define NTABLE (sizeof table / sizeof table[0])
_Static_assert(NTABLE < UINT16_MAX, "table rows fit the index");

/* nr -> 1 + the row of nr (0: none), with BY_NR_POINTERS when the row has a pointer argument
 * (linux_derive reads DDC only then), made once before main: every ecall looks its number up
 * three times (derivation, dispatch, the summary's count), and a scan of the table, then a
 * pthread_once per lookup, were most of a null call's cost. Written once, read-only after. */
#define BY_NR_POINTERS 0x8000u
_Static_assert(NTABLE < BY_NR_POINTERS, "row numbers leave the flag bit free");
static uint16_t by_nr[LINUX_NR_MAX];

static bool row_has_pointers(const struct linux_syscall *s)
{
	for (unsigned i = 0; i < LINUX_ARGS; i++)
		if (s->arg[i].kind != LK_NONE && s->arg[i].kind != LK_INT && s->arg[i].kind != LK_FD &&
		    s->arg[i].kind != LK_ADDR)
			return true;
	return false;
}

__attribute__((constructor)) static void by_nr_init(void)
{
	for (size_t i = NTABLE; i-- > 0;)   /* backwards: the first row of a number wins */
		if (table[i].nr < LINUX_NR_MAX)
			by_nr[table[i].nr] = (uint16_t)((i + 1) | (row_has_pointers(&table[i]) ? BY_NR_POINTERS : 0));
}

bool linux_derive_needs_ddc(uint64_t nr)
{
	return nr >= LINUX_NR_MAX || (by_nr[nr] & BY_NR_POINTERS);
}

const struct linux_syscall *linux_syscall(uint64_t nr)
{
	if (nr < LINUX_NR_MAX) {
		unsigned k = by_nr[nr] & ~BY_NR_POINTERS;
		return k ? &table[k - 1] : NULL;
	}
	for (size_t i = 0; i < NTABLE; i++)
		if (table[i].nr == nr)
			return &table[i];
	return NULL;
}

/* [off, off + len) of the caller's view as a capability derived from ddc: address DDC.base +
 * off, bounds rounded out as CSetBounds does (never past DDC: then it is untagged), only
 * `perm` (Load or Store). A NULL pointer with length 0 stays an integer 0. */
static struct cap derive_buf(const struct cap *ddc, uint64_t off, uint64_t len, uint32_t perm)
{
	if (off == 0 && len == 0)
		return cap_from_int(0);
	struct cap c, b, p;
	uint64_t abs = ddc->base + off;   /* integer = capability address - DDC.base (9) */
	(void)cap_set_addr(&c, ddc, abs, CAP_V9);
	(void)cap_set_bounds(&b, &c, len, false, CAP_V9);
	(void)cap_and_perm(&p, &b, CAP_PERM_GLOBAL | perm, CAP_V9);
	if (!ddc->tag || !c.tag || abs < ddc->base || (cap_u128)abs + len > ddc->top)
		p.tag = false;
	return p;
}

/* Length of the NUL-terminated string at off, including its NUL, read through ddc; 0 if none
 * is found within LINUX_PATH_MAX bytes inside DDC. */
static uint64_t path_len(const struct mem *m, const struct cap *ddc, uint64_t off)
{
	uint64_t abs = ddc->base + off;
	if (!ddc->tag || abs < ddc->base || (cap_u128)abs >= ddc->top)
		return 0;
	uint64_t room = (uint64_t)(ddc->top - abs);
	uint64_t max = room < LINUX_PATH_MAX ? room : LINUX_PATH_MAX;
	char chunk[256];
	for (uint64_t done = 0; done < max;) {
		uint64_t n = max - done < sizeof chunk ? max - done : sizeof chunk;
		if (mem_read(m, abs + done, chunk, n) != MEM_OK)
			return 0;
		const char *z = memchr(chunk, 0, n);
		if (z)
			return done + (uint64_t)(z - chunk) + 1;
		done += n;
	}
	return 0;
}

/* The span [lowest base, highest end) of an iovec array's buffers (offsets), read through ddc:
 * the root each buffer's own capability is derived from (linux_iov.c). It covers the gaps
 * between the buffers, so it stays in the monitor: a handler cVM gets per-buffer capabilities
 * instead (linux_iov_to_caps). */
static struct cap iov_span(const struct mem *m, const struct cap *ddc, uint64_t off, uint64_t cnt, uint32_t perm)
{
	if (cnt == 0 || cnt > LINUX_IOV_MAX)
		return cap_from_int(0);
	uint64_t lo = UINT64_MAX, hi = 0, abs = ddc->base + off;
	if (!ddc->tag || abs < ddc->base || (cap_u128)abs + cnt * 16 > ddc->top)
		return cap_from_int(0);
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t v[2];
		if (mem_read(m, abs + 16 * i, v, sizeof v) != MEM_OK)
			return cap_from_int(0);
		if (v[1] == 0)
			continue;
		if (v[0] + v[1] < v[0])
			return cap_from_int(0);
		lo = v[0] < lo ? v[0] : lo;
		hi = v[0] + v[1] > hi ? v[0] + v[1] : hi;
	}
	if (lo == UINT64_MAX)
		return cap_from_int(0);
	return derive_buf(ddc, lo, hi - lo, perm);
}

void linux_derive(const struct mem *m, const struct cap *ddc, uint64_t nr, const uint64_t a[LINUX_ARGS],
		  struct cap out[LINUX_REQ_ARGS])
{
	const struct linux_syscall *s = linux_syscall(nr);
	/* every argument an integer first: NULL-derived, the address never moves the bounds (a
	 * local copy of a: out may alias it, and this is the null system call's path) */
	uint64_t v[LINUX_ARGS];
	memcpy(v, a, sizeof v);
	const struct cap integer = cap_from_int(0);
	for (unsigned i = 0; i < LINUX_REQ_ARGS; i++) {
		out[i] = integer;   /* NOTE: not integer.addr = ... first: a 16-byte copy right
		                     * after an 8-byte store to it stalls store forwarding */
		out[i].addr = i < LINUX_ARGS ? v[i] : 0;
	}
	if (!s || (nr < LINUX_NR_MAX && !(by_nr[nr] & BY_NR_POINTERS)))
		return;   /* no pointer: nothing to derive */
	for (unsigned i = 0; i < LINUX_ARGS; i++) {
		const struct linux_arg *g = &s->arg[i];
		if (g->kind == LK_NONE || g->kind == LK_INT || g->kind == LK_FD || g->kind == LK_ADDR)
			continue;   /* integers, descriptors, slot addresses: as they are */
		uint64_t len = g->n < LINUX_ARGS ? a[g->n] : 0;
		switch (g->kind) {
		case LK_IN: out[i] = derive_buf(ddc, a[i], len, CAP_PERM_LOAD); break;
		case LK_OUT: out[i] = derive_buf(ddc, a[i], len, CAP_PERM_STORE); break;
		case LK_SIN: out[i] = a[i] ? derive_buf(ddc, a[i], g->n, CAP_PERM_LOAD) : cap_from_int(0); break;
		case LK_SOUT: out[i] = a[i] ? derive_buf(ddc, a[i], g->n, CAP_PERM_STORE) : cap_from_int(0); break;
		case LK_IOCTL: {   /* exactly the struct the request writes, nothing for others */
			uint64_t n = linux_ioctl_out(a[g->n]);
			out[i] = n && a[i] ? derive_buf(ddc, a[i], n, CAP_PERM_STORE) : cap_from_int(a[i]);
			break;
		}
		case LK_PATH: {
			uint64_t n = path_len(m, ddc, a[i]);
			out[i] = n ? derive_buf(ddc, a[i], n, CAP_PERM_LOAD) : derive_buf(ddc, a[i], 1, CAP_PERM_LOAD);
			if (!n)
				out[i].tag = false;
			break;
		}
		case LK_IOV_IN:
		case LK_IOV_OUT: {
			uint32_t perm = g->kind == LK_IOV_IN ? CAP_PERM_LOAD : CAP_PERM_STORE;
			out[i] = len <= LINUX_IOV_MAX ? derive_buf(ddc, a[i], len * 16, CAP_PERM_LOAD) : cap_from_int(a[i]);
			out[LINUX_REQ_ARGS - 1] = iov_span(m, ddc, a[i], len, perm);
			break;
		}
		default: break;   /* integers, descriptors, slot addresses: untagged integers */
		}
	}
}
