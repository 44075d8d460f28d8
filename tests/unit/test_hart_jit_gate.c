/* test_hart_jit_gate.c - CInvoke and CClear in translated blocks (src/hart/jit_gate.c) against
 * the interpreter alone, as test_hart_jit_cap.c does for the other capability instructions.
 *
 * Each program runs on two harts (translating / interpreting) with every budget from 1 to 40,
 * then long ones; after every run the capability register file, PCC (address and metadata),
 * instret and the trap must agree. Every program ends in a trap whose cause, pc, capability
 * index and instret are counted by hand: one per check of CInvoke in the order of
 * cheri-riscv.md 7 (tag of cs1, of cs2; reserved otype of cs1, of cs2; otypes equal; Permit_
 * CInvoke of cs1, of cs2; Execute of cs1, none on cs2; cs1's address in bounds), a CInvoke
 * loop that passes every check (PCC and c31 unsealed, CClear of two registers) then a
 * mismatched pair, and one through a narrower code capability whose PCC bounds stop the
 * branch back (Length on PCC: the new PCC took effect in translated code). */
#include <stdlib.h>
#include <string.h>

#include "hart/hart_priv.h"   /* the CInvoke memo's generation (hart_jit_gate_memo_domain) */
#include "test.h"
#include "hart_cmp.h"

#include "rv_enc.h"

#define CODE 0x10000ULL
#define DATA 0x20000ULL
#define OTYPE 5u
#define INDEX_PCC 32u   /* cheri-riscv.md: the capability index of PCC in xtval2 */

enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A6, A7, S2, S3, S4, S5 };

#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define X1(sel, rd, a)       ENC_R(0x5b, 0, 0x7f, rd, a, sel)
#define CGETTAG(rd, a)       X1(0x04, rd, a)
#define CMOVE(rd, a)         X1(0x0a, rd, a)
#define CCLEARTAG(rd, a)     X1(0x0b, rd, a)
#define CINVOKE(a, b)        (0xfc0000dbu | (uint32_t)(b) << 20 | (uint32_t)(a) << 15)
/* CClear quarter q, mask m (bit k = register 8q + k): cheri-riscv.md 5.7 */
#define CCLEAR(q, m)         X1(0x0e, (m) & 0x1f, (q) << 3 | (m) >> 5)
#define CLC(rd, rs, imm)     ENC_I(0x0f, 2, rd, rs, imm)
#define ECALL 0x00000073u

struct gprog {
	const char *name;
	const uint32_t *code;
	size_t n;
	uint64_t instret;
	unsigned cheri_cause, cap_index;
	uint64_t trap_pc;
};

struct gside {
	struct mem *m;
	struct hart *h;
};

static struct cap with_perms(const struct cap *c, uint32_t perms)
{
	struct cap o;
	if (cap_and_perm(&o, c, perms, CAP_V9))
		abort();
	return o;
}

static struct cap sealed(const struct cap *c, uint32_t otype)
{
	return cap_with_otype(c, otype);
}

