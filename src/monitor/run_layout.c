/* run_layout.c - what the monitor writes into a cVM before it runs (sdk/README.md): the
 * capability store, the TP area and return pair of every context, the handler contexts, the
 * initial stack (intravisor-reference.md 2.6), and the start block of two-pure.expected.
 * Every capability is derived from the monitor's roots (STYLE 11) and checked to stay inside
 * the cVM (STYLE 13). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/run_priv.h"

_Noreturn void run_crash(const char *what, const char *file, int line)
{
	fprintf(stderr, "intravisor: internal check failed: %s (%s:%d)\n", what, file, line);
	abort();
}

/* The ABI layout of sdk/include/cvm_abi.h, checked against C structs (STYLE 6). */
struct abi_cap { uint64_t lo, hi; };
struct abi_tp {
	uint64_t cap_store, cid;
	struct abi_cap hc_pcc, hc_ddc, ret_pcc, ret_ddc;
	uint64_t context, pad;
};
_Static_assert(offsetof(struct abi_tp, cap_store) == TP_CAP_STORE, "TP_CAP_STORE");
_Static_assert(offsetof(struct abi_tp, cid) == TP_CID, "TP_CID");
_Static_assert(offsetof(struct abi_tp, hc_pcc) == TP_HC_PCC, "TP_HC_PCC");
_Static_assert(offsetof(struct abi_tp, hc_ddc) == TP_HC_DDC, "TP_HC_DDC");
_Static_assert(offsetof(struct abi_tp, ret_pcc) == TP_RET_PCC, "TP_RET_PCC");
_Static_assert(offsetof(struct abi_tp, ret_ddc) == TP_RET_DDC, "TP_RET_DDC");
_Static_assert(offsetof(struct abi_tp, context) == TP_CONTEXT, "TP_CONTEXT");
_Static_assert(sizeof(struct abi_tp) == TP_FREE, "TP_FREE");
_Static_assert(CS_COMP_DDC == CVM_STORE_COMP_DDC && CS_HC_PCC == CVM_STORE_HC_PCC &&
	       CS_HC_DDC == CVM_STORE_HC_DDC && CS_RET_PCC == CVM_STORE_RET_PCC &&
	       CS_RET_DDC == CVM_STORE_RET_DDC && CS_OCALL_PCC == CVM_STORE_OCALL_PCC, "cap store");
_Static_assert(CS_SW_RET_PCC > CS_HC_DDC && CS_SW_RET_DDC + 16 <= CS_RET_PCC, "cap store: switcher slots");
_Static_assert(STACK_REGION == CVM_STACK_AREA && STACK_SLOT == CVM_STACK_SLOT &&
	       STACK_SP_OFFSET == CVM_SP_OFF && TP_SIZE == CVM_TP_SIZE && CS_SIZE == CVM_CAP_STORE_SIZE,
	       "layout");
_Static_assert(HCTX_FIRST_SLOT + HCTX_COUNT + 1 <= STACK_SLOTS, "the default handler contexts fit the 64 slots");

/* ---- small helpers ---- */

static uint32_t run_data_perms(const struct cvm *v)
{
	return v->clean_room ? CVM_DATA_PERMS & ~CAP_PERM_SW0 : CVM_DATA_PERMS;
}

/* A data capability [base, base+len) for v, derived from the monitor's data root (STYLE 11). */
struct cap run_data_cap(const struct monitor *mon, const struct cvm *v, uint64_t base, uint64_t len)
{
	struct cap c = cap_build_from_root(&mon->root_data, base, len, run_data_perms(v));
	RUN_CHECK(c.tag && c.base >= v->begin && c.top <= v->end);
	return c;
}

struct cap run_with_addr(const struct cap *c, uint64_t addr)
{
	struct cap out;
	(void)cap_set_addr(&out, c, addr, CAP_V9);
	RUN_CHECK(out.tag == c->tag);
	return out;
}

void run_store_cap(struct mem *m, struct mem_thread *t, uint64_t addr, const struct cap *c)
{
	RUN_CHECK(mem_store_cap(m, t, addr, c->addr, cap_to_mem_pesbt(c), c->tag) == MEM_OK);
}

void run_store64(struct mem *m, uint64_t addr, uint64_t v)
{
	RUN_CHECK(mem_write(m, addr, &v, sizeof v) == MEM_OK);
}


