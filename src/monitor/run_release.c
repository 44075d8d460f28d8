/* run_release.c - what the monitor takes back when a cVM thread ends (exit, fault, budget):
 * the thread's "call in flight" word, and the handler contexts the thread still holds
 * (sdk/README.md "Returns" and "Serving hostcalls"; tests/security/FINDINGS.md F2, F3).
 *
 * A handler cVM's contexts are taken and released by its own code (sdk/crt/handler.S), on the
 * caller's thread; the monitor does not see cVM-to-cVM calls. When a thread ends inside such a
 * call chain (it faulted in a handler, or in a callee of one, or used its budget there, or a
 * handler made it exit), the contexts on its chain would stay taken for good: 16 such ends make
 * the handler refuse every later call with HC_EAGAIN.
 *
 * Which contexts the thread holds is read from memory the guests write, so it is not trusted
 * blindly. What makes a release safe is the "call in flight" word of the context's save area
 * (SAVE_CALL, taken by ret_from_monitor with amoswap): a context is released only
 *   (a) if it is the one this thread's hart was running on when it ended (its ctp is exactly
 *       that context's TP capability and its pc is in that cVM: only the handler's own code put
 *       that capability in ctp, after taking the context or returning into it), or
 *   (b) if it serves a call made from a context already released here or from the thread itself
 *       (TP_CALLER names that caller's save area; the pair is sealed, a cVM cannot make one) AND
 *       the monitor finds a call in flight in it and takes that word (amoswap 0): then no
 *       return can land in the context any more, nobody runs on its stack, and nobody will.
 *       A context whose word is 0 is running on some hart now (a caller that passed someone
 *       else's return pair, or a callee that returned into it from its own thread) and is left
 *       alone: its runner releases it.
 * So a wrong TP_CALLER (a caller passing a pair it got as someone's callee) can at worst make a
 * call that the pair's holder already controls fail on its return (ebreak in ret_from_monitor);
 * it cannot make a context run on two stacks' worth of callers at once.
 * The busy word carries a generation (bit 0 taken, + 1 on every release): the monitor checks
 * it did not change between its reads and its release, and releases with a compare-and-swap.
 * NOTE: if the context changed hands between the monitor's first read and its amoswap of the
 * call word (released and taken again by another caller that already made a call), the monitor
 * puts the word back; a return arriving in the few instructions in between would trap.
 */
#include <stdlib.h>

#include "hart/hart.h"
#include "monitor/run_priv.h"

/* atomics on guest memory (the monitor's side of handler.S's amoor/amoadd, and of
 * ret_from_monitor's amoswap.d on the call-in-flight word) */
static uint64_t rel_swap64(struct mem *m, uint64_t addr, uint64_t val)
{
	uint64_t old = 0;
	RUN_CHECK(mem_amo(m, addr, 8, MEM_AMO_SWAP, val, &old) == MEM_OK);
	return old;
}

/* an atomic read: OR 0 (the busy word's granule holds no capability a store could untag) */
static uint32_t rel_load32(struct mem *m, uint64_t addr)
{
	uint64_t old = 0;
	RUN_CHECK(mem_amo(m, addr, 4, MEM_AMO_OR, 0, &old) == MEM_OK);
	return (uint32_t)old;
}

static bool rel_cas(struct mem *m, uint64_t addr, unsigned size, uint64_t expected, uint64_t desired)
{
	bool ok = false;
	RUN_CHECK(mem_cas(m, addr, size, expected, desired, &ok) == MEM_OK);
	return ok;
}

/* handler context k of v: its busy word and its TP area */
static uint64_t rel_busy(const struct cvm *v, unsigned k)
{
	return v->cap_store + CS_HCTX + (uint64_t)k * HCTX_SIZE + HCTX_BUSY;
}

static uint64_t rel_tp(const struct cvm *v, unsigned k)
{
	return v->stacks_lo + (uint64_t)(HCTX_FIRST_SLOT + k) * STACK_SLOT + CVM_TP_OFF;
}

/* The save area a return pair's data half designates (as run_write_tp_area made it: sealed
 * with a cVM's otype, exactly SAVE_SIZE bytes), or 0. */
static uint64_t rel_pair_save(const struct monitor *mon, const struct cap *d)
{
	if (!d->tag || !cap_is_sealed(d) || cap_has_reserved_otype(d))
		return 0;
	uint32_t ot = cap_otype(d);
	if (ot > CVM_MAX_ID || !mon->by_id[ot] || d->top != (cap_u128)d->base + SAVE_SIZE)
		return 0;
	return d->base;
}

