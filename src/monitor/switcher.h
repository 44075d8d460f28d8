/* switcher.h - the monitor's switcher: it owns every cross-cVM call and return
 * (intravisor.md 5.1; sdk/README.md "Calls and returns").
 *
 * Every cVM holds the same two sealed pairs (monitor otype 0): the *call* pair (its hostcall
 * pair, gate address MONITOR_HOSTCALL_ENTRY) and the *return* pair (MONITOR_RETURN_ENTRY).
 * Neither names a caller or a callee. What a call or a return means comes from the state of
 * the hart that made it, kept here in host memory no cVM can reach:
 *   - each hart (cVM thread) has a trusted stack of frames; the cVM running on a hart (its
 *     *domain*) is the callee of the top frame, or the thread's own cVM when the stack is empty;
 *   - a call goes to the domain's callback_out: the monitor (served in C by run.c, no frame),
 *     or a handler cVM: push a frame (caller, the caller's preserved registers, callee, the
 *     callee context chosen here) and enter the callee's syscall_handler on that context;
 *   - a return pops the top frame of the same hart exactly once and resumes its caller at its
 *     ret_from_monitor; with an empty stack it is refused (the thread ends with a report);
 *   - when a thread ends, its trusted stack is unwound and each frame's context freed.
 * Registers that are not arguments (t5, ca0..ca6) are cleared on the way in; on the way back
 * the caller gets its preserved registers (cra, csp, cgp, ctp, cs0..cs11, fs0..fs11, DDC) from
 * the frame, a0 = the result as an integer, ct6 = its own data capability, nothing else.
 *
 * Threads: a struct sw_thread is used by its own host thread only. The context pools are
 * shared: one atomic bitmap per handler cVM. No lock is taken.
 *
 * Contexts are made lazily: a handler cVM may have cvm.ncontexts of them (its `threads:`); the
 * first call that finds none free while fewer exist makes the next one on its own thread
 * (switcher.make_context: map its stack slot, write its TP area) and runs on it. A call that
 * finds all of them taken waits until one is given back, at most wait_seconds; then it fails
 * with HC_EAGAIN (sdk/include/hostcalls.h). Nothing scans other cVMs or other threads: a
 * thread's end gives back exactly the contexts of its own frames.
 */
#ifndef INTRAVISOR_MONITOR_SWITCHER_H
#define INTRAVISOR_MONITOR_SWITCHER_H

#include <stdint.h>

#include "cap/cap.h"
#include "hart/hart.h"
#include "monitor/cvm.h"
#include "monitor/hostcall.h"

#include "../../sdk/include/cvm_abi.h"

struct hart;

#define SW_MAX_DEPTH 256   /* frames per hart; a deeper call is refused with HC_EAGAIN */
#define SW_WAIT_SECONDS 10.0 /* how long a call waits for a free context (--context-wait) */

struct mem_thread;

/* One cVM's callee contexts (stack + TP area + argument area, made lazily by
 * switcher.make_context): a handler cVM's from the start (SW_CONTEXTS_READY, cvm.ncontexts of
 * them), a CP_Call callee's from its first registration (switcher_enable_callee, HCTX_COUNT). */
enum { SW_CONTEXTS_NONE, SW_CONTEXTS_MAKING, SW_CONTEXTS_READY };

struct sw_cvm {
	_Atomic int contexts;        /* SW_CONTEXTS_*: the arrays below exist once READY */
	unsigned ncontexts;          /* how many it may have (cvm.ncontexts) */
	_Atomic unsigned made;       /* contexts 0..made-1 exist */
	_Atomic uint64_t *free;      /* bit k%64 of word k/64 set: context k exists and is free */
	/* what the switcher sets on every call, in register form (hart_prepare): */
	struct hart_prepared entry;    /* code cap at syscall_handler (capability mode), if a handler */
	struct hart_prepared landing;  /* code cap at ret_from_monitor (capability mode) */
	struct hart_prepared data;     /* the cVM's data capability (ct6) */
	struct hart_prepared *sp;      /* context k's stack, address = its top (ncontexts) */
	struct hart_prepared *tp;      /* context k's TP area */
	struct cap *args;            /* context k's argument area (cvm_abi.h HCTX_ARGS) */
	_Atomic uint32_t given;      /* futex word: bumped by a give-back that sees a waiter */
	_Atomic uint32_t waiters;    /* threads in sw_take_wait (switcher.c) */
};

