/* switcher.c - every cross-cVM call and return (switcher.h; intravisor.md 5.1).
 *
 * Where each piece of call state lives (none of it in memory a cVM can write):
 *   - who is calling: the hart's domain, from its trusted stack (struct sw_thread, owned by the
 *     hart's host thread);
 *   - whom the call goes to: the domain's callback_out (struct cvm, written at deploy);
 *   - what the caller resumes with: its preserved registers in the top frame (host heap);
 *   - where it resumes: its ret_from_monitor (struct sw_cvm.landing, made at start);
 *   - which callee context a call runs on and when it is freed: the frame's `ctx`, taken from
 *     and given back to struct sw_cvm.free (host memory, atomic).
 * A cVM's registers at the gate are read once (copy, then check: STYLE 10) and only the
 * number and the argument registers are taken from them.
 */
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "hart/hart.h"
#include "monitor/switcher.h"

#include "../../sdk/include/hostcalls.h"

/* STYLE 13: a failure here would hand a cVM something it must not have. */
#define SW_CHECK(x) do { if (!(x)) sw_crash(#x, __LINE__); } while (0)

static _Noreturn void sw_crash(const char *what, int line)
{
	fprintf(stderr, "intravisor: internal check failed: %s (switcher.c:%d)\n", what, line);
	abort();
}

/* psABI register numbers */
enum { X_RA = 1, X_SP = 2, X_GP = 3, X_TP = 4, X_S0 = 8, X_S1 = 9, X_A0 = 10, X_S2 = 18,
       X_T5 = 30, X_T6 = 31 };

/* The registers a caller gets back from its frame: cra, csp, cgp, ctp, cs0..cs11 (x) and
 * fs0..fs11 (f). Everything else is cleared on the way back but a0 and ct6. */
#define SW_SAVED_X HART_PSABI_SAVED_X
#define SW_SAVED_F HART_PSABI_SAVED_F
_Static_assert(SW_SAVED_X == ((1u << X_RA) | (1u << X_SP) | (1u << X_GP) | (1u << X_TP) | (1u << X_S0) | (1u << X_S1) |
			      (0x3ffu << X_S2)), "cra, csp, cgp, ctp, cs0..cs11");
#define SW_ARGS_X HART_ARGS_X   /* ca0..ca6 */
_Static_assert(SW_ARGS_X == 0x7fu << X_A0, "ca0..ca6");

static unsigned sw_index(const struct switcher *sw, const struct cvm *v)
{
	ptrdiff_t i = v - sw->mon->cvms;
	SW_CHECK(i >= 0 && (unsigned)i < sw->mon->ncvms);
	return (unsigned)i;
}

/* A code capability of v (capability mode) at v->base + off, for PCC. */
static struct cap sw_code_at(const struct cvm *v, uint64_t off)
{
	struct cap c;
	(void)cap_set_addr(&c, &v->code, v->base + off, CAP_V9);
	SW_CHECK(c.tag && c.base >= v->begin && c.top <= v->end);
	return c;
}

static unsigned sw_words(const struct sw_cvm *s)
{
	return (s->ncontexts + 63) / 64;
}

/* cra of a CP_Call callee: a sentry bounded to the return entry, executable only (as the
 * monitor's exit sentry): `cret` from the called function is a return through the switcher,
 * no more than the return pair every cVM already holds. */
static int sw_make_ret_sentry(struct switcher *sw, const struct monitor *mon)
{
	struct cap c = cap_build_from_root(&mon->root_code, mon->return_entry, 4, CAP_PERM_GLOBAL | CAP_PERM_EXECUTE);
	struct cap m, sentry;
	(void)cap_set_flags(&m, &c, 1, CAP_V9);   /* capability mode, as the callee's own PCC */
	(void)cap_seal_entry(&sentry, &m, CAP_V9);
	hart_prepare(mon->mem, &sentry, &sw->ret_sentry);
	return c.tag && sentry.tag ? 0 : -1;
}