struct rel_walk {
	uint64_t *save;   /* save areas of the contexts the ended thread held (and its own) */
	unsigned n, max;
};

static bool rel_walk_has(const struct rel_walk *w, uint64_t save)
{
	for (unsigned i = 0; i < w->n; i++)
		if (w->save[i] == save)
			return true;
	return false;
}

/* Release context (v, k) whose busy word read `busy` (taken): it serves nobody now, and the
 * busy word goes to the next generation unless it changed meanwhile. */
static void rel_release(struct run_thread *rt, struct mem_thread *t, struct rel_walk *w, const struct cvm *v,
			unsigned k, uint32_t busy)
{
	struct mem *m = rt->mon->mem;
	uint64_t tp = rel_tp(v, k);
	run_store_cap(m, t, tp + TP_CALLER + 16, &rt->null);
	if (!rel_cas(m, rel_busy(v, k), 4, busy, (uint32_t)(busy + 1)))
		return;            /* its own code released it meanwhile: not on this chain any more */
	RUN_CHECK(w->n < w->max);
	w->save[w->n++] = tp + TP_SAVE;
}

/* (a): the context the hart was running on, if it is a handler context of the cVM its pc is in */
static void rel_running(struct run_thread *rt, struct hart *h, struct rel_walk *w)
{
	struct monitor *mon = rt->mon;
	struct cap pcc, ctp;
	hart_get_pcc(h, &pcc);
	hart_get_creg(h, R_TP, &ctp);
	if (!ctp.tag || cap_is_sealed(&ctp))
		return;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		if (!v->has_syscall_handler || pcc.addr < v->base || pcc.addr - v->base >= v->size)
			continue;
		for (unsigned k = 0; k < HCTX_COUNT; k++) {
			uint64_t tp = rel_tp(v, k);
			if (ctp.base != tp || ctp.top != (cap_u128)tp + TP_SIZE)
				continue;
			uint32_t busy = rel_load32(mon->mem, rel_busy(v, k));
			if (!(busy & 1))
				return;
			(void)rel_swap64(mon->mem, tp + TP_SAVE + SAVE_CALL, 0);
			rel_release(rt, hart_mem_thread(h), w, v, k, busy);
			return;
		}
	}
}

/* (b): one pass over every taken handler context; true if it released one */
static bool rel_callees(struct run_thread *rt, struct mem_thread *t, struct rel_walk *w)
{
	struct monitor *mon = rt->mon;
	struct mem *m = mon->mem;
	bool released = false;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		if (!v->has_syscall_handler)
			continue;
		for (unsigned k = 0; k < HCTX_COUNT; k++) {
			uint64_t tp = rel_tp(v, k), call = tp + TP_SAVE + SAVE_CALL;
			if (rel_walk_has(w, tp + TP_SAVE))
				continue;
			uint32_t busy = rel_load32(m, rel_busy(v, k));
			if (!(busy & 1))
				continue;
			uint64_t lo, hi;
			bool tag;
			RUN_CHECK(mem_load_cap(m, tp + TP_CALLER + 16, &lo, &hi, &tag) == MEM_OK);
			struct cap caller = cap_from_mem(hi, lo, tag);
			uint64_t save = rel_pair_save(mon, &caller);
			if (!save || !rel_walk_has(w, save))
				continue;
			uint64_t in_flight = rel_swap64(m, call, 0);
			if (!in_flight)
				continue;          /* running on some hart: its runner releases it */
			if (rel_load32(m, rel_busy(v, k)) != busy) {
				/* released and taken again since the first read: not ours, give the call back */
				(void)rel_cas(m, call, 8, 0, in_flight);
				continue;
			}
			rel_release(rt, t, w, v, k, busy);
			released = true;
		}
	}
	return released;
}

void run_release_thread(struct run_thread *rt, struct hart *h)
{
	struct monitor *mon = rt->mon;
	struct mem_thread *t = hart_mem_thread(h);
	uint64_t own = rt->tp + TP_SAVE;
	/* F2: no return may land in a thread that has ended (its last call never returned) */
	(void)rel_swap64(mon->mem, own + SAVE_CALL, 0);
	struct rel_walk w = { .max = 1 + mon->ncvms * HCTX_COUNT };
	w.save = calloc(w.max, sizeof *w.save);
	if (!w.save)
		return;            /* out of memory: the contexts stay taken (as before F3) */
	w.save[w.n++] = own;
	rel_running(rt, h, &w);
	while (rel_callees(rt, t, &w))
		;
	free(w.save);
}
