/* run.c - start the deployed cVMs and serve them (intravisor.md sections 4, 5, 7, 8).
 *
 * One host thread per cVM thread, and one struct hart per host thread, created on that thread
 * (hart_new attaches the thread to mem). The monitor's code is never emulated: the harts get
 * the gate range [mon->gate_lo, mon->gate_hi), and a hart whose PCC reaches the hostcall entry
 * (only a PCC unsealed from the monitor's sealed HC PCC can: nothing else covers the gate)
 * comes back here with HART_EXIT_GATE. The monitor then serves the call in C and returns by
 * doing what `CInvoke ct0, ct1` would do.
 *
 * Before any cVM starts, monitor_run() writes every cVM's capability store and, for a cVM that
 * exports syscall_handler, its handler contexts (sdk/include/cvm_abi.h, sdk/README.md).
 *
 * Exit status of monitor_run (the process exit status; REPORT_STATUS_* in report.h, chosen by
 * run_summary.c):
 *   0  every cVM thread ended with hostcall 13 (exit)
 *   2  at least one cVM thread faulted (a report went to stderr; the others ran to their end)
 *   3  the monitor could not start a cVM thread (host resources) or write --report FILE
 *   4  a cVM thread used its instruction budget (--budget) and none faulted
 *   124, 130, 143  --timeout expired, SIGINT, SIGTERM: every hart was stopped (run_stop.c)
 */
#define _GNU_SOURCE   /* pthread_timedjoin_np */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gdb/gdb.h"
#include "hart/hart.h"
#include "linux/linux.h"
#include "monitor/cvm.h"
#include "monitor/hostcall.h"
#include "monitor/share.h"
#include "monitor/report.h"
#include "monitor/run_priv.h"

#include "../../sdk/include/hostcalls.h"

#define RUN_STATUS_OK      REPORT_STATUS_OK
#define RUN_STATUS_THREAD  REPORT_STATUS_MONITOR

#define RUN_BUDGET (1ULL << 24)   /* instructions per hart_run: bounds the reaction to a stop */

static struct run_state *run_state(struct monitor *mon) { return mon->run; }

/* ---- CInvoke, done by the monitor (cheri-riscv.md section 7) ---- */

/* 0 if CInvoke code, data would succeed, else CAP_STATUS(operand, cause), checks in order. */
cap_status run_cinvoke_check(const struct cap *code, const struct cap *data)
{
	if (!code->tag)
		return CAP_STATUS(1, CAP_CAUSE_TAG);
	if (!data->tag)
		return CAP_STATUS(2, CAP_CAUSE_TAG);
	if (cap_has_reserved_otype(code))
		return CAP_STATUS(1, CAP_CAUSE_SEAL);
	if (cap_has_reserved_otype(data))
		return CAP_STATUS(2, CAP_CAUSE_SEAL);
	if (cap_otype(code) != cap_otype(data))
		return CAP_STATUS(1, CAP_CAUSE_TYPE);
	if (!cap_has_perm(code, CAP_PERM_CINVOKE))
		return CAP_STATUS(1, CAP_CAUSE_CINVOKE);
	if (!cap_has_perm(data, CAP_PERM_CINVOKE))
		return CAP_STATUS(2, CAP_CAUSE_CINVOKE);
	if (!cap_has_perm(code, CAP_PERM_EXECUTE))
		return CAP_STATUS(1, CAP_CAUSE_EXECUTE);
	if (cap_has_perm(data, CAP_PERM_EXECUTE))
		return CAP_STATUS(2, CAP_CAUSE_EXECUTE);
	if (!cap_in_bounds(code, code->addr & ~1ULL, 2))
		return CAP_STATUS(1, CAP_CAUSE_LENGTH);
	return 0;
}

/* PCC <- code unsealed at its address, c31 <- data unsealed; nothing else changes. */
static void run_cinvoke(struct hart *h, const struct cap *code, const struct cap *data)
{
	RUN_CHECK(run_cinvoke_check(code, data) == 0);
	struct cap pcc = cap_with_otype(code, CAP_OTYPE_UNSEALED);
	if (pcc.addr & 1)
		pcc = run_with_addr(&pcc, code->addr & ~1ULL);
	struct cap c31 = cap_with_otype(data, CAP_OTYPE_UNSEALED);
	RUN_CHECK(pcc.tag && c31.tag);
	hart_set_pcc(h, &pcc);
	hart_set_creg(h, R_T6, &c31);
}

