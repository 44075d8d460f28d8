/* jit_cap.c - the capability instructions of translated blocks: the sem_xcheri.h bodies
 * instantiated a third time (STYLE 3, 5), as C functions that translated code calls.
 *
 * Contract (jit_priv.h, K_CAPOP): the caller has stored every guest register the body reads
 * into x[] (cvalid and cm are always exact in memory); jit_cap_call_<body>(h, fields, pc)
 * returns 0 after the instruction took effect, or 1 when it would trap: then nothing but the
 * scratch trap record has changed, and the translated code leaves to the interpreter before
 * the instruction, which runs it again with every check in order and reports the trap. So
 * check order, xtval and the trap record stay the interpreter's. CJAL is not called this way
 * (its body is instantiated only because the file is included whole); CInvoke is, by
 * jit_gate.c, and CJALR to a capability other than PCC by jit_emit.c (emit_cjalr_far): both end
 * their block. Under legacy semantics (cheri-riscv.md 9) a failing CAP_CHECK leaves the same way.
 */
#include "hart/access.h"
#include "hart/jit_priv.h"

/* fields: rd | rs1 << 8 | rs2 << 16 | (uint32_t)imm << 32 (jit_cap_fields) */
#define RD   ((unsigned)(f_ & 0xff))
#define RS1  ((unsigned)(f_ >> 8 & 0xff))
#define RS2  ((unsigned)(f_ >> 16 & 0xff))
#define IMM  ((int64_t)(int32_t)(f_ >> 32))
/* the instruction's length: bits 24..31 of the fields for CJALR (jit_cap_cjalr; a compressed
 * C.CJALR links pc + 2), 4 for every other body (0 there) */
#define LEN  ((f_ >> 24 & 0xff) ? (unsigned)(f_ >> 24 & 0xff) : 4u)
#define PC   pc_
#define X(r) (h->x[r])
#define SETX(r, v) do { uint64_t v_ = (v); unsigned r_ = (r); h->x[r_] = v_; h->cvalid[r_] = 0; } while (0)
#define SETF(r, v) (h->f[r] = (v))
#define GETCAP(i) hart_cap(h, i)
#define SETCAP(i, c) hart_setcap(h, i, c)
#define CAP_WRITTEN() ((void)0)
#define PCC_CAP(a) creg_to_cap(&h->pcc, a)
#define CAPSEM (h->capsem)
#define RAISE() do { *fail_ = 1; return; } while (0)
/* the interpreter fills the trap record when it runs the instruction again */
#define CAP_CHECK(st, i1, c1, i2, c2) do { if (unlikely(st)) RAISE(); } while (0)
#define GO(t) do { (void)(t); RAISE(); } while (0)
/* only CInvoke's and CJALR's bodies are called with a PCC write (jit_cap_cinvoke, jit_cap_cjalr,
 * after every check) */
#define GO_PCC(c, t) do { hart_pcc_set(h, c); h->pc = (t); return; } while (0)
#define PCC_TARGET_CHECK(t) (void)(t)
#define OP(name) \
	static inline __attribute__((unused)) void jit_op_##name(struct hart *h, const uint64_t f_, \
								  __attribute__((unused)) const uint64_t pc_, \
								  __attribute__((unused)) int *fail_)
#include "hart/sem_xcheri.h"
/* LR, SC and the AMOs of every width but capabilities', both authorities: SC and AMO leave for
 * the interpreter on a page with decoded code (access.h hart_sc_jit, hart_amo_jit) */
#define HART_SC hart_sc_jit
#define HART_AMO hart_amo_jit
#include "hart/sem_a.h"
#undef OP

#define CALL(name) \
	static uint64_t jit_cap_call_##name(struct hart *h, uint64_t f, uint64_t pc) \
	{ \
		int fail = 0; \
		jit_op_##name(h, f, pc, &fail); \
		return (uint64_t)fail; \
	}
