/* test_cap_vectors.c - every test vector of cheri-riscv.md section 8 (8.2 decode, 8.3
 * CSetBounds, 8.4 CRRL/CRAM, 8.5 representability) and the permission values of section 2.
 * Expected values are the spec's tables, copied verbatim (each row names its vector).
 */
#include <string.h>

#include "cap/cap.h"
#include "test.h"

#define TOP(hi, lo) ((cap_u128)(hi) << 64 | (cap_u128)(lo))

/* cheri-riscv.md 8.2: (mem pesbt, cursor) -> raw pesbt, base, top, perms, otype, flag, IE, E */
static const struct decode_vector {
	const char *name, *desc;
	uint64_t mem, cursor, raw, base;
	cap_u128 top;
	uint32_t perms, otype;
	unsigned flag, ie, e;
} decode_vectors[] = {
	{ "D1", "NULL", 0x0000000000000000, 0x0, 0x00001ffffc018004, 0x0, TOP(1, 0x0000000000000000), 0x00000, 0x3ffff, 0, 1, 52 },
	{ "D2", "NULL-derived integer", 0x0000000000000000, 0x1234, 0x00001ffffc018004, 0x0, TOP(1, 0x0000000000000000), 0x00000, 0x3ffff, 0, 1, 52 },
	{ "D3", "root", 0xffff000000000000, 0x0, 0xffff1ffffc018004, 0x0, TOP(1, 0x0000000000000000), 0x78fff, 0x3ffff, 0, 1, 52 },
	{ "D4", "root with capmode flag", 0xffff200000000000, 0x10000, 0xffff3ffffc018004, 0x0, TOP(1, 0x0000000000000000), 0x78fff, 0x3ffff, 1, 1, 52 },
	{ "D5", "data 0x7817d, [0x401cf020, +0x1800) (IE=1, E=0)", 0xf17d00000209b024, 0x401cf020, 0xf17d1ffffe083020, 0x401cf020, TOP(0, 0x401d0820), 0x7817d, 0x3ffff, 0, 1, 0 },
	{ "D6", "D5 with cursor = top", 0xf17d00000209b024, 0x401d0820, 0xf17d1ffffe083020, 0x401cf020, TOP(0, 0x401d0820), 0x7817d, 0x3ffff, 0, 1, 0 },
	{ "D7", "data [0x401ffff8, +8) (IE=0)", 0xf17d00000401bffc, 0x401ffff8, 0xf17d1ffff8003ff8, 0x401ffff8, TOP(0, 0x40200000), 0x7817d, 0x3ffff, 0, 0, 0 },
	{ "D8", "code sentry, capmode, [0x100000, +0x20000)", 0xd117200008018001, 0x101234, 0xd1173ffff4000005, 0x100000, TOP(0, 0x120000), 0x68117, 0x3fffe, 1, 1, 5 },
	{ "D9", "sealed otype 5, [0x12340, +0x40)", 0x117d1fffd4e1a344, 0x12340, 0x117d000028e02340, 0x12340, TOP(0, 0x12380), 0x0817d, 0x00005, 0, 0, 0 },
	{ "D10", "[0x1000, +0x3000)", 0xf17d000000018805, 0x2000, 0xf17d1ffffc000801, 0x1000, TOP(0, 0x4000), 0x7817d, 0x3ffff, 0, 1, 1 },
	{ "D11", "perms 0x78ff7, [0x7fffff000000, 2^47)", 0xfff700000001f000, 0x7ffffff00000, 0xfff71ffffc007004, 0x7fffff000000, TOP(0, 0x800000000000), 0x78ff7, 0x3ffff, 0, 1, 12 },
	{ "D12", "[0x40000000, +0x10000), cursor below base (still representable)", 0xf17d000000018000, 0x3fffe000, 0xf17d1ffffc000004, 0x40000000, TOP(0, 0x40010000), 0x7817d, 0x3ffff, 0, 1, 4 },
	{ "D13", "same pesbt, cursor outside the window (bounds change)", 0xf17d000000018000, 0x50000000, 0xf17d1ffffc000004, 0x50000000, TOP(0, 0x50010000), 0x7817d, 0x3ffff, 0, 1, 4 },
	{ "D14", "request [0xffffffffff000000, +0xffffff) after rounding", 0xf17d00000001f000, 0xffffffffff000000, 0xf17d1ffffc007004, 0xffffffffff000000, TOP(1, 0x0000000000000000), 0x7817d, 0x3ffff, 0, 1, 12 },
	{ "D15", "CCC test pesbt 0xffff1ffffffe7ffb at cursor 0 (wrapping, untaggable)", 0xffff000003ffffff, 0x0, 0xffff1ffffffe7ffb, 0xffffffffffffc000, TOP(1, 0x00000000007fc000), 0x78fff, 0x3ffff, 0, 1, 11 },
	{ "D16", "same pesbt at its original cursor", 0xffff000003ffffff, 0xffff002d02013ff6, 0xffff1ffffffe7ffb, 0xffff002d01ffc000, TOP(0, 0xffff002d027fc000), 0x78fff, 0x3ffff, 0, 1, 11 },
	{ "D17", "user perms only", 0xf000000000000000, 0x40, 0xf0001ffffc018004, 0x0, TOP(1, 0x0000000000000000), 0x78000, 0x3ffff, 0, 1, 52 },
	{ "D18", "decode_inputs_128[0]", 0x305bc180a00a091d, 0x47b6516348f5ccd3, 0x305bde7f5c0b8919, 0x1230000000000000, TOP(0, 0x4050000000000000), 0x1805b, 0x3cfeb, 0, 1, 49 },
	{ "D19", "decode_inputs_128[1]", 0x6d7847abd8bf64c8, 0x968a907b906dbbf5, 0x6d78585424bee4cc, 0x968a8e4c80000000, TOP(0, 0x968a902f80000000), 0x30d78, 0x30a84, 0, 1, 28 },
	{ "D20", "decode_inputs_128[2]", 0x19248375a06752a7, 0x849b1cd05bdcaed9, 0x19249c8a5c66d2a3, 0x849b1c9500000000, TOP(0, 0x849b1d8cc0000000), 0x08924, 0x3914b, 0, 1, 27 },
	{ "D21", "decode_inputs_128[3]", 0x06ea55bcd4251c87, 0xa973c5c6c0665616, 0x06ea4a4328249c83, 0xa973c5c6c0665c83, TOP(0, 0xa973c5c6c0666092), 0x006ea, 0x14865, 0, 0, 0 },
	{ "D22", "decode_inputs_128[4]", 0xc113402b3a9cde9c, 0x49ca0fab724bc004, 0xc1135fd4c69d5e98, 0x499e980000000000, TOP(0, 0x49ba700000000000), 0x60113, 0x3fa98, 0, 1, 40 },
	{ "D23", "decode_inputs_128[5]", 0x4c16e5ae7a4ae67a, 0x498999c69940ca1d, 0x4c16fa51864b667e, 0x499e000000000000, TOP(0, 0x4e4a000000000000), 0x20c16, 0x34a30, 1, 1, 46 },
	{ "D24", "decode_inputs_128[6]", 0x1029c4f93c313f0f, 0xf188aefd99bcd0aa, 0x1029db06c030bf0b, 0xf188aefd99bcbf0b, TOP(0, 0xf188aefd99bcc0c2), 0x08029, 0x360d8, 0, 0, 0 },
	{ "D25", "decode_inputs_128[7]", 0x2257e551c975707f, 0x8afaf58ba2480810, 0x2257faae3574f07b, 0x8afaf583c0000000, TOP(0, 0x8afaf62e80000000), 0x10257, 0x355c6, 1, 1, 27 },
};

