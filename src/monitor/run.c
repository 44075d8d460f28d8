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
 * Exit status of monitor_run (the process exit status; REPORT_STATUS_* in report.h):
 *   0  every cVM thread ended with hostcall 13 (exit)
 *   2  at least one cVM thread faulted (a report went to stderr; the others ran to their end)
 *   3  the monitor could not start a cVM thread (host resources) or write --report FILE
 *   4  a cVM thread used its instruction budget (--budget) and none faulted
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hart/hart.h"
#include "monitor/cvm.h"
#include "monitor/hostcall.h"
#include "monitor/report.h"

#include "../../sdk/include/cvm_abi.h"
#include "../../sdk/include/hostcalls.h"

#define RUN_STATUS_OK      REPORT_STATUS_OK
#define RUN_STATUS_FAULT   REPORT_STATUS_FAULT
#define RUN_STATUS_THREAD  REPORT_STATUS_MONITOR

#define RUN_BUDGET (1ULL << 24)   /* instructions per hart_run: bounds the reaction to a stop */

/* STYLE 13: conditions whose failure would hand a cVM something it must not have; checked in
 * every build. */
#define RUN_CHECK(x) do { if (!(x)) run_crash(#x, __FILE__, __LINE__); } while (0)

static _Noreturn void run_crash(const char *what, const char *file, int line)
{
	fprintf(stderr, "intravisor: internal check failed: %s (%s:%d)\n", what, file, line);
	abort();
}

/* The ABI layout of sdk/include/cvm_abi.h, checked against C structs (STYLE 6). */
struct abi_cap { uint64_t lo, hi; };
struct abi_save { struct abi_cap csp, ctp, ddc; };
struct abi_tp {
	uint64_t cap_store, cid;
	struct abi_cap ret_pcc, ret_data;
	uint64_t context, pad;
	struct abi_save save;
};
struct abi_hctx { uint32_t busy; uint32_t pad[3]; struct abi_cap tp, sp; };
_Static_assert(offsetof(struct abi_tp, cap_store) == TP_CAP_STORE, "TP_CAP_STORE");
_Static_assert(offsetof(struct abi_tp, cid) == TP_CID, "TP_CID");
_Static_assert(offsetof(struct abi_tp, ret_pcc) == TP_RET_PCC, "TP_RET_PCC");
_Static_assert(offsetof(struct abi_tp, ret_data) == TP_RET_DATA, "TP_RET_DATA");
_Static_assert(offsetof(struct abi_tp, context) == TP_CONTEXT, "TP_CONTEXT");
_Static_assert(offsetof(struct abi_tp, save) == TP_SAVE, "TP_SAVE");
_Static_assert(offsetof(struct abi_save, csp) == SAVE_CSP, "SAVE_CSP");
_Static_assert(offsetof(struct abi_save, ctp) == SAVE_CTP, "SAVE_CTP");
_Static_assert(offsetof(struct abi_save, ddc) == SAVE_DDC, "SAVE_DDC");
_Static_assert(sizeof(struct abi_save) == SAVE_SIZE, "SAVE_SIZE");
_Static_assert(sizeof(struct abi_tp) <= TP_FREE, "TP_FREE");
_Static_assert(offsetof(struct abi_hctx, busy) == HCTX_BUSY, "HCTX_BUSY");
_Static_assert(offsetof(struct abi_hctx, tp) == HCTX_TP, "HCTX_TP");
_Static_assert(offsetof(struct abi_hctx, sp) == HCTX_SP, "HCTX_SP");
_Static_assert(sizeof(struct abi_hctx) == HCTX_SIZE, "HCTX_SIZE");
_Static_assert(CS_HCTX + HCTX_COUNT * HCTX_SIZE <= CS_SIZE, "handler contexts fit the cap store");
_Static_assert(CS_COMP_DDC == CVM_STORE_COMP_DDC && CS_HC_PCC == CVM_STORE_HC_PCC &&
	       CS_HC_DDC == CVM_STORE_HC_DDC && CS_RET_PCC == CVM_STORE_RET_PCC &&
	       CS_RET_DDC == CVM_STORE_RET_DDC && CS_OCALL_PCC == CVM_STORE_OCALL_PCC, "cap store");
_Static_assert(STACK_REGION == CVM_STACK_AREA && STACK_SLOT == CVM_STACK_SLOT &&
	       STACK_SP_OFFSET == CVM_SP_OFF && TP_SIZE == CVM_TP_SIZE && CS_SIZE == CVM_CAP_STORE_SIZE,
	       "layout");