static struct gside gside_new(const struct gprog *p, bool no_jit)
{
	struct gside s;
	s.m = mem_new(1ULL << 24);
	if (!s.m || mem_map(s.m, CODE, 0x1000) != MEM_OK || mem_map(s.m, DATA, 0x1000) != MEM_OK)
		abort();
	if (mem_write(s.m, CODE, p->code, p->n * 4) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = no_jit };
	s.h = hart_new(s.m, &opt);
	struct cap root = cap_root(), mode;
	if (cap_set_flags(&mode, &root, 1, CAP_V9))   /* capability mode */
		abort();
	/* PCC: the code page; the pair's code capability has PCC's bounds and permissions, so a
	 * CInvoke through it gives PCC back (the generation memo, hart_gen_pcc) */
	struct cap pcc = cap_build_from_root(&mode, CODE, 0x1000, CAP_PERMS_ALL);
	pcc.addr = CODE;
	hart_set_pcc(s.h, &pcc);
	struct cap code = pcc, narrow = cap_build_from_root(&mode, CODE + 0x40, 0x40, CAP_PERMS_ALL);
	code.addr = CODE + 0x40;
	narrow.addr = CODE + 0x40;
	struct cap data = cap_build_from_root(&root, DATA, 0x1000, CAP_PERMS_ALL & ~CAP_PERM_EXECUTE);
	hart_set_creg(s.h, S0, &data);
	struct cap c;
	c = sealed(&code, OTYPE);
	hart_set_creg(s.h, A0, &c);                    /* the pair: a0 code, a1 data */
	c = sealed(&data, OTYPE);
	hart_set_creg(s.h, A1, &c);
	c = sealed(&narrow, OTYPE);
	hart_set_creg(s.h, A4, &c);                    /* code with narrower bounds */
	c = sealed(&data, OTYPE + 1);
	hart_set_creg(s.h, A5, &c);                    /* data of another otype */
	hart_set_creg(s.h, A6, &code);                 /* code, unsealed */
	struct cap d = with_perms(&data, CAP_PERMS_ALL & ~CAP_PERM_EXECUTE & ~CAP_PERM_CINVOKE);
	c = sealed(&d, OTYPE);
	hart_set_creg(s.h, A7, &c);                    /* data without Permit_CInvoke */
	d = with_perms(&code, CAP_PERMS_ALL & ~CAP_PERM_EXECUTE);
	c = sealed(&d, OTYPE);
	hart_set_creg(s.h, S2, &c);                    /* "code" without Execute */
	struct cap dx = cap_build_from_root(&root, DATA, 0x1000, CAP_PERMS_ALL);
	c = sealed(&dx, OTYPE);
	hart_set_creg(s.h, S3, &c);                    /* "data" with Execute */
	struct cap out = code;
	out.addr = CODE + 0x1000;
	c = sealed(&out, OTYPE);
	hart_set_creg(s.h, S4, &c);                    /* code, its address at the top: Length */
	/* pairs in memory at DATA, for CLC (translated: CV_LAZY, the CInvoke memo): the pair,
	 * data of another otype, data without Permit_CInvoke, code at the top */
	struct cap mc[5];
	mc[0] = sealed(&code, OTYPE);
	mc[1] = sealed(&data, OTYPE);
	mc[2] = sealed(&data, OTYPE + 1);
	d = with_perms(&data, CAP_PERMS_ALL & ~CAP_PERM_EXECUTE & ~CAP_PERM_CINVOKE);
	mc[3] = sealed(&d, OTYPE);
	mc[4] = sealed(&out, OTYPE);
	for (unsigned k = 0; k < 5; k++)
		if (mem_store_cap(s.m, hart_mem_thread(s.h), DATA + 16 * k, mc[k].addr, cap_to_mem_pesbt(&mc[k]), true) !=
		    MEM_OK)
			abort();
	return s;
}

static void gside_free(struct gside *s)
{
	hart_free(s->h);
	mem_free(s->m);
}

static bool same_state(const struct gside *a, const struct gside *b)
{
	return t_harts_same_caps(a->h, b->h);
}

static void gate_lockstep(const struct gprog *p, uint64_t budget)
{
	struct gside a = gside_new(p, false), b = gside_new(p, true);
	for (int runs = 0; runs < 100000; runs++) {
		struct hart_trap ta, tb;
		memset(&ta, 0, sizeof ta);
		memset(&tb, 0, sizeof tb);
		enum hart_exit ea = hart_run(a.h, budget, &ta), eb = hart_run(b.h, budget, &tb);
		if (!T_EQ(ea, eb) || !same_state(&a, &b))
			break;
		if (ea == HART_EXIT_TRAP) {
			T_EQ(ta.tval, tb.tval);
			T_EQ(ta.cause, HART_CAUSE_CHERI);
			T_EQ(ta.pc, CODE + p->trap_pc);
			T_EQ(ta.cheri_cause, p->cheri_cause);
			T_EQ(ta.cap_index, p->cap_index);
			T_EQ(tb.cheri_cause, p->cheri_cause);
			T_EQ(tb.cap_index, p->cap_index);
			T_EQ(hart_instret(a.h), p->instret);
			break;
		}
		T_EQ(ea, HART_EXIT_BUDGET);
	}
	if (budget >= 64)
		T_TRUE(hart_jit_blocks(a.h) > 0);
	T_EQ(hart_jit_blocks(b.h), 0);
	gside_free(&a);
	gside_free(&b);
}

/* three rounds through the pair (each: PCC and c31 unsealed, ct6 tagged, CClear of a2 and a3
 * after they were used), then a pair of two otypes: Type on cs1 */