struct switcher {
	struct monitor *mon;
	struct sw_cvm *cvm;          /* one per cVM, file order (index = v - mon->cvms) */
	/* Make context k of handler v on the calling thread t: map its slot, write its TP area,
	 * then switcher_set_context (run_layout.c run_make_context). Cannot fail. */
	void (*make_context)(struct switcher *sw, struct cvm *v, unsigned k, struct mem_thread *t);
	double wait_seconds;         /* SW_WAIT_SECONDS unless --context-wait */
	struct hart_prepared ret_sentry;   /* cra of a CP_Call callee: a sentry to the return entry */
};

/* Counts of one thread, summed by run.c for the report. */
struct sw_counts {
	uint64_t calls;              /* calls that entered a handler cVM (frames pushed) */
	uint64_t returns;            /* returns accepted (frames popped) */
	uint64_t served;             /* calls served by the monitor */
	uint64_t refused;            /* calls refused: too deep, or the thread is stopping (HC_EAGAIN) */
	uint64_t waited;             /* calls that waited for a free callee context */
	uint64_t unwound;            /* frames unwound when the thread ended */
};

struct sw_thread {
	struct switcher *sw;
	struct cvm *home;            /* the thread's own cVM */
	struct sw_frame *frames;     /* the trusted stack */
	unsigned depth, cap;
	struct sw_counts n;
};

int switcher_init(struct switcher *sw, struct monitor *mon) __attribute__((warn_unused_result));
void switcher_free(struct switcher *sw);
/* Context k of handler cVM v: its stack (address = initial sp) and TP capability (from
 * make_context; the context is not free yet: its maker runs on it). */
void switcher_set_context(struct switcher *sw, const struct cvm *v, unsigned k, const struct cap *sp,
			  const struct cap *tp);
/* Contexts of v taken now (0 at the end of a run: none leaked). */
/* Give v (pure-cap, not a handler) HCTX_COUNT callee contexts for CP_Calls, made lazily as a
 * handler's; once, whichever thread asks first (others wait for it, offline). 0, or -1 (no
 * memory: try again later). h: the calling hart. */
int switcher_enable_callee(struct switcher *sw, struct cvm *v, struct hart *h);
unsigned switcher_contexts_in_use(const struct switcher *sw, const struct cvm *v);

void sw_thread_init(struct sw_thread *t, struct switcher *sw, struct cvm *home);
/* The thread has ended (exit, trap, budget, interrupt): unwind the trusted stack, free each
 * frame's context, free the stack. */
void sw_thread_end(struct sw_thread *t);

/* One call in flight on a thread: a frame of its trusted stack (switcher.c; here for the
 * accessors below, which every gate pass calls several times) */
struct sw_frame {
	struct cvm *caller, *callee;
	unsigned ctx;                       /* the callee context this call runs on */
	uint64_t nr;                        /* the call's number (--trace=call) */
	bool hybrid;                        /* an ecall of a hybrid caller: all and pcc, not saved */
	bool cpcall;                        /* a CP_Call (sw_enter_function), not a hostcall */
	uint64_t deadline;                  /* instret at which the innermost CP_Call's budget ends */
	struct hart_saved saved;            /* the caller's preserved registers (SW_SAVED_X, _F) */
	struct cap ddc;
	struct hart_regs all;               /* hybrid: x1..x31, f0..f31 */
	struct cap pcc;                     /* hybrid: PCC at the ecall */
};

/* The cVM whose code runs on this hart now. */
static inline struct cvm *sw_domain(const struct sw_thread *t)
{
	return t->depth ? t->frames[t->depth - 1].callee : t->home;
}
/* The cVM that made the call running now in the domain (the top frame's caller), or NULL. */
static inline struct cvm *sw_caller(const struct sw_thread *t)
{
	return t->depth ? t->frames[t->depth - 1].caller : NULL;
}
/* The number of the call running now in the domain (the top frame's), or 0. */
static inline uint64_t sw_call_nr(const struct sw_thread *t) { return t->depth ? t->frames[t->depth - 1].nr : 0; }

