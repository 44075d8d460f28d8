/* linux_signal.c - kill, tkill, tgkill of a hybrid cVM to itself (intravisor.md 9 "Signals").
 *
 * No signal is delivered to a handler: rt_sigaction only records (linux_serve.c). What a
 * signal a cVM sends itself does, by its disposition as Linux would decide it:
 *   - a handler recorded: nothing (the call succeeds; the handler does not run). glibc's
 *     abort() then resets SIGABRT to SIG_DFL and sends it again, which ends the cVM;
 *   - SIG_IGN recorded, or a signal whose default is to be ignored (SIGCHLD, SIGURG, SIGWINCH)
 *     or to stop or continue (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT; a cVM has no job
 *     control): nothing;
 *   - otherwise (SIGABRT from abort() and failed assertions, SIGKILL always, SIGTERM, SIGSEGV,
 *     real-time signals, ...): every thread of the cVM ends, with status 128 + the signal, as
 *     a shell shows a process killed by it (SIGABRT: 134). The monitor says so on stderr
 *     (linux_killed_by).
 * The target must be the cVM itself: pid 1 (its getpid) or 0 (its process group), and for
 * tgkill/tkill one of its thread ids; anything else is -ESRCH (there is no other process).
 */
#include <stdatomic.h>
#include <string.h>

#include "linux/linux_files.h"

enum { LX_ESRCH = 3 };
enum { SIGKILL = 9, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTTOU = 22, SIGURG = 23, SIGWINCH = 28,
       SIG_LAST = 64 };

static const char *const names[32] = {
	NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
	"SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
	"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
	"SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

const char *linux_signal_name(int sig)
{
	if (sig > 0 && sig < 32)
		return names[sig];
	return sig >= 32 && sig <= SIG_LAST ? "a real-time signal" : "?";
}

int linux_killed_by(const struct linux_proc *p)
{
	return atomic_load(&p->thr.killed_by);
}

/* Whether sig, sent to itself, ends the cVM (the dispositions above). */
static bool is_fatal(struct linux_proc *p, int sig)
{
	if (sig == SIGKILL)
		return true;
	uint64_t bit = 1ULL << (sig - 1);
	bool handled, ignored;
	pthread_mutex_lock(&p->lock);
	handled = (p->sigactions & bit) != 0;
	ignored = (p->sigignored & bit) != 0;
	pthread_mutex_unlock(&p->lock);
	if (handled || ignored)
		return false;
	return !(sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || (sig >= SIGCONT && sig <= SIGTTOU));
}

/* a thread id of this cVM: the ids handed out so far (the main thread is 1) */
static bool is_own_tid(const struct linux_proc *p, uint64_t tid)
{
	return tid >= 1 && tid < atomic_load(&p->thr.next_tid);
}

static int64_t send_self(const struct linux_env *e, uint64_t sig)
{
	if (sig > SIG_LAST)
		return -LX_EINVAL;
	if (sig == 0 || !is_fatal(e->proc, (int)sig))
		return 0;   /* sig 0: the target exists */
	int none = 0;
	atomic_compare_exchange_strong(&e->proc->thr.killed_by, &none, (int)sig);
	linux_group_kill(e->proc, 128 + (int)sig);
	if (e->ops && e->ops->stop_group)
		e->ops->stop_group(e->ops_ctx);
	return 128 + (int)sig;   /* linux_serve ends the thread: the group is exiting */
}

LX_HANDLER(lx_kill)
{
	int64_t pid = (int32_t)a[0].addr;
	if (!e->proc)
		return -LX_ESRCH;
	if (pid != 1 && pid != 0)
		return -LX_ESRCH;
	return send_self(e, a[1].addr);
}

LX_HANDLER(lx_tkill)
{
	if ((int32_t)a[0].addr <= 0)
		return -LX_EINVAL;
	if (!e->proc || !is_own_tid(e->proc, a[0].addr))
		return -LX_ESRCH;
	return send_self(e, a[1].addr);
}

LX_HANDLER(lx_tgkill)
{
	if ((int32_t)a[0].addr <= 0 || (int32_t)a[1].addr <= 0)
		return -LX_EINVAL;
	if (!e->proc || a[0].addr != 1 || !is_own_tid(e->proc, a[1].addr))
		return -LX_ESRCH;
	return send_self(e, a[2].addr);
}

/* sigaltstack(ss, old_ss): recorded per thread and reported back (stack_t: sp, flags (int),
 * size at 0, 8, 16). A handler never runs, so the thread is never on it (no SS_ONSTACK).
 * New stacks: flags 0, SS_ONSTACK (taken as 0, as Linux does) or SS_DISABLE, with
 * SS_AUTODISARM allowed; smaller than MINSIGSTKSZ (2048): -ENOMEM. No thread state (a call
 * the monitor serves for a handler cVM): -EINVAL. */
LX_HANDLER(lx_sigaltstack)
{
	enum { SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1u << 31, MINSIGSTKSZ = 2048 };
	struct linux_thread *t = e->self;
	uint8_t ss[24];
	if (!t)
		return -LX_EINVAL;
	uint64_t sp = 0, size = 0;
	uint32_t flags = 0;
	bool set = a[0].tag || a[0].addr;
	if (set) {
		int64_t r = lx_get(e, &a[0], 0, ss, sizeof ss);
		if (r)
			return r;
		memcpy(&sp, ss, 8);
		memcpy(&flags, ss + 8, 4);
		memcpy(&size, ss + 16, 8);
		uint32_t mode = flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -LX_EINVAL;
		if (mode == SS_DISABLE)
			sp = size = 0;
		else if (size < MINSIGSTKSZ)
			return -LX_ENOMEM;
		flags = mode == SS_DISABLE ? SS_DISABLE : flags & SS_AUTODISARM;
	}
	if (a[1].tag || a[1].addr) {
		uint32_t old = t->ss_size ? t->ss_flags : SS_DISABLE;
		memset(ss, 0, sizeof ss);
		memcpy(ss, &t->ss_sp, 8);
		memcpy(ss + 8, &old, 4);
		memcpy(ss + 16, &t->ss_size, 8);
		int64_t r = lx_put(e, &a[1], 0, ss, sizeof ss);
		if (r)
			return r;
	}
	if (set) {
		t->ss_sp = sp;
		t->ss_size = size;
		t->ss_flags = flags;
	}
	return 0;
}
