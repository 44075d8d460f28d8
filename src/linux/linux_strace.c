/* linux_strace.c - --strace (intravisor.md 9 "One command"): one line per system call of a
 * hybrid cVM, as strace prints it, decoded from the table's argument kinds:
 *   openat(AT_FDCWD, "/data/in.txt", O_RDONLY) = 3
 *   write(1, "hello\n", 6) = 6
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = -1 ENOENT (No such file or directory)
 * Strings (PATH) in full, buffers (IN; OUT after a successful call) as their first 32 bytes
 * with C escapes, descriptors and integers in decimal, open flags and the table's NAMED
 * integers (ioctl requests, resources, fcntl commands, mmap prot/flags, whence, clocks, futex
 * ops, signals, sigprocmask's how, madvise advice) by name, other pointers as the guest
 * address. Guest bytes are read through the request's capabilities (lx_get), so a bad pointer
 * prints as its address. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/linux_files.h"

#define SHOW_MAX 32

struct line {
	char b[8192];
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static void add(struct line *l, const char *fmt, ...)
{
	if (l->n >= sizeof l->b)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(l->b + l->n, sizeof l->b - l->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n = l->n + (size_t)k < sizeof l->b ? l->n + (size_t)k : sizeof l->b - 1;
}

/* bytes as a C string literal with strace's escapes */
static void add_bytes(struct line *l, const uint8_t *p, size_t n, bool more)
{
	add(l, "\"");
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		switch (c) {
		case '\n': add(l, "\\n"); break;
		case '\t': add(l, "\\t"); break;
		case '\r': add(l, "\\r"); break;
		case '"': add(l, "\\\""); break;
		case '\\': add(l, "\\\\"); break;
		default:
			if (c >= 0x20 && c < 0x7f)
				add(l, "%c", c);
			else
				add(l, "\\%o", c);
		}
	}
	add(l, more ? "\"..." : "\"");
}

static uint64_t guest_addr(const struct linux_env *e, const struct cap *c)
{
	uint64_t base = e->proc ? e->proc->base : 0;
	return c->tag && c->addr >= base ? c->addr - base : c->addr;
}

static void add_pointer(struct line *l, const struct linux_env *e, const struct cap *c)
{
	uint64_t g = guest_addr(e, c);
	if (g == 0)
		add(l, "NULL");
	else
		add(l, "0x%llx", (unsigned long long)g);
}

/* up to n bytes at c, or its address if they cannot be read */
static void add_buffer(struct line *l, const struct linux_env *e, const struct cap *c, uint64_t n)
{
	uint8_t b[SHOW_MAX];
	uint64_t k = n < SHOW_MAX ? n : SHOW_MAX;
	if (lx_get(e, c, 0, b, k))
		add_pointer(l, e, c);
	else
		add_bytes(l, b, k, n > SHOW_MAX);
}

static void add_path(struct line *l, const struct linux_env *e, const struct cap *c)
{
	char p[LINUX_PATH_MAX];
	uint64_t n = c->tag && c->top > c->addr ? (uint64_t)(c->top - c->addr) : 0;
	n = n < sizeof p ? n : sizeof p;
	if (!n || lx_get(e, c, 0, p, n)) {
		add_pointer(l, e, c);
		return;
	}
	add_bytes(l, (const uint8_t *)p, strnlen(p, n), false);
}

/* an iovec array as strace prints it: [{iov_base="...", iov_len=N}, ...], the first 4 entries;
 * out: the call wrote them, so `done` bytes in order (its result) are shown; a bad array: its
 * address. Either form of the request (linux_iov.c). */
#define SHOW_IOVECS 4
static void add_iovecs(struct line *l, const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS], bool out,
		       int64_t done)
{
	struct lx_iov *v;
	uint64_t cnt = a[2].addr;
	if (lx_iov_gather(e, a, out ? CAP_PERM_STORE : CAP_PERM_LOAD, &v)) {
		add_pointer(l, e, &a[1]);
		return;
	}
	uint64_t left = out ? (done > 0 ? (uint64_t)done : 0) : UINT64_MAX;
	add(l, "[");
	for (uint64_t i = 0; i < cnt && i < SHOW_IOVECS; i++) {
		uint64_t n = v[i].len < left ? v[i].len : left;
		add(l, "%s{iov_base=", i ? ", " : "");
		if (n)
			add_buffer(l, e, &v[i].buf, n);
		else
			add(l, "\"\"");
		add(l, ", iov_len=%llu}", (unsigned long long)v[i].len);
		if (out)
			left -= n;
	}
	add(l, "%s]", cnt > SHOW_IOVECS ? ", ..." : "");
	free(v);
}


struct name { uint64_t v; const char *s; };
#define NAMES(a) a, sizeof a / sizeof a[0]

static const char *lookup(const struct name *t, size_t n, uint64_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].s;
	return NULL;
}

/* bit flags by name joined with |, the rest in hex (octal: in octal, as open flags); zero as
 * `zero` */
