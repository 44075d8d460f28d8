#define _GNU_SOURCE
/* fp.c - the RISC-V floating-point rules the x86-64 host FPU does not follow (RISC-V
 * unprivileged spec ch. 11-12: canonical NaN, fmin/fmax, compares, fcvt saturation, fclass),
 * and the host flag/rounding-mode environment around hart_run. */
#include "hart/fp.h"

static uint32_t mxcsr_get(void) { uint32_t v; __asm__ volatile("stmxcsr %0" : "=m"(v)); return v; }
static void mxcsr_set(uint32_t v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }

/* MXCSR flags: IE 0, DE 1, ZE 2, OE 3, UE 4, PE 5 */
uint32_t fp_collect_flags(struct hart *h)
{
	uint32_t v = mxcsr_get(), f = 0;
	if (v & 0x01) f |= FFLAG_NV;
	if (v & 0x04) f |= FFLAG_DZ;
	if (v & 0x08) f |= FFLAG_OF;
	if (v & 0x10) f |= FFLAG_UF;
	if (v & 0x20) f |= FFLAG_NX;
	mxcsr_set(v & ~0x3fu);
	h->fflags |= f;
	return h->fflags;
}

void fp_enter(struct hart *h)
{
	uint32_t v = mxcsr_get() & ~0x3fu;
	v = (v & ~0x6000u) | (h->frm <= 4 ? fp_mxcsr_rc(h->frm) : 0) << 13;
	mxcsr_set(v);
}

void fp_leave(struct hart *h)
{
	fp_collect_flags(h);
	fp_host_rm(0);
}

static uint64_t cvt_to_int(struct hart *h, double v, unsigned rm, unsigned kind);

/* gcc expands trunc/floor/... inline with host arithmetic that raises the host's inexact flag:
 * keep the host flags out of it (NX/NV are decided by hand here) */
uint64_t fp_cvt_to_int(struct hart *h, double v, unsigned rm, unsigned kind)
{
	uint32_t saved = mxcsr_get();
	uint64_t r = cvt_to_int(h, v, rm, kind);
	mxcsr_set(saved);
	return r;
}

static uint64_t cvt_to_int(struct hart *h, double v, unsigned rm, unsigned kind)
{
	static const double lo[4] = { -2147483648.0, 0.0, -9223372036854775808.0, 0.0 };
	static const double hi[4] = { 2147483647.0, 4294967295.0, 9223372036854775807.0, 18446744073709551615.0 };
	static const uint64_t min[4] = { 0xffffffff80000000ULL, 0, 0x8000000000000000ULL, 0 };
	static const uint64_t max[4] = { 0x7fffffffULL, 0xffffffffffffffffULL, 0x7fffffffffffffffULL, 0xffffffffffffffffULL };
	uint64_t b = f64_bits(v);
	if (f64_is_nan(b)) {
		h->fflags |= FFLAG_NV;
		return max[kind];
	}
	double r;
	switch (rm) {
	case 1: r = trunc(v); break;
	case 2: r = floor(v); break;
	case 3: r = ceil(v); break;
	case 4: r = round(v); break;
	default: r = roundeven(v); break;
	}
	/* hi[] of l/lu is 2^63 / 2^64 after rounding to double: out of range when >= */
	bool over = (kind >= 2) ? r >= hi[kind] : r > hi[kind];
	if (r < lo[kind] || over) {
		h->fflags |= FFLAG_NV;
		return (b >> 63) ? min[kind] : max[kind];
	}
	if (r != v)
		h->fflags |= FFLAG_NX;
	switch (kind) {
	case 0: return (uint64_t)(int64_t)(int32_t)r;
	case 1: return (uint64_t)(int64_t)(int32_t)(uint32_t)r;
	case 2: return (uint64_t)(int64_t)r;
	default: return (uint64_t)r;
	}
}

/* fclass bit: 0 -inf, 1 -normal, 2 -subnormal, 3 -0, 4 +0, 5 +subnormal, 6 +normal, 7 +inf,
 * 8 signaling NaN, 9 quiet NaN */
