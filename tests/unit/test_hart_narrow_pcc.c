/* test_hart_narrow_pcc.c - code under a PCC that covers part of a page (a function reached
 * through a sentry bounded to itself): the threaded interpreter runs it from a dpage of its own
 * (struct dpage flo/fspan), where it used to take step_one for every instruction. Each program
 * runs on three harts, one as usual (translated), one without the translator (threaded) and one
 * traced (run_step: step_one for every instruction, the reference), at every budget; all must
 * stop alike (exit, trap record, instret, registers,
 * PCC) and as the case says exactly (cheri-riscv.md 4.4: a fetch outside PCC, or a branch or jump
 * to a target outside it, is a length violation on PCC reported by that instruction). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "hart_cmp.h"
#include "rv_enc.h"
#include "test.h"

#define CODE 0x10000ULL
#define DATA 0x40000ULL
#define PG   0x1000ULL

enum { ZERO, T0 = 5, A0 = 10, A1, A2, A3, A4 };
#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define ADD(rd, a, b)        ENC_R(0x33, 0, 0, rd, a, b)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define BEQ(a, b, off)       ENC_B(0, a, b, off)
#define LD(rd, rs, imm)      ENC_I(0x03, 3, rd, rs, imm)
#define CINCIMM(rd, rs, imm) ENC_I(0x5b, 1, rd, rs, imm)
#define JAL(rd, off) \
	((uint32_t)((off) >> 20 & 1) << 31 | (uint32_t)((off) >> 1 & 0x3ff) << 21 | (uint32_t)((off) >> 11 & 1) << 20 | \
	 (uint32_t)((off) >> 12 & 0xff) << 12 | (uint32_t)(rd) << 7 | 0x6f)
#define ECALL 0x00000073u
#define C_NOP 0x0001u

struct run {
	enum hart_exit exit;
	struct hart_trap trap;
	uint64_t instret;
};

struct env {
	struct mem *m;
	struct hart *h;
	FILE *null;
};

enum mode { TRANSLATED, THREADED, TRACED };

/* code: bytes at `at`; PCC over [lo, lo + len) at pc, capability mode; c10 = 64 KiB of data */
static struct env env_new(uint64_t at, const void *code, size_t n, uint64_t lo, uint64_t len, uint64_t pc, enum mode mode)
{
	struct env e = { 0 };
	e.m = mem_new(1ULL << 24);
	if (!e.m || mem_map(e.m, CODE, 4 * PG) != MEM_OK || mem_map(e.m, DATA, 0x10000) != MEM_OK ||
	    mem_write(e.m, at, code, n) != MEM_OK)
		abort();
	for (uint64_t a = 0; a < 0x10000; a += 8)
		if (mem_store64(e.m, DATA + a, a / 8 + 1) != MEM_OK)
			abort();
	struct hart_options opt = { .no_jit = mode == THREADED };
	e.h = hart_new(e.m, &opt);
	if (!e.h)
		abort();
	struct cap root = cap_root(), pcc = cap_build_from_root(&root, lo, len, CAP_PERMS_ALL), data;
	if (!pcc.tag || cap_set_flags(&pcc, &pcc, 1, CAP_V9))
		abort();
	pcc.addr = pc;
	hart_set_pcc(e.h, &pcc);
	data = cap_build_from_root(&root, DATA, 0x10000, CAP_PERMS_ALL);
	hart_set_creg(e.h, A0, &data);
	if (mode == TRACED) {
		e.null = fopen("/dev/null", "w");
		if (!e.null)
			abort();
		hart_set_trace(e.h, e.null);
	}
	return e;
}

static void env_free(struct env *e)
{
	hart_free(e->h);
	mem_free(e->m);
	if (e->null)
		fclose(e->null);
}

/* run with `budget`, then on to the end if it ran out */
static struct run run(struct env *e, uint64_t budget)
{
	struct run r;
	memset(&r.trap, 0, sizeof r.trap);
	r.exit = hart_run(e->h, budget, &r.trap);
	if (r.exit == HART_EXIT_BUDGET)
		r.exit = hart_run(e->h, UINT64_MAX, &r.trap);
	r.instret = hart_instret(e->h);
	return r;
}