/* The arrays of n contexts of s (none made yet): 0, or -1 (no memory; s unchanged). */
static int sw_alloc_contexts(struct sw_cvm *s, unsigned n)
{
	unsigned words = (n + 63) / 64;
	_Atomic uint64_t *f = calloc(words, sizeof *f);
	struct hart_prepared *sp = calloc(n, sizeof *sp), *tp = calloc(n, sizeof *tp);
	struct cap *args = calloc(n, sizeof *args);
	if (!f || !sp || !tp || !args) {
		free((void *)f);
		free(sp);
		free(tp);
		free(args);
		return -1;
	}
	s->free = f;
	s->sp = sp;
	s->tp = tp;
	s->args = args;
	s->ncontexts = n;
	return 0;
}

int switcher_init(struct switcher *sw, struct monitor *mon)
{
	sw->mon = mon;
	sw->wait_seconds = SW_WAIT_SECONDS;
	sw->cvm = calloc(mon->ncvms ? mon->ncvms : 1, sizeof *sw->cvm);
	if (!sw->cvm)
		return -1;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct cvm *v = &mon->cvms[i];
		struct sw_cvm *s = &sw->cvm[i];
		atomic_init(&s->made, 0);  /* no context until a call needs one */
		struct cap landing = sw_code_at(v, v->ret);
		hart_prepare(mon->mem, &landing, &s->landing);
		hart_prepare(mon->mem, &v->data, &s->data);
		atomic_init(&s->contexts, SW_CONTEXTS_NONE);
		if (!v->has_syscall_handler || !v->ncontexts)
			continue;
		struct cap entry = sw_code_at(v, v->syscall_handler);
		hart_prepare(mon->mem, &entry, &s->entry);
		if (sw_alloc_contexts(s, v->ncontexts)) {
			switcher_free(sw);
			return -1;
		}
		atomic_init(&s->contexts, SW_CONTEXTS_READY);
	}
	return sw_make_ret_sentry(sw, mon);
}

void switcher_free(struct switcher *sw)
{
	for (unsigned i = 0; sw->cvm && i < sw->mon->ncvms; i++) {
		free((void *)sw->cvm[i].free);
		free(sw->cvm[i].sp);
		free(sw->cvm[i].tp);
		free(sw->cvm[i].args);
	}
	free(sw->cvm);
	sw->cvm = NULL;
}

void switcher_set_context(struct switcher *sw, const struct cvm *v, unsigned k, const struct cap *sp,
			  const struct cap *tp)
{
	struct sw_cvm *s = &sw->cvm[sw_index(sw, v)];
	/* a handler cVM, or a CP_Call callee */
	SW_CHECK(k < s->ncontexts && k < atomic_load(&s->made) && !v->is_hybrid);
	SW_CHECK(sp->tag && !cap_is_sealed(sp) && sp->base >= v->begin && sp->top <= v->end);
	SW_CHECK(tp->tag && !cap_is_sealed(tp) && tp->base >= v->begin && tp->top <= v->end);
	hart_prepare(sw->mon->mem, sp, &s->sp[k]);
	hart_prepare(sw->mon->mem, tp, &s->tp[k]);
	/* the argument area: in the context's stack slot, above its TP area, below its stack;
	 * IOV_MAX iovecs where the slot has room (512 KiB stack slots), else half of what lies
	 * between (64 KiB slots: 896 iovecs; a longer array reaches the handler untagged) */
	uint64_t room = (sp->addr - (sp->base + HCTX_ARGS)) / 2 / IOVEC_SIZE * IOVEC_SIZE;
	s->args[k] = cap_build_from_root(sp, sp->base + HCTX_ARGS, room < HCTX_ARGS_SIZE ? room : HCTX_ARGS_SIZE,
					 CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | CAP_PERM_STORE_CAP);
	SW_CHECK(s->args[k].tag && s->args[k].base >= tp->top && s->args[k].top < sp->addr);
}

