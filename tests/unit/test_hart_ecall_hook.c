/* test_hart_ecall_hook.c - hart_options.ecall_hook (hart.h): an ecall served inside hart_run.
 *
 * A loop of ten ecalls; the hook serves a7 = 172 (a0 = how many it served before, pc + 4) and
 * declines anything else. Expected values are counted by hand: the sum 0 + ... + 9 = 45, ecalls
 * do not retire (as when hart_run returns them), so instret is the same whether the hook or the
 * embedder serves them, translated or interpreted. The hook runs in the host's FP environment
 * (round to nearest, whatever frm is) and its own FP flags do not reach the guest's fflags. */
#include <fenv.h>
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#include "rv_enc.h"

#define BASE 0x10000ULL
#define ADDI(rd, rs, imm)  ENC_I(0x13, 0, rd, rs, imm)
#define ADD(rd, a, b)      ENC_R(0x33, 0, 0, rd, a, b)
#define BNE(a, b, off)     ENC_B(1, a, b, off)
#define CSRRWI(rd, csr, u) ((uint32_t)(csr) << 20 | (uint32_t)(u) << 15 | 5u << 12 | (uint32_t)(rd) << 7 | 0x73)
#define CSRRS(rd, csr, rs) ((uint32_t)(csr) << 20 | (uint32_t)(rs) << 15 | 2u << 12 | (uint32_t)(rd) << 7 | 0x73)
#define ECALL  0x00000073u
#define EBREAK 0x00100073u
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A6, A7 };

static const uint32_t prog[] = {
	CSRRWI(ZERO, 2, 1),        /* 0x00 frm = RTZ */
	ADDI(T0, ZERO, 10),        /* 0x04 */
	ADDI(A7, ZERO, 172),       /* 0x08 */
	ECALL,                     /* 0x0c */
	ADD(S0, S0, A0),           /* 0x10 */
	ADDI(T0, T0, -1),          /* 0x14 */
	BNE(T0, ZERO, -12),        /* 0x18 -> 0x0c */
	CSRRS(A1, 1, ZERO),        /* 0x1c a1 = fflags */
	EBREAK,                    /* 0x20 */
};

struct served {
	unsigned n;
	bool nearest;   /* the hook always found the host rounding mode */
};

static bool hook(void *ctx, struct hart *h)
{
	struct served *s = ctx;
	if (hart_get_x(h, A7) != 172)
		return false;
	volatile double a = 1.0, b = 3.0;
	volatile double q = a / b;   /* inexact on the host: must not show in the guest's fflags */
	(void)q;
	s->nearest = s->nearest && fegetround() == FE_TONEAREST;
	hart_set_x(h, A0, s->n++);
	struct cap pcc;
	hart_get_pcc(h, &pcc);
	hart_set_pc(h, pcc.addr + 4);
	return true;
}

struct run {
	enum hart_exit e;
	struct hart_trap tr;
	uint64_t s0, a1, instret;
	unsigned served;
	bool nearest;
};

static struct run run(bool no_jit, bool with_hook, uint64_t a7)
{
	struct mem *m = mem_new(1ULL << 20);
	if (!m || mem_map(m, BASE, 0x10000) != MEM_OK || mem_write(m, BASE, prog, sizeof prog) != MEM_OK)
		abort();
	uint32_t p[sizeof prog / 4];
	memcpy(p, prog, sizeof p);
	p[2] = ADDI(A7, ZERO, (int32_t)a7);
	if (mem_write(m, BASE, p, sizeof p) != MEM_OK)
		abort();
	struct served s = { 0, true };
	struct hart_options opt = { .no_jit = no_jit, .ecall_hook = with_hook ? hook : NULL, .gate_ctx = &s };
	struct hart *h = hart_new(m, &opt);
	if (!h)
		abort();
	struct cap root = cap_root();
	struct cap pcc = cap_build_from_root(&root, BASE, 0x10000, CAP_PERMS_ALL);
	pcc.addr = BASE;
	hart_set_pcc(h, &pcc);
	struct run r;
	memset(&r.tr, 0, sizeof r.tr);
	/* without the hook, the embedder serves each ecall the same way after hart_run returns */
	for (;;) {
		r.e = hart_run(h, UINT64_MAX, &r.tr);
		if (with_hook || r.e != HART_EXIT_TRAP || r.tr.cause != HART_CAUSE_ECALL_U || !hook(&s, h))
			break;
	}
	r.s0 = hart_get_x(h, S0);
	r.a1 = hart_get_x(h, A1);
	r.instret = hart_instret(h);
	r.served = s.n;
	r.nearest = s.nearest;
	hart_free(h);
	mem_free(m);
	return r;
}

TEST(hart_ecall_hook)
{
	for (int jit = 0; jit < 2; jit++) {
		for (int with = 0; with < 2; with++) {
			t_case("ten served ecalls (%s, %s)", jit ? "translator" : "interpreter",
			       with ? "in the hook" : "after hart_run");
			struct run r = run(!jit, with, 172);
			T_EQ(r.e, HART_EXIT_TRAP);
			T_EQ(r.tr.cause, HART_CAUSE_BREAKPOINT);
			T_EQ(r.tr.pc, BASE + 0x20);
			T_EQ(r.served, 10);
			T_EQ(r.s0, 45);
			T_EQ(r.a1, 0);                  /* no guest FP flag from the hook's division */
			T_EQ(r.instret, 3 + 10 * 3 + 1);  /* csrrwi, 2 addi, 10 x (add, addi, bne), csrrs */
			T_TRUE(r.nearest);
		}
		t_case("a declined ecall is returned as the trap (%s)", jit ? "translator" : "interpreter");
		struct run r = run(!jit, true, 64);
		T_EQ(r.e, HART_EXIT_TRAP);
		T_EQ(r.tr.cause, HART_CAUSE_ECALL_U);
		T_EQ(r.tr.pc, BASE + 0x0c);
		T_EQ(r.served, 0);
		T_EQ(r.instret, 3);
	}
}
