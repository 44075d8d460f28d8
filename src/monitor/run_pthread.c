/* run_pthread.c - threads of a pure-cap cVM: hostcalls 40 (create), 41 (join), 42 (exit, served
 * as 13 by hostcall.c) (issue 13 item 4; intravisor-reference.md 5 and 6, the safe way).
 *
 * 40 starts a thread in the calling cVM (the switcher's domain) at a function of that cVM's own
 * code: a sentry or code capability (run_function_cap: inside its slot, executable, capability
 * mode). The reference took an integer address and built a capability to the whole cVM from it.
 * The new thread gets a thread slot j of the cVM (1..RUN_PTHREAD_LAST: slots that are neither
 * the main thread's nor callee contexts), its own host thread, hart and trusted stack, and
 * starts with every register NULL but ca0 = the argument, csp = its stack (slot + sp_off),
 * ctp = its TP area (written as a main thread's), cra = the monitor's exit sentry (returning
 * ends the thread with a0, a C int, as its value) and DDC NULL.
 *
 * The id returned is (generation << 6) | j, so a stale id never joins a newer thread in the
 * same slot. 41 waits (offline, looking at the stop flag every 100 ms) until the thread has
 * ended, stores its exit value and frees the slot: -ESRCH for an id that is not a live,
 * unjoined thread of the caller's cVM, -EINVAL for joining oneself, -ECONNABORTED when the
 * thread did not end by exit (a fault, its budget, a stop). Host threads are joined by
 * run_join_clones at the end of the run, as clones are: they are listed in run_state.clones.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/run_priv.h"

#include "../../sdk/include/hostcalls.h"

#define RUN_PTHREAD_LAST (CVM_MAX_THREADS - HCTX_FIRST_SLOT - HCTX_COUNT)   /* 46: slot 17 from the bottom */
#define RUN_PTHREAD_SLICE_NS 100000000L

enum pt_state { PT_FREE, PT_RUNNING, PT_DONE };

struct pt_slot {
	enum pt_state state;
	bool joining;
	bool exited;                 /* ended by exit (13/42, or returning), not by a fault or stop */
	uint64_t gen;
	int64_t value;
	struct run_thread *rt;
};

struct run_pthreads {
	pthread_mutex_t lock;
	pthread_cond_t cond;         /* broadcast when a thread ends */
	struct pt_slot (*slot)[CVM_MAX_THREADS]; /* per cVM (file order), index j */
};

/* A thread made by 40: rt first, so that run_free_clones' free(rt) frees it all. */
struct run_pthread {
	struct run_thread rt;
	struct cap entry, arg;
	uint64_t sp, tp;
};
_Static_assert(offsetof(struct run_pthread, rt) == 0, "run_free_clones frees the run_thread");

struct run_pthreads *run_pthreads_new(unsigned ncvms)
{
	struct run_pthreads *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->slot = calloc(ncvms ? ncvms : 1, sizeof *p->slot);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (!p->slot || pthread_mutex_init(&p->lock, NULL) || pthread_cond_init(&p->cond, &ca)) {
		pthread_condattr_destroy(&ca);
		free(p->slot);
		free(p);
		return NULL;
	}
	pthread_condattr_destroy(&ca);
	return p;
}

void run_pthreads_free(struct run_pthreads *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->slot);
	free(p);
}

static struct pt_slot *pt_slots(struct monitor *mon, const struct cvm *v)
{
	return ((struct run_state *)mon->run)->pthreads->slot[v - mon->cvms];
}

static void *run_pthread_main(void *arg)
{
	struct run_pthread *pt = arg;
	struct run_thread *rt = &pt->rt;
	struct monitor *mon = rt->mon;
	struct cvm *v = rt->v;
	struct run_state *st = mon->run;
	struct hart_options opt = { .legacy = false, .gate_lo = mon->gate_lo, .gate_hi = mon->gate_hi, .no_jit = mon->no_jit,
				    .relocate = false, .gate_hook = run_gate, .gate_ctx = rt, .ecall_hook = run_ecall_hook };
	run_thread_begin(rt);
	struct hart *h = hart_new(mon->mem, &opt);
	if (h) {
		run_stop_register(rt, h);
		sw_thread_init(&rt->sw, &st->sw, v);
		struct cap sp = run_data_cap(mon, v, cvm_thread_slot(v, rt->j), v->stack_slot);
		struct cap tp = run_data_cap(mon, v, pt->tp, TP_SIZE);
		struct cap null = cap_null();
		sp = run_with_addr(&sp, pt->sp);
		hart_clear_x(h);
		for (unsigned i = 0; i < 32; i++)
			hart_set_f(h, i, 0);
		hart_set_ddc(h, &null);
		hart_set_creg(h, R_A0, &pt->arg);
		hart_set_creg(h, R_SP, &sp);
		hart_set_creg(h, R_TP, &tp);
		hart_set_creg(h, R_RA, &mon->exit_sentry);
		RUN_CHECK(pt->entry.tag && !cap_is_sealed(&pt->entry) && pt->entry.base >= v->begin && pt->entry.top <= v->end);
		hart_set_pcc(h, &pt->entry);
		run_debug_thread_add(rt, h);
		run_trace_begin(rt, h);
		run_loop(rt, h);
		run_debug_thread_exit(rt);
		sw_thread_end(&rt->sw);
	} else {
		rt->end = RUN_END_ERROR;
		fprintf(stderr, "intravisor: cVM '%s': cannot create the hart of thread %u\n", v->name, rt->j);
	}
	run_thread_finish(rt, h);
	struct run_pthreads *p = st->pthreads;
	pthread_mutex_lock(&p->lock);
	struct pt_slot *s = &pt_slots(mon, v)[rt->j];
	s->state = PT_DONE;
	s->exited = rt->end == RUN_END_EXIT;
	s->value = rt->exit_value;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	if (h) {
		run_stop_unregister(rt);
		hart_free(h);
	}
	return NULL;
}

