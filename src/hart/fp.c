#define _GNU_SOURCE
/* fp.c - the RISC-V floating-point rules the x86-64 host FPU does not follow (RISC-V
 * unprivileged spec ch. 11-12: canonical NaN, fmin/fmax, compares, fcvt saturation, fclass),
 * and the host flag/rounding-mode environment around hart_run. */
#include "hart/fp.h"

static uint32_t mxcsr_get(void) { uint32_t v; __asm__ volatile("stmxcsr %0" : "=m"(v)); return v; }
static void mxcsr_set(uint32_t v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }

/* the RISC-V fflags of MXCSR's flags: IE 0, DE 1, ZE 2, OE 3, UE 4, PE 5 */
static uint32_t fflags_of(uint32_t v)
{
	uint32_t f = 0;
	if (v & 0x01) f |= FFLAG_NV;
	if (v & 0x04) f |= FFLAG_DZ;
	if (v & 0x08) f |= FFLAG_OF;
	if (v & 0x10) f |= FFLAG_UF;
	if (v & 0x20) f |= FFLAG_NX;
	return f;
}

uint32_t fp_collect_flags(struct hart *h)
{
	uint32_t v = mxcsr_get();
	mxcsr_set(v & ~0x3fu);
	h->fflags |= fflags_of(v);
	return h->fflags;
}

/* LDMXCSR costs more than STMXCSR and a compare: written only when it changes (around every
 * system call of a hybrid cVM both ran, 3 writes in all, with nothing to change mostly) */
void fp_enter(struct hart *h)
{
	uint32_t old = mxcsr_get();
	uint32_t v = ((old & ~0x3fu) & ~0x6000u) | (h->frm <= 4 ? fp_mxcsr_rc(h->frm) : 0) << 13;
	if (v != old)
		mxcsr_set(v);
}