/* Runs the program on the three harts at budgets 0..max and checks they agree; returns the
 * translated hart's stop at budget max (its registers in *x: a0..a4). */
static struct run both(uint64_t at, const void *code, size_t n, uint64_t lo, uint64_t len, uint64_t pc, unsigned max,
		       uint64_t x[5])
{
	struct run last = { 0 };
	for (unsigned b = 0; b <= max; b++) {
		struct env q = env_new(at, code, n, lo, len, pc, TRACED);
		struct run rq = run(&q, b);
		for (enum mode mode = TRANSLATED; mode <= THREADED; mode++) {
			struct env p = env_new(at, code, n, lo, len, pc, mode);
			struct run rp = run(&p, b);
			bool ok = T_EQ(rp.exit, rq.exit) && T_EQ(rp.trap.cause, rq.trap.cause) && T_EQ(rp.trap.pc, rq.trap.pc) &&
				  T_EQ(rp.trap.tval, rq.trap.tval) && T_EQ(rp.trap.insn, rq.trap.insn) &&
				  t_harts_same_caps(p.h, q.h);
			for (unsigned r = 1; r < 32 && ok; r++)
				ok = T_EQ(hart_get_x(p.h, r), hart_get_x(q.h, r));
			if (!ok)
				fprintf(stderr, "  (budget %u, %s)\n", b, mode == TRANSLATED ? "translated" : "threaded");
			if (mode == TRANSLATED) {
				last = rp;
				for (unsigned r = 0; r < 5; r++)
					x[r] = hart_get_x(p.h, A0 + r);
			}
			env_free(&p);
		}
		env_free(&q);
	}
	return last;
}

static void expect_pcc_length(const struct run *r, uint64_t pc, uint64_t instret)
{
	T_EQ(r->exit, HART_EXIT_TRAP);
	T_EQ(r->trap.cause, HART_CAUSE_CHERI);
	T_EQ(r->trap.tval, 32 << 5 | CAP_CAUSE_LENGTH);
	T_EQ(r->trap.pc, pc);
	T_EQ(r->instret, instret);
}

