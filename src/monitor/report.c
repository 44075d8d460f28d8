/* report.c - fault reports on stderr and as JSON (see report.h). */
#include "monitor/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct report_record {
	const struct cvm *v;          /* the thread's cVM */
	const struct cvm *in;         /* the cVM whose slot holds the pc, if not v; else NULL */
	unsigned thread;
	enum report_kind kind;
	char why[192];                /* copied: callers pass stack buffers */
	struct hart_trap trap;
	char disasm[96];
	struct cap regs[34];          /* c0..c31, pcc (32), ddc (33) */
	uint64_t instret;
	char hint[240];               /* "" or a likely cause and where to read (report_hint) */
};

struct report_thread_end {
	const struct cvm *v;
	unsigned thread;
	struct report_thread_info info;
};

struct report {
	struct report_record *rec;
	unsigned nrec, caprec;
	struct report_thread_end *ends;
	unsigned nends, capends;
	struct report_switcher sw;
};

static const char *const report_reg_name[34] = {
	"cnull", "cra", "csp", "cgp", "ctp", "ct0", "ct1", "ct2", "cs0", "cs1", "ca0", "ca1",
	"ca2", "ca3", "ca4", "ca5", "ca6", "ca7", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7",
	"cs8", "cs9", "cs10", "cs11", "ct3", "ct4", "ct5", "ct6", "pcc", "ddc",
};

/* cheri-riscv.md 6.2: 0..31 general registers, 32 + n = SCR n (32 PCC, 33 DDC) */
static const char *report_cap_reg(unsigned idx)
{
	static const char *const scr[] = {
		[0] = "pcc", [1] = "ddc", [4] = "utcc", [5] = "utdc", [6] = "uscratchc", [7] = "uepcc",
		[12] = "stcc", [13] = "stdc", [14] = "sscratchc", [15] = "sepcc",
		[28] = "mtcc", [29] = "mtdc", [30] = "mscratchc", [31] = "mepcc",
	};
	if (idx < 32)
		return report_reg_name[idx];
	if (idx - 32 < sizeof scr / sizeof scr[0] && scr[idx - 32])
		return scr[idx - 32];
	return "scr";
}

static const char *report_kind_name(enum report_kind k)
{
	switch (k) {
	case REPORT_TRAP: return "trap";
	case REPORT_BAD_RETURN: return "bad-return";
	case REPORT_GATE: return "gate";
	case REPORT_BUDGET: return "budget";
	case REPORT_STOPPED: return "stopped";
	}
	return "?";
}

const char *report_end_name(enum report_end e)
{
	switch (e) {
	case REPORT_END_EXIT: return "exit";
	case REPORT_END_FAULT: return "fault";
	case REPORT_END_BUDGET: return "budget";
	case REPORT_END_ERROR: return "error";
	case REPORT_END_INTERRUPTED: return "interrupted";
	case REPORT_END_TIMEOUT: return "timeout";
	}
	return "?";
}

const char *report_status_meaning(int status)
{
	switch (status) {
	case REPORT_STATUS_OK: return "every cVM thread ended with hostcall 13 (exit)";
	case REPORT_STATUS_INPUT: return "usage, config or image error: nothing was deployed";
	case REPORT_STATUS_FAULT: return "a cVM thread trapped; the others ran to their end";
	case REPORT_STATUS_MONITOR: return "the monitor could not start a cVM thread or write its report";
	case REPORT_STATUS_BUDGET: return "a cVM thread used its instruction budget (--budget)";
	case REPORT_STATUS_TIMEOUT: return "--timeout expired: every cVM thread was stopped";
	case REPORT_STATUS_SIGINT: return "interrupted by SIGINT: every cVM thread was stopped";
	case REPORT_STATUS_SIGTERM: return "interrupted by SIGTERM: every cVM thread was stopped";
	}
	if (status > 128 && status < 128 + 65)   /* intravisor run: a signal ended the program */
		return "a signal ended the program: 128 + its number, as a shell reports it";
	if (status > 0 && status < 256)          /* intravisor run: the program's own exit status */
		return "the program's exit status";
	return "unknown";
}

static struct report *report_get(struct monitor *mon)
{
	if (!mon->report)
		mon->report = calloc(1, sizeof *mon->report);
	return mon->report;
}