/* fp_collect_flags, then the host's rounding (nearest), in one write at most */
void fp_leave(struct hart *h)
{
	uint32_t old = mxcsr_get();
	h->fflags |= fflags_of(old);
	uint32_t v = (old & ~0x3fu) & ~0x6000u;   /* flags cleared, RC = 0: round to nearest */
	if (v != old)
		mxcsr_set(v);
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
 * was computed with RNE; it differs from RMM only when the exact result x lies exactly halfway
 * between r and its neighbour away from zero (RNE then chose r, the even one). That is decided
 * exactly, in integers: x - midpoint is written as a sum of terms sign * mant * 2^exp (the
 * operands, products of two operands, the midpoint) and tested for zero. sqrt results are never
 * ties (the midpoint has p + 1 significant bits, its square more than 2p + 1), nor are the
 * conversions that are always exact (fcvt.d.s, fcvt.d.w[u]). No host FP arithmetic: no flags. */
typedef unsigned __int128 u128;
struct term {
	u128 mant;
	int exp;
	bool neg;
};

static struct term term_d(double v)
{
	uint64_t b = f64_bits(v), e = (b >> 52) & 0x7ff, f = b & 0xfffffffffffffULL;
	return (struct term){ e ? f | 1ULL << 52 : f, e ? (int)e - 1075 : -1074, b >> 63 };
}
static struct term term_s(float v)
{
	uint32_t b = f32_bits(v), e = (b >> 23) & 0xff, f = b & 0x7fffff;
	return (struct term){ e ? f | 1u << 23 : f, e ? (int)e - 150 : -149, b >> 31 };
}
static struct term term_int(uint64_t v, bool is_unsigned)
{
	bool neg = !is_unsigned && (int64_t)v < 0;
	return (struct term){ neg ? -v : v, 0, neg };
}
/* the point halfway between r and its neighbour away from zero (r finite, maybe zero) */
static struct term mid_d(double r) { struct term t = term_d(r); t.mant = 2 * t.mant + 1; t.exp--; return t; }
static struct term mid_s(float r) { struct term t = term_s(r); t.mant = 2 * t.mant + 1; t.exp--; return t; }
/* products of terms of at most 54 bits each: at most 108 bits */
static struct term tmul(struct term a, struct term b) { return (struct term){ a.mant * b.mant, a.exp + b.exp, a.neg != b.neg }; }
static struct term tneg(struct term a) { a.neg = !a.neg; return a; }

static unsigned bitlen128(u128 v)
{
	uint64_t hi = (uint64_t)(v >> 64);
	return hi ? 128 - (unsigned)__builtin_clzll(hi) : v ? 64 - (unsigned)__builtin_clzll((uint64_t)v) : 0;
}
static unsigned ctz128(u128 v)
{
	uint64_t lo = (uint64_t)v;
	return lo ? (unsigned)__builtin_ctzll(lo) : 64 + (unsigned)__builtin_ctzll((uint64_t)(v >> 64));
}

/* Is the sum of the n terms (each below 2^110) exactly zero? Each nonzero term is made odd; a
 * zero sum needs at least two terms at the lowest exponent L and then every term within
 * [L, L + 112) (the largest is cancelled by the other two), so the sum fits an __int128. */
static bool sum_is_zero(const struct term *t, int n)
{
	struct term u[4];
	int m = 0, low = 0;
	for (int i = 0; i < n; i++) {
		if (!t[i].mant)
			continue;
		unsigned z = ctz128(t[i].mant);
		u[m] = (struct term){ t[i].mant >> z, t[i].exp + (int)z, t[i].neg };
		if (m == 0 || u[m].exp < low)
			low = u[m].exp;
		m++;
	}
	if (m == 0)
		return true;
	int at_low = 0;
	for (int i = 0; i < m; i++)
		at_low += u[i].exp == low;
	if (at_low < 2)
		return false;
	__int128 sum = 0;
	for (int i = 0; i < m; i++) {
		int sh = u[i].exp - low;
		if (bitlen128(u[i].mant) + (unsigned)sh > 112)
			return false;
		__int128 v = (__int128)(u[i].mant << sh);
		sum += u[i].neg ? -v : v;
	}
	return sum == 0;
}

/* r's neighbour away from zero (from +-0: the smallest subnormal of that sign) */
static double away_d(double r) { return f64_from(f64_bits(r) + 1); }
static float away_s(float r) { return f32_from(f32_bits(r) + 1); }

/* x - mid(r), x given by t[0..n): zero = a tie that RNE rounded toward zero */
static double fix_d(double r, struct term *t, int n)
{
	t[n] = tneg(mid_d(r));
	return sum_is_zero(t, n + 1) ? away_d(r) : r;
}
static float fix_s(float r, struct term *t, int n)
{
	t[n] = tneg(mid_s(r));
	return sum_is_zero(t, n + 1) ? away_s(r) : r;
}

double fp_rmm_d(int op, double a, double b, double r)
{
	if (!isfinite(r) || !isfinite(a) || !isfinite(b) || op < 0 || op > 3)
		return r;
	struct term t[4], ta = term_d(a), tb = term_d(b);
	switch (op) {
	case 0: t[0] = ta; t[1] = tb; return fix_d(r, t, 2);
	case 1: t[0] = ta; t[1] = tneg(tb); return fix_d(r, t, 2);
	case 2: t[0] = tmul(ta, tb); return fix_d(r, t, 1);
	default:   /* a / b == m  <=>  a - m * b == 0 */
		if (b == 0)
			return r;
		t[0] = ta;
		t[1] = tneg(tmul(mid_d(r), tb));
		return sum_is_zero(t, 2) ? away_d(r) : r;
	}
}

float fp_rmm_s(int op, float a, float b, float r)
{
	if (!isfinite(r) || !isfinite(a) || !isfinite(b) || op < 0 || op > 3)
		return r;
	struct term t[4], ta = term_s(a), tb = term_s(b);
	switch (op) {
	case 0: t[0] = ta; t[1] = tb; return fix_s(r, t, 2);
	case 1: t[0] = ta; t[1] = tneg(tb); return fix_s(r, t, 2);
	case 2: t[0] = tmul(ta, tb); return fix_s(r, t, 1);
	default:
		if (b == 0)
			return r;
		t[0] = ta;
		t[1] = tneg(tmul(mid_s(r), tb));
		return sum_is_zero(t, 2) ? away_s(r) : r;
	}
}

/* r = RNE of a * b + c (the caller has applied the fmsub/fnmadd/fnmsub negations to a and c) */
double fp_rmm_fma_d(double a, double b, double c, double r)
{
	if (!isfinite(r) || !isfinite(a) || !isfinite(b) || !isfinite(c))
		return r;
	struct term t[4] = { tmul(term_d(a), term_d(b)), term_d(c) };
	return fix_d(r, t, 2);
}
float fp_rmm_fma_s(float a, float b, float c, float r)
{
	if (!isfinite(r) || !isfinite(a) || !isfinite(b) || !isfinite(c))
		return r;
	struct term t[4] = { tmul(term_s(a), term_s(b)), term_s(c) };
	return fix_s(r, t, 2);
}

/* conversions to float/double when the caller knows exact_minus_r exactly (kept for callers
 * outside sem_fp.h; the RMM conversions below are exact without it) */
double fp_rmm_cvt_d(double r, double exact_minus_r)
{
	if (!isfinite(r) || r == 0 || exact_minus_r == 0)
		return r;
	double next = away_d(r);
	bool tie = fabs(exact_minus_r) == fabs(next - r) / 2 && (exact_minus_r > 0) == (r > 0);
	return tie ? next : r;
}
float fp_rmm_cvt_s(float r, double exact_minus_r)
{
	if (!isfinite(r) || r == 0 || exact_minus_r == 0)
		return r;
	float next = away_s(r);
	bool tie = fabs(exact_minus_r) == fabs((double)next - (double)r) / 2 && (exact_minus_r > 0) == (r > 0);
	return tie ? next : r;
}

/* RMM conversions from integers (is_unsigned: v holds a uint64_t) and from double to float; the
 * RNE conversion runs with the host in RNE (rm 4 maps to it) */
float fp_rmm_i2s(uint64_t v, bool is_unsigned)
{
	float r = is_unsigned ? (float)v : (float)(int64_t)v;
	struct term t[2] = { term_int(v, is_unsigned) };
	return fix_s(r, t, 1);
}
double fp_rmm_i2d(uint64_t v, bool is_unsigned)
{
	double r = is_unsigned ? (double)v : (double)(int64_t)v;
	struct term t[2] = { term_int(v, is_unsigned) };
	return fix_d(r, t, 1);
}
float fp_rmm_d2s(double v)
{
	float r = (float)v;
	if (!isfinite(v) || !isfinite(r))
		return r;
	struct term t[2] = { term_d(v) };
	return fix_s(r, t, 1);
}
