/* hart.c - the public API of hart.h: creation, register access, printing. */
#include <stdlib.h>
#include <string.h>

#include "hart/jit.h"

struct hart *hart_new(struct mem *m, const struct hart_options *opt)
{
	struct hart *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->m = m;
	h->arena = m->arena;
	h->page_flags = m->page_flags;
	h->tag_bytes = m->tag_bytes;
	h->page_locks = m->page_locks;
	h->shadow = m->shadow;
	h->mem_lim = mem_lim_of(m);
	if (opt)
		h->opt = *opt;
	h->capsem = h->opt.legacy ? CAP_LEGACY : CAP_V9;
	h->mt = mem_thread_attach(m);
	h->spflag = mem_safepoint_flag(m);
	/* reset state (cheri-riscv.md 1.3): PCC and DDC root, registers NULL */
	struct cap root = cap_root();
	hart_pcc_set(h, &root);
	hart_ddc_write(h, &root);
	h->code_epoch = m->code_epoch - 1;   /* force a first flush */
	if (!h->opt.no_jit)
		(void)jit_init(h);   /* without it (no memory for code) the interpreter runs alone */
	return h;
}

void hart_free(struct hart *h)
{
	if (!h)
		return;
	hart_cache_flush(h);
	free(h->pages);
	free(h->dummy);
	jit_free(h);
	if (h->mt)
		mem_thread_detach(h->mt);
	free(h);
}

/* *out = the capability of r at addr, field by field (a struct built on the stack and copied
 * whole went through a store-forwarding stall) */
static void creg_out(const struct creg *r, uint64_t addr, struct cap *out)
{
	out->addr = addr;
	out->pesbt = r->pesbt;
	out->base = r->base;
	out->top = r->top;
	out->tag = r->tag;
}

/* *out = c[i]: decoded, an integer (NULL with its address; c0 is NULL), or one CLC left
 * undecoded (decoded here) */
static void cap_out(const struct hart *h, unsigned i, struct cap *out)
{
	if (i != 0 && h->cvalid[i] == CV_CAP) {
		creg_out(&h->cm[i], h->x[i], out);
		return;
	}
	if (i == 0 || !h->cvalid[i]) {
		*out = cap_null();   /* inline: constant stores */
		out->addr = i ? h->x[i] : 0;
		return;
	}
	*out = hart_cap(h, i);
}

void hart_get_creg(const struct hart *h, unsigned i, struct cap *out) { cap_out(h, i & 31, out); }
void hart_set_creg(struct hart *h, unsigned i, const struct cap *c) { hart_setcap(h, i & 31, c); }
uint64_t hart_get_x(const struct hart *h, unsigned i) { return h->x[i & 31]; }

void hart_set_x(struct hart *h, unsigned i, uint64_t v)
{
	i &= 31;
	if (i == 0)
		return;
	h->x[i] = v;
	h->cvalid[i] = 0;
}

void hart_clear_x(struct hart *h)
{
	memset(&h->x[1], 0, 31 * sizeof h->x[0]);
	memset(&h->cvalid[1], 0, 31);
}

/* two registers in one 16-byte operation; n 16-byte stores of zero, unrolled: gcc makes a
 * constant memset of these sizes `rep stos`, whose start-up alone cost more than the stores
 * (two per switcher call: 10 % of a nested hostcall round trip) */
typedef uint64_t zero16 __attribute__((vector_size(16), aligned(8), may_alias));
static inline __attribute__((always_inline)) void zero_16s(void *p, unsigned n)
{
	zero16 *q = p;
#pragma GCC unroll 16
	for (unsigned k = 0; k < n; k++)
		q[k] = (zero16){ 0, 0 };
}

/* the registers outside constant keep sets, each stored zero (the loops unroll, the tests
 * fold; gcc merges the stores of neighbours) */
static inline __attribute__((always_inline)) void clear_outside(struct hart *h, uint32_t keep_x, uint32_t keep_f)
{
#pragma GCC unroll 32
	for (unsigned r = 1; r < 32; r++)
		if (!(keep_x >> r & 1))
			h->x[r] = 0;
#pragma GCC unroll 32
	for (unsigned r = 1; r < 32; r++)
		if (!(keep_x >> r & 1))
			h->cvalid[r] = 0;
#pragma GCC unroll 32
	for (unsigned r = 0; r < 32; r++)
		if (!(keep_f >> r & 1))
			h->f[r] = 0;
}

