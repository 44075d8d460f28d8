/* sem_fp.h - F and D bodies. Results are NaN-boxed (single) and canonical NaNs; fflags from the
 * host FPU except where RISC-V differs (fp.h/fp.c). FP_BEGIN(rm) validates the rounding mode
 * (illegal instruction for 5, 6, or dyn with frm > 4) and switches the host mode if needed. */

OP(flw_ddc) { uint32_t v = LOAD(32, REG_DDC, X(RS1) + (uint64_t)IMM); SETF(RD, f32_box(v)); }
OP(fld_ddc) { uint64_t v = LOAD(64, REG_DDC, X(RS1) + (uint64_t)IMM); SETF(RD, v); }
OP(fsw_ddc) { STORE(32, REG_DDC, X(RS1) + (uint64_t)IMM, (uint32_t)FR(RS2)); }
OP(fsd_ddc) { STORE(64, REG_DDC, X(RS1) + (uint64_t)IMM, FR(RS2)); }
OP(flw_cap) { uint32_t v = LOAD(32, RS1, X(RS1) + (uint64_t)IMM); SETF(RD, f32_box(v)); }
OP(fld_cap) { uint64_t v = LOAD(64, RS1, X(RS1) + (uint64_t)IMM); SETF(RD, v); }
OP(fsw_cap) { STORE(32, RS1, X(RS1) + (uint64_t)IMM, (uint32_t)FR(RS2)); }
OP(fsd_cap) { STORE(64, RS1, X(RS1) + (uint64_t)IMM, FR(RS2)); }

/* binary arithmetic: S(ingle) and D(ouble) instantiations */
/* rm 4 (RMM) runs as RNE and is fixed up on ties (fp.c); sqrt has no ties */
#define FP_S2(k, expr) { FP_BEGIN(IMM & 7); float a = FS(RS1), b = FS(RS2); FP_BARRIER(a); FP_BARRIER(b); \
	float r = (expr); FP_BARRIER(r); FP_END(); if (unlikely(rm_ == 4)) r = fp_rmm_s(k, a, b, r); \
	SETF(RD, f32_box(f32_canon(f32_bits(r)))); }
#define FP_D2(k, expr) { FP_BEGIN(IMM & 7); double a = FD(RS1), b = FD(RS2); FP_BARRIER(a); FP_BARRIER(b); \
	double r = (expr); FP_BARRIER(r); FP_END(); if (unlikely(rm_ == 4)) r = fp_rmm_d(k, a, b, r); \
	SETF(RD, f64_canon(f64_bits(r))); }
OP(fadd_s) FP_S2(0, a + b)
OP(fsub_s) FP_S2(1, a - b)
OP(fmul_s) FP_S2(2, a * b)
OP(fdiv_s) FP_S2(3, a / b)
OP(fsqrt_s) FP_S2(-1, ((void)b, sqrtf(a)))
OP(fadd_d) FP_D2(0, a + b)
OP(fsub_d) FP_D2(1, a - b)
OP(fmul_d) FP_D2(2, a * b)
OP(fdiv_d) FP_D2(3, a / b)
OP(fsqrt_d) FP_D2(-1, ((void)b, sqrt(a)))

/* fused multiply-add: rs3 = imm[7:3], rm = imm[2:0]; RMM as for FP_S2 */
#define FP_S3(na, nc) { FP_BEGIN(IMM & 7); uint32_t ba = f32_unbox(FR(RS1)), bb = f32_unbox(FR(RS2)); \
	float a = f32_from(ba), b = f32_from(bb), c = FS((IMM >> 3) & 31); FP_BARRIER(a); FP_BARRIER(b); FP_BARRIER(c); \
	float r = fmaf(na a, b, nc c); FP_BARRIER(r); FP_END(); fp_fma_check(h, ba, bb, false); \
	if (unlikely(rm_ == 4)) r = fp_rmm_fma_s(na a, b, nc c, r); \
	SETF(RD, f32_box(f32_canon(f32_bits(r)))); }
