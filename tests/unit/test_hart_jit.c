/* test_hart_jit.c - the block translator against the interpreter alone (hart_options.no_jit).
 *
 * Each program runs on two harts over two identical address spaces, one translating, one
 * interpreting, with every budget from 0 to past the end: exit kind, instret, pc, trap record,
 * every integer register and the data page must agree after every run. The programs are
 * written to reach the translator's edges: a taken branch in the middle of a block (refund of
 * the rest), a self-loop, chained blocks, calls and returns across pages (jump cache), loads
 * and stores of every size with sign extension, division by 0 and -1 (side exits), an access
 * that leaves its bounds in the middle of a translated loop (the trap must be the
 * interpreter's), and a store into the code being run.
 * Expected totals are also checked against numbers counted by hand, so the test fails if the
 * two engines agree on a wrong answer. */
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#define CODE  0x10000ULL
#define CODE2 0x12000ULL   /* another page: far calls */
#define DATA  0x20000ULL

#include "rv_enc.h"

static uint32_t enc_jal(unsigned rd, int32_t off)
{
	uint32_t u = (uint32_t)off;
	return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}
#define ADDI(rd, rs, imm)  ENC_I(0x13, 0, rd, rs, imm)
#define ANDI(rd, rs, imm)  ENC_I(0x13, 7, rd, rs, imm)
#define ADD(rd, a, b)      ENC_R(0x33, 0, 0, rd, a, b)
#define MUL(rd, a, b)      ENC_R(0x33, 0, 1, rd, a, b)
#define DIV(rd, a, b)      ENC_R(0x33, 4, 1, rd, a, b)
#define REMW(rd, a, b)     ENC_R(0x3b, 6, 1, rd, a, b)
#define SLL(rd, a, b)      ENC_R(0x33, 1, 0, rd, a, b)
#define LB(rd, rs, imm)    ENC_I(0x03, 0, rd, rs, imm)
#define LHU(rd, rs, imm)   ENC_I(0x03, 5, rd, rs, imm)
#define LW(rd, rs, imm)    ENC_I(0x03, 2, rd, rs, imm)
#define LD(rd, rs, imm)    ENC_I(0x03, 3, rd, rs, imm)
#define SB(rs2, rs1, imm)  ENC_S(0, rs1, rs2, imm)
#define SH(rs2, rs1, imm)  ENC_S(1, rs1, rs2, imm)
#define SD(rs2, rs1, imm)  ENC_S(3, rs1, rs2, imm)
#define BEQ(a, b, off)     ENC_B(0, a, b, off)
#define BNE(a, b, off)     ENC_B(1, a, b, off)
#define BLT(a, b, off)     ENC_B(4, a, b, off)
#define JALR(rd, rs, imm)  ENC_I(0x67, 0, rd, rs, imm)
#define ECALL 0x00000073u
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5 };

struct prog {
	const char *name;
	const uint32_t *code;
	size_t n;
	const uint32_t *code2;   /* at CODE2, or NULL */
	size_t n2;
	uint64_t ddc_len;        /* DDC = [DATA, DATA + ddc_len) (0: the whole root) */
	uint64_t instret;        /* counted by hand: instructions to the final trap */
	unsigned cause;          /* of the final trap */
	uint64_t trap_pc;
	/* when set: after the first run DDC becomes [ddc2, ddc2 + 1 MiB) on both harts (DATA
	 * lies below it), so translations made for the old DDC must go; only the cause of the
	 * final trap is known then */
	uint64_t ddc2;
};

struct side {
	struct mem *m;
	struct hart *h;
};

static struct side side_new(const struct prog *p, bool no_jit)
{
	struct side s;
	s.m = mem_new(1ULL << 24);
	if (!s.m || mem_map(s.m, CODE, 0x4000) != MEM_OK || mem_map(s.m, DATA, 0x1000) != MEM_OK)
		abort();
	if (mem_write(s.m, CODE, p->code, p->n * 4) != MEM_OK)
		abort();
	if (p->code2 && mem_write(s.m, CODE2, p->code2, p->n2 * 4) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = no_jit };
	s.h = hart_new(s.m, &opt);
	struct cap root = cap_root(), pcc = root, ddc = root;
	pcc.addr = CODE;
	hart_set_pcc(s.h, &pcc);
	if (p->ddc_len)
		ddc = cap_build_from_root(&root, DATA, p->ddc_len, CAP_PERMS_ALL);
	hart_set_ddc(s.h, &ddc);
	hart_set_x(s.h, S0, DATA);
	/* doubles for the FP program: 1.5, 3.25, +inf, 0.1 */
	static const double fpdata[] = { 1.5, 3.25, __builtin_inf(), 0.1 };
	if (mem_write(s.m, DATA + 0x100, fpdata, sizeof fpdata) != MEM_OK)
		abort();
	/* a1 and a4 start as capabilities: an integer write must untag them at the right time */
	struct cap c = cap_build_from_root(&root, DATA, 0x100, CAP_PERMS_ALL);
	hart_set_creg(s.h, A1, &c);
	hart_set_creg(s.h, A4, &c);
	return s;
}