/* Nothing of the monitor's may stay in a cVM's registers at its entry (intravisor.md section
 * 5): every capability register becomes NULL (an integer write of 0 is NULL: cheri-riscv.md
 * 4.1), DDC and the f registers too. Calls and returns clear in the switcher (switcher.c). */
static void run_clear_registers(struct hart *h)
{
	hart_clear_x(h);
	struct cap null = cap_null();
	hart_set_ddc(h, &null);
	for (unsigned i = 0; i < 32; i++)
		hart_set_f(h, i, 0);
}

/* ---- faults ---- */

/* Report on stderr (and in --report FILE): cVM and the cVM it faulted in, thread, pc,
 * instruction, cause, capability, registers (report.c). */
static void run_report_fault(struct run_thread *rt, struct hart *h, const struct hart_trap *tr, const char *why)
{
	struct run_state *st = run_state(rt->mon);
	struct monitor *mon = rt->mon;
	enum report_kind kind = REPORT_TRAP;
	if (tr->pc >= mon->gate_lo && tr->pc < mon->gate_hi)
		kind = tr->pc == mon->return_entry ? REPORT_BAD_RETURN : REPORT_GATE;
	pthread_mutex_lock(&st->print_lock);
	if (mon->out)
		fflush(mon->out);
	report_fault(mon, stderr, rt->v, rt->j, h, tr, kind, why);
	pthread_mutex_unlock(&st->print_lock);
}

/* --budget: the slice for the next hart_run, and whether the thread has used its budget (then
 * it is reported and ends). */
static uint64_t run_slice(const struct monitor *mon, const struct hart *h)
{
	if (!mon->budget)
		return RUN_BUDGET;
	uint64_t used = hart_instret(h);
	uint64_t left = used < mon->budget ? mon->budget - used : 0;
	return left < RUN_BUDGET ? left : RUN_BUDGET;
}

static bool run_budget_spent(struct run_thread *rt, struct hart *h, const struct hart_trap *tr)
{
	struct monitor *mon = rt->mon;
	if (!mon->budget || hart_instret(h) < mon->budget)
		return false;
	run_report_stop(rt, h, tr, REPORT_BUDGET, "instruction budget exhausted");
	rt->end = RUN_END_BUDGET;
	return true;
}

/* ---- the two gates: the switcher's call and return entries ---- */

/* The call pair: the switcher routes it (switcher.c); the monitor serves what is its own.
 * Returns true when the thread must end (exit). */
/* Serve a call the switcher gave the monitor: a Linux number (a hybrid cVM's system call,
 * perhaps forwarded by a handler cVM) by src/linux, for the thread's own cVM; anything else by
 * hostcall.c. Returns true when the thread must end (exit). */
static bool run_serve(struct run_thread *rt, struct hart *h, const struct hostcall_request *r, bool ecall,
		      int64_t *result)
{
	struct monitor *mon = rt->mon;
	bool ends = false;
	if (r->nr >= LINUX_HOSTCALL_BASE && r->nr - LINUX_HOSTCALL_BASE < LINUX_NR_MAX) {
		struct cvm *home = rt->v;
		struct linux_env le = { .m = mon->mem, .t = hart_mem_thread(h), .proc = home->is_hybrid ? &home->lx : NULL,
					.out = mon->out, .fds = { 0, 1, 2 },
					.strace = home->is_hybrid && (home->strace || mon->strace) ? stderr : NULL,
					.self = &rt->lt, .ops = &run_linux_thread_ops, .ops_ctx = rt, .iov_caps = !ecall,
					.streams = &run_linux_stream_ops, .streams_ctx = rt };
		*result = linux_serve(&le, r->nr - LINUX_HOSTCALL_BASE, r->arg, &ends);
	} else {
		struct hostcall_env env = { .m = mon->mem, .t = hart_mem_thread(h), .out = mon->out, .out_fd = 1,
					    .share = mon->share, .domain = sw_domain(&rt->sw)->id,
					    .stopping = run_linux_thread_ops.stopping, .stopping_ctx = rt,
					    .proc = &rt->v->lx, .mounts = rt->v->mounts, .nmounts = rt->v->nmounts,
					    .last_errno = &rt->hc_errno, .libvirt = rt->v->cfg->libvirt != 0 };
		ends = hostcall_serve(&env, r, result) == HOSTCALL_EXIT_THREAD;
	}
	run_note_hostcall(rt, r->nr);   /* count; warn once if nobody serves nr */
	run_trace_hostcall(rt, r, *result);
	if (ends) {
		rt->end = RUN_END_EXIT;
		rt->exit_value = *result;
	}
	return ends;
}

