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