static void side_free(struct side *s)
{
	hart_free(s->h);
	mem_free(s->m);
}

/* run both to the end in runs of `budget` instructions, comparing after every run */
static void lockstep(const struct prog *p, uint64_t budget)
{
	struct side a = side_new(p, false), b = side_new(p, true);
	for (int runs = 0; runs < 100000; runs++) {
		struct hart_trap ta, tb;
		memset(&ta, 0, sizeof ta);
		memset(&tb, 0, sizeof tb);
		enum hart_exit ea = hart_run(a.h, budget, &ta), eb = hart_run(b.h, budget, &tb);
		bool ok = T_EQ(ea, eb) && T_EQ(hart_instret(a.h), hart_instret(b.h));
		struct cap pa, pb;
		hart_get_pcc(a.h, &pa);
		hart_get_pcc(b.h, &pb);
		ok = ok && T_EQ(pa.addr, pb.addr);
		for (unsigned r = 1; r < 32 && ok; r++) {
			struct cap ca, cb;
			hart_get_creg(a.h, r, &ca);
			hart_get_creg(b.h, r, &cb);
			ok = T_EQ(ca.addr, cb.addr) && T_EQ(ca.tag, cb.tag) && T_EQ(ca.pesbt, cb.pesbt);
		}
		for (unsigned r = 0; r < 32 && ok; r++)
			ok = T_EQ(hart_get_f(a.h, r), hart_get_f(b.h, r));
		ok = ok && T_TRUE(memcmp(mem_host(a.m, DATA), mem_host(b.m, DATA), 0x1000) == 0);
		if (!ok)
			break;
		if (ea == HART_EXIT_TRAP) {
			T_EQ(ta.cause, tb.cause);
			T_EQ(ta.pc, tb.pc);
			T_EQ(ta.tval, tb.tval);
			T_EQ(ta.cap_index, tb.cap_index);
			T_EQ(ta.cause, p->ddc2 && runs > 0 ? HART_CAUSE_CHERI : p->cause);
			if (!p->ddc2 || runs == 0) {
				T_EQ(ta.pc, p->trap_pc);
				T_EQ(hart_instret(a.h), p->instret);
			}
			break;
		}
		T_EQ(ea, HART_EXIT_BUDGET);
		if (p->ddc2 && runs == 0) {
			struct cap root = cap_root(), d = cap_build_from_root(&root, p->ddc2, 1 << 20, CAP_PERMS_ALL);
			hart_set_ddc(a.h, &d);
			hart_set_ddc(b.h, &d);
		}
	}
	if (budget >= 64)
		T_TRUE(hart_jit_blocks(a.h) > 0);   /* the translator did run */
	T_EQ(hart_jit_blocks(b.h), 0);
	side_free(&a);
	side_free(&b);
}

/* a loop whose body has a taken branch in the middle (odd rounds skip a store) */
static const uint32_t p_midbranch[] = {
	ADDI(T0, ZERO, 20),       /* 0x00 */
	ADDI(A0, ZERO, 0),        /* 0x04 */
	ADDI(A1, ZERO, 0),        /* 0x08 */
	ADDI(A0, A0, 1),          /* 0x0c loop */
	ANDI(T1, A0, 1),          /* 0x10 */
	BNE(T1, ZERO, 16),        /* 0x14 -> 0x24 */
	ADDI(A1, A1, 3),          /* 0x18 */
	SD(A1, S0, 0),            /* 0x1c */
	SB(A0, S0, 9),            /* 0x20 */
	ADDI(T0, T0, -1),         /* 0x24 */
	BNE(T0, ZERO, -28),       /* 0x28 -> 0x0c */
	ECALL,                    /* 0x2c */
};

/* calls to a function on another page (jump cache for the JAL there and the JALR back),
 * loads of every width, multiplication, division by 0 and -1 (side exits), shifts */
