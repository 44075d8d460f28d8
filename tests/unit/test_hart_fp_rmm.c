/* test_hart_fp_rmm.c - the RMM fix-ups of fp.c (ties to max magnitude on an x86 host that only
 * rounds ties to even): each case gives the operands, the RNE result as the host computes it,
 * and the RMM result bit pattern expected (ties worked out by hand; the same ties are checked
 * against qemu-riscv64 in tests/isa/rv64fd_rmm.S). Non-ties next to the ties must stay RNE. */
#include <math.h>

#include "hart/fp.h"
#include "test.h"

#define D(x) f64_from(x)
#define F(x) f32_from(x)

/* a * b + c in double */
TEST(hart_fp_rmm_fma_d)
{
	static const struct { const char *what; uint64_t a, b, c, rne, rmm; } v[] = {
		{ "(1+2^-26)(1+2^-27) - 3*2^-27 = 1 + 2^-53, fused tie", 0x3ff0000004000000, 0x3ff0000002000000,
		  0xbe58000000000000, 0x3ff0000000000000, 0x3ff0000000000001 },
		{ "negated: -1 - 2^-53", 0xbff0000004000000, 0x3ff0000002000000, 0x3e58000000000000,
		  0xbff0000000000000, 0xbff0000000000001 },
		{ "2^52 * 1 + 2.5", 0x4330000000000000, 0x3ff0000000000000, 0x4004000000000000,
		  0x4330000000000002, 0x4330000000000003 },
		{ "2^52 * 1 + 3.5: tie, RNE already away", 0x4330000000000000, 0x3ff0000000000000, 0x400c000000000000,
		  0x4330000000000004, 0x4330000000000004 },
		{ "2^-538 * 2^-537 + 0 = 2^-1075", 0x1e50000000000000, 0x1e60000000000000, 0,
		  0x0000000000000000, 0x0000000000000001 },
		{ "-(2^-538) * 2^-537 - 0 = -2^-1075", 0x9e50000000000000, 0x1e60000000000000, 0x8000000000000000,
		  0x8000000000000000, 0x8000000000000001 },
		{ "5 * 2^-540 * 2^-535 = 2.5 * 2^-1074", 0x1e54000000000000, 0x1e80000000000000, 0,
		  0x0000000000000002, 0x0000000000000003 },
		{ "tie + 2^-1074 (c subnormal): not a tie", 0x1e54000000000000, 0x1e80000000000000, 1,
		  0x0000000000000004, 0x0000000000000004 },
		{ "(1+2^-26)(1+2^-27) - 3*2^-27 + 2^-60: above the tie", 0x3ff0000004000000, 0x3ff0000002000000,
		  0xbe57ffffffffffe0, 0x3ff0000000000001, 0x3ff0000000000001 },
		{ "1 + 2^-54: a quarter ulp", 0x3ff0000002000000, 0x3ff0000002000000, 0xbe50000000000000,
		  0x3ff0000000000000, 0x3ff0000000000000 },
		{ "exact: 2 * 3 + 1", 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000,
		  0x401c000000000000, 0x401c000000000000 },
		{ "exact zero: 1 * 1 - 1", 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0, 0 },
		{ "infinity stays", 0x7ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000,
		  0x7ff0000000000000, 0x7ff0000000000000 },
	};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		t_case("fma.d %s", v[i].what);
		double r = fma(D(v[i].a), D(v[i].b), D(v[i].c));
		T_EQ(f64_bits(r), v[i].rne);
		T_EQ(f64_bits(fp_rmm_fma_d(D(v[i].a), D(v[i].b), D(v[i].c), r)), v[i].rmm);
	}
}

TEST(hart_fp_rmm_fma_s)
{
	static const struct { const char *what; uint32_t a, b, c, rne, rmm; } v[] = {
		{ "(1+2^-12)^2 - 2^-11 = 1 + 2^-24", 0x3f800800, 0x3f800800, 0xba000000, 0x3f800000, 0x3f800001 },
		{ "2^23 * 1 + 0.5", 0x4b000000, 0x3f800000, 0x3f000000, 0x4b000000, 0x4b000001 },
		{ "-(2^23) * 1 - 0.5", 0xcb000000, 0x3f800000, 0xbf000000, 0xcb000000, 0xcb000001 },
		{ "-(2^-75 * 2^-75) + 0 = -2^-150", 0x9a000000, 0x1a000000, 0, 0x80000000, 0x80000001 },
		{ "2^-75 * 2^-75 + 2^-149 = 1.5 * 2^-149: tie, RNE already away", 0x1a000000, 0x1a000000, 0x00000001, 0x00000002, 0x00000002 },
		{ "(1+2^-12)^2 - 2^-11 + 2^-30: above", 0x3f800800, 0x3f800800, 0xb9fffff0, 0x3f800001, 0x3f800001 },
	};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		t_case("fma.s %s", v[i].what);
		float r = fmaf(F(v[i].a), F(v[i].b), F(v[i].c));
		T_EQ(f32_bits(r), v[i].rne);
		T_EQ(f32_bits(fp_rmm_fma_s(F(v[i].a), F(v[i].b), F(v[i].c), r)), v[i].rmm);
	}
}

