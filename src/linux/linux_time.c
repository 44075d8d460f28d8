/* linux_time.c - sleeping, clocks and the cVM's view of the machine: nanosleep,
 * clock_nanosleep, clock_gettime, clock_getres, gettimeofday, sysinfo, getrlimit, sched_getaffinity
 * (prlimit64, in linux_serve.c, shares lx_rlimit).
 *
 * A sleep is a wait no wake meets (lx_sleep_until, linux_futex.c): the thread goes offline
 * for the memory safepoints while it sleeps and comes back early, with -EINTR, only when the
 * cVM is ending (exit_group, a fatal signal to itself) or the monitor stops it. No signal is
 * ever delivered to a cVM (intravisor.md 9 "Signals"), so a sleep is otherwise never cut.
 *
 * What a cVM learns of the machine is its own: sysinfo's memory is its slot (total) and the
 * room still free between its break and its lowest mapping; procs is its thread count.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "linux/linux_files.h"
#include "linux/linux_priv.h"

#define TIMER_ABSTIME_FLAG 1
#define NS 1000000000LL

enum { RLIMIT_STACK_NR = 3, RLIMIT_NOFILE_NR = 7, RLIM_NLIMITS_NR = 16 };

int64_t lx_clockid(uint64_t id, clockid_t *out)
{
	static const clockid_t ids[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC,
		CLOCK_PROCESS_CPUTIME_ID,   /* the monitor's: clock(), os.clock */
		CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
		CLOCK_BOOTTIME,
	};
	if (id >= sizeof ids / sizeof ids[0])
		return -LX_EINVAL;
	*out = ids[id];
	return 0;
}

void lx_rlimit_defaults(uint64_t rlim[16][2])
{
	for (unsigned i = 0; i < RLIM_NLIMITS_NR; i++)
		rlim[i][0] = rlim[i][1] = UINT64_MAX;   /* RLIM_INFINITY */
	rlim[RLIMIT_STACK_NR][0] = rlim[RLIMIT_STACK_NR][1] = 8ULL << 20;   /* the main stack's size */
	rlim[RLIMIT_NOFILE_NR][0] = rlim[RLIMIT_NOFILE_NR][1] = LINUX_FD_MAX;
}

/* As the kernel's prlimit: a soft limit above the hard one is -EINVAL; raising a hard limit
 * -EPERM (a cVM has no CAP_SYS_RESOURCE). RLIMIT_NOFILE is the descriptor table's and bounds
 * new descriptors (linux_fd.c); the others are kept and read back, not enforced. */
int64_t lx_rlimit(const struct linux_env *e, uint64_t resource, const uint64_t *new, uint64_t v[2])
{
	if (resource >= RLIM_NLIMITS_NR)
		return -LX_EINVAL;
	if (new && new[0] > new[1])
		return -LX_EINVAL;
	struct linux_files *fs = lx_files(e);
	if (resource == RLIMIT_NOFILE_NR && fs) {
		if (!new) {
			lx_fd_limit(fs, v);
			return 0;
		}
		return lx_fd_set_limit(fs, new, v);
	}
	if (!e->proc) {   /* a pure-cap cVM's Linux call: the defaults, nothing to set */
		uint64_t d[16][2];
		lx_rlimit_defaults(d);
		memcpy(v, d[resource], 2 * sizeof *v);
		return new ? -LX_EPERM : 0;
	}
	int64_t r = 0;
	pthread_mutex_lock(&e->proc->lock);
	uint64_t *cur = e->proc->rlim[resource];
	v[0] = cur[0];
	v[1] = cur[1];
	if (new && new[1] > cur[1])
		r = -LX_EPERM;
	else if (new) {
		cur[0] = new[0];
		cur[1] = new[1];
	}
	pthread_mutex_unlock(&e->proc->lock);
	return r;
}

static bool given(const struct cap *c) { return c->tag || c->addr; }

static int64_t ns_of(const struct timespec *t) { return (int64_t)t->tv_sec * NS + t->tv_nsec; }

/* A guest timespec: 0 and *ns, -EFAULT (unreadable), -EINVAL (negative, nsec out of range). */
static int64_t get_timespec(const struct linux_env *e, const struct cap *c, int64_t *ns)
{
	int64_t v[2];
	int64_t r = lx_get(e, c, 0, v, sizeof v);
	if (r)
		return r;
	if (v[0] < 0 || v[1] < 0 || v[1] >= NS)
		return -LX_EINVAL;
	*ns = v[0] > INT64_MAX / NS - 1 ? INT64_MAX / 2 : v[0] * NS + v[1];   /* "forever" */
	return 0;
}

/* Sleep until monotonic deadline; on -EINTR of a relative sleep the time left goes to rem. */
static int64_t sleep_for(const struct linux_env *e, int64_t deadline, bool relative, const struct cap *rem)
{
	int64_t r = lx_sleep_until(e, deadline);
	if (r == -LX_EINTR && relative && given(rem)) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		int64_t left = deadline - ns_of(&now);
		if (left < 0)
			left = 0;
		int64_t v[2] = { left / NS, left % NS };
		lx_put(e, rem, 0, v, sizeof v);   /* the cVM is ending: a bad rem changes nothing */
	}
	return r;
}

static int64_t deadline_after(int64_t span)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return span > INT64_MAX - ns_of(&now) ? INT64_MAX : ns_of(&now) + span;
}

