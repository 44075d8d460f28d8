/* test_hart_reloc.c - DDC/PCC relocation (hart_options.relocate; intravisor.md 9).
 *
 * A "slot" [SLOT, SLOT + SLOT_SIZE) is both PCC and DDC, as for a hybrid cVM. Expected values
 * follow from the rule of 9: an integer access at a goes to SLOT + a, checked against DDC;
 * auipc and links are offsets from PCC.base; a jalr target is PCC.base + the integer. The
 * lockstep test runs every program on a translating and an interpreting hart, with every
 * budget, and compares them, then checks hand-counted values. */
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#define SLOT      0x400000ULL
#define SLOT_SIZE 0x10000ULL
#define CODE_OFF  0x1000ULL     /* code at SLOT + 0x1000 (integer pc 0x1000) */
#define FN_OFF    0x3000ULL     /* a function on another page */
#define DATA_OFF  0x8000ULL

#include "rv_enc.h"

#define ADDI(rd, rs, imm)  ENC_I(0x13, 0, rd, rs, imm)
#define ADD(rd, a, b)      ENC_R(0x33, 0, 0, rd, a, b)
#define LD(rd, rs, imm)    ENC_I(0x03, 3, rd, rs, imm)
#define SD(rs2, rs1, imm)  ENC_S(3, rs1, rs2, imm)
#define BNE(a, b, off)     ENC_B(1, a, b, off)
#define JALR(rd, rs, imm)  ENC_I(0x67, 0, rd, rs, imm)
#define AUIPC(rd, imm20)   ((uint32_t)(imm20) << 12 | (uint32_t)(rd) << 7 | 0x17)
#define LUI(rd, imm20)     ((uint32_t)(imm20) << 12 | (uint32_t)(rd) << 7 | 0x37)
#define AMOADD_D(rd, rs1, rs2) ENC_R(0x2f, 3, 0, rd, rs1, rs2)
#define CFROMPTR(cd, cs1, rs2) ENC_R(0x5b, 0, 0x13, cd, cs1, rs2)   /* cheri-riscv.md 5.1 */
#define CTOPTR(rd, cs1, cs2)   ENC_R(0x5b, 0, 0x12, rd, cs1, cs2)
#define ECALL 0x00000073u
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5 };

static uint32_t enc_jal(unsigned rd, int32_t off)
{
	uint32_t u = (uint32_t)off;
	return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}

struct side {
	struct mem *m;
	struct hart *h;
};

/* ddc_base: DDC = [ddc_base, SLOT + SLOT_SIZE); PCC = the slot at CODE_OFF */
static struct side side_new(const uint32_t *code, size_t n, const uint32_t *fn, size_t nfn, bool no_jit, bool relocate,
			    uint64_t ddc_base)
{
	struct side s;
	s.m = mem_new(1ULL << 24);
	if (!s.m || mem_map(s.m, SLOT, SLOT_SIZE) != MEM_OK || mem_write(s.m, SLOT + CODE_OFF, code, n * 4) != MEM_OK)
		abort();
	if (fn && mem_write(s.m, SLOT + FN_OFF, fn, nfn * 4) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = no_jit, .relocate = relocate };
	s.h = hart_new(s.m, &opt);
	if (!s.h)
		abort();
	struct cap root = cap_root();
	struct cap pcc = cap_build_from_root(&root, SLOT, SLOT_SIZE, CAP_PERMS_ALL);
	pcc.addr = SLOT + CODE_OFF;
	hart_set_pcc(s.h, &pcc);
	struct cap ddc = cap_build_from_root(&root, ddc_base, SLOT + SLOT_SIZE - ddc_base, CAP_PERMS_ALL);
	hart_set_ddc(s.h, &ddc);
	return s;
}

static void side_free(struct side *s)
{
	hart_free(s->h);
	mem_free(s->m);
}

/* A loop of 10 calls to a function on another page (jal there, jalr back through ra, a link
 * that is an offset), auipc, loads and stores at offsets, an AMO, then ecall. */