static const uint32_t p_loop[] = {
	ADDI(T0, ZERO, 3),        /* 0x00 */
	CINVOKE(A0, A1),          /* 0x04 loop: -> 0x40 */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,
	CMOVE(A2, S0),            /* 0x40 */
	CGETTAG(A3, 31),          /* 0x44 ct6: the data capability, unsealed */
	CCLEAR(1, 1u << 4 | 1u << 5),   /* 0x48 a2, a3 */
	ADDI(T0, T0, -1),         /* 0x4c */
	BNE(T0, ZERO, -0x4c),     /* 0x50 -> 0x04 */
	CINVOKE(A0, A5),          /* 0x54 Type */
};
/* through code with narrower bounds: the branch back leaves the new PCC (Length on PCC) */
static const uint32_t p_narrow[] = {
	ADDI(T0, ZERO, 3),        /* 0x00 */
	CINVOKE(A4, A1),          /* 0x04 -> 0x40 under [CODE + 0x40, CODE + 0x80) */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,
	CMOVE(A2, S0),            /* 0x40 */
	CGETTAG(A3, 31),          /* 0x44 */
	CCLEAR(1, 1u << 4 | 1u << 5),   /* 0x48 */
	ADDI(T0, T0, -1),         /* 0x4c */
	BNE(T0, ZERO, -0x4c),     /* 0x50 Length (PCC) */
};
/* The pair loaded by CLC three times (translated, the second and third CInvoke are the memo's,
 * jit_gate.c), then one operand loaded from another granule: a pair the memo must not take
 * for the first (the lockstep compares every effect with the interpreter's) */
#define LAZY_LOOP(last_rd, last_off)                                                              \
	ADDI(T0, ZERO, 3),        /* 0x00 */                                                      \
	CLC(A2, S0, 0),           /* 0x04 loop: the code capability */                            \
	CLC(A3, S0, 16),          /* 0x08 the data capability */                                  \
	CINVOKE(A2, A3),          /* 0x0c -> 0x40 */                                              \
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,        \
	CGETTAG(A4, 31),          /* 0x40 */                                                      \
	ADDI(T0, T0, -1),         /* 0x44 */                                                      \
	BNE(T0, ZERO, -0x44),     /* 0x48 -> 0x04 */                                              \
	CLC(last_rd, S0, last_off), /* 0x4c */                                                    \
	CINVOKE(A2, A3)           /* 0x50 */
static const uint32_t p_lazy_type[] = { LAZY_LOOP(A3, 32) };     /* data of another otype: Type */
static const uint32_t p_lazy_perm[] = { LAZY_LOOP(A3, 48) };     /* no Permit_CInvoke on cs2 */
static const uint32_t p_lazy_bounds[] = { LAZY_LOOP(A2, 64) };   /* code at its top: Length */
/* the pair loaded into c31 (code) and a3 three times: each CInvoke's target is c31's address
 * before CInvoke makes c31 the data capability (the memo's, translated, too); then c31 code
 * and data of another otype: Type on c31 */
static const uint32_t p_lazy_c31[] = {
	ADDI(T0, ZERO, 3),        /* 0x00 */
	CLC(31, S0, 0),           /* 0x04 loop: the code capability */
	CLC(A3, S0, 16),          /* 0x08 the data capability */
	CINVOKE(31, A3),          /* 0x0c -> 0x40 */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,
	CGETTAG(A4, 31),          /* 0x40 */
	ADDI(T0, T0, -1),         /* 0x44 */
	BNE(T0, ZERO, -0x44),     /* 0x48 -> 0x04 */
	CLC(31, S0, 0),           /* 0x4c */
	CLC(A3, S0, 32),          /* 0x50 */
	CINVOKE(31, A3),          /* 0x54 Type */
};
static const uint32_t p_tag1[] = { ADDI(T0, ZERO, 1), CCLEARTAG(T1, A0), CINVOKE(T1, A1) };
static const uint32_t p_tag2[] = { CCLEARTAG(T1, A1), CINVOKE(T2, T1) };   /* both untagged: cs1 first */
static const uint32_t p_tag2b[] = { CCLEARTAG(T1, A1), CINVOKE(A0, T1) };
static const uint32_t p_unsealed1[] = { ADDI(T0, ZERO, 1), CINVOKE(A6, S0) };   /* both unsealed: cs1 */
static const uint32_t p_unsealed2[] = { CINVOKE(A0, S0) };
static const uint32_t p_type[] = { CINVOKE(A0, A5) };
static const uint32_t p_cinvoke_perm[] = { ADDI(T0, ZERO, 1), ADDI(T0, T0, 1), CINVOKE(A0, A7) };
static const uint32_t p_exec1[] = { CINVOKE(S2, A1) };
static const uint32_t p_exec2[] = { CINVOKE(A0, S3) };
static const uint32_t p_bounds[] = { ADDI(T0, ZERO, 1), CINVOKE(S4, A1) };