TEST(cap_decode_vectors)
{
	for (size_t i = 0; i < sizeof decode_vectors / sizeof decode_vectors[0]; i++) {
		const struct decode_vector *v = &decode_vectors[i];
		t_case("%s %s: mem 0x%016llx cursor 0x%llx", v->name, v->desc, (unsigned long long)v->mem,
		       (unsigned long long)v->cursor);
		struct cap c = cap_from_mem(v->mem, v->cursor, true);
		struct cap_ebt d = cap_decode_ebt(c.pesbt);
		T_EQ(c.pesbt, v->raw);
		T_EQ(c.addr, v->cursor);
		T_EQ(c.base, v->base);
		T_EQ128(c.top, v->top);
		T_EQ(cap_perms(&c), v->perms);
		T_EQ(cap_otype(&c), v->otype);
		T_EQ(cap_flags(&c), v->flag);
		T_EQ(d.ie, v->ie);
		T_EQ(d.e, v->e);
		T_EQ(cap_get_high(&c), v->mem);
		/* the same through the register form */
		struct cap r = cap_decode(v->raw, v->cursor, false);
		T_EQ(r.base, v->base);
		T_EQ128(r.top, v->top);
		T_EQ(r.tag, 0);
	}
	/* notes under the table: CGetType of the sentry, saturated CGetLen of NULL and root */
	t_case("D8 CGetType = -2");
	struct cap d8 = cap_from_mem(0xd117200008018001ULL, 0x101234, true);
	T_EQ(cap_get_type(&d8), 0xfffffffffffffffeULL);
	T_EQ(cap_is_sentry(&d8), 1);
	t_case("D1/D3 CGetLen and CGetTop saturate at 2^64-1");
	struct cap null = cap_from_mem(0, 0, false), root = cap_from_mem(0xffff000000000000ULL, 0, true);
	T_EQ(cap_get_len(&null), ~0ULL);
	T_EQ(cap_get_len(&root), ~0ULL);
	T_EQ(cap_get_top(&root), ~0ULL);
	T_EQ(cap_get_type(&root), ~0ULL);
	t_case("D5 CGetLen, CGetTop, CGetOffset at cursor = top (D6)");
	struct cap d6 = cap_from_mem(0xf17d00000209b024ULL, 0x401d0820, true);
	T_EQ(cap_get_len(&d6), 0x1800);
	T_EQ(cap_get_top(&d6), 0x401d0820);
	T_EQ(cap_get_offset(&d6), 0x1800);
}