/* handler contexts use slots 1..HCTX_COUNT from the bottom; threads use the others */
#define RUN_MAX_THREADS (STACK_SLOTS - 1 - HCTX_COUNT)

/* register numbers (psABI) */
enum { R_RA = 1, R_SP = 2, R_TP = 4, R_T0 = 5, R_T1 = 6, R_A0 = 10, R_T5 = 30, R_T6 = 31 };

enum run_end { RUN_END_NONE, RUN_END_EXIT, RUN_END_FAULT, RUN_END_ERROR, RUN_END_BUDGET };

struct run_thread {
	struct monitor *mon;
	struct cvm *v;
	unsigned j;                  /* thread slot number (0 = main thread) */
	pthread_t tid;
	bool started, joined;
	enum run_end end;
	/* what the start block prints as the reference's host values */
	struct cap tp_cap, sp_cap;
};

struct run_state {
	pthread_mutex_t print_lock;  /* one start block or fault report at a time */
	struct run_thread *threads;  /* one main thread per cVM, file order */
};

/* ---- small helpers ---- */

static uint32_t run_data_perms(const struct cvm *v)
{
	return v->clean_room ? CVM_DATA_PERMS & ~CAP_PERM_SW0 : CVM_DATA_PERMS;
}

/* A data capability [base, base+len) for v, derived from the monitor's data root (STYLE 11). */
static struct cap run_data_cap(const struct monitor *mon, const struct cvm *v, uint64_t base, uint64_t len)
{
	struct cap c = cap_build_from_root(&mon->root_data, base, len, run_data_perms(v));
	RUN_CHECK(c.tag && c.base >= v->begin && c.top <= v->end);
	return c;
}

static struct cap run_with_addr(const struct cap *c, uint64_t addr)
{
	struct cap out;
	(void)cap_set_addr(&out, c, addr, CAP_V9);
	RUN_CHECK(out.tag == c->tag);
	return out;
}

/* Seal c with v's object type; the result only unseals in a CInvoke with another of v's caps. */
static struct cap run_seal(const struct monitor *mon, const struct cvm *v, const struct cap *c)
{
	struct cap out;
	RUN_CHECK(monitor_seal(mon, c, v->otype, &out) == 0);
	RUN_CHECK(out.tag && cap_otype(&out) == v->otype);
	return out;
}

static void run_store_cap(struct mem *m, struct mem_thread *t, uint64_t addr, const struct cap *c)
{
	RUN_CHECK(mem_store_cap(m, t, addr, c->addr, cap_to_mem_pesbt(c), c->tag) == MEM_OK);
}

static void run_store64(struct mem *m, uint64_t addr, uint64_t v)
{
	RUN_CHECK(mem_write(m, addr, &v, sizeof v) == MEM_OK);
}

static struct run_state *run_state(struct monitor *mon) { return mon->run; }

/* ---- CInvoke, done by the monitor (cheri-riscv.md section 7) ---- */

/* 0 if CInvoke code, data would succeed, else CAP_STATUS(operand, cause), checks in order. */
static cap_status run_cinvoke_check(const struct cap *code, const struct cap *data)
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
	pcc = run_with_addr(&pcc, code->addr & ~1ULL);
	struct cap c31 = cap_with_otype(data, CAP_OTYPE_UNSEALED);
	RUN_CHECK(pcc.tag && c31.tag);
	hart_set_pcc(h, &pcc);
	hart_set_creg(h, R_T6, &c31);
}

/* Nothing of the monitor's may stay in a cVM's registers (intravisor.md section 5). */
static void run_clear_registers(struct hart *h)
{
	struct cap null = cap_null();
	for (unsigned i = 1; i < 32; i++) {
		hart_set_creg(h, i, &null);
		hart_set_f(h, i, 0);
	}
	hart_set_f(h, 0, 0);
	hart_set_ddc(h, &null);
}

/* ---- capability store, TP areas, handler contexts ---- */

/* The TP area of one context: ids, its return pair (code half = v's sealed ret-from-mon cap,
 * data half = a sealed capability to this context's save area: the callee can only CInvoke
 * it back, never read or change what the caller saved there). */