void hart_clear_except(struct hart *h, uint32_t keep_x, uint32_t keep_f)
{
	if (keep_x == HART_PSABI_SAVED_X && keep_f == HART_PSABI_SAVED_F) {   /* every switcher return */
		clear_outside(h, HART_PSABI_SAVED_X, HART_PSABI_SAVED_F);
		return;
	}
	if (keep_x == HART_ARGS_X && !keep_f) {   /* every call into a handler cVM */
		clear_outside(h, HART_ARGS_X, 0);
		return;
	}
	/* straight-line and branch-free (a loop over the set bits was a dependent chain of ~35
	 * steps per switcher call): everything (calls into a callee: fixed-size stores), or each
	 * register and-ed with all ones or zero; x0 is 0 anyway */
	if (!keep_x && !keep_f) {
		_Static_assert(sizeof h->x >= 32 * 8 && sizeof h->f == 32 * 8 && sizeof h->cvalid >= 32, "sizes");
		zero_16s(h->x, 16);   /* x0..x31: not the sink, not DDC */
		zero_16s(h->cvalid, 2);
		zero_16s(h->f, 16);
		return;
	}
	keep_x |= 1;
	/* two registers per 16-byte and: the two mask bits pick all-ones or zero for each (half
	 * the stores of one register at a time, which bounded this loop) */
	static const zero16 pair[4] = { { 0, 0 }, { ~0ULL, 0 }, { 0, ~0ULL }, { ~0ULL, ~0ULL } };
	zero16 *x = (zero16 *)(void *)h->x, *f = (zero16 *)(void *)h->f;
#pragma GCC unroll 16
	for (unsigned i = 0; i < 16; i++) {
		x[i] &= pair[keep_x >> 2 * i & 3];
		f[i] &= pair[keep_f >> 2 * i & 3];
	}
	/* cvalid: 8 mask bits to 8 bytes of 0x01 or 0 (bit k to byte k) per step */
	for (unsigned i = 0; i < 32; i += 8) {
		/* b in every byte, bit k kept in byte k, then each byte 0xff if nonzero (no carries:
		 * every byte is at most 0x80 before the add) */
		uint64_t b = (keep_x >> i & 0xff) * 0x0101010101010101ULL & 0x8040201008040201ULL, bytes, v;
		bytes = (((b + 0x7f7f7f7f7f7f7f7fULL) | b) & 0x8080808080808080ULL) >> 7;
		bytes *= 0xff;
		memcpy(&v, &h->cvalid[i], 8);
		v &= bytes;
		memcpy(&h->cvalid[i], &v, 8);
	}
}

_Static_assert(sizeof(struct creg) == sizeof(((struct hart_saved *)0)->cm[0]), "a saved creg is a creg");
_Static_assert(sizeof(struct creg) == sizeof(((struct hart_prepared *)0)->creg), "a prepared creg is a creg");

void hart_prepare(const struct mem *m, const struct cap *c, struct hart_prepared *out)
{
	struct creg r = creg_from_cap(c, mem_lim_of(m));
	out->addr = c->addr;
	out->integer = !c->tag && c->pesbt == CAP_NULL_PESBT;   /* as hart_setcap */
	memcpy(out->creg, &r, sizeof r);
}

void hart_set_creg_prepared(struct hart *h, unsigned i, const struct hart_prepared *p)
{
	i &= 31;
	if (i == 0)
		return;
	h->x[i] = p->addr;
	if (p->integer) {
		h->cvalid[i] = 0;
		return;
	}
	memcpy(&h->cm[i], p->creg, sizeof h->cm[i]);
	h->cvalid[i] = CV_CAP;
}

void hart_set_pcc_prepared(struct hart *h, const struct hart_prepared *p)
{
	memcpy(&h->pcc, p->creg, sizeof h->pcc);
	h->pc = p->addr;
	hart_pcc_changed(h);
}
_Static_assert(__builtin_popcount(HART_PSABI_SAVED_X) == HART_PSABI_NSAVED_X, "saved x registers");
_Static_assert(__builtin_popcount(HART_PSABI_SAVED_F) == HART_PSABI_NSAVED_F, "saved f registers");

/* unrolled (the masks are constants); a metadata block is copied only beside a cvalid that
 * says it holds one: an integer register's cm is never read (hart_priv.h), and most of a
 * cVM's preserved registers are integers when it calls (the copies were half of a switcher
 * call's saving and restoring) */
void hart_save_preserved(const struct hart *h, struct hart_saved *s)
{
	unsigned n = 0;
#pragma GCC unroll 32
	for (unsigned r = 1; r < 32; r++)
		if (HART_PSABI_SAVED_X >> r & 1) {
			s->x[n] = h->x[r];
			s->cvalid[n] = h->cvalid[r];
			if (h->cvalid[r])
				memcpy(s->cm[n], &h->cm[r], sizeof h->cm[r]);
			n++;
		}
	n = 0;
#pragma GCC unroll 32
	for (unsigned r = 0; r < 32; r++)
		if (HART_PSABI_SAVED_F >> r & 1)
			s->f[n++] = h->f[r];
}