static const uint32_t p_calls[] = {
	ADDI(T0, ZERO, 12),       /* 0x00 */
	ADDI(A0, ZERO, -5),       /* 0x04 */
	ADDI(A2, ZERO, 0),        /* 0x08 */
	0,                        /* 0x0c jal ra, CODE2 (filled in below) */
	ADD(A2, A2, A0),          /* 0x10 */
	ADDI(A3, T0, -6),         /* 0x14 */
	DIV(A4, A2, A3),          /* 0x18 by 0 once, by -1 once */
	REMW(A5, A2, A3),         /* 0x1c */
	SD(A4, S0, 16),           /* 0x20 */
	SH(A5, S0, 30),           /* 0x24 */
	ADDI(T0, T0, -1),         /* 0x28 */
	BNE(T0, ZERO, -32),       /* 0x2c -> 0x0c */
	LB(A0, S0, 31),           /* 0x30 */
	LHU(A1, S0, 30),          /* 0x34 */
	LW(T2, S0, 16),           /* 0x38 */
	ECALL,                    /* 0x3c */
};
static const uint32_t p_calls_fn[] = {
	MUL(A0, A0, T0),          /* CODE2 + 0 */
	ADDI(T1, ZERO, 3),
	SLL(A0, A0, T1),
	LD(A1, S0, 16),
	ADD(A0, A0, A1),
	JALR(ZERO, RA, 0),
};

/* a store loop that walks off the end of a 64-byte DDC in its 9th round */
static const uint32_t p_oob[] = {
	ADD(A0, S0, ZERO),        /* 0x00 a0 = DATA */
	ADDI(T0, S0, 100),        /* 0x04 */
	ADDI(A1, A1, 7),          /* 0x08 loop */
	SD(A1, A0, 0),            /* 0x0c faults when a0 = 64 */
	ADDI(A0, A0, 8),          /* 0x10 */
	BLT(A0, T0, -12),         /* 0x14 -> 0x08 */
	ECALL,
};

/* a loop that overwrites an instruction of its own block: the store leaves the translated code,
 * the interpreter does it (the page holds decoded code); without FENCE.I the old instruction
 * may still run, which both engines do in the same way here: the store lands after the end */
static const uint32_t p_smc[] = {
	ADDI(T0, ZERO, 5),        /* 0x00 */
	0,                        /* 0x04 lui s1, CODE (filled in below) */
	ADDI(A1, A1, 1),          /* 0x08 loop */
	SD(A1, S1, 0x40),         /* 0x0c store into the code page, past the program */
	ADDI(T0, T0, -1),         /* 0x10 */
	BNE(T0, ZERO, -12),       /* 0x14 -> 0x08 */
	ECALL,                    /* 0x18 */
};

/* jumps inside one block: a forward branch over writes of capability registers (a1, a4), an
 * inner loop that does not start at the block's start, and a back edge to the start */
static const uint32_t p_inner[] = {
	ADDI(T0, ZERO, 5),        /* 0x00 (odd first: the first round jumps over a1's write) */
	ADDI(A2, ZERO, 0),        /* 0x04 */
	ANDI(T1, T0, 1),          /* 0x08 outer */
	BNE(T1, ZERO, 12),        /* 0x0c -> 0x18 on odd t0 */
	ADDI(A1, A1, 5),          /* 0x10 */
	ADDI(A4, A4, 1),          /* 0x14 */
	ADDI(A3, ZERO, 3),        /* 0x18 */
	ADDI(A2, A2, 1),          /* 0x1c inner */
	ADDI(A3, A3, -1),         /* 0x20 */
	BNE(A3, ZERO, -8),        /* 0x24 -> 0x1c */
	ADDI(A1, A1, 1),          /* 0x28 */
	ADDI(T0, T0, -1),         /* 0x2c */
	BNE(T0, ZERO, -40),       /* 0x30 -> 0x08 */
	ECALL,                    /* 0x34 */
};

/* a loop whose translated head is entered again and again from the interpreter (frflags is
 * not translated) */
static const uint32_t p_reenter[] = {
	ADD(A0, S0, ZERO),        /* 0x00 */
	ADDI(T0, ZERO, 50),       /* 0x04 */
	SD(T0, A0, 0),            /* 0x08 loop */
	ADDI(T0, T0, -1),         /* 0x0c */
	ENC_I(0x73, 2, A5, 0, 1), /* 0x10 frflags a5 */
	BNE(T0, ZERO, -12),       /* 0x14 -> 0x08 */
	ECALL,                    /* 0x18 */
};

