/* run_call.c - CP_Call: calls between cVMs by key (hostcalls 403, 411-413; issue 13 item 3;
 * sdk/README.md "Calls between cVMs").
 *
 * A cVM registers one of its own functions under a key (411). Another cVM calls it (403) on
 * its own thread: the switcher pushes a frame, as for a call into a handler cVM, and enters
 * the function on a callee context (a stack and TP area of the callee, chosen by the
 * switcher) with every register cleared but the arguments, cra = a sentry to the switcher's
 * return entry, ct6 = the callee's data capability. `cret` returns through the switcher, which
 * pops the frame and resumes the caller with a0 (an integer). No helper thread, no copy: the
 * reference ran a persistent helper thread per function and handed buffers through it.
 *
 * Trust boundary. What a cVM hands the monitor here:
 *   - the function (411): it must be the registering cVM's own code (bounds inside its slot),
 *     executable, in capability mode, a sentry or unsealed; the monitor keeps it unsealed and
 *     never gives it to anyone: callers name the function by key or id only;
 *   - the arguments (403): integers, or unsealed capabilities without Execute, Seal, Unseal,
 *     AccessSystemRegisters or SetCID: data may cross, authority to run code or to (un)seal
 *     may not (HC_EPERM). A capability argument gives the callee what it covers, no more;
 *   - the budget (403 a1): instructions the call may run; when they are used up the call is
 *     unwound and the caller gets HC_ETIMEDOUT. Checked at slice boundaries (run.c).
 * A fault in the callee (or in anything it called) ends the call, not the thread: the report
 * goes to stderr and the caller gets HC_ECONNABORTED.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "monitor/run_priv.h"
#include "monitor/share.h"

#include "../../sdk/include/hostcalls.h"

/* What an argument capability may not carry across: code, sealing, system authority. */
#define CALL_ARG_DENIED (CAP_PERM_EXECUTE | CAP_PERM_SEAL | CAP_PERM_UNSEAL | CAP_PERM_ASR | CAP_PERM_SET_CID)
#define CALL_ARGS 5   /* 403 ca2..ca6 -> the callee's ca0..ca4 */

bool run_call_is_own(const struct run_thread *rt, uint64_t nr)
{
	if (nr == HC_EXIT || nr == HC_THREAD_EXIT)
		return sw_in_function_call(&rt->sw);   /* a callee may not end its caller's thread */
	return nr == HC_MAKE_CALL || (nr >= HC_CALL_REGISTER && nr <= HC_CALL_LOOKUP) ||
	       nr == HC_THREAD_CREATE || nr == HC_THREAD_JOIN;
}

/* A function capability of cVM v as a cVM handed it (411, 40): v's own code, executable,
 * capability mode, a sentry or unsealed. The unsealed capability PCC will get, or an error. */
int64_t run_function_cap(const struct cvm *v, const struct cap *f, struct cap *entry)
{
	if (!f->tag)
		return HC_EFAULT;
	struct cap c = *f;
	if (cap_is_sentry(&c))
		c = cap_with_otype(&c, CAP_OTYPE_UNSEALED);
	else if (cap_is_sealed(&c))
		return HC_EFAULT;
	if (!cap_has_perm(&c, CAP_PERM_EXECUTE) || cap_flags(&c) != 1 || (c.addr & 3) ||
	    !cap_in_bounds(&c, c.addr, 4))
		return HC_EFAULT;
	if (c.base < v->begin || c.top > v->end)
		return HC_EPERM;    /* not the caller's own code (another cVM's, the monitor's) */
	*entry = c;
	return 0;
}

static int64_t run_call_register(struct run_thread *rt, struct hart *h, const struct hostcall_env *env,
				 const struct hostcall_request *r)
{
	struct cvm *d = sw_domain(&rt->sw);
	if (d->is_hybrid || !d->has_ret)
		return HC_ENOSYS;
	struct cap entry;
	char key[SHARE_KEY_MAX + 1];
	int64_t err = run_function_cap(d, &r->arg[0], &entry);
	if (err || (err = share_key(env, &r->arg[1], key)))
		return err;
	/* its callee contexts, made lazily as a handler's (switcher.c) */
	if (switcher_enable_callee(&((struct run_state *)rt->mon->run)->sw, d, h))
		return HC_EAGAIN;   /* no host memory for its context table now */
	return share_add_call(rt->mon->share, key, &entry, d->id);
}