void hart_restore_preserved(struct hart *h, const struct hart_saved *s)
{
	unsigned n = 0;
#pragma GCC unroll 32
	for (unsigned r = 1; r < 32; r++)
		if (HART_PSABI_SAVED_X >> r & 1) {
			h->x[r] = s->x[n];
			h->cvalid[r] = s->cvalid[n];
			if (s->cvalid[n])
				memcpy(&h->cm[r], s->cm[n], sizeof h->cm[r]);
			n++;
		}
	n = 0;
#pragma GCC unroll 32
	for (unsigned r = 0; r < 32; r++)
		if (HART_PSABI_SAVED_F >> r & 1)
			h->f[r] = s->f[n++];
}

_Static_assert(sizeof(struct creg) == sizeof(((struct hart_regs *)0)->cm[0]), "a saved creg is a creg");

void hart_save_regs(const struct hart *h, struct hart_regs *s)
{
	memcpy(&s->x[1], &h->x[1], 31 * sizeof s->x[0]);
	memcpy(s->f, h->f, sizeof s->f);
	memcpy(&s->cvalid[1], &h->cvalid[1], 31);
	for (unsigned r = 1; r < 32; r++)
		if (h->cvalid[r])
			memcpy(s->cm[r], &h->cm[r], sizeof h->cm[r]);
}

void hart_restore_regs(struct hart *h, const struct hart_regs *s)
{
	memcpy(&h->x[1], &s->x[1], 31 * sizeof s->x[0]);
	memcpy(h->f, s->f, sizeof s->f);
	memcpy(&h->cvalid[1], &s->cvalid[1], 31);
	for (unsigned r = 1; r < 32; r++)
		if (s->cvalid[r])
			memcpy(&h->cm[r], s->cm[r], sizeof h->cm[r]);
}

void hart_regs_cap(const struct hart_regs *s, unsigned i, struct cap *out)
{
	i &= 31;
	struct creg r;
	if (i == 0 || !s->cvalid[i]) {
		*out = cap_null();
		out->addr = i ? s->x[i] : 0;
		return;
	}
	memcpy(&r, s->cm[i], sizeof r);
	if (s->cvalid[i] == CV_CAP)
		creg_out(&r, s->x[i], out);
	else   /* as CLC left it (CV_LAZY): decoded here */
		*out = cap_decode(r.pesbt, s->x[i], r.tag);
}

unsigned hart_save_cregs(const struct hart *h, uint32_t mask, struct cap *out)
{
	unsigned n = 0;
	for (uint32_t m = mask & ~1u; m; m &= m - 1) {   /* the set bits only (often none) */
		cap_out(h, (unsigned)__builtin_ctz(m), &out[n++]);
	}
	return n;
}

void hart_restore_cregs(struct hart *h, uint32_t mask, const struct cap *in)
{
	unsigned n = 0;
	for (uint32_t m = mask & ~1u; m; m &= m - 1)
		hart_setcap(h, (unsigned)__builtin_ctz(m), &in[n++]);
}

void hart_get_pcc(const struct hart *h, struct cap *out) { creg_out(&h->pcc, h->pc, out); }
void hart_set_pcc(struct hart *h, const struct cap *c) { hart_pcc_set(h, c); }
void hart_get_ddc(const struct hart *h, struct cap *out) { cap_out(h, REG_DDC, out); }
static bool ddc_is(const struct hart *h, const struct cap *c)
{
	const struct creg *d = &h->cm[REG_DDC];
	return h->cvalid[REG_DDC] && h->x[REG_DDC] == c->addr && d->pesbt == c->pesbt && d->base == c->base &&
	       d->top == c->top && d->tag == c->tag;
}

void hart_set_ddc(struct hart *h, const struct cap *c)
{
	/* the same DDC again (a pure-cap cVM's NULL at every switcher call): view and domain stand */
	if (ddc_is(h, c))
		return;
	hart_ddc_write(h, c);
}

void hart_set_domain(struct hart *h, const struct cap *ddc, bool relocate, const struct cap *pcc,
		     const struct hart_prepared *pcc_p)
{
	if (!ddc_is(h, ddc)) {   /* hart_ddc_write without its view and domain */
		h->x[REG_DDC] = ddc->addr;
		h->cm[REG_DDC] = creg_from_cap(ddc, h->mem_lim);
		h->cvalid[REG_DDC] = 1;
	}
	h->opt.relocate = relocate;
	hart_ddc_view(h);
	h->dom_flags = hart_dom_flags_of(h);
	if (pcc_p) {
		memcpy(&h->pcc, pcc_p->creg, sizeof h->pcc);
		h->pc = pcc_p->addr;
		hart_pcc_changed(h);
	} else {
		hart_pcc_set(h, pcc);   /* hart_pcc_changed_of: the generation of the end state */
	}
}
uint64_t hart_get_f(const struct hart *h, unsigned i) { return h->f[i & 31]; }
uint32_t hart_get_fcsr(const struct hart *h) { return (h->frm & 7) << 5 | (h->fflags & 0x1f); }
void hart_set_fcsr(struct hart *h, uint32_t v)
{
	h->fflags = v & 0x1f;
	h->frm = v >> 5 & 7;
}
void hart_set_f(struct hart *h, unsigned i, uint64_t bits) { h->f[i & 31] = bits; }
uint64_t hart_instret(const struct hart *h) { return h->instret; }
bool hart_relocates(const struct hart *h) { return h->opt.relocate; }

