/* rv64m.S - RV64M: products (all four high/low forms), division and remainder including the
 * spec-defined division by zero (quotient all ones, remainder = dividend) and signed overflow
 * (quotient = dividend, remainder 0), and the W forms (32-bit, sign-extended results). */
#include "isa.h"
TEST_START
	TEST_RR 1, mul, 0x0000000000000006, 2, 3
	TEST_RR 2, mul, 0xfffffffffffffffa, -2, 3
	TEST_RR 3, mul, 0x8000000000000000, 0x4000000000000000, 2
	TEST_RR 4, mulh, 0xffffffffffffffff, -1, 1
	TEST_RR 5, mulh, 0x0000000000000000, -1, -1
	TEST_RR 6, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000
	TEST_RR 7, mulhu, 0xfffffffffffffffe, -1, -1
	TEST_RR 8, mulhu, 0x0000000000000000, -1, 1
	TEST_RR 9, mulhsu, 0xffffffffffffffff, -1, -1      /* -1 * (2^64-1) >> 64 */
	TEST_RR 10, mulhsu, 0x0000000000000000, 1, -1
	TEST_RR 11, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000
	TEST_RR 12, mulh, 0x0000000000000001, 0x100000000, 0x100000000
	TEST_RR 13, div, 0xfffffffffffffffd, -7, 2          /* rounds towards zero */
	TEST_RR 14, rem, 0xffffffffffffffff, -7, 2          /* sign of the dividend */
	TEST_RR 15, div, 0xfffffffffffffffd, 7, -2
	TEST_RR 16, rem, 0x0000000000000001, 7, -2
	TEST_RR 17, divu, 0x7ffffffffffffffc, -7, 2
	TEST_RR 18, remu, 0x0000000000000001, -7, 2
	/* division by zero */
	TEST_RR 19, div, 0xffffffffffffffff, 5, 0
	TEST_RR 20, divu, 0xffffffffffffffff, 5, 0
	TEST_RR 21, rem, 0x0000000000000005, 5, 0
	TEST_RR 22, remu, 0x0000000000000005, 5, 0
	TEST_RR 23, rem, 0xfffffffffffffffb, -5, 0
	/* signed overflow */
	TEST_RR 24, div, 0x8000000000000000, 0x8000000000000000, -1
	TEST_RR 25, rem, 0x0000000000000000, 0x8000000000000000, -1
	TEST_RR 26, divu, 0x0000000000000000, 0x8000000000000000, -1
	TEST_RR 27, remu, 0x8000000000000000, 0x8000000000000000, -1
	/* W forms: operate on the low 32 bits, sign-extend */
	TEST_RR 30, mulw, 0xffffffff80000000, 0x40000000, 2
	TEST_RR 31, mulw, 0x0000000000000001, 0x1234567800000001, 0xffffffff00000001
	TEST_RR 32, divw, 0xffffffffffffffff, 0xffffffff, 0        /* -1 / 0: all ones */
	TEST_RR 33, divw, 0xfffffffffffffffd, -7, 2
	TEST_RR 34, divw, 0xffffffff80000000, 0x80000000, -1      /* overflow */
	TEST_RR 35, remw, 0x0000000000000000, 0x80000000, -1
	TEST_RR 36, divw, 0xffffffffffffffff, 0x100000005, 0x100000000 /* x/0 in 32 bits */
	TEST_RR 37, remw, 0x0000000000000005, 0x100000005, 0x100000000
	TEST_RR 38, divuw, 0x000000007ffffffc, 0xfffffff9, 2
	TEST_RR 39, divuw, 0xffffffffffffffff, 7, 0               /* 0xffffffff sign-extended */
	TEST_RR 40, remuw, 0xffffffffffffffff, 0xffffffff, 0      /* dividend sign-extended */
	TEST_RR 41, remuw, 0x0000000000000001, 0xfffffff9, 2
	TEST_RR 42, remw, 0xffffffffffffffff, -7, 2
	TEST_RR 43, divuw, 0x0000000000000000, 0x80000000, 0xffffffff
TEST_END