int switcher_enable_callee(struct switcher *sw, struct cvm *v, struct hart *h)
{
	struct sw_cvm *s = &sw->cvm[sw_index(sw, v)];
	struct mem_thread *mt = hart_mem_thread(h);
	for (;;) {
		int st = atomic_load(&s->contexts);
		if (st == SW_CONTEXTS_READY)
			return 0;
		if (st == SW_CONTEXTS_NONE &&
		    atomic_compare_exchange_strong(&s->contexts, &st, SW_CONTEXTS_MAKING)) {
			if (sw_alloc_contexts(s, HCTX_COUNT)) {
				atomic_store(&s->contexts, SW_CONTEXTS_NONE);
				return -1;
			}
			v->ncontexts = HCTX_COUNT;   /* run_make_context's bound */
			atomic_store(&s->contexts, SW_CONTEXTS_READY);
			return 0;
		}
		/* another thread gives them; offline meanwhile, as any host wait */
		struct timespec ts = { 0, 10000 };
		mem_thread_offline(mt);
		nanosleep(&ts, NULL);
		mem_thread_online(mt);
	}
}

unsigned switcher_contexts_in_use(const struct switcher *sw, const struct cvm *v)
{
	const struct sw_cvm *s = &sw->cvm[sw_index(sw, v)];
	if (atomic_load(&s->contexts) != SW_CONTEXTS_READY)
		return 0;
	unsigned nfree = 0;
	for (unsigned w = 0; w < sw_words(s); w++)
		nfree += (unsigned)__builtin_popcountll(atomic_load(&s->free[w]));
	return atomic_load(&s->made) - nfree;
}

/* Take a free context of callee v (pool s): an existing free one, else a new one made on this
 * thread while fewer than ncontexts exist. Its index, or -1 if all exist and are taken. */
static int sw_take(struct switcher *sw, struct sw_cvm *s, struct cvm *v, struct hart *h)
{
	for (unsigned w = 0; w < sw_words(s); w++) {
		uint64_t f = atomic_load_explicit(&s->free[w], memory_order_relaxed);
		while (f) {
			unsigned k = (unsigned)__builtin_ctzll(f);
			if (atomic_compare_exchange_weak_explicit(&s->free[w], &f, f & ~(1ull << k), memory_order_acquire,
								  memory_order_relaxed))
				return (int)(w * 64 + k);
		}
	}
	unsigned m = atomic_load_explicit(&s->made, memory_order_relaxed);
	while (m < s->ncontexts) {
		if (atomic_compare_exchange_weak_explicit(&s->made, &m, m + 1, memory_order_acq_rel, memory_order_relaxed)) {
			sw->make_context(sw, v, m, hart_mem_thread(h));   /* ours: nobody else sees it yet */
			return (int)m;
		}
	}
	return -1;
}

/* Wait for a free context of s: every context is freed when its frame is popped or unwound,
 * and chains follow callback_out, which has no cycle, so a thread that waits here holds no
 * context its own wait needs. Waiters sleep on the futex word s->given, which a give-back
 * bumps before it wakes one sleeper (the kernel wakes them in arrival order) whenever it sees
 * one: a waiter counts itself in s->waiters before it looks for a free context, and a
 * give-back frees its context before it reads the count (both locked: in one total order),
 * so a give-back the waiter's search missed sees the count and bumps the word, and the wait
 * returns at once or is woken. A give-back with nobody waiting is one locked operation.
 * 1,000 callers on a handler with 4 contexts cost no CPU while they wait and are served in
 * about the order they came. Offline while it sleeps (a first-tag safepoint does not wait for it); sleeps at
 * most SW_WAIT_SLICE_NS at a time to see a stop request (signal, timeout); gives up with -1
 * when the hart is asked to stop or after sw->wait_seconds (a handler that keeps every
 * context, e.g. one that never returns). */
#define SW_WAIT_SLICE_NS 20000000L