/* name, writes rd: 0 no, 1 an integer, 2 a capability */
#define CAP_OPS(X_) \
	X_(cgetperm, 1) X_(cgettype, 1) X_(cgetbase, 1) X_(cgetlen, 1) X_(cgettop, 1) X_(cgettag, 1) \
	X_(cgetsealed, 1) X_(cgetoffset, 1) X_(cgetflags, 1) X_(cgethigh, 1) X_(crrl, 1) X_(cram, 1) \
	X_(ctestsubset, 1) X_(csetequalexact, 1) X_(ctoptr, 1) \
	X_(cmove, 2) X_(ccleartag, 2) X_(cincoffset, 2) X_(cincoffsetimm, 2) X_(csetoffset, 2) \
	X_(csetaddr, 2) X_(csetbounds, 2) X_(csetboundsexact, 2) X_(csetboundsimm, 2) X_(candperm, 2) \
	X_(csetflags, 2) X_(csealentry, 2) X_(csethigh, 2) X_(cseal, 2) X_(cunseal, 2) X_(ccseal, 2) \
	X_(ccopytype, 2) X_(cbuildcap, 2) X_(cfromptr, 2) X_(auipcc, 2) X_(cspecialrw, 2) \
	X_(lc_cap, 2) X_(lc_ddc, 2) X_(sc_cap, 0) X_(sc_ddc, 0) \
	ATOMICS(ddc, X_) ATOMICS(cap, X_)