int64_t run_pthread_create(struct run_thread *rt, struct hart *h, const struct hostcall_request *r)
{
	struct monitor *mon = rt->mon;
	struct run_state *st = mon->run;
	struct cvm *d = sw_domain(&rt->sw);
	if (d->is_hybrid || !d->has_ret)
		return HC_ENOSYS;   /* a hybrid cVM starts threads with clone */
	if (!st->pthreads)
		return HC_EAGAIN;
	struct cap entry;
	int64_t err = run_function_cap(d, &r->arg[0], &entry);
	if (err)
		return err;
	if (run_stop_requested(st))
		return HC_EINTR;
	struct run_pthread *pt = calloc(1, sizeof *pt);
	if (!pt)
		return HC_EAGAIN;
	/* take a slot */
	struct run_pthreads *p = st->pthreads;
	struct pt_slot *slots = pt_slots(mon, d);
	unsigned j = 0;
	pthread_mutex_lock(&p->lock);
	/* thread slots lie above the callee contexts: a handler's `threads:` of them may reach
	 * past slot HCTX_COUNT (layout.h), a CP_Call callee gets HCTX_COUNT */
	unsigned ctx = d->has_syscall_handler && d->ncontexts > HCTX_COUNT ? d->ncontexts : HCTX_COUNT;
	uint64_t above = d->stacks_lo + (uint64_t)(HCTX_FIRST_SLOT + ctx) * d->stack_slot;
	for (unsigned i = 1; i <= RUN_PTHREAD_LAST && !j && cvm_thread_slot(d, i) >= above; i++)
		if (slots[i].state == PT_FREE)
			j = i;
	if (j) {
		slots[j].state = PT_RUNNING;
		slots[j].gen++;
		slots[j].joining = false;
		slots[j].rt = &pt->rt;
	}
	uint64_t gen = slots[j].gen;
	pthread_mutex_unlock(&p->lock);
	if (!j) {
		free(pt);
		return HC_EAGAIN;   /* every thread slot of the cVM is taken */
	}
	pt->rt.mon = mon;
	pt->rt.v = d;
	pt->rt.j = j;
	pt->entry = entry;
	pt->arg = r->arg[1];
	uint64_t slot = cvm_thread_slot(d, j);
	/* lazy stacks (deploy.c): the slot is mapped now, fresh (a previous thread's stack and
	 * tags gone), but for its lowest page, its guard */
	if (mem_map(mon->mem, slot + CVM_GUARD_SIZE, d->stack_slot - CVM_GUARD_SIZE) != MEM_OK)
		goto undo;
	pt->sp = slot + d->sp_off;
	pt->tp = slot + CVM_TP_OFF;
	pt->rt.tp = pt->tp;
	run_write_tp_area(mon, d, hart_mem_thread(h), pt->tp, j);

	if (run_start_clone(st, &pt->rt, run_pthread_main, pt) == 0)
		return (int64_t)(gen << 6 | j);
undo:   /* no host memory or thread: the slot is free again */
	pthread_mutex_lock(&p->lock);
	slots[j].state = PT_FREE;
	slots[j].rt = NULL;
	pthread_mutex_unlock(&p->lock);
	free(pt);
	return HC_EAGAIN;
}

int64_t run_pthread_join(struct run_thread *rt, struct hart *h, const struct hostcall_request *r)
{
	struct monitor *mon = rt->mon;
	struct run_state *st = mon->run;
	struct cvm *d = sw_domain(&rt->sw);
	if (d->is_hybrid || !st->pthreads)
		return HC_ENOSYS;
	uint64_t id = r->arg[0].addr;
	unsigned j = (unsigned)(id & 63);
	uint64_t gen = id >> 6;
	const struct cap loc = r->arg[1];
	bool has_loc = loc.tag || loc.addr != 0;
	if (has_loc && hostcall_check_cap(&loc, CAP_PERM_STORE, 8) != CAP_CAUSE_NONE)
		return HC_EFAULT;
	if (j < 1 || j > RUN_PTHREAD_LAST || gen == 0)
		return HC_ESRCH;
	struct run_pthreads *p = st->pthreads;
	struct pt_slot *s = &pt_slots(mon, d)[j];
	struct mem_thread *mt = hart_mem_thread(h);
	pthread_mutex_lock(&p->lock);
	if (s->gen != gen || s->state == PT_FREE || s->joining) {
		pthread_mutex_unlock(&p->lock);
		return HC_ESRCH;
	}
	if (s->rt == rt) {
		pthread_mutex_unlock(&p->lock);
		return HC_EINVAL;   /* joining oneself would never end */
	}
	s->joining = true;
	bool offline = false;
	while (s->state != PT_DONE) {
		if (run_stop_requested(st) || hart_stop_pending(h)) {
			s->joining = false;
			pthread_mutex_unlock(&p->lock);
			if (offline)
				mem_thread_online(mt);
			return HC_EINTR;
		}
		if (!offline) {
			mem_thread_offline(mt);
			offline = true;
		}
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += RUN_PTHREAD_SLICE_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p->cond, &p->lock, &ts);
	}
	bool exited = s->exited;
	int64_t value = s->value;
	s->state = PT_FREE;
	s->joining = false;
	s->rt = NULL;
	pthread_mutex_unlock(&p->lock);
	if (offline)
		mem_thread_online(mt);
	if (!exited)
		return HC_ECONNABORTED;
	if (has_loc && mem_write(mon->mem, loc.addr, &value, sizeof value) != MEM_OK)
		return HC_EFAULT;   /* cannot happen: checked above */
	return 0;
}
