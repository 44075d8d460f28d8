/* run_priv.h - shared by run.c (threads, the gates, faults), run_layout.c (what the
 * monitor writes into a cVM before it runs: capability store, TP areas, handler contexts,
 * initial stack, and the start block), run_stop.c (SIGINT/SIGTERM, --timeout) and
 * run_summary.c (how each thread ended, the summary lines). Private to src/monitor/run*.c.
 * Call and return state is the switcher's (switcher.h): run code asks it. */
#ifndef INTRAVISOR_MONITOR_RUN_PRIV_H
#define INTRAVISOR_MONITOR_RUN_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "cap/cap.h"
#include "hart/hart.h"
#include "mem/mem.h"
#include "monitor/cvm.h"
#include "monitor/switcher.h"
#include "monitor/report.h"

#include "../../sdk/include/cvm_abi.h"

/* STYLE 13: conditions whose failure would hand a cVM something it must not have; checked in
 * every build. */
#define RUN_CHECK(x) do { if (!(x)) run_crash(#x, __FILE__, __LINE__); } while (0)
_Noreturn void run_crash(const char *what, const char *file, int line);

/* register numbers (psABI) */
enum { R_RA = 1, R_SP = 2, R_TP = 4, R_T0 = 5, R_T1 = 6, R_A0 = 10, R_T5 = 30, R_T6 = 31 };

enum run_end { RUN_END_NONE, RUN_END_EXIT, RUN_END_FAULT, RUN_END_ERROR, RUN_END_BUDGET,
	       RUN_END_INTERRUPTED, RUN_END_TIMEOUT };

/* Why the monitor stops every hart (run_stop.c); the first reason wins. */
enum run_stop_reason { RUN_STOP_NONE, RUN_STOP_SIGINT, RUN_STOP_SIGTERM, RUN_STOP_TIMEOUT, RUN_STOP_DEBUGGER };

struct gdb_thread;

struct run_thread {
	struct monitor *mon;
	struct cvm *v;
	unsigned j;                  /* thread slot number (0 = main thread) */
	uint64_t tp;                 /* its TP area */
	struct sw_thread sw;         /* its trusted stack (the switcher's) */
	bool gate_end;               /* the gate hook ended the thread (exit, a refused return) */
	pthread_t tid;
	bool started, joined;
	enum run_end end;
	/* what the start block prints as the reference's host values */
	struct cap tp_cap, sp_cap;
	/* for the summary and the JSON (run_summary.c); written by this thread, read after the join */
	int64_t exit_value;          /* a0 of hostcall 13 (valid when end == RUN_END_EXIT) */
	uint64_t instret;            /* instructions retired when the thread ended */
	uint64_t hostcalls;          /* hostcalls the monitor served on this thread */
	double t_start, t_end;       /* CLOCK_MONOTONIC seconds */
	struct hart *hart;           /* its hart while it runs: run_stop.c asks it to stop (under stop_lock) */
	struct linux_thread lt;      /* hybrid: its tid and clear_child_tid (src/linux) */
	struct run_clone_start *start; /* a clone: the registers it starts with (run_thread.c) */
	struct gdb_thread *gdb;      /* its GDB thread with --gdb (run_debug.c), else NULL */
	uint64_t trace_left, trace_mark; /* --trace insn: instructions still traced; instret at the slice */
	int hc_errno;                /* errno of its last failed file hostcall (813, hc_files.c) */
};

#define RUN_UNSERVED_MAX 32  /* distinct unserved hostcall numbers warned about per run */

struct run_state {
	pthread_mutex_t print_lock;  /* one start block or fault report at a time */
	struct run_thread *threads;  /* one main thread per cVM, file order */
	struct switcher sw;          /* call state of every thread, context pools */
	/* stopping every hart (run_stop.c) */
	pthread_mutex_t stop_lock;   /* guards reason, every run_thread's hart pointer, and the wake-up */
	pthread_cond_t stop_cond;    /* signalled when reason is set (ends the sleep of `wait: N`) */
	enum run_stop_reason reason; /* RUN_STOP_NONE until a signal or --timeout */
	int done_pipe[2];            /* monitor_run writes when every thread has ended: the watcher ends */
	pthread_t watcher;
	bool has_watcher;
	unsigned nthreads;           /* entries of threads (copied from mon->ncvms) */
	int stop_fd;                 /* mon->stop_fd */
	double timeout, deadline;    /* mon->timeout, and run_clock() + timeout (0: none) */
	/* unserved hostcall numbers already warned about (run_summary.c, under print_lock) */
	uint64_t unserved[RUN_UNSERVED_MAX];
	unsigned nunserved;
	/* threads the cVMs started (clone, run_thread.c): under stop_lock while the run goes on */
	struct run_thread **clones;
	unsigned nclones, clones_cap;
	struct run_pthreads *pthreads; /* pure-cap threads of hostcall 40 (run_pthread.c), or NULL */
};

