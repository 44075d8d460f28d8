/* run_thread.c - the monitor's side of a hybrid cVM's threads (intravisor.md 7, 9 "Threads").
 *
 * src/linux decodes clone and checks it (linux_thread.c); then it asks the monitor, through
 * run_linux_thread_ops, to start the thread: a new struct run_thread with its own host thread,
 * its own hart (made on that thread) and its own trusted stack (struct sw_thread), in the same
 * cVM. The new hart starts with the caller's registers (every capability register, f registers,
 * DDC, PCC) as they were at the ecall, except a0 = 0, sp = the stack and tp = the TLS given to
 * clone, and pc after the ecall. The clones are listed in run_state (under stop_lock) so that
 * SIGINT, --timeout and exit_group can stop their harts, and the summary shows each of them.
 *
 * Through a handler cVM (callback_out: a pure-cap cVM that forwards the call), the hart's
 * registers are the handler's: the caller's, as they were at its ecall, come from the bottom
 * frame of the trusted stack (sw_ecall_origin), which no cVM can write. The new thread is the
 * caller's (its DDC, PCC, cVM); its own system calls go through the same handler. A handler
 * that sends a clone of its own making can only start a thread of the cVM it serves, with that
 * cVM's authority: stack and TLS are integers of that cVM's view, confined by its DDC.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/linux.h"
#include "monitor/run_priv.h"

#define X_ALL 0xfffffffeu   /* x1..x31 */

struct run_clone_start {
	struct cap x[31];            /* x1..x31, as hart_save_cregs stores them */
	uint64_t f[32];
	struct cap pcc, ddc;
};

static void *run_clone_main(void *arg)
{
	struct run_thread *rt = arg;
	struct monitor *mon = rt->mon;
	struct cvm *v = rt->v;
	struct run_state *st = mon->run;
	struct hart_options opt = { .legacy = false, .gate_lo = mon->gate_lo, .gate_hi = mon->gate_hi, .no_jit = mon->no_jit,
				    .relocate = true, .gate_hook = run_gate, .gate_ctx = rt,
				    .ecall_hook = run_ecall_hook };
	run_thread_begin(rt);
	struct hart *h = hart_new(mon->mem, &opt);
	if (!h) {
		rt->end = RUN_END_ERROR;
		fprintf(stderr, "intravisor: cVM '%s': cannot create the hart of thread %u\n", v->name, rt->j);
		run_thread_finish(rt, NULL);
		linux_thread_gone(&v->lx);
		return NULL;
	}
	run_stop_register(rt, h);
	sw_thread_init(&rt->sw, &st->sw, v);
	struct run_clone_start *s = rt->start;
	hart_clear_x(h);
	hart_restore_cregs(h, X_ALL, s->x);
	for (unsigned i = 0; i < 32; i++)
		hart_set_f(h, i, s->f[i]);
	hart_set_ddc(h, &s->ddc);
	hart_set_pcc(h, &s->pcc);
	run_debug_thread_add(rt, h);
	run_trace_begin(rt, h);
	run_loop(rt, h);
	run_debug_thread_exit(rt);
	sw_thread_end(&rt->sw);
	run_thread_finish(rt, h);
	run_stop_unregister(rt);
	hart_free(h);
	linux_thread_gone(&v->lx);
	return NULL;
}

int run_start_clone(struct run_state *st, struct run_thread *rt, void *(*main_fn)(void *), void *arg)
{
	pthread_mutex_lock(&st->stop_lock);
	int r = 0;
	if (st->nclones == st->clones_cap) {
		unsigned ncap = st->clones_cap ? 2 * st->clones_cap : 16;
		struct run_thread **n = realloc(st->clones, ncap * sizeof *n);
		if (n) {
			st->clones = n;
			st->clones_cap = ncap;
		} else {
			r = -1;
		}
	}
	if (r == 0 && pthread_create(&rt->tid, NULL, main_fn, arg) != 0)
		r = -1;
	if (r == 0) {
		rt->started = true;
		st->clones[st->nclones++] = rt;
	}
	pthread_mutex_unlock(&st->stop_lock);
	return r;
}

