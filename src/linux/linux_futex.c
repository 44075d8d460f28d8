/* linux_futex.c - futex WAIT/WAKE and their BITSET forms (intravisor.md 9 "Threads").
 *
 * A futex is named by its absolute address (the capability's address: one cVM's slot never
 * overlaps another's, so private and shared futexes are the same thing here). The word must
 * be inside the caller's slot: linux_derive made a[0] a 4-byte Load capability from the
 * caller's DDC, and an address it does not cover is -EFAULT.
 *
 * Waiters are a list in the process (futex_lock); each waiter is on its own host thread's
 * stack with its own condition variable. WAIT compares the word and queues itself under the
 * lock, so a WAKE that follows the waker's store cannot be lost. A waiter goes offline for
 * the memory safepoints while it sleeps, in slices of WAIT_SLICE_NS, and gives up (-EINTR)
 * when the monitor stops its thread or another thread called exit_group.
 */
#include <errno.h>
#include <stdatomic.h>
#include <time.h>

#include "linux/linux_priv.h"

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define WAIT_SLICE_NS        50000000LL   /* 50 ms */

struct linux_futex_waiter {
	uint64_t addr;
	uint32_t bitset;
	bool woken;
	pthread_cond_t cond;
	struct linux_futex_waiter *next;
};

int64_t linux_futex_wake(struct linux_proc *p, uint64_t addr, uint32_t n, uint32_t bitset)
{
	int64_t woken = 0;
	pthread_mutex_lock(&p->thr.futex_lock);
	for (struct linux_futex_waiter *w = p->thr.waiters; w && (uint32_t)woken < n; w = w->next)
		if (w->addr == addr && (w->bitset & bitset) && !w->woken) {
			w->woken = true;
			pthread_cond_signal(&w->cond);
			woken++;
		}
	pthread_mutex_unlock(&p->thr.futex_lock);
	return woken;
}

void linux_futex_wake_all(struct linux_proc *p)
{
	pthread_mutex_lock(&p->thr.futex_lock);
	for (struct linux_futex_waiter *w = p->thr.waiters; w; w = w->next)
		pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&p->thr.futex_lock);
}

static int64_t ns_of(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000LL + t->tv_nsec; }

static struct timespec ts_of(int64_t ns)
{
	return (struct timespec){ .tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL };
}

/* The deadline on CLOCK_MONOTONIC (ns), INT64_MAX for none; -EINVAL for a bad timespec,
 * -EFAULT for an unreadable one. */
static int64_t deadline_of(const struct linux_env *e, const struct cap *ts, unsigned cmd, bool realtime, int64_t *out)
{
	*out = INT64_MAX;
	if (!ts->tag && ts->addr == 0)
		return 0;
	int64_t v[2];
	int64_t r = lx_get(e, ts, 0, v, sizeof v);
	if (r)
		return r;
	if (v[0] < 0 || v[1] < 0 || v[1] >= 1000000000LL)
		return -LX_EINVAL;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t span = v[0] > INT64_MAX / 1000000000LL - 1 ? INT64_MAX / 2 : v[0] * 1000000000LL + v[1];
	if (cmd == FUTEX_WAIT) {   /* relative */
		*out = ns_of(&now) + span;
		return 0;
	}
	struct timespec real;   /* absolute, on the clock the flag names */
	clock_gettime(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &real);
	*out = ns_of(&now) + (span - ns_of(&real));
	return 0;
}

/* word NULL: a sleep (nanosleep, clock_nanosleep) queued with bitset 0, which no WAKE meets,
 * so that only the deadline, exit_group (linux_futex_wake_all) or a stop ends it. */
static int64_t futex_wait(const struct linux_env *e, const struct cap *word, uint32_t val, uint32_t bitset,
			  int64_t deadline)
{
	struct linux_proc *p = e->proc;
	struct linux_futex_waiter w = { .addr = word ? word->addr : 0, .bitset = bitset };
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w.cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_lock(&p->thr.futex_lock);
	uint32_t cur;
	int64_t r = word ? lx_get(e, word, 0, &cur, 4) : 0;   /* under the lock: no wake is lost */
	if (r == 0 && word && cur != val)
		r = -LX_EAGAIN;
	if (r) {
		pthread_mutex_unlock(&p->thr.futex_lock);
		pthread_cond_destroy(&w.cond);
		return r;
	}
	w.next = p->thr.waiters;
	p->thr.waiters = &w;
	if (e->t)
		mem_thread_offline(e->t);
	while (!w.woken) {
		if (atomic_load(&p->thr.group_exit) || (e->ops && e->ops->stopping && e->ops->stopping(e->ops_ctx))) {
			r = -LX_EINTR;
			break;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		int64_t t = ns_of(&now);
		if (t >= deadline) {
			r = -LX_ETIMEDOUT;
			break;
		}
		struct timespec until = ts_of(deadline - t < WAIT_SLICE_NS ? deadline : t + WAIT_SLICE_NS);
		pthread_cond_timedwait(&w.cond, &p->thr.futex_lock, &until);
	}
	for (struct linux_futex_waiter **pp = &p->thr.waiters; *pp; pp = &(*pp)->next)
		if (*pp == &w) {
			*pp = w.next;
			break;
		}
	pthread_mutex_unlock(&p->thr.futex_lock);
	if (e->t)
		mem_thread_online(e->t);
	pthread_cond_destroy(&w.cond);
	return w.woken ? 0 : r;
}

int64_t lx_sleep_until(const struct linux_env *e, int64_t deadline)
{
	if (e->proc)
		return futex_wait(e, NULL, 0, 0, deadline) == -LX_ETIMEDOUT ? 0 : -LX_EINTR;
	if (e->t)   /* no process (no exit_group to hear): slices of a plain sleep */
		mem_thread_offline(e->t);
	int64_t r = 0;
	for (;;) {
		if (e->ops && e->ops->stopping && e->ops->stopping(e->ops_ctx)) {
			r = -LX_EINTR;
			break;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		int64_t t = ns_of(&now);
		if (t >= deadline)
			break;
		struct timespec until = ts_of(deadline - t < WAIT_SLICE_NS ? deadline : t + WAIT_SLICE_NS);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
	}
	if (e->t)
		mem_thread_online(e->t);
	return r;
}

/* futex(uaddr, op, val, timeout, uaddr2, val3) */
LX_HANDLER(lx_futex)
{
	unsigned op = (unsigned)a[1].addr, cmd = op & ~(unsigned)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint32_t val = (uint32_t)a[2].addr, bitset = cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET ?
		(uint32_t)a[5].addr : UINT32_MAX;
	if (cmd != FUTEX_WAIT && cmd != FUTEX_WAKE && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAKE_BITSET)
		return -LX_ENOSYS;
	if (!e->proc)
		return -LX_ENOSYS;
	if (cap_check_access(&a[0], CAP_PERM_LOAD, 4) != CAP_CAUSE_NONE || (a[0].addr & 3))
		return a[0].tag && (a[0].addr & 3) ? -LX_EINVAL : -LX_EFAULT;
	if (bitset == 0)
		return -LX_EINVAL;
	if (cmd == FUTEX_WAKE || cmd == FUTEX_WAKE_BITSET)
		return linux_futex_wake(e->proc, a[0].addr, val, bitset);
	int64_t deadline;
	int64_t r = deadline_of(e, &a[3], cmd, (op & FUTEX_CLOCK_REALTIME) != 0, &deadline);
	if (r)
		return r;
	return futex_wait(e, &a[0], val, bitset, deadline);
}