static const uint32_t p_loop[] = {
	ADDI(T0, ZERO, 10),        /* 0x1000 */
	LUI(S0, DATA_OFF >> 12),   /* 0x1004 s0 = 0x8000 (an offset) */
	AUIPC(S1, 0),              /* 0x1008 s1 = 0x1008 */
	0,                         /* 0x100c jal ra, FN (filled in) */
	SD(A0, S0, 8),             /* 0x1010 */
	ADDI(A2, ZERO, 3),         /* 0x1014 */
	AMOADD_D(A3, S0, A2),      /* 0x1018 [s0] += 3 */
	ADDI(T0, T0, -1),          /* 0x101c */
	BNE(T0, ZERO, -20),        /* 0x1020 -> 0x100c */
	LD(A4, S0, 0),             /* 0x1024 a4 = 30 */
	ECALL,                     /* 0x1028 */
};
static const uint32_t p_fn[] = {
	ADD(A0, A0, T0),           /* FN: a0 += t0 */
	ADD(A5, RA, ZERO),         /* a5 = the link (0x1010) */
	JALR(ZERO, RA, 0),
};

static void lockstep(uint64_t budget)
{
	uint32_t code[sizeof p_loop / 4];
	memcpy(code, p_loop, sizeof code);
	code[3] = enc_jal(RA, (int32_t)(FN_OFF - (CODE_OFF + 0x0c)));
	struct side a = side_new(code, 11, p_fn, 3, false, true, SLOT);
	struct side b = side_new(code, 11, p_fn, 3, true, true, SLOT);
	for (int runs = 0; runs < 100000; runs++) {
		struct hart_trap ta, tb;
		memset(&ta, 0, sizeof ta);
		memset(&tb, 0, sizeof tb);
		enum hart_exit ea = hart_run(a.h, budget, &ta), eb = hart_run(b.h, budget, &tb);
		bool ok = T_EQ(ea, eb) && T_EQ(hart_instret(a.h), hart_instret(b.h));
		for (unsigned r = 1; r < 32 && ok; r++)
			ok = T_EQ(hart_get_x(a.h, r), hart_get_x(b.h, r));
		ok = ok && T_TRUE(memcmp(mem_host(a.m, SLOT + DATA_OFF), mem_host(b.m, SLOT + DATA_OFF), 16) == 0);
		if (!ok || ea != HART_EXIT_BUDGET) {
			T_EQ(ea, HART_EXIT_TRAP);
			T_EQ(ta.cause, HART_CAUSE_ECALL_U);
			T_EQ(ta.pc, SLOT + CODE_OFF + 0x28);   /* trap pcs stay absolute */
			break;
		}
	}
	/* 3 + 10 rounds of (jal + 3 + 5) + ld = 94 (ecall does not retire) */
	T_EQ(hart_instret(a.h), 94);
	T_EQ(hart_get_x(a.h, S1), CODE_OFF + 0x08);      /* auipc: an offset */
	T_EQ(hart_get_x(a.h, A5), CODE_OFF + 0x10);      /* jal's link: an offset */
	T_EQ(hart_get_x(a.h, A0), 55);                   /* 10 + 9 + ... + 1 */
	T_EQ(hart_get_x(a.h, A4), 30);
	uint64_t v = 0;
	T_EQ(mem_load64(a.m, SLOT + DATA_OFF, &v), MEM_OK);
	T_EQ(v, 30);                                       /* at DDC.base + 0x8000 */
	T_EQ(mem_load64(a.m, SLOT + DATA_OFF + 8, &v), MEM_OK);
	T_EQ(v, 55);
	if (budget >= 64)
		T_TRUE(hart_jit_blocks(a.h) > 0);
	side_free(&a);
	side_free(&b);
}

TEST(hart_reloc_lockstep)
{
	for (uint64_t b = 1; b <= 42; b++) {
		uint64_t budget = b <= 40 ? b : b == 41 ? 64 : UINT64_MAX;
		t_case("relocated calls and data, runs of %llu", (unsigned long long)budget);
		lockstep(budget);
	}
}

