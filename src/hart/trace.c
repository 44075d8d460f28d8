/* trace.c - the --trace=cap,mem lines of the traced instantiation (exec.c run_step): after an
 * instruction has run, what it made or moved, from the hart's registers and the values
 * step_one noted before it ran (last_rs1v, last_rs2, last_imm). One line each, after the
 * instruction's own line, starting with its pc:
 *
 *   PC:   cap MNEMONIC cREG = v:TAG s:SEALED p:PERMS b:BASE t:TOP a:ADDR o:OTYPE   (cap_format)
 *   PC:   mem load|store SIZE @ADDRESS = 0xVALUE                (SIZE bytes, VALUE that wide)
 *   PC:   mem load|store cap @ADDRESS = v:TAG ...               (a capability, with its tag)
 *
 *   PC:   mem lr SIZE|cap @ADDRESS = VALUE                       (load-reserved)
 *   PC:   mem sc SIZE|cap @ADDRESS = VALUE ok|failed             (store-conditional, its result)
 *   PC:   mem amoOP SIZE|cap @ADDRESS = OLD, operand VALUE       (the value loaded, the operand)
 *
 * ADDRESS is absolute; an access through a relocated DDC (a hybrid cVM) adds " (offset 0x..)".
 * Only numbers and the hart's own names are printed: nothing the guest wrote reaches the trace
 * as text. CLoadTags is not in the mem trace. A value whose register the instruction itself
 * overwrote (rd = rs2 of a capability sc.c or amoswap.c) prints as "(overwritten)".
 */
#include <inttypes.h>
#include <string.h>

#include "hart/hart_priv.h"

void hart_set_trace_filter(struct hart *h, unsigned what, uint64_t pc_lo, uint64_t pc_len)
{
	h->trace_what = what;
	h->trace_lo = pc_lo;
	h->trace_len = pc_len;
}

uint64_t hart_traced(const struct hart *h) { return h->traced; }

/* the semantic body (sem_*.h) of every row */
static const char *const body_of[ID_COUNT] = {
#define INSN(id, body, ...) [ID_##id] = #body,
#include "hart/insns.def"
#undef INSN
};

/* the bodies (insns.def) that derive a capability with new bounds, permissions, type or
 * flags; cincoffset, csetaddr and moves only change an address */
static bool is_cap_making(const char *body)
{
	static const char *const names[] = { "auipcc", "csetbounds", "csetboundsexact", "csetboundsimm", "candperm",
					     "csetflags", "csealentry", "csethigh", "cseal", "cunseal", "ccseal",
					     "ccopytype", "cbuildcap", "cfromptr", "cspecialrw" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(body, names[i]))
			return true;
	return false;
}

/* a load or store body: "l{b,h,w,d,bu,hu,wu}_{ddc,cap}", "fl{w,d}_..", "lc_..", and the
 * stores "s{b,h,w,d}_..", "fs{w,d}_..", "sc_.." (a capability store; sc_w_ddc etc. are
 * store-conditionals, left out) */
struct access {
	bool store, fp, cap, ddc;
	unsigned size;
};

static bool access_of(const char *body, struct access *a)
{
	static const struct {
		const char *stem;
		bool store, fp, cap;
		unsigned size;
	} stems[] = {
		{ "lb", 0, 0, 0, 1 }, { "lh", 0, 0, 0, 2 }, { "lw", 0, 0, 0, 4 }, { "ld", 0, 0, 0, 8 },
		{ "lbu", 0, 0, 0, 1 }, { "lhu", 0, 0, 0, 2 }, { "lwu", 0, 0, 0, 4 }, { "flw", 0, 1, 0, 4 },
		{ "fld", 0, 1, 0, 8 }, { "lc", 0, 0, 1, 16 }, { "sb", 1, 0, 0, 1 }, { "sh", 1, 0, 0, 2 },
		{ "sw", 1, 0, 0, 4 }, { "sd", 1, 0, 0, 8 }, { "fsw", 1, 1, 0, 4 }, { "fsd", 1, 1, 0, 8 },
		{ "sc", 1, 0, 1, 16 },
	};
	size_t n = strlen(body);
	if (n < 5 || (strcmp(body + n - 4, "_ddc") && strcmp(body + n - 4, "_cap")))
		return false;
	for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++)
		if (strlen(stems[i].stem) == n - 4 && !strncmp(body, stems[i].stem, n - 4)) {
			*a = (struct access){ .store = stems[i].store, .fp = stems[i].fp, .cap = stems[i].cap,
					      .ddc = body[n - 3] == 'd', .size = stems[i].size };
			return true;
		}
	return false;
}

static void trace_mem(struct hart *h, const struct access *a)
{
	uint64_t ea = h->last_rs1v + (uint64_t)(int64_t)h->last_imm;
	uint64_t abs = a->ddc ? ea + h->ddc_reloc : ea;
	char where[64] = "";
	if (a->ddc && h->ddc_reloc)
		snprintf(where, sizeof where, " (offset 0x%" PRIx64 ")", ea);
	fprintf(h->trace, "%016" PRIx64 ":   mem %s ", h->last_pc, a->store ? "store" : "load");
	if (a->cap) {
		char buf[200];
		struct cap c = a->store ? hart_cap(h, h->last_rs2) : hart_cap(h, h->last_rd);
		if (!a->store && (h->last_rd == 0 || h->last_rd == REG_SINK))
			snprintf(buf, sizeof buf, "(to c0)");
		else
			cap_format(buf, sizeof buf, &c);
		fprintf(h->trace, "cap @0x%" PRIx64 "%s = %s\n", abs, where, buf);
		return;
	}
	uint64_t v;
	if (a->store)
		v = a->fp ? h->f[h->last_rs2] : h->x[h->last_rs2];
	else
		v = a->fp ? h->f[h->last_rd] : h->x[h->last_rd];
	if (a->size < 8)
		v &= (1ULL << 8 * a->size) - 1;
	fprintf(h->trace, "%u @0x%" PRIx64 "%s = 0x%0*" PRIx64 "\n", a->size, abs, where, (int)(2 * a->size), v);
}

