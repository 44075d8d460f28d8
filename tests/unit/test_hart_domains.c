/* test_hart_domains.c - per-domain translation validity (jit.h, dcache.c).
 *
 * One code page is run, on one hart, under four domains in turn, as the switcher does when it
 * moves a hart between cVMs:
 *   D1  relocation, PCC = DDC = [SLOT, SLOT + SLOT_SIZE)
 *   D2  relocation, PCC = DDC = [BIG, SLOT + SLOT_SIZE): the same code bytes, another base
 *   D3  no relocation, DDC = the root (base 0: the translator drops the DDC.base subtraction)
 *   D4  no relocation, DDC = [SLOT, SLOT + SLOT_SIZE) (base != 0: the subtraction is needed)
 * A translation made for one domain and run in another gives wrong values: auipc and the jal
 * link are offsets from PCC.base under relocation (D1 vs D2), and D3's code would let D4 load
 * from below its DDC (a mapped low page holds a marker there). Each round is compared with an
 * interpreting hart and with the values of intravisor.md 9 worked out by hand; switching back
 * and forth must not translate again (no flush on a domain switch). */
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#include "rv_enc.h"

#define SLOT      0x400000ULL
#define SLOT_SIZE 0x10000ULL
#define BIG       0x200000ULL   /* D2's base: its slot contains D1's */
#define CODE_OFF  0x1000ULL
#define DATA_OFF  0x8000ULL
#define LOW       0x1000ULL     /* a mapped page below SLOT: D4 must never reach it */

#define ADDI(rd, rs, imm)  ENC_I(0x13, 0, rd, rs, imm)
#define LD(rd, rs, imm)    ENC_I(0x03, 3, rd, rs, imm)
#define SD(rs2, rs1, imm)  ENC_S(3, rs1, rs2, imm)
#define BNE(a, b, off)     ENC_B(1, a, b, off)
#define AUIPC(rd, imm20)   ((uint32_t)(imm20) << 12 | (uint32_t)(rd) << 7 | 0x17)
#define JAL8(rd)           (0x0080006fu | (uint32_t)(rd) << 7)   /* jal rd, +8 */
#define ECALL 0x00000073u
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5 };

static const uint32_t prog[] = {
	AUIPC(S1, 0),              /* 0x1000 s1 = pc - PCC_RELOC */
	LD(A1, A0, 0),             /* 0x1004 a1 = [a0] (DDC-relative under relocation) */
	ADDI(T0, ZERO, 5),         /* 0x1008 */
	ADDI(A2, A2, 1),           /* 0x100c a loop: a translated block with a back edge */
	ADDI(T0, T0, -1),          /* 0x1010 */
	BNE(T0, ZERO, -8),         /* 0x1014 */
	JAL8(RA),                  /* 0x1018 ra = 0x101c - PCC_RELOC */
	ADDI(A3, ZERO, 99),        /* 0x101c skipped */
	SD(A1, A0, 8),             /* 0x1020 */
	ECALL,                     /* 0x1024 */
};

#define M1 0x1111111111111111ULL   /* at SLOT + DATA_OFF */
#define M2 0x2222222222222222ULL   /* at BIG + DATA_OFF */
#define M3 0x3333333333333333ULL   /* at SLOT + DATA_OFF + 0x100 */
#define M4 0x4444444444444444ULL   /* at LOW: below D4's DDC */

struct dom {
	const char *name;
	bool relocate;
	uint64_t pcc_base, pcc_len, ddc_base, ddc_len, a0;
	/* expected */
	bool fault;
	uint64_t s1, ra, a1, addr;
};

static const struct dom doms[] = {
	{ "D1 relocated at SLOT", true, SLOT, SLOT_SIZE, SLOT, SLOT_SIZE, DATA_OFF,
	  false, CODE_OFF, CODE_OFF + 0x1c, M1, 0 },
	{ "D2 relocated at BIG", true, BIG, SLOT + SLOT_SIZE - BIG, BIG, SLOT + SLOT_SIZE - BIG, DATA_OFF,
	  false, SLOT + CODE_OFF - BIG, SLOT + CODE_OFF + 0x1c - BIG, M2, 0 },
	{ "D3 absolute, DDC base 0", false, SLOT, SLOT_SIZE, 0, 1ULL << 24, SLOT + DATA_OFF + 0x100,
	  false, SLOT + CODE_OFF, SLOT + CODE_OFF + 0x1c, M3, 0 },
	{ "D4 absolute, DDC = the slot, a load below it", false, SLOT, SLOT_SIZE, SLOT, SLOT_SIZE, LOW,
	  true, SLOT + CODE_OFF, 0, 0, LOW },
};
#define NDOMS (sizeof doms / sizeof doms[0])

struct side {
	struct mem *m;
	struct hart *h;
};

