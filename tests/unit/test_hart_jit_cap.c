/* test_hart_jit_cap.c - capability-mode blocks: the translator against the interpreter alone.
 *
 * As test_hart_jit.c, but in capability mode (PCC's mode flag set) with programs made of the
 * instructions translated code runs through jit_cap.c: CLC/CSC of tagged and untagged values,
 * CIncOffset, CSetBounds, CSetAddr, CAndPerm, CGet*, CMove, CClearTag, CSeal/CUnseal,
 * CSealEntry, AUIPCC, CSpecialRW of DDC, and capability-authorised integer loads and stores.
 * Each program runs on two harts (translating / interpreting) with every budget from 1 to 48,
 * then long ones; after every run the whole capability register file (address, tag, pesbt,
 * bounds), the data pages and their tags must agree. Each program ends in a trap whose cause,
 * pc, xtval, capability index and instret are also checked against values counted by hand:
 * the traps come from the checks of cheri-riscv.md 4.4 in their order (tag, seal, permission,
 * store-local, bounds, alignment), reached inside translated blocks. */
#include <stdlib.h>
#include <string.h>

#include "hart/hart_priv.h"   /* the far CJALR memo (hart_jit_cap_far_memo_keys) */
#include "test.h"
#include "hart_cmp.h"

#include "rv_enc.h"

#define CODE 0x10000ULL
#define DATA 0x20000ULL   /* two pages: capabilities at DATA, copies at DATA + 0x400 */

enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A6, A7, S2, S3, S4 };

#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define ADD(rd, a, b)        ENC_R(0x33, 0, 0, rd, a, b)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define BEQ(a, b, off)       ENC_B(0, a, b, off)
#define CLD(rd, rs, imm)     ENC_I(0x03, 3, rd, rs, imm)
#define CSD(rs2, rs1, imm)   ENC_S(3, rs1, rs2, imm)
#define CLC(rd, rs, imm)     ENC_I(0x0f, 2, rd, rs, imm)
#define CSC(rs2, rs1, imm)   ENC_S(4, rs1, rs2, imm)
#define CINCIMM(rd, rs, imm) ENC_I(0x5b, 1, rd, rs, imm)
#define CSETBIMM(rd, rs, n)  ENC_I(0x5b, 2, rd, rs, n)
#define XR(f7, rd, a, b)     ENC_R(0x5b, 0, f7, rd, a, b)
#define X1(sel, rd, a)       ENC_R(0x5b, 0, 0x7f, rd, a, sel)
#define CSPECIALRW(rd, scr, rs) XR(0x01, rd, rs, scr)
#define CSEAL(rd, a, b)      XR(0x0b, rd, a, b)
#define CSETBOUNDS(rd, a, b) XR(0x08, rd, a, b)
#define CUNSEAL(rd, a, b)    XR(0x0c, rd, a, b)
#define CANDPERM(rd, a, b)   XR(0x0d, rd, a, b)
#define CSETADDR(rd, a, b)   XR(0x10, rd, a, b)
#define CINCOFFSET(rd, a, b) XR(0x11, rd, a, b)
#define CSUB(rd, a, b)       XR(0x14, rd, a, b)
#define CGETADDR(rd, a)      X1(0x0f, rd, a)
#define CGETPERM(rd, a)      X1(0x00, rd, a)
#define CGETTYPE(rd, a)      X1(0x01, rd, a)
#define CGETLEN(rd, a)       X1(0x03, rd, a)
#define CGETTAG(rd, a)       X1(0x04, rd, a)
#define CGETSEALED(rd, a)    X1(0x05, rd, a)
#define CMOVE(rd, a)         X1(0x0a, rd, a)
#define CGETBASE(rd, a)      X1(0x02, rd, a)
#define CGETOFFSET(rd, a)    X1(0x06, rd, a)
#define CGETFLAGS(rd, a)     X1(0x07, rd, a)
#define CCLEARTAG(rd, a)     X1(0x0b, rd, a)
#define CSEALENTRY(rd, a)    X1(0x11, rd, a)
#define AUIPCC(rd, imm)      ((uint32_t)(imm) << 12 | (uint32_t)(rd) << 7 | 0x17)
#define ECALL 0x00000073u
/* in capability mode: cjal, cjalr */
#define CJAL(rd, off) \
	((uint32_t)((off) >> 20 & 1) << 31 | (uint32_t)((off) >> 1 & 0x3ff) << 21 | (uint32_t)((off) >> 11 & 1) << 20 | \
	 (uint32_t)((off) >> 12 & 0xff) << 12 | (uint32_t)(rd) << 7 | 0x6f)
#define CJALR(rd, rs, imm)   ENC_I(0x67, 0, rd, rs, imm)

#define NPROG(p) (sizeof (p) / sizeof (p)[0])

struct cprog {
	const char *name;
	const uint32_t *code;
	size_t n;
	uint64_t instret;      /* counted by hand, to the final trap */
	unsigned cause, cheri_cause, cap_index;
	uint64_t trap_pc;
};

struct cside {
	struct mem *m;
	struct hart *h;
};

static struct cap restrict_perms(const struct cap *c, uint32_t perms)
{
	struct cap o;
	if (cap_and_perm(&o, c, perms, CAP_V9))
		abort();
	return o;
}

static struct cside cside_new(const struct cprog *p, bool no_jit)
{
	struct cside s;
	s.m = mem_new(1ULL << 24);
	if (!s.m || mem_map(s.m, CODE, 0x1000) != MEM_OK || mem_map(s.m, DATA, 0x2000) != MEM_OK)
		abort();
	if (mem_write(s.m, CODE, p->code, p->n * 4) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = no_jit };
	s.h = hart_new(s.m, &opt);
	struct cap root = cap_root(), pcc;
	if (cap_set_flags(&pcc, &root, 1, CAP_V9))   /* capability mode */
		abort();
	pcc.addr = CODE;
	hart_set_pcc(s.h, &pcc);
	struct cap data = cap_build_from_root(&root, DATA, 0x1000, CAP_PERMS_ALL);
	hart_set_creg(s.h, S0, &data);
	struct cap small = cap_build_from_root(&root, DATA, 0x40, CAP_PERMS_ALL);
	hart_set_creg(s.h, S1, &small);
	struct cap ro = restrict_perms(&data, CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP);
	hart_set_creg(s.h, S2, &ro);
	struct cap nolocal = restrict_perms(&data, CAP_PERMS_ALL & ~CAP_PERM_STORE_LOCAL_CAP);
	hart_set_creg(s.h, S3, &nolocal);
	struct cap local = restrict_perms(&data, CAP_PERMS_ALL & ~CAP_PERM_GLOBAL);
	hart_set_creg(s.h, S4, &local);
	/* DATA: 8 granules, tagged capabilities (even) and plain data (odd) */
	for (unsigned k = 0; k < 8; k++) {
		struct cap v = cap_build_from_root(&root, DATA + 0x100 * k, 0x20 + 0x10 * k, CAP_PERMS_ALL);
		v.addr += k;
		bool tag = !(k & 1);
		uint64_t hi = tag ? cap_to_mem_pesbt(&v) : 0x1111111111111111ULL * k;
		if (mem_store_cap(s.m, hart_mem_thread(s.h), DATA + 16 * k, v.addr, hi, tag) != MEM_OK)
			abort();
	}
	return s;
}

static void cside_free(struct cside *s)
{
	hart_free(s->h);
	mem_free(s->m);
}

static bool same_state(const struct cside *a, const struct cside *b)
{
	bool ok = t_harts_same_caps(a->h, b->h);
	ok = ok && T_TRUE(memcmp(mem_host(a->m, DATA), mem_host(b->m, DATA), 0x2000) == 0);
	for (uint64_t g = DATA; g < DATA + 0x2000 && ok; g += 16)
		ok = T_EQ(mem_get_tag(a->m, g), mem_get_tag(b->m, g));
	return ok;
}

static void cap_lockstep(const struct cprog *p, uint64_t budget)
{
	struct cside a = cside_new(p, false), b = cside_new(p, true);
	for (int runs = 0; runs < 100000; runs++) {
		struct hart_trap ta, tb;
		memset(&ta, 0, sizeof ta);
		memset(&tb, 0, sizeof tb);
		enum hart_exit ea = hart_run(a.h, budget, &ta), eb = hart_run(b.h, budget, &tb);
		if (!T_EQ(ea, eb) || !same_state(&a, &b))
			break;
		if (ea == HART_EXIT_TRAP) {
			T_EQ(ta.cause, tb.cause);
			T_EQ(ta.tval, tb.tval);
			T_EQ(ta.cap_index, tb.cap_index);
			T_EQ(ta.cause, p->cause);
			T_EQ(ta.pc, p->trap_pc);
			T_EQ(hart_instret(a.h), p->instret);
			if (p->cause == HART_CAUSE_CHERI) {
				T_EQ(ta.cheri_cause, p->cheri_cause);
				T_EQ(ta.cap_index, p->cap_index);
			}
			break;
		}
		T_EQ(ea, HART_EXIT_BUDGET);
	}
	if (budget >= 64)
		T_TRUE(hart_jit_blocks(a.h) > 0);
	T_EQ(hart_jit_blocks(b.h), 0);
	cside_free(&a);
	cside_free(&b);
}

/* copy 8 granules (4 tagged) with CLC/CSC and CIncOffset in a loop, count the tags, then the
 * other manipulations once; a4 is an integer, then a capability (CMove), then an integer */
static const uint32_t p_copy[] = {
	CINCIMM(A0, S0, 0),       /* 0x00 */
	CINCIMM(A1, S0, 0x400),   /* 0x04 */
	ADDI(T0, ZERO, 8),        /* 0x08 */
	CLC(A2, A0, 0),           /* 0x0c loop */
	CSC(A2, A1, 0),           /* 0x10 */
	CGETTAG(A3, A2),          /* 0x14 */
	ADD(A4, A4, A3),          /* 0x18 */
	CGETLEN(A5, A2),          /* 0x1c */
	CINCIMM(A0, A0, 16),      /* 0x20 */
	CINCIMM(A1, A1, 16),      /* 0x24 */
	ADDI(T0, T0, -1),         /* 0x28 */
	BNE(T0, ZERO, -32),       /* 0x2c -> 0x0c */
	CSETBIMM(A2, A1, 32),     /* 0x30 */
	CSETADDR(A3, A2, T1),     /* 0x34 t1 = 0: far outside, tag cleared */
	CANDPERM(A5, A2, T0),     /* 0x38 t0 = 0: no permissions left */
	CGETPERM(A6, A5),         /* 0x3c */
	CSPECIALRW(T2, 1, ZERO),  /* 0x40 read DDC */
	CLD(T1, A0, 0),           /* 0x44 */
	CMOVE(A4, S0),            /* 0x48 */
	CCLEARTAG(A3, A4),        /* 0x4c */
	AUIPCC(A2, 0),            /* 0x50 */
	ADDI(A4, A4, 1),          /* 0x54 an integer again */
	CSD(T1, A1, -0x78),       /* 0x58 over half of the first copied capability: its tag goes */
	ECALL,                    /* 0x5c */
};

