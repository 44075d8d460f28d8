/* test_hart_decode_index.c - the indexed decoder (hart_decode, a decision tree built from
 * insns.def) against the linear reference search (hart_decode_slow, decode.c) it replaced: the
 * same verdict, row and operands for every row's match value, every row with random don't-care
 * bits, every 16-bit word and millions of random 32-bit words, in integer and capability mode. */
#include <string.h>

#include "hart/hart_priv.h"
#include "test.h"

bool hart_decode_slow(uint32_t insn, bool capmode, struct decoded *d);   /* decode.c */

/* true when both decoders agree on w (all of struct decoded) */
static bool same(uint32_t w, bool capmode, struct decoded *fast, struct decoded *slow)
{
	memset(fast, 0x5a, sizeof *fast);
	memset(slow, 0xa5, sizeof *slow);
	bool a = hart_decode(w, capmode, fast), b = hart_decode_slow(w, capmode, slow);
	return a == b && fast->id == slow->id && fast->len == slow->len && fast->rd == slow->rd &&
	       fast->rs1 == slow->rs1 && fast->rs2 == slow->rs2 && fast->imm == slow->imm;
}

/* one case per row and mode: the match value itself and 256 random fillings of its free bits */
TEST(hart_decode_index_rows)
{
	uint64_t seed = 0xdec0de;
	for (int i = 0; i < ID_COUNT; i++) {
		const struct insn_row *r = &hart_insns[i];
		for (int capmode = 0; capmode < 2; capmode++) {
			t_case("row %s capmode %d", r->name, capmode);
			struct decoded f, s;
			T_TRUE(same(r->match, capmode, &f, &s));
			T_EQ(f.id, s.id);
			uint32_t bad = 0, nbad = 0;
			for (int k = 0; k < 256; k++) {
				uint32_t w = r->match | ((uint32_t)t_rand(&seed) & ~r->mask);
				if ((r->match & 3) != 3)
					w &= 0xffff;
				if (!same(w, capmode, &f, &s) && nbad++ == 0)
					bad = w;
			}
			T_EQ(nbad, 0);
			T_EQ(bad, 0);
		}
	}
}

/* every 16-bit word (the upper half of the argument is ignored: try it 0 and random) */
TEST(hart_decode_index_all_rvc)
{
	uint64_t seed = 0x16b17;
	for (int capmode = 0; capmode < 2; capmode++) {
		t_case("all 65536 16-bit words, capmode %d", capmode);
		uint32_t bad = 0, nbad = 0, legal = 0;
		for (uint32_t w = 0; w < 0x10000; w++) {
			if ((w & 3) == 3)
				continue;
			struct decoded f, s;
			uint32_t hi = (uint32_t)t_rand(&seed) & 0xffff0000u;
			if ((!same(w, capmode, &f, &s) || !same(w | hi, capmode, &f, &s)) && nbad++ == 0)
				bad = w;
			legal += f.id >= 0;
		}
		T_EQ(nbad, 0);
		T_EQ(bad, 0);
		T_TRUE(legal > 30000);   /* the comparison saw real instructions, not only illegal ones */
	}
}

/* random 32-bit words: 2^21 per mode, low bits forced to 11 (all 32-bit), plus 2^20 fully random */
TEST(hart_decode_index_random32)
{
	uint64_t seed = 0x32b17;
	for (int capmode = 0; capmode < 2; capmode++) {
		t_case("random 32-bit words, capmode %d", capmode);
		uint32_t bad = 0, nbad = 0, legal = 0;
		for (uint32_t k = 0; k < (1u << 21) + (1u << 20); k++) {
			uint32_t w = (uint32_t)t_rand(&seed);
			if (k < (1u << 21))
				w |= 3;
			struct decoded f, s;
			if (!same(w, capmode, &f, &s) && nbad++ == 0)
				bad = w;
			legal += f.id >= 0;
		}
		T_EQ(nbad, 0);
		T_EQ(bad, 0);
		T_TRUE(legal > 10000);
	}
}

/* a known word of each kind, checked by value (not only against the reference) */
TEST(hart_decode_index_known)
{
	static const struct { uint32_t w; bool capmode; const char *row; } v[] = {
		{ 0x00000013, false, "addi" },      /* nop */
		{ 0x00a50533, false, "add" },       /* add a0, a0, a0 */
		{ 0x02b50533, false, "mul" },       /* mul a0, a0, a1 */
		{ 0x00b57543, false, "fmadd_s" },   /* fmadd.s fa0, fa0, fa1, f0 */
		{ 0x00002003, false, "lw" },
		{ 0x00002003, true, "clw" },
		{ 0x0000006f, true, "cjal" },
		{ 0xfe0100db, false, "cgetperm" },
		{ 0x163100db, true, "cseal" },
		{ 0x00009002, false, "c_ebreak" },
		{ 0x00002002, false, "c_fldsp" },
	};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		t_case("0x%08x capmode %d = %s", v[i].w, v[i].capmode, v[i].row);
		struct decoded d;
		T_TRUE(hart_decode(v[i].w, v[i].capmode, &d));
		T_STREQ(d.id >= 0 ? hart_insns[d.id].name : "illegal", v[i].row);
	}
	t_case("0x00000000 is illegal in both modes");
	struct decoded d;
	T_TRUE(!hart_decode(0, false, &d) && !hart_decode(0, true, &d));
	T_EQ(d.id, -1);
}