#define FP_D3(na, nc) { FP_BEGIN(IMM & 7); uint64_t ba = FR(RS1), bb = FR(RS2); \
	double a = f64_from(ba), b = f64_from(bb), c = FD((IMM >> 3) & 31); FP_BARRIER(a); FP_BARRIER(b); FP_BARRIER(c); \
	double r = fma(na a, b, nc c); FP_BARRIER(r); FP_END(); fp_fma_check(h, ba, bb, true); \
	if (unlikely(rm_ == 4)) r = fp_rmm_fma_d(na a, b, nc c, r); \
	SETF(RD, f64_canon(f64_bits(r))); }
OP(fmadd_s)  FP_S3(+, +)
OP(fmsub_s)  FP_S3(+, -)
OP(fnmsub_s) FP_S3(-, +)
OP(fnmadd_s) FP_S3(-, -)
OP(fmadd_d)  FP_D3(+, +)
OP(fmsub_d)  FP_D3(+, -)
OP(fnmsub_d) FP_D3(-, +)
OP(fnmadd_d) FP_D3(-, -)

/* sign injection, min/max, compares, class, moves */
OP(fsgnj_s)  { uint32_t a = f32_unbox(FR(RS1)), b = f32_unbox(FR(RS2)); SETF(RD, f32_box((a & 0x7fffffffu) | (b & 0x80000000u))); }
OP(fsgnjn_s) { uint32_t a = f32_unbox(FR(RS1)), b = f32_unbox(FR(RS2)); SETF(RD, f32_box((a & 0x7fffffffu) | (~b & 0x80000000u))); }
OP(fsgnjx_s) { uint32_t a = f32_unbox(FR(RS1)), b = f32_unbox(FR(RS2)); SETF(RD, f32_box(a ^ (b & 0x80000000u))); }
OP(fsgnj_d)  { uint64_t a = FR(RS1), b = FR(RS2); SETF(RD, (a & ~(1ULL << 63)) | (b & (1ULL << 63))); }
OP(fsgnjn_d) { uint64_t a = FR(RS1), b = FR(RS2); SETF(RD, (a & ~(1ULL << 63)) | (~b & (1ULL << 63))); }
OP(fsgnjx_d) { uint64_t a = FR(RS1), b = FR(RS2); SETF(RD, a ^ (b & (1ULL << 63))); }
OP(fmin_s)   { SETF(RD, f32_box(fp_minmax32(h, f32_unbox(FR(RS1)), f32_unbox(FR(RS2)), false))); }
OP(fmax_s)   { SETF(RD, f32_box(fp_minmax32(h, f32_unbox(FR(RS1)), f32_unbox(FR(RS2)), true))); }
OP(fmin_d)   { SETF(RD, fp_minmax64(h, FR(RS1), FR(RS2), false)); }
OP(fmax_d)   { SETF(RD, fp_minmax64(h, FR(RS1), FR(RS2), true)); }
OP(feq_s)    { SETX(RD, fp_compare32(h, f32_unbox(FR(RS1)), f32_unbox(FR(RS2)), 0)); }
OP(flt_s)    { SETX(RD, fp_compare32(h, f32_unbox(FR(RS1)), f32_unbox(FR(RS2)), 1)); }
OP(fle_s)    { SETX(RD, fp_compare32(h, f32_unbox(FR(RS1)), f32_unbox(FR(RS2)), 2)); }
OP(feq_d)    { SETX(RD, fp_compare64(h, FR(RS1), FR(RS2), 0)); }
OP(flt_d)    { SETX(RD, fp_compare64(h, FR(RS1), FR(RS2), 1)); }
OP(fle_d)    { SETX(RD, fp_compare64(h, FR(RS1), FR(RS2), 2)); }
OP(fclass_s) { SETX(RD, fp_class32(f32_unbox(FR(RS1)))); }
OP(fclass_d) { SETX(RD, fp_class64(FR(RS1))); }
OP(fmv_x_w)  { SETX(RD, (uint64_t)(int32_t)(uint32_t)FR(RS1)); }
OP(fmv_w_x)  { SETF(RD, f32_box((uint32_t)X(RS1))); }
OP(fmv_x_d)  { SETX(RD, FR(RS1)); }
OP(fmv_d_x)  { SETF(RD, X(RS1)); }