/* a CLC loop through a 64-byte capability: the fifth CLC leaves its bounds */
static const uint32_t p_bounds[] = {
	CINCIMM(A0, S1, 0),       /* 0x00 */
	CLC(A2, A0, 0),           /* 0x04 loop */
	CINCIMM(A0, A0, 16),      /* 0x08 */
	CGETTAG(A3, A2),          /* 0x0c */
	ADD(A4, A4, A3),          /* 0x10 */
	BEQ(ZERO, ZERO, -16),     /* 0x14 -> 0x04 */
};

/* CSC through a capability without Store: Permit_Store (s2 is tagged, unsealed) */
static const uint32_t p_nostore[] = {
	CLC(A2, S0, 0),           /* 0x00 */
	CINCIMM(A3, S2, 32),      /* 0x04 */
	CSC(A2, A3, 16),          /* 0x08 */
	ECALL,
};

/* a local capability may be stored only through Permit_Store_Local_Capability */
static const uint32_t p_local[] = {
	CMOVE(A2, S4),            /* 0x00 */
	CSC(A2, S0, 0x20),        /* 0x04 s0 may */
	CSC(ZERO, S3, 0x30),      /* 0x08 an untagged value needs nothing */
	CSC(A2, S3, 0x40),        /* 0x0c s3 may not */
	ECALL,
};

/* sealing, sentries and a load through a sealed capability (Seal violation, before bounds) */
static const uint32_t p_sealed[] = {
	CSPECIALRW(T2, 1, ZERO),  /* 0x00 DDC: the root, may seal */
	ADDI(T1, ZERO, 7),        /* 0x04 */
	CSETADDR(T2, T2, T1),     /* 0x08 otype 7 */
	CSEAL(A2, S0, T2),        /* 0x0c */
	CGETSEALED(A3, A2),       /* 0x10 */
	CGETTYPE(A4, A2),         /* 0x14 */
	CINCIMM(A5, A2, 16),      /* 0x18 v9: a sealed source loses its tag */
	CGETTAG(T0, A5),          /* 0x1c */
	CSEALENTRY(A1, S0),       /* 0x20 */
	CGETTYPE(T1, A1),         /* 0x24 */
	CUNSEAL(A0, A2, T2),      /* 0x28 */
	CLD(A6, A0, 0),           /* 0x2c */
	CLD(A7, A2, 0x800),       /* 0x30 sealed: Seal, although out of bounds too */
};

/* an untagged authority: Tag; then a misaligned CLC: alignment after the CHERI checks */
static const uint32_t p_untagged[] = {
	CCLEARTAG(A0, S0),        /* 0x00 */
	ADDI(T0, ZERO, 3),        /* 0x04 */
	CLC(A1, A0, 0),           /* 0x08 */
};
static const uint32_t p_misaligned[] = {
	CLC(A1, S0, 0x10),        /* 0x00 */
	CINCIMM(A0, S0, 8),       /* 0x04 */
	CLC(A1, A0, 0),           /* 0x08 */
};

/* CIncOffset's cases: an integer source, an unrepresentable result (tag cleared, bounds
 * decoded again), in place, to x0; then a load through the moved capability: Length */
static const uint32_t p_incs[] = {
	ADDI(T0, ZERO, 100),      /* 0x00 */
	CINCIMM(A0, T0, 5),       /* 0x04 a NULL-derived source: an integer add */
	ADDI(T1, ZERO, 1),        /* 0x08 */
	ENC_I(0x13, 1, T1, T1, 40), /* 0x0c slli t1, t1, 40 */
	CINCOFFSET(A1, S1, T1),   /* 0x10 far outside: not representable */
	CGETTAG(A2, A1),          /* 0x14 */
	CINCOFFSET(S1, S1, T0),   /* 0x18 in place, past the end (representable) */
	CINCIMM(A3, S1, -100),    /* 0x1c */
	CINCOFFSET(ZERO, S0, T0), /* 0x20 */
	CLD(A4, A3, 0),           /* 0x24 */
	CLD(A5, S1, 0),           /* 0x28 Length */
};

/* CGetAddr and CSub are integer instructions in translated code; a load through an address
 * (an integer register in capability mode) fails on the tag */
static const uint32_t p_addr[] = {
	CGETADDR(A0, S0),         /* 0x00 */
	CSUB(A1, S1, A0),         /* 0x04 */
	CINCOFFSET(A2, S0, A1),   /* 0x08 */
	CGETADDR(A3, A2),         /* 0x0c */
	CLD(A4, A2, 0),           /* 0x10 */
	CLD(A5, A0, 0),           /* 0x14 Tag */
};

/* The inline CIncOffset and CMove of translated code (jit_emit.c emit_cinc, emit_cmove) and
 * their way out to the body: an untagged source with metadata, a move to the top (outside the
 * bounds, still representable), back in from there, a loop in which a4/a5 alternate between
 * a capability and an integer (so their cvalid is unknown at the loop head), the register
 * form, writes to x0; then a load through the untagged capability: Tag */
static const uint32_t p_moves[] = {
	ADDI(T0, ZERO, 3),        /* 0x00 */
	CCLEARTAG(A0, S1),        /* 0x04 */
	CINCIMM(A1, A0, 8),       /* 0x08 untagged with metadata: the body */
	CMOVE(A2, S1),            /* 0x0c */
	CINCIMM(A2, A2, 0x40),    /* 0x10 to the top: outside, representable */
	CINCIMM(A2, A2, -8),      /* 0x14 back inside */
	CLD(A3, A2, 0),           /* 0x18 */
	CINCIMM(A4, S0, 0x10),    /* 0x1c loop */
	CMOVE(A5, A4),            /* 0x20 */
	CLD(A6, A5, 0),           /* 0x24 */
	CINCIMM(A4, T0, 1),       /* 0x28 an integer */
	CMOVE(A5, A4),            /* 0x2c */
	CINCOFFSET(A7, S0, T0),   /* 0x30 */
	ADDI(T0, T0, -1),         /* 0x34 */
	BNE(T0, ZERO, -0x1c),     /* 0x38 -> 0x1c */
	CMOVE(ZERO, S0),          /* 0x3c */
	CINCIMM(ZERO, S0, 4),     /* 0x40 */
	CLD(A6, A1, 0),           /* 0x44 Tag */
};

/* Integer stores to a page with tags run in translated code (jit_emit.c emit_mem): the tag
 * bit of the granule goes when it was set (granules 0, 2, 4 of DATA; granule 2 gets its own
 * bytes back, so only the bit, not the shadow comparison, can clear it), the others stay as
 * they are (granule 6 keeps its tag); sb/sh/sw/csd/fsd; then a store through a read-only
 * capability: Permit_Store */
static const uint32_t p_tagstores[] = {
	ADDI(T0, ZERO, 0x55),     /* 0x00 */
	ENC_S(0, S0, T0, 0x00),   /* 0x04 sb: granule 0, tagged */
	CLD(A1, S0, 0x20),        /* 0x08 granule 2's address word */
	CSD(A1, S0, 0x20),        /* 0x0c the same bytes back: the tag goes all the same */
	ENC_S(2, S0, T0, 0x14),   /* 0x10 sw: granule 1 */
	ENC_R(0x53, 0, 0x79, 1, T0, 0),   /* 0x14 fmv.d.x f1, t0 */
	ENC_S(3, S0, 1, 0x58) | 0x27,     /* 0x18 fsd f1: granule 5 */
	CINCIMM(A0, S0, 0x30),    /* 0x1c */
	ENC_S(1, A0, T0, 0x12),   /* 0x20 sh: granule 4, tagged */
	ADDI(T1, ZERO, 2),        /* 0x24 */
	CSD(T0, A0, 8),           /* 0x28 loop: granules 3, 4 */
	CINCIMM(A0, A0, 0x10),    /* 0x2c */
	ADDI(T1, T1, -1),         /* 0x30 */
	BNE(T1, ZERO, -0xc),      /* 0x34 -> 0x28 */
	CSD(T0, S2, 0x70),        /* 0x38 read-only: Permit_Store */
};

/* A store into decoded code through a capability (the root, from DDC) leaves translated code
 * for the interpreter, which marks the code stale; FENCE.I then drops the old translations.
 * Round 1 stores the old instruction again, round 2 (translated from slot 0x20) the new one,
 * so round 3 runs `addi a2, zero, 7` in both engines (a stale translation would give 3) */
static const uint32_t p_smc_cap[] = {
	CSPECIALRW(T2, 1, ZERO),  /* 0x00 DDC: the root */
	0x007005b7u,              /* 0x04 lui a1, 0x700 */
	ADDI(A1, A1, 0x613),      /* 0x08 a1 = addi a2, zero, 7 */
	(uint32_t)CODE | S1 << 7 | 0x37,   /* 0x0c lui s1, CODE >> 12 */
	CSETADDR(T2, T2, S1),     /* 0x10 */
	ADDI(T0, ZERO, 3),        /* 0x14 */
	0x001606b7u,              /* 0x18 lui a3, 0x160 */
	ADDI(A3, A3, 0x613),      /* 0x1c a3 = addi a2, a2, 1 */
	ADDI(A2, A2, 1),          /* 0x20 loop: replaced in round 2 */
	ENC_S(2, T2, A3, 0x20),   /* 0x24 sw a3, 0x20(ct2) */
	0x0000100fu,              /* 0x28 fence.i */
	ADDI(A3, A1, 0),          /* 0x2c */
	ADDI(T0, T0, -1),         /* 0x30 */
	BNE(T0, ZERO, -0x14),     /* 0x34 -> 0x20 */
	ECALL,                    /* 0x38 */
};

/* An AMO into the instruction after the next one in its own block (no FENCE.I): the body
 * leaves translated code for the interpreter before it touches a page with decoded code, and
 * the interpreter runs the new instruction (`addi a2, zero, 7`, so a2 ends as 7); a block that
 * ran on would give 3 + 2 * 3 */
static const uint32_t p_smc_amo[] = {
	CSPECIALRW(T2, 1, ZERO),  /* 0x00 DDC: the root */
	0x007005b7u,              /* 0x04 lui a1, 0x700 */
	ADDI(A1, A1, 0x613),      /* 0x08 a1 = addi a2, zero, 7 */
	(uint32_t)CODE | S1 << 7 | 0x37,   /* 0x0c lui s1, CODE >> 12 */
	CSETADDR(T2, T2, S1),     /* 0x10 */
	CINCIMM(T2, T2, 0x24),    /* 0x14 */
	ADDI(T0, ZERO, 3),        /* 0x18 */
	ENC_AMO(ENC_AMO_SWAP, 2, A4, T2, A1),   /* 0x1c loop: camoswap.w a4, a1, (ct2) */
	ADDI(A2, A2, 1),          /* 0x20 */
	ADDI(A2, A2, 2),          /* 0x24 replaced in round 1 */
	ADDI(T0, T0, -1),         /* 0x28 */
	BNE(T0, ZERO, -0x10),     /* 0x2c -> 0x1c */
	ECALL,                    /* 0x30 */
};

/* LR, SC and AMOs through capabilities in translated code (jit_cap.c calls their bodies): a
 * loop whose head, the program's first instruction, is an AMO on granule 0 (tagged: the first
 * AMO clears its tag; a block starts there only if AMOs translate), each operation and width
 * once on a plain granule, an SC that succeeds and one without a reservation, an AMO on
 * granule 4 (its tag goes), then one through a read-only capability: Permit_Store */