TEST(cap_constants)
{
	struct cap n = cap_null(), r = cap_root(), i = cap_from_int(0x1234);
	struct cap dn = cap_from_mem(0, 0, false), dr = cap_from_mem(0xffff000000000000ULL, 0, true);
	t_case("1.3 NULL: cap_null() equals the decode of mem pesbt 0");
	T_EQ(cap_set_equal_exact(&n, &dn), 1);
	T_EQ(n.base, dn.base);
	T_EQ128(n.top, dn.top);
	T_EQ(cap_to_mem_pesbt(&n), 0);
	T_EQ(cap_perms(&n), 0);
	t_case("1.3 root: cap_root() equals the decode of mem pesbt 0xffff000000000000");
	T_EQ(cap_set_equal_exact(&r, &dr), 1);
	T_EQ(r.base, 0);
	T_EQ128(r.top, TOP(1, 0));
	T_EQ(cap_perms(&r), CAP_PERMS_ALL);
	T_EQ(cap_flags(&r), 0);
	t_case("NULL-derived integer 0x1234 (D2)");
	T_EQ(i.addr, 0x1234);
	T_EQ(i.pesbt, CAP_NULL_PESBT);
	T_EQ(i.tag, 0);
	T_EQ128(i.top, TOP(1, 0));
	t_case("mask constants");
	T_EQ(CAP_NULL_XOR_MASK, 0x00001ffffc018004ULL);
	T_EQ(CAP_ROOT_PESBT ^ CAP_NULL_XOR_MASK, 0xffff000000000000ULL);
}

TEST(cap_malformed)
{
	static const struct { const char *what; uint64_t raw; bool malformed; } rows[] = {
		{ "NULL (E=52, B=0, T=0x1000)", CAP_NULL_PESBT, false },
		{ "root", CAP_ROOT_PESBT, false },
		{ "D5 (E=0)", 0xf17d1ffffe083020ULL, false },
		{ "D7 (IE=0)", 0xf17d1ffff8003ff8ULL, false },
		{ "D15 (E=11)", 0xffff1ffffffe7ffbULL, false },
		{ "E=53 (T low 3 bits 6, B low 3 bits 5)", 0x00001ffffc018005ULL, true },
		{ "E=63", 0x00001ffffc01c007ULL, true },
		{ "E=52 with B[13:12]=01", 0x00001ffffc019004ULL, true },
		{ "E=52 with T[13]=1 (B=8, T low=0: carry)", 0x00001ffffc01800cULL, true },
		{ "E=51 with B[13]=1", 0x00001ffffc01a003ULL, true },
		{ "E=51 with B[13]=0", 0x00001ffffc019003ULL, false },
		{ "IE=0 is never malformed", 0x00001ffff8ffffffULL, false },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s: raw 0x%016llx", rows[i].what, (unsigned long long)rows[i].raw);
		T_EQ(cap_is_malformed(rows[i].raw), rows[i].malformed);
	}
}

