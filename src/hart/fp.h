/* fp.h - IEEE helpers for the F/D bodies: NaN boxing, canonical NaNs, the host rounding mode
 * (x86-64 MXCSR) and the RISC-V rules the host does not follow (fmin/fmax, compares, fcvt
 * saturation, fclass). Flags: the host MXCSR exception bits accumulate while the hart runs and
 * are folded into fflags by fp_collect_flags (fp.c); rules done by hand OR into h->fflags. */
#ifndef INTRAVISOR_HART_FP_H
#define INTRAVISOR_HART_FP_H

#include <math.h>
#include <string.h>

#include "hart/hart_priv.h"

#define FFLAG_NX 0x01u
#define FFLAG_UF 0x02u
#define FFLAG_OF 0x04u
#define FFLAG_DZ 0x08u
#define FFLAG_NV 0x10u

#define F32_CANON 0x7fc00000u
#define F64_CANON 0x7ff8000000000000ULL
#define F32_BOX   0xffffffff00000000ULL

static inline uint32_t f32_bits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline float f32_from(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline uint64_t f64_bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static inline double f64_from(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }

static inline bool f32_is_nan(uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }
static inline bool f64_is_nan(uint64_t b) { return (b & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL; }
static inline bool f32_is_snan(uint32_t b) { return f32_is_nan(b) && !(b & 0x00400000u); }
static inline bool f64_is_snan(uint64_t b) { return f64_is_nan(b) && !(b & 0x0008000000000000ULL); }

/* a single in an f register: valid only if NaN-boxed, else the canonical NaN */
static inline uint32_t f32_unbox(uint64_t v) { return (v >> 32) == 0xffffffffu ? (uint32_t)v : F32_CANON; }
static inline uint64_t f32_box(uint32_t b) { return F32_BOX | b; }
static inline uint32_t f32_canon(uint32_t b) { return f32_is_nan(b) ? F32_CANON : b; }
static inline uint64_t f64_canon(uint64_t b) { return f64_is_nan(b) ? F64_CANON : b; }

/* x86 MXCSR rounding control for RISC-V rm 0..4 (RMM runs as RNE; fp_rmm_* fix ties, fp.c) */
static inline uint32_t fp_mxcsr_rc(unsigned rm)
{
	return (uint32_t)(0x0 | 3u << 2 | 1u << 4 | 2u << 6 | 0u << 8) >> (2 * rm) & 3;
}
static inline void fp_host_rm(unsigned rm)
{
	uint32_t v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	v = (v & ~0x6000u) | fp_mxcsr_rc(rm) << 13;
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}
/* keep the host computation between the rounding-mode switches */
#define FP_BARRIER(v) __asm__ volatile("" : "+x"(v))
#define FP_BARRIER2I(v) __asm__ volatile("" : "+r"(v))

uint64_t fp_cvt_to_int(struct hart *h, double v, unsigned rm, unsigned kind); /* kind 0 w,1 wu,2 l,3 lu */
unsigned fp_class32(uint32_t b);
unsigned fp_class64(uint64_t b);
uint32_t fp_minmax32(struct hart *h, uint32_t a, uint32_t b, bool max);
uint64_t fp_minmax64(struct hart *h, uint64_t a, uint64_t b, bool max);
bool fp_compare32(struct hart *h, uint32_t a, uint32_t b, int kind);  /* 0 eq, 1 lt, 2 le */
bool fp_compare64(struct hart *h, uint64_t a, uint64_t b, int kind);
void fp_fma_check(struct hart *h, uint64_t a, uint64_t b, bool dbl);
/* RMM fix-ups of an RNE result (op 0 add, 1 sub, 2 mul, 3 div, -1 none) */
double fp_rmm_d(int op, double a, double b, double r);
float fp_rmm_s(int op, float a, float b, float r);
double fp_rmm_cvt_d(double r, double exact_minus_r);
float fp_rmm_cvt_s(float r, double exact_minus_r);
float fp_rmm_i2s(uint64_t v, bool is_unsigned);
double fp_rmm_i2d(uint64_t v, bool is_unsigned);
float fp_rmm_d2s(double v);
double fp_rmm_fma_d(double a, double b, double c, double r);   /* r = RNE of a * b + c */
float fp_rmm_fma_s(float a, float b, float c, float r);

#endif
