/* run_priv.h - shared by run.c (threads, the gates, faults) and run_layout.c (what the
 * monitor writes into a cVM before it runs: capability store, TP areas, handler contexts,
 * initial stack, and the start block). Private to src/monitor/run*.c. Call and return state
 * is the switcher's (switcher.h): run code asks it. */
#ifndef INTRAVISOR_MONITOR_RUN_PRIV_H
#define INTRAVISOR_MONITOR_RUN_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "cap/cap.h"
#include "mem/mem.h"
#include "monitor/cvm.h"
#include "monitor/switcher.h"

#include "../../sdk/include/cvm_abi.h"

/* STYLE 13: conditions whose failure would hand a cVM something it must not have; checked in
 * every build. */
#define RUN_CHECK(x) do { if (!(x)) run_crash(#x, __FILE__, __LINE__); } while (0)
_Noreturn void run_crash(const char *what, const char *file, int line);

/* register numbers (psABI) */
enum { R_RA = 1, R_SP = 2, R_TP = 4, R_T0 = 5, R_T1 = 6, R_A0 = 10, R_T5 = 30, R_T6 = 31 };

enum run_end { RUN_END_NONE, RUN_END_EXIT, RUN_END_FAULT, RUN_END_ERROR, RUN_END_BUDGET };

struct run_thread {
	struct monitor *mon;
	struct cvm *v;
	unsigned j;                  /* thread slot number (0 = main thread) */
	uint64_t tp;                 /* its TP area */
	struct sw_thread sw;         /* its trusted stack (the switcher's) */
	pthread_t tid;
	bool started, joined;
	enum run_end end;
	/* what the start block prints as the reference's host values */
	struct cap tp_cap, sp_cap;
	struct cap null;             /* cap_null(), made once */
};

struct run_state {
	pthread_mutex_t print_lock;  /* one start block or fault report at a time */
	struct run_thread *threads;  /* one main thread per cVM, file order */
	struct switcher sw;          /* call state of every thread, context pools */
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
void run_write_cap_store(struct monitor *mon, struct switcher *sw, struct cvm *v);
void run_split_args(const char *args, struct run_start *s);
void run_write_initial_stack(struct monitor *mon, struct cvm *v, struct mem_thread *t, struct run_start *s);
void run_print_start(struct run_thread *rt, const struct run_start *s, const struct cap ca[CVM_NCA]);
/* run.c */
cap_status run_cinvoke_check(const struct cap *code, const struct cap *data);
#endif