static unsigned fclass(bool sign, bool exp_zero, bool exp_max, bool mant_zero, bool quiet)
{
	if (exp_max)
		return mant_zero ? (sign ? 1u << 0 : 1u << 7) : (quiet ? 1u << 9 : 1u << 8);
	if (exp_zero)
		return mant_zero ? (sign ? 1u << 3 : 1u << 4) : (sign ? 1u << 2 : 1u << 5);
	return sign ? 1u << 1 : 1u << 6;
}
unsigned fp_class32(uint32_t b)
{
	uint32_t e = (b >> 23) & 0xff, m = b & 0x7fffff;
	return fclass(b >> 31, e == 0, e == 0xff, m == 0, m >> 22);
}
unsigned fp_class64(uint64_t b)
{
	uint64_t e = (b >> 52) & 0x7ff, m = b & 0xfffffffffffffULL;
	return fclass(b >> 63, e == 0, e == 0x7ff, m == 0, m >> 51);
}

/* Total order helpers on non-NaN bit patterns (-0 < +0 as fmin/fmax require) */
static bool lt32(uint32_t a, uint32_t b)
{
	bool sa = a >> 31, sb = b >> 31;
	if (sa != sb)
		return sa;
	return sa ? a > b : a < b;
}
static bool lt64(uint64_t a, uint64_t b)
{
	bool sa = a >> 63, sb = b >> 63;
	if (sa != sb)
		return sa;
	return sa ? a > b : a < b;
}

uint32_t fp_minmax32(struct hart *h, uint32_t a, uint32_t b, bool max)
{
	if (f32_is_snan(a) || f32_is_snan(b))
		h->fflags |= FFLAG_NV;
	bool na = f32_is_nan(a), nb = f32_is_nan(b);
	if (na && nb)
		return F32_CANON;
	if (na)
		return b;
	if (nb)
		return a;
	return (lt32(a, b) != max) ? a : b;
}
uint64_t fp_minmax64(struct hart *h, uint64_t a, uint64_t b, bool max)
{
	if (f64_is_snan(a) || f64_is_snan(b))
		h->fflags |= FFLAG_NV;
	bool na = f64_is_nan(a), nb = f64_is_nan(b);
	if (na && nb)
		return F64_CANON;
	if (na)
		return b;
	if (nb)
		return a;
	return (lt64(a, b) != max) ? a : b;
}

/* feq: quiet (NV only for sNaN); flt/fle: signaling (NV for any NaN). +0 == -0. */
bool fp_compare32(struct hart *h, uint32_t a, uint32_t b, int kind)
{
	bool na = f32_is_nan(a), nb = f32_is_nan(b);
	if (na || nb) {
		if (kind != 0 || f32_is_snan(a) || f32_is_snan(b))
			h->fflags |= FFLAG_NV;
		return false;
	}
	bool eq = a == b || ((a | b) & 0x7fffffffu) == 0;
	if (kind == 0)
		return eq;
	return kind == 1 ? (!eq && lt32(a, b)) : (eq || lt32(a, b));
}
bool fp_compare64(struct hart *h, uint64_t a, uint64_t b, int kind)
{
	bool na = f64_is_nan(a), nb = f64_is_nan(b);
	if (na || nb) {
		if (kind != 0 || f64_is_snan(a) || f64_is_snan(b))
			h->fflags |= FFLAG_NV;
		return false;
	}
	bool eq = a == b || ((a | b) & 0x7fffffffffffffffULL) == 0;
	if (kind == 0)
		return eq;
	return kind == 1 ? (!eq && lt64(a, b)) : (eq || lt64(a, b));
}

/* RISC-V: inf * 0 (+ anything, even a quiet NaN) is invalid */
void fp_fma_check(struct hart *h, uint64_t a, uint64_t b, bool dbl)
{
	bool ai, bi, az, bz;
	if (dbl) {
		ai = (a & ~(1ULL << 63)) == 0x7ff0000000000000ULL;
		bi = (b & ~(1ULL << 63)) == 0x7ff0000000000000ULL;
		az = (a << 1) == 0;
		bz = (b << 1) == 0;
	} else {
		ai = ((uint32_t)a & 0x7fffffffu) == 0x7f800000u;
		bi = ((uint32_t)b & 0x7fffffffu) == 0x7f800000u;
		az = ((uint32_t)a << 1) == 0;
		bz = ((uint32_t)b << 1) == 0;
	}
	if ((ai && bz) || (az && bi))
		h->fflags |= FFLAG_NV;
}

/* ---- RMM (round to nearest, ties to max magnitude): the host has no such mode. The result r
 * was computed with RNE; it differs from RMM only on an exact tie that RNE rounded toward zero
 * (to the even neighbour). A tie is detected from the exact error of the operation (TwoSum for
 * add/sub, fma residuals for mul/div; sqrt results are never ties). The host flags are
 * restored around the check: the exact-error arithmetic must not add flags of its own. */