/* LR, SC and AMOs in translated code (jit_cap.c calls their bodies): a loop whose head, the
 * program's first instruction, is an AMO (a block starts there only if AMOs translate), each
 * operation and width once, an SC that succeeds and one without a reservation, then an AMO
 * whose address is not aligned */
static const uint32_t p_atomics[] = {
	ENC_AMO(ENC_AMO_ADD, 3, A2, S0, T0),    /* 0x00 loop: [DATA] += t0 */
	ADDI(T0, T0, 1),              /* 0x04 */
	ADDI(T1, T0, -4),             /* 0x08 */
	BNE(T1, ZERO, -0xc),          /* 0x0c -> 0x00: [DATA] = 6, a2 = 3 */
	ENC_AMO(ENC_AMO_SWAP, 2, A3, S0, T0),   /* 0x10 a3 = 6, word 4 */
	ADDI(T2, ZERO, -1),           /* 0x14 */
	ENC_AMO(ENC_AMO_MAXU, 2, A1, S0, T2),   /* 0x18 a1 = 4, word 0xffffffff */
	ENC_AMO(ENC_AMO_MIN, 3, A4, S0, T2),    /* 0x1c a4 = 0xffffffff, -1 */
	ENC_AMO(ENC_AMO_XOR, 3, A5, S0, T0),    /* 0x20 a5 = -1, ~4 */
	ENC_AMO(ENC_AMO_AND, 2, S1, S0, T2),    /* 0x24 s1 = sext(~4) */
	ENC_AMO(ENC_AMO_OR, 3, A0, S0, T0),     /* 0x28 */
	ENC_AMO(ENC_AMO_MAX, 2, A1, S0, ZERO),  /* 0x2c */
	ENC_AMO(ENC_AMO_MINU, 3, A4, S0, T0),   /* 0x30 */
	ENC_AMO(ENC_AMO_LR, 3, A2, S0, ZERO),   /* 0x34 */
	ADDI(A2, A2, 7),              /* 0x38 */
	ENC_AMO(ENC_AMO_SC, 3, A3, S0, A2),     /* 0x3c a3 = 0: stored */
	ENC_AMO(ENC_AMO_SC, 3, T1, S0, A2),     /* 0x40 t1 = 1: no reservation */
	ENC_AMO(ENC_AMO_LR, 2, A5, S0, ZERO),   /* 0x44 */
	ENC_AMO(ENC_AMO_SC, 2, T2, S0, T0),     /* 0x48 */
	ADDI(S1, S0, 4),              /* 0x4c */
	ENC_AMO(ENC_AMO_ADD, 3, A2, S1, T0),    /* 0x50 misaligned */
};

/* D arithmetic on the host (dyn rounding), with results the translated code must leave to the
 * interpreter: NaN from inf - inf, FMA inf * 0 + NaN (invalid), a static rounding mode other
 * than frm; then fflags read back */
#define FP_R(f7, rm, rd, a, b) ENC_R(0x53, rm, f7, rd, a, b)
#define FMADD_D(rd, a, b, c) ((uint32_t)(c) << 27 | 1u << 25 | (uint32_t)(b) << 20 | (uint32_t)(a) << 15 | 7u << 12 | \
			      (uint32_t)(rd) << 7 | 0x43)
