/* run_summary.c - how each cVM thread ended, and what it did (intravisor.md sections 1, 8).
 *
 * Each thread counts, for itself, the hostcalls the monitor served on it, its instructions and
 * its wall time; after the joins run_summary() records every thread's end in the report
 * (report_end: the --report JSON) and, unless -q, prints one line per cVM on stdout:
 *
 *   summary: cvm='second' id=17 thread=0 end=exit exit_value=0 instructions=57 wall=0.000113s hostcalls=2
 *
 * Fixed keys in a fixed order, `key=value` separated by single spaces, the name quoted as in
 * every other message: grep '^summary: ' finds them, `end=` is exit, fault, budget,
 * interrupted, timeout, error or not-started (a cVM the run never started: a stop came
 * first, or its thread could not be created); exit_value is a0 of hostcall 13, `-` for
 * any other end. hostcalls counts the calls that reached the monitor on that thread (through
 * a handler cVM too), exit included.
 *
 * A hostcall this monitor does not serve (hostcall_serve answers -ENOSYS, or refuses 29) gets
 * one warning line on stderr, the first time its number is seen in the run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "monitor/hostcall.h"
#include "monitor/report.h"
#include "monitor/run_cmd.h"
#include "monitor/run_priv.h"

double run_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void run_thread_begin(struct run_thread *rt)
{
	rt->t_start = run_clock();
}

void run_thread_finish(struct run_thread *rt, struct hart *h)
{
	rt->instret = h ? hart_instret(h) : 0;
	rt->t_end = run_clock();
}

void run_note_hostcall(struct run_thread *rt, uint64_t nr)
{
	if (rt->end == RUN_END_FAULT)
		return;   /* refused before it was served (a bad return pair): the report says so */
	rt->hostcalls++;
	if (hostcall_is_served(nr))
		return;
	struct monitor *mon = rt->mon;
	if (nr >= LINUX_HOSTCALL_BASE && mon->program_status && mon->quiet)
		return;   /* intravisor run prints only what the program prints: -ENOSYS is Linux's answer
		           * to a call it does not know (programs probe rseq, clone3...); -v or --strace shows it */
	struct run_state *st = mon->run;
	pthread_mutex_lock(&st->print_lock);
	bool seen = false;
	for (unsigned i = 0; i < st->nunserved && i < RUN_UNSERVED_MAX; i++)
		seen |= st->unserved[i] == nr;
	if (!seen && st->nunserved <= RUN_UNSERVED_MAX) {
		if (mon->out)
			fflush(mon->out);
		if (st->nunserved < RUN_UNSERVED_MAX) {
			const char *name = hostcall_name(nr);
			fprintf(stderr, "intravisor: warning: cVM '%s' thread %u: hostcall %" PRIu64 "%s%s%s %s; said once per number\n",
				rt->v->name, rt->j, nr, name ? " (" : "", name ? name : "", name ? ")" : "",
				hostcall_refusal(nr, rt->v->cfg->libvirt != 0));
			st->unserved[st->nunserved] = nr;
		} else {
			fprintf(stderr, "intravisor: warning: more than %u unserved hostcall numbers: no more warnings\n",
				RUN_UNSERVED_MAX);
		}
		st->nunserved++;
		fflush(stderr);
	}
	pthread_mutex_unlock(&st->print_lock);
}

static enum report_end run_end_to_report(enum run_end e)
{
	switch (e) {
	case RUN_END_EXIT: return REPORT_END_EXIT;
	case RUN_END_FAULT: return REPORT_END_FAULT;
	case RUN_END_BUDGET: return REPORT_END_BUDGET;
	case RUN_END_INTERRUPTED: return REPORT_END_INTERRUPTED;
	case RUN_END_TIMEOUT: return REPORT_END_TIMEOUT;
	case RUN_END_NONE:
	case RUN_END_ERROR: break;
	}
	return REPORT_END_ERROR;
}

static void run_summary_line(FILE *f, const struct cvm *v, unsigned thread, const char *end,
			     const struct report_thread_info *in)
{
	fprintf(f, "summary: cvm='%s' id=%u thread=%u end=%s exit_value=", v->name, v->id, thread, end);
	if (in->has_exit_value)
		fprintf(f, "%" PRId64, in->exit_value);
	else
		fputc('-', f);
	fprintf(f, " instructions=%" PRIu64 " wall=%.6fs hostcalls=%" PRIu64 "\n", in->instret, in->wall_seconds,
		in->hostcalls);
}