#define NPROG(p) (sizeof (p) / sizeof (p)[0])
#define P(prog, ret, cause, idx, pc) { #prog, prog, NPROG(prog), ret, cause, idx, pc }

TEST(hart_jit_gate_lockstep)
{
	static const struct gprog progs[] = {
		P(p_loop, 1 + 3 * 6, CAP_CAUSE_TYPE, A0, 0x54),
		P(p_narrow, 1 + 5, CAP_CAUSE_LENGTH, INDEX_PCC, 0x50),
		P(p_tag1, 2, CAP_CAUSE_TAG, T1, 0x08),
		P(p_tag2, 1, CAP_CAUSE_TAG, T2, 0x04),
		P(p_tag2b, 1, CAP_CAUSE_TAG, T1, 0x04),
		P(p_unsealed1, 1, CAP_CAUSE_SEAL, A6, 0x04),
		P(p_unsealed2, 0, CAP_CAUSE_SEAL, S0, 0x00),
		P(p_type, 0, CAP_CAUSE_TYPE, A0, 0x00),
		P(p_cinvoke_perm, 2, CAP_CAUSE_CINVOKE, A7, 0x08),
		P(p_exec1, 0, CAP_CAUSE_EXECUTE, S2, 0x00),
		P(p_exec2, 0, CAP_CAUSE_EXECUTE, S3, 0x00),
		P(p_bounds, 1, CAP_CAUSE_LENGTH, S4, 0x04),
		P(p_lazy_type, 1 + 3 * 6 + 1, CAP_CAUSE_TYPE, A2, 0x50),
		P(p_lazy_perm, 1 + 3 * 6 + 1, CAP_CAUSE_CINVOKE, A3, 0x50),
		P(p_lazy_bounds, 1 + 3 * 6 + 1, CAP_CAUSE_LENGTH, A2, 0x50),
		P(p_lazy_c31, 1 + 3 * 6 + 2, CAP_CAUSE_TYPE, 31, 0x54),
	};
	static const uint64_t budgets[] = { 1000, 100000, 1ULL << 24 };
	for (size_t k = 0; k < NPROG(progs); k++) {
		for (uint64_t budget = 1; budget <= 40; budget++) {
			t_case("%s budget %llu", progs[k].name, (unsigned long long)budget);
			gate_lockstep(&progs[k], budget);
		}
		for (size_t b = 0; b < NPROG(budgets); b++) {
			t_case("%s budget %llu", progs[k].name, (unsigned long long)budgets[b]);
			gate_lockstep(&progs[k], budgets[b]);
		}
	}
}

/* The loop above, translated: the CInvoke block and the callee's block are translations (the
 * callee's PCC is the caller's, so its jump cache entries hit again after each CInvoke) */
TEST(hart_jit_gate_translated)
{
	static const struct gprog loop = P(p_loop, 1 + 3 * 6, CAP_CAUSE_TYPE, A0, 0x54);
	struct gside a = gside_new(&loop, false);
	struct hart_trap tr;
	T_EQ(hart_run(a.h, 1ULL << 20, &tr), HART_EXIT_TRAP);
	T_EQ(tr.pc, CODE + 0x54);
	T_TRUE(hart_jit_blocks(a.h) >= 3);   /* 0x00, 0x04 (the CInvoke), 0x40 */
	struct cap c31;
	hart_get_creg(a.h, 31, &c31);
	T_EQ(c31.tag, 1);
	T_EQ(cap_otype(&c31), CAP_OTYPE_UNSEALED);
	T_EQ(c31.base, DATA);
	struct cap a2, a3;
	hart_get_creg(a.h, A2, &a2);
	hart_get_creg(a.h, A3, &a3);
	T_EQ(a2.tag, 0);
	T_EQ(a2.addr, 0);
	T_EQ(a3.addr, 0);
	gside_free(&a);
}

/* The CInvoke memo is kept per PCC generation (PCC and domain before): two rounds of
 * p_lazy_type's loop (the second CInvoke the memo's), then DDC changes the domain (a DDC with
 * a base: DOM_DDC_SUB0 goes) and the same CInvoke runs again. The generation it leaves must
 * be one made for the new PCC in the new domain (the memo entry of the old domain names one
 * whose jump cache entries were proved for the old: translations made for another DDC), and
 * the translated hart agrees with the interpreting one. */