static void add_flags(struct line *l, const struct name *t, size_t n, uint64_t v, const char *zero, bool octal)
{
	if (!v) {
		add(l, "%s", zero);
		return;
	}
	const char *sep = "";
	for (size_t i = 0; i < n; i++)
		if (v & t[i].v) {
			add(l, "%s%s", sep, t[i].s);
			v &= ~t[i].v;
			sep = "|";
		}
	if (v)
		add(l, octal ? "%s%#llo" : "%s%#llx", sep, (unsigned long long)v);
}

static void add_open_flags(struct line *l, uint64_t f)
{
	static const struct name names[] = {
		{ LX_O_CREAT, "O_CREAT" }, { LX_O_EXCL, "O_EXCL" }, { LX_O_NOCTTY, "O_NOCTTY" }, { LX_O_TRUNC, "O_TRUNC" },
		{ LX_O_APPEND, "O_APPEND" }, { LX_O_NONBLOCK, "O_NONBLOCK" }, { LX_O_DSYNC, "O_DSYNC" },
		{ LX_O_DIRECTORY, "O_DIRECTORY" }, { LX_O_NOFOLLOW, "O_NOFOLLOW" }, { LX_O_CLOEXEC, "O_CLOEXEC" },
		{ LX_O_PATH, "O_PATH" },
	};
	uint64_t acc = f & LX_O_ACCMODE;
	add(l, "%s", acc == 0 ? "O_RDONLY" : acc == LX_O_WRONLY ? "O_WRONLY" : acc == LX_O_RDWR ? "O_RDWR" : "O_ACCMODE");
	f &= ~(uint64_t)LX_O_ACCMODE;
	if (f) {
		add(l, "|");
		add_flags(l, NAMES(names), f, "", true);
	}
}

/* an integer argument with symbolic values (the table's NAMED(set)), as strace shows it;
 * values without a name in decimal */