/* cheri-riscv.md 8.3: CSetBounds on the root capability with cursor = requested base */
static const struct setbounds_vector {
	const char *name;
	uint64_t base, len;
	cap_u128 req_top;
	uint64_t new_base;
	cap_u128 new_top, new_len;
	bool exact;
	uint64_t mem;
} setbounds_vectors[] = {
	{ "S1", 0x1000, 0x20, TOP(0, 0x1020), 0x1000, TOP(0, 0x1020), TOP(0, 0x20), true, 0xffff000004099004 },
	{ "S2", 0x1001, 0xfff, TOP(0, 0x2000), 0x1001, TOP(0, 0x2000), TOP(0, 0xfff), true, 0xffff000004019005 },
	{ "S3", 0x1000, 0x1000, TOP(0, 0x2000), 0x1000, TOP(0, 0x2000), TOP(0, 0x1000), true, 0xffff000000019004 },
	{ "S4", 0x1004, 0x1000, TOP(0, 0x2004), 0x1000, TOP(0, 0x2008), TOP(0, 0x1008), false, 0xffff000000039004 },
	{ "S5", 0x1000, 0x3001, TOP(0, 0x4001), 0x1000, TOP(0, 0x4010), TOP(0, 0x3010), false, 0xffff000000038805 },
	{ "S6", 0x12345, 0x10000, TOP(0, 0x22345), 0x12300, TOP(0, 0x22380), TOP(0, 0x10080), false, 0xffff0000008f9230 },
	{ "S7", 0x160600000, 0x300000, TOP(0, 0x160900000), 0x160600000, TOP(0, 0x160900000), TOP(0, 0x300000), true, 0xffff00000201f005 },
	{ "S8", 0x7, 0x10000000, TOP(0, 0x10000007), 0x0, TOP(0, 0x10080000), TOP(0, 0x10080000), false, 0xffff000000030004 },
	{ "S9", 0xffffffffff000000, 0xffffff, TOP(0, 0xffffffffffffffff), 0xffffffffff000000, TOP(1, 0x0000000000000000), TOP(0, 0x1000000), false, 0xffff00000001f000 },
	{ "S10", 0xfffffffffffff934, 0xcb1, TOP(1, 0x00000000000005e5), 0xfffffffffffff934, TOP(1, 0x00000000000005e5), TOP(0, 0xcb1), true, 0xffff00000578f930 },
	{ "S11", 0x4b, 0x7cf18f50, TOP(0, 0x7cf18f9b), 0x0, TOP(0, 0x7d000000), TOP(0, 0x7d000000), false, 0xffff000003d10006 },
	{ "S12", 0x6d6a8, 0x7ffff8, TOP(0, 0x86d6a0), 0x6c000, TOP(0, 0x870000), TOP(0, 0x804000), false, 0xffff00000039c0df },
	{ "S13", 0xea, 0x5432, TOP(0, 0x551c), 0xe0, TOP(0, 0x5520), TOP(0, 0x5440), false, 0xffff00000153803e },
	{ "S14", 0x412, 0x1969, TOP(0, 0x1d7b), 0x410, TOP(0, 0x1d80), TOP(0, 0x1970), false, 0xffff000003618414 },
	{ "S15", 0x2590c, 0x750b18fb7688, TOP(0, 0x750b18fdcf94), 0x0, TOP(0, 0x752000000000), TOP(0, 0x752000000000), false, 0xffff000003528006 },
	{ "S16", 0x0, 0xffffffffffffffff, TOP(0, 0xffffffffffffffff), 0x0, TOP(1, 0x0000000000000000), TOP(1, 0x0000000000000000), false, 0xffff000000000000 },
	{ "S17", 0x7fffffffe000, 0x2000, TOP(0, 0x800000000000), 0x7fffffffe000, TOP(0, 0x800000000000), TOP(0, 0x2000), true, 0xffff00000001b005 },
	{ "S18", 0x3ff8, 0x3ff8, TOP(0, 0x7ff0), 0x3fe0, TOP(0, 0x8000), TOP(0, 0x4020), false, 0xffff000000018ffe },
};

