/* test_hart_table.c - self-checks of src/hart/insns.def (STYLE 2) and the decoder/disassembler
 * against the encoding vectors of cheri-riscv.md 8.6. */
#include <string.h>

#include "hart/hart_priv.h"
#include "test.h"

static bool modes_meet(unsigned a, unsigned b) { return a == MODE_ANY || b == MODE_ANY || a == b; }

/* Two rows that can both match one word in one mode must be a strict refinement (the larger
 * mask wins in hart_decode); equal or crossing masks are ambiguous. */
TEST(hart_table_no_overlap)
{
	for (int i = 0; i < ID_COUNT; i++) {
		const struct insn_row *a = &hart_insns[i];
		t_case("row %s well formed", a->name);
		T_EQ(a->match & ~a->mask, 0);
		T_TRUE(a->operands != NULL && a->mnemonic != NULL);
		for (int j = i + 1; j < ID_COUNT; j++) {
			const struct insn_row *b = &hart_insns[j];
			if (!modes_meet(a->mode, b->mode))
				continue;
			uint32_t common = a->mask & b->mask;
			if ((a->match ^ b->match) & common)
				continue;   /* disjoint */
			bool a_refines = (a->mask & b->mask) == b->mask && a->mask != b->mask;
			bool b_refines = (a->mask & b->mask) == a->mask && a->mask != b->mask;
			t_case("%s vs %s", a->name, b->name);
			T_TRUE(a_refines || b_refines);
		}
	}
}

/* every row decodes back to itself (or to a refinement) from its match bits with random
 * don't-care bits, in each mode it belongs to */
TEST(hart_table_decode_roundtrip)
{
	uint64_t seed = 0x1234567;
	for (int i = 0; i < ID_COUNT; i++) {
		const struct insn_row *r = &hart_insns[i];
		int hits = 0, tries = 0;
		for (int k = 0; k < 64; k++) {
			uint32_t w = r->match | ((uint32_t)t_rand(&seed) & ~r->mask);
			if ((r->match & 3) != 3)
				w &= 0xffff;
			bool capmode = r->mode == MODE_CAP;
			struct decoded d;
			if (!hart_decode(w, capmode, &d))
				continue;   /* reserved field values (e.g. c.addi4spn imm 0) */
			tries++;
			const struct insn_row *got = &hart_insns[d.id];
			if (d.id == i || ((got->mask & r->mask) == r->mask && (w & got->mask) == got->match))
				hits++;
		}
		t_case("row %s", r->name);
		T_TRUE(tries > 0);
		T_EQ(hits, tries);
	}
}

/* cheri-riscv.md 8.6 (LLVM MC tests); expected text uses ABI register names (x1 = ra, c2 = csp) */
static const struct {
	uint32_t word;
	int mode;   /* 0 both, 1 integer mode only, 2 capability mode only */
	const char *text;
} vectors[] = {
	{ 0xfe0100db, 0, "cgetperm ra, csp" },
	{ 0xfe1100db, 0, "cgettype ra, csp" },
	{ 0xff7100db, 0, "cgethigh ra, csp" },
	{ 0x163100db, 0, "cseal cra, csp, cgp" },
	{ 0x183100db, 0, "cunseal cra, csp, cgp" },
	{ 0x1a3100db, 0, "candperm cra, csp, gp" },
	{ 0x203100db, 0, "csetaddr cra, csp, gp" },
	{ 0x2c3100db, 0, "csethigh cra, csp, gp" },
	{ 0x223100db, 0, "cincoffset cra, csp, gp" },
	{ 0xf53110db, 0, "cincoffset cra, csp, -173" },
	{ 0x103100db, 0, "csetbounds cra, csp, gp" },
	{ 0x123100db, 0, "csetboundsexact cra, csp, gp" },
	{ 0xbd5120db, 0, "csetbounds cra, csp, 0xbd5" },
	{ 0xfeb100db, 0, "ccleartag cra, csp" },
	{ 0x3a3100db, 0, "cbuildcap cra, csp, cgp" },
	{ 0xff1100db, 0, "csealentry cra, csp" },
	{ 0x243100db, 0, "ctoptr ra, csp, cgp" },
	{ 0xfea100db, 0, "cmove cra, csp" },
	{ 0xfec100db, 0, "jalr.cap cra, csp" },
	{ 0xff4100db, 0, "jalr.pcc ra, sp" },
	{ 0x3082, 2, "c.clccsp cra, 32(csp)" },
	{ 0xa206, 2, "c.csccsp cra, 256(csp)" },
	{ 0xa2dc, 2, "c.csc ca5, 128(ca3)" },
	{ 0xfc2080db, 0, "cinvoke cra, csp" },
	{ 0x403100db, 0, "ctestsubset ra, csp, cgp" },
	{ 0x423100db, 0, "csetequalexact ra, csp, cgp" },
	{ 0x026100db, 0, "cspecialrw cra, uscratchc, csp" },
	{ 0xfee5015b, 0, "cclear 1, 0x42" },
	{ 0xff05015b, 0, "fpclear 1, 0x42" },
	{ 0xfe8100db, 0, "crrl ra, sp" },
	{ 0xfe9100db, 0, "cram ra, sp" },
	{ 0xff2100db, 0, "cloadtags ra, (csp)" },
	{ 0xfa0100db, 0, "lb.ddc ra, (sp)" },
	{ 0xfab100db, 0, "ld.cap ra, (csp)" },
	{ 0xfb7100db, 0, "lc.ddc cra, (sp)" },
	{ 0xfbf100db, 0, "lc.cap cra, (csp)" },
	{ 0xf811005b, 0, "sb.ddc ra, (sp)" },
	{ 0xf81105db, 0, "sd.cap ra, (csp)" },
	{ 0xf811025b, 0, "sc.ddc cra, (sp)" },
	{ 0xf811065b, 0, "sc.cap cra, (csp)" },
	{ 0x0031208f, 1, "lc cra, 3(sp)" },
	{ 0x001141a3, 1, "sc cra, 3(sp)" },
	{ 0x0115260f, 2, "clc ca2, 17(ca0)" },
	{ 0x00f6cca3, 2, "csc ca5, 25(ca3)" },
	{ 0x2910, 2, "c.clc ca2, 16(ca0)" },
};