/* The cVM whose slot holds addr (a handler cVM entered through callback_out), or NULL. */
static const struct cvm *report_cvm_at(const struct monitor *mon, uint64_t addr)
{
	for (unsigned i = 0; i < mon->ncvms; i++)   /* slots may have different sizes */
		if (addr - mon->cvms[i].base < mon->cvms[i].size)
			return &mon->cvms[i];
	return NULL;
}

/* ---- stderr ---- */

/* "ca0 tag 1 sealed 0 otype -1 perms 0x00008015 (Global,Load,LoadCap,SW0)
 *  base 0x440000454 top 0x440000462 addr 0x440000454" */
void report_print_cap(FILE *f, const char *name, const struct cap *c)
{
	char perms[200] = "none";
	if (cap_perms(c))
		cap_format_perms(perms, sizeof perms, cap_perms(c));
	fprintf(f, "  %s tag %d sealed %d otype %" PRId64 " perms 0x%08" PRIx32 " (%s)\n", name, c->tag ? 1 : 0,
		cap_is_sealed(c) ? 1 : 0, (int64_t)cap_get_type(c), cap_perms(c), perms);
	fprintf(f, "  %*s base 0x%" PRIx64 " top 0x", (int)strlen(name), "", c->base);
	if (c->top >> 64)
		fprintf(f, "%" PRIx64 "%016" PRIx64, (uint64_t)(c->top >> 64), (uint64_t)c->top);
	else
		fprintf(f, "%" PRIx64, (uint64_t)c->top);
	fprintf(f, " addr 0x%" PRIx64 "%s\n", c->addr, cap_flags(c) ? " (capability mode)" : "");
}

/* The most common mistake that ends in a tag violation: a C function compiled for integer mode
 * (riscv64-linux-gnu-gcc) in a pure-cap cVM. In capability mode its `addi sp, sp, -16` writes
 * an integer into csp (cheri-riscv.md 4.1: the register becomes NULL-derived) and its next
 * `sd ra, 8(sp)` is a store through that untagged value; in integer mode every access goes
 * through DDC, which the SDK's crt leaves NULL. */
static void report_hint(struct report_record *r)
{
	const struct hart_trap *tr = &r->trap;
	const struct cap *c = &tr->cap;
	r->hint[0] = 0;
	if (r->kind != REPORT_TRAP || tr->cause != HART_CAUSE_CHERI || tr->cheri_cause != CAP_CAUSE_TAG ||
	    !r->v->is_purecap || c->tag)
		return;
	const char *fix = "integer-mode C code needs a hybrid cVM or the SDK's capability-mode assembly, see sdk/README.md";
	struct cap as_int = cap_from_int(c->addr);
	bool capmode = cap_flags(&r->regs[32]) != 0;
	if (capmode && tr->cap_index < 32 && c->addr != 0 && c->pesbt == as_int.pesbt)
		snprintf(r->hint, sizeof r->hint,
			 "%s held an integer (0x%" PRIx64 "), not a capability: integer-mode code (C from "
			 "riscv64-linux-gnu-gcc?) in a pure-cap cVM; %s", report_cap_reg(tr->cap_index), c->addr, fix);
	else if (!capmode && tr->cap_index == 33)
		snprintf(r->hint, sizeof r->hint,
			 "an integer-mode access through DDC, which is NULL in a pure-cap cVM; %s", fix);
}