/* the layout of one thread at start (intravisor.md section 3) and its argument words */
#define ARGV_MAX (CONFIG_MAX_ARGS + 1)

struct run_start {
	uint64_t sp, env0, env2, slot, top, tp;
	unsigned argc;
	char words[ARGV_MAX][256];
};

/* run_layout.c */
struct cap run_data_cap(const struct monitor *mon, const struct cvm *v, uint64_t base, uint64_t len);
struct cap run_with_addr(const struct cap *c, uint64_t addr);
void run_store_cap(struct mem *m, struct mem_thread *t, uint64_t addr, const struct cap *c);
void run_store64(struct mem *m, uint64_t addr, uint64_t v);
void run_write_tp_area(struct monitor *mon, struct cvm *v, struct mem_thread *t, uint64_t tp, uint64_t context);
void run_write_cap_store(struct monitor *mon, struct cvm *v);
void run_make_context(struct switcher *sw, struct cvm *v, unsigned k, struct mem_thread *t);
void run_split_args(const char *args, struct run_start *s);
void run_write_initial_stack(struct monitor *mon, struct cvm *v, struct mem_thread *t, struct run_start *s);
void run_print_start(struct run_thread *rt, const struct run_start *s, const struct cap ca[CVM_NCA]);
/* run.c */
void run_loop(struct run_thread *rt, struct hart *h);
bool run_gate(void *ctx, struct hart *h, uint64_t pc);   /* the hart's gate hook (ctx: the run_thread) */
bool run_ecall_hook(void *ctx, struct hart *h);   /* the hart's ecall hook (ctx: the run_thread) */
cap_status run_cinvoke_check(const struct cap *code, const struct cap *data);
/* run_stop.c: SIGINT/SIGTERM (mon->stop_fd) and --timeout stop every hart at its next block.
 * run_stop_begin starts the watcher (-1: cannot, a line on stderr); run_stop_end ends it.
 * A thread registers its hart once made and unregisters it before hart_free. */
int run_stop_begin(struct monitor *mon, struct run_state *st);
void run_stop_end(struct run_state *st);
void run_stop_register(struct run_thread *rt, struct hart *h);
void run_stop_unregister(struct run_thread *rt);
bool run_stop_requested(struct run_state *st);
/* gdb's kill: stop every hart as a signal would ("killed by the debugger") */
void run_stop_debugger(struct run_state *st);
/* sleep `seconds` (wait: N) unless a stop comes first */
void run_stop_sleep(struct run_state *st, long seconds);
/* report a thread stopped between two instructions (budget, signal, timeout) on stderr and in
 * the JSON, at its pc */
void run_report_stop(struct run_thread *rt, struct hart *h, const struct hart_trap *tr, enum report_kind kind,
		     const char *why);
/* the hart returned HART_EXIT_STOP: report it ("interrupted by SIGINT", ...), set rt->end */
void run_stopped(struct run_thread *rt, struct hart *h, const struct hart_trap *tr);
/* run_summary.c: CLOCK_MONOTONIC seconds; per-thread accounting, the unserved-hostcall warning, the summary lines */
double run_clock(void);
void run_thread_begin(struct run_thread *rt);
void run_thread_finish(struct run_thread *rt, struct hart *h);
/* after run_hostcall served (or refused) call nr: count it, warn once per unserved number */
void run_note_hostcall(struct run_thread *rt, uint64_t nr);
/* After the joins: record every thread's end (report_end), print the summary on mon->out
 * (unless quiet), and return the exit status (report.h order), status_in included. */