static const uint32_t p_atomics[] = {
	ENC_AMO(ENC_AMO_ADD, 3, A2, S0, T0),    /* 0x00 loop */
	ADDI(T0, T0, 1),              /* 0x04 */
	ADDI(T1, T0, -4),             /* 0x08 */
	BNE(T1, ZERO, -0xc),          /* 0x0c -> 0x00 */
	CINCIMM(A0, S0, 0x18),        /* 0x10 granule 1, its second word */
	ENC_AMO(ENC_AMO_SWAP, 2, A3, A0, T0),   /* 0x14 */
	ADDI(T2, ZERO, -1),           /* 0x18 */
	ENC_AMO(ENC_AMO_MAXU, 2, A1, A0, T2),   /* 0x1c */
	ENC_AMO(ENC_AMO_MIN, 3, A4, A0, T2),    /* 0x20 */
	ENC_AMO(ENC_AMO_XOR, 3, A5, A0, T0),    /* 0x24 */
	ENC_AMO(ENC_AMO_AND, 2, A6, A0, T2),    /* 0x28 */
	ENC_AMO(ENC_AMO_OR, 3, A7, A0, T0),     /* 0x2c */
	ENC_AMO(ENC_AMO_MAX, 2, A1, A0, ZERO),  /* 0x30 */
	ENC_AMO(ENC_AMO_MINU, 3, A4, A0, T0),   /* 0x34 */
	ENC_AMO(ENC_AMO_LR, 3, A2, A0, ZERO),   /* 0x38 */
	ADDI(A2, A2, 7),              /* 0x3c */
	ENC_AMO(ENC_AMO_SC, 3, A3, A0, A2),     /* 0x40 a3 = 0: stored */
	ENC_AMO(ENC_AMO_SC, 3, T1, A0, A2),     /* 0x44 t1 = 1: no reservation */
	CINCIMM(A5, S0, 0x40),        /* 0x48 granule 4 (tagged) */
	ENC_AMO(ENC_AMO_ADD, 2, A6, A5, T0),    /* 0x4c */
	ENC_AMO(ENC_AMO_ADD, 3, A7, S2, T0),    /* 0x50 read-only: Permit_Store */
};

/* CLC and CSC inline (jit_emit.c emit_clc, emit_csc) and their way out to the bodies: an
 * integer to a plain page and back, an integer and an untagged capability over tagged granules
 * (the tag goes), an untagged capability to a plain page and back (the body: metadata to
 * decode), a tagged one there (the body; the page gains tags), loads of tagged ones, a
 * granule's own bytes stored back untagged; then an integer CSC through a read-only
 * capability: Permit_Store */
static const uint32_t p_clcsc[] = {
	CSPECIALRW(T2, 1, ZERO),  /* 0x00 DDC: the root */
	(uint32_t)(DATA + 0x1000) | A0 << 7 | 0x37,   /* 0x04 lui a0, (DATA + 0x1000) >> 12 */
	CSETADDR(A0, T2, A0),     /* 0x08 the plain second page */
	ADDI(T0, ZERO, 0x77),     /* 0x0c */
	CSC(T0, A0, 0),           /* 0x10 */
	CLC(A1, A0, 0),           /* 0x14 */
	CSC(T0, S0, 0x20),        /* 0x18 over granule 2 (tagged) */
	CCLEARTAG(A2, S0),        /* 0x1c */
	CSC(A2, S0, 0x40),        /* 0x20 over granule 4 (tagged) */
	CLC(A3, S0, 0x40),        /* 0x24 */
	CSC(A2, A0, 0x10),        /* 0x28 */
	CLC(A4, A0, 0x10),        /* 0x2c */
	CSC(S0, A0, 0x20),        /* 0x30 tagged */
	CLC(A5, A0, 0x20),        /* 0x34 */
	CLC(A6, S0, 0x60),        /* 0x38 granule 6, tagged */
	CCLEARTAG(A7, A6),        /* 0x3c */
	CSC(A7, S0, 0x60),        /* 0x40 its own bytes back, untagged: only the bit clears the tag */
	CSC(A1, S2, 0),           /* 0x44 read-only: Permit_Store */
};

/* an integer whose register held a capability before: its stale metadata must not authorise
 * (cvalid first), for CLC, CSC and CLD; a misaligned CSC on a plain page (alignment after the
 * CHERI checks, also where the bytes could be written inline) */
static const uint32_t p_stale_clc[] = {
	CINCIMM(A0, S0, 0),       /* 0x00 */
	ADDI(A0, A0, 0x10),       /* 0x04 an integer now */
	CLC(A1, A0, 0),           /* 0x08 Tag */
};
static const uint32_t p_stale_csc[] = {
	CINCIMM(A0, S0, 0),       /* 0x00 */
	ADDI(A0, A0, 0x10),       /* 0x04 */
	CSC(ZERO, A0, 0),         /* 0x08 Tag */
};
static const uint32_t p_stale_cld[] = {
	CINCIMM(A0, S0, 0),       /* 0x00 */
	ADDI(A0, A0, 0x10),       /* 0x04 */
	CLD(A1, A0, 0),           /* 0x08 Tag */
};
static const uint32_t p_misaligned_plain[] = {
	CSPECIALRW(T2, 1, ZERO),  /* 0x00 */
	(uint32_t)(DATA + 0x1000) | A0 << 7 | 0x37,   /* 0x04 lui a0, (DATA + 0x1000) >> 12 */
	CSETADDR(A0, T2, A0),     /* 0x08 */
	CLC(A1, A0, 0x10),        /* 0x0c */
	CSC(T0, A0, 0x18),        /* 0x10 misaligned */
};

/* CJAL and CJALR in translated code: calls whose link is a sentry, returns through it (cret),
 * a CJALR through an unsealed copy of PCC with an offset, one through a sentry with rd = x0,
 * one through a capability with narrower bounds than PCC (the interpreter's: PCC changes),
 * then a CJALR through a sentry with an offset: Seal */
static const uint32_t p_calls[] = {
	ADDI(T0, ZERO, 3),        /* 0x00 */
	CJAL(RA, 0x60),           /* 0x04 loop: -> 0x64 */
	ADDI(T0, T0, -1),         /* 0x08 */
	BNE(T0, ZERO, -8),        /* 0x0c -> 0x04 */
	AUIPCC(A0, 0),            /* 0x10 */
	CJALR(A1, A0, 0x10),      /* 0x14 -> 0x20 */
	ADDI(A3, A3, 100),        /* 0x18 */
	CJAL(ZERO, 0x10),         /* 0x1c -> 0x2c */
	ADDI(A3, A3, 1),          /* 0x20 */
	CJALR(ZERO, A1, 0),       /* 0x24 -> 0x18 */
	ECALL,                    /* 0x28 */
	CSETBIMM(A4, A0, 0x80),   /* 0x2c [CODE + 0x10, CODE + 0x90) */
	CINCIMM(A4, A4, 0x2c),    /* 0x30 */
	CJALR(RA, A4, 0),         /* 0x34 -> 0x3c under the narrower PCC */
	ECALL,                    /* 0x38 */
	CJALR(ZERO, A1, 4),       /* 0x3c Seal */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x40 - 0x60 */
	ADDI(A2, A2, 1),          /* 0x64 func */
	CJALR(ZERO, RA, 0),       /* 0x68 cret */
};
/* CJALR through a data capability (Execute) and through an untagged copy of PCC (Tag) */
static const uint32_t p_cjalr_noexec[] = {
	CJALR(RA, S2, 0),         /* 0x00 read-only: no Execute */
};
/* a jump cache entry for the target exists (made under this PCC) when CJALR goes through a
 * narrower capability to it: only the comparison with PCC keeps the jump from running on with
 * PCC's wider bounds (a5 = AUIPCC there shows them) */
static const uint32_t p_narrow[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x20),    /* 0x04 */
	CSETBIMM(A4, A4, 0x10),   /* 0x08 [CODE + 0x20, CODE + 0x30) */
	CJALR(RA, A0, 0x20),      /* 0x0c -> 0x20 under PCC */
	CJALR(RA, A4, 0),         /* 0x10 -> 0x20 under the narrower one */
	ECALL, ECALL, ECALL,      /* 0x14 - 0x1c */
	AUIPCC(A5, 0),            /* 0x20 */
	ADDI(A2, A2, 1),          /* 0x24 */
	CJALR(ZERO, RA, 0),       /* 0x28 */
};
/* AUIPCC inline (jit_emit.c emit_auipcc) and through its body, in a loop under a PCC of
 * exactly the code page (translated code needs PCC to cover the page): results inside its
 * bounds (PCC's metadata), 4 KiB above (out of bounds, still representable: the body keeps the
 * tag), 1 MiB above (not representable: untagged), 4 KiB below, a load through the one inside;
 * after the loop a load through the one 4 KiB above: Length */
static const uint32_t p_auipcc[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	0x000013b7u,              /* 0x04 lui t2, 1 */
	CSETBOUNDS(A4, A0, T2),   /* 0x08 [CODE, CODE + 0x1000) */
	CINCIMM(A4, A4, 0x20),    /* 0x0c */
	CJALR(RA, A4, 0),         /* 0x10 -> 0x20 under the narrower PCC */
	ECALL, ECALL, ECALL,      /* 0x14 - 0x1c */
	AUIPCC(A1, 0),            /* 0x20 loop */
	AUIPCC(A2, 1),            /* 0x24 */
	AUIPCC(A3, 0x100),        /* 0x28 */
	AUIPCC(A5, 0xfffff),      /* 0x2c */
	CLD(A6, A1, 0x10),        /* 0x30 */
	ADDI(T0, T0, 1),          /* 0x34 */
	ADDI(T1, T0, -3),         /* 0x38 */
	BNE(T1, ZERO, -0x1c),     /* 0x3c -> 0x20 */
	CLD(A7, A2, 0),           /* 0x40 Length */
};
/* the same with a capability that differs from PCC only in its permissions (no Store) */
static const uint32_t p_fewer_perms[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	ADDI(T1, ZERO, -1),       /* 0x04 */
	ENC_I(0x13, 4, T1, T1, CAP_PERM_STORE),   /* 0x08 xori */
	CANDPERM(A6, A0, T1),     /* 0x0c */
	CINCIMM(A6, A6, 0x20),    /* 0x10 */
	CJALR(RA, A0, 0x20),      /* 0x14 -> 0x20 under PCC */
	CJALR(RA, A6, 0),         /* 0x18 -> 0x20 under PCC without Store */
	ECALL,                    /* 0x1c */
	AUIPCC(A5, 0),            /* 0x20 */
	ADDI(A2, A2, 1),          /* 0x24 */
	CJALR(ZERO, RA, 0),       /* 0x28 */
};
/* CJALR to a capability other than PCC in translated code (jit_emit.c emit_cjalr_far): a loop
 * calls f through a sentry bounded to it (8 bytes) and f returns through its link (PCC's
 * bounds again), both through the interpreter's body and then, once each block was entered, on
 * through the jump cache without leaving translated code; then a sentry of f's first 4 bytes:
 * the jump cache holds f under the 8-byte PCC, yet f's return instruction lies outside the new
 * PCC (Length on PCC at 0x44) */
