/* test_hart_set_domain.c - hart_set_domain (the switcher's domain change at once) leaves the
 * state hart_set_ddc, hart_set_relocate and hart_set_pcc / hart_set_pcc_prepared leave in a row:
 * DDC, its integer-access view, the domain flags, relocation, PCC, pc and what follows from PCC
 * (fetch window, mode, PCC relocation), for every pair of four domains (a hybrid caller with
 * relocation and DDC at a slot, a pure-cap handler with the NULL DDC, each with its own PCC),
 * both PCC forms. And switching back and forth between two domains with it reuses their
 * generations (jit.h: the jump cache stays valid), which the three calls in a row did not do
 * reliably: their two states in between took two of the four generation memo entries. */
#include <stdlib.h>
#include <string.h>

#include "hart/hart_priv.h"
#include "test.h"

#define SLOT_A 0x400000ULL
#define SLOT_B 0x800000ULL
#define SLOT_SIZE 0x100000ULL

struct dom {
	struct cap ddc, pcc;
	struct hart_prepared pcc_p;
	bool relocate;
};

static struct cap code_at(uint64_t base, uint64_t pc, bool capmode)
{
	struct cap root = cap_root(), c, f;
	c = cap_build_from_root(&root, base, SLOT_SIZE, CAP_PERM_EXECUTE | CAP_PERM_LOAD | CAP_PERM_GLOBAL);
	if (!c.tag || cap_set_flags(&f, &c, capmode, CAP_V9))
		abort();
	f.addr = pc;
	return f;
}

static bool same_state(const struct hart *a, const struct hart *b)
{
	return a->x[REG_DDC] == b->x[REG_DDC] && a->cvalid[REG_DDC] == b->cvalid[REG_DDC] &&
	       !memcmp(&a->cm[REG_DDC], &b->cm[REG_DDC], sizeof a->cm[REG_DDC]) && a->opt.relocate == b->opt.relocate &&
	       a->ddc_sub == b->ddc_sub && a->ddc_lwin == b->ddc_lwin && a->ddc_swin == b->ddc_swin &&
	       a->ddc_arena == b->ddc_arena && a->ddc_pflags == b->ddc_pflags && a->ddc_reloc == b->ddc_reloc &&
	       a->dom_flags == b->dom_flags && !memcmp(&a->pcc, &b->pcc, sizeof a->pcc) && a->pc == b->pc &&
	       a->fetch_lo == b->fetch_lo && a->fetch_hi == b->fetch_hi && a->capmode == b->capmode &&
	       a->pcc_reloc == b->pcc_reloc;
}

TEST(hart_set_domain_as_three_calls)
{
	struct mem *m = mem_new(1ULL << 26);
	if (!m)
		abort();
	struct hart_options opt = { 0 };
	struct hart *a = hart_new(m, &opt), *b = hart_new(m, &opt);
	struct cap root = cap_root(), null = cap_null();
	struct dom d[4];
	d[0] = (struct dom){ .ddc = cap_build_from_root(&root, SLOT_A, SLOT_SIZE, CAP_PERM_LOAD | CAP_PERM_STORE),
			     .pcc = code_at(SLOT_A, SLOT_A + 0x1234, false), .relocate = true };   /* hybrid */
	d[1] = (struct dom){ .ddc = null, .pcc = code_at(SLOT_B, SLOT_B + 0x40, true), .relocate = false };   /* pure-cap */
	d[2] = (struct dom){ .ddc = cap_build_from_root(&root, SLOT_B + 0x10, 0x1000, CAP_PERM_LOAD),   /* DDC base not page-aligned */
			     .pcc = code_at(SLOT_B, SLOT_B + 0x80, false), .relocate = true };
	d[3] = (struct dom){ .ddc = root, .pcc = code_at(SLOT_A, SLOT_A + 0x10, true), .relocate = false };
	for (unsigned i = 0; i < 4; i++)
		hart_prepare(m, &d[i].pcc, &d[i].pcc_p);
	for (unsigned from = 0; from < 4; from++)
		for (unsigned to = 0; to < 4; to++)
			for (unsigned form = 0; form < 2; form++) {
				t_case("domain %u -> %u, PCC %s", from, to, form ? "prepared" : "as a capability");
				for (struct hart *h = a; h; h = h == a ? b : NULL) {   /* both start in `from` */
					hart_set_ddc(h, &d[from].ddc);
					hart_set_relocate(h, d[from].relocate);
					hart_set_pcc(h, &d[from].pcc);
				}
				hart_set_ddc(a, &d[to].ddc);
				hart_set_relocate(a, d[to].relocate);
				if (form)
					hart_set_pcc_prepared(a, &d[to].pcc_p);
				else
					hart_set_pcc(a, &d[to].pcc);
				hart_set_domain(b, &d[to].ddc, d[to].relocate, form ? NULL : &d[to].pcc, form ? &d[to].pcc_p : NULL);
				T_TRUE(same_state(a, b));
			}
	t_case("back and forth between a hybrid caller and its handler: the same two generations");
	hart_set_domain(b, &d[0].ddc, true, &d[0].pcc, NULL);
	uint64_t g0 = b->pcc_gen;
	hart_set_domain(b, &d[1].ddc, false, NULL, &d[1].pcc_p);
	uint64_t g1 = b->pcc_gen;
	T_TRUE(g0 != g1);
	for (int k = 0; k < 5; k++) {
		hart_set_domain(b, &d[0].ddc, true, &d[0].pcc, NULL);
		T_EQ(b->pcc_gen, g0);
		hart_set_domain(b, &d[1].ddc, false, NULL, &d[1].pcc_p);
		T_EQ(b->pcc_gen, g1);
	}
	hart_free(a);
	hart_free(b);
	mem_free(m);
}