TEST(cap_setbounds_vectors)
{
	struct cap root = cap_root();
	for (size_t i = 0; i < sizeof setbounds_vectors / sizeof setbounds_vectors[0]; i++) {
		const struct setbounds_vector *v = &setbounds_vectors[i];
		t_case("%s: base 0x%llx length 0x%llx", v->name, (unsigned long long)v->base, (unsigned long long)v->len);
		struct cap c, r, rx;
		bool exact = !v->exact;
		T_EQ(cap_set_addr(&c, &root, v->base, CAP_V9), 0);
		T_EQ128((cap_u128)v->base + v->len, v->req_top);
		struct cap e = cap_encode_bounds(&c, v->len, &exact);
		T_EQ(exact, v->exact);
		T_EQ(cap_set_bounds(&r, &c, v->len, false, CAP_V9), 0);
		T_EQ(cap_set_bounds(&rx, &c, v->len, true, CAP_V9), 0);
		T_EQ(r.base, v->new_base);
		T_EQ128(r.top, v->new_top);
		T_EQ128(r.top - r.base, v->new_len);
		T_EQ(cap_to_mem_pesbt(&r), v->mem);
		T_EQ(r.addr, v->base);
		T_EQ(e.pesbt, r.pesbt);
		/* tag: the request must be inside root (S10 is not); Exact also needs exactness */
		bool inside = v->req_top <= TOP(1, 0);
		T_EQ(r.tag, inside);
		T_EQ(rx.tag, inside && v->exact);
		T_EQ(rx.pesbt, r.pesbt);
		/* decoding the stored form at the new address gives the same bounds */
		struct cap d = cap_from_mem(v->mem, v->base, true);
		T_EQ(d.base, v->new_base);
		T_EQ128(d.top, v->new_top);
	}
}

/* cheri-riscv.md 8.4 */
static const struct { uint64_t len, crrl, cram; } crrl_vectors[] = {
	{ 0x0, 0x0, 0xffffffffffffffff },
	{ 0x1, 0x1, 0xffffffffffffffff },
	{ 0xfff, 0xfff, 0xffffffffffffffff },
	{ 0x1000, 0x1000, 0xfffffffffffffff8 },
	{ 0x1001, 0x1008, 0xfffffffffffffff8 },
	{ 0x3001, 0x3010, 0xfffffffffffffff0 },
	{ 0x4000, 0x4000, 0xffffffffffffffe0 },
	{ 0x4001, 0x4020, 0xffffffffffffffe0 },
	{ 0x12345, 0x12380, 0xffffffffffffff80 },
	{ 0x10000001, 0x10080000, 0xfffffffffff80000 },
	{ 0xffffff, 0x1000000, 0xffffffffffff8000 },
	{ 0x7fffffffffff, 0x800000000000, 0xffffffc000000000 },
	{ 0xfffffffffffff000, 0x0, 0xff80000000000000 },
	{ 0xffffffffffffffff, 0x0, 0xff80000000000000 },
};

TEST(cap_crrl_cram_vectors)
{
	for (size_t i = 0; i < sizeof crrl_vectors / sizeof crrl_vectors[0]; i++) {
		t_case("8.4 len 0x%llx", (unsigned long long)crrl_vectors[i].len);
		T_EQ(cap_crrl(crrl_vectors[i].len), crrl_vectors[i].crrl);
		T_EQ(cap_cram(crrl_vectors[i].len), crrl_vectors[i].cram);
	}
}

/* cheri-riscv.md 8.5: (mem pesbt, cursor, new address) -> fast (CIncOffset), precise (CSetAddr) */
static const struct rep_vector {
	const char *name;
	uint64_t mem, cursor, new_addr;
	bool fast, precise;
} rep_vectors[] = {
	{ "R1", 0xf17d00000209b024 /* D5 */, 0x401cf020, 0x401d0820, true, true },
	{ "R2", 0xf17d00000209b024 /* D5 */, 0x401cf020, 0x401ce820, true, true },
	{ "R3", 0xf17d00000209b024 /* D5 */, 0x401cf020, 0x401d2020, true, true },
	{ "R4", 0xf17d00000209b024 /* D5 */, 0x401cf020, 0x401d3020, false, false },
	{ "R5", 0xf17d00000209b024 /* D5 */, 0x401cf020, 0x401ce000, false, false },
	{ "R6", 0xf17d00000209b024 /* D5 */, 0x401cf020, 0x401cd020, false, false },
	{ "R7", 0xf17d000000018000 /* D12 */, 0x40000000, 0x3fff8000, true, true },
	{ "R8", 0xf17d000000018000 /* D12 */, 0x40000000, 0x40030000, true, true },
	{ "R9", 0xf17d000000018000 /* D12 */, 0x40000000, 0x40038000, false, false },
	{ "R10", 0xf17d000000018000 /* D12 */, 0x40000000, 0x3fff0000, false, false },
	{ "R11", 0xfff700000001f000 /* D11 */, 0x7fffff000000, 0x7ffffd000000, false, false },
	{ "R12", 0xfff700000001f000 /* D11 */, 0x7fffff000000, 0x800002000000, true, true },
	{ "R13", 0xffff000000000000 /* D3 */, 0x0, 0xdeadbeefcafef00d, true, true },
	{ "R14", 0xd117200008018001 /* D8 */, 0x101234, 0x0, false, false },
};