TEST(hart_narrow_pcc)
{
	uint64_t x[5];
	t_case("a loop under a PCC of 28 bytes mid-page: the sum of 100 words, then ecall");
	static const uint32_t sum100[] = { ADDI(T0, ZERO, 100), LD(A2, A0, 0), ADD(A4, A4, A2), CINCIMM(A0, A0, 8),
					   ADDI(T0, T0, -1), BNE(T0, ZERO, -16), ECALL };
	struct run r = both(CODE + 0x300, sum100, sizeof sum100, CODE + 0x300, sizeof sum100, CODE + 0x300, 8, x);
	T_EQ(r.exit, HART_EXIT_TRAP);
	T_EQ(r.trap.cause, HART_CAUSE_ECALL_U);
	T_EQ(r.trap.pc, CODE + 0x300 + 24);
	T_EQ(r.instret, 1 + 5 * 100);
	T_EQ(x[A4 - A0], 100 * 101 / 2);

	t_case("falling off PCC's end: a length violation at the first byte outside, after 2 instructions");
	static const uint32_t three[] = { ADDI(A1, A1, 1), ADDI(A1, A1, 1), ADDI(A1, A1, 1), ECALL };
	r = both(CODE + 0x100, three, sizeof three, CODE + 0x100, 8, CODE + 0x100, 3, x);
	expect_pcc_length(&r, CODE + 0x108, 2);
	T_EQ(x[A1 - A0], 2);

	t_case("a branch to this page beyond PCC's end traps at the branch");
	static const uint32_t fwd[] = { ADDI(A1, A1, 1), BEQ(ZERO, ZERO, 12), ADDI(A1, A1, 1), ECALL, ECALL };
	r = both(CODE + 0x100, fwd, sizeof fwd, CODE + 0x100, 12, CODE + 0x100, 2, x);
	expect_pcc_length(&r, CODE + 0x104, 1);
	T_EQ(x[A1 - A0], 1);

	t_case("the same branch with PCC one instruction longer: taken");
	r = both(CODE + 0x100, fwd, sizeof fwd, CODE + 0x100, 20, CODE + 0x100, 3, x);
	T_EQ(r.trap.cause, HART_CAUSE_ECALL_U);
	T_EQ(r.trap.pc, CODE + 0x110);
	T_EQ(r.instret, 2);

	t_case("a jump below PCC's base in this page traps at the jump");
	static const uint32_t back[] = { ECALL, ECALL, ADDI(A1, A1, 1), JAL(ZERO, -8) };
	r = both(CODE + 0x200, back, sizeof back, CODE + 0x208, 8, CODE + 0x208, 2, x);
	expect_pcc_length(&r, CODE + 0x20c, 1);
	T_EQ(x[A1 - A0], 1);

	t_case("a 4-byte instruction that PCC's end cuts: a violation at it");
	static const uint16_t cut[] = { C_NOP, ADDI(A1, A1, 1) & 0xffff, ADDI(A1, A1, 1) >> 16, C_NOP };
	r = both(CODE + 0x100, cut, sizeof cut, CODE + 0x100, 4, CODE + 0x100, 2, x);
	expect_pcc_length(&r, CODE + 0x102, 1);
	T_EQ(x[A1 - A0], 0);

	t_case("2-byte instructions falling off PCC's end");
	static const uint16_t cnops[] = { C_NOP, C_NOP, C_NOP, C_NOP };
	r = both(CODE + 0x100, cnops, sizeof cnops, CODE + 0x100, 4, CODE + 0x100, 2, x);
	expect_pcc_length(&r, CODE + 0x104, 2);

	t_case("a PCC over the end of one page and the start of the next");
	static const uint32_t cross[] = { ADDI(A1, A1, 1), ADDI(A1, A1, 2), ADDI(A1, A1, 4), ADDI(A1, A1, 8), ECALL };
	r = both(CODE + PG - 8, cross, sizeof cross, CODE + PG - 8, sizeof cross, CODE + PG - 8, 5, x);
	T_EQ(r.trap.cause, HART_CAUSE_ECALL_U);
	T_EQ(r.trap.pc, CODE + PG + 8);
	T_EQ(r.instret, 4);
	T_EQ(x[A1 - A0], 15);

	t_case("one page under a narrow PCC, then a whole one, then narrow again: each its own");
	struct env e = env_new(CODE + 0x100, three, sizeof three, CODE + 0x100, 8, CODE + 0x100, TRANSLATED);
	r = run(&e, UINT64_MAX);
	expect_pcc_length(&r, CODE + 0x108, 2);
	struct cap root = cap_root(), pcc;
	if (cap_set_flags(&pcc, &root, 1, CAP_V9))
		abort();
	pcc.addr = CODE + 0x100;
	hart_set_pcc(e.h, &pcc);
	r = run(&e, UINT64_MAX);
	T_EQ(r.trap.cause, HART_CAUSE_ECALL_U);
	T_EQ(r.trap.pc, CODE + 0x10c);
	T_EQ(r.instret, 2 + 3);
	T_EQ(hart_get_x(e.h, A1), 2 + 3);
	pcc = cap_build_from_root(&root, CODE + 0x104, 4, CAP_PERMS_ALL);
	if (cap_set_flags(&pcc, &pcc, 1, CAP_V9))
		abort();
	pcc.addr = CODE + 0x104;
	hart_set_pcc(e.h, &pcc);
	r = run(&e, UINT64_MAX);
	expect_pcc_length(&r, CODE + 0x108, 2 + 3 + 1);
	T_EQ(hart_get_x(e.h, A1), 2 + 3 + 1);
	env_free(&e);
}