static void run_write_tp_area(struct monitor *mon, struct cvm *v, struct mem_thread *t, uint64_t tp,
			      uint64_t context)
{
	struct mem *m = mon->mem;
	struct cap save = run_data_cap(mon, v, tp + TP_SAVE, SAVE_SIZE);
	struct cap ret_data = run_seal(mon, v, &save);
	RUN_CHECK(run_cinvoke_check(&v->ca[CVM_CA_SEALED_RET], &ret_data) == 0);
	run_store64(m, tp + TP_CAP_STORE, v->cap_store);
	run_store64(m, tp + TP_CID, v->id);
	run_store_cap(m, t, tp + TP_RET_PCC, &v->ca[CVM_CA_SEALED_RET]);
	run_store_cap(m, t, tp + TP_RET_DATA, &ret_data);
	run_store64(m, tp + TP_CONTEXT, context);
}

static void run_write_cap_store(struct monitor *mon, struct cvm *v)
{
	struct mem *m = mon->mem;
	uint64_t cs = v->cap_store;
	run_store_cap(m, NULL, cs + CS_COMP_DDC, &v->ca[CVM_CA_COMP_DDC]);
	run_store_cap(m, NULL, cs + CS_HC_PCC, &v->ca[CVM_CA_SEALED_HC_PCC]);
	run_store_cap(m, NULL, cs + CS_HC_DDC, &v->ca[CVM_CA_SEALED_HC_DDC]);
	run_store_cap(m, NULL, cs + CS_RET_PCC, &v->ca[CVM_CA_SEALED_RET]);
	run_store_cap(m, NULL, cs + CS_RET_DDC, &v->ca[CVM_CA_SEALED_COMP_DDC]);
	run_store_cap(m, NULL, cs + CS_OCALL_PCC, &v->ca[CVM_CA_SEALED_OCALL_PCC]);
	if (!v->has_syscall_handler)
		return;
	/* handler context k: stack slot HCTX_FIRST_SLOT + k from the bottom of the stack region */
	for (unsigned k = 0; k < HCTX_COUNT; k++) {
		uint64_t slot = v->stacks_lo + (uint64_t)(HCTX_FIRST_SLOT + k) * STACK_SLOT;
		uint64_t tp = slot + CVM_TP_OFF;
		struct cap tpc = run_data_cap(mon, v, tp, TP_SIZE);
		struct cap spc = run_data_cap(mon, v, slot, STACK_SLOT);
		spc = run_with_addr(&spc, slot + STACK_SLOT);
		uint64_t h = cs + CS_HCTX + (uint64_t)k * HCTX_SIZE;
		run_store64(m, h + HCTX_BUSY, 0);
		run_store_cap(m, NULL, h + HCTX_TP, &tpc);
		run_store_cap(m, NULL, h + HCTX_SP, &spc);
		run_write_tp_area(mon, v, NULL, tp, 0x100 + k);
	}
}

/* ---- the initial stack (intravisor-reference.md 2.6) and the start block ---- */

#define ARGV_MAX (CONFIG_MAX_ARGS + 1)

struct run_start {
	uint64_t sp, env0, env2, slot, top, tp;
	unsigned argc;
	char words[ARGV_MAX][256];
};

static void run_split_args(const char *args, struct run_start *s)
{
	s->argc = 0;
	if (!args)
		return;
	const char *p = args;
	while (*p && s->argc < ARGV_MAX) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t n = 0;
		while (p[n] && p[n] != ' ' && p[n] != '\t')
			n++;
		size_t k = n < sizeof s->words[0] - 1 ? n : sizeof s->words[0] - 1;
		memcpy(s->words[s->argc], p, k);
		s->words[s->argc][k] = 0;
		s->argc++;
		p += n;
	}
}

/* Words from sp up: argc, 0xaa, &argv[0], 0xbb, (&argv[k], marker) for k >= 1, 0, 0 (argv end),
 * 0, 0 (empty env: &env0), then the auxv at &env2: AT_BASE with a 16-byte code capability over
 * the slot when it lands 16-byte aligned (an even argc; else the plain address), AT_PHDR,
 * AT_NULL. Strings go to the page above sp (sp + 4 KiB). */