enum sw_result {
	SW_SERVE,       /* a call for the monitor: *req is filled; serve it, then sw_resume() */
	SW_ENTERED,     /* the callee cVM runs now (a frame was pushed) */
	SW_RESUMED,     /* the caller runs again (a return; or a call refused: a0 = HC_EAGAIN) */
	SW_NO_CALL,     /* a return with no call in flight on this hart: the thread must end */
};

/* The hart reached MONITOR_HOSTCALL_ENTRY (the call pair). */
enum sw_result sw_call(struct sw_thread *t, struct hart *h, struct hostcall_request *req);
/* After SW_SERVE: resume the caller at its landing with a0 = result. */
void sw_resume(struct sw_thread *t, struct hart *h, int64_t result);
/* A hybrid cVM's ecall (intravisor.md 9), its request already derived (linux_derive): to the
 * domain's callback_out like sw_call; SW_SERVE: serve it, then sw_resume_ecall(). */
enum sw_result sw_ecall(struct sw_thread *t, struct hart *h, const struct hostcall_request *req);
/* After SW_SERVE of an ecall: a0 = result, resume after the ecall, nothing else changes. */
void sw_resume_ecall(struct sw_thread *t, struct hart *h, int64_t result);
/* After SW_ENTERED: a data capability to the argument area of the callee context the call
 * runs on (cvm_abi.h HCTX_ARGS), where the monitor may put what the call passes by reference
 * before the callee's first instruction. */
struct cap sw_callee_args(const struct sw_thread *t);
/* The hart reached MONITOR_RETURN_ENTRY (the return pair). */
enum sw_result sw_return(struct sw_thread *t, struct hart *h);

/* CP_Call (run_call.c; sdk/README.md "Calls between cVMs"): push a frame for the domain ->
 * callee and enter `entry` (callee's own code, unsealed, capability mode) with ca0..ca(n-1) =
 * args, cra = sw->ret_sentry, csp/ctp = a callee context, ct6 = callee's data capability,
 * everything else NULL. budget: instructions the call may run (0: no limit of its own; an
 * inner call never outlives an outer one's budget). SW_ENTERED, or SW_RESUMED with a0 =
 * HC_EAGAIN: too deep, the thread is stopping, or every context of the callee is taken and
 * this thread holds one of them (a cycle it would wait on forever). */
enum sw_result sw_enter_function(struct sw_thread *t, struct hart *h, struct cvm *callee, const struct cap *entry,
				 const struct cap *args, unsigned nargs, uint64_t budget);
/* Whether a CP_Call is in flight on this thread (a frame of sw_enter_function). */
bool sw_in_function_call(const struct sw_thread *t);
/* hart_instret at which the innermost CP_Call's budget ends; UINT64_MAX: none. */
uint64_t sw_call_deadline(const struct sw_thread *t);
/* End a CP_Call early: the innermost one (expired = false: its callee faulted), or the
 * outermost whose budget has run out (expired = true). Unwinds every frame above it and its
 * own, frees their contexts, and resumes its caller with a0 = result and its preserved
 * registers. *callee = the cVM whose call ended. false: no such call in flight. */
bool sw_abort_call(struct sw_thread *t, struct hart *h, int64_t result, bool expired, struct cvm **callee);

/* The registers of the hybrid ecall a call chain began with (a Linux system call of the
 * thread's own cVM, forwarded through handler cVMs): x1..x31 (hart_save_cregs order), f0..f31,
 * PCC at the ecall and DDC, from the bottom frame of the trusted stack, where no cVM can
 * write them. 0, or -1 when the chain did not begin with an ecall of the thread's own cVM.
 * With an empty stack the caller's registers are the hart's (ask the hart). */
int sw_ecall_origin(const struct sw_thread *t, struct cap x[31], uint64_t f[32], struct cap *pcc, struct cap *ddc)
	__attribute__((warn_unused_result));

#endif
