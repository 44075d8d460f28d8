/* run_debug.c - the monitor's side of --gdb (src/gdb, README "Debugging").
 *
 * monitor_run opens the stub after deploying and before the first cVM starts, prints how to
 * attach (and an add-symbol-file command per cVM: the images are linked at 0 and loaded at their
 * slot's base), and waits for the debugger. Every thread registers its hart as a GDB thread
 * named "cVM NAME, thread N" (the name comes from the configuration, never from the guest).
 * The stub serves `monitor cap` with the fault report's own format, and asks here for
 * `monitor cvms`.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gdb/gdb.h"
#include "monitor/run_priv.h"

static void debug_print_cap(void *ctx, FILE *out, const char *name, const struct cap *c)
{
	(void)ctx;
	report_print_cap(out, name, c);
}

/* A pure-cap image is linked at 0 and loaded at its slot's base: -o base. A hybrid cVM is shown
 * as it sees itself (gdb_priv.h, the hybrid view): its own link addresses, offsets in the slot,
 * so its ELF's symbols as they are (`file` when it is the only cVM, as with `intravisor run`). */
static void debug_symbols(const struct monitor *mon, FILE *out, const char *indent)
{
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		if (!v->is_hybrid)
			fprintf(out, "%sadd-symbol-file %s -o 0x%" PRIx64 "\n", indent, v->runtime_path, v->base);
		else
			fprintf(out, "%s%s %s    # hybrid cVM '%s': its addresses are offsets in its slot at 0x%" PRIx64 "\n",
				indent, mon->ncvms == 1 ? "file" : "add-symbol-file", v->runtime_path, v->name, v->base);
	}
}

static bool debug_monitor(void *ctx, struct hart *h, const char *cmd, FILE *out)
{
	struct monitor *mon = ctx;
	(void)h;
	if (strcmp(cmd, "cvms"))
		return false;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		fprintf(out, "cVM '%s' id %u %s slot [0x%" PRIx64 ", 0x%" PRIx64 ") runtime %s\n", v->name, v->id,
			v->is_hybrid ? "hybrid" : "pure-cap", v->base, v->base + v->size, v->runtime_path);
	}
	debug_symbols(mon, out, "  ");
	return true;
}

static void debug_kill(void *ctx)
{
	struct monitor *mon = ctx;
	run_stop_debugger(mon->run);
}

int run_debug_begin(struct monitor *mon)
{
	if (!mon->gdb_addr)
		return 0;
	char err[400];
	struct gdb_ops ops = { .ctx = mon, .monitor = debug_monitor, .print_cap = debug_print_cap, .kill = debug_kill };
	if (gdb_open(&mon->gdb, mon->mem, mon->gdb_addr, &ops, err, sizeof err) != 0) {
		fprintf(stderr, "intravisor: %s\n", err);
		return -1;
	}
	if (mon->ncvms == 1 && mon->cvms[0].is_hybrid)   /* intravisor run PROGRAM: its symbols at once */
		fprintf(stderr, "intravisor: deployed; waiting for gdb on port %u: gdb-multiarch %s -ex 'target remote :%u'\n",
			gdb_port(mon->gdb), mon->cvms[0].runtime_path, gdb_port(mon->gdb));
	else
		fprintf(stderr, "intravisor: deployed; waiting for gdb on port %u: gdb-multiarch -ex 'target remote :%u'\n",
			gdb_port(mon->gdb), gdb_port(mon->gdb));
	fprintf(stderr, "intravisor: symbols of each cVM, in gdb:\n");
	debug_symbols(mon, stderr, "  ");
	if (gdb_accept(mon->gdb, err, sizeof err) != 0) {
		fprintf(stderr, "intravisor: %s\n", err);
		gdb_close(mon->gdb, 0);
		mon->gdb = NULL;
		return -1;
	}
	fprintf(stderr, "intravisor: gdb attached\n");
	return 0;
}

void run_debug_thread_add(struct run_thread *rt, struct hart *h)
{
	if (!rt->mon->gdb)
		return;
	char name[128];
	snprintf(name, sizeof name, "cVM %s, thread %u", rt->v->name, rt->j);
	rt->gdb = gdb_thread_add(rt->mon->gdb, h, name, rt->mon->gate_lo, rt->mon->gate_hi);
}