/* ---- capability store, TP areas, handler contexts ---- */

/* The TP area of one context: ids and copies of the switcher's two pairs (the cVM's own
 * memory, for one-load access; the switcher never reads it back). */
void run_write_tp_area(struct monitor *mon, struct cvm *v, struct mem_thread *t, uint64_t tp,
			      uint64_t context)
{
	struct mem *m = mon->mem;
	run_store64(m, tp + TP_CAP_STORE, v->cap_store);
	run_store64(m, tp + TP_CID, v->id);
	run_store_cap(m, t, tp + TP_HC_PCC, &v->ca[CVM_CA_SEALED_HC_PCC]);
	run_store_cap(m, t, tp + TP_HC_DDC, &v->ca[CVM_CA_SEALED_HC_DDC]);
	run_store_cap(m, t, tp + TP_RET_PCC, &mon->ret_pcc);
	run_store_cap(m, t, tp + TP_RET_DDC, &mon->hc_ddc);
	run_store64(m, tp + TP_CONTEXT, context);
}

void run_write_cap_store(struct monitor *mon, struct cvm *v)
{
	struct mem *m = mon->mem;
	uint64_t cs = v->cap_store;
	/* its page and the page's shadow, tag and lock pages in four calls, not four faults
	 * (mem_populate.c) */
	mem_populate(m, cs, CVM_CAP_STORE_SIZE, MEM_POPULATE_DATA | MEM_POPULATE_CAPS);
	run_store_cap(m, NULL, cs + CS_COMP_DDC, &v->ca[CVM_CA_COMP_DDC]);
	run_store_cap(m, NULL, cs + CS_HC_PCC, &v->ca[CVM_CA_SEALED_HC_PCC]);
	run_store_cap(m, NULL, cs + CS_HC_DDC, &v->ca[CVM_CA_SEALED_HC_DDC]);
	run_store_cap(m, NULL, cs + CS_SW_RET_PCC, &mon->ret_pcc);
	run_store_cap(m, NULL, cs + CS_SW_RET_DDC, &mon->hc_ddc);
	run_store_cap(m, NULL, cs + CS_RET_PCC, &v->ca[CVM_CA_SEALED_RET]);
	run_store_cap(m, NULL, cs + CS_RET_DDC, &v->ca[CVM_CA_SEALED_COMP_DDC]);
	run_store_cap(m, NULL, cs + CS_OCALL_PCC, &v->ca[CVM_CA_SEALED_OCALL_PCC]);
}

/* The switcher's make_context (switcher.h): handler context k of v lives in stack slot
 * HCTX_FIRST_SLOT + k from the bottom of the stack region (layout.h). Its slot is mapped now,
 * but for the lowest page (its guard), then its TP area is written, then the switcher gets its
 * stack and TP capabilities. Runs on the calling hart's thread t; the slot was unmapped, so no
 * hart can be using it. */
void run_make_context(struct switcher *sw, struct cvm *v, unsigned k, struct mem_thread *t)
{
	struct monitor *mon = sw->mon;
	uint64_t slot = v->stacks_lo + (uint64_t)(HCTX_FIRST_SLOT + k) * v->stack_slot;
	RUN_CHECK(k < v->ncontexts && slot + v->stack_slot <= cvm_thread_slot(v, 0));
	RUN_CHECK(mem_map(mon->mem, slot + CVM_GUARD_SIZE, v->stack_slot - CVM_GUARD_SIZE) == MEM_OK);
	uint64_t tp = slot + CVM_TP_OFF;
	struct cap tpc = run_data_cap(mon, v, tp, TP_SIZE);
	struct cap spc = run_data_cap(mon, v, slot, v->stack_slot);
	spc = run_with_addr(&spc, slot + v->stack_slot);
	run_write_tp_area(mon, v, t, tp, 0x100 + k);
	switcher_set_context(sw, v, k, &spc, &tpc);
}

/* ---- the initial stack (intravisor-reference.md 2.6) and the start block ---- */


void run_split_args(const char *args, struct run_start *s)
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
void run_write_initial_stack(struct monitor *mon, struct cvm *v, struct mem_thread *t, struct run_start *s)
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
void run_print_start(struct run_thread *rt, const struct run_start *s, const struct cap ca[CVM_NCA])
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