static const uint32_t p_fp[] = {
	ENC_I(0x07, 3, 1, S0, 0x100),     /* 0x00 fld f1 */
	ENC_I(0x07, 3, 2, S0, 0x108),     /* 0x04 fld f2 */
	ENC_I(0x07, 3, 3, S0, 0x110),     /* 0x08 fld f3 = inf */
	ENC_I(0x07, 3, 4, S0, 0x118),     /* 0x0c fld f4 */
	ADDI(T0, ZERO, 20),               /* 0x10 */
	FP_R(0x01, 7, 5, 1, 2),           /* 0x14 loop: fadd.d f5, f1, f2 */
	FP_R(0x09, 7, 6, 5, 4),           /* 0x18 fmul.d f6, f5, f4 */
	FP_R(0x0d, 7, 7, 6, 2),           /* 0x1c fdiv.d f7, f6, f2 */
	FMADD_D(8, 1, 2, 7),              /* 0x20 fmadd.d f8, f1, f2, f7 */
	FP_R(0x05, 7, 9, 3, 3),           /* 0x24 fsub.d f9, f3, f3: NaN */
	FMADD_D(10, 3, 0, 9),             /* 0x28 fmadd.d f10, f3, f0, f9: inf * 0 + NaN */
	FP_R(0x01, 1, 11, 1, 4),          /* 0x2c fadd.d f11, f1, f4, rtz */
	FP_R(0x11, 1, 12, 1, 2),          /* 0x30 fsgnjn.d f12, f1, f2 */
	FP_R(0x71, 0, A1, 8, 0),          /* 0x34 fmv.x.d a1, f8 */
	ENC_S(3, S0, 8, 0) | 0x27,        /* 0x38 fsd f8, 0(s0) */
	ENC_S(3, S0, 9, 8) | 0x27,        /* 0x3c fsd f9, 8(s0) */
	ADDI(T0, T0, -1),                 /* 0x40 */
	BNE(T0, ZERO, -48),               /* 0x44 -> 0x14 */
	ENC_I(0x73, 2, A5, 0, 1),         /* 0x48 frflags a5 */
	ECALL,                            /* 0x4c */
};

#define NPROG_ATOMICS (sizeof p_atomics / sizeof p_atomics[0])

TEST(hart_jit_lockstep)
{
	uint32_t calls[sizeof p_calls / 4];
	memcpy(calls, p_calls, sizeof calls);
	calls[3] = enc_jal(RA, (int32_t)(CODE2 - (CODE + 0x0c)));
	uint32_t smc[sizeof p_smc / 4];
	memcpy(smc, p_smc, sizeof smc);
	smc[1] = (uint32_t)(CODE & 0xfffff000) | S1 << 7 | 0x37;   /* lui s1, CODE >> 12 */
	const struct prog progs[] = {
		/* 3 + 20 rounds of 8 (odd a0: 5 + skip to 0x24) / 5 taken... counted: odd rounds run
		 * 0x0c,10,14,24,28 = 5; even rounds 0x0c..0x28 = 8; 10 of each: 130; + 3 = 133 */
		{ "mid-block branch", p_midbranch, 12, NULL, 0, 0, 133, 8, CODE + 0x2c, 0 },
		/* 3 + 12 rounds of (jal + 6 in the function + 8) = 180; + 3 loads = 186 */
		{ "far calls, division side exits", calls, 16, p_calls_fn, 6, 0, 186, 8, CODE + 0x3c, 0 },
		/* 2 + 8 rounds of 4 + the addi of the 9th round = 35; its sd faults */
		{ "store leaves DDC in a translated loop", p_oob, 7, NULL, 0, 64, 35, 28, CODE + 0x0c, 0 },
		/* 2 + 5 rounds of 4 = 22 */
		{ "store into the code page", smc, 7, NULL, 0, 0, 22, 8, CODE + 0x18, 0 },
		/* 2 + 5 rounds: odd t0 (5, 3, 1) 2 + 1 + 9 + 3 = 15, even (4, 2) 5 + 9 + 3 = 17: 81 */
		{ "jumps inside a block", p_inner, 14, NULL, 0, 0, 81, 8, CODE + 0x34, 0 },
		/* 2 + 50 rounds of 4 */
		{ "translated loop head re-entered", p_reenter, 7, NULL, 0, 0, 202, 8, CODE + 0x18, 0 },
		/* 5 + 20 rounds of 13 + frflags */
		{ "D arithmetic", p_fp, 20, NULL, 0, 0, 266, 8, CODE + 0x4c, 0 },
		/* 4 rounds of 4 + 16 = 32; the misaligned AMO: Store/AMO address misaligned */
		{ "LR, SC and AMOs", p_atomics, NPROG_ATOMICS, NULL, 0, 0, 32, 6, CODE + 0x50, 0 },
		/* DDC moves above DATA after the first run: the next store faults (Length) */
		{ "DDC changes between runs", p_reenter, 7, NULL, 0, 0, 202, 8, CODE + 0x18, 0x30000 },
	};
	for (size_t k = 0; k < sizeof progs / sizeof progs[0]; k++) {
		/* every run length up to 48 (each cuts the translated blocks differently), then long */
		for (uint64_t b = 1; b <= 51; b++) {
			uint64_t budget = b <= 48 ? b : b == 49 ? 64 : b == 50 ? 1000 : UINT64_MAX;
			t_case("%s, runs of %llu", progs[k].name, (unsigned long long)budget);
			lockstep(&progs[k], budget);
		}
	}
}