static bool run_call(struct run_thread *rt, struct hart *h)
{
	struct cvm *d = sw_domain(&rt->sw);
	if (!d->is_hybrid && !d->has_ret) {
		/* intravisor.md 10: without ret_from_monitor there is nowhere to resume the caller */
		struct hart_trap bad;
		memset(&bad, 0, sizeof bad);
		bad.pc = bad.tval = rt->mon->hostcall_entry;
		bad.cause = HART_CAUSE_FETCH_ACCESS;
		run_report_fault(rt, h, &bad, "a hostcall from a cVM without ret_from_monitor (nowhere to return to)");
		rt->end = RUN_END_FAULT;
		return true;
	}
	struct hostcall_request r;
	enum sw_result k = sw_call(&rt->sw, h, &r);
	if (k == SW_ENTERED) {
		run_trace_call(rt, sw_caller(&rt->sw), sw_domain(&rt->sw), r.nr, false, 0);
		run_debug_handler_call(rt, sw_caller(&rt->sw), sw_domain(&rt->sw), r.nr, true, 0);
	}
	if (k != SW_SERVE)
		return false;          /* a handler cVM runs now, or the call was refused */
	if (run_call_is_own(rt, r.nr))
		return run_call_serve(rt, h, &r);   /* CP_Call, threads: run_call.c */
	int64_t result = 0;
	run_debug_call(rt, r.nr, true, 0);   /* --gdb: a caught call stops here and after */
	if (run_serve(rt, h, &r, false, &result))
		return true;
	sw_resume(&rt->sw, h, result);
	run_debug_call(rt, r.nr, false, result);
	return false;
}

/* A hybrid cVM's ecall (intravisor.md 9): a7 = Linux number, a0..a5; the request is hostcall
 * 0x1000 + a7 with every pointer a capability derived from the caller's DDC (src/linux). */
static bool run_ecall(struct run_thread *rt, struct hart *h)
{
	uint64_t a[LINUX_ARGS], nr = hart_get_x(h, R_A0 + 7);
	for (unsigned i = 0; i < LINUX_ARGS; i++)
		a[i] = hart_get_x(h, R_A0 + i);
	struct cap ddc = cap_null();
	if (linux_derive_needs_ddc(nr))
		hart_get_ddc(h, &ddc);   /* only pointers are derived from it */
	struct hostcall_request r;
	r.nr = LINUX_HOSTCALL_BASE + (nr < LINUX_NR_MAX ? nr : LINUX_NR_MAX);
	linux_derive(rt->mon->mem, &ddc, nr, a, r.arg);
	enum sw_result k = sw_ecall(&rt->sw, h, &r);
	if (k == SW_ENTERED)
		run_trace_call(rt, sw_caller(&rt->sw), sw_domain(&rt->sw), r.nr, false, 0);
	if (k == SW_ENTERED && linux_has_iovecs(nr)) {
		/* a handler cVM gets the iovecs as capabilities in its context's argument area */
		struct cap area = sw_callee_args(&rt->sw);
		linux_iov_to_caps(rt->mon->mem, hart_mem_thread(h), nr, ddc.base, r.arg, &area);
		hart_set_creg(h, R_A0 + 1, &r.arg[1]);
		hart_set_creg(h, R_A0 + LINUX_REQ_ARGS - 1, &r.arg[LINUX_REQ_ARGS - 1]);
	}
	if (k == SW_ENTERED)
		run_debug_handler_call(rt, sw_caller(&rt->sw), sw_domain(&rt->sw), r.nr, true, 0);
	if (k != SW_SERVE)
		return false;
	int64_t result = 0;
	run_debug_call(rt, nr, true, 0);
	if (run_serve(rt, h, &r, true, &result))
		return true;
	sw_resume_ecall(&rt->sw, h, result);
	run_debug_call(rt, nr, false, result);
	return false;
}

