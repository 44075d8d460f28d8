/* report.h - what the monitor says about a run: one record per cVM thread that did not end with
 * hostcall 13 (a trap, an exhausted instruction budget, a bad return pair, a gate this build
 * does not serve, a stop by SIGINT/SIGTERM or --timeout), printed on stderr as it happens and,
 * with `--report FILE`, written as one JSON document when the run ends (intravisor.md section
 * 8; tests/security/ parses it).
 *
 * JSON (64-bit values as "0x..." strings; a capability is an object with tag, sealed, otype,
 * perms, perm_names, base, top, addr, flags):
 *   { "exit_status": N, "exit_meaning": "...",
 *     "cvms":   [ { "name", "id", "runtime", "thread",
 *                 "end": "exit|fault|budget|interrupted|timeout|error",
 *                 "exit_value": a0 of hostcall 13 | null, "instret", "wall_seconds",
 *                 "hostcalls" } ],
 *     "faults": [ { "cvm", "id", "runtime", "thread", "kind", "why",
 *                   "in_cvm": { "name", "id", "runtime" } | null,   (the call chain)
 *                   "pc", "insn", "disasm", "cause", "cause_name", "tval",
 *                   "cheri_cause", "cheri_cause_name", "cap_index", "cap_reg", "cap",
 *                   "hint": "..." | null, "instret", "regs": { "pcc", "ddc", "ra", ... "t6" } } ],
 *     "switcher": { "calls", "returns", "served", "refused", "waited", "unwound",
 *                   "contexts_in_use" } }
 * `hint` (also a "  hint:" line on stderr) names a likely cause when the fault looks like
 * integer-mode C code in a pure-cap cVM (report.c, report_hint).
 * "switcher" (switcher.h): calls that entered a handler cVM, returns accepted, calls the
 * monitor served, calls refused (HC_EAGAIN: too deep, or stopping), calls that waited for a
 * free handler context, frames unwound at thread ends, and handler contexts still taken at
 * the end (always 0: calls == returns + unwound is checked).
 * `in_cvm` names the cVM whose slot holds the pc when that is not the thread's own cVM: the
 * thread called into a handler cVM (its callback_out) and faulted there.
 */
#ifndef INTRAVISOR_MONITOR_REPORT_H
#define INTRAVISOR_MONITOR_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hart/hart.h"
#include "monitor/cvm.h"

/* Process exit status (main.c and monitor_run; `intravisor --help`, README.md). When several
 * apply the first of SIGINT/SIGTERM, TIMEOUT, MONITOR, FAULT, BUDGET wins. */
#define REPORT_STATUS_OK       0   /* every cVM thread ended with hostcall 13 (exit) */
#define REPORT_STATUS_INPUT    1   /* usage, config or image error: nothing was deployed */
#define REPORT_STATUS_FAULT    2   /* a cVM thread trapped (the report names it); others ran on */
#define REPORT_STATUS_MONITOR  3   /* host resources: a thread or the --report file failed */
#define REPORT_STATUS_BUDGET   4   /* a cVM thread ran out of its --budget (and none faulted) */
#define REPORT_STATUS_TIMEOUT  124 /* --timeout expired: every hart was stopped (as timeout(1)) */
#define REPORT_STATUS_SIGINT   130 /* SIGINT: every hart was stopped (128 + 2, as a shell says) */
#define REPORT_STATUS_SIGTERM  143 /* SIGTERM: every hart was stopped (128 + 15) */

enum report_kind {
	REPORT_TRAP,        /* a synchronous exception in the cVM */
	REPORT_BAD_RETURN,  /* a return through the switcher with no call in flight on the thread */
	REPORT_GATE,        /* PCC reached a monitor entry this build does not serve */
	REPORT_BUDGET,      /* the thread used its instruction budget */
	REPORT_STOPPED,     /* the monitor stopped the thread (SIGINT, SIGTERM, --timeout): see why */
};

enum report_end {
	REPORT_END_EXIT, REPORT_END_FAULT, REPORT_END_BUDGET, REPORT_END_ERROR,
	REPORT_END_INTERRUPTED,   /* stopped because of SIGINT or SIGTERM */
	REPORT_END_TIMEOUT,       /* stopped because --timeout expired */
};

/* How one cVM thread ended, and what it did (the summary line and the JSON "cvms" entry). */
struct report_thread_info {
	enum report_end end;
	bool has_exit_value;      /* it ended with hostcall 13 */
	int64_t exit_value;       /* a0 of that hostcall */
	uint64_t instret;         /* instructions retired */
	double wall_seconds;      /* from its start to its end */
	uint64_t hostcalls;       /* hostcalls the monitor served on this thread (exit included) */
};

struct report;

/* Record one fault of thread `thread` of v and print it on `err` (the caller serialises calls:
 * run.c holds its print lock). The first call creates mon->report. */
void report_fault(struct monitor *mon, FILE *err, const struct cvm *v, unsigned thread, const struct hart *h,
		  const struct hart_trap *tr, enum report_kind kind, const char *why);
/* The same report, only printed (not recorded): the debugger's copy (run_debug.c). */
void report_fault_print(struct monitor *mon, FILE *f, const struct cvm *v, unsigned thread, const struct hart *h,
			const struct hart_trap *tr, enum report_kind kind, const char *why);
/* "  ca0 tag 1 sealed 0 otype -1 perms ... / base ... top ... addr ...": a capability as the
 * fault report prints it (also `monitor cap` in gdb) */
void report_print_cap(FILE *f, const char *name, const struct cap *c);
/* Record how a thread ended (single-threaded: after the joins). */
void report_end(struct monitor *mon, const struct cvm *v, unsigned thread, const struct report_thread_info *info);
/* "exit", "fault", "budget", "interrupted", "timeout", "error" */
const char *report_end_name(enum report_end e);
/* The switcher's counts over the whole run (run.c, after the joins). */
struct report_switcher {
	uint64_t calls, returns, served, refused, waited, unwound, contexts_in_use;
};
void report_switcher(struct monitor *mon, const struct report_switcher *s);
/* "every cVM thread ended with hostcall 13", ... */
const char *report_status_meaning(int status);
/* Write the JSON to mon->report_path (if set) and free mon->report. Returns status, or
 * REPORT_STATUS_MONITOR when the file cannot be written (a line on stderr says why). */
int report_finish(struct monitor *mon, int status);

/* --report FILE when nothing ran: {"exit_status": status, "exit_meaning", "error": message,
 * "cvms": [], "faults": []}. Best effort (main.c has already printed the error). */
void report_write_error(const char *path, int status, const char *message);

#endif
