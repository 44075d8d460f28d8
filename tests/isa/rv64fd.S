/* rv64fd.S - RV64F/D: arithmetic with exact bit patterns and fflags (NV 0x10, DZ 0x08,
 * OF 0x04, UF 0x02, NX 0x01), static and dynamic rounding modes, NaN boxing of single
 * inputs and results, canonical NaNs, fused multiply-add (single rounding, inf*0 + qNaN is
 * invalid), fcvt saturation, fmin/fmax (NaN, sNaN, signed zeros), compares, fclass, moves,
 * FP loads/stores, fcsr/frm/fflags. Singles are written NaN-boxed: 0xffffffff_xxxxxxxx. */
#include "isa.h"
#define S(x) (0xffffffff00000000 | (x))
#define QNAN_D 0x7ff8000000000000
#define SNAN_D 0x7ff4000000000000
#define QNAN_S S(0x7fc00000)
#define ONE_D 0x3ff0000000000000
#define TWO_D 0x4000000000000000
#define THREE_D 0x4008000000000000
TEST_START
	fsrmi 0                                                    /* dynamic mode = RNE */
	TEST_FP2 1, fadd.d, THREE_D, 0, ONE_D, TWO_D
	TEST_FP2 2, fadd.s, S(0x40400000), 0, S(0x3f800000), S(0x40000000)
	TEST_FP2 3, fsub.d, 0xbff0000000000000, 0, TWO_D, THREE_D
	TEST_FP2 4, fmul.s, S(0x40e00000), 0, S(0x40e00000), S(0x3f800000)
	/* 1/3 in every rounding mode */
	TEST_FP2 5, fdiv.d, 0x3fd5555555555555, 0x01, ONE_D, THREE_D, rne
	TEST_FP2 6, fdiv.d, 0x3fd5555555555555, 0x01, ONE_D, THREE_D, rtz
	TEST_FP2 7, fdiv.d, 0x3fd5555555555555, 0x01, ONE_D, THREE_D, rdn
	TEST_FP2 8, fdiv.d, 0x3fd5555555555556, 0x01, ONE_D, THREE_D, rup
	TEST_FP2 9, fdiv.d, 0x3fd5555555555555, 0x01, ONE_D, THREE_D, rmm
	TEST_FP2 10, fdiv.d, 0xbfd5555555555556, 0x01, 0xbff0000000000000, THREE_D, rdn
	TEST_FP2 11, fdiv.d, 0xbfd5555555555555, 0x01, 0xbff0000000000000, THREE_D, rup
	TEST_FP2 12, fdiv.s, S(0x3eaaaaab), 0x01, S(0x3f800000), S(0x40400000), rne
	TEST_FP2 13, fdiv.s, S(0x3eaaaaaa), 0x01, S(0x3f800000), S(0x40400000), rtz
	/* RMM on exact ties: away from zero (the host FPU has no such mode) */
	TEST_FP2 145, fadd.d, 0x4330000000000003, 0x01, 0x4330000000000000, 0x4004000000000000, rmm
	TEST_FP2 146, fadd.d, 0xc330000000000003, 0x01, 0xc330000000000000, 0xc004000000000000, rmm
	TEST_FP2 147, fadd.d, 0x4330000000000002, 0x01, 0x4330000000000000, 0x4004000000000000, rne
	TEST_XF 148, fcvt.s.w, S(0x4b800001), 0x01, 16777217, rmm
	TEST_XF 149, fcvt.s.l, S(0xcb800001), 0x01, -16777217, rmm
	TEST_FP2 150, fadd.s, S(0x4b800001), 0x01, S(0x4b800000), S(0x3f800000), rmm /* 2^24 + 1: a tie */
	/* dynamic rounding mode from frm */
	fsrmi 1                                                    /* RTZ */
	frrm x14
	TEST_EQ 14, x14, 1
	TEST_FP2 15, fdiv.s, S(0x3eaaaaaa), 0x01, S(0x3f800000), S(0x40400000)
	fsrmi 3                                                    /* RUP */
	TEST_FP2 16, fdiv.d, 0x3fd5555555555556, 0x01, ONE_D, THREE_D
	fsrmi 0
	/* division by zero, invalid, overflow, underflow */
	TEST_FP2 17, fdiv.d, 0x7ff0000000000000, 0x08, ONE_D, 0
	TEST_FP2 18, fdiv.d, 0xfff0000000000000, 0x08, 0xbff0000000000000, 0
	TEST_FP2 19, fdiv.d, QNAN_D, 0x10, 0, 0
	TEST_FP2 20, fsub.d, QNAN_D, 0x10, 0x7ff0000000000000, 0x7ff0000000000000
	TEST_FP2 21, fmul.s, S(0x7f800000), 0x05, S(0x7f7fffff), S(0x40000000)
	TEST_FP2 22, fmul.s, S(0x7f7fffff), 0x05, S(0x7f7fffff), S(0x40000000), rtz
	TEST_FP2 23, fmul.d, 0, 0x03, 0x0000000000000001, 0x3fe0000000000000
	TEST_FP2 24, fmul.d, 0x0008000000000000, 0, 0x0010000000000000, 0x3fe0000000000000 /* exact subnormal: no UF */
	TEST_FP1 25, fsqrt.d, TWO_D, 0, 0x4010000000000000
	TEST_FP1 26, fsqrt.d, QNAN_D, 0x10, 0xbff0000000000000
	TEST_FP1 27, fsqrt.s, S(0x3fb504f3), 0x01, S(0x40000000)
	TEST_FP1 28, fsqrt.d, 0x8000000000000000, 0, 0x8000000000000000 /* sqrt(-0) = -0 */
	/* NaN propagation: any NaN input gives the canonical NaN; sNaN raises NV */
	TEST_FP2 29, fadd.d, QNAN_D, 0, 0x7ff8000000001234, ONE_D
	TEST_FP2 30, fadd.d, QNAN_D, 0x10, SNAN_D, ONE_D
	TEST_FP2 31, fadd.s, QNAN_S, 0, S(0xffc01234), S(0x3f800000)
	/* NaN boxing: a single whose upper 32 bits are not all ones reads as the canonical NaN */
	TEST_FP2 32, fadd.s, QNAN_S, 0, 0x000000003f800000, S(0x3f800000)
	TEST_FP2 33, fadd.s, QNAN_S, 0, 0xfffffffe3f800000, S(0x3f800000)
	TEST_FP2N 34, fsgnj.s, S(0x7fc00000), 0, 0x000000003f800000, S(0x3f800000)
	TEST_FP2N 35, fsgnjn.s, S(0xffc00000), 0, 0x00000000bf800000, S(0x3f800000)
	TEST_FX1N 36, fclass.s, 0x200, 0, 0x0000000000000000
	TEST_FX1N 37, fmv.x.w, 0xffffffff80000000, 0, 0x1234567880000000 /* fmv.x.w: no box check */
	TEST_FX1N 38, fmv.x.w, 0x000000007f800000, 0, S(0x7f800000)
	li x11, 0x12345678bf800000
	fmv.w.x fa2, x11                                            /* boxes the low word */
	fmv.x.d x14, fa2
	TEST_EQ 39, x14, S(0xbf800000)
	/* fused multiply-add: one rounding */
	TEST_FP3 40, fmadd.d, 0x401c000000000000, 0, TWO_D, THREE_D, ONE_D
	TEST_FP3 41, fmsub.d, 0x4014000000000000, 0, TWO_D, THREE_D, ONE_D
	TEST_FP3 42, fnmsub.d, 0xc014000000000000, 0, TWO_D, THREE_D, ONE_D
	TEST_FP3 43, fnmadd.d, 0xc01c000000000000, 0, TWO_D, THREE_D, ONE_D
	TEST_FP3 44, fmadd.d, 0xb970000000000000, 0, 0x3ff0000000000001, 0x3feffffffffffffe, 0xbff0000000000000
	TEST_FP3 45, fmadd.d, QNAN_D, 0x10, 0x7ff0000000000000, 0, QNAN_D
	TEST_FP3 46, fmadd.s, S(0x40e00000), 0, S(0x40000000), S(0x40400000), S(0x3f800000)
	TEST_FP3 47, fmadd.d, 0x7ff0000000000000, 0x05, 0x7fefffffffffffff, TWO_D, 0
	/* fmin/fmax */
	TEST_FP2N 50, fmin.d, ONE_D, 0, QNAN_D, ONE_D
	TEST_FP2N 51, fmin.d, ONE_D, 0x10, SNAN_D, ONE_D
	TEST_FP2N 52, fmax.d, QNAN_D, 0, QNAN_D, 0x7ff8000000000001
	TEST_FP2N 53, fmin.d, 0x8000000000000000, 0, 0, 0x8000000000000000
	TEST_FP2N 54, fmax.d, 0, 0, 0x8000000000000000, 0
	TEST_FP2N 55, fmax.s, S(0x40400000), 0, S(0x3f800000), S(0x40400000)
	TEST_FP2N 56, fmin.s, S(0xbf800000), 0, S(0xbf800000), QNAN_S
	/* sign injection */
	TEST_FP2N 57, fsgnj.d, 0xbff0000000000000, 0, ONE_D, 0x8000000000000000
	TEST_FP2N 58, fsgnjn.d, 0xbff0000000000000, 0, ONE_D, 0
	TEST_FP2N 59, fsgnjx.d, ONE_D, 0, 0xbff0000000000000, 0x8000000000000000
	TEST_FP2N 60, fsgnjx.s, S(0xbf800000), 0, S(0x3f800000), S(0x80000000)
	/* compares: quiet (feq) vs signalling (flt, fle) */
	TEST_FX 61, feq.d, 1, 0, ONE_D, ONE_D
	TEST_FX 62, feq.d, 0, 0, QNAN_D, QNAN_D
	TEST_FX 63, feq.d, 0, 0x10, SNAN_D, ONE_D
	TEST_FX 64, flt.d, 0, 0x10, QNAN_D, ONE_D
	TEST_FX 65, fle.d, 0, 0x10, ONE_D, QNAN_D
	TEST_FX 66, flt.d, 1, 0, 0xbff0000000000000, ONE_D
	TEST_FX 67, fle.d, 1, 0, 0x8000000000000000, 0         /* -0 <= +0 */
	TEST_FX 68, feq.d, 1, 0, 0x8000000000000000, 0
	TEST_FX 69, flt.s, 1, 0, S(0x3f800000), S(0x40000000)
	TEST_FX 70, feq.s, 0, 0, 0x000000003f800000, S(0x3f800000) /* unboxed = NaN */
	/* fclass: one bit per class */
	TEST_FX1N 71, fclass.d, 0x001, 0, 0xfff0000000000000
	TEST_FX1N 72, fclass.d, 0x002, 0, 0xbff0000000000000
	TEST_FX1N 73, fclass.d, 0x004, 0, 0x8000000000000001
	TEST_FX1N 74, fclass.d, 0x008, 0, 0x8000000000000000
	TEST_FX1N 75, fclass.d, 0x010, 0, 0
	TEST_FX1N 76, fclass.d, 0x020, 0, 0x0000000000000001
	TEST_FX1N 77, fclass.d, 0x040, 0, ONE_D
	TEST_FX1N 78, fclass.d, 0x080, 0, 0x7ff0000000000000
	TEST_FX1N 79, fclass.d, 0x100, 0, SNAN_D
	TEST_FX1N 80, fclass.d, 0x200, 0, QNAN_D
	TEST_FX1N 81, fclass.s, 0x100, 0, S(0x7fa00000)
	TEST_FX1N 82, fclass.s, 0x004, 0, S(0x80000001)
	/* fcvt to integer: rounding and saturation (invalid -> NV and the clamped value) */
	TEST_FX1 83, fcvt.w.d, 2, 0x01, 0x3ff8000000000000, rne   /* 1.5 */
	TEST_FX1 84, fcvt.w.d, 2, 0x01, 0x4004000000000000, rne   /* 2.5: ties to even */
	TEST_FX1 85, fcvt.w.d, 3, 0x01, 0x4004000000000000, rmm
	TEST_FX1 86, fcvt.w.d, 0xfffffffffffffffd, 0x01, 0xc004000000000000, rdn
	TEST_FX1 87, fcvt.w.d, 0xfffffffffffffffe, 0x01, 0xc004000000000000, rup
	TEST_FX1 88, fcvt.w.d, 0xfffffffffffffffe, 0x01, 0xc004000000000000, rtz
	TEST_FX1 89, fcvt.w.d, 0x000000007fffffff, 0x10, QNAN_D, rtz
	TEST_FX1 90, fcvt.w.d, 0x000000007fffffff, 0x10, 0x7ff0000000000000, rtz
	TEST_FX1 91, fcvt.w.d, 0xffffffff80000000, 0x10, 0xfff0000000000000, rtz
	TEST_FX1 92, fcvt.w.d, 0x000000007fffffff, 0x10, 0x41e65a0bc0000000, rtz /* 3e9 */
	TEST_FX1 93, fcvt.w.d, 0xffffffff80000000, 0x10, 0xc1e65a0bc0000000, rtz
	TEST_FX1 94, fcvt.wu.d, 0xffffffffb2d05e00, 0, 0x41e65a0bc0000000, rtz /* 3e9, sign-extended */
	TEST_FX1 95, fcvt.wu.d, 0, 0x10, 0xbff0000000000000, rtz
	TEST_FX1 96, fcvt.wu.d, 0, 0x01, 0xbfe0000000000000, rtz   /* -0.5 -> 0 is just inexact */
	TEST_FX1 97, fcvt.wu.d, 0xffffffffffffffff, 0x10, QNAN_D, rtz
	TEST_FX1 98, fcvt.l.d, 0x7fffffffffffffff, 0x10, QNAN_D, rtz
	TEST_FX1 99, fcvt.l.d, 0x8000000000000000, 0x10, 0xfff0000000000000, rtz
	TEST_FX1 100, fcvt.l.d, 0x8000000000000000, 0, 0xc3e0000000000000, rtz /* -2^63 exact */
	TEST_FX1 101, fcvt.l.d, 0x7fffffffffffffff, 0x10, 0x43e0000000000000, rtz /* 2^63 */
	TEST_FX1 102, fcvt.lu.d, 0, 0x10, 0xfff0000000000000, rtz
	TEST_FX1 103, fcvt.lu.d, 0xffffffffffffffff, 0x10, QNAN_D, rtz
	TEST_FX1 104, fcvt.lu.d, 0x8000000000000000, 0, 0x43e0000000000000, rtz
	TEST_FX1 105, fcvt.w.s, 0x000000007fffffff, 0x10, S(0x4f000000), rtz /* 2^31 */
	TEST_FX1 106, fcvt.w.s, 0xffffffff80000000, 0, S(0xcf000000), rtz  /* -2^31 exact */
	TEST_FX1 107, fcvt.wu.s, 0xffffffffffffffff, 0x10, 0x000000003f800000, rtz /* unboxed: NaN */
	TEST_FX1 108, fcvt.l.s, 0xfffffffffffffffe, 0x01, S(0xbfc00000), rdn /* -1.5 -> -2 */
	/* fcvt from integer */
	TEST_XFN 110, fcvt.d.w, 0xc000000000000000, 0, 0xfffffffffffffffe   /* -2 */
	TEST_XFN 111, fcvt.d.w, 0xc1e0000000000000, 0, 0x0000000080000000   /* low word, signed */
	TEST_XFN 112, fcvt.d.wu, 0x41efffffffe00000, 0, 0x12345678ffffffff
	TEST_XF 113, fcvt.d.l, 0x4340000000000000, 0x01, 0x0020000000000001, rne /* 2^53+1 */
	TEST_XF 114, fcvt.d.l, 0x4340000000000001, 0x01, 0x0020000000000001, rup
	TEST_XF 115, fcvt.d.lu, 0x43f0000000000000, 0x01, 0xffffffffffffffff, rne
	TEST_XF 116, fcvt.s.w, S(0x4b800000), 0x01, 16777217, rne
	TEST_XF 117, fcvt.s.w, S(0x4b800001), 0x01, 16777217, rup
	TEST_XF 118, fcvt.s.l, S(0xdf000000), 0, 0x8000000000000000, rne
	TEST_XF 119, fcvt.s.lu, S(0x5f800000), 0x01, 0xffffffffffffffff, rne
	TEST_XF 120, fcvt.s.wu, S(0x4f800000), 0x01, 0xffffffff, rne
	/* precision conversion */
	TEST_FP1 121, fcvt.s.d, S(0x3dcccccd), 0x01, 0x3fb999999999999a, rne /* 0.1 */
	TEST_FP1 122, fcvt.s.d, S(0x3dcccccc), 0x01, 0x3fb999999999999a, rtz
	TEST_FP1 123, fcvt.s.d, S(0x7f800000), 0x05, 0x7fefffffffffffff, rne
	TEST_FP1 124, fcvt.s.d, QNAN_S, 0x10, SNAN_D, rne
	TEST_FP1N 125, fcvt.d.s, QNAN_D, 0x10, S(0x7fa00000)
	TEST_FP1N 126, fcvt.d.s, 0x3ff8000000000000, 0, S(0x3fc00000)
	TEST_FP1N 127, fcvt.d.s, QNAN_D, 0, 0x000000003fc00000 /* unboxed -> canonical NaN, quiet */
	/* fflags accumulate until cleared; fsflags returns the old value */
	fsflags x0
	li x11, ONE_D
	fmv.d.x fa0, x11
	li x11, THREE_D
	fmv.d.x fa1, x11
	fdiv.d fa2, fa0, fa1                                        /* NX */
	fmv.d.x fa3, x0
	fdiv.d fa2, fa0, fa3                                        /* DZ */
	frflags x14
	TEST_EQ 130, x14, 0x09
	fsflagsi x14, 0x10
	TEST_EQ 131, x14, 0x09
	frflags x14
	TEST_EQ 132, x14, 0x10
	/* fcsr = frm << 5 | fflags; reserved bits read as zero */
	li x11, 0xffffffff
	fscsr x14, x11
	frcsr x14
	TEST_EQ 133, x14, 0xff
	frrm x14
	TEST_EQ 134, x14, 7
	frflags x14
	TEST_EQ 135, x14, 0x1f
	li x11, 0x61
	fscsr x11
	frrm x14
	TEST_EQ 136, x14, 3
	frflags x14
	TEST_EQ 137, x14, 1
	csrrci x14, fflags, 1
	TEST_EQ 138, x14, 1
	csrrsi x14, frm, 4
	TEST_EQ 139, x14, 3
	frcsr x14
	TEST_EQ 140, x14, 0xe0
	fscsr x0
	/* FP loads/stores: flw boxes, fsw stores 4 bytes */
	li x11, 0x1122334455667788
	sd x11, 0(s11)
	flw fa0, 0(s11)
	fmv.x.d x14, fa0
	TEST_EQ 141, x14, S(0x55667788)
	fsw fa0, 12(s11)
	li x11, -1
	sd x11, 8(s11)
	fsw fa0, 8(s11)
	ld x14, 8(s11)
	TEST_EQ 142, x14, 0xffffffff55667788
	fld fa1, 0(s11)
	fsd fa1, 16(s11)
	ld x14, 16(s11)
	TEST_EQ 143, x14, 0x1122334455667788
	/* fmv.x.d / fmv.d.x are raw */
	TEST_FX1N 144, fmv.x.d, SNAN_D, 0, SNAN_D
TEST_END