/* A hybrid cVM's authority (intravisor.md 9; docs/config.md "Hybrid cVMs"): its slot below
 * the stack region, derived from root (its code or data capability). The region holds the
 * capability store and the TP areas, with the switcher's sealed pairs, which a Linux program
 * never uses: neither its DDC nor its PCC reaches them, so no load through either (or through
 * anything derived from them) gives it a sealed pair, and a pointer there is -EFAULT. */
static struct cap run_hybrid_cap(const struct cvm *v, const struct cap *root)
{
	struct cap c = cap_build_from_root(root, v->base, v->stacks_lo - v->base, cap_perms(root));
	RUN_CHECK(c.tag && c.base == v->base && c.top == (cap_u128)v->stacks_lo);
	return c;
}

/* The Linux start state of a hybrid cVM's main thread (intravisor.md 9 "Start"): argv from
 * `args` (argv[0] = the runtime when absent), envp from `env`, auxv; the stack at the top of the
 * slot below the stack area; registers zero; PCC and DDC the slot, integer mode. 0 or -1. */
static int run_start_hybrid(struct run_thread *rt, struct hart *h)
{
	struct monitor *mon = rt->mon;
	struct cvm *v = rt->v;
	uint64_t stack_hi = v->stacks_lo - v->base, stack_lo = stack_hi - v->linux_stack;
	/* the process is what its DDC covers: the slot below the stack region (run_hybrid_cap) */
	linux_proc_init(&v->lx, v->base, v->stacks_lo - v->base, v->heap_lo - v->base, stack_lo);
	char why[600];
	if (linux_files_new(v->mounts, v->nmounts, (const int[3]){ 0, 1, 2 }, &v->lx.files, why, sizeof why)) {
		fprintf(stderr, "intravisor: cVM '%s': %s\n", v->name, why);
		return -1;
	}
	linux_threads_init(&v->lx, v->cfg->has_threads ? (unsigned)v->cfg->threads : CONFIG_DEFAULT_THREADS);
	linux_thread_main(&rt->lt);
	struct run_start s = { 0 };
	run_split_args(v->args, &s);
	const char *argv[ARGV_MAX];
	unsigned argc = 0;
	if (s.argc == 0)
		argv[argc++] = v->runtime;
	for (unsigned i = 0; i < s.argc && argc < ARGV_MAX; i++)
		argv[argc++] = s.words[i];
	uint8_t rnd[16];
	if (getentropy(rnd, sizeof rnd) != 0)
		return -1;
	const char *const *av = argv;
	if (v->cfg->argv) {   /* intravisor run: the command line's words as they are */
		av = v->cfg->argv;
		argc = v->cfg->argc;
	}
	struct linux_start ls = { .argc = argc, .argv = av, .envc = v->cfg->nenv,
				  .envp = (const char *const *)v->cfg->env, .phdr = v->phdr, .phent = v->phent,
				  .phnum = v->phnum, .entry = v->entry, .random16 = rnd };
	uint64_t sp;
	if (linux_write_start(mon->mem, v->base, stack_lo, stack_hi, &ls, &sp) != 0)
		return -1;
	run_clear_registers(h);
	hart_set_x(h, R_SP, sp);
	struct cap ddc = run_hybrid_cap(v, &v->data), code = run_hybrid_cap(v, &v->code);
	hart_set_ddc(h, &ddc);
	struct cap pcc = run_with_addr(&code, v->base + v->entry);
	RUN_CHECK(pcc.tag && !cap_is_sealed(&pcc) && pcc.base >= v->begin && pcc.top <= v->end);
	hart_set_pcc(h, &pcc);
	return 0;
}

/* The return pair: accepted only with a call in flight on this hart (the top frame). */
static bool run_return(struct run_thread *rt, struct hart *h, uint64_t pc)
{
	struct cvm *from = sw_domain(&rt->sw), *to = sw_caller(&rt->sw);
	uint64_t nr = sw_call_nr(&rt->sw);
	int64_t result = (int64_t)hart_get_x(h, R_A0);
	if (sw_return(&rt->sw, h) == SW_RESUMED) {
		run_trace_call(rt, from, to, nr, true, result);
		run_debug_handler_call(rt, to, from, nr, false, result);
		return false;
	}
	struct hart_trap bad;
	memset(&bad, 0, sizeof bad);
	bad.pc = pc;
	bad.cause = HART_CAUSE_FETCH_ACCESS;
	bad.tval = pc;
	run_report_fault(rt, h, &bad, "a return through the switcher with no call in flight on this thread");
	rt->end = RUN_END_FAULT;
	return true;
}