/* One instruction at the slot's code offset, with a0 = addr, on a relocating hart (translated
 * or not): the trap or the loaded value. */
struct one {
	enum hart_exit e;
	struct hart_trap tr;
	uint64_t a1;
};

static struct one run_one(uint32_t insn, uint64_t a0, bool no_jit, bool relocate, uint64_t ddc_base)
{
	uint32_t code[3] = { insn, ADDI(A2, ZERO, 1), ECALL };
	struct side s = side_new(code, 3, NULL, 0, no_jit, relocate, ddc_base);
	uint64_t marker = 0x1122334455667788ULL;
	if (mem_store64(s.m, SLOT + DATA_OFF, marker) != MEM_OK)
		abort();
	hart_set_x(s.h, A0, a0);
	struct one o;
	memset(&o.tr, 0, sizeof o.tr);
	o.e = hart_run(s.h, UINT64_MAX, &o.tr);
	o.a1 = hart_get_x(s.h, A1);
	side_free(&s);
	return o;
}

TEST(hart_reloc_access_bounds)
{
	static const struct {
		const char *what;
		uint64_t a0;
		bool ok;
		uint64_t abs;   /* the absolute address accessed or reported */
	} rows[] = {
		{ "offset 0x8000 reads DDC.base + 0x8000", DATA_OFF, true, SLOT + DATA_OFF },
		{ "last doubleword of the slot", SLOT_SIZE - 8, true, SLOT + SLOT_SIZE - 8 },
		{ "offset = slot size faults", SLOT_SIZE, false, SLOT + SLOT_SIZE },
		{ "straddling the end faults", SLOT_SIZE - 4, false, SLOT + SLOT_SIZE - 4 },
		{ "offset -8 wraps below DDC.base and faults", (uint64_t)-8, false, SLOT - 8 },
		{ "offset -SLOT reaches address 0 and faults", (uint64_t)0 - SLOT, false, 0 },
		{ "an absolute address inside the slot is an offset past its end", SLOT + DATA_OFF, false,
		  2 * SLOT + DATA_OFF },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (int jit = 0; jit < 2; jit++) {
			t_case("%s (%s)", rows[i].what, jit ? "translator" : "interpreter");
			struct one o = run_one(LD(A1, A0, 0), rows[i].a0, !jit, true, SLOT);
			T_EQ(o.e, HART_EXIT_TRAP);
			if (rows[i].ok) {
				T_EQ(o.tr.cause, HART_CAUSE_ECALL_U);
				if (rows[i].a0 == DATA_OFF)
					T_EQ(o.a1, 0x1122334455667788ULL);
				else
					T_EQ(o.a1, 0);
			} else {
				T_EQ(o.tr.cause, HART_CAUSE_CHERI);
				T_EQ(o.tr.cheri_cause, CAP_CAUSE_LENGTH);
				T_EQ(o.tr.cap_index, 33);   /* DDC */
				T_EQ(o.tr.pc, SLOT + CODE_OFF);
				T_TRUE(o.tr.has_addr);
				T_EQ(o.tr.addr, rows[i].abs);
			}
		}
	}
	/* without relocation the same offset is an absolute address below DDC */
	t_case("relocation off: offset 0x8000 is absolute and below DDC");
	struct one o = run_one(LD(A1, A0, 0), DATA_OFF, false, false, SLOT);
	T_EQ(o.tr.cause, HART_CAUSE_CHERI);
	T_EQ(o.tr.addr, DATA_OFF);
	/* a DDC base that is not page aligned: the slow path relocates and checks */
	/* [SLOT + 0x7fc0, SLOT + 0x10000) is representable exactly (a 0x8040 length needs
	 * 64-byte alignment) and not page aligned */
	t_case("DDC base SLOT + 0x7fc0 (not page aligned): offset 0x40 reads SLOT + 0x8000");
	for (int jit = 0; jit < 2; jit++) {
		o = run_one(LD(A1, A0, 0), 0x40, !jit, true, SLOT + DATA_OFF - 0x40);
		T_EQ(o.tr.cause, HART_CAUSE_ECALL_U);
		T_EQ(o.a1, 0x1122334455667788ULL);
		o = run_one(LD(A1, A0, 0), (uint64_t)-8, !jit, true, SLOT + DATA_OFF - 0x40);
		T_EQ(o.tr.cause, HART_CAUSE_CHERI);
		T_EQ(o.tr.addr, SLOT + DATA_OFF - 0x48);
	}
	t_case("amoadd.d at offset 0x8000");
	o = run_one(AMOADD_D(A1, A0, ZERO), DATA_OFF, false, true, SLOT);
	T_EQ(o.tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(o.a1, 0x1122334455667788ULL);
	t_case("amoadd.d at offset = slot size");
	o = run_one(AMOADD_D(A1, A0, ZERO), SLOT_SIZE, false, true, SLOT);
	T_EQ(o.tr.cheri_cause, CAP_CAUSE_LENGTH);
	T_EQ(o.tr.addr, SLOT + SLOT_SIZE);
}

TEST(hart_reloc_jumps_and_pointers)
{
	for (int jit = 0; jit < 2; jit++) {
		t_case("jalr to offset 0x1008 lands at SLOT + 0x1008 (%s)", jit ? "translator" : "interpreter");
		/* 0x1000: jalr ra, a0, 0 with a0 = 0x1008; 0x1004: addi a2 (skipped); 0x1008: ecall */
		struct one o = run_one(JALR(RA, A0, 0), CODE_OFF + 8, !jit, true, SLOT);
		T_EQ(o.tr.cause, HART_CAUSE_ECALL_U);
		T_EQ(o.tr.pc, SLOT + CODE_OFF + 8);
		t_case("jalr to an offset past the slot faults at the jump (%s)", jit ? "translator" : "interpreter");
		o = run_one(JALR(RA, A0, 0), SLOT_SIZE, !jit, true, SLOT);
		T_EQ(o.tr.cause, HART_CAUSE_CHERI);
		T_EQ(o.tr.cap_index, 32);   /* PCC */
		T_EQ(o.tr.pc, SLOT + CODE_OFF);
	}
	/* CFromPtr ca1, ddc, a0 = 0x8000: DDC with address DDC.base + 0x8000; CToPtr back */
	t_case("cfromptr/ctoptr convert offset <-> capability address");
	uint32_t code[3] = { CFROMPTR(A1, ZERO, A0), CTOPTR(A3, A1, ZERO), ECALL };
	struct side s = side_new(code, 3, NULL, 0, true, true, SLOT);
	hart_set_x(s.h, A0, DATA_OFF);
	struct hart_trap tr;
	memset(&tr, 0, sizeof tr);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	struct cap c;
	hart_get_creg(s.h, A1, &c);
	T_TRUE(c.tag);
	T_EQ(c.addr, SLOT + DATA_OFF);
	T_EQ(c.base, SLOT);
	T_EQ(hart_get_x(s.h, A3), DATA_OFF);
	side_free(&s);
	/* switching relocation off and on again on a live hart */
	t_case("hart_set_relocate toggles the integer view");
	uint32_t code2[2] = { LD(A1, A0, 0), ECALL };
	s = side_new(code2, 2, NULL, 0, false, false, SLOT);
	if (mem_store64(s.m, SLOT + DATA_OFF, 77) != MEM_OK)
		abort();
	T_TRUE(!hart_relocates(s.h));
	hart_set_relocate(s.h, true);
	T_TRUE(hart_relocates(s.h));
	hart_set_x(s.h, A0, DATA_OFF);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(s.h, A1), 77);
	hart_set_relocate(s.h, false);
	hart_set_pc(s.h, SLOT + CODE_OFF);
	T_EQ(hart_run(s.h, UINT64_MAX, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_CHERI);
	T_EQ(tr.addr, DATA_OFF);
	side_free(&s);
}