/* the A extension's integer bodies with authority a (sem_a.h): each writes an integer rd */
#define ATOMICS(a, X_) \
	X_(lr_b_##a, 1) X_(lr_h_##a, 1) X_(lr_w_##a, 1) X_(lr_d_##a, 1) \
	X_(sc_b_##a, 1) X_(sc_h_##a, 1) X_(sc_w_##a, 1) X_(sc_d_##a, 1) \
	X_(amoswap_w_##a, 1) X_(amoadd_w_##a, 1) X_(amoxor_w_##a, 1) X_(amoand_w_##a, 1) X_(amoor_w_##a, 1) \
	X_(amomin_w_##a, 1) X_(amomax_w_##a, 1) X_(amominu_w_##a, 1) X_(amomaxu_w_##a, 1) \
	X_(amoswap_d_##a, 1) X_(amoadd_d_##a, 1) X_(amoxor_d_##a, 1) X_(amoand_d_##a, 1) X_(amoor_d_##a, 1) \
	X_(amomin_d_##a, 1) X_(amomax_d_##a, 1) X_(amominu_d_##a, 1) X_(amomaxu_d_##a, 1)
#define DEF(name, w) CALL(name)
CAP_OPS(DEF)
#undef DEF

static const struct jit_cap_op ops[] = {
#define ROW(name, w) { #name, jit_cap_call_##name, w },
	CAP_OPS(ROW)
#undef ROW
};

const struct jit_cap_op *jit_cap_op_find(const char *body)
{
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
		if (!strcmp(ops[k].name, body))
			return &ops[k];
	return NULL;
}

/* CInvoke for jit_gate.c: the target pc after the body took effect, or 1 (nothing changed) */
uint64_t jit_cap_cinvoke(struct hart *h, uint64_t f, uint64_t pc)
{
	int fail = 0;
	jit_op_cinvoke(h, f, pc, &fail);
	return fail ? 1 : h->pc;
}

/* The effect of a CJALR (fields f, at pc) whose every check passed: rd = a sentry of PCC at
 * pc + len (sealed: no windows), PCC = the target capability (pesbt, base, top) unsealed at
 * t; recorded in a new cjmemo entry of the set of key word w under the generation before
 * (its pesbt, link and what follows from the new PCC; the caller sets the rest of its key). */
static struct cjalr_memo *cjalr_take(struct hart *h, uint64_t f, uint64_t pc, uint64_t w, uint64_t t, uint64_t pesbt,
				     uint64_t base, cap_u128 top)
{
	unsigned rd = (unsigned)(f & 0xff), len = f >> 24 & 0xff ? (unsigned)(f >> 24 & 0xff) : 4u;
	struct cjalr_memo *m = JUMP_MEMO_NEW(h, h->cjmemo, jump_memo_set(w, h->pcc_gen));
	m->from_gen = h->pcc_gen;
	m->pesbt = pesbt;
	struct creg *l = &m->link;
	l->pesbt = cap_field_otype_set(h->pcc.pesbt, CAP_OTYPE_SENTRY);
	l->base = h->pcc.base;
	l->top = h->pcc.top;
	l->tag = h->pcc.tag;
	l->lwin = l->swin = l->rwin = 0;   /* sealed (creg_windows) */
	if (rd && rd != REG_SINK) {
		h->x[rd] = pc + len;
		creg_copy(&h->cm[rd], l);
		h->cvalid[rd] = CV_CAP;
	}
	hart_pcc_set_fields(h, t, cap_field_otype_set(pesbt, CAP_OTYPE_UNSEALED), base, top, true);
	pcc_after_keep(h, &m->to);
	return m;
}

/* CJALR to a capability other than PCC (jit_emit.c emit_cjalr_far): the common case (cs1 decoded,
 * tagged, unsealed or a sentry with offset 0, Execute, the target in bounds: every check of
 * 5.9 passes) on the registers' fields, without struct caps through the stack; anything else
 * is the body, which checks in order and raises. The effect is the body's (cjalr_take); what
 * it worked out goes into an entry of h->cjmemo, which translated code uses for the same jump
 * from the same PCC and domain without this call (emit_cjalr_far). */
uint64_t jit_cap_cjalr(struct hart *h, uint64_t f, uint64_t pc)
{
	unsigned rs1 = (unsigned)(f >> 8 & 0xff);
	int64_t imm = (int64_t)(int32_t)(f >> 32);
	if (rs1 && h->cvalid[rs1] == CV_CAP) {
		const struct creg *c = &h->cm[rs1];
		uint64_t pesbt = c->pesbt, base = c->base, t = (h->x[rs1] + (uint64_t)imm) & ~1ULL;
		cap_u128 top = c->top;
		uint32_t otype = (uint32_t)cap_field_otype_get(pesbt);
		if (c->tag && (otype == CAP_OTYPE_UNSEALED || (otype == CAP_OTYPE_SENTRY && imm == 0)) &&
		    (cap_field_hwperms_get(pesbt) & CAP_PERM_EXECUTE) && t >= base && (cap_u128)t + 2 <= top) {
			struct cjalr_memo *m = cjalr_take(h, f, pc, pesbt, t, pesbt, base, top);
			m->base = base;
			m->top = top;
			/* t - base < tspan iff base <= t and t + 2 <= top (top - base >= 2^64 only for
			 * [0, 2^64), where t < base cannot be) */
			cap_u128 span = top - base;
			m->tspan = span < 2 ? 0 : span - 1 > UINT64_MAX ? UINT64_MAX : (uint64_t)(span - 1);
			return t;
		}
	}
	int fail = 0;
	jit_op_cjalr(h, f, pc, &fail);
	return fail ? 1 : h->pc;
}

/* CJALR at offset 0 through a CV_LAZY register whose pesbt is not PCC's (a function's sentry
 * just loaded by CLC; jit_emit.c emit_cjalr_far's lazy path): the bounds from the pesbt and
 * address (the bounds memo, as a settle would), every check of 5.9 and the effect as
 * jit_cap_cjalr's, without settling the register (a CJALR writes no rs1); the cjmemo entry it
 * makes is keyed by the address instead of the bounds (base = the address, top 0, tspan 1:
 * an even address is the target itself). Anything else: settled, then jit_cap_cjalr. */
uint64_t jit_cap_cjalr_lazy(struct hart *h, uint64_t f, uint64_t pc)
{
	unsigned rs1 = (unsigned)(f >> 8 & 0xff);
	if (rs1 && h->cvalid[rs1] == CV_LAZY && h->cm[rs1].tag && !(f >> 32)) {
		uint64_t pesbt = h->cm[rs1].pesbt, addr = h->x[rs1], t = addr & ~1ULL;
		struct cap c = hart_cap_from_mem(h, pesbt ^ CAP_NULL_XOR_MASK, addr, true);
		uint32_t otype = (uint32_t)cap_field_otype_get(pesbt);
		if ((otype == CAP_OTYPE_UNSEALED || otype == CAP_OTYPE_SENTRY) &&
		    (cap_field_hwperms_get(pesbt) & CAP_PERM_EXECUTE) && t >= c.base && (cap_u128)t + 2 <= c.top) {
			struct cjalr_memo *m = cjalr_take(h, f, pc, pesbt ^ addr, t, pesbt, c.base, c.top);
			m->base = addr;
			m->top = 0;
			m->tspan = 1;
			return t;
		}
	}
	if (rs1 && h->cvalid[rs1] == CV_LAZY)
		hart_settle_slow(h, rs1);
	return jit_cap_cjalr(h, f, pc);
}

const struct jit_cap_op *jit_cap_op_at(unsigned k) { return &ops[k]; }
unsigned jit_cap_op_index(const struct jit_cap_op *o) { return (unsigned)(o - ops); }