/* A call or a return at the switcher's entries: true when the thread must end. */
static bool run_gate_serve(struct run_thread *rt, struct hart *h, uint64_t pc)
{
	return pc == rt->mon->hostcall_entry ? run_call(rt, h) : run_return(rt, h, pc);
}

/* The hart's gate hook (hart.h): the switcher's two entries are served inside hart_run, between
 * blocks, without leaving it. A return with no call in flight is left to run_thread_main (the
 * report is made after hart_run, with the exact instruction count); when the thread ends in
 * the hook (exit), rt->gate_end is set and hart_run returns HART_EXIT_GATE. */
bool run_gate(void *ctx, struct hart *h, uint64_t pc)
{
	struct run_thread *rt = ctx;
	if (pc != rt->mon->hostcall_entry && (pc != rt->mon->return_entry || rt->sw.depth == 0))
		return false;
	rt->gate_end = run_gate_serve(rt, h, pc);
	return !rt->gate_end;
}

/* The hart's ecall hook (hart.h): a hybrid cVM's system call served inside hart_run, as the
 * gates are (the same run_ecall as after hart_run returns); when the thread ends in it,
 * rt->gate_end is set and hart_run returns the ecall trap. */
bool run_ecall_hook(void *ctx, struct hart *h)
{
	struct run_thread *rt = ctx;
	if (!sw_domain(&rt->sw)->is_hybrid)
		return false;
	rt->gate_end = run_ecall(rt, h);
	return !rt->gate_end;
}

/* ---- one cVM thread ---- */