static double away_d(double r, double exact_sign) { return nextafter(r, exact_sign < 0 ? -INFINITY : INFINITY); }
static float away_s(float r, float exact_sign) { return nextafterf(r, exact_sign < 0 ? -INFINITY : INFINITY); }

double fp_rmm_d(int op, double a, double b, double r)
{
	if (!isfinite(r) || !isfinite(a) || !isfinite(b) || r == 0)
		return r;
	uint32_t saved = mxcsr_get();
	double e, rem = 0;
	switch (op) {
	case 0: case 1: {
		double bb = op == 0 ? b : -b, s = r, v = s - a;
		e = (a - (s - v)) + (bb - v);
		break;
	}
	case 2: e = fma(a, b, -r); break;
	case 3: rem = fma(-r, b, a); e = rem / b; break;
	default: mxcsr_set(saved); return r;
	}
	double next = away_d(r, r), half = fabs(next - r) / 2;
	bool tie = (op == 3) ? fabs(rem) == fabs(b) * half : fabs(e) == half;
	bool toward_zero = (e > 0) == (r > 0) && e != 0;
	double out = tie && toward_zero ? next : r;
	mxcsr_set(saved);
	return out;
}

float fp_rmm_s(int op, float a, float b, float r)
{
	if (!isfinite(r) || !isfinite(a) || !isfinite(b) || r == 0)
		return r;
	uint32_t saved = mxcsr_get();
	/* float operands: the exact result fits a double for mul; add/div via residuals */
	double exact_minus_r;
	bool tie;
	float next = away_s(r, r);
	double half = fabs((double)next - (double)r) / 2;
	switch (op) {
	case 0: case 1: {
		float bb = op == 0 ? b : -b, s = r, v = s - a;
		exact_minus_r = (double)((a - (s - v)) + (bb - v));
		tie = fabs(exact_minus_r) == half;
		break;
	}
	case 2: exact_minus_r = (double)a * (double)b - (double)r; tie = fabs(exact_minus_r) == half; break;
	case 3: {
		double rem = fma(-(double)r, (double)b, (double)a);
		exact_minus_r = rem / b;
		tie = fabs(rem) == fabs((double)b) * half;
		break;
	}
	default: mxcsr_set(saved); return r;
	}
	bool toward_zero = (exact_minus_r > 0) == (r > 0) && exact_minus_r != 0;
	float out = tie && toward_zero ? next : r;
	mxcsr_set(saved);
	return out;
}

/* conversions to float/double: exact_minus_r is given exactly by the caller */
double fp_rmm_cvt_d(double r, double exact_minus_r)
{
	if (!isfinite(r) || r == 0 || exact_minus_r == 0)
		return r;
	double next = away_d(r, r);
	bool tie = fabs(exact_minus_r) == fabs(next - r) / 2 && (exact_minus_r > 0) == (r > 0);
	return tie ? next : r;
}
float fp_rmm_cvt_s(float r, double exact_minus_r)
{
	if (!isfinite(r) || r == 0 || exact_minus_r == 0)
		return r;
	float next = away_s(r, r);
	bool tie = fabs(exact_minus_r) == fabs((double)next - (double)r) / 2 && (exact_minus_r > 0) == (r > 0);
	return tie ? next : r;
}

/* RMM conversions from integers (is_unsigned: v holds a uint64_t) and from double to float */
static double int_minus(uint64_t v, bool is_unsigned, double r)
{
	__int128 x = is_unsigned ? (__int128)v : (__int128)(int64_t)v;
	return (double)(x - (__int128)r);   /* |x - r| <= half an ulp: exact */
}
float fp_rmm_i2s(uint64_t v, bool is_unsigned)
{
	float r = is_unsigned ? (float)v : (float)(int64_t)v;
	uint32_t saved = mxcsr_get();
	float out = fp_rmm_cvt_s(r, int_minus(v, is_unsigned, r));
	mxcsr_set(saved);
	return out;
}
double fp_rmm_i2d(uint64_t v, bool is_unsigned)
{
	double r = is_unsigned ? (double)v : (double)(int64_t)v;
	uint32_t saved = mxcsr_get();
	double out = fp_rmm_cvt_d(r, int_minus(v, is_unsigned, r));
	mxcsr_set(saved);
	return out;
}
float fp_rmm_d2s(double v)
{
	float r = (float)v;
	uint32_t saved = mxcsr_get();
	float out = isfinite(v) ? fp_rmm_cvt_s(r, v - (double)r) : r;
	mxcsr_set(saved);
	return out;
}
