/* linux_serve.c - dispatch and the handlers of the I/O, time, identity and signal calls
 * (linux.h). Trust boundary: every capability in a request comes from a cVM (the caller, or a
 * handler cVM that forwarded it); guest bytes move only through lx_get/lx_put, which check the
 * capability first. Nothing a cVM passes can make the monitor fault: a bad pointer is -EFAULT. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "linux/linux_priv.h"

int64_t lx_get(const struct linux_env *e, const struct cap *c, uint64_t off, void *dst, uint64_t n)
{
	struct cap at = *c;
	at.addr += off;
	if (off > UINT64_MAX - c->addr || cap_check_access(&at, CAP_PERM_LOAD, n) != CAP_CAUSE_NONE ||
	    mem_read(e->m, at.addr, dst, n) != MEM_OK)
		return -LX_EFAULT;
	return 0;
}

int64_t lx_put(const struct linux_env *e, const struct cap *c, uint64_t off, const void *src, uint64_t n)
{
	struct cap at = *c;
	at.addr += off;
	if (off > UINT64_MAX - c->addr || cap_check_access(&at, CAP_PERM_STORE, n) != CAP_CAUSE_NONE ||
	    mem_write(e->m, at.addr, src, n) != MEM_OK)
		return -LX_EFAULT;
	return 0;
}

int64_t linux_serve(const struct linux_env *e, uint64_t nr, const struct cap a[LINUX_REQ_ARGS], bool *exits)
{
	const struct linux_syscall *s = linux_syscall(nr);
	*exits = false;
	if (!s || !s->fn) {
		if (e->strace)
			lx_strace(e, s, nr, a, -LX_ENOSYS, false);
		return -LX_ENOSYS;
	}
	*exits = s->exits;
	if (s->exits && e->strace)
		lx_strace(e, s, nr, a, 0, true);   /* printed before: the thread ends */
	int64_t r = s->fn(e, a);
	int group = e->proc ? linux_group_exit(e->proc) : 0;
	if (!s->exits && group) {
		/* the cVM is ending (a fatal signal to itself, exit_group on another thread): no
		 * thread returns from a system call, as on Linux */
		*exits = true;
		r = group - 1;
	}
	if (!s->exits && e->strace)
		lx_strace(e, s, nr, a, r, *exits);
	return r;
}

LX_HANDLER(lx_zero) { (void)e; (void)a; return 0; }
LX_HANDLER(lx_getpid) { (void)e; (void)a; return 1; }
LX_HANDLER(lx_getppid) { (void)e; (void)a; return 0; }
LX_HANDLER(lx_getuid) { (void)e; (void)a; return 0; }

/* recorded, never delivered (intravisor.md 9 "Signals") */
LX_HANDLER(lx_rt_sigaction)
{
	uint64_t sig = a[0].addr;
	if (sig < 1 || sig > 64 || sig == 9 || sig == 19)
		return -LX_EINVAL;
	uint8_t act[32];
	if (a[1].tag || a[1].addr) {
		int64_t r = lx_get(e, &a[1], 0, act, sizeof act);
		if (r)
			return r;
	}
	if (a[2].tag || a[2].addr) {
		uint8_t old[32] = { 0 };
		int64_t r = lx_put(e, &a[2], 0, old, sizeof old);
		if (r)
			return r;
	}
	if ((a[1].tag || a[1].addr) && e->proc) {
		uint64_t handler;
		memcpy(&handler, act, 8);
		pthread_mutex_lock(&e->proc->lock);
		uint64_t bit = 1ULL << (sig - 1);
		e->proc->sigactions = handler > 1 ? e->proc->sigactions | bit : e->proc->sigactions & ~bit;
		e->proc->sigignored = handler == 1 ? e->proc->sigignored | bit : e->proc->sigignored & ~bit;   /* SIG_IGN */
		pthread_mutex_unlock(&e->proc->lock);
	}
	return 0;
}

LX_HANDLER(lx_rt_sigprocmask)
{
	if (a[2].tag || a[2].addr) {
		uint64_t zero = 0;
		return lx_put(e, &a[2], 0, &zero, sizeof zero);
	}
	return 0;
}

LX_HANDLER(lx_uname)
{
	static const char *const f[6] = { "Linux", "intravisor", "6.1.0", "#1 SMP intravisor", "riscv64", "(none)" };
	char b[390] = { 0 };
	for (unsigned i = 0; i < 6; i++)
		memcpy(b + 65 * i, f[i], strlen(f[i]));
	return lx_put(e, &a[0], 0, b, sizeof b);
}

LX_HANDLER(lx_prlimit64)
{
	enum { LX_ESRCH = 3 };
	if (a[0].addr != 0)
		return -LX_ESRCH;   /* another process: none is visible */
	uint64_t new[2], old[2];
	bool set = a[2].tag || a[2].addr, get = a[3].tag || a[3].addr;
	if (set) {
		int64_t r = lx_get(e, &a[2], 0, new, sizeof new);
		if (r)
			return r;
	}
	if (get && cap_check_access(&a[3], CAP_PERM_STORE, sizeof old) != CAP_CAUSE_NONE)
		return -LX_EFAULT;   /* checked before anything is set */
	int64_t r = lx_rlimit(e, a[1].addr, set ? new : NULL, old);
	if (r || !get)
		return r;
	return lx_put(e, &a[3], 0, old, sizeof old);
}

LX_HANDLER(lx_getrandom)
{
	uint64_t len = a[1].addr;
	if (cap_check_access(&a[0], CAP_PERM_STORE, len) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	uint8_t chunk[256];
	uint64_t n = len < sizeof chunk ? len : sizeof chunk;   /* a short read, as Linux may give */
	if (getrandom(chunk, n, 0) != (ssize_t)n)
		return -LX_EINVAL;
	int64_t r = lx_put(e, &a[0], 0, chunk, n);
	return r ? r : (int64_t)n;
}
