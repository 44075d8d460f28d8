/* test_hart_codesync.c - a store to decoded code drops exactly that page's decoded and
 * translated blocks (dcache.c hart_code_sync, mem.h mem_code_changed, jit.h jit_retire).
 *
 * A loop on page P1 calls a function on page P2 (a far JAL, a JALR back: both through the jump
 * cache). After one warm run the loop is translated. Then:
 *   - P2's addi immediate changes (the debugger's or a guest's store): the new value is used,
 *     and only P2's one block is translated again, never P1's three;
 *   - an ebreak written into the loop on P1 (a breakpoint) stops the hart there with the loop
 *     counter at its exact value, and P2's translation survives it;
 *   - more than MEM_CODE_LOG stores before the hart looks: it drops everything (all blocks
 *     translated again), and the results are still right.
 * The block counts are those of the translator's rules (jit.h: a block ends at a JAL, JALR or
 * ECALL; each block entry is one translation). */
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#include "rv_enc.h"

#define ADDI(rd, rs, imm)  ENC_I(0x13, 0, rd, rs, imm)
#define BNE(a, b, off)     ENC_B(1, a, b, off)
#define JALR(rd, rs, imm)  ENC_I(0x67, 0, rd, rs, imm)
#define JAL(rd, off) \
	((uint32_t)((off) >> 20 & 1) << 31 | (uint32_t)((off) >> 1 & 0x3ff) << 21 | (uint32_t)((off) >> 11 & 1) << 20 | \
	 (uint32_t)((off) >> 12 & 0xff) << 12 | (uint32_t)(rd) << 7 | 0x6f)
#define ECALL  0x00000073u
#define EBREAK 0x00100073u
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3 };

#define P1 0x1000ULL
#define P2 0x2000ULL
#define ROUNDS 100

static const uint32_t p1[] = {
	ADDI(T0, ZERO, ROUNDS),    /* 0x1000 */
	ADDI(A2, A2, 1),           /* 0x1004 loop: */
	JAL(RA, 0x2000 - 0x1008),  /* 0x1008 call P2 */
	ADDI(T0, T0, -1),          /* 0x100c */
	BNE(T0, ZERO, -12),        /* 0x1010 to loop */
	ECALL,                     /* 0x1014 */
};
static const uint32_t p2[] = {
	ADDI(A3, A3, 3),           /* 0x2000 */
	JALR(ZERO, RA, 0),         /* 0x2004 */
};

static enum hart_exit run_from(struct hart *h, uint64_t pc, struct hart_trap *tr)
{
	struct cap root = cap_root();
	root.addr = pc;
	hart_set_pcc(h, &root);
	hart_clear_x(h);
	memset(tr, 0, sizeof *tr);
	return hart_run(h, UINT64_MAX, tr);
}