static void add_named(struct line *l, unsigned set, uint64_t v)
{
	static const struct name ioctls[] = {
		{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" }, { 0x5404, "TCSETSF" },
		{ 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" }, { 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" },
		{ 0x541b, "FIONREAD" }, { 0x5421, "FIONBIO" }, { 0x5451, "FIOCLEX" }, { 0x5450, "FIONCLEX" },
	};
	static const struct name rlimits[] = {
		{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" }, { 3, "RLIMIT_STACK" },
		{ 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" }, { 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" },
		{ 8, "RLIMIT_MEMLOCK" }, { 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
		{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" }, { 15, "RLIMIT_RTTIME" },
	};
	static const struct name fcntls[] = {
		{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" }, { 4, "F_SETFL" },
		{ 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" }, { 1030, "F_DUPFD_CLOEXEC" },
		{ 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
	};
	static const struct name prots[] = { { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" } };
	static const struct name maptypes[] = { { 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" } };
	static const struct name mapflags[] = {
		{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
		{ 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" },
		{ 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" },
		{ 0x40000, "MAP_HUGETLB" }, { 0x100000, "MAP_FIXED_NOREPLACE" },
	};
	static const struct name whences[] = {
		{ 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" }, { 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" },
	};
	static const struct name clocks[] = {
		{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" }, { 2, "CLOCK_PROCESS_CPUTIME_ID" },
		{ 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
		{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" }, { 8, "CLOCK_REALTIME_ALARM" },
		{ 9, "CLOCK_BOOTTIME_ALARM" }, { 11, "CLOCK_TAI" },
	};
	static const struct name futexes[] = {
		{ 0, "FUTEX_WAIT" }, { 1, "FUTEX_WAKE" }, { 2, "FUTEX_FD" }, { 3, "FUTEX_REQUEUE" },
		{ 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" }, { 6, "FUTEX_LOCK_PI" }, { 7, "FUTEX_UNLOCK_PI" },
		{ 8, "FUTEX_TRYLOCK_PI" }, { 9, "FUTEX_WAIT_BITSET" }, { 10, "FUTEX_WAKE_BITSET" },
		{ 11, "FUTEX_WAIT_REQUEUE_PI" }, { 12, "FUTEX_CMP_REQUEUE_PI" }, { 13, "FUTEX_LOCK_PI2" },
	};
	static const struct name hows[] = { { 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" } };
	static const struct name madvs[] = {
		{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" }, { 3, "MADV_WILLNEED" },
		{ 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" }, { 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" },
		{ 11, "MADV_DOFORK" }, { 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" },
		{ 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" },
	};
	const char *s = NULL;
	switch (set) {
	case LN_IOCTL: s = lookup(NAMES(ioctls), v); break;
	case LN_RLIMIT: s = lookup(NAMES(rlimits), v); break;
	case LN_FCNTL: s = lookup(NAMES(fcntls), v); break;
	case LN_WHENCE: s = lookup(NAMES(whences), v); break;
	case LN_CLOCK: s = lookup(NAMES(clocks), v); break;
	case LN_SIGHOW: s = lookup(NAMES(hows), v); break;
	case LN_MADV: s = lookup(NAMES(madvs), v); break;
	case LN_SIG:
		if (v > 0 && v < 32)
			s = linux_signal_name((int)v);
		break;
	case LN_PROT: add_flags(l, NAMES(prots), v, "PROT_NONE", false); return;
	case LN_MAP: {
		const char *type = lookup(NAMES(maptypes), v & 0xf);
		if (type)
			add(l, "%s", type);
		else
			add(l, "%#llx", (unsigned long long)(v & 0xf));
		if (v & ~0xfULL) {
			add(l, "|");
			add_flags(l, NAMES(mapflags), v & ~0xfULL, "", false);
		}
		return;
	}
	case LN_FUTEX: {
		const char *op = lookup(NAMES(futexes), v & 0x7f);
		if (!op) {
			add(l, "%lld", (long long)v);
			return;
		}
		add(l, "%s%s%s", op, v & 128 ? "_PRIVATE" : "", v & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
		if (v & ~0x1ffULL)
			add(l, "|%#llx", (unsigned long long)(v & ~0x1ffULL));
		return;
	}
	}
	if (s)
		add(l, "%s", s);
	else
		add(l, "%lld", (long long)v);
}

/* errno names of the values the personality returns */
static const char *errno_name(int64_t v)
{
	static const char *const n[] = {
		[1] = "EPERM", [2] = "ENOENT", [4] = "EINTR", [5] = "EIO", [9] = "EBADF", [11] = "EAGAIN",
		[12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV",
		[20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL", [24] = "EMFILE", [25] = "ENOTTY", [27] = "EFBIG",
		[28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [32] = "EPIPE", [34] = "ERANGE",
		[36] = "ENAMETOOLONG", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP",
	};
	return v > 0 && (size_t)v < sizeof n / sizeof n[0] && n[v] ? n[v] : NULL;
}

void lx_strace(const struct linux_env *e, const struct linux_syscall *s, uint64_t nr, const struct cap a[LINUX_REQ_ARGS],
	       int64_t result, bool ended)
{
	struct line l = { .n = 0 };
	if (!s) {
		add(&l, "syscall_%llu(...)", (unsigned long long)nr);
	} else {
		bool is_open = !strcmp(s->name, "openat");
		unsigned nargs = 0;
		for (unsigned i = 0; i < LINUX_ARGS; i++)
			if (s->arg[i].kind != LK_NONE)
				nargs = i + 1;
		if (is_open && !(a[2].addr & LX_O_CREAT))
			nargs = 3;   /* the mode only with O_CREAT, as strace */
		add(&l, "%s(", s->name);
		for (unsigned i = 0; i < nargs; i++) {
			const struct linux_arg *g = &s->arg[i];
			const struct cap *c = &a[i];
			uint64_t len = g->n < LINUX_ARGS ? a[g->n].addr : 0;
			if (i)
				add(&l, ", ");
			switch (g->kind) {
			case LK_FD:
				if ((int32_t)c->addr == LX_AT_FDCWD)
					add(&l, "AT_FDCWD");
				else
					add(&l, "%d", (int)(int32_t)c->addr);
				break;
			case LK_PATH: add_path(&l, e, c); break;
			case LK_IN: add_buffer(&l, e, c, len); break;
			case LK_OUT:
				if (result >= 0 && (uint64_t)result <= len)
					add_buffer(&l, e, c, (uint64_t)result);
				else
					add_pointer(&l, e, c);
				break;
			case LK_INT:
				if (is_open && i == 2)
					add_open_flags(&l, c->addr);
				else if (is_open && i == 3)
					add(&l, "0%llo", (unsigned long long)c->addr);
				else if (g->n != LN_NONE)
					add_named(&l, g->n, c->addr);
				else
					add(&l, "%lld", (long long)c->addr);
				break;
			case LK_ADDR:
				if (c->addr)
					add(&l, "0x%llx", (unsigned long long)c->addr);
				else
					add(&l, "NULL");
				break;
			case LK_IOV_IN:
			case LK_IOV_OUT:
				if (i == 1)
					add_iovecs(&l, e, a, g->kind == LK_IOV_OUT, result);
				else
					add_pointer(&l, e, c);
				break;
			default: add_pointer(&l, e, c); break;   /* structs */
			}
		}
		add(&l, ")");
	}
	if (ended)
		add(&l, " = ?\n");
	else if (result < 0 && result > -4096) {
		const char *name = errno_name(-result);
		if (name)
			add(&l, " = -1 %s (%s)\n", name, strerror((int)-result));
		else
			add(&l, " = -1 E%lld\n", (long long)-result);
	} else if (s && (!strcmp(s->name, "mmap") || !strcmp(s->name, "brk")))
		add(&l, " = 0x%llx\n", (unsigned long long)result);
	else
		add(&l, " = %lld\n", (long long)result);
	int sig = ended && e->proc ? linux_killed_by(e->proc) : 0;
	if (sig)
		add(&l, "+++ killed by %s +++\n", linux_signal_name(sig));
	else if (s && s->exits && !strcmp(s->name, "exit_group"))
		add(&l, "+++ exited with %llu +++\n", (unsigned long long)(a[0].addr & 0xff));
	if (e->out)
		fflush(e->out);
	fwrite(l.b, 1, l.n, e->strace);
	fflush(e->strace);
}