static void run_write_initial_stack(struct monitor *mon, struct cvm *v, struct mem_thread *t, struct run_start *s)
{
	struct mem *m = mon->mem;
	uint64_t strings = s->sp + 0x1000, w = s->sp;
	unsigned argc = s->argc ? s->argc : 1;
	uint64_t str_addr[ARGV_MAX];
	for (unsigned k = 0; k < s->argc; k++) {
		size_t n = strlen(s->words[k]) + 1;
		RUN_CHECK(mem_write(m, strings, s->words[k], n) == MEM_OK);
		str_addr[k] = strings;
		strings += n;
	}
	run_store64(m, w, argc); w += 8;
	run_store64(m, w, 0xaa); w += 8;
	run_store64(m, w, s->argc ? str_addr[0] : 0); w += 8;
	run_store64(m, w, 0xbb); w += 8;
	for (unsigned k = 1; k < s->argc; k++) {
		run_store64(m, w, str_addr[k]); w += 8;
		run_store64(m, w, 0xcc + k - 4); w += 8;
	}
	run_store64(m, w, 0); w += 8;
	run_store64(m, w, 0); w += 8;
	s->env0 = w;
	run_store64(m, w, 0); w += 8;
	run_store64(m, w, 0); w += 8;
	s->env2 = w;
	run_store64(m, w, 7); w += 8;     /* AT_BASE */
	run_store64(m, w, 0); w += 8;
	if ((w & 15) == 0) {
		struct cap at_base = run_with_addr(&v->code, v->base);
		run_store_cap(m, t, w, &at_base);
	} else {
		run_store64(m, w, v->base);
		run_store64(m, w + 8, 0);
	}
	w += 16;
	run_store64(m, w, 3); w += 8;     /* AT_PHDR */
	run_store64(m, w, 0); w += 8;
	run_store64(m, w, v->base + 0x40); w += 8;
	run_store64(m, w, 0); w += 8;
	for (unsigned k = 0; k < 8; k++, w += 8)  /* AT_NULL, two groups of 4 words */
		run_store64(m, w, 0);
}

static const char *const run_ca_label[CVM_NCA] = {
	"sealed COMP PCC", "sealed COMP DDC", "COMP DDC", "sealed HC PCC", "sealed HC DDC (mon.DDC)",
	"sealed OCALL PCC ", "sealed ret from mon", "SP cap for purecap cVMs", "TP cap for purecap cVMs",
};

/* The block two-pure.expected shows between "ALL cVMs loaded" and the cVM's output. The
 * reference's host addresses (old TP, getSP(), me->c_tp, HW tp, &cinv_args) are printed as the
 * corresponding host addresses of this monitor. */
static void run_print_start(struct run_thread *rt, const struct run_start *s, const struct cap ca[CVM_NCA])
{
	struct monitor *mon = rt->mon;
	struct cvm *v = rt->v;
	FILE *f = mon->out;
	int here = 0;
	fprintf(f, "target SP = %" PRIx64 ", old TP = %" PRIx64 " sp_read = 0x%" PRIx64 ", me->stacl = 0x%" PRIx64
		", getSP()=0x%" PRIxPTR ", me->c_tp = 0x%" PRIxPTR " %" PRIxPTR "\n",
		s->sp, (uint64_t)0, s->top, s->slot, (uintptr_t)&here, (uintptr_t)&rt->tp_cap, (uintptr_t)&rt->sp_cap);
	for (unsigned k = 1; k < s->argc; k++)
		fprintf(f, "[%u] '%s'\n", k, s->words[k]);
	fprintf(f, "&env0 = 0x%" PRIx64 ", &env2=0x%" PRIx64 "\n", s->env0, s->env2);
	for (unsigned i = 0; i < CVM_NCA; i++) {
		if (i == CVM_CA_TP)
			fprintf(f, "ca%u: %s, me->c_tp = %" PRIxPTR "\n", i, run_ca_label[i], (uintptr_t)&rt->tp_cap);
		else
			fprintf(f, "ca%u: %s\n", i, run_ca_label[i]);
		cap_print(f, &ca[i]);
	}
	fprintf(f, "HW: sp = 0x%" PRIx64 ", tp = 0x%" PRIxPTR ", &cinv_args = 0x%" PRIxPTR "\n",
		s->sp, (uintptr_t)pthread_self(), (uintptr_t)ca);
	fprintf(f, "TP_ARGS: %" PRIx64 ", %x, %" PRIx64 "\n", v->cap_store, v->id, s->tp);
	fprintf(f, "-----------------------------------------------\n");
	fflush(f);
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
		kind = tr->cause == HART_CAUSE_CHERI ? REPORT_BAD_RETURN : REPORT_GATE;
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
	struct run_state *st = run_state(mon);
	struct hart_trap at = *tr;
	struct cap pcc;
	hart_get_pcc(h, &pcc);
	at.pc = pcc.addr;
	at.insn = 0;
	pthread_mutex_lock(&st->print_lock);
	if (mon->out)
		fflush(mon->out);
	report_fault(mon, stderr, rt->v, rt->j, h, &at, REPORT_BUDGET, "instruction budget exhausted");
	pthread_mutex_unlock(&st->print_lock);
	rt->end = RUN_END_BUDGET;
	return true;
}