/* nanosleep(req, rem): relative, on CLOCK_MONOTONIC as Linux measures it */
LX_HANDLER(lx_nanosleep)
{
	int64_t span;
	int64_t r = get_timespec(e, &a[0], &span);
	if (r)
		return r;
	return sleep_for(e, deadline_after(span), true, &a[1]);
}

/* clock_nanosleep(clock, flags, req, rem): glibc's nanosleep, usleep and sleep come here.
 * Clocks REALTIME, MONOTONIC, BOOTTIME; TIMER_ABSTIME on REALTIME follows the real-time clock
 * as it is when the sleep starts. CPU-time clocks: -EINVAL (a sleep on them is not served). */
LX_HANDLER(lx_clock_nanosleep)
{
	uint64_t clock = a[0].addr, flags = a[1].addr;
	if (clock != 0 && clock != 1 && clock != 7)
		return -LX_EINVAL;
	int64_t t;
	int64_t r = get_timespec(e, &a[2], &t);
	if (r)
		return r;
	if (!(flags & TIMER_ABSTIME_FLAG))
		return sleep_for(e, deadline_after(t), true, &a[3]);
	clockid_t id;
	lx_clockid(clock, &id);
	struct timespec on;
	clock_gettime(id, &on);
	int64_t left = t - ns_of(&on);
	return sleep_for(e, left <= 0 ? 0 : deadline_after(left), false, &a[3]);
}

/* clock_gettime / clock_getres (clock, ts): a clock a cVM may use (lx_clockid), read by the
 * host's call into the guest's timespec; clock_getres accepts a NULL ts */
static int64_t clock_call(const struct linux_env *e, const struct cap a[LINUX_REQ_ARGS],
			  int (*call)(clockid_t, struct timespec *), bool optional)
{
	clockid_t id;
	int64_t r = lx_clockid(a[0].addr, &id);
	if (r || (optional && !given(&a[1])))
		return r;
	struct timespec ts;
	call(id, &ts);
	uint64_t v[2] = { (uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec };
	return lx_put(e, &a[1], 0, v, sizeof v);
}

LX_HANDLER(lx_clock_gettime) { return clock_call(e, a, clock_gettime, false); }
LX_HANDLER(lx_clock_getres) { return clock_call(e, a, clock_getres, true); }

/* gettimeofday(tv, tz): the time zone is UTC (minutes west 0, no DST), as in a container */
LX_HANDLER(lx_gettimeofday)
{
	if (given(&a[0])) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t v[2] = { (uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec / 1000 };
		int64_t r = lx_put(e, &a[0], 0, v, sizeof v);
		if (r)
			return r;
	}
	if (given(&a[1])) {
		static const uint32_t tz[2];
		return lx_put(e, &a[1], 0, tz, sizeof tz);
	}
	return 0;
}

/* struct sysinfo of riscv64 (112 bytes): uptime, loads[3], totalram, freeram, sharedram,
 * bufferram, totalswap, freeswap (8 bytes each), procs (u16) at 80, totalhigh at 88,
 * freehigh at 96, mem_unit (u32) at 104 */
LX_HANDLER(lx_sysinfo)
{
	uint8_t b[LX_SYSINFO_SIZE] = { 0 };
	struct timespec up;
	clock_gettime(CLOCK_BOOTTIME, &up);
	uint64_t w[8] = { (uint64_t)up.tv_sec };
	const struct linux_proc *p = e->proc;
	if (p) {
		pthread_mutex_lock(&e->proc->lock);
		w[4] = p->size;
		w[5] = p->mmap_next > p->brk ? p->mmap_next - p->brk : 0;
		pthread_mutex_unlock(&e->proc->lock);
	}
	memcpy(b, w, sizeof w);
	uint16_t procs = p ? (uint16_t)atomic_load(&e->proc->thr.count) : 1;
	memcpy(b + 80, &procs, sizeof procs);
	uint32_t unit = 1;
	memcpy(b + 104, &unit, sizeof unit);
	return lx_put(e, &a[0], 0, b, sizeof b);
}

/* getrlimit(resource, rlim): prlimit64's answers (lx_rlimit) */
LX_HANDLER(lx_getrlimit)
{
	uint64_t v[2];
	int64_t r = lx_rlimit(e, a[0].addr, NULL, v);
	return r ? r : lx_put(e, &a[1], 0, v, sizeof v);
}

/* sched_getaffinity(pid, len, mask): the monitor's CPUs (the host threads of a cVM run on
 * them), as many bytes as the kernel's mask has (whole longs); the count is the result. pid 0
 * or a thread of the cVM; len not a multiple of 8, or too short for the mask: -EINVAL. */
LX_HANDLER(lx_sched_getaffinity)
{
	enum { LX_ESRCH = 3 };
	uint64_t pid = a[0].addr, len = a[1].addr;
	if (pid != 0 && !(e->proc && pid < atomic_load(&e->proc->thr.next_tid)))
		return -LX_ESRCH;
	cpu_set_t set;
	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		CPU_SET(0, &set);
	unsigned last = 0;
	for (unsigned c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			last = c;
	uint64_t need = (last / 64 + 1) * 8;
	if (len & 7 || len < need)
		return -LX_EINVAL;
	int64_t r = lx_put(e, &a[2], 0, &set, need);
	return r ? r : (int64_t)need;
}