/* conversions to integers: saturating, NV/NX by hand (fp.c) */
#define FP_TOI(get, kind) { FP_BEGIN(IMM & 7); FP_END(); SETX(RD, fp_cvt_to_int(h, (double)(get), rm_, kind)); }
OP(fcvt_w_s)  FP_TOI(FS(RS1), 0)
OP(fcvt_wu_s) FP_TOI(FS(RS1), 1)
OP(fcvt_l_s)  FP_TOI(FS(RS1), 2)
OP(fcvt_lu_s) FP_TOI(FS(RS1), 3)
OP(fcvt_w_d)  FP_TOI(FD(RS1), 0)
OP(fcvt_wu_d) FP_TOI(FD(RS1), 1)
OP(fcvt_l_d)  FP_TOI(FD(RS1), 2)
OP(fcvt_lu_d) FP_TOI(FD(RS1), 3)

/* conversions from integers and between formats: host rounding and flags (RMM in fp.c) */
#define FP_FROM(T, src, conv) { FP_BEGIN(IMM & 7); T a = (T)(src); FP_BARRIER2I(a); conv; FP_END(); }
#define CV_S(e) float r = (float)(e); FP_BARRIER(r); SETF(RD, f32_box(f32_canon(f32_bits(r))))
#define CV_D(e) double r = (double)(e); FP_BARRIER(r); SETF(RD, f64_canon(f64_bits(r)))
#define CV_RMM_S(e, uns) float r = rm_ == 4 ? fp_rmm_i2s((uint64_t)(e), uns) : (float)(e); FP_BARRIER(r); \
	SETF(RD, f32_box(f32_bits(r)))
#define CV_RMM_D(e, uns) double r = rm_ == 4 ? fp_rmm_i2d((uint64_t)(e), uns) : (double)(e); FP_BARRIER(r); \
	SETF(RD, f64_bits(r))
OP(fcvt_s_w)  FP_FROM(int32_t, X(RS1), CV_RMM_S(a, false))
OP(fcvt_s_wu) FP_FROM(uint32_t, X(RS1), CV_RMM_S(a, true))
OP(fcvt_s_l)  FP_FROM(int64_t, X(RS1), CV_RMM_S(a, false))
OP(fcvt_s_lu) FP_FROM(uint64_t, X(RS1), CV_RMM_S(a, true))
OP(fcvt_d_w)  FP_FROM(int32_t, X(RS1), CV_D(a))
OP(fcvt_d_wu) FP_FROM(uint32_t, X(RS1), CV_D(a))
OP(fcvt_d_l)  FP_FROM(int64_t, X(RS1), CV_RMM_D(a, false))
OP(fcvt_d_lu) FP_FROM(uint64_t, X(RS1), CV_RMM_D(a, true))
OP(fcvt_s_d)  {
	FP_BEGIN(IMM & 7);
	double a = FD(RS1);
	FP_BARRIER(a);
	float r = rm_ == 4 ? fp_rmm_d2s(a) : (float)a;
	FP_BARRIER(r);
	FP_END();
	SETF(RD, f32_box(f32_canon(f32_bits(r))));
}
OP(fcvt_d_s)  { FP_BEGIN(IMM & 7); float a = FS(RS1); FP_BARRIER(a); CV_D(a); FP_END(); }

#undef FP_S2
#undef FP_D2
#undef FP_S3
#undef FP_D3
#undef FP_TOI
#undef FP_FROM
#undef CV_S
#undef CV_D
#undef CV_RMM_S
#undef CV_RMM_D