TEST(hart_disasm_spec_vectors)
{
	T_EQ(sizeof vectors / sizeof vectors[0], 45);
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		for (int capmode = 0; capmode < 2; capmode++) {
			if ((vectors[i].mode == 1 && capmode) || (vectors[i].mode == 2 && !capmode))
				continue;
			char buf[96];
			t_case("0x%08x capmode %d", vectors[i].word, capmode);
			int len = hart_disasm(buf, sizeof buf, vectors[i].word, capmode);
			T_EQ(len, (vectors[i].word & 3) == 3 ? 4 : 2);
			T_STREQ(buf, vectors[i].text);
		}
	}
}

/* mode-dependent readings of the same words (cheri-riscv.md 4.3, 5.12) */
TEST(hart_disasm_modes)
{
	static const struct { uint32_t w; const char *intmode, *capmode; } rows[] = {
		{ 0x00000517, "auipc a0, 0", "auipcc ca0, 0" },
		{ 0x008000ef, "jal ra, 8", "cjal cra, 8" },
		{ 0x000500e7, "jalr ra, 0(a0)", "cjalr cra, 0(ca0)" },
		{ 0x00853503, "ld a0, 8(a0)", "cld a0, 8(ca0)" },
		{ 0x00a53423, "sd a0, 8(a0)", "csd a0, 8(ca0)" },
		{ 0x8082, "c.jr ra", "c.cjr cra" },
		{ 0x7139, "c.addi16sp sp, -64", "c.cincoffset16csp csp, -64" },
		{ 0x1141, "c.addi sp, -16", "c.addi sp, -16" },
		{ 0x0028, "c.addi4spn a0, sp, 8", "c.cincoffset4cspn ca0, csp, 8" },
		{ 0x2108, "c.fld fa0, 0(a0)", "c.clc ca0, 0(ca0)" },
		{ 0x1005202f, "lr.w zero, (a0)", "clr.w zero, (ca0)" },
		{ 0x00b5302f, "amoadd.d zero, a1, (a0)", "camoadd.d zero, a1, (ca0)" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char buf[96];
		t_case("0x%08x", rows[i].w);
		hart_disasm(buf, sizeof buf, rows[i].w, false);
		T_STREQ(buf, rows[i].intmode);
		hart_disasm(buf, sizeof buf, rows[i].w, true);
		T_STREQ(buf, rows[i].capmode);
	}
}

TEST(hart_decode_reserved)
{
	static const uint32_t illegal[] = {
		0x0000,       /* c.addi4spn with imm 0 (all-zero parcel) */
		0x6101 & ~0x107c, /* c.addi16sp with imm 0 */
		0x4002,       /* c.lwsp rd = 0 */
		0x8002,       /* c.jr rs1 = 0 */
		0xffffffff,
		0x0000007f,
	};
	for (size_t i = 0; i < sizeof illegal / sizeof illegal[0]; i++) {
		struct decoded d;
		t_case("0x%08x", illegal[i]);
		T_TRUE(!hart_decode(illegal[i], false, &d));
	}
	struct decoded d;
	t_case("c.clcsp rd 0 is reserved, c.fldsp f0 is not");
	T_TRUE(!hart_decode(0x2002, true, &d));
	T_TRUE(hart_decode(0x2002, false, &d));
}
