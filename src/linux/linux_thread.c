/* linux_thread.c - clone, exit, exit_group, set_tid_address, gettid (intravisor.md 9 "Threads").
 *
 * clone(flags, newsp, parent_tid, tls, child_tid) - the riscv64 (asm-generic) order, which is
 * what glibc's clone.S passes for pthread_create (flags CLONE_VM | CLONE_FS | CLONE_FILES |
 * CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
 * CLONE_CHILD_CLEARTID). Decoded and checked here (STYLE 9): no CLONE_VM (a fork) is -ENOSYS;
 * CLONE_VM without CLONE_THREAD|CLONE_SIGHAND (a vfork-like child) is -ENOSYS too; the tid
 * pointers must be capabilities the caller could store through (-EFAULT); beyond the cVM's
 * thread limit it is -EAGAIN. Then the monitor starts it (ops->spawn). The new thread's stack and
 * TLS are integers of the caller's view, as given: if they are outside the slot, the new
 * thread's first access faults there (its DDC), never the monitor.
 */
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

#include "linux/linux_priv.h"

#define CLONE_VM             0x00000100ULL
#define CLONE_SIGHAND        0x00000800ULL
#define CLONE_VFORK          0x00004000ULL
#define CLONE_THREAD         0x00010000ULL
#define CLONE_SETTLS         0x00080000ULL
#define CLONE_PARENT_SETTID  0x00100000ULL
#define CLONE_CHILD_CLEARTID 0x00200000ULL
#define CLONE_CHILD_SETTID   0x01000000ULL

void linux_threads_init(struct linux_proc *p, unsigned max)
{
	p->thr.count = 1;
	p->thr.max = max;
	p->thr.next_tid = 2;
	p->thr.group_exit = 0;
	p->thr.waiters = NULL;
	pthread_mutex_init(&p->thr.futex_lock, NULL);
}

void linux_thread_main(struct linux_thread *t)
{
	t->tid = 1;
	t->clear_tid = cap_from_int(0);
}

void linux_thread_gone(struct linux_proc *p)
{
	p->thr.count--;
}

int linux_group_exit(const struct linux_proc *p)
{
	return p->thr.group_exit;
}

void linux_group_kill(struct linux_proc *p, int status)
{
	int none = 0;
	atomic_compare_exchange_strong(&p->thr.group_exit, &none, status + 1);
	linux_futex_wake_all(p);
}

static bool can_store4(const struct cap *c)
{
	return cap_check_access(c, CAP_PERM_STORE, 4) == CAP_CAUSE_NONE;
}

LX_HANDLER(lx_clone)
{
	uint64_t flags = a[0].addr;
	if (!(flags & CLONE_VM) || !(flags & CLONE_THREAD) || !(flags & CLONE_SIGHAND) || (flags & CLONE_VFORK))
		return -LX_ENOSYS;   /* fork, vfork: one address space per cVM */
	if (!e->proc || !e->ops || !e->ops->spawn)
		return -LX_ENOSYS;
	if ((flags & CLONE_PARENT_SETTID) && !can_store4(&a[2]))
		return -LX_EFAULT;
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) && !can_store4(&a[4]))
		return -LX_EFAULT;
	struct linux_threads *thr = &e->proc->thr;
	if (thr->group_exit)
		return -LX_EAGAIN;
	if (++thr->count > thr->max) {
		thr->count--;
		return -LX_EAGAIN;
	}
	struct linux_clone c = { .flags = flags, .sp = a[1].addr, .tls = a[3].addr, .set_tls = (flags & CLONE_SETTLS) != 0,
				 .tid = thr->next_tid++, .clear_tid = cap_from_int(0) };
	if (flags & CLONE_CHILD_CLEARTID)
		c.clear_tid = a[4];
	uint32_t tid = c.tid;
	/* the tid words first (as the kernel: before either thread runs on) */
	if ((flags & CLONE_PARENT_SETTID) && lx_put(e, &a[2], 0, &tid, 4))
		goto fault;
	if ((flags & CLONE_CHILD_SETTID) && lx_put(e, &a[4], 0, &tid, 4))
		goto fault;
	if (e->ops->spawn(e->ops_ctx, &c) != 0) {
		thr->count--;
		return -LX_EAGAIN;
	}
	return tid;
fault:
	thr->count--;
	return -LX_EFAULT;
}

/* exit: this thread only. CLONE_CHILD_CLEARTID: 0 at the word, one waiter woken (what
 * pthread_join waits for). */
LX_HANDLER(lx_exit_thread)
{
	if (e->self && e->self->clear_tid.tag) {
		uint32_t zero = 0;
		if (lx_put(e, &e->self->clear_tid, 0, &zero, 4) == 0 && e->proc)
			(void)linux_futex_wake(e->proc, e->self->clear_tid.addr, 1, UINT32_MAX);
	}
	return (int64_t)(a[0].addr & 0xff);
}

/* exit_group: every thread of the cVM ends; the first caller's status wins */
LX_HANDLER(lx_exit_group)
{
	int status = (int)(a[0].addr & 0xff);
	if (e->proc) {
		linux_group_kill(e->proc, status);
		if (e->ops && e->ops->stop_group)
			e->ops->stop_group(e->ops_ctx);
	}
	return status;
}

LX_HANDLER(lx_set_tid_address)
{
	if (e->self)
		e->self->clear_tid = can_store4(&a[0]) ? a[0] : cap_from_int(0);
	return e->self ? e->self->tid : 1;
}

LX_HANDLER(lx_gettid)
{
	(void)a;
	return e->self ? e->self->tid : 1;
}

LX_HANDLER(lx_sched_yield)
{
	(void)e;
	(void)a;
	sched_yield();
	return 0;
}