static int sw_take_wait(struct switcher *sw, struct sw_cvm *s, struct cvm *v, struct hart *h)
{
	struct mem_thread *mt = hart_mem_thread(h);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	atomic_fetch_add(&s->waiters, 1);
	atomic_thread_fence(memory_order_seq_cst);   /* counted before any look at the free bits */
	int k;
	for (;;) {
		uint32_t seen = atomic_load(&s->given);
		k = sw_take(sw, s, v, h);
		if (k >= 0 || hart_stop_pending(h))
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double left = sw->wait_seconds - ((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
		if (left <= 0)
			break;
		long ns = left * 1e9 < (double)SW_WAIT_SLICE_NS ? (long)(left * 1e9) + 1 : SW_WAIT_SLICE_NS;
		struct timespec ts = { 0, ns };
		mem_thread_offline(mt);
		/* returns at once if a give-back came after `seen` was read */
		syscall(SYS_futex, &s->given, FUTEX_WAIT_PRIVATE, seen, &ts, NULL, 0);
		mem_thread_online(mt);
	}
	atomic_fetch_sub(&s->waiters, 1);
	return k;
}

static void sw_give_back(struct sw_cvm *s, unsigned k)
{
	SW_CHECK(k < atomic_load_explicit(&s->made, memory_order_relaxed));
	uint64_t bit = 1ull << (k % 64);
	/* seq_cst: before the count; the old bit alone is tested (one lock bts, not a CAS loop) */
	bool was_free = atomic_fetch_or(&s->free[k / 64], bit) & bit;
	SW_CHECK(!was_free);      /* freed exactly once */
	if (atomic_load(&s->waiters)) {   /* after the locked free: sw_take_wait */
		atomic_fetch_add(&s->given, 1);
		syscall(SYS_futex, &s->given, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

void sw_thread_init(struct sw_thread *t, struct switcher *sw, struct cvm *home)
{
	memset(t, 0, sizeof *t);
	t->sw = sw;
	t->home = home;
}

void sw_thread_end(struct sw_thread *t)
{
	while (t->depth) {
		struct sw_frame *fr = &t->frames[--t->depth];
		sw_give_back(&t->sw->cvm[sw_index(t->sw, fr->callee)], fr->ctx);
		t->n.unwound++;
	}
	free(t->frames);
	t->frames = NULL;
	t->cap = 0;
}

/* Resume domain v (the caller) at its landing: a0 = result, ct6 = its data capability; with
 * ddc, back to v's DDC and relocation too (a return from another domain). */
static void sw_land(struct sw_thread *t, struct hart *h, struct cvm *v, int64_t result, const struct cap *ddc)
{
	const struct sw_cvm *s = &t->sw->cvm[sw_index(t->sw, v)];
	hart_set_x(h, X_A0, (uint64_t)result);
	hart_set_creg_prepared(h, X_T6, &s->data);
	if (ddc)
		hart_set_domain(h, ddc, v->is_hybrid, NULL, &s->landing);
	else
		hart_set_pcc_prepared(h, &s->landing);
}

void sw_resume(struct sw_thread *t, struct hart *h, int64_t result)
{
	/* the monitor ran no guest code: the preserved registers are still the caller's */
	hart_clear_except(h, SW_SAVED_X, SW_SAVED_F);
	sw_land(t, h, sw_domain(t), result, NULL);
}

/* Make room for one more frame: 0, or -1 (too deep, or no memory). */
static int sw_reserve(struct sw_thread *t)
{
	if (t->depth < t->cap)
		return 0;
	if (t->cap >= SW_MAX_DEPTH)
		return -1;
	unsigned n = t->cap ? t->cap * 2 : 4;
	if (n > SW_MAX_DEPTH)
		n = SW_MAX_DEPTH;
	struct sw_frame *f = realloc(t->frames, n * sizeof *f);
	if (!f)
		return -1;
	t->frames = f;
	t->cap = n;
	return 0;
}

/* Push a frame for caller -> callee (a handler cVM) and enter its syscall_handler with the
 * request's number and arguments. hybrid: the caller made a Linux ecall; it gets every register
 * back, and resumes after the ecall; its arguments are req's. Otherwise they are the caller's
 * ca0..ca6, left in place, and copied to args_out only when the monitor serves the call after
 * all (an exit with no context free). */
static enum sw_result sw_enter(struct sw_thread *t, struct hart *h, struct cvm *caller, struct cvm *callee,
			       const struct hostcall_request *req, struct cap *args_out, bool hybrid)
{
	struct sw_cvm *s = &t->sw->cvm[sw_index(t->sw, callee)];
	int k = -1;
	if (sw_reserve(t) == 0 && s->ncontexts) {
		k = sw_take(t->sw, s, callee, h);
		if (k < 0) {
			t->n.waited++;
			k = sw_take_wait(t->sw, s, callee, h);
		}
	}
	if (k < 0 && hostcall_is_exit(req->nr) && !hart_stop_pending(h)) {
		/* no context for an exit: the monitor ends the caller's thread itself (its own
		 * authority; nothing of the handler's is touched), so a caller refused a context
		 * for its last call can still leave (sw_call keeps only the exit's own argument;
		 * a pure-cap caller's are still in its registers) */
		if (args_out)
			(void)hart_save_cregs(h, ((1u << hostcall_nargs(req->nr)) - 1) << X_A0, args_out);
		t->n.served++;
		return SW_SERVE;
	}
	if (k < 0) {
		/* the stack is full, or the thread is being stopped: the call fails and the caller
		 * goes on, with nothing of anyone else's in its registers */
		t->n.refused++;
		if (hybrid)
			sw_resume_ecall(t, h, HC_EAGAIN);
		else
			sw_resume(t, h, HC_EAGAIN);
		return SW_RESUMED;
	}
	struct sw_frame *fr = &t->frames[t->depth++];
	fr->caller = caller;
	fr->callee = callee;
	fr->ctx = (unsigned)k;
	fr->nr = req->nr;
	fr->hybrid = hybrid;
	fr->cpcall = false;
	fr->deadline = t->depth > 1 ? t->frames[t->depth - 2].deadline : UINT64_MAX;
	if (hybrid) {
		hart_save_regs(h, &fr->all);
		hart_get_pcc(h, &fr->pcc);
	} else {
		hart_save_preserved(h, &fr->saved);
	}
	hart_get_ddc(h, &fr->ddc);
	t->n.calls++;

	/* the callee: its entry, its context, its data capability, the arguments; nothing else.
	 * A pure-cap caller's ca0..ca6 are the arguments as they are (its c_out_N cleared the
	 * ones the call does not use): they stay; a hybrid caller's were derived (req->arg). */
	struct cap null = cap_null();
	if (hybrid) {
		hart_clear_except(h, 0, 0);
		hart_restore_cregs(h, SW_ARGS_X, req->arg);
	} else {
		hart_clear_except(h, SW_ARGS_X, 0);
	}
	hart_set_x(h, X_T5, req->nr);
	hart_set_creg_prepared(h, X_SP, &s->sp[k]);
	hart_set_creg_prepared(h, X_TP, &s->tp[k]);
	hart_set_creg_prepared(h, X_T6, &s->data);
	hart_set_domain(h, &null, callee->is_hybrid, NULL, &s->entry);
	return SW_ENTERED;
}

enum sw_result sw_call(struct sw_thread *t, struct hart *h, struct hostcall_request *req)
{
	struct cvm *caller = sw_domain(t);
	struct cvm *callee = caller->callback;
	/* copy the number and the arguments out first (STYLE 10) */
	req->nr = hart_get_x(h, X_T5);
	if (!callee) {
		/* the monitor reads only the arguments of its call (the rest stay unread) */
		unsigned n = hostcall_nargs(req->nr);
		(void)hart_save_cregs(h, ((1u << n) - 1) << X_A0, req->arg);
		for (unsigned i = n; i < HOSTCALL_ARGS; i++)
			req->arg[i] = cap_null();
		t->n.served++;
		return SW_SERVE;
	}
	enum sw_result r = sw_enter(t, h, caller, callee, req, req->arg, false);   /* the arguments stay in ca0..ca6 */
	for (unsigned i = hostcall_nargs(req->nr); r == SW_SERVE && i < HOSTCALL_ARGS; i++)
		req->arg[i] = cap_null();   /* an exit the monitor serves: as above */
	return r;
}

enum sw_result sw_ecall(struct sw_thread *t, struct hart *h, const struct hostcall_request *req)
{
	struct cvm *caller = sw_domain(t);
	struct cvm *callee = caller->callback;
	SW_CHECK(caller->is_hybrid);
	if (!callee) {
		t->n.served++;
		return SW_SERVE;
	}
	return sw_enter(t, h, caller, callee, req, NULL, true);
}

void sw_resume_ecall(struct sw_thread *t, struct hart *h, int64_t result)
{
	/* the monitor ran no guest code: the caller's registers are its own; a0 = the result, the
	 * next instruction (Linux leaves every other register as it was) */
	(void)t;
	struct cap pcc;
	hart_get_pcc(h, &pcc);
	hart_set_x(h, X_A0, (uint64_t)result);
	hart_set_pc(h, pcc.addr + 4);
}

struct cap sw_callee_args(const struct sw_thread *t)
{
	SW_CHECK(t->depth);
	const struct sw_frame *fr = &t->frames[t->depth - 1];
	return t->sw->cvm[sw_index(t->sw, fr->callee)].args[fr->ctx];
}

/* Pop the top frame exactly once and free its callee context: its caller. */
static struct cvm *sw_pop(struct sw_thread *t)
{
	const struct sw_frame *fr = &t->frames[t->depth - 1];
	struct cvm *caller = fr->caller;
	struct sw_cvm *s = &t->sw->cvm[sw_index(t->sw, fr->callee)];
	unsigned ctx = fr->ctx;
	t->depth--;
	sw_give_back(s, ctx);
	t->n.returns++;
	return caller;
}

enum sw_result sw_return(struct sw_thread *t, struct hart *h)
{
	if (!t->depth)
		return SW_NO_CALL;
	const struct sw_frame *fr = &t->frames[t->depth - 1];
	int64_t result = (int64_t)hart_get_x(h, X_A0);   /* an integer: no capability crosses back */
	hart_clear_except(h, 0, 0);
	if (fr->hybrid) {
		/* a Linux ecall returns: every register as it was, a0 = result, after the ecall */
		hart_restore_regs(h, &fr->all);
		hart_set_domain(h, &fr->ddc, true, &fr->pcc, NULL);
		SW_CHECK(sw_pop(t)->is_hybrid);
		sw_resume_ecall(t, h, result);
		return SW_RESUMED;
	}
	hart_restore_preserved(h, &fr->saved);
	struct cap ddc = fr->ddc;   /* the frame goes with the pop */
	struct cvm *caller = sw_pop(t);
	sw_land(t, h, caller, result, &ddc);
	return SW_RESUMED;
}

int sw_ecall_origin(const struct sw_thread *t, struct cap x[31], uint64_t f[32], struct cap *pcc, struct cap *ddc)
{
	if (!t->depth)
		return -1;
	const struct sw_frame *fr = &t->frames[0];
	if (!fr->hybrid || fr->caller != t->home)
		return -1;
	for (unsigned r = 1; r < 32; r++)
		hart_regs_cap(&fr->all, r, &x[r - 1]);
	memcpy(f, fr->all.f, sizeof fr->all.f);
	*pcc = fr->pcc;
	*ddc = fr->ddc;
	return 0;
}

/* ---- CP_Call: a call into a function another cVM registered (run_call.c) ---- */

static bool sw_holds_context_of(const struct sw_thread *t, const struct cvm *v)
{
	for (unsigned i = 0; i < t->depth; i++)
		if (t->frames[i].callee == v)
			return true;
	return false;
}

enum sw_result sw_enter_function(struct sw_thread *t, struct hart *h, struct cvm *callee, const struct cap *entry,
				 const struct cap *args, unsigned nargs, uint64_t budget)
{
	struct sw_cvm *s = &t->sw->cvm[sw_index(t->sw, callee)];
	struct cvm *caller = sw_domain(t);
	SW_CHECK(atomic_load(&s->contexts) == SW_CONTEXTS_READY && nargs <= HOSTCALL_ARGS);
	/* the entry was checked at registration: callee's own code, capability mode, unsealed */
	SW_CHECK(entry->tag && !cap_is_sealed(entry) && entry->base >= callee->begin && entry->top <= callee->end);
	int k = -1;
	if (sw_reserve(t) == 0) {
		k = sw_take(t->sw, s, callee, h);
		/* NOTE: CP_Calls may form cycles (A calls B calls A): a thread that already holds a
		 * context of the callee must not wait for one, since it may be the only one that can
		 * free them; it gets HC_EAGAIN. Others wait as for a handler cVM. */
		if (k < 0 && !sw_holds_context_of(t, callee)) {
			t->n.waited++;
			k = sw_take_wait(t->sw, s, callee, h);
		}
	}
	if (k < 0) {
		t->n.refused++;
		sw_resume(t, h, HC_EAGAIN);
		return SW_RESUMED;
	}
	uint64_t outer = t->depth ? t->frames[t->depth - 1].deadline : UINT64_MAX;
	uint64_t now = hart_instret(h);
	uint64_t own = budget && budget < UINT64_MAX - now ? now + budget : UINT64_MAX;
	struct sw_frame *fr = &t->frames[t->depth++];
	fr->caller = caller;
	fr->callee = callee;
	fr->ctx = (unsigned)k;
	fr->hybrid = false;
	fr->cpcall = true;
	fr->deadline = own < outer ? own : outer;
	hart_save_preserved(h, &fr->saved);
	hart_get_ddc(h, &fr->ddc);
	t->n.calls++;

	/* the callee: the function, its context, its data capability, the arguments, a return
	 * sentry in cra; nothing else (not even t5: it is not a hostcall) */
	struct cap null = cap_null();
	hart_clear_except(h, 0, 0);
	hart_restore_cregs(h, ((1u << nargs) - 1) << X_A0, args);
	hart_set_creg_prepared(h, X_RA, &t->sw->ret_sentry);
	hart_set_creg_prepared(h, X_SP, &s->sp[k]);
	hart_set_creg_prepared(h, X_TP, &s->tp[k]);
	hart_set_creg_prepared(h, X_T6, &s->data);
	hart_set_domain(h, &null, false, entry, NULL);
	return SW_ENTERED;
}

bool sw_in_function_call(const struct sw_thread *t)
{
	for (unsigned i = 0; i < t->depth; i++)
		if (t->frames[i].cpcall)
			return true;
	return false;
}

uint64_t sw_call_deadline(const struct sw_thread *t)
{
	return t->depth ? t->frames[t->depth - 1].deadline : UINT64_MAX;
}

bool sw_abort_call(struct sw_thread *t, struct hart *h, int64_t result, bool expired, struct cvm **callee)
{
	/* which call ends: the innermost one (a fault), or the outermost one whose budget ran
	 * out (its deadline is inherited by everything it called) */
	int at = -1;
	uint64_t now = hart_instret(h);
	for (unsigned i = 0; i < t->depth; i++) {
		const struct sw_frame *fr = &t->frames[i];
		if (!fr->cpcall)
			continue;
		if (expired && fr->deadline <= now) {
			at = (int)i;
			break;
		}
		if (!expired)
			at = (int)i;
	}
	if (at < 0)
		return false;
	while (t->depth > (unsigned)at + 1) {
		struct sw_frame *fr = &t->frames[--t->depth];
		sw_give_back(&t->sw->cvm[sw_index(t->sw, fr->callee)], fr->ctx);
		t->n.unwound++;
	}
	const struct sw_frame *fr = &t->frames[at];
	if (callee)
		*callee = fr->callee;
	hart_clear_except(h, 0, 0);
	for (unsigned i = 0; i < 32; i++)
		hart_set_f(h, i, 0);
	hart_restore_preserved(h, &fr->saved);
	struct cap ddc = fr->ddc;
	struct cvm *caller = fr->caller;
	sw_give_back(&t->sw->cvm[sw_index(t->sw, fr->callee)], fr->ctx);
	t->depth--;
	t->n.unwound++;
	sw_land(t, h, caller, result, &ddc);
	return true;
}
