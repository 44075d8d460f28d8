/* run_stop.c - stopping every hart: SIGINT, SIGTERM and --timeout (intravisor.md sections 1, 7).
 *
 * main.c's signal handler does only what is async-signal-safe: it writes the signal number as
 * one byte into a pipe whose read end is mon->stop_fd (a second signal makes it _exit at once).
 * A watcher thread, started by monitor_run before the first cVM, waits in poll() for that pipe,
 * for the --timeout deadline, or for monitor_run's byte on done_pipe ("every thread has
 * ended"). On a signal or the deadline it records the reason (the first one wins) and asks
 * every registered hart to stop: hart_request_stop() makes the hart return HART_EXIT_STOP at its
 * next block boundary, and the thread ends with a report (run_stopped). A thread whose hart is
 * registered after that sees the reason when it registers; monitor_run starts no further cVM,
 * and the sleep of a `wait: N` cVM ends early.
 *
 * Locks: stop_lock guards st->reason and every run_thread's hart pointer, so a hart is never
 * asked to stop after its thread unregistered it (hart_free follows).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "monitor/report.h"
#include "monitor/run_priv.h"

static void run_stop_all(struct run_state *st, enum run_stop_reason why)
{
	pthread_mutex_lock(&st->stop_lock);
	if (st->reason == RUN_STOP_NONE) {
		st->reason = why;
		for (unsigned i = 0; i < st->nthreads; i++)
			if (st->threads[i].hart)
				hart_request_stop(st->threads[i].hart);
		for (unsigned i = 0; i < st->nclones; i++)
			if (st->clones[i]->hart)
				hart_request_stop(st->clones[i]->hart);
		pthread_cond_broadcast(&st->stop_cond);
	}
	pthread_mutex_unlock(&st->stop_lock);
}

/* milliseconds to the deadline for poll(): -1 = none, 0 = passed */
static int run_stop_wait_ms(const struct run_state *st)
{
	if (st->deadline <= 0)
		return -1;
	double left = st->deadline - run_clock();
	if (left <= 0)
		return 0;
	double ms = left * 1000.0 + 1.0;   /* rounded up: never wake just before the deadline */
	return ms < (double)INT_MAX ? (int)ms : INT_MAX;
}

static void *run_watch(void *arg)
{
	struct run_state *st = arg;
	int stop_fd = st->stop_fd;
	for (;;) {
		int ms = run_stop_wait_ms(st);
		if (ms == 0) {
			run_stop_all(st, RUN_STOP_TIMEOUT);
			return NULL;
		}
		struct pollfd p[2] = { { .fd = st->done_pipe[0], .events = POLLIN }, { .fd = stop_fd, .events = POLLIN } };
		int n = poll(p, stop_fd >= 0 ? 2 : 1, ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[0].revents)
			return NULL;   /* every thread has ended (or poll cannot work: nothing to watch) */
		if (stop_fd >= 0 && (p[1].revents & POLLIN)) {
			unsigned char sig = 0;
			ssize_t k = read(stop_fd, &sig, 1);
			if (k == 1) {
				run_stop_all(st, sig == SIGTERM ? RUN_STOP_SIGTERM : RUN_STOP_SIGINT);
				return NULL;
			}
		} else if (stop_fd >= 0 && p[1].revents) {
			stop_fd = -1;  /* closed or broken: watch the deadline only */
		}
	}
}

int run_stop_begin(struct monitor *mon, struct run_state *st)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&st->stop_cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&st->stop_lock, NULL);
	st->reason = RUN_STOP_NONE;
	st->nthreads = mon->ncvms;
	st->stop_fd = mon->stop_fd;
	st->timeout = mon->timeout;
	st->deadline = mon->timeout > 0 ? run_clock() + mon->timeout : 0;
	st->has_watcher = false;
	if (st->stop_fd < 0 && st->deadline <= 0)
		return 0;   /* nothing to watch */
	if (pipe2(st->done_pipe, O_CLOEXEC) != 0) {
		fprintf(stderr, "intravisor: cannot start the stop watcher: pipe failed\n");
		return -1;
	}
	if (pthread_create(&st->watcher, NULL, run_watch, st) != 0) {
		fprintf(stderr, "intravisor: cannot start the stop watcher thread\n");
		close(st->done_pipe[0]);
		close(st->done_pipe[1]);
		return -1;
	}
	st->has_watcher = true;
	return 0;
}