TEST(hart_jit_gate_memo_domain)
{
	static const struct gprog p = P(p_lazy_type, 1 + 3 * 6 + 1, CAP_CAUSE_TYPE, A2, 0x50);
	struct gside a = gside_new(&p, false), b = gside_new(&p, true);
	struct hart_trap tr;
	T_EQ(hart_run(a.h, 1 + 2 * 6, &tr), HART_EXIT_BUDGET);
	T_EQ(hart_run(b.h, 1 + 2 * 6, &tr), HART_EXIT_BUDGET);
	uint8_t before = a.h->dom_flags;
	struct cap root = cap_root(), ddc = cap_build_from_root(&root, DATA, 0x1000, CAP_PERMS_ALL);
	hart_set_ddc(a.h, &ddc);
	hart_set_ddc(b.h, &ddc);
	T_TRUE(a.h->dom_flags != before);
	T_EQ(hart_run(a.h, 3, &tr), HART_EXIT_BUDGET);   /* CLC, CLC, CInvoke */
	T_EQ(hart_run(b.h, 3, &tr), HART_EXIT_BUDGET);
	T_EQ(a.h->pc, CODE + 0x40);
	T_TRUE(same_state(&a, &b));
	unsigned found = 0;
	for (unsigned k = 0; k < 4; k++) {
		const struct gen_memo *g = &a.h->gmemo[k];
		if (g->gen != a.h->pcc_gen)
			continue;
		found++;
		T_EQ(g->dom_flags, a.h->dom_flags);
		T_EQ(g->ddc_reloc, a.h->ddc_reloc);
		T_EQ(g->pesbt, a.h->pcc.pesbt);
		T_EQ(g->base, a.h->pcc.base);
	}
	T_EQ(found, 1);
	gside_free(&a);
	gside_free(&b);
}

/* A CInvoke uses a memo entry (struct hart cimemo) only when it was made under the current
 * PCC generation for the operands' addresses and pesbts: two rounds of p_lazy_type's loop on
 * both harts, then every entry of the translating hart is changed in one of those and given a
 * wrong c31 and PCC; both go on to the Type trap and agree (each CInvoke's body ran again). */
TEST(hart_jit_gate_memo_keys)
{
	static const char *const what[] = { "generation", "code address", "code pesbt", "data address", "data pesbt" };
	for (int k = 0; k < 10; k++) {
		/* k >= 5: each entry moved to the other way of its set (both ways' checks) */
		t_case("an entry of another %s%s", what[k % 5], k >= 5 ? ", other way" : "");
		static const struct gprog p = P(p_lazy_type, 1 + 3 * 6 + 1, CAP_CAUSE_TYPE, A2, 0x50);
		struct gside a = gside_new(&p, false), b = gside_new(&p, true);
		struct hart_trap ta, tb;
		T_EQ(hart_run(a.h, 1 + 2 * 6, &ta), HART_EXIT_BUDGET);
		T_EQ(hart_run(b.h, 1 + 2 * 6, &tb), HART_EXIT_BUDGET);
		for (unsigned e = 0; k >= 5 && e < sizeof a.h->cimemo / sizeof a.h->cimemo[0]; e += 2) {
			struct cinvoke_memo w0 = a.h->cimemo[e];
			a.h->cimemo[e] = a.h->cimemo[e + 1];
			a.h->cimemo[e + 1] = w0;
		}
		unsigned used = 0;
		for (unsigned e = 0; e < sizeof a.h->cimemo / sizeof a.h->cimemo[0]; e++) {
			struct cinvoke_memo *m = &a.h->cimemo[e];
			if (!m->from_gen)
				continue;
			used++;
			uint64_t *w[5] = { &m->from_gen, &m->code_addr, &m->code_pesbt, &m->data_addr, &m->data_pesbt };
			*w[k % 5] ^= k % 5 == 0 ? 1ULL << 40 : 1;
			m->c31.pesbt ^= 1;
			m->to.pcc.pesbt ^= 1;
		}
		T_TRUE(used >= 1);
		T_EQ(hart_run(a.h, 1u << 20, &ta), HART_EXIT_TRAP);
		T_EQ(hart_run(b.h, 1u << 20, &tb), HART_EXIT_TRAP);
		T_EQ(ta.pc, CODE + 0x50);
		T_EQ(ta.cheri_cause, CAP_CAUSE_TYPE);
		T_TRUE(same_state(&a, &b));
		gside_free(&a);
		gside_free(&b);
	}
}
