/* gdb.h - a GDB remote-serial-protocol stub for harts (README "Debugging").
 *
 * The embedder (the monitor, rvrun) opens the stub with an address to listen on, waits for the
 * debugger, and then runs its harts as usual with two calls around every hart_run:
 *
 *     budget = gdb_slice(t, budget);             parks while the debugger has the harts stopped
 *     e = hart_run(h, budget, &tr);
 *     if (gdb_event(t, e, &tr) == GDB_RUN_ON)    a breakpoint, a finished step, a watchpoint,
 *         continue;                              or a stop the stub asked for: park, run on
 *
 * and gdb_fault() before it ends a thread on a trap. Every hart is a GDB thread (all-stop: when
 * one stops, the stub stops the others at their next block boundary with hart_request_stop).
 * The debugger is trusted (it is the host user); the guest reaches the stub only through what
 * its harts do, and nothing a guest writes is sent to the debugger unescaped.
 *
 * One client: the listening socket is closed when it connects (a second client is refused by
 * the kernel). A client that goes away detaches: breakpoints and watchpoints are removed and
 * every hart runs on.
 */
#ifndef INTRAVISOR_GDB_H
#define INTRAVISOR_GDB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hart/hart.h"

struct gdb;
struct gdb_thread;

struct gdb_ops {
	void *ctx;
	/* `monitor CMD` that the stub does not serve itself (cap, tags, help): print to out and
	 * return true, or return false (unknown command). h: the debugger's current thread's hart
	 * (NULL when there is none). */
	bool (*monitor)(void *ctx, struct hart *h, const char *cmd, FILE *out);
	/* print a capability register for `monitor cap` (NULL: the stub's own one-line form) */
	void (*print_cap)(void *ctx, FILE *out, const char *name, const struct cap *c);
	/* the debugger sent `k`: end every hart (they will return HART_EXIT_STOP) */
	void (*kill)(void *ctx);
};

/* Listen on "[HOST:]PORT" (HOST defaults to 127.0.0.1). 0, or -1 with a sentence in err. */
int gdb_open(struct gdb **out, struct mem *m, const char *addr, const struct gdb_ops *ops, char *err, size_t n)
	__attribute__((warn_unused_result));
/* The port actually bound (for PORT 0). */
unsigned gdb_port(const struct gdb *g);
/* Block until the debugger connects; then serve it on a thread of the stub's own. 0 or -1 (err). */
int gdb_accept(struct gdb *g, char *err, size_t n) __attribute__((warn_unused_result));
/* Every hart has ended: tell the debugger (W packet) with the exit status, end the server, free. */
void gdb_close(struct gdb *g, int status);

/* A hart's thread: register it (name: e.g. "cVM first, thread 0", from the configuration) once
 * its hart is made, before its first gdb_slice; gdb_thread_exit before hart_free. */
/* [gate_lo, gate_hi): the hart's gate range (hart_options): a step that ends at a gate does
 * not stop there; the embedder serves the gate (HART_EXIT_BUDGET at a gate pc) and the step
 * stops after it. */
struct gdb_thread *gdb_thread_add(struct gdb *g, struct hart *h, const char *name, uint64_t gate_lo, uint64_t gate_hi);
void gdb_thread_exit(struct gdb_thread *t);

/* Before hart_run: wait while the debugger keeps this hart stopped; returns the budget to use
 * (1 while single-stepping or while a watchpoint is set). */
uint64_t gdb_slice(struct gdb_thread *t, uint64_t budget);
enum gdb_verdict {
	GDB_PASS,     /* not the stub's: the embedder handles the exit as it would without it */
	GDB_RUN_ON,   /* the stub's (it stopped and the debugger resumed): call gdb_slice again */
};
/* After hart_run. `monitor_stop`: the embedder itself asked the hart to stop (a signal, a
 * timeout): then a HART_EXIT_STOP is never the stub's. */
enum gdb_verdict gdb_event(struct gdb_thread *t, enum hart_exit e, const struct hart_trap *tr, bool monitor_stop);
/* The thread ends on this trap: stop with its signal (SIGSEGV for CHERI and access faults,
 * SIGILL, SIGBUS, SIGTRAP) and the fault report as console output; returns when the debugger
 * resumes. */
void gdb_fault(struct gdb_thread *t, const struct hart_trap *tr, const char *report);

/* Catching calls (gdb_catch.c): does the debugger want a stop at call nr (a hostcall number, or
 * a hybrid cVM's Linux system-call number)? If so, the embedder calls gdb_syscall before it
 * serves the call (entry) and after (return, with the result in place), each time with the
 * hart at the caller's state; text (no newline needed) is shown as console output with a
 * `monitor catch` stop. Returns when the debugger resumes. */
bool gdb_catches(struct gdb_thread *t, uint64_t nr);
void gdb_syscall(struct gdb_thread *t, uint64_t nr, bool entry, const char *text);

#endif