static void *run_thread_main(void *arg)
{
	struct run_thread *rt = arg;
	struct monitor *mon = rt->mon;
	struct cvm *v = rt->v;
	struct run_state *st = run_state(mon);
	struct hart_options opt = { .legacy = false, .gate_lo = mon->gate_lo, .gate_hi = mon->gate_hi, .no_jit = mon->no_jit,
				    .relocate = v->is_hybrid, .gate_hook = run_gate, .gate_ctx = rt,
				    .ecall_hook = run_ecall_hook };
	run_thread_begin(rt);
	struct hart *h = hart_new(mon->mem, &opt);
	if (!h) {
		rt->end = RUN_END_ERROR;
		fprintf(stderr, "intravisor: cVM '%s': cannot create its hart\n", v->name);
		run_thread_finish(rt, NULL);
		return NULL;
	}
	run_stop_register(rt, h);   /* SIGINT, SIGTERM, --timeout: run_stop.c */
	struct mem_thread *t = hart_mem_thread(h);
	sw_thread_init(&rt->sw, &st->sw, v);

	if (v->is_hybrid) {
		if (run_start_hybrid(rt, h) != 0) {
			fprintf(stderr, "intravisor: cVM '%s': its arguments and environment do not fit its stack\n", v->name);
			rt->end = RUN_END_ERROR;
			run_thread_finish(rt, h);
			run_stop_unregister(rt);
			hart_free(h);
			return NULL;
		}
		goto run;
	}
	/* layout of this thread (intravisor.md section 3) */
	struct run_start s = { 0 };
	s.slot = cvm_thread_slot(v, rt->j);
	s.top = s.slot + v->stack_slot;
	s.sp = s.slot + v->sp_off;
	s.tp = s.slot + CVM_TP_OFF;
	rt->tp = s.tp;
	run_split_args(v->args, &s);
	struct cap ca[CVM_NCA];
	memcpy(ca, v->ca, sizeof ca);
	if (rt->j != 0) {
		ca[CVM_CA_SP] = run_data_cap(mon, v, s.slot, v->stack_slot);
		ca[CVM_CA_SP] = run_with_addr(&ca[CVM_CA_SP], s.sp);
		ca[CVM_CA_TP] = run_data_cap(mon, v, s.tp, TP_SIZE);
	}
	RUN_CHECK(ca[CVM_CA_SP].addr == s.sp && ca[CVM_CA_TP].base == s.tp);
	rt->sp_cap = ca[CVM_CA_SP];
	rt->tp_cap = ca[CVM_CA_TP];
	/* the pages written next (the initial stack, the page of its strings when there are any,
	 * the TP area) with their shadow, tag and lock pages: a few populate calls instead of a
	 * fault each (mem_populate.c) */
	uint64_t sp_page = s.sp & ~(MEM_PAGE_SIZE - 1);
	bool strings = s.argc && sp_page + 2 * MEM_PAGE_SIZE <= s.top;
	mem_populate(mon->mem, sp_page, (strings ? 2 : 1) * MEM_PAGE_SIZE, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	mem_populate(mon->mem, s.tp, TP_SIZE, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	run_write_initial_stack(mon, v, t, &s);
	run_write_tp_area(mon, v, t, s.tp, rt->j);
	if (!mon->quiet) {
		pthread_mutex_lock(&st->print_lock);
		run_print_start(rt, &s, ca);
		pthread_mutex_unlock(&st->print_lock);
	}

	/* registers at entry (sdk/README.md): ca0..ca7 = the start capabilities, csp = ca7,
	 * ctp = ca8, DDC = ca2, t0 = cap store address; then CInvoke (ca0, ca1). */
	run_clear_registers(h);
	for (unsigned i = 0; i < 8; i++)
		hart_set_creg(h, R_A0 + i, &ca[i]);
	hart_set_creg(h, R_SP, &ca[CVM_CA_SP]);
	hart_set_creg(h, R_TP, &ca[CVM_CA_TP]);
	hart_set_ddc(h, &ca[CVM_CA_COMP_DDC]);
	hart_set_x(h, R_T0, v->cap_store);
	/* intravisor.md 10: returning from the entry function lands at the monitor's exit entry */
	hart_set_creg(h, R_RA, &mon->exit_sentry);
	cap_status cs = run_cinvoke_check(&ca[CVM_CA_SEALED_COMP_PCC], &ca[CVM_CA_SEALED_COMP_DDC]);
	if (cs != 0) {
		fprintf(stderr, "intravisor: cVM '%s': its entry pair fails CInvoke (%s)\n", v->name,
			cap_cause_name(CAP_STATUS_CAUSE(cs)));
		rt->end = RUN_END_ERROR;
		run_thread_finish(rt, h);
		run_stop_unregister(rt);
		hart_free(h);
		return NULL;
	}
	run_cinvoke(h, &ca[CVM_CA_SEALED_COMP_PCC], &ca[CVM_CA_SEALED_COMP_DDC]);
run:
	run_debug_thread_add(rt, h);
	run_trace_begin(rt, h);
	run_loop(rt, h);
	run_debug_thread_exit(rt);
	/* unwind the trusted stack: every callee context of this thread is free again */
	sw_thread_end(&rt->sw);
	if (rt->j == 0 && !rt->start)
		share_cvm_gone(mon->share, mon->mem, v->id);   /* its capfiles and streams go; waiters re-check */
	run_thread_finish(rt, h);
	run_stop_unregister(rt);
	hart_free(h);
	if (v->is_hybrid)
		linux_thread_gone(&v->lx);
	return NULL;
}

/* Run the thread's hart until the thread ends (rt->end says how). */
void run_loop(struct run_thread *rt, struct hart *h)
{
	struct monitor *mon = rt->mon;
	for (;;) {
		struct hart_trap tr;
		memset(&tr, 0, sizeof tr);
		uint64_t slice = run_call_slice(rt, h, run_trace_slice(rt, h, run_slice(mon, h)));
		if (rt->gdb)   /* --gdb: park while the debugger has the harts stopped (run_debug.c) */
			slice = gdb_slice(rt->gdb, slice);
		enum hart_exit e = hart_run(h, slice, &tr);
		run_trace_after(rt, h);
		if (rt->gdb && gdb_event(rt->gdb, e, &tr, run_stop_requested(mon->run)) == GDB_RUN_ON)
			continue;
		if (e == HART_EXIT_BUDGET) {
			if (run_call_expired(rt, h))
				continue;      /* a CP_Call's budget: its caller got -ETIMEDOUT */
			if (run_budget_spent(rt, h, &tr))
				break;
			if (rt->gdb && run_debug_at_gate(rt, h, &tr)) {   /* a gdb step ended at a gate */
				if (run_gate_serve(rt, h, tr.pc))
					break;
			}
			continue;
		}
		if (e == HART_EXIT_STOP) {
			run_stopped(rt, h, &tr);
			break;
		}
		if ((e == HART_EXIT_GATE || e == HART_EXIT_TRAP) && rt->gate_end)
			break;                 /* ended in a hook: exit, or a refused return */
		if (e == HART_EXIT_GATE && tr.pc == mon->exit_entry && rt->sw.depth == 0) {
			/* the thread's entry function returned (intravisor.md 10): status = a0, an int */
			rt->end = RUN_END_EXIT;
			rt->exit_value = (int32_t)hart_get_x(h, R_A0);
			break;
		}
		if (e == HART_EXIT_GATE && (tr.pc == mon->hostcall_entry || tr.pc == mon->return_entry)) {
			/* a gate the hook left (a refused return) or did not see (while stepping) */
			if (run_gate_serve(rt, h, tr.pc))
				break;
			continue;
		}
		if (e == HART_EXIT_TRAP && tr.cause == HART_CAUSE_ECALL_U && sw_domain(&rt->sw)->is_hybrid) {
			if (run_ecall(rt, h))
				break;
			continue;
		}
		char why[200];
		if (e == HART_EXIT_GATE && tr.pc == mon->exit_entry)
			/* the exit landing inside a call (intravisor.md 10, 5.1): only the thread's own
			 * entry function returns there; the thread ends, its frames are unwound (or,
			 * inside a CP_Call, that call ends) */
			snprintf(why, sizeof why, "jumped to the exit landing in cVM '%s', inside a call (depth %u): only a thread's entry function returns there",
				 sw_domain(&rt->sw)->name, rt->sw.depth);
		else
			snprintf(why, sizeof why, "%s", e == HART_EXIT_GATE ? "reached a monitor entry this build does not serve"
									  : hart_cause_name(tr.cause));
		if (e == HART_EXIT_GATE)
			tr.cause = HART_CAUSE_FETCH_ACCESS;
		if (!rt->gdb && run_call_trapped(rt, h, &tr))
			continue;          /* in a CP_Call: the call ends, its caller gets -ECONNABORTED */
		run_debug_fault(rt, h, &tr, why);
		run_report_fault(rt, h, &tr, why);
		rt->end = RUN_END_FAULT;
		if (rt->v->is_hybrid) {   /* as SIGSEGV ends a process: every thread of the cVM */
			linux_group_kill(&rt->v->lx, 128 + 11);
			run_stop_group(rt);
		}
		break;
	}
}

static int run_join(struct run_thread *rt)
{
	if (rt->started && !rt->joined) {
		pthread_join(rt->tid, NULL);
		rt->joined = true;
	}
	return 0;
}

/* How long a `wait: -1` cVM that holds back the cVMs after it may wait on an id no other cVM
 * has used before the monitor says so (once): only one of those could end the wait. */
#define LONELY_WAIT_NS (2 * 1000000000LL)

/* run_join for a `wait: -1` cVM followed by cVM `next`: the same wait, but when the cVM waits
 * on a stream or capfile nobody else has touched (a producer listed before its consumer), a
 * line that says why nothing happens and what to change; it goes on waiting (hostcall 29 may
 * yet deploy a peer; Ctrl-C and --timeout stop it as always). */
static void run_join_holding(const struct monitor *mon, struct run_thread *rt, const struct cvm *next)
{
	bool said = false;
	while (!said) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_timedjoin_np(rt->tid, NULL, &ts) == 0) {
			rt->joined = true;
			return;
		}
		char key[SHARE_KEY_PRINT_MAX + 1];
		const char *kind;
		if (!share_lonely_wait(mon->share, rt->v->id, LONELY_WAIT_NS, key, &kind))
			continue;
		const struct config_pos *at = &rt->v->cfg->wait_pos;
		fprintf(stderr, "intravisor: %s:%u:%u: cVM '%s' has waited %lld s on %s '%s', which no other cVM has used; "
			"with 'wait: -1' the cVMs after it ('%s' first) start only when it ends: if its peer is one of them, "
			"give '%s' 'wait: 0' or list the peer first (still waiting: Ctrl-C or --timeout stops it)\n",
			mon->cfg->path, at->line, at->col, rt->v->name, LONELY_WAIT_NS / 1000000000LL, kind, key, next->name,
			rt->v->name);
		said = true;
	}
	run_join(rt);
}