void run_stop_end(struct run_state *st)
{
	if (st->has_watcher) {
		unsigned char b = 1;
		(void)!write(st->done_pipe[1], &b, 1);
		pthread_join(st->watcher, NULL);
		close(st->done_pipe[0]);
		close(st->done_pipe[1]);
		st->has_watcher = false;
	}
	pthread_cond_destroy(&st->stop_cond);
	pthread_mutex_destroy(&st->stop_lock);
}

void run_stop_register(struct run_thread *rt, struct hart *h)
{
	struct run_state *st = rt->mon->run;
	pthread_mutex_lock(&st->stop_lock);
	rt->hart = h;
	if (st->reason != RUN_STOP_NONE || (rt->v->is_hybrid && linux_group_exit(&rt->v->lx)))
		hart_request_stop(h);
	pthread_mutex_unlock(&st->stop_lock);
}

void run_stop_unregister(struct run_thread *rt)
{
	struct run_state *st = rt->mon->run;
	pthread_mutex_lock(&st->stop_lock);
	rt->hart = NULL;
	pthread_mutex_unlock(&st->stop_lock);
}

static enum run_stop_reason run_stop_reason(struct run_state *st)
{
	pthread_mutex_lock(&st->stop_lock);
	enum run_stop_reason r = st->reason;
	pthread_mutex_unlock(&st->stop_lock);
	return r;
}

void run_stop_debugger(struct run_state *st)
{
	run_stop_all(st, RUN_STOP_DEBUGGER);
}

bool run_stop_requested(struct run_state *st)
{
	return run_stop_reason(st) != RUN_STOP_NONE;
}

void run_stop_sleep(struct run_state *st, long seconds)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += seconds < INT32_MAX ? seconds : INT32_MAX;   /* wait: N is any long */
	pthread_mutex_lock(&st->stop_lock);
	while (st->reason == RUN_STOP_NONE)
		if (pthread_cond_timedwait(&st->stop_cond, &st->stop_lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&st->stop_lock);
}

void run_report_stop(struct run_thread *rt, struct hart *h, const struct hart_trap *tr, enum report_kind kind,
		     const char *why)
{
	struct monitor *mon = rt->mon;
	struct run_state *st = mon->run;
	struct hart_trap at = *tr;
	struct cap pcc;
	hart_get_pcc(h, &pcc);
	at.pc = pcc.addr;   /* where it stopped: between two instructions, nothing fetched */
	at.insn = 0;
	pthread_mutex_lock(&st->print_lock);
	if (mon->out)
		fflush(mon->out);
	report_fault(mon, stderr, rt->v, rt->j, h, &at, kind, why);
	pthread_mutex_unlock(&st->print_lock);
}

void run_stopped(struct run_thread *rt, struct hart *h, const struct hart_trap *tr)
{
	struct run_state *st = rt->mon->run;
	enum run_stop_reason r = run_stop_reason(st);
	int group = rt->v->is_hybrid ? linux_group_exit(&rt->v->lx) : 0;
	if (r == RUN_STOP_NONE && group) {   /* another thread of its cVM called exit_group */
		rt->end = RUN_END_EXIT;
		rt->exit_value = group - 1;
		return;
	}
	char why[96];
	switch (r) {
	case RUN_STOP_SIGINT: snprintf(why, sizeof why, "interrupted by SIGINT"); break;
	case RUN_STOP_SIGTERM: snprintf(why, sizeof why, "interrupted by SIGTERM"); break;
	case RUN_STOP_TIMEOUT: snprintf(why, sizeof why, "--timeout %g s expired", st->timeout); break;
	case RUN_STOP_DEBUGGER: snprintf(why, sizeof why, "killed by the debugger (gdb kill)"); break;
	case RUN_STOP_NONE: snprintf(why, sizeof why, "stopped by the monitor"); break;
	}
	run_report_stop(rt, h, tr, REPORT_STOPPED, why);
	rt->end = r == RUN_STOP_TIMEOUT ? RUN_END_TIMEOUT : r == RUN_STOP_NONE ? RUN_END_ERROR : RUN_END_INTERRUPTED;
}