static const uint32_t p_far[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x40),    /* 0x04 */
	CSETBIMM(A4, A4, 8),      /* 0x08 [CODE + 0x40, CODE + 0x48) */
	CSEALENTRY(A6, A4),       /* 0x0c */
	ADDI(T0, ZERO, 5),        /* 0x10 */
	CJALR(RA, A6, 0),         /* 0x14 loop: -> 0x40 under f's bounds */
	ADDI(T0, T0, -1),         /* 0x18 */
	BNE(T0, ZERO, -8),        /* 0x1c -> 0x14 */
	CSETBIMM(A7, A4, 4),      /* 0x20 [CODE + 0x40, CODE + 0x44) */
	CSEALENTRY(A7, A7),       /* 0x24 */
	CJALR(RA, A7, 0),         /* 0x28 -> 0x40 under 4 bytes */
	ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x2c - 0x3c */
	ADDI(A2, A2, 1),          /* 0x40 f */
	CJALR(ZERO, RA, 0),       /* 0x44 cret */
};
/* the same calls, then one through a sentry of f without Execute: Execute on a7 at 0x30, and
 * ra keeps the link of the last call */
static const uint32_t p_far_noexec[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x40),    /* 0x04 */
	CSETBIMM(A4, A4, 8),      /* 0x08 */
	CSEALENTRY(A6, A4),       /* 0x0c */
	ADDI(T0, ZERO, 3),        /* 0x10 */
	CJALR(RA, A6, 0),         /* 0x14 loop */
	ADDI(T0, T0, -1),         /* 0x18 */
	BNE(T0, ZERO, -8),        /* 0x1c -> 0x14 */
	ADDI(T1, ZERO, -1),       /* 0x20 */
	ENC_I(0x13, 4, T1, T1, CAP_PERM_EXECUTE),   /* 0x24 xori: all but Execute */
	CANDPERM(A7, A4, T1),     /* 0x28 */
	CSEALENTRY(A7, A7),       /* 0x2c */
	CJALR(RA, A7, 0),         /* 0x30 Execute */
	ECALL, ECALL, ECALL,      /* 0x34 - 0x3c */
	ADDI(A2, A2, 1),          /* 0x40 f */
	CJALR(ZERO, RA, 0),       /* 0x44 cret */
};
/* the call is a compressed C.CJALR (at 0x14, a C.NOP after it): its link is 0x16, so every
 * return runs the C.NOP */
static const uint32_t p_far_rvc[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x40),    /* 0x04 */
	CSETBIMM(A4, A4, 8),      /* 0x08 */
	CSEALENTRY(A6, A4),       /* 0x0c */
	ADDI(T0, ZERO, 3),        /* 0x10 */
	0x00019802u,              /* 0x14 loop: c.cjalr ca6; 0x16 c.nop */
	ADDI(T0, T0, -1),         /* 0x18 */
	BNE(T0, ZERO, -8),        /* 0x1c -> 0x14 */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x20 - 0x3c */
	ADDI(A2, A2, 1),          /* 0x40 f */
	CJALR(ZERO, RA, 0),       /* 0x44 cret */
};
/* CJALR through an unsealed capability of f's 8 bytes, four times (from the second on, the
 * translated code's inline memo of emit_cjalr_far), then through the same capability moved to
 * its top (P_FAR_MOVE 8) or below its base (-2): its pesbt, base and top are those of the memo
 * entry, the target is not in bounds: Length on a6 at 0x20, not a jump */
#define P_FAR_MOVED(move) { \
	AUIPCC(A0, 0),            /* 0x00 */ \
	CINCIMM(A4, A0, 0x40),    /* 0x04 */ \
	CSETBIMM(A6, A4, 8),      /* 0x08 [CODE + 0x40, CODE + 0x48), unsealed */ \
	ADDI(T0, ZERO, 4),        /* 0x0c */ \
	CJALR(RA, A6, 0),         /* 0x10 loop: -> 0x40 under f's bounds */ \
	ADDI(T0, T0, -1),         /* 0x14 */ \
	BNE(T0, ZERO, -8),        /* 0x18 -> 0x10 */ \
	CINCIMM(A6, A6, move),    /* 0x1c */ \
	CJALR(RA, A6, 0),         /* 0x20 Length */ \
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x24 - 0x3c */ \
	ADDI(A2, A2, 1),          /* 0x40 f */ \
	CJALR(ZERO, RA, 0),       /* 0x44 cret */ \
}
/* f called through one sentry from two PCCs: the loop's (the whole code) and g's (a sentry of
 * 16 bytes, returning through t1): each call's link is a sentry of its own caller's PCC, which
 * the memo entry of the other caller does not have (it is per PCC: pcc_gen) */
static const uint32_t p_far_two_callers[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x40),    /* 0x04 */
	CSETBIMM(A4, A4, 8),      /* 0x08 f: [CODE + 0x40, CODE + 0x48) */
	CSEALENTRY(A6, A4),       /* 0x0c */
	CINCIMM(A5, A0, 0x50),    /* 0x10 */
	CSETBIMM(A5, A5, 16),     /* 0x14 g: [CODE + 0x50, CODE + 0x60) */
	CSEALENTRY(A7, A5),       /* 0x18 */
	ADDI(T0, ZERO, 3),        /* 0x1c */
	CJALR(RA, A6, 0),         /* 0x20 loop: f */
	CJALR(T1, A7, 0),         /* 0x24 g */
	ADDI(T0, T0, -1),         /* 0x28 */
	BNE(T0, ZERO, -12),       /* 0x2c -> 0x20 */
	ECALL, ECALL, ECALL, ECALL,   /* 0x30 - 0x3c */
	ADDI(A2, A2, 1),          /* 0x40 f */
	CJALR(ZERO, RA, 0),       /* 0x44 cret */
	ECALL, ECALL,             /* 0x48, 0x4c */
	CJALR(RA, A6, 0),         /* 0x50 g: f */
	ADDI(A3, A3, 1),          /* 0x54 */
	CJALR(ZERO, T1, 0),       /* 0x58 back to the loop */
	ECALL,                    /* 0x5c */
};
/* p_far's calls with ra a copy of f's unsealed capability before each: the link replaces
 * all of ra (a return through what ra held before would be Length) */
static const uint32_t p_far_relink[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x40),    /* 0x04 */
	CSETBIMM(A4, A4, 8),      /* 0x08 */
	CSEALENTRY(A6, A4),       /* 0x0c */
	ADDI(T0, ZERO, 5),        /* 0x10 */
	CMOVE(RA, A4),            /* 0x14 loop */
	CJALR(RA, A6, 0),         /* 0x18 -> 0x40 */
	ADDI(T0, T0, -1),         /* 0x1c */
	BNE(T0, ZERO, -12),       /* 0x20 -> 0x14 */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x24 - 0x3c */
	ADDI(A2, A2, 1),          /* 0x40 f */
	CJALR(ZERO, RA, 0),       /* 0x44 cret */
};
/* f's sentry stored and loaded again before every call (CLC: undecoded, CV_LAZY; from the
 * second call on the memo's entry for its address, jit_cap_cjalr_lazy), then the same with
 * the capability moved (P_FAR_LOADED 8: to its top; -2: below its base) before it is sealed
 * and stored: Length on a7 at 0x38 */
#define P_FAR_LOADED(move) { \
	AUIPCC(A0, 0),            /* 0x00 */ \
	CINCIMM(A4, A0, 0x60),    /* 0x04 */ \
	CSETBIMM(A4, A4, 8),      /* 0x08 f: [CODE + 0x60, CODE + 0x68) */ \
	CSEALENTRY(A6, A4),       /* 0x0c */ \
	CSC(A6, S0, 0x200),       /* 0x10 */ \
	ADDI(T0, ZERO, 4),        /* 0x14 */ \
	CLC(A7, S0, 0x200),       /* 0x18 loop */ \
	CJALR(RA, A7, 0),         /* 0x1c -> 0x60 */ \
	ADDI(T0, T0, -1),         /* 0x20 */ \
	BNE(T0, ZERO, -12),       /* 0x24 -> 0x18 */ \
	CINCIMM(A4, A4, move),    /* 0x28 */ \
	CSEALENTRY(A6, A4),       /* 0x2c */ \
	CSC(A6, S0, 0x200),       /* 0x30 */ \
	CLC(A7, S0, 0x200),       /* 0x34 */ \
	CJALR(RA, A7, 0),         /* 0x38 Length */ \
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x3c - 0x5c */ \
	ADDI(A2, A2, 1),          /* 0x60 f */ \
	CJALR(ZERO, RA, 0),       /* 0x64 cret */ \
}
/* the loaded sentry's calls, then one loaded without Execute: Execute on a7 at 0x3c */
static const uint32_t p_far_loaded_noexec[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CINCIMM(A4, A0, 0x60),    /* 0x04 */
	CSETBIMM(A4, A4, 8),      /* 0x08 */
	CSEALENTRY(A6, A4),       /* 0x0c */
	CSC(A6, S0, 0x200),       /* 0x10 */
	ADDI(T0, ZERO, 4),        /* 0x14 */
	CLC(A7, S0, 0x200),       /* 0x18 loop */
	CJALR(RA, A7, 0),         /* 0x1c -> 0x60 */
	ADDI(T0, T0, -1),         /* 0x20 */
	BNE(T0, ZERO, -12),       /* 0x24 -> 0x18 */
	ADDI(T1, ZERO, -1),       /* 0x28 */
	ENC_I(0x13, 4, T1, T1, CAP_PERM_EXECUTE),   /* 0x2c xori: all but Execute */
	CANDPERM(A4, A4, T1),     /* 0x30 */
	CSEALENTRY(A6, A4),       /* 0x34 */
	CSC(A6, S0, 0x200),       /* 0x38 */
	CLC(A7, S0, 0x200),       /* 0x3c */
	CJALR(RA, A7, 0),         /* 0x40 Execute */
	ECALL, ECALL, ECALL, ECALL, ECALL, ECALL, ECALL,   /* 0x44 - 0x5c */
	ADDI(A2, A2, 1),          /* 0x60 f */
	CJALR(ZERO, RA, 0),       /* 0x64 cret */
};
static const uint32_t p_far_loaded_top[] = P_FAR_LOADED(8);
static const uint32_t p_far_loaded_below[] = P_FAR_LOADED(-2);
static const uint32_t p_far_at_top[] = P_FAR_MOVED(8);
static const uint32_t p_far_below[] = P_FAR_MOVED(-2);
/* a CJAL link is sealed: CIncOffset clears its tag, loads and stores through it fail (Seal) */
static const uint32_t p_sentry_load[] = {
	CJAL(RA, 8),              /* 0x00 -> 0x08 */
	ECALL,                    /* 0x04 */
	CINCIMM(A2, RA, 4),       /* 0x08 */
	CLD(A1, RA, 0),           /* 0x0c Seal */
};
static const uint32_t p_sentry_store[] = {
	CJAL(RA, 8),              /* 0x00 -> 0x08 */
	ECALL,                    /* 0x04 */
	CSD(ZERO, RA, 0),         /* 0x08 Seal */
};
/* a sentry with an offset to an instruction the jump cache knows: Seal all the same */
static const uint32_t p_seal_offset[] = {
	ADDI(T0, ZERO, 2),        /* 0x00 */
	CJAL(RA, 8),              /* 0x04 -> 0x0c, ra = sentry of 0x08 */
	ADDI(A2, A2, 1),          /* 0x08 */
	ADDI(T0, T0, -1),         /* 0x0c */
	BEQ(T0, ZERO, 8),         /* 0x10 -> 0x18 */
	CJALR(ZERO, RA, 4),       /* 0x14 Seal (would go to 0x0c) */
	ECALL,                    /* 0x18 */
};
static const uint32_t p_cjalr_stale[] = {   /* an integer with PCC's stale metadata: Tag */
	AUIPCC(A0, 0),            /* 0x00 */
	ADDI(A0, A0, 8),          /* 0x04 */
	CJALR(RA, A0, 0),         /* 0x08 */
};
static const uint32_t p_cjalr_untagged[] = {
	AUIPCC(A0, 0),            /* 0x00 */
	CCLEARTAG(A0, A0),        /* 0x04 */
	CJALR(RA, A0, 8),         /* 0x08 */
};