static void run_add_counts(struct report_switcher *rs, const struct sw_counts *n)
{
	rs->calls += n->calls;
	rs->returns += n->returns;
	rs->served += n->served;
	rs->refused += n->refused;
	rs->waited += n->waited;
	rs->unwound += n->unwound;
}

int monitor_run(struct monitor *mon)
{
	struct run_state st = { 0 };
	st.threads = calloc(mon->ncvms ? mon->ncvms : 1, sizeof *st.threads);
	if (!st.threads) {
		fprintf(stderr, "intravisor: out of memory\n");
		return RUN_STATUS_THREAD;
	}
	if (switcher_init(&st.sw, mon) != 0) {
		free(st.threads);
		fprintf(stderr, "intravisor: out of memory\n");
		return RUN_STATUS_THREAD;
	}
	if (run_stop_begin(mon, &st) != 0) {
		switcher_free(&st.sw);
		free(st.threads);
		return RUN_STATUS_THREAD;
	}
	st.sw.make_context = run_make_context;   /* handler contexts: made when first needed */
	if (mon->context_wait > 0)
		st.sw.wait_seconds = mon->context_wait;
	pthread_mutex_init(&st.print_lock, NULL);
	mon->run = &st;
	for (unsigned i = 0; i < mon->ncvms; i++)
		run_write_cap_store(mon, &mon->cvms[i]);
	if (run_debug_begin(mon) != 0) {   /* --gdb: wait for the debugger */
		mon->run = NULL;
		run_stop_end(&st);
		switcher_free(&st.sw);
		free(st.threads);
		pthread_mutex_destroy(&st.print_lock);
		return RUN_STATUS_THREAD;
	}

	st.pthreads = run_pthreads_new(mon->ncvms);   /* NULL: hostcall 40 answers -EAGAIN */
	int status = RUN_STATUS_OK;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct run_thread *rt = &st.threads[i];
		if (run_stop_requested(&st))
			break;   /* SIGINT, SIGTERM or --timeout: start nothing more */
		rt->mon = mon;
		rt->v = &mon->cvms[i];
		rt->j = 0;
		if (pthread_create(&rt->tid, NULL, run_thread_main, rt) != 0) {
			fprintf(stderr, "intravisor: cVM '%s': cannot create its thread\n", rt->v->name);
			status = RUN_STATUS_THREAD;
			break;
		}
		rt->started = true;
		if (rt->v->wait < 0 && i + 1 < mon->ncvms)
			run_join_holding(mon, rt, &mon->cvms[i + 1]);
		else if (rt->v->wait < 0)
			run_join(rt);
		else if (rt->v->wait > 0)
			run_stop_sleep(&st, rt->v->wait);
	}
	for (unsigned i = 0; i < mon->ncvms; i++)
		run_join(&st.threads[i]);
	run_join_clones(&st);   /* threads the cVMs made (clone), until none is left */
	run_stop_end(&st);
	/* the switcher's counts: every frame pushed was popped or unwound, no context is left */
	struct report_switcher rs = { 0 };
	for (unsigned i = 0; i < mon->ncvms; i++) {
		run_add_counts(&rs, &st.threads[i].sw.n);
		rs.contexts_in_use += switcher_contexts_in_use(&st.sw, &mon->cvms[i]);
	}
	for (unsigned i = 0; i < st.nclones; i++)
		run_add_counts(&rs, &st.clones[i]->sw.n);
	RUN_CHECK(rs.calls == rs.returns + rs.unwound);
	report_switcher(mon, &rs);
	/* the summary lines, the JSON's "cvms", and the exit status (report.h order) */
	status = run_summary(mon, &st, status);
	run_debug_end(mon, status);
	if (mon->out)
		fflush(mon->out);
	status = report_finish(mon, status);
	mon->run = NULL;
	switcher_free(&st.sw);
	run_free_clones(&st);
	run_pthreads_free(st.pthreads);
	free(st.threads);
	pthread_mutex_destroy(&st.print_lock);
	return status;
}