int run_summary(struct monitor *mon, struct run_state *st, int status_in);
/* run_thread.c: threads a hybrid cVM starts with clone (intravisor.md 9 "Threads") */
struct run_clone_start;
extern const struct linux_thread_ops run_linux_thread_ops;
extern const struct linux_stream_ops run_linux_stream_ops;   /* run_stream.c */
/* join every clone (those that start clones while we join too); after the main threads */
void run_join_clones(struct run_state *st);
/* start rt's host thread at main_fn(arg) and list it in st->clones (under stop_lock): 0 or -1 */
int run_start_clone(struct run_state *st, struct run_thread *rt, void *(*main_fn)(void *), void *arg)
	__attribute__((warn_unused_result));
void run_free_clones(struct run_state *st);
/* exit_group of rt's cVM: stop its other threads (under stop_lock) */
void run_stop_group(struct run_thread *rt);
/* run_debug.c: --gdb. begin: listen, print how to attach, wait for the debugger (0, or -1 with
 * a line on stderr); thread_add/exit around a thread's hart; end: the W packet, after the joins */
int run_debug_begin(struct monitor *mon);
void run_debug_thread_add(struct run_thread *rt, struct hart *h);
void run_debug_thread_exit(struct run_thread *rt);
void run_debug_end(struct monitor *mon, int status);
/* the hart stopped (budget 1: a gdb step) at a switcher entry run_loop must serve: tr->pc = it */
bool run_debug_at_gate(struct run_thread *rt, struct hart *h, struct hart_trap *tr);
/* run_loop's trap path: the debugger sees the fault first (stop with its signal and report) */
/* --gdb, catching calls: a stop before the monitor serves call nr (entry) and after (return,
 * result in place); nr is the hostcall number, or a hybrid cVM's Linux number */
void run_debug_call(struct run_thread *rt, uint64_t nr, bool entry, int64_t result);
void run_debug_handler_call(struct run_thread *rt, const struct cvm *caller, const struct cvm *handler, uint64_t nr,
			    bool entry, int64_t result);
void run_debug_fault(struct run_thread *rt, struct hart *h, const struct hart_trap *tr, const char *why);
/* run_trace.c: --trace (cvm.h RUN_TRACE_*) */
struct hostcall_request;
#define RUN_TRACE_DEFAULT_LIMIT 100000
void run_trace_begin(struct run_thread *rt, struct hart *h);
uint64_t run_trace_slice(struct run_thread *rt, struct hart *h, uint64_t slice);
void run_trace_after(struct run_thread *rt, struct hart *h);
void run_trace_hostcall(struct run_thread *rt, const struct hostcall_request *r, int64_t result);
/* a call from cVM `from` entered handler `to`, or (is_return) `from` returned to `to` */
void run_trace_call(struct run_thread *rt, const struct cvm *from, const struct cvm *to, uint64_t nr, bool is_return,
		    int64_t result);
/* run_call.c: CP_Call (403, 411-413) and, with run_pthread.c, threads (40, 41): hostcalls the
 * run layer serves itself, because they enter a callee or start a thread */
bool run_call_is_own(const struct run_thread *rt, uint64_t nr);
/* serve one (after sw_call gave SW_SERVE): enters the callee or resumes the caller; false */
bool run_call_serve(struct run_thread *rt, struct hart *h, const struct hostcall_request *r);
/* a function capability a cVM handed over (411, 40): v's own code; 0 and *entry, or HC_E* */
int64_t run_function_cap(const struct cvm *v, const struct cap *f, struct cap *entry);
/* the slice for hart_run, shortened to the innermost CP_Call's budget */
uint64_t run_call_slice(struct run_thread *rt, struct hart *h, uint64_t slice);
/* after HART_EXIT_BUDGET: a CP_Call's budget ran out (it was unwound: true) */
bool run_call_expired(struct run_thread *rt, struct hart *h);
/* a trap while a CP_Call is in flight: reported, the call unwound, true; else false */
bool run_call_trapped(struct run_thread *rt, struct hart *h, const struct hart_trap *tr);
/* run_pthread.c: 40 and 41 (a result for the caller) */
struct run_pthreads *run_pthreads_new(unsigned ncvms);
void run_pthreads_free(struct run_pthreads *p);
int64_t run_pthread_create(struct run_thread *rt, struct hart *h, const struct hostcall_request *r);
int64_t run_pthread_join(struct run_thread *rt, struct hart *h, const struct hostcall_request *r);

/* run_release.c: when a thread has ended, before hart_free: clear its call-in-flight word and
 * release the handler contexts it still holds */
struct hart;
void run_release_thread(struct run_thread *rt, struct hart *h);

#endif