TEST(cap_representability_vectors)
{
	for (size_t i = 0; i < sizeof rep_vectors / sizeof rep_vectors[0]; i++) {
		const struct rep_vector *v = &rep_vectors[i];
		t_case("%s: mem 0x%016llx cursor 0x%llx -> 0x%llx", v->name, (unsigned long long)v->mem,
		       (unsigned long long)v->cursor, (unsigned long long)v->new_addr);
		struct cap c = cap_from_mem(v->mem, v->cursor, true), r;
		T_EQ(cap_is_representable_fast(&c, v->new_addr - v->cursor), v->fast);
		T_EQ(cap_is_representable_precise(&c, v->new_addr), v->precise);
		/* and through the instructions (a sealed source clears the tag anyway) */
		T_EQ(cap_inc_offset(&r, &c, v->new_addr - v->cursor, CAP_V9), 0);
		T_EQ(r.addr, v->new_addr);
		T_EQ(r.tag, v->fast && !cap_is_sealed(&c));
		T_EQ(cap_set_addr(&r, &c, v->new_addr, CAP_V9), 0);
		T_EQ(r.addr, v->new_addr);
		T_EQ(r.tag, v->precise && !cap_is_sealed(&c));
		if (v->precise) {
			T_EQ(r.base, c.base);
			T_EQ128(r.top, c.top);
		}
	}
	t_case("8.5 fast/precise disagreement: raw 0xffff1ffff91be397 cursor 0x350b0046239f -> 0x350b004657ff");
	struct cap c = cap_decode(0xffff1ffff91be397ULL, 0x350b0046239fULL, true), r;
	T_EQ(cap_is_representable_precise(&c, 0x350b004657ffULL), true);
	T_EQ(cap_is_representable_fast(&c, 0x350b004657ffULL - 0x350b0046239fULL), false);
	T_EQ(cap_set_addr(&r, &c, 0x350b004657ffULL, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_inc_offset(&r, &c, 0x350b004657ffULL - 0x350b0046239fULL, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("window edge (not in 8.5): D12 at its window bottom 0x3fff8000, -16 -> neither check");
	struct cap w = cap_from_mem(0xf17d000000018000ULL, 0x3fff8000ULL, true);
	T_EQ(cap_is_representable_precise(&w, 0x3fff8000ULL), true);
	T_EQ(cap_is_representable_fast(&w, -16ULL), false);
	T_EQ(cap_is_representable_precise(&w, 0x3fff7ff0ULL), false);
	/* the window is 2^18 bytes; the fast check gives up one unit (16) early at the top */
	T_EQ(cap_is_representable_fast(&w, 0x40000ULL - 0x20ULL), true);
	T_EQ(cap_is_representable_fast(&w, 0x40000ULL - 0x10ULL), false);
	T_EQ(cap_is_representable_precise(&w, 0x3fff8000ULL + 0x40000ULL - 0x10ULL), true);
	T_EQ(cap_is_representable_precise(&w, 0x3fff8000ULL + 0x40000ULL), false);
	t_case("8.5 unrepresentable result keeps pesbt and re-decodes at the new address (D12 -> D13)");
	struct cap d12 = cap_from_mem(0xf17d000000018000ULL, 0x40000000, true);
	T_EQ(cap_set_addr(&r, &d12, 0x50000000, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(r.pesbt, d12.pesbt);
	T_EQ(r.base, 0x50000000);
	T_EQ128(r.top, 0x50010000);
}

/* cheri-riscv.md 2.1, 2.2: values, positions in pesbt, composites, samples */
TEST(cap_permission_values)
{
	static const struct { const char *name; uint32_t perm; unsigned bit; } perms[] = {
		{ "Global", CAP_PERM_GLOBAL, 0 }, { "Execute", CAP_PERM_EXECUTE, 1 },
		{ "Load", CAP_PERM_LOAD, 2 }, { "Store", CAP_PERM_STORE, 3 },
		{ "LoadCap", CAP_PERM_LOAD_CAP, 4 }, { "StoreCap", CAP_PERM_STORE_CAP, 5 },
		{ "StoreLocalCap", CAP_PERM_STORE_LOCAL_CAP, 6 }, { "Seal", CAP_PERM_SEAL, 7 },
		{ "CInvoke", CAP_PERM_CINVOKE, 8 }, { "Unseal", CAP_PERM_UNSEAL, 9 },
		{ "ASR", CAP_PERM_ASR, 10 }, { "SetCID", CAP_PERM_SET_CID, 11 },
		{ "SW0", CAP_PERM_SW0, 15 }, { "SW1", CAP_PERM_SW1, 16 },
		{ "SW2", CAP_PERM_SW2, 17 }, { "SW3", CAP_PERM_SW3, 18 },
	};
	struct cap root = cap_root();
	for (size_t i = 0; i < sizeof perms / sizeof perms[0]; i++) {
		t_case("2.1 %s = bit %u", perms[i].name, perms[i].bit);
		T_EQ(perms[i].perm, 1u << perms[i].bit);
		struct cap c;
		T_EQ(cap_and_perm(&c, &root, perms[i].perm, CAP_V9), 0);
		T_EQ(cap_perms(&c), perms[i].perm);
		/* hwperm n is pesbt bit 48+n, user perm k (bit 15+k) is pesbt bit 60+k */
		unsigned pbit = perms[i].bit < 12 ? 48 + perms[i].bit : 60 + perms[i].bit - 15;
		T_EQ(c.pesbt >> 48, (1ULL << pbit) >> 48);
		T_EQ(c.tag, 1);
		char name[64];
		cap_format_perms(name, sizeof name, perms[i].perm);
		T_STREQ(name, perms[i].name);
	}
	struct cap c;
	t_case("2.1 bits 12..14 are ignored on write and read as 0");
	T_EQ(cap_and_perm(&c, &root, 0x7000, CAP_V9), 0);
	T_EQ(cap_perms(&c), 0);
	T_EQ(cap_and_perm(&c, &root, ~0ULL, CAP_V9), 0);
	T_EQ(cap_perms(&c), 0x78fff);
	t_case("2.1 composites");
	T_EQ(CAP_PERMS_SW_ALL, 0x78000);
	T_EQ(CAP_PERMS_HW_ALL, 0xfff);
	T_EQ(CAP_PERMS_ALL, CAP_PERMS_SW_ALL | CAP_PERMS_HW_ALL);
	uint32_t userspace = CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP | CAP_PERM_CINVOKE |
			     (CAP_PERMS_SW_ALL & ~CAP_PERM_SW1);
	T_EQ(userspace, 0x68115);
	T_EQ(userspace | CAP_PERM_EXECUTE, 0x68117);
	T_EQ(userspace | CAP_PERM_STORE | CAP_PERM_STORE_CAP | CAP_PERM_STORE_LOCAL_CAP, 0x6817d);
	T_EQ(CAP_PERM_GLOBAL | CAP_PERM_SEAL | CAP_PERM_UNSEAL, 0x281);
	static const struct { uint32_t v; const char *names; } samples[] = {
		{ 0x8117, "Global,Execute,Load,LoadCap,CInvoke,SW0" },
		{ 0x817d, "Global,Load,Store,LoadCap,StoreCap,StoreLocalCap,CInvoke,SW0" },
		{ 0x68117, "Global,Execute,Load,LoadCap,CInvoke,SW0,SW2,SW3" },
		{ 0x7817d, "Global,Load,Store,LoadCap,StoreCap,StoreLocalCap,CInvoke,SW0,SW1,SW2,SW3" },
	};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		t_case("2.2 sample 0x%x", samples[i].v);
		char name[128];
		int n = cap_format_perms(name, sizeof name, samples[i].v);
		T_STREQ(name, samples[i].names);
		T_EQ(n, strlen(samples[i].names));
		T_EQ(cap_and_perm(&c, &root, samples[i].v, CAP_V9), 0);
		T_EQ(cap_perms(&c), samples[i].v);
	}
}