/* ---- serving one hostcall ---- */

/* Returns true when the thread must end (exit, or a call it cannot return from). */
static bool run_hostcall(struct run_thread *rt, struct hart *h, const struct hart_trap *tr)
{
	struct monitor *mon = rt->mon;
	struct hostcall_request r;
	/* decode: copy everything the call uses out of the hart first (STYLE 9, 10) */
	r.nr = hart_get_x(h, R_T5);
	for (unsigned i = 0; i < HOSTCALL_ARGS; i++)
		hart_get_creg(h, R_A0 + i, &r.arg[i]);
	struct cap ret_code, ret_data;
	hart_get_creg(h, R_T0, &ret_code);
	hart_get_creg(h, R_T1, &ret_data);
	/* The caller is this hart's thread (rt); the return pair must be one the caller's
	 * CInvoke would accept, and sealed by a cVM (not the monitor's otype). */
	cap_status st = run_cinvoke_check(&ret_code, &ret_data);
	uint32_t ot = cap_otype(&ret_code);
	if (st == 0 && (ot > CVM_MAX_ID || !mon->by_id[ot]))
		st = CAP_STATUS(1, CAP_CAUSE_TYPE);
	if (st != 0) {
		struct hart_trap bad = *tr;
		bad.cause = HART_CAUSE_CHERI;
		bad.cheri_cause = CAP_STATUS_CAUSE(st);
		bad.cap_index = CAP_STATUS_OPERAND(st) == 1 ? R_T0 : R_T1;
		bad.cap = CAP_STATUS_OPERAND(st) == 1 ? ret_code : ret_data;
		bad.tval = (uint64_t)bad.cap_index << 5 | bad.cheri_cause;
		run_report_fault(rt, h, &bad, "hostcall with a return pair (ct0, ct1) that CInvoke rejects");
		rt->end = RUN_END_FAULT;
		return true;
	}
	struct hostcall_env env = { .m = mon->mem, .t = hart_mem_thread(h), .out = mon->out, .out_fd = 1 };
	int64_t result = 0;
	enum hostcall_action a = hostcall_serve(&env, &r, &result);
	if (a == HOSTCALL_EXIT_THREAD) {
		rt->end = RUN_END_EXIT;
		return true;
	}
	/* invoke: nothing but the result crosses back */
	run_clear_registers(h);
	hart_set_x(h, R_A0, (uint64_t)result);
	run_cinvoke(h, &ret_code, &ret_data);
	return false;
}

/* ---- one cVM thread ---- */