static void report_print(FILE *f, const struct report_record *r, const struct hart *h)
{
	const struct cvm *v = r->v;
	const struct hart_trap *tr = &r->trap;
	if (r->kind == REPORT_BUDGET || r->kind == REPORT_STOPPED)
		fprintf(f, "intravisor: cVM '%s' (id %u, %s) thread %u stopped: %s (%" PRIu64 " instructions)\n",
			v->name, v->id, v->runtime, r->thread, r->why, r->instret);
	else
		fprintf(f, "intravisor: cVM '%s' (id %u, %s) thread %u faulted: %s\n", v->name, v->id, v->runtime,
			r->thread, r->why);
	if (r->in)
		fprintf(f, "  in cVM '%s' (id %u, %s): the thread of '%s' called it (callback_out) and faulted there\n",
			r->in->name, r->in->id, r->in->runtime, v->name);
	if (tr->insn)
		fprintf(f, "  pc 0x%016" PRIx64 ": %0*" PRIx32 "  %s\n", tr->pc, (tr->insn & 3) == 3 ? 8 : 4, tr->insn,
			r->disasm);
	else
		fprintf(f, "  pc 0x%016" PRIx64 ": (no instruction fetched)\n", tr->pc);
	if (r->kind == REPORT_BUDGET || r->kind == REPORT_STOPPED) {
		fprintf(f, "  cause: %s\n", r->why);
	} else if (tr->cause == HART_CAUSE_CHERI) {
		fprintf(f, "  cause %u (%s): CHERI cause 0x%02x (%s), capability %s (index %u)\n", tr->cause,
			hart_cause_name(tr->cause), tr->cheri_cause, cap_cause_name(tr->cheri_cause),
			report_cap_reg(tr->cap_index), tr->cap_index);
		report_print_cap(f, report_cap_reg(tr->cap_index), &tr->cap);
	} else {
		fprintf(f, "  cause %u (%s), tval 0x%" PRIx64 "\n", tr->cause, hart_cause_name(tr->cause), tr->tval);
	}
	/* a hybrid cVM sees its slot as [0, size) (intravisor.md 9): both views */
	const struct cvm *d = r->in ? r->in : v;
	if (d->is_hybrid) {
		fprintf(f, "  hybrid cVM: pc offset 0x%" PRIx64 " in the slot at 0x%" PRIx64 "\n", tr->pc - d->base, d->base);
		if (tr->has_addr)
			fprintf(f, "  address 0x%" PRIx64 " = offset 0x%" PRIx64 " from DDC.base 0x%" PRIx64 "\n", tr->addr,
				tr->addr - d->base, d->base);
	}
	if (r->hint[0])
		fprintf(f, "  hint: %s\n", r->hint);
	fprintf(f, "  registers:\n");
	hart_print_regs(f, h);
}

static void report_make(struct report_record *out, struct monitor *mon, const struct cvm *v, unsigned thread,
			const struct hart *h, const struct hart_trap *tr, enum report_kind kind, const char *why);

void report_fault_print(struct monitor *mon, FILE *f, const struct cvm *v, unsigned thread, const struct hart *h,
			const struct hart_trap *tr, enum report_kind kind, const char *why)
{
	struct report_record r;
	report_make(&r, mon, v, thread, h, tr, kind, why);
	report_print(f, &r, h);
}

void report_fault(struct monitor *mon, FILE *err, const struct cvm *v, unsigned thread, const struct hart *h,
		  const struct hart_trap *tr, enum report_kind kind, const char *why)
{
	struct report_record r;
	report_make(&r, mon, v, thread, h, tr, kind, why);
	report_print(err, &r, h);
	fflush(err);

	struct report *rep = report_get(mon);
	if (!rep)
		return;   /* out of memory: the stderr report stands; the JSON will miss it */
	if (rep->nrec == rep->caprec) {
		unsigned n = rep->caprec ? 2 * rep->caprec : 8;
		struct report_record *p = realloc(rep->rec, n * sizeof *p);
		if (!p)
			return;
		rep->rec = p;
		rep->caprec = n;
	}
	rep->rec[rep->nrec++] = r;
}

static void report_make(struct report_record *out, struct monitor *mon, const struct cvm *v, unsigned thread,
			const struct hart *h, const struct hart_trap *tr, enum report_kind kind, const char *why)
{
	struct report_record r;
	memset(&r, 0, sizeof r);
	r.v = v;
	r.thread = thread;
	r.kind = kind;
	snprintf(r.why, sizeof r.why, "%s", why ? why : "");
	r.trap = *tr;
	hart_get_pcc(h, &r.regs[32]);
	hart_get_ddc(h, &r.regs[33]);
	for (unsigned i = 0; i < 32; i++)
		hart_get_creg(h, i, &r.regs[i]);
	r.instret = hart_instret(h);
	const struct cvm *in = report_cvm_at(mon, tr->pc);
	r.in = in != v ? in : NULL;
	snprintf(r.disasm, sizeof r.disasm, "?");
	if (tr->insn)
		(void)hart_disasm(r.disasm, sizeof r.disasm, tr->insn, cap_flags(&r.regs[32]) != 0);
	report_hint(&r);
	*out = r;
}

void report_end(struct monitor *mon, const struct cvm *v, unsigned thread, const struct report_thread_info *info)
{
	struct report *rep = report_get(mon);
	if (!rep)
		return;
	if (rep->nends == rep->capends) {
		unsigned n = rep->capends ? 2 * rep->capends : 8;
		struct report_thread_end *p = realloc(rep->ends, n * sizeof *p);
		if (!p)
			return;
		rep->ends = p;
		rep->capends = n;
	}
	rep->ends[rep->nends++] = (struct report_thread_end){ v, thread, *info };
}

