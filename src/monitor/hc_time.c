/* hc_time.c - hostcalls 200 (nanosleep) and 800 (gettimeofday), upstream's numbers with the
 * arguments checked as write's are (hostcall.h). A sleep goes offline and wakes every
 * SLEEP_SLICE to see whether its thread is being stopped (then -EINTR, the rest in *rem). */
#include <sys/time.h>
#include <time.h>

#include "monitor/hc_time.h"

#include "../../sdk/include/hostcalls.h"

#define SLEEP_SLICE_NS 50000000LL
#define NS 1000000000LL

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * NS + t.tv_nsec;
}

/* 200: ca0 = req [Load, 16 bytes: tv_sec, tv_nsec], ca1 = rem [Store, 16 bytes] or NULL */
int64_t hc_nanosleep(const struct hostcall_env *e, const struct hostcall_request *r)
{
	const struct cap req = r->arg[0], rem = r->arg[1];
	bool has_rem = rem.tag || rem.addr != 0;
	if (hostcall_check_cap(&req, CAP_PERM_LOAD, 16) != CAP_CAUSE_NONE ||
	    (has_rem && hostcall_check_cap(&rem, CAP_PERM_STORE, 16) != CAP_CAUSE_NONE))
		return HC_EFAULT;
	int64_t ts[2];
	if (mem_read(e->m, req.addr, ts, sizeof ts) != MEM_OK)
		return HC_EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= NS)
		return HC_EINVAL;
	int64_t start = now_ns();
	int64_t deadline = ts[0] > (INT64_MAX - start) / NS - 1 ? INT64_MAX : start + ts[0] * NS + ts[1];
	int64_t res = 0;
	if (e->t)
		mem_thread_offline(e->t);
	for (;;) {
		int64_t t = now_ns();
		if (t >= deadline)
			break;
		if (e->stopping && e->stopping(e->stopping_ctx)) {
			res = HC_EINTR;
			break;
		}
		int64_t d = deadline - t < SLEEP_SLICE_NS ? deadline - t : SLEEP_SLICE_NS;
		struct timespec s = { .tv_sec = d / NS, .tv_nsec = d % NS };
		nanosleep(&s, NULL);
	}
	if (e->t)
		mem_thread_online(e->t);
	if (res && has_rem) {
		int64_t left = deadline - now_ns();
		int64_t out[2] = { left > 0 ? left / NS : 0, left > 0 ? left % NS : 0 };
		if (mem_write(e->m, rem.addr, out, sizeof out) != MEM_OK)
			return HC_EFAULT;
	}
	return res;
}

/* 800: ca0 = tv [Store, 16 bytes: tv_sec, tv_usec]; ca1 (timezone) is not read */
int64_t hc_gettimeofday(const struct hostcall_env *e, const struct hostcall_request *r)
{
	const struct cap tv = r->arg[0];
	if (hostcall_check_cap(&tv, CAP_PERM_STORE, 16) != CAP_CAUSE_NONE)
		return HC_EFAULT;
	struct timeval now;
	gettimeofday(&now, NULL);
	int64_t out[2] = { now.tv_sec, now.tv_usec };
	return mem_write(e->m, tv.addr, out, sizeof out) == MEM_OK ? 0 : HC_EFAULT;
}