/* CGet* and CSetAddr inline (jit_emit.c emit_cget, emit_cinc): a full-range capability, a
 * small one, an untagged one, a read-only one, integers (NULL-derived: length saturated, base
 * 0, offset = address); CSetAddr inside the bounds, outside them (the body), of an integer;
 * then a load through the capability moved outside: Length */
static const uint32_t p_cget[] = {
	CSPECIALRW(T2, 1, ZERO),  /* 0x00 the root */
	CGETLEN(A0, T2),          /* 0x04 */
	CGETLEN(A1, S1),          /* 0x08 */
	CGETBASE(A2, S1),         /* 0x0c */
	CINCIMM(A3, S1, 0x10),    /* 0x10 */
	CGETOFFSET(A4, A3),       /* 0x14 */
	CGETPERM(A5, S2),         /* 0x18 */
	CCLEARTAG(A6, S0),        /* 0x1c */
	CGETTAG(A7, A6),          /* 0x20 */
	CGETTAG(T0, S0),          /* 0x24 */
	ADDI(T1, ZERO, 7),        /* 0x28 */
	CGETOFFSET(T1, T1),       /* 0x2c */
	CGETFLAGS(GP, T2),        /* 0x30 */
	CGETSEALED(TP, S0),       /* 0x34 */
	CGETADDR(T1, S1),         /* 0x38 */
	ADDI(T1, T1, 0x20),       /* 0x3c */
	CSETADDR(S3, S1, T1),     /* 0x40 inside */
	ADDI(T1, T1, 0x7e0),      /* 0x44 */
	CSETADDR(S4, S1, T1),     /* 0x48 outside, representable */
	CSETADDR(RA, T1, T1),     /* 0x4c an integer */
	CGETLEN(A6, RA),          /* 0x50 */
	CGETBASE(A1, RA),         /* 0x54 */
	CLD(A2, S4, 0),           /* 0x58 Length */
};

/* tagged CLC / CSC through capabilities without Permit_Load_Capability (the loaded tags
 * clear, no trap) and without Permit_Store_Capability (a tagged value traps, an untagged one
 * does not): jit_capmem.c after the inline authority checks */
static const uint32_t p_capperms[] = {
	ADDI(T1, ZERO, -17),      /* 0x00 all but Permit_Load_Capability (0x10) */
	CANDPERM(A0, S0, T1),     /* 0x04 */
	ADDI(T0, ZERO, 4),        /* 0x08 */
	CLC(A2, A0, 0),           /* 0x0c loop: granules 0..3, 0 and 2 tagged in memory */
	CGETTAG(A3, A2),          /* 0x10 */
	ADD(A4, A4, A3),          /* 0x14 */
	CSC(A2, A0, 0x400),       /* 0x18 */
	CINCIMM(A0, A0, 16),      /* 0x1c */
	ADDI(T0, T0, -1),         /* 0x20 */
	BNE(T0, ZERO, -24),       /* 0x24 -> 0x0c */
	ADDI(T1, ZERO, -33),      /* 0x28 all but Permit_Store_Capability (0x20) */
	CANDPERM(A1, S0, T1),     /* 0x2c */
	CLC(A2, S0, 0),           /* 0x30 tagged */
	CSC(A4, A1, 0x440),       /* 0x34 an integer: fine */
	CSC(A2, A1, 0x450),       /* 0x38 Permit_Store_Capability */
};

/* Capabilities loaded by translated CLC keep their bounds undecoded (CV_LAZY, hart_priv.h)
 * until a use needs them, unless the hart's bounds memo knows them (jit_capmem.c): so every
 * CLC here loads a cursor moved to a new address first (cs5, [DATA, DATA + 0x1000)). Uses:
 * CGetBase, a data store and a load, a CLC and a CSC through one, an inline CIncOffset
 * (inside, then outside the bounds: the body), CGetOffset, CMove then CGetLen of the copy, a
 * CSC of one as the value, a return through a spilled sentry loaded again; then a load
 * through a loaded untagged one: Tag */
#define S5 21
#define NEXT CINCIMM(S5, S5, 16), CSC(S5, A0, 0x600)
static const uint32_t p_lazy[] = {
	CINCIMM(A0, S0, 0),       /* 0x00 */
	ADDI(T0, ZERO, 3),        /* 0x04 */
	CINCIMM(S5, S0, 0x400),   /* 0x08 */
	NEXT,                     /* 0x0c loop */
	CLC(A2, A0, 0x600),       /* 0x14 */
	CGETBASE(A3, A2),         /* 0x18 */
	NEXT,                     /* 0x1c */
	CLC(A4, A0, 0x600),       /* 0x24 */
	CSD(T0, A4, 8),           /* 0x28 */
	NEXT,                     /* 0x2c */
	CLC(A4, A0, 0x600),       /* 0x34 */
	CLD(A5, A4, -8),          /* 0x38 what 0x28 stored */
	NEXT,                     /* 0x3c */
	CLC(A6, A0, 0x600),       /* 0x44 */
	CLC(A7, A6, 0),           /* 0x48 through a loaded one */
	NEXT,                     /* 0x4c */
	CLC(T1, A0, 0x600),       /* 0x54 */
	CSC(A2, T1, 0),           /* 0x58 through a loaded one */
	NEXT,                     /* 0x5c */
	CLC(T2, A0, 0x600),       /* 0x64 */
	CINCIMM(T2, T2, 4),       /* 0x68 inside */
	CGETOFFSET(GP, T2),       /* 0x6c */
	NEXT,                     /* 0x70 */
	CLC(TP, A0, 0x600),       /* 0x78 */
	CINCIMM(TP, TP, -0x7f0),  /* 0x7c outside */
	NEXT,                     /* 0x80 */
	CLC(RA, A0, 0x600),       /* 0x88 */
	CMOVE(A1, RA),            /* 0x8c */
	CGETLEN(A1, A1),          /* 0x90 */
	CSC(RA, A0, 0x610),       /* 0x94 */
	ADDI(T0, T0, -1),         /* 0x98 */
	BNE(T0, ZERO, -0x90),     /* 0x9c -> 0x0c */
	CJAL(RA, 0x10),           /* 0xa0 -> 0xb0 */
	CLC(A2, A0, 48),          /* 0xa4 granule 3: data */
	CLD(A3, A2, 0),           /* 0xa8 Tag */
	ECALL,                    /* 0xac */
	CSC(RA, A0, 0x620),       /* 0xb0 func: the sentry spilled */
	CLC(RA, A0, 0x620),       /* 0xb4 */
	CJALR(ZERO, RA, 0),       /* 0xb8 -> 0xa4 */
};
#undef NEXT

/* Accesses through one capability share one check (jit.c group_checks): a run of stores
 * (offsets 8, 0, 24 and, after two loads through the same capability, 16) and of loads, with
 * integer instructions between them, to a page with tags (every store clears its granule's
 * bit out of line); a load whose rd is its own authority; then a branch into the middle of
 * what would be a run through the 64-byte s1: the load it reaches has its own check (Length) */
static const uint32_t p_groups[] = {
	ADDI(T0, ZERO, 3),        /* 0x00 */
	CINCIMM(A0, S0, 0x100),   /* 0x04 */
	CSD(T0, A0, 8),           /* 0x08 loop */
	CSD(T0, A0, 0),           /* 0x0c */
	ADD(A2, A2, T0),          /* 0x10 */
	CSD(A2, A0, 24),          /* 0x14 */
	CLD(A3, A0, 0),           /* 0x18 */
	CLD(A4, A0, 24),          /* 0x1c */
	ADD(A6, A3, A4),          /* 0x20 */
	CSD(A6, A0, 16),          /* 0x24 */
	CINCIMM(A7, A0, 0),       /* 0x28 */
	CLD(A7, A7, 8),           /* 0x2c */
	ADDI(T0, T0, -1),         /* 0x30 */
	BNE(T0, ZERO, -0x2c),     /* 0x34 -> 0x08 */
	BEQ(ZERO, ZERO, 8),       /* 0x38 -> 0x40 */
	CLD(A2, S1, 0),           /* 0x3c */
	CLD(A3, S1, 64),          /* 0x40 Length */
};
/* Accesses the access windows refuse (they assume 16 bytes: the last 15 bytes of an object,
 * any object under 16 bytes) pass the exact check out of line (jit_emit.c emit_bounds_exact) and
 * stay in translated code: the last 8, 4 and 1 bytes of s1 (64 bytes) and of a 12-byte object;
 * after the loop a run of two loads ending at s1's top, then a doubleword load that overlaps the
 * 12-byte object's end by 4 bytes: Length */
static const uint32_t p_tail[] = {
	CINCIMM(A0, S0, 0x100),   /* 0x00 */
	CSETBIMM(A0, A0, 12),     /* 0x04 [DATA + 0x100, + 12) */
	ADDI(T0, ZERO, 3),        /* 0x08 */
	CLD(A1, S1, 56),          /* 0x0c loop: s1's last 8 bytes */
	CSD(A1, A0, 0),           /* 0x10 */
	ENC_S(2, A0, T0, 8),      /* 0x14 csw t0, 8(ca0): the object's last 4 */
	ENC_I(0x03, 2, A2, A0, 8),    /* 0x18 clw a2, 8(ca0) */
	ENC_I(0x03, 0, A3, S1, 63),   /* 0x1c clb a3, 63(cs1): s1's last byte */
	ADDI(T0, T0, -1),         /* 0x20 */
	BNE(T0, ZERO, -0x18),     /* 0x24 -> 0x0c */
	CLD(A4, S1, 48),          /* 0x28 */
	CLD(A5, S1, 56),          /* 0x2c */
	CLD(A6, A0, 8),           /* 0x30 [8, 16) of 12 bytes: Length */
};

/* The exact check's own refusals (jit_emit.c emit_bounds_exact): a loop loads its authority
 * from a table (CLC: decoded when first used) and reads [4, 12) of it, an aligned doubleword;
 * the table holds a 12-byte object three times (every access to it goes to the exact check, and
 * passes), then the same moved 8 bytes below its base (Length), sealed (Seal), or an object
 * whose bounds pass the end of the hart's address space (m->size: 16 MiB and the guard page
 * after it; the interpreter's access fault; past there even the page flags end). The fourth
 * round runs in the loop's translation. */