static struct side side_new(bool no_jit)
{
	struct side s;
	s.m = mem_new(1ULL << 24);
	if (!s.m || mem_map(s.m, BIG, SLOT + SLOT_SIZE - BIG) != MEM_OK || mem_map(s.m, 0, 0x10000) != MEM_OK ||
	    mem_write(s.m, SLOT + CODE_OFF, prog, sizeof prog) != MEM_OK || mem_store64(s.m, SLOT + DATA_OFF, M1) != MEM_OK ||
	    mem_store64(s.m, BIG + DATA_OFF, M2) != MEM_OK || mem_store64(s.m, SLOT + DATA_OFF + 0x100, M3) != MEM_OK ||
	    mem_store64(s.m, LOW, M4) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = no_jit };
	s.h = hart_new(s.m, &opt);
	if (!s.h)
		abort();
	return s;
}

/* what the switcher does: relocation, DDC, PCC at the code, then registers */
static void enter(struct side *s, const struct dom *d)
{
	struct cap root = cap_root();
	hart_set_relocate(s->h, d->relocate);
	struct cap ddc = cap_build_from_root(&root, d->ddc_base, d->ddc_len, CAP_PERMS_ALL);
	hart_set_ddc(s->h, &ddc);
	struct cap pcc = cap_build_from_root(&root, d->pcc_base, d->pcc_len, CAP_PERMS_ALL);
	pcc.addr = SLOT + CODE_OFF;
	hart_set_pcc(s->h, &pcc);
	hart_clear_x(s->h);
	hart_set_x(s->h, A0, d->a0);
}

static bool same(const struct side *a, const struct side *b, enum hart_exit ea, enum hart_exit eb,
		 const struct hart_trap *ta, const struct hart_trap *tb)
{
	bool ok = T_EQ(ea, eb) && T_EQ(ta->cause, tb->cause) && T_EQ(ta->pc, tb->pc) &&
		  T_EQ(ta->addr, tb->addr) && T_EQ(hart_instret(a->h), hart_instret(b->h));
	for (unsigned r = 1; r < 32 && ok; r++)
		ok = T_EQ(hart_get_x(a->h, r), hart_get_x(b->h, r));
	return ok;
}

TEST(hart_jit_domains)
{
	struct side a = side_new(false), b = side_new(true);
	uint64_t blocks_after_first = 0;
	for (unsigned round = 0; round < 40; round++) {
		const struct dom *d = &doms[round % NDOMS];
		t_case("round %u: %s (translator vs interpreter, expected values)", round, d->name);
		enter(&a, d);
		enter(&b, d);
		struct hart_trap ta, tb;
		memset(&ta, 0, sizeof ta);
		memset(&tb, 0, sizeof tb);
		enum hart_exit ea = hart_run(a.h, UINT64_MAX, &ta), eb = hart_run(b.h, UINT64_MAX, &tb);
		if (!same(&a, &b, ea, eb, &ta, &tb))
			break;
		T_EQ(ea, HART_EXIT_TRAP);
		if (d->fault) {
			/* the load below DDC: a length fault on DDC with the absolute address, nothing read */
			T_EQ(ta.cause, HART_CAUSE_CHERI);
			T_EQ(ta.cheri_cause, CAP_CAUSE_LENGTH);
			T_EQ(ta.cap_index, 33);
			T_EQ(ta.pc, SLOT + CODE_OFF + 4);
			T_TRUE(ta.has_addr);
			T_EQ(ta.addr, d->addr);
			T_EQ(hart_get_x(a.h, A1), 0);
		} else {
			T_EQ(ta.cause, HART_CAUSE_ECALL_U);
			T_EQ(ta.pc, SLOT + CODE_OFF + 0x24);
			T_EQ(hart_get_x(a.h, S1), d->s1);
			T_EQ(hart_get_x(a.h, RA), d->ra);
			T_EQ(hart_get_x(a.h, A1), d->a1);
			T_EQ(hart_get_x(a.h, A2), 5);
			T_EQ(hart_get_x(a.h, A3), 0);
		}
		if (round == NDOMS - 1)
			blocks_after_first = hart_jit_blocks(a.h);
	}
	t_case("every domain keeps its translations: none made after the first round of each");
	T_TRUE(blocks_after_first > 0);
	T_EQ(hart_jit_blocks(a.h), blocks_after_first);
	t_case("the stores went where each domain's DDC says");
	uint64_t v = 0;
	T_EQ(mem_load64(a.m, SLOT + DATA_OFF + 8, &v), MEM_OK);
	T_EQ(v, M1);
	T_EQ(mem_load64(a.m, BIG + DATA_OFF + 8, &v), MEM_OK);
	T_EQ(v, M2);
	T_EQ(mem_load64(a.m, SLOT + DATA_OFF + 0x108, &v), MEM_OK);
	T_EQ(v, M3);
	T_EQ(mem_load64(a.m, LOW + 8, &v), MEM_OK);
	T_EQ(v, 0);
	hart_free(a.h);
	mem_free(a.m);
	hart_free(b.h);
	mem_free(b.m);
}