void run_debug_thread_exit(struct run_thread *rt)
{
	if (rt->gdb)
		gdb_thread_exit(rt->gdb);
	rt->gdb = NULL;
}

void run_debug_fault(struct run_thread *rt, struct hart *h, const struct hart_trap *tr, const char *why)
{
	if (!rt->gdb)
		return;
	struct monitor *mon = rt->mon;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f) {
		enum report_kind kind = REPORT_TRAP;
		if (tr->pc >= mon->gate_lo && tr->pc < mon->gate_hi)
			kind = tr->pc == mon->return_entry ? REPORT_BAD_RETURN : REPORT_GATE;
		report_fault_print(mon, f, rt->v, rt->j, h, tr, kind, why);
		fclose(f);
	}
	gdb_fault(rt->gdb, tr, text ? text : "");
	free(text);
}

/* run_debug_call's stop (kept apart: the common case, no debugger, is a test and a return
 * without this frame's prologue, twice per hostcall) */
static __attribute__((noinline)) void debug_call_stop(struct run_thread *rt, uint64_t nr, bool entry, int64_t result)
{
	if (!gdb_catches(rt->gdb, nr))
		return;
	const char *what = rt->v->is_hybrid ? "system call" : "hostcall";
	/* a handler cVM's own call (e.g. the one it forwards) runs on its caller's thread */
	const struct cvm *d = sw_domain(&rt->sw);
	char on[200] = "";
	if (d != rt->v) {
		what = "hostcall";
		snprintf(on, sizeof on, "cVM '%s' on ", d->name);
	}
	char text[400];
	if (entry)
		snprintf(text, sizeof text, "intravisor: %s %" PRIu64 " entry: %scVM '%s' thread %u\n", what, nr, on, rt->v->name,
			 rt->j);
	else
		snprintf(text, sizeof text, "intravisor: %s %" PRIu64 " return: %scVM '%s' thread %u = %" PRId64 "\n", what, nr,
			 on, rt->v->name, rt->j, result);
	gdb_syscall(rt->gdb, nr, entry, text);
}

void run_debug_call(struct run_thread *rt, uint64_t nr, bool entry, int64_t result)
{
	if (rt->gdb)
		debug_call_stop(rt, nr, entry, result);
}

/* A call a handler cVM serves (intravisor.md 5.1): the entry stop is at the handler's first
 * instruction (the switcher has entered it), the return stop at the caller's landing with the
 * result in a0. A hybrid caller's system call keeps its Linux number (the switcher carries
 * 0x1000 + N), so `catch hostcall 64` catches write whoever serves it; the handler's own
 * forwarding hostcall 0x1000 + N is a hostcall of the handler, caught by that number. */
void run_debug_handler_call(struct run_thread *rt, const struct cvm *caller, const struct cvm *handler, uint64_t nr,
			    bool entry, int64_t result)
{
	if (!rt->gdb)
		return;
	bool sys = caller->is_hybrid && nr >= LINUX_HOSTCALL_BASE;
	uint64_t shown = sys ? nr - LINUX_HOSTCALL_BASE : nr;
	if (!gdb_catches(rt->gdb, shown))
		return;
	const char *what = sys ? "system call" : "hostcall";
	char text[400];
	if (entry)
		snprintf(text, sizeof text, "intravisor: %s %" PRIu64 " entry: cVM '%s' thread %u -> handler cVM '%s'\n", what,
			 shown, caller->name, rt->j, handler->name);
	else
		snprintf(text, sizeof text, "intravisor: %s %" PRIu64 " return: cVM '%s' thread %u = %" PRId64
			 " <- handler cVM '%s'\n", what, shown, caller->name, rt->j, result, handler->name);
	gdb_syscall(rt->gdb, shown, entry, text);
}

bool run_debug_at_gate(struct run_thread *rt, struct hart *h, struct hart_trap *tr)
{
	struct cap pcc;
	hart_get_pcc(h, &pcc);
	tr->pc = pcc.addr;
	return pcc.addr == rt->mon->hostcall_entry || (pcc.addr == rt->mon->return_entry && rt->sw.depth != 0);
}

void run_debug_end(struct monitor *mon, int status)
{
	gdb_close(mon->gdb, status);
	mon->gdb = NULL;
}