#define LUI(rd, imm) ((uint32_t)(imm) << 12 | (uint32_t)(rd) << 7 | 0x37)
#define NOP ADDI(ZERO, ZERO, 0)
#define P_EXACT(b0, b1, b2, b3, b4) { \
	CINCIMM(A0, S0, 0x104),   /* 0x00 */ \
	CSETBIMM(A0, A0, 12),     /* 0x04 [DATA + 0x104, + 12) */ \
	CINCIMM(A5, S0, 0x700),   /* 0x08 the table */ \
	CSC(A0, A5, 0),           /* 0x0c */ \
	CSC(A0, A5, 16),          /* 0x10 */ \
	CSC(A0, A5, 32),          /* 0x14 */ \
	b0, b1, b2, b3, b4,       /* 0x18 .. 0x28: the fourth authority, a1 */ \
	CSC(A1, A5, 48),          /* 0x2c */ \
	ADDI(T0, ZERO, 4),        /* 0x30 */ \
	CLC(A0, A5, 0),           /* 0x34 loop */ \
	CINCIMM(A5, A5, 16),      /* 0x38 */ \
	CLD(A2, A0, 4),           /* 0x3c [4, 12), aligned: the exact check */ \
	ADD(A3, A3, A2),          /* 0x40 */ \
	ADDI(T0, T0, -1),         /* 0x44 */ \
	BNE(T0, ZERO, -20),       /* 0x48 -> 0x34 */ \
	ECALL,                    /* 0x4c */ \
}
static const uint32_t p_exact_below[] = P_EXACT(CINCIMM(A1, A0, -8), NOP, NOP, NOP, NOP);
/* DDC (the root) with address 7 seals a0 */
static const uint32_t p_exact_sealed[] =
	P_EXACT(CSPECIALRW(T2, 1, ZERO), ADDI(T1, ZERO, 7), CSETADDR(T2, T2, T1), CSEAL(A1, A0, T2), NOP);
/* [end - 4, end + 8) from the root, end = 2^24 + 4 KiB: the load [end, end + 8) */
static const uint32_t p_exact_memend[] =
	P_EXACT(CSPECIALRW(T2, 1, ZERO), LUI(T1, 0x1001), ADDI(T1, T1, -4), CSETADDR(A1, T2, T1), CSETBIMM(A1, A1, 12));

/* a run through s1 whose last load leaves the bounds: the shared check fails, and the
 * interpreter runs the loads one by one: the first two load, the third traps */
static const uint32_t p_group_oob[] = {
	CLD(A2, S1, 0),           /* 0x00 */
	CLD(A3, S1, 32),          /* 0x04 */
	CLD(A4, S1, 64),          /* 0x08 Length */
};

TEST(hart_jit_cap_lockstep)
{
	const struct cprog progs[] = {
		/* 3 + 8 rounds of 9 + 11 = 86 */
		{ "copy loop and manipulations", p_copy, 24, 86, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x5c },
		/* 1 + 4 rounds of 5 = 21 */
		{ "CLC leaves its bounds", p_bounds, 6, 21, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A0, CODE + 0x04 },
		{ "CSC without Permit_Store", p_nostore, 4, 2, HART_CAUSE_CHERI, CAP_CAUSE_STORE, A3, CODE + 0x08 },
		{ "CSC of a local capability", p_local, 5, 3, HART_CAUSE_CHERI, CAP_CAUSE_STORE_LOCAL_CAP, S3,
		  CODE + 0x0c },
		{ "load through a sealed capability", p_sealed, 13, 12, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, A2,
		  CODE + 0x30 },
		{ "CLC through an untagged capability", p_untagged, 3, 2, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0,
		  CODE + 0x08 },
		{ "misaligned CLC", p_misaligned, 3, 2, HART_CAUSE_LOAD_MISALIGNED, 0, 0, CODE + 0x08 },
		{ "CIncOffset cases", p_incs, 11, 10, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S1, CODE + 0x28 },
		{ "CGetAddr, CSub", p_addr, 6, 5, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0, CODE + 0x14 },
		/* 7 + 3 rounds of 8 + 2 = 33 */
		{ "inline CIncOffset and CMove", p_moves, NPROG(p_moves), 33, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A1, CODE + 0x44 },
		/* 10 + 2 rounds of 4 = 18 */
		/* 3 + 3 rounds of 37 + 5 = 119 */
		{ "loaded capabilities decoded when used", p_lazy, NPROG(p_lazy), 119, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A2,
		  CODE + 0xa8 },
		/* 2 + 3 rounds of 12 + 1 = 39 */
		{ "accesses sharing a check", p_groups, NPROG(p_groups), 39, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S1, CODE + 0x40 },
		/* 3 + 3 rounds of 7 + 2 = 26 */
		{ "accesses at an object's end, small objects", p_tail, NPROG(p_tail), 26, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A0,
		  CODE + 0x30 },
		/* 13 + 3 rounds of 6 + 2 = 33 */
		{ "the exact check: below the base", p_exact_below, NPROG(p_exact_below), 33, HART_CAUSE_CHERI,
		  CAP_CAUSE_LENGTH, A0, CODE + 0x3c },
		{ "the exact check: sealed", p_exact_sealed, NPROG(p_exact_sealed), 33, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, A0,
		  CODE + 0x3c },
		{ "the exact check: past the end of memory", p_exact_memend, NPROG(p_exact_memend), 33, HART_CAUSE_LOAD_ACCESS, 0, 0,
		  CODE + 0x3c },
		{ "a shared check that fails", p_group_oob, NPROG(p_group_oob), 2, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S1,
		  CODE + 0x08 },
		{ "stores to a page with tags", p_tagstores, NPROG(p_tagstores), 18, HART_CAUSE_CHERI, CAP_CAUSE_STORE, S2, CODE + 0x38 },
		/* 8 + 3 rounds of 6 = 26 */
		{ "store into code through a capability", p_smc_cap, NPROG(p_smc_cap), 26, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x38 },
		/* 7 + 3 rounds of 5 = 22 */
		{ "AMO into code through a capability", p_smc_amo, NPROG(p_smc_amo), 22, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x30 },
		/* 4 rounds of 4 + 16 = 32 */
		{ "LR, SC and AMOs through capabilities", p_atomics, NPROG(p_atomics), 32, HART_CAUSE_CHERI, CAP_CAUSE_STORE, S2,
		  CODE + 0x50 },
		/* 3 + 4 rounds of 7 + 4 = 35 */
		{ "CLC without Permit_Load_Capability, CSC without Permit_Store_Capability", p_capperms,
		  NPROG(p_capperms), 35, HART_CAUSE_CHERI, CAP_CAUSE_STORE_CAP, A1, CODE + 0x38 },
		{ "inline CLC and CSC", p_clcsc, NPROG(p_clcsc), 17, HART_CAUSE_CHERI, CAP_CAUSE_STORE, S2, CODE + 0x44 },
		{ "CLC through an integer with stale metadata", p_stale_clc, NPROG(p_stale_clc), 2, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0,
		  CODE + 0x08 },
		{ "CSC through an integer with stale metadata", p_stale_csc, NPROG(p_stale_csc), 2, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0,
		  CODE + 0x08 },
		{ "CLD through an integer with stale metadata", p_stale_cld, NPROG(p_stale_cld), 2, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0,
		  CODE + 0x08 },
		{ "misaligned CSC on a plain page", p_misaligned_plain, NPROG(p_misaligned_plain), 4, HART_CAUSE_STORE_MISALIGNED, 0, 0,
		  CODE + 0x10 },
		/* 1 + 3 rounds of 5 + 9 = 25 */
		{ "CJAL, CJALR and sentries", p_calls, NPROG(p_calls), 25, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, A1, CODE + 0x3c },
		{ "CJALR through a data capability", p_cjalr_noexec, NPROG(p_cjalr_noexec), 0, HART_CAUSE_CHERI, CAP_CAUSE_EXECUTE, S2, CODE },
		{ "CJALR through an untagged capability", p_cjalr_untagged, NPROG(p_cjalr_untagged), 2, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0,
		  CODE + 0x08 },
		{ "CJALR through an integer with stale metadata", p_cjalr_stale, NPROG(p_cjalr_stale), 2, HART_CAUSE_CHERI, CAP_CAUSE_TAG,
		  A0, CODE + 0x08 },
		/* 4 + 3 + 1 + 3 = 11 */
		{ "CJALR through a narrower capability", p_narrow, NPROG(p_narrow), 11, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x14 },
		{ "CIncOffset, CLD through a CJAL link", p_sentry_load, NPROG(p_sentry_load), 2, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, RA,
		  CODE + 0x0c },
		{ "CSD through a CJAL link", p_sentry_store, NPROG(p_sentry_store), 1, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, RA, CODE + 0x08 },
		{ "inline CGet* and CSetAddr", p_cget, NPROG(p_cget), 22, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S4,
		  CODE + 0x58 },
		/* 5 + 3 rounds of 8 = 29 */
		{ "AUIPCC inside and outside PCC's bounds", p_auipcc, NPROG(p_auipcc), 29, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A2,
		  CODE + 0x40 },
		/* 6 + 3 + 1 + 3 = 13 */
		{ "CJALR through PCC without Store", p_fewer_perms, NPROG(p_fewer_perms), 13, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x1c },
		{ "CJALR through a sentry with an offset", p_seal_offset, NPROG(p_seal_offset), 4, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, RA,
		  CODE + 0x14 },
		/* 5 + 5 rounds of 5 + 3 + 1 = 34 */
		{ "CJALR to other bounds and back, then to fewer", p_far, NPROG(p_far), 34, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, 32,
		  CODE + 0x44 },
		/* 5 + 3 rounds of 5 + 4 = 24 */
		{ "CJALR to other bounds, then without Execute", p_far_noexec, NPROG(p_far_noexec), 24, HART_CAUSE_CHERI,
		  CAP_CAUSE_EXECUTE, A7, CODE + 0x30 },
		/* 5 + 3 rounds of 6 = 23 */
		{ "C.CJALR to other bounds", p_far_rvc, NPROG(p_far_rvc), 23, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x20 },
		/* 8 + 3 rounds of 11 = 41 */
		{ "CJALR to other bounds from two PCCs", p_far_two_callers, NPROG(p_far_two_callers), 41, HART_CAUSE_ECALL_U, 0, 0,
		  CODE + 0x30 },
		/* 5 + 5 rounds of 6 = 35 */
		{ "CJALR to other bounds, the link over a capability", p_far_relink, NPROG(p_far_relink), 35, HART_CAUSE_ECALL_U, 0,
		  0, CODE + 0x24 },
		/* 6 + 4 rounds of 6 + 4 = 34 */
		{ "CJALR through a loaded sentry, then one moved to its top", p_far_loaded_top, NPROG(p_far_loaded_top), 34,
		  HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A7, CODE + 0x38 },
		{ "CJALR through a loaded sentry, then one moved below its base", p_far_loaded_below,
		  NPROG(p_far_loaded_below), 34, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A7, CODE + 0x38 },
		/* 6 + 4 rounds of 6 + 6 = 36 */
		{ "CJALR through a loaded sentry, then one without Execute", p_far_loaded_noexec, NPROG(p_far_loaded_noexec), 36,
		  HART_CAUSE_CHERI, CAP_CAUSE_EXECUTE, A7, CODE + 0x40 },
		/* 4 + 4 rounds of 5 + 1 = 25 */
		{ "CJALR to other bounds, then to their top", p_far_at_top, NPROG(p_far_at_top), 25, HART_CAUSE_CHERI,
		  CAP_CAUSE_LENGTH, A6, CODE + 0x20 },
		{ "CJALR to other bounds, then below them", p_far_below, NPROG(p_far_below), 25, HART_CAUSE_CHERI,
		  CAP_CAUSE_LENGTH, A6, CODE + 0x20 },
	};
	for (size_t k = 0; k < sizeof progs / sizeof progs[0]; k++)
		for (uint64_t b = 1; b <= 51; b++) {
			uint64_t budget = b <= 48 ? b : b == 49 ? 64 : b == 50 ? 1000 : UINT64_MAX;
			t_case("%s, runs of %llu", progs[k].name, (unsigned long long)budget);
			cap_lockstep(&progs[k], budget);
		}
}