void report_switcher(struct monitor *mon, const struct report_switcher *s)
{
	struct report *rep = report_get(mon);
	if (rep)
		rep->sw = *s;
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_cap(FILE *f, const struct cap *c)
{
	char perms[200];
	cap_format_perms(perms, sizeof perms, cap_perms(c));
	fprintf(f, "{\"tag\": %d, \"sealed\": %d, \"otype\": %" PRId64 ", \"perms\": \"0x%" PRIx32 "\", \"perm_names\": ",
		c->tag ? 1 : 0, cap_is_sealed(c) ? 1 : 0, (int64_t)cap_get_type(c), cap_perms(c));
	json_str(f, perms);
	fprintf(f, ", \"base\": \"0x%" PRIx64 "\", \"top\": \"0x", c->base);
	if (c->top >> 64)
		fprintf(f, "%" PRIx64 "%016" PRIx64, (uint64_t)(c->top >> 64), (uint64_t)c->top);
	else
		fprintf(f, "%" PRIx64, (uint64_t)c->top);
	fprintf(f, "\", \"addr\": \"0x%" PRIx64 "\", \"flags\": %u}", c->addr, cap_flags(c));
}

static void json_cvm(FILE *f, const struct cvm *v)
{
	fprintf(f, "{\"name\": ");
	json_str(f, v->name);
	fprintf(f, ", \"id\": %u, \"runtime\": ", v->id);
	json_str(f, v->runtime);
	fputc('}', f);
}

static void json_record(FILE *f, const struct report_record *r)
{
	const struct hart_trap *tr = &r->trap;
	bool stopped = r->kind == REPORT_BUDGET || r->kind == REPORT_STOPPED;   /* no trap: no cause */
	bool cheri = !stopped && tr->cause == HART_CAUSE_CHERI;
	fprintf(f, "    {\"cvm\": ");
	json_str(f, r->v->name);
	fprintf(f, ", \"id\": %u, \"runtime\": ", r->v->id);
	json_str(f, r->v->runtime);
	fprintf(f, ", \"thread\": %u, \"kind\": \"%s\", \"why\": ", r->thread, report_kind_name(r->kind));
	json_str(f, r->why);
	fprintf(f, ",\n     \"in_cvm\": ");
	if (r->in)
		json_cvm(f, r->in);
	else
		fprintf(f, "null");
	fprintf(f, ", \"pc\": \"0x%" PRIx64 "\", \"insn\": \"0x%" PRIx32 "\", \"disasm\": ", tr->pc, tr->insn);
	json_str(f, r->disasm);
	if (stopped) {
		fprintf(f, ",\n     \"cause\": null, \"cause_name\": ");
		json_str(f, r->why);
		fprintf(f, ", \"tval\": null");
	} else {
		fprintf(f, ",\n     \"cause\": %u, \"cause_name\": \"%s\", \"tval\": \"0x%" PRIx64 "\"", tr->cause,
			hart_cause_name(tr->cause), tr->tval);
	}
	if (cheri) {
		fprintf(f, ", \"cheri_cause\": %u, \"cheri_cause_name\": ", tr->cheri_cause);
		json_str(f, cap_cause_name(tr->cheri_cause));
		fprintf(f, ", \"cap_index\": %u, \"cap_reg\": \"%s\",\n     \"cap\": ", tr->cap_index,
			report_cap_reg(tr->cap_index));
		json_cap(f, &tr->cap);
	} else {
		fprintf(f, ", \"cheri_cause\": null, \"cheri_cause_name\": null, \"cap_index\": null, \"cap_reg\": null, \"cap\": null");
	}
	fprintf(f, ",\n     \"hint\": ");
	if (r->hint[0])
		json_str(f, r->hint);
	else
		fprintf(f, "null");
	fprintf(f, ",\n     \"instret\": %" PRIu64 ", \"regs\": {", r->instret);
	static const unsigned order[33] = { 32, 33, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
					    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };
	for (unsigned k = 0; k < 33; k++) {
		unsigned i = order[k];
		fprintf(f, "%s\n      \"%s\": ", k ? "," : "", report_reg_name[i]);
		json_cap(f, &r->regs[i]);
	}
	fprintf(f, "}}");
}

static int report_write_json(const struct monitor *mon, const struct report *rep, int status)
{
	FILE *f = fopen(mon->report_path, "w");
	if (!f)
		return -1;
	fprintf(f, "{\"exit_status\": %d, \"exit_meaning\": \"%s\",\n \"cvms\": [", status,
		mon->program_exited ? "the program's exit status" : report_status_meaning(status));
	for (unsigned i = 0; rep && i < rep->nends; i++) {
		const struct report_thread_end *e = &rep->ends[i];
		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		json_str(f, e->v->name);
		fprintf(f, ", \"id\": %u, \"runtime\": ", e->v->id);
		json_str(f, e->v->runtime);
		fprintf(f, ", \"thread\": %u, \"end\": \"%s\", \"exit_value\": ", e->thread, report_end_name(e->info.end));
		if (e->info.has_exit_value)
			fprintf(f, "%" PRId64, e->info.exit_value);
		else
			fprintf(f, "null");
		fprintf(f, ", \"instret\": %" PRIu64 ", \"wall_seconds\": %.6f, \"hostcalls\": %" PRIu64 "}",
			e->info.instret, e->info.wall_seconds, e->info.hostcalls);
	}
	fprintf(f, "],\n \"faults\": [");
	for (unsigned i = 0; rep && i < rep->nrec; i++) {
		fprintf(f, "%s\n", i ? "," : "");
		json_record(f, &rep->rec[i]);
	}
	fprintf(f, "]");
	if (rep)
		fprintf(f, ",\n \"switcher\": {\"calls\": %" PRIu64 ", \"returns\": %" PRIu64 ", \"served\": %" PRIu64
			", \"refused\": %" PRIu64 ", \"waited\": %" PRIu64 ", \"unwound\": %" PRIu64 ", \"contexts_in_use\": %" PRIu64 "}",
			rep->sw.calls, rep->sw.returns, rep->sw.served, rep->sw.refused, rep->sw.waited, rep->sw.unwound,
			rep->sw.contexts_in_use);
	fprintf(f, "}\n");
	int bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return -1;
	return 0;
}

/* One closing line naming every thread that did not exit, and the status (stderr). */
static void report_summary(FILE *f, const struct report *rep, int status)
{
	fprintf(f, "intravisor: exit status %d (%s):", status, report_status_meaning(status));
	for (unsigned i = 0; i < rep->nrec; i++) {
		const struct report_record *r = &rep->rec[i];
		fprintf(f, "%s cVM '%s' (id %u) thread %u", i ? ";" : "", r->v->name, r->v->id, r->thread);
		if (r->in)
			fprintf(f, " in cVM '%s'", r->in->name);
		if (r->kind == REPORT_BUDGET || r->kind == REPORT_STOPPED)
			fprintf(f, ": %s", r->why);
		else if (r->trap.cause == HART_CAUSE_CHERI)
			fprintf(f, ": %s on %s at 0x%" PRIx64, cap_cause_name(r->trap.cheri_cause),
				report_cap_reg(r->trap.cap_index), r->trap.pc);
		else
			fprintf(f, ": %s at 0x%" PRIx64, hart_cause_name(r->trap.cause), r->trap.pc);
	}
	fprintf(f, "\n");
	fflush(f);
}

int report_finish(struct monitor *mon, int status)
{
	struct report *rep = mon->report;
	if (mon->report_path && report_write_json(mon, rep, status) != 0) {
		fprintf(stderr, "intravisor: error: %s: cannot write the report: %s\n", mon->report_path,
			strerror(errno));
		bool stopped = status == REPORT_STATUS_SIGINT || status == REPORT_STATUS_SIGTERM ||
			       status == REPORT_STATUS_TIMEOUT;   /* these come first (report.h) */
		if (!stopped)
			status = REPORT_STATUS_MONITOR;
	}
	if (rep && rep->nrec)
		report_summary(stderr, rep, status);
	if (rep) {
		free(rep->rec);
		free(rep->ends);
		free(rep);
	}
	mon->report = NULL;
	return status;
}

void report_write_error(const char *path, int status, const char *message)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "{\"exit_status\": %d, \"exit_meaning\": \"%s\",\n \"error\": ", status, report_status_meaning(status));
	json_str(f, message);
	fprintf(f, ",\n \"cvms\": [],\n \"faults\": []}\n");
	fclose(f);
}