/* 403: decode; then enter the callee (true) or answer at once (false, *result). */
static bool run_call_make(struct run_thread *rt, struct hart *h, const struct hostcall_env *env,
			  const struct hostcall_request *r, int64_t *result)
{
	char key[SHARE_KEY_MAX + 1];
	const char *k = NULL;
	if (r->arg[0].tag) {
		if ((*result = share_key(env, &r->arg[0], key)))
			return false;
		k = key;
	}
	for (unsigned i = 0; i < CALL_ARGS; i++) {
		const struct cap *a = &r->arg[2 + i];
		if (a->tag && (cap_is_sealed(a) || (cap_perms(a) & CALL_ARG_DENIED))) {
			*result = HC_EPERM;
			return false;
		}
	}
	struct cap entry;
	unsigned owner = 0;
	int64_t id = share_find_call(rt->mon->share, k, (int64_t)r->arg[0].addr, &entry, &owner);
	if (id < 0) {
		*result = id;
		return false;
	}
	struct cvm *callee = rt->mon->by_id[owner];
	RUN_CHECK(callee && !callee->is_hybrid);
	if (sw_enter_function(&rt->sw, h, callee, &entry, &r->arg[2], CALL_ARGS, r->arg[1].addr) != SW_ENTERED) {
		*result = HC_EAGAIN;   /* already resumed with it */
		return true;
	}
	return true;
}

bool run_call_serve(struct run_thread *rt, struct hart *h, const struct hostcall_request *r)
{
	struct monitor *mon = rt->mon;
	struct hostcall_env env = { .m = mon->mem, .t = hart_mem_thread(h), .share = mon->share,
				    .domain = sw_domain(&rt->sw)->id };
	int64_t result = HC_ENOSYS;
	bool entered = false;
	switch (r->nr) {
	case HC_EXIT:
	case HC_THREAD_EXIT: {
		/* exit inside a CP_Call ends the call, not the caller's thread: the thread is the
		 * caller's, the callee only borrowed it */
		struct run_state *st = mon->run;
		pthread_mutex_lock(&st->print_lock);
		if (mon->out)
			fflush(mon->out);
		fprintf(stderr, "intravisor: cVM '%s' called exit (%u) during a CP_Call on thread %u of cVM '%s': the call "
			"ends, its caller gets -103 (ECONNABORTED)\n", sw_domain(&rt->sw)->name, (unsigned)r->nr, rt->j,
			rt->v->name);
		fflush(stderr);
		pthread_mutex_unlock(&st->print_lock);
		run_note_hostcall(rt, r->nr);
		run_trace_hostcall(rt, r, HC_ECONNABORTED);
		RUN_CHECK(sw_abort_call(&rt->sw, h, HC_ECONNABORTED, false, NULL));
		return false;
	}
	case HC_CALL_REGISTER:
		result = run_call_register(rt, h, &env, r);
		break;
	case HC_CALL_UNREGISTER:
		result = share_remove_call(mon->share, (int64_t)r->arg[0].addr, env.domain);
		break;
	case HC_CALL_LOOKUP: {
		char key[SHARE_KEY_MAX + 1];
		struct cap entry;
		unsigned owner;
		result = share_key(&env, &r->arg[0], key);
		if (result == 0)
			result = share_find_call(mon->share, key, 0, &entry, &owner);
		break;
	}
	case HC_MAKE_CALL:
		entered = run_call_make(rt, h, &env, r, &result);
		break;
	case HC_THREAD_CREATE:
		result = run_pthread_create(rt, h, r);
		break;
	case HC_THREAD_JOIN:
		result = run_pthread_join(rt, h, r);
		break;
	}
	run_note_hostcall(rt, r->nr);
	if (!entered) {
		run_trace_hostcall(rt, r, result);
		sw_resume(&rt->sw, h, result);
	}
	return false;
}

uint64_t run_call_slice(struct run_thread *rt, struct hart *h, uint64_t slice)
{
	uint64_t deadline = sw_call_deadline(&rt->sw);
	if (deadline == UINT64_MAX)
		return slice;
	uint64_t now = hart_instret(h);
	uint64_t left = deadline > now ? deadline - now : 0;
	return left < slice ? left : slice;
}

bool run_call_expired(struct run_thread *rt, struct hart *h)
{
	if (hart_instret(h) < sw_call_deadline(&rt->sw))
		return false;
	return sw_abort_call(&rt->sw, h, HC_ETIMEDOUT, true, NULL);
}

bool run_call_trapped(struct run_thread *rt, struct hart *h, const struct hart_trap *tr)
{
	struct run_state *st = rt->mon->run;
	if (!sw_in_function_call(&rt->sw))
		return false;
	/* the report first, while the hart still holds the callee's registers */
	char why[256];
	snprintf(why, sizeof why, "%s in cVM '%s' during a CP_Call: the call ends, its caller gets -103 (ECONNABORTED)",
		 hart_cause_name(tr->cause), sw_domain(&rt->sw)->name);
	pthread_mutex_lock(&st->print_lock);
	if (rt->mon->out)
		fflush(rt->mon->out);
	report_fault_print(rt->mon, stderr, rt->v, rt->j, h, tr, REPORT_TRAP, why);
	fflush(stderr);
	pthread_mutex_unlock(&st->print_lock);
	return sw_abort_call(&rt->sw, h, HC_ECONNABORTED, false, NULL);
}