void hart_set_relocate(struct hart *h, bool on)
{
	if (h->opt.relocate == on)
		return;   /* the DDC view follows every DDC write already (hart_ddc_write) */
	h->opt.relocate = on;
	hart_ddc_view(h);
	hart_dom_update(h);
	hart_pcc_changed(h);
}
void hart_set_pc(struct hart *h, uint64_t pc) { h->pc = pc; }
void hart_request_stop(struct hart *h) { atomic_store(&h->stop, 1); }
bool hart_stop_pending(const struct hart *h) { return atomic_load(&h->stop) != 0; }
struct mem_thread *hart_mem_thread(struct hart *h) { return h->mt; }
void hart_set_trace(struct hart *h, FILE *f) { h->trace = f; }

const char *hart_cause_name(unsigned cause)
{
	switch (cause) {
	case HART_CAUSE_FETCH_MISALIGNED: return "instruction address misaligned";
	case HART_CAUSE_FETCH_ACCESS: return "instruction access fault";
	case HART_CAUSE_ILLEGAL: return "illegal instruction";
	case HART_CAUSE_BREAKPOINT: return "breakpoint";
	case HART_CAUSE_LOAD_MISALIGNED: return "load address misaligned";
	case HART_CAUSE_LOAD_ACCESS: return "load access fault";
	case HART_CAUSE_STORE_MISALIGNED: return "store/AMO address misaligned";
	case HART_CAUSE_STORE_ACCESS: return "store/AMO access fault";
	case HART_CAUSE_ECALL_U: return "environment call from U-mode";
	case HART_CAUSE_CHERI: return "CHERI exception";
	}
	return "unknown exception";
}

const char *hart_reg_name(unsigned i)
{
	static const char *const names[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
		"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};
	return i < 32 ? names[i] : "?";
}

static void print_cap_index(FILE *f, unsigned idx)
{
	if (idx < 32)
		fprintf(f, "c%u (%s)", idx, hart_reg_name(idx));
	else if (idx == CAP_INDEX_PCC)
		fprintf(f, "PCC");
	else if (idx == CAP_INDEX_DDC)
		fprintf(f, "DDC");
	else
		fprintf(f, "SCR %u", idx - 32);
}

void hart_print_trap(FILE *f, const struct hart_trap *t, bool capmode)
{
	char dis[96] = "";
	if (t->insn)
		hart_disasm(dis, sizeof dis, t->insn, capmode);
	fprintf(f, "trap: %s (cause %u) at pc 0x%016llx", hart_cause_name(t->cause), t->cause, (unsigned long long)t->pc);
	if (t->insn)
		fprintf(f, ": %0*x  %s", (t->insn & 3) == 3 ? 8 : 4, t->insn, dis);
	fprintf(f, "\n  tval 0x%llx\n", (unsigned long long)t->tval);
	if (t->cause == HART_CAUSE_CHERI) {
		char buf[256];
		fprintf(f, "  CHERI cause 0x%02x (%s), register ", t->cheri_cause, cap_cause_name(t->cheri_cause));
		print_cap_index(f, t->cap_index);
		cap_format(buf, sizeof buf, &t->cap);
		fprintf(f, "\n  cap %s\n", buf);
	}
}

void hart_print_regs(FILE *f, const struct hart *h)
{
	char buf[256];
	struct cap c;
	hart_get_pcc(h, &c);
	cap_format(buf, sizeof buf, &c);
	fprintf(f, "  pcc  %s\n", buf);
	hart_get_ddc(h, &c);
	cap_format(buf, sizeof buf, &c);
	fprintf(f, "  ddc  %s\n", buf);
	for (unsigned i = 1; i < 32; i++) {
		if (h->cvalid[i]) {
			c = hart_cap(h, i);
			cap_format(buf, sizeof buf, &c);
			fprintf(f, "  %-4s %s\n", hart_reg_name(i), buf);
		} else {
			fprintf(f, "  %-4s 0x%016llx%s", hart_reg_name(i), (unsigned long long)h->x[i], i % 2 == 0 ? "\n" : "");
		}
	}
	fprintf(f, "\n  instret %llu\n", (unsigned long long)h->instret);
}