/* ctx: the calling run_thread; its hart is the one that made the ecall */
static int run_spawn(void *ctx, const struct linux_clone *c)
{
	struct run_thread *parent = ctx;
	struct run_state *st = parent->mon->run;
	if (!parent->hart)
		return -1;
	struct run_thread *rt = calloc(1, sizeof *rt);
	struct run_clone_start *s = calloc(1, sizeof *s);
	if (!rt || !s) {
		free(rt);
		free(s);
		return -1;
	}
	struct hart *h = parent->hart;   /* the caller's own hart: this is its host thread */
	if (parent->sw.depth == 0) {
		(void)hart_save_cregs(h, X_ALL, s->x);
		for (unsigned i = 0; i < 32; i++)
			s->f[i] = hart_get_f(h, i);
		hart_get_ddc(h, &s->ddc);
		hart_get_pcc(h, &s->pcc);
	} else if (sw_ecall_origin(&parent->sw, s->x, s->f, &s->pcc, &s->ddc) != 0) {
		free(rt);
		free(s);
		return -1;
	}
	/* the new thread runs in parent->v, integer mode: its PCC and DDC must be that cVM's */
	RUN_CHECK(s->pcc.tag && s->pcc.base >= parent->v->begin && s->pcc.top <= parent->v->end);
	RUN_CHECK(!s->ddc.tag || (s->ddc.base >= parent->v->begin && s->ddc.top <= parent->v->end));
	s->pcc = run_with_addr(&s->pcc, s->pcc.addr + 4);   /* after the ecall */
	s->x[R_A0 - 1] = cap_from_int(0);
	s->x[R_SP - 1] = cap_from_int(c->sp);
	if (c->set_tls)
		s->x[R_TP - 1] = cap_from_int(c->tls);
	rt->mon = parent->mon;
	rt->v = parent->v;
	rt->j = c->tid - 1;   /* the summary's thread number: the main thread is 0 */
	rt->start = s;
	rt->lt.tid = c->tid;
	rt->lt.clear_tid = c->clear_tid;

	int r = run_start_clone(st, rt, run_clone_main, rt);
	if (r) {
		free(s);
		free(rt);
	}
	return r;
}

void run_stop_group(struct run_thread *rt)
{
	struct run_state *st = rt->mon->run;
	pthread_mutex_lock(&st->stop_lock);
	for (unsigned i = 0; i < st->nthreads; i++)
		if (&st->threads[i] != rt && st->threads[i].v == rt->v && st->threads[i].hart)
			hart_request_stop(st->threads[i].hart);
	for (unsigned i = 0; i < st->nclones; i++)
		if (st->clones[i] != rt && st->clones[i]->v == rt->v && st->clones[i]->hart)
			hart_request_stop(st->clones[i]->hart);
	pthread_mutex_unlock(&st->stop_lock);
}

static void run_stop_group_op(void *ctx)
{
	run_stop_group(ctx);
}

static bool run_stopping_op(void *ctx)
{
	struct run_thread *rt = ctx;
	return run_stop_requested(rt->mon->run);
}

const struct linux_thread_ops run_linux_thread_ops = {
	.spawn = run_spawn,
	.stop_group = run_stop_group_op,
	.stopping = run_stopping_op,
};

void run_join_clones(struct run_state *st)
{
	for (;;) {
		struct run_thread *next = NULL;
		pthread_mutex_lock(&st->stop_lock);
		for (unsigned i = 0; i < st->nclones && !next; i++)
			if (!st->clones[i]->joined)
				next = st->clones[i];
		pthread_mutex_unlock(&st->stop_lock);
		if (!next)
			return;
		pthread_join(next->tid, NULL);
		next->joined = true;
	}
}

void run_free_clones(struct run_state *st)
{
	for (unsigned i = 0; i < st->nclones; i++) {
		free(st->clones[i]->start);
		free(st->clones[i]);
	}
	free(st->clones);
	st->clones = NULL;
	st->nclones = st->clones_cap = 0;
}