/* A far CJALR uses a memo entry (struct hart cjmemo) only when the entry was made for its
 * generation (PCC and domain), the target's pesbt, base and top (a loaded target: pesbt and
 * address): p_far_two_callers and p_far_loaded_top run to their end on both harts, then every
 * entry of the translating hart is changed in one of those (base moved down with its span
 * grown to keep the target in bounds) and given a wrong link
 * and PCC; both harts run the program again, and agree: no entry was used (each jump's body
 * ran and made a right one). Lookups land on the same entry as before (the slot is a function
 * of the jump), so an entry that were used would show its wrong link or PCC. */
TEST(hart_jit_cap_far_memo_keys)
{
	static const char *const what[] = { "generation", "pesbt", "base (a loaded one's: address)", "top",
					    "top (its upper half)" };
	/* p_far_two_callers: decoded targets; p_far_loaded_top: loaded ones (CV_LAZY) too */
	const struct cprog progs[2] = {
		{ "two callers", p_far_two_callers, NPROG(p_far_two_callers), 41, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x30 },
		{ "a loaded sentry", p_far_loaded_top, NPROG(p_far_loaded_top), 34, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A7,
		  CODE + 0x38 },
	};
	for (int q = 0; q < 4; q++)
		for (int k = 0; k < 5; k++) {
			/* q & 2: each entry moved to the other way of its set (both ways' checks) */
			t_case("%s, an entry of another %s%s", progs[q & 1].name, what[k], q & 2 ? ", other way" : "");
			const struct cprog *p = &progs[q & 1];
			struct cside a = cside_new(p, false), b = cside_new(p, true);
			struct hart_trap ta, tb;
			T_EQ(hart_run(a.h, 1u << 20, &ta), HART_EXIT_TRAP);
			T_EQ(hart_run(b.h, 1u << 20, &tb), HART_EXIT_TRAP);
			for (unsigned e = 0; (q & 2) && e < sizeof a.h->cjmemo / sizeof a.h->cjmemo[0]; e += 2) {
				struct cjalr_memo w0 = a.h->cjmemo[e];
				a.h->cjmemo[e] = a.h->cjmemo[e + 1];
				a.h->cjmemo[e + 1] = w0;
			}
			unsigned used = 0, lazy = 0;
			for (unsigned e = 0; e < sizeof a.h->cjmemo / sizeof a.h->cjmemo[0]; e++) {
				struct cjalr_memo *m = &a.h->cjmemo[e];
				if (!m->from_gen)
					continue;
				used++;
				lazy += m->top == 0;
				if (k == 0)
					m->from_gen ^= 1ULL << 40;
				else if (k == 1)
					m->pesbt ^= 1;
				else if (k == 2) {
					m->base -= 0x100;
					m->tspan += 0x100;
				} else
					m->top += k == 3 ? 0x100 : (cap_u128)1 << 64;
				m->link.pesbt ^= 1;
				m->to.pcc.pesbt ^= 1;
			}
			T_TRUE(used >= (q & 1 ? 2u : 4u));   /* the calls and the returns */
			T_TRUE(q & 1 ? lazy >= 1 : lazy == 0);
			hart_set_pc(a.h, CODE);
			hart_set_pc(b.h, CODE);
			T_EQ(hart_run(a.h, 1u << 20, &ta), HART_EXIT_TRAP);
			T_EQ(hart_run(b.h, 1u << 20, &tb), HART_EXIT_TRAP);
			T_EQ(ta.pc, p->trap_pc);
			T_EQ(tb.pc, p->trap_pc);
			T_EQ(ta.cause, p->cause);
			T_TRUE(same_state(&a, &b));
			T_EQ(hart_get_x(a.h, A3), q & 1 ? 0 : 6);   /* g ran twice 3 times */
			cside_free(&a);
			cside_free(&b);
		}
}

/* A block whose code outgrows what one translation may take (jit.c JIT_BLOCK_MAX): a loop of
 * 60 CLCs of a tagged granule that starts its block, so the block has a loop copy: two copies of
 * ~0.65 KiB per CLC, 78 KiB. The translator must make a shorter block, not abort (found by
 * fuzz_hart: FINDINGS 4); translated and interpreted harts agree at every run length.
 * 2 + 3 rounds of 60 + 2 = 188 */
TEST(hart_jit_cap_long_block)
{
	enum { NCLC = 60 };
	uint32_t code[NCLC + 5];
	unsigned n = 0;
	code[n++] = ADDI(T0, ZERO, 3);
	code[n++] = CJAL(ZERO, 4);           /* the loop's block starts at its head */
	for (unsigned k = 0; k < NCLC; k++)
		code[n++] = CLC(A4, S0, 0x20);   /* DATA + 0x20: a tagged capability */
	code[n++] = ADDI(T0, T0, -1);
	code[n++] = BNE(T0, ZERO, -4 * (NCLC + 1));
	code[n++] = ECALL;
	const struct cprog p = { "60 CLCs in a loop", code, n, 188, HART_CAUSE_ECALL_U, 0, 0, CODE + 4 * (NCLC + 4) };
	for (uint64_t budget = 1; budget <= 200; budget = budget < 8 ? budget + 1 : budget * 3) {
		t_case("%s, runs of %llu", p.name, (unsigned long long)budget);
		cap_lockstep(&p, budget);
	}
	t_case("%s, runs of 2^64 - 1", p.name);
	cap_lockstep(&p, UINT64_MAX);
}

/* the AMO programs' results, known by hand */
TEST(hart_jit_cap_atomics_results)
{
	const struct cprog smc = { "smc", p_smc_amo, NPROG(p_smc_amo), 22, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x30 };
	struct cside s = cside_new(&smc, false);
	struct hart_trap tr;
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(s.h, A2), 7);
	T_EQ(hart_get_x(s.h, A4), 0x00700613);   /* rounds 2 and 3 read the new instruction back */
	cside_free(&s);
	const struct cprog at = { "atomics", p_atomics, NPROG(p_atomics), 32, HART_CAUSE_CHERI, CAP_CAUSE_STORE, S2,
				  CODE + 0x50 };
	s = cside_new(&at, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	/* granule 1's second word, 0x1111111111111111: swap.w 4 -> 0x1111111100000004, maxu.w -1 ->
	 * 0x11111111ffffffff, min.d -1 -> -1, xor.d 4 -> ~4, and.w -1 -> ~4, or.d 4 -> -1, max.w 0 ->
	 * 0xffffffff00000000, minu.d 4 -> 4; LR reads 4, + 7 */
	T_EQ(hart_get_x(s.h, A2), 11);
	T_EQ(hart_get_x(s.h, A4), 0xffffffff00000000ULL);   /* minu.d: the old value */
	T_EQ(hart_get_x(s.h, A3), 0);   /* the SC stored */
	T_EQ(hart_get_x(s.h, T1), 1);   /* the second had no reservation */
	uint64_t w;
	T_EQ(mem_read(s.m, DATA + 0x18, &w, 8), MEM_OK);
	T_EQ(w, 11);
	T_EQ(mem_get_tag(s.m, DATA), false);          /* granule 0: AMO'd */
	T_EQ(mem_get_tag(s.m, DATA + 0x40), false);   /* granule 4: AMO'd */
	T_EQ(mem_get_tag(s.m, DATA + 0x20), true);    /* granule 2: untouched */
	cside_free(&s);
}

/* p_tail's results, known by hand, and its accesses stayed translated */
TEST(hart_jit_cap_tail_results)
{
	const struct cprog p = { "tail", p_tail, NPROG(p_tail), 26, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A0, CODE + 0x30 };
	struct cside s = cside_new(&p, false);
	struct hart_trap tr;
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.pc, CODE + 0x30);
	T_EQ(hart_get_x(s.h, A1), 0x3333333333333333ULL);   /* granule 3's second word */
	T_EQ(hart_get_x(s.h, A2), 1);
	T_EQ(hart_get_x(s.h, A3), 0x33);
	T_EQ(hart_get_x(s.h, A4), (DATA + 0x300 + 3));      /* granule 3's address word */
	uint64_t w;
	T_EQ(mem_read(s.m, DATA + 0x100, &w, 8), MEM_OK);
	T_EQ(w, 0x3333333333333333ULL);
	cside_free(&s);
}

/* AUIPCC's results under the page-sized PCC, known by hand */
TEST(hart_jit_cap_auipcc_results)
{
	const struct cprog p = { "auipcc", p_auipcc, NPROG(p_auipcc), 29, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, A2, CODE + 0x40 };
	struct cside s = cside_new(&p, false);
	struct hart_trap tr;
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.pc, CODE + 0x40);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	struct cap c;
	hart_get_creg(s.h, A1, &c);   /* inside: PCC at 0x20 */
	T_EQ(c.tag, true);
	T_EQ(c.addr, CODE + 0x20);
	T_EQ(c.base, CODE);
	T_EQ(cap_get_top(&c), CODE + 0x1000);
	hart_get_creg(s.h, A2, &c);   /* 4 KiB above: out of bounds, representable */
	T_EQ(c.tag, true);
	T_EQ(c.addr, CODE + 0x1024);
	T_EQ(c.base, CODE);
	hart_get_creg(s.h, A3, &c);   /* 1 MiB above: not representable */
	T_EQ(c.tag, false);
	T_EQ(c.addr, CODE + 0x100028);
	hart_get_creg(s.h, A5, &c);   /* 4 KiB below */
	T_EQ(c.addr, CODE - 0x1000 + 0x2c);
	T_EQ(c.tag, false);
	T_EQ(hart_get_x(s.h, A6), (uint64_t)p_auipcc[13] << 32 | p_auipcc[12]);   /* the words at 0x30, 0x34 */
	cside_free(&s);
}

