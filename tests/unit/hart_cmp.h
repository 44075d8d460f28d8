/* hart_cmp.h - lockstep checks of the translator against the interpreter: two harts that ran
 * the same program the same number of instructions must hold the same PCC and capability
 * registers (address, tag, pesbt, bounds). Include after test.h. */
#ifndef INTRAVISOR_TEST_HART_CMP_H
#define INTRAVISOR_TEST_HART_CMP_H

#include "hart/hart.h"
#include "test.h"

static inline bool t_same_cap(const struct cap *a, const struct cap *b)
{
	return T_EQ(a->addr, b->addr) && T_EQ(a->tag, b->tag) && T_EQ(a->pesbt, b->pesbt) && T_EQ(a->base, b->base) &&
	       T_EQ128(a->top, b->top);
}

/* instret, PCC and c1..c31 of a and b are equal (each difference is reported) */
static inline bool t_harts_same_caps(struct hart *a, struct hart *b)
{
	bool ok = T_EQ(hart_instret(a), hart_instret(b));
	struct cap pa, pb;
	hart_get_pcc(a, &pa);
	hart_get_pcc(b, &pb);
	ok = ok && t_same_cap(&pa, &pb);
	for (unsigned r = 1; r < 32 && ok; r++) {
		struct cap ca, cb;
		hart_get_creg(a, r, &ca);
		hart_get_creg(b, r, &cb);
		ok = t_same_cap(&ca, &cb);
	}
	return ok;
}

#endif