/* add (0), sub (1), mul (2), div (3) in double and single */
TEST(hart_fp_rmm_binary)
{
	static const struct { const char *what; int op; bool dbl; uint64_t a, b, rne, rmm; } v[] = {
		{ "2^52 + 2.5", 0, true, 0x4330000000000000, 0x4004000000000000, 0x4330000000000002, 0x4330000000000003 },
		{ "2^52 - (-2.5)", 1, true, 0x4330000000000000, 0xc004000000000000, 0x4330000000000002, 0x4330000000000003 },
		{ "2^52 + 2.25: no tie", 0, true, 0x4330000000000000, 0x4002000000000000, 0x4330000000000002, 0x4330000000000002 },
		{ "2^-538 * 2^-537", 2, true, 0x1e50000000000000, 0x1e60000000000000, 0, 1 },
		{ "5*2^-540 * 2^-535", 2, true, 0x1e54000000000000, 0x1e80000000000000, 2, 3 },
		{ "-5*2^-540 * 2^-535", 2, true, 0x9e54000000000000, 0x1e80000000000000, 0x8000000000000002, 0x8000000000000003 },
		{ "(2^52 + 3) * 3 = 3*2^52 + 9: 55-bit exact product", 2, true, 0x4330000000000003, 0x4008000000000000,
		  0x4348000000000004, 0x4348000000000005 },
		{ "5*2^-1074 / 2", 3, true, 5, 0x4000000000000000, 2, 3 },
		{ "1/3: no tie", 3, true, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, 0x3fd5555555555555 },
		{ "2^-1074 / 2", 3, true, 1, 0x4000000000000000, 0, 1 },
		{ "2^24 + 1 (single)", 0, false, 0x4b800000, 0x3f800000, 0x4b800000, 0x4b800001 },
		{ "5*2^-149 * 0.5 (single)", 2, false, 5, 0x3f000000, 2, 3 },
		{ "5*2^-149 / 2 (single)", 3, false, 5, 0x40000000, 2, 3 },
		{ "2^-149 * 0.5 (single)", 2, false, 1, 0x3f000000, 0, 1 },
	};
	for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
		t_case("%s", v[i].what);
		if (v[i].dbl) {
			double a = D(v[i].a), b = D(v[i].b), r;
			switch (v[i].op) {
			case 0: r = a + b; break;
			case 1: r = a - b; break;
			case 2: r = a * b; break;
			default: r = a / b; break;
			}
			T_EQ(f64_bits(r), v[i].rne);
			T_EQ(f64_bits(fp_rmm_d(v[i].op, a, b, r)), v[i].rmm);
		} else {
			float a = F((uint32_t)v[i].a), b = F((uint32_t)v[i].b), r;
			switch (v[i].op) {
			case 0: r = a + b; break;
			case 1: r = a - b; break;
			case 2: r = a * b; break;
			default: r = a / b; break;
			}
			T_EQ(f32_bits(r), v[i].rne);
			T_EQ(f32_bits(fp_rmm_s(v[i].op, a, b, r)), v[i].rmm);
		}
	}
}

TEST(hart_fp_rmm_convert)
{
	t_case("fcvt.s.d 1 + 2^-24");
	T_EQ(f32_bits(fp_rmm_d2s(D(0x3ff0000010000000))), 0x3f800001);
	t_case("fcvt.s.d 1 + 2^-24 + 2^-52: above the tie");
	T_EQ(f32_bits(fp_rmm_d2s(D(0x3ff0000010000001))), 0x3f800001);
	t_case("fcvt.s.d 1 + 2^-25: not a tie");
	T_EQ(f32_bits(fp_rmm_d2s(D(0x3ff0000008000000))), 0x3f800000);
	t_case("fcvt.s.d 2.5 * 2^-149");
	T_EQ(f32_bits(fp_rmm_d2s(D(0x36b4000000000000))), 0x00000003);
	t_case("fcvt.s.d -2^-150");
	T_EQ(f32_bits(fp_rmm_d2s(D(0xb690000000000000))), 0x80000001);
	t_case("fcvt.s.d max float + half ulp: overflows either way");
	T_EQ(f32_bits(fp_rmm_d2s(D(0x47efffffffffffff))), 0x7f800000);
	t_case("fcvt.d.l 2^53 + 1");
	T_EQ(f64_bits(fp_rmm_i2d(9007199254740993ULL, false)), 0x4340000000000001);
	t_case("fcvt.d.l -(2^53 + 1)");
	T_EQ(f64_bits(fp_rmm_i2d((uint64_t)-9007199254740993LL, false)), 0xc340000000000001);
	t_case("fcvt.d.lu 2^53 + 5");
	T_EQ(f64_bits(fp_rmm_i2d(9007199254740997ULL, true)), 0x4340000000000003);
	t_case("fcvt.d.lu 2^64 - 1");
	T_EQ(f64_bits(fp_rmm_i2d(UINT64_MAX, true)), 0x43f0000000000000);
	t_case("fcvt.d.l INT64_MIN: exact");
	T_EQ(f64_bits(fp_rmm_i2d(0x8000000000000000ULL, false)), 0xc3e0000000000000);
	t_case("fcvt.s.w 2^24 + 1");
	T_EQ(f32_bits(fp_rmm_i2s(16777217, false)), 0x4b800001);
	t_case("fcvt.s.wu 2^24 + 5");
	T_EQ(f32_bits(fp_rmm_i2s(16777221, true)), 0x4b800003);
	t_case("fcvt.s.w 0xf0c3f758 (FINDINGS #4)");
	T_EQ(f32_bits(fp_rmm_i2s((uint64_t)(int64_t)(int32_t)0xf0c3f758u, false)), 0xcd73c08b);
	t_case("fcvt.s.l 2^24 + 3: tie, RNE already away");
	T_EQ(f32_bits(fp_rmm_i2s(16777219, false)), 0x4b800002);
}