/* the copy loop's results, known by hand: both engines agreeing on a wrong answer fails */
TEST(hart_jit_cap_results)
{
	const struct cprog p = { "copy", p_copy, 24, 86, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x5c };
	struct cside s = cside_new(&p, false);
	struct hart_trap tr;
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	for (unsigned k = 0; k < 8; k++)   /* tags copied, except the one the CSD hit (k = 0) */
		T_EQ(mem_get_tag(s.m, DATA + 0x400 + 16 * k), k != 0 && !(k & 1));
	struct cap c;
	hart_get_creg(s.h, A4, &c);   /* cmove s0, then + 1 as an integer */
	T_EQ(c.tag, false);
	T_EQ(c.addr, DATA + 1);
	hart_get_creg(s.h, A6, &c);
	T_EQ(c.addr, 0);              /* no permissions */
	hart_get_creg(s.h, A0, &c);
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA + 0x80);
	hart_get_creg(s.h, A2, &c);   /* auipcc: PCC at 0x50 */
	T_EQ(c.tag, true);
	T_EQ(c.addr, CODE + 0x50);
	hart_get_creg(s.h, A3, &c);   /* ccleartag of s0 */
	T_EQ(c.tag, false);
	T_EQ(c.base, DATA);
	cside_free(&s);

	const struct cprog q = { "incs", p_incs, 11, 10, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S1, CODE + 0x28 };
	for (int no_jit = 0; no_jit < 2; no_jit++) {   /* the interpreter's CIncOffset fast path too */
		t_case("CIncOffset results, %s", no_jit ? "interpreted" : "translated");
		s = cside_new(&q, no_jit);
		T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
		T_EQ(tr.cheri_cause, CAP_CAUSE_LENGTH);
		hart_get_creg(s.h, A0, &c);
		T_EQ(c.tag, false);
		T_EQ(c.addr, 105);
		T_EQ(hart_get_x(s.h, A2), 0);   /* the unrepresentable result lost its tag */
		hart_get_creg(s.h, A3, &c);
		T_EQ(c.tag, true);
		T_EQ(c.addr, DATA);
		T_EQ(c.base, DATA);
		cside_free(&s);
	}

	const struct cprog r = { "addr", p_addr, 6, 5, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A0, CODE + 0x14 };
	s = cside_new(&r, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(hart_get_x(s.h, A0), DATA);
	T_EQ(hart_get_x(s.h, A1), 0);
	T_EQ(hart_get_x(s.h, A3), DATA);
	T_EQ(hart_get_x(s.h, A4), DATA);   /* the address field of the first capability */
	cside_free(&s);

	const struct cprog u = { "moves", p_moves, NPROG(p_moves), 33, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A1, CODE + 0x44 };
	s = cside_new(&u, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_TAG);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	hart_get_creg(s.h, A1, &c);   /* untagged, metadata kept */
	T_EQ(c.tag, false);
	T_EQ(c.addr, DATA + 8);
	T_EQ(c.base, DATA);
	T_EQ128(c.top, DATA + 0x40);
	hart_get_creg(s.h, A2, &c);   /* to the top and back: still tagged */
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA + 0x38);
	T_EQ(c.base, DATA);
	hart_get_creg(s.h, A5, &c);   /* the last round's integer copy */
	T_EQ(c.tag, false);
	T_EQ(c.addr, 2);
	T_EQ(c.pesbt, CAP_NULL_PESBT);
	hart_get_creg(s.h, A7, &c);   /* s0 + t0 of the last round */
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA + 1);
	T_EQ128(c.top, DATA + 0x1000);
	T_EQ(hart_get_x(s.h, A6), DATA + 0x101);   /* the address field of granule 1 */
	cside_free(&s);

	const struct cprog l = { "lazy", p_lazy, NPROG(p_lazy), 119, HART_CAUSE_CHERI, CAP_CAUSE_TAG, A2, CODE + 0xa8 };
	s = cside_new(&l, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_TAG);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	T_EQ(hart_get_x(s.h, A3), DATA);           /* CGetBase */
	T_EQ(hart_get_x(s.h, A5), 1);              /* the last round's t0, stored and loaded */
	T_EQ(hart_get_x(s.h, GP), 0x564);          /* CGetOffset: the 22nd cursor, + 4 */
	T_EQ(hart_get_x(s.h, A1), 0x1000);         /* CGetLen of the CMove copy */
	hart_get_creg(s.h, A7, &c);                /* loaded through a loaded one: zeros there */
	T_EQ(c.tag, false);
	T_EQ(c.addr, 0);
	T_EQ(hart_get_x(s.h, TP), DATA + 0x570 - 0x7f0);   /* moved below its base */
	hart_get_creg(s.h, A2, &c);                /* granule 3: untagged, its bytes as they are */
	T_EQ(c.tag, false);
	T_EQ(c.addr, DATA + 0x303);
	T_EQ(mem_get_tag(s.m, DATA + 0x550), true);   /* a2 stored through t1 in the last round */
	T_EQ(mem_get_tag(s.m, DATA + 0x610), true);
	T_EQ(mem_get_tag(s.m, DATA + 0x620), true);   /* the spilled sentry */
	cside_free(&s);

	const struct cprog gr = { "groups", p_groups, NPROG(p_groups), 39, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S1, CODE + 0x40 };
	s = cside_new(&gr, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_LENGTH);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	T_EQ(hart_get_x(s.h, A7), 1);   /* the last round: t0 = 1 at +8 */
	T_EQ(hart_get_x(s.h, A6), 7);   /* 1 + (3 + 2 + 1) */
	T_EQ(hart_get_x(s.h, A2), 6);
	uint64_t gv = 0;
	T_EQ(mem_load64(s.m, DATA + 0x110, &gv), MEM_OK);
	T_EQ(gv, 7);
	T_EQ(mem_load64(s.m, DATA + 0x118, &gv), MEM_OK);
	T_EQ(gv, 6);
	const struct cprog o = { "group oob", p_group_oob, NPROG(p_group_oob), 2, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S1,
				 CODE + 0x08 };
	cside_free(&s);
	s = cside_new(&o, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.pc, CODE + 0x08);
	T_EQ(hart_get_x(s.h, A2), DATA);   /* granule 0's address word */
	T_EQ(hart_get_x(s.h, A3), DATA + 0x200 + 2);   /* granule 2's */
	cside_free(&s);

	const struct cprog w = { "tagstores", p_tagstores, NPROG(p_tagstores), 18, HART_CAUSE_CHERI, CAP_CAUSE_STORE, S2, CODE + 0x38 };
	s = cside_new(&w, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_STORE);
	T_TRUE(hart_jit_blocks(s.h) > 0);
	for (unsigned k = 0; k < 8; k++)
		T_EQ(mem_get_tag(s.m, DATA + 16 * k), k == 6);
	uint64_t v = 0;
	T_EQ(mem_load64(s.m, DATA, &v), MEM_OK);
	T_EQ(v & 0xff, 0x55);
	T_EQ(v >> 8, (DATA + 0) >> 8);   /* the rest of the address word stays */
	T_EQ(mem_load64(s.m, DATA + 0x58, &v), MEM_OK);
	T_EQ(v, 0x55);
	T_EQ(mem_load64(s.m, DATA + 0x20, &v), MEM_OK);
	T_EQ(v, DATA + 0x202);   /* unchanged bytes, no tag */
	T_EQ(mem_load64(s.m, DATA + 0x48, &v), MEM_OK);
	T_EQ(v, 0x55);
	cside_free(&s);

	const struct cprog x = { "smc", p_smc_cap, NPROG(p_smc_cap), 26, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x38 };
	s = cside_new(&x, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(s.h, A2), 7);
	cside_free(&s);

	const struct cprog y = { "clcsc", p_clcsc, NPROG(p_clcsc), 17, HART_CAUSE_CHERI, CAP_CAUSE_STORE, S2, CODE + 0x44 };
	s = cside_new(&y, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_STORE);
	hart_get_creg(s.h, A1, &c);
	T_EQ(c.tag, false);
	T_EQ(c.addr, 0x77);
	T_EQ(c.pesbt, CAP_NULL_PESBT);
	for (unsigned k = 0; k < 8; k++)
		T_EQ(mem_get_tag(s.m, DATA + 16 * k), k == 0);
	hart_get_creg(s.h, A3, &c);   /* the untagged copy of s0 */
	T_EQ(c.tag, false);
	T_EQ(c.addr, DATA);
	T_EQ(c.base, DATA);
	T_EQ128(c.top, DATA + 0x1000);
	hart_get_creg(s.h, A4, &c);
	T_EQ(c.tag, false);
	T_EQ(c.base, DATA);
	hart_get_creg(s.h, A5, &c);
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA);
	T_EQ128(c.top, DATA + 0x1000);
	hart_get_creg(s.h, A6, &c);
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA + 0x600 + 6);
	T_EQ(mem_get_tag(s.m, DATA + 0x1020), true);
	cside_free(&s);

	const struct cprog z = { "calls", p_calls, NPROG(p_calls), 25, HART_CAUSE_CHERI, CAP_CAUSE_SEAL, A1, CODE + 0x3c };
	s = cside_new(&z, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_SEAL);
	T_EQ(hart_get_x(s.h, A2), 3);
	T_EQ(hart_get_x(s.h, A3), 101);
	struct cap pcc;
	hart_get_pcc(s.h, &pcc);
	T_EQ(pcc.base, CODE + 0x10);   /* the narrower PCC */
	hart_get_creg(s.h, A1, &c);   /* the link of 0x14 */
	T_EQ(c.tag, true);
	T_EQ(c.addr, CODE + 0x18);
	T_EQ(cap_otype(&c), CAP_OTYPE_SENTRY);
	T_EQ(c.base, 0);
	hart_get_creg(s.h, RA, &c);   /* the link of 0x34, made under the old PCC */
	T_EQ(c.tag, true);
	T_EQ(c.addr, CODE + 0x38);
	T_EQ(cap_otype(&c), CAP_OTYPE_SENTRY);
	T_EQ(cap_perms(&c), cap_perms(&pcc));
	cside_free(&s);

	const struct cprog n = { "narrow", p_narrow, NPROG(p_narrow), 11, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x14 };
	s = cside_new(&n, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(s.h, A2), 2);
	hart_get_creg(s.h, A5, &c);   /* PCC at 0x20 the second time: the narrower bounds */
	T_EQ(c.tag, true);
	T_EQ(c.base, CODE + 0x20);
	T_EQ128(c.top, CODE + 0x30);
	cside_free(&s);

	const struct cprog q2 = { "perms", p_fewer_perms, NPROG(p_fewer_perms), 13, HART_CAUSE_ECALL_U, 0, 0, CODE + 0x1c };
	s = cside_new(&q2, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	hart_get_creg(s.h, A5, &c);   /* PCC at 0x20 the second time: no Store */
	T_EQ(c.tag, true);
	T_EQ(cap_perms(&c) & CAP_PERM_STORE, 0);
	T_TRUE(cap_perms(&c) & CAP_PERM_EXECUTE);
	cside_free(&s);

	const struct cprog g = { "cget", p_cget, NPROG(p_cget), 22, HART_CAUSE_CHERI, CAP_CAUSE_LENGTH, S4, CODE + 0x58 };
	s = cside_new(&g, false);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cheri_cause, CAP_CAUSE_LENGTH);
	T_EQ(hart_get_x(s.h, A0), UINT64_MAX);   /* the root: 2^64 saturated */
	T_EQ(hart_get_x(s.h, A6), UINT64_MAX);   /* NULL-derived: the same */
	T_EQ(hart_get_x(s.h, A1), 0);
	T_EQ(hart_get_x(s.h, A4), 0x10);
	T_EQ(hart_get_x(s.h, A5), CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP);
	T_EQ(hart_get_x(s.h, A7), 0);
	T_EQ(hart_get_x(s.h, T0), 1);
	T_EQ(hart_get_x(s.h, T1), DATA + 0x800);
	T_EQ(hart_get_x(s.h, GP), 0);
	T_EQ(hart_get_x(s.h, TP), 0);
	hart_get_creg(s.h, S3, &c);
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA + 0x20);
	T_EQ(c.base, DATA);
	hart_get_creg(s.h, S4, &c);
	T_EQ(c.tag, true);
	T_EQ(c.addr, DATA + 0x800);
	cside_free(&s);
}