/* intravisor run (run_cmd.h): the program's own status, as a shell would show it */
static int run_program_status(const struct run_thread *rt)
{
	switch (rt->end) {
	case RUN_END_EXIT:
		/* exit_group (or a fatal signal) by any thread decides, also after the main thread
		 * ended with a plain exit; else the main thread's status, as Linux reports it */
		if (rt->v->is_hybrid && linux_group_exit(&rt->v->lx))
			return (linux_group_exit(&rt->v->lx) - 1) & 0xff;
		return (int)(rt->exit_value & 0xff);
	case RUN_END_FAULT: return RUN_CMD_STATUS_TRAP;
	case RUN_END_BUDGET: return RUN_CMD_STATUS_BUDGET;
	default: return REPORT_STATUS_MONITOR;
	}
}

/* one thread's end: the JSON, the summary line */
static void run_summary_thread(struct monitor *mon, FILE *out, const struct run_thread *rt, bool *fault, bool *budget)
{
	struct report_thread_info info = {
		.end = run_end_to_report(rt->end),
		.has_exit_value = rt->end == RUN_END_EXIT,
		.exit_value = rt->exit_value,
		.instret = rt->instret,
		.wall_seconds = rt->t_end > rt->t_start ? rt->t_end - rt->t_start : 0,
		.hostcalls = rt->hostcalls,
	};
	report_end(mon, rt->v, rt->j, &info);
	if (out)
		run_summary_line(out, rt->v, rt->j, report_end_name(info.end), &info);
	*fault |= rt->end == RUN_END_FAULT;
	*budget |= rt->end == RUN_END_BUDGET;
}

/* A hybrid cVM that a signal to itself ended (abort(), a failed assert: linux_signal.c): one
 * line on stderr, whatever -q says, as a shell says "Aborted" */
static void run_summary_killed(const struct cvm *v)
{
	int sig = v->is_hybrid ? linux_killed_by(&v->lx) : 0;
	if (!sig)
		return;
	fprintf(stderr, "intravisor: cVM '%s' (id %u) killed itself with %s (signal %d, kill/tgkill): status %d\n",
		v->name, v->id, linux_signal_name(sig), sig, 128 + sig);
	fflush(stderr);
}

int run_summary(struct monitor *mon, struct run_state *st, int status)
{
	bool fault = false, budget = false;
	FILE *out = mon->quiet ? NULL : mon->out;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct run_thread *rt = &st->threads[i];
		if (!rt->started) {
			struct report_thread_info none = { .end = REPORT_END_ERROR };
			if (out)
				run_summary_line(out, &mon->cvms[i], 0, "not-started", &none);
			continue;
		}
		run_summary_thread(mon, out, rt, &fault, &budget);
		if (rt->end == RUN_END_ERROR || rt->end == RUN_END_NONE)
			status = REPORT_STATUS_MONITOR;
		run_summary_killed(&mon->cvms[i]);
	}
	for (unsigned i = 0; i < st->nclones; i++) {   /* threads the cVMs started (clone) */
		struct run_thread *rt = st->clones[i];
		run_summary_thread(mon, out, rt, &fault, &budget);
	}
	if (out)
		fflush(out);
	/* report.h: SIGINT/SIGTERM, TIMEOUT, MONITOR, FAULT, BUDGET */
	switch (st->reason) {
	case RUN_STOP_SIGINT: return REPORT_STATUS_SIGINT;
	case RUN_STOP_SIGTERM: case RUN_STOP_DEBUGGER: return REPORT_STATUS_SIGTERM;
	case RUN_STOP_TIMEOUT: return REPORT_STATUS_TIMEOUT;
	case RUN_STOP_NONE: break;
	}
	if (mon->program_status && mon->ncvms == 1 && st->threads[0].started && status == REPORT_STATUS_OK) {
		mon->program_exited = st->threads[0].end == RUN_END_EXIT;   /* the JSON's exit_meaning */
		return run_program_status(&st->threads[0]);
	}
	if (status != REPORT_STATUS_OK)
		return status;
	return fault ? REPORT_STATUS_FAULT : budget ? REPORT_STATUS_BUDGET : REPORT_STATUS_OK;
}