TEST(hart_code_sync_per_page)
{
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, 0, 0x10000) != MEM_OK || mem_write(m, P1, p1, sizeof p1) != MEM_OK ||
	    mem_write(m, P2, p2, sizeof p2) != MEM_OK)
		abort();
	struct hart *h = hart_new(m, NULL);
	if (!h)
		abort();
	struct hart_trap tr;

	t_case("warm run: a2 = %d, a3 = 3 * %d, blocks 0x1000, 0x1004, 0x100c and 0x2000 translated", ROUNDS, ROUNDS);
	T_EQ(run_from(h, P1, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(h, A2), ROUNDS);
	T_EQ(hart_get_x(h, A3), 3 * ROUNDS);
	uint64_t warm = hart_jit_blocks(h);
	T_EQ(warm, 4);

	t_case("a second run translates nothing");
	T_EQ(run_from(h, P1, &tr), HART_EXIT_TRAP);
	T_EQ(hart_jit_blocks(h), warm);

	t_case("P2's addi becomes +5: the new code runs, only P2's block is translated again");
	uint32_t addi5 = ADDI(A3, A3, 5);
	T_EQ(mem_write(m, P2, &addi5, 4), MEM_OK);
	T_EQ(run_from(h, P1, &tr), HART_EXIT_TRAP);
	T_EQ(hart_get_x(h, A2), ROUNDS);
	T_EQ(hart_get_x(h, A3), 5 * ROUNDS);
	T_EQ(hart_jit_blocks(h), warm + 1);

	t_case("an ebreak at the loop's addi (a breakpoint): stops there, a2 = 0; P2 kept");
	uint32_t ebreak = EBREAK, orig = p1[1];
	T_EQ(mem_write(m, P1 + 4, &ebreak, 4), MEM_OK);
	T_EQ(run_from(h, P1, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_BREAKPOINT);
	T_EQ(tr.pc, P1 + 4);
	T_EQ(hart_get_x(h, A2), 0);
	T_EQ(hart_get_x(h, T0), ROUNDS);
	uint64_t at_break = hart_jit_blocks(h);
	t_case("the breakpoint removed: the loop runs its %d rounds, P2 is not translated again", ROUNDS);
	T_EQ(mem_write(m, P1 + 4, &orig, 4), MEM_OK);
	T_EQ(run_from(h, P1, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(h, A2), ROUNDS);
	T_EQ(hart_get_x(h, A3), 5 * ROUNDS);
	T_EQ(hart_jit_blocks(h), at_break + 3);   /* P1's three blocks */

	t_case("%d stores to P2 before the hart looks: the log cannot tell, everything is dropped", MEM_CODE_LOG + 1);
	uint64_t before = hart_jit_blocks(h);
	for (unsigned i = 0; i <= MEM_CODE_LOG; i++) {
		uint32_t v = ADDI(A3, A3, (int)(i % 2 ? 5 : 7));
		T_EQ(mem_write(m, P2, &v, 4), MEM_OK);
		mem_mark_code(m, P2);   /* as if another hart decoded it again in between */
	}
	T_EQ(run_from(h, P1, &tr), HART_EXIT_TRAP);
	T_EQ(hart_get_x(h, A3), 7 * ROUNDS);   /* the last store: i = 64, even: +7 */
	T_EQ(hart_jit_blocks(h), before + 4);

	hart_free(h);
	mem_free(m);
}

TEST(hart_code_sync_two_harts)
{
	/* two harts (two cVMs' threads), each on its own page: a store to one's code leaves the
	 * other's translations alone */
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, 0, 0x10000) != MEM_OK || mem_write(m, P1, p1, sizeof p1) != MEM_OK ||
	    mem_write(m, P2, p2, sizeof p2) != MEM_OK)
		abort();
	/* hart b runs a copy of the loop on page 0x3000 with its own function at 0x4000 */
	uint32_t q1[sizeof p1 / 4];
	memcpy(q1, p1, sizeof p1);
	if (mem_write(m, 0x3000, q1, sizeof q1) != MEM_OK || mem_write(m, 0x4000, p2, sizeof p2) != MEM_OK)
		abort();
	struct hart *a = hart_new(m, NULL), *b = hart_new(m, NULL);
	if (!a || !b)
		abort();
	struct hart_trap tr;
	t_case("both warm");
	T_EQ(run_from(a, P1, &tr), HART_EXIT_TRAP);
	T_EQ(run_from(b, 0x3000, &tr), HART_EXIT_TRAP);
	T_EQ(hart_get_x(b, A3), 3 * ROUNDS);
	uint64_t wa = hart_jit_blocks(a), wb = hart_jit_blocks(b);
	t_case("a breakpoint in a's loop: a stops at it, b runs on with no new translation");
	uint32_t ebreak = EBREAK;
	T_EQ(mem_write(m, P1 + 4, &ebreak, 4), MEM_OK);
	T_EQ(run_from(b, 0x3000, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(b, A2), ROUNDS);
	T_EQ(hart_jit_blocks(b), wb);
	T_EQ(run_from(a, P1, &tr), HART_EXIT_TRAP);
	T_EQ(tr.cause, HART_CAUSE_BREAKPOINT);
	T_EQ(tr.pc, P1 + 4);
	T_EQ(hart_jit_blocks(a), wa + 1);   /* the block at 0x1000, up to the ebreak */
	hart_free(a);
	hart_free(b);
	mem_free(m);
}