static void *run_thread_main(void *arg)
{
	struct run_thread *rt = arg;
	struct monitor *mon = rt->mon;
	struct cvm *v = rt->v;
	struct run_state *st = run_state(mon);
	struct hart_options opt = { .legacy = false, .gate_lo = mon->gate_lo, .gate_hi = mon->gate_hi };
	struct hart *h = hart_new(mon->mem, &opt);
	if (!h) {
		rt->end = RUN_END_ERROR;
		fprintf(stderr, "intravisor: cVM '%s': cannot create its hart\n", v->name);
		return NULL;
	}
	struct mem_thread *t = hart_mem_thread(h);

	/* layout of this thread (intravisor.md section 3) */
	struct run_start s = { 0 };
	s.slot = cvm_thread_slot(v, rt->j);
	s.top = s.slot + STACK_SLOT;
	s.sp = s.slot + STACK_SP_OFFSET;
	s.tp = s.slot + CVM_TP_OFF;
	run_split_args(v->args, &s);
	struct cap ca[CVM_NCA];
	memcpy(ca, v->ca, sizeof ca);
	if (rt->j != 0) {
		ca[CVM_CA_SP] = run_data_cap(mon, v, s.slot, STACK_SLOT);
		ca[CVM_CA_SP] = run_with_addr(&ca[CVM_CA_SP], s.sp);
		ca[CVM_CA_TP] = run_data_cap(mon, v, s.tp, TP_SIZE);
	}
	RUN_CHECK(ca[CVM_CA_SP].addr == s.sp && ca[CVM_CA_TP].base == s.tp);
	rt->sp_cap = ca[CVM_CA_SP];
	rt->tp_cap = ca[CVM_CA_TP];
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
	cap_status cs = run_cinvoke_check(&ca[CVM_CA_SEALED_COMP_PCC], &ca[CVM_CA_SEALED_COMP_DDC]);
	if (cs != 0) {
		fprintf(stderr, "intravisor: cVM '%s': its entry pair fails CInvoke (%s)\n", v->name,
			cap_cause_name(CAP_STATUS_CAUSE(cs)));
		rt->end = RUN_END_ERROR;
		hart_free(h);
		return NULL;
	}
	run_cinvoke(h, &ca[CVM_CA_SEALED_COMP_PCC], &ca[CVM_CA_SEALED_COMP_DDC]);

	for (;;) {
		struct hart_trap tr;
		memset(&tr, 0, sizeof tr);
		enum hart_exit e = hart_run(h, run_slice(mon, h), &tr);
		if (e == HART_EXIT_BUDGET) {
			if (run_budget_spent(rt, h, &tr))
				break;
			continue;
		}
		if (e == HART_EXIT_STOP) {
			rt->end = RUN_END_FAULT;
			fprintf(stderr, "intravisor: cVM '%s' thread %u stopped\n", v->name, rt->j);
			break;
		}
		if (e == HART_EXIT_GATE && tr.pc == mon->hostcall_entry) {
			if (run_hostcall(rt, h, &tr))
				break;
			continue;
		}
		if (e == HART_EXIT_GATE) {
			tr.cause = HART_CAUSE_FETCH_ACCESS;
			run_report_fault(rt, h, &tr, "reached a monitor entry this build does not serve");
		} else {
			run_report_fault(rt, h, &tr, "trap");
		}
		rt->end = RUN_END_FAULT;
		break;
	}
	hart_free(h);
	return NULL;
}

static int run_join(struct run_thread *rt)
{
	if (rt->started && !rt->joined) {
		pthread_join(rt->tid, NULL);
		rt->joined = true;
	}
	return 0;
}

int monitor_run(struct monitor *mon)
{
	struct run_state st;
	pthread_mutex_init(&st.print_lock, NULL);
	st.threads = calloc(mon->ncvms ? mon->ncvms : 1, sizeof *st.threads);
	if (!st.threads) {
		fprintf(stderr, "intravisor: out of memory\n");
		return RUN_STATUS_THREAD;
	}
	mon->run = &st;
	for (unsigned i = 0; i < mon->ncvms; i++)
		run_write_cap_store(mon, &mon->cvms[i]);

	int status = RUN_STATUS_OK;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct run_thread *rt = &st.threads[i];
		rt->mon = mon;
		rt->v = &mon->cvms[i];
		rt->j = 0;
		if (pthread_create(&rt->tid, NULL, run_thread_main, rt) != 0) {
			fprintf(stderr, "intravisor: cVM '%s': cannot create its thread\n", rt->v->name);
			status = RUN_STATUS_THREAD;
			break;
		}
		rt->started = true;
		if (rt->v->wait < 0)
			run_join(rt);
		else if (rt->v->wait > 0)
			sleep((unsigned)rt->v->wait);
	}
	/* the exit status: MONITOR before FAULT before BUDGET (report.h) */
	bool budget = false;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct run_thread *rt = &st.threads[i];
		run_join(rt);
		if (!rt->started)
			continue;
		static const enum report_end as_report[] = {
			[RUN_END_NONE] = REPORT_END_ERROR, [RUN_END_EXIT] = REPORT_END_EXIT,
			[RUN_END_FAULT] = REPORT_END_FAULT, [RUN_END_ERROR] = REPORT_END_ERROR,
			[RUN_END_BUDGET] = REPORT_END_BUDGET,
		};
		report_end(mon, rt->v, rt->j, as_report[rt->end]);
		if (rt->end == RUN_END_FAULT && status == RUN_STATUS_OK)
			status = RUN_STATUS_FAULT;
		if (rt->end == RUN_END_BUDGET)
			budget = true;
		if (rt->end == RUN_END_ERROR || rt->end == RUN_END_NONE)
			status = RUN_STATUS_THREAD;
	}
	if (budget && status == RUN_STATUS_OK)
		status = REPORT_STATUS_BUDGET;
	if (mon->out)
		fflush(mon->out);
	status = report_finish(mon, status);
	mon->run = NULL;
	free(st.threads);
	pthread_mutex_destroy(&st.print_lock);
	return status;
}