/* an atomic body (sem_a.h): "lr_S_ddc", "sc_S_cap", "amoOP_S_ddc" with S one of b h w d c */
struct atomic {
	char op[8];        /* "lr", "sc", "amoadd", ... */
	unsigned size;     /* bytes; 16 = a capability */
	bool ddc;
};

static bool atomic_of(const char *body, struct atomic *a)
{
	size_t n = strlen(body);
	if (n < 8 || (strcmp(body + n - 4, "_ddc") && strcmp(body + n - 4, "_cap")) || body[n - 6] != '_')
		return false;
	size_t oplen = n - 6;
	bool lrsc = oplen == 2 && (!strncmp(body, "lr", 2) || !strncmp(body, "sc", 2));
	if (!lrsc && (oplen < 5 || oplen >= sizeof a->op || strncmp(body, "amo", 3)))
		return false;
	const char *sizes = "bhwdc", *k = strchr(sizes, body[n - 5]);
	if (!k || !*k)
		return false;
	memcpy(a->op, body, oplen);
	a->op[oplen] = 0;
	a->size = k - sizes == 4 ? 16 : 1u << (k - sizes);
	a->ddc = body[n - 3] == 'd';
	return true;
}

static void format_value(struct hart *h, char *buf, size_t n, unsigned size, unsigned reg, uint64_t x)
{
	if (size == 16) {
		struct cap c = hart_cap(h, reg);
		cap_format(buf, n, &c);
		return;
	}
	if (size < 8)
		x &= (1ULL << 8 * size) - 1;
	snprintf(buf, n, "0x%0*" PRIx64, (int)(2 * size), x);
}

static void trace_atomic(struct hart *h, const struct atomic *a)
{
	uint64_t ea = h->last_rs1v, abs = a->ddc ? ea + h->ddc_reloc : ea;
	unsigned rd = h->last_rd == REG_SINK ? 0 : h->last_rd;
	char where[64] = "", width[8], val[200], old[200];
	if (a->ddc && h->ddc_reloc)
		snprintf(where, sizeof where, " (offset 0x%" PRIx64 ")", ea);
	if (a->size == 16)
		snprintf(width, sizeof width, "cap");
	else
		snprintf(width, sizeof width, "%u", a->size);
	fprintf(h->trace, "%016" PRIx64 ":   mem %s %s @0x%" PRIx64 "%s = ", h->last_pc, a->op, width, abs, where);
	if (!strcmp(a->op, "lr")) {
		if (rd == 0)
			snprintf(val, sizeof val, "(to x0)");
		else
			format_value(h, val, sizeof val, a->size, rd, h->x[rd]);
		fprintf(h->trace, "%s\n", val);
		return;
	}
	/* sc and amo: the operand is rs2 as it was before (an integer), or the capability register
	 * unless the result overwrote it */
	if (a->size == 16 && rd != 0 && rd == h->last_rs2)
		snprintf(val, sizeof val, "(overwritten)");
	else
		format_value(h, val, sizeof val, a->size, h->last_rs2, h->last_rs2v);
	if (!strcmp(a->op, "sc")) {
		fprintf(h->trace, "%s%s\n", val, rd == 0 ? "" : h->x[rd] == 0 ? " ok" : " failed");
		return;
	}
	if (rd == 0)
		snprintf(old, sizeof old, "(to x0)");
	else
		format_value(h, old, sizeof old, a->size, rd, h->x[rd]);
	fprintf(h->trace, "%s, operand %s\n", old, val);
}

void hart_trace_detail(struct hart *h)
{
	const struct insn_row *r = &hart_insns[h->last_id];
	const char *body = body_of[h->last_id];
	struct access a;
	struct atomic at;
	if ((h->trace_what & HART_TRACE_MEM) && access_of(body, &a))
		trace_mem(h, &a);
	else if ((h->trace_what & HART_TRACE_MEM) && atomic_of(body, &at))
		trace_atomic(h, &at);
	if (!(h->trace_what & HART_TRACE_CAP) || !is_cap_making(body))
		return;
	char buf[200];
	unsigned rd = h->last_rd;
	if (rd && rd != REG_SINK) {
		struct cap c = hart_cap(h, rd);
		cap_format(buf, sizeof buf, &c);
		fprintf(h->trace, "%016" PRIx64 ":   cap %s c%s = %s\n", h->last_pc, r->mnemonic, hart_reg_name(rd), buf);
	}
	if (!strcmp(body, "cspecialrw") && h->last_rs2 == 1 && (h->last_insn >> 15 & 31) != 0) {
		struct cap d = hart_cap(h, REG_DDC);   /* a DDC write (cheri-riscv.md 5.7) */
		cap_format(buf, sizeof buf, &d);
		fprintf(h->trace, "%016" PRIx64 ":   cap %s ddc = %s\n", h->last_pc, r->mnemonic, buf);
	}
}
