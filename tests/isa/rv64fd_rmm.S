/* rv64fd_rmm.S - rounding mode RMM (round to nearest, ties to max magnitude) on exact ties,
 * which the x86 host FPU cannot do (rvrun fixes RNE results up, src/hart/fp.c): fused
 * multiply-add (all four forms, .s and .d; a tie that only exists because the product is not
 * rounded), products and quotients whose tie lies in the subnormal range (down to half the
 * smallest subnormal, which RMM rounds up to it), fcvt between s and d and from integers, and
 * the RNE result of the same tie next to it. sqrt and fcvt to integers for completeness.
 * Expected values: worked out by hand, then checked with qemu-riscv64 (run-isa.py --base-only).
 * Singles are written NaN-boxed: 0xffffffff_xxxxxxxx. Flags: UF 0x02, NX 0x01. */
#include "isa.h"
#define S(x) (0xffffffff00000000 | (x))
#define ONE_D 0x3ff0000000000000
#define P52_D 0x4330000000000000   /* 2^52 */
TEST_START
	fsrmi 0
	/* (1 + 2^-26)(1 + 2^-27) - 3 * 2^-27 = 1 + 2^-53: halfway between 1 and 1 + 2^-52 */
	TEST_FP3 1, fmadd.d, 0x3ff0000000000001, 0x01, 0x3ff0000004000000, 0x3ff0000002000000, 0xbe58000000000000, rmm
	TEST_FP3 2, fmadd.d, 0x3ff0000000000000, 0x01, 0x3ff0000004000000, 0x3ff0000002000000, 0xbe58000000000000, rne
	/* 2^52 + 2.5 in each form */
	TEST_FP3 3, fmadd.d, 0x4330000000000003, 0x01, P52_D, ONE_D, 0x4004000000000000, rmm
	TEST_FP3 4, fmsub.d, 0x4330000000000003, 0x01, P52_D, ONE_D, 0xc004000000000000, rmm
	TEST_FP3 5, fnmadd.d, 0xc330000000000003, 0x01, P52_D, ONE_D, 0x4004000000000000, rmm
	TEST_FP3 6, fnmsub.d, 0xc330000000000003, 0x01, P52_D, ONE_D, 0xc004000000000000, rmm
	/* 2^-538 * 2^-537 = 2^-1075, half the smallest subnormal: RMM 2^-1074, RNE +0 */
	TEST_FP3 7, fmadd.d, 0x0000000000000001, 0x03, 0x1e50000000000000, 0x1e60000000000000, 0, rmm
	TEST_FP3 8, fmadd.d, 0x0000000000000000, 0x03, 0x1e50000000000000, 0x1e60000000000000, 0, rne
	/* 5 * 2^-540 * 2^-535 = 2.5 * 2^-1074 */
	TEST_FP3 9, fmadd.d, 0x0000000000000003, 0x03, 0x1e54000000000000, 0x1e80000000000000, 0, rmm
	/* single: (1 + 2^-12)^2 - 2^-11 = 1 + 2^-24 */
	TEST_FP3 10, fmadd.s, S(0x3f800001), 0x01, S(0x3f800800), S(0x3f800800), S(0xba000000), rmm
	TEST_FP3 11, fmadd.s, S(0x3f800000), 0x01, S(0x3f800800), S(0x3f800800), S(0xba000000), rne
	TEST_FP3 12, fmsub.s, S(0x4b000001), 0x01, S(0x4b000000), S(0x3f800000), S(0xbf000000), rmm
	TEST_FP3 13, fnmadd.s, S(0xcb000001), 0x01, S(0x4b000000), S(0x3f800000), S(0x3f000000), rmm
	/* -(2^-75 * 2^-75) + 0 = -2^-150: RMM the negative smallest subnormal, RNE -0 */
	TEST_FP3 14, fnmsub.s, S(0x80000001), 0x03, S(0x1a000000), S(0x1a000000), S(0), rmm
	TEST_FP3 15, fnmsub.s, S(0x80000000), 0x03, S(0x1a000000), S(0x1a000000), S(0), rne
	/* products and quotients with a subnormal tie */
	TEST_FP2 16, fmul.d, 0x0000000000000001, 0x03, 0x1e50000000000000, 0x1e60000000000000, rmm
	TEST_FP2 17, fmul.d, 0x0000000000000003, 0x03, 0x1e54000000000000, 0x1e80000000000000, rmm
	TEST_FP2 18, fmul.d, 0x0000000000000002, 0x03, 0x1e54000000000000, 0x1e80000000000000, rne
	TEST_FP2 19, fdiv.d, 0x0000000000000003, 0x03, 0x0000000000000005, 0x4000000000000000, rmm
	TEST_FP2 20, fdiv.d, 0x0000000000000002, 0x03, 0x0000000000000005, 0x4000000000000000, rne
	TEST_FP2 21, fdiv.s, S(0x00000003), 0x03, S(0x00000005), S(0x40000000), rmm
	TEST_FP2 22, fmul.s, S(0x00000003), 0x03, S(0x00000005), S(0x3f000000), rmm
	TEST_FP2 23, fsub.d, 0x4330000000000003, 0x01, P52_D, 0xc004000000000000, rmm
	/* double -> single */
	TEST_FP1 24, fcvt.s.d, S(0x3f800001), 0x01, 0x3ff0000010000000, rmm   /* 1 + 2^-24 */
	TEST_FP1 25, fcvt.s.d, S(0x3f800000), 0x01, 0x3ff0000010000000, rne
	TEST_FP1 26, fcvt.s.d, S(0x00000003), 0x03, 0x36b4000000000000, rmm   /* 2.5 * 2^-149 */
	TEST_FP1 27, fcvt.s.d, S(0x00000001), 0x03, 0x3690000000000000, rmm   /* 2^-150 */
	/* integers -> double / single */
	TEST_XF 28, fcvt.d.l, 0x4340000000000001, 0x01, 9007199254740993, rmm    /* 2^53 + 1 */
	TEST_XF 29, fcvt.d.l, 0xc340000000000001, 0x01, -9007199254740993, rmm
	TEST_XF 30, fcvt.d.lu, 0x4340000000000003, 0x01, 9007199254740997, rmm   /* 2^53 + 5 */
	TEST_XF 31, fcvt.d.lu, 0x4340000000000002, 0x01, 9007199254740997, rne
	TEST_XF 32, fcvt.s.lu, S(0x4b800001), 0x01, 16777217, rmm
	TEST_XF 33, fcvt.s.wu, S(0x4b800003), 0x01, 16777221, rmm                /* 2^24 + 5 */
	TEST_XF 34, fcvt.s.wu, S(0x4b800002), 0x01, 16777221, rne
	/* sqrt has no ties: RMM = RNE */
	TEST_FP1 35, fsqrt.d, 0x3ff6a09e667f3bcd, 0x01, 0x4000000000000000, rmm
	TEST_FP1 36, fsqrt.s, S(0x3fb504f3), 0x01, S(0x40000000), rmm
	/* to integers: halves away from zero */
	TEST_FX1 37, fcvt.w.d, 0xfffffffffffffffd, 0x01, 0xc004000000000000, rmm
	TEST_FX1 38, fcvt.l.s, 3, 0x01, S(0x40200000), rmm
	/* the dynamic rounding mode frm = 4 takes the same path */
	fsrmi 4
	TEST_FP3 39, fmadd.d, 0x3ff0000000000001, 0x01, 0x3ff0000004000000, 0x3ff0000002000000, 0xbe58000000000000
	TEST_FP3 40, fmadd.s, S(0x3f800001), 0x01, S(0x3f800800), S(0x3f800800), S(0xba000000)
	TEST_FP2 41, fmul.d, 0x0000000000000001, 0x03, 0x1e50000000000000, 0x1e60000000000000
	fsrmi 0
	/* the other unit-test cases (tests/unit/test_hart_fp_rmm.c), here checked against qemu */
	TEST_FP2 42, fmul.d, 0x4348000000000005, 0x01, 0x4330000000000003, 0x4008000000000000, rmm  /* (2^52+3)*3 */
	TEST_FP3 43, fmadd.d, 0x3ff0000000000001, 0x01, 0x3ff0000004000000, 0x3ff0000002000000, 0xbe57ffffffffffe0, rmm
	TEST_FP3 44, fmadd.d, 0x3ff0000000000000, 0x01, 0x3ff0000002000000, 0x3ff0000002000000, 0xbe50000000000000, rmm
	TEST_FP3 45, fmadd.d, 0x8000000000000001, 0x03, 0x9e50000000000000, 0x1e60000000000000, 0x8000000000000000, rmm
	TEST_FP3 46, fmadd.d, 0x0000000000000004, 0x03, 0x1e54000000000000, 0x1e80000000000000, 1, rmm
	TEST_FP3 47, fmadd.s, S(0x00000002), 0x03, S(0x1a000000), S(0x1a000000), S(0x00000001), rmm
	TEST_FP3 48, fmadd.s, S(0x3f800001), 0x01, S(0x3f800800), S(0x3f800800), S(0xb9fffff0), rmm
	TEST_FP2 49, fdiv.d, 0x0000000000000001, 0x03, 0x0000000000000001, 0x4000000000000000, rmm
	TEST_FP2 50, fmul.s, S(0x00000001), 0x03, S(0x00000001), S(0x3f000000), rmm
	TEST_FP1 51, fcvt.s.d, S(0x3f800001), 0x01, 0x3ff0000010000001, rmm
	TEST_FP1 52, fcvt.s.d, S(0x3f800000), 0x01, 0x3ff0000008000000, rmm
	TEST_FP1 53, fcvt.s.d, S(0x80000001), 0x03, 0xb690000000000000, rmm
	TEST_FP1 54, fcvt.s.d, S(0x7f800000), 0x05, 0x47efffffffffffff, rmm
	TEST_XF 55, fcvt.s.w, S(0xcd73c08b), 0x01, 0xfffffffff0c3f758, rmm
	TEST_XF 56, fcvt.d.lu, 0x43f0000000000000, 0x01, 0xffffffffffffffff, rmm
	TEST_XF 57, fcvt.s.l, S(0x4b800002), 0x01, 16777219, rmm
TEST_END
