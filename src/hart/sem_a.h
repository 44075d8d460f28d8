/* sem_a.h - A extension bodies, with CHERI's LR/SC.B/.H and the integer-mode (DDC) and
 * capability-mode (c[rs1]) authorities (cheri-riscv.md 4.3, 5.8). The access checks, the
 * reservation and the atomic memory operation are in access.c. */

/* translated code (jit_cap.c) calls these bodies with its own SC and AMO (access.h) */
#ifndef HART_SC
#define HART_SC hart_sc
#define HART_AMO hart_amo
#endif
#define LR_BODY(size, auth, ext) { uint64_t v; if (!hart_lr(h, auth, X(RS1), size, &v)) RAISE(); SETX(RD, (uint64_t)(ext)v); }
#define SC_BODY(size, auth) { uint64_t v = X(RS2), r; if (!HART_SC(h, auth, X(RS1), size, v, &r)) RAISE(); SETX(RD, r); }
#define AMO_BODY(op, size, auth) { \
	uint64_t old; \
	if (!HART_AMO(h, auth, X(RS1), size, op, X(RS2), &old)) \
		RAISE(); \
	SETX(RD, size == 4 ? (uint64_t)(int32_t)old : old); }

OP(lr_b_ddc) LR_BODY(1, REG_DDC, int8_t)
OP(lr_h_ddc) LR_BODY(2, REG_DDC, int16_t)
OP(lr_w_ddc) LR_BODY(4, REG_DDC, int32_t)
OP(lr_d_ddc) LR_BODY(8, REG_DDC, int64_t)
OP(lr_b_cap) LR_BODY(1, RS1, int8_t)
OP(lr_h_cap) LR_BODY(2, RS1, int16_t)
OP(lr_w_cap) LR_BODY(4, RS1, int32_t)
OP(lr_d_cap) LR_BODY(8, RS1, int64_t)
OP(sc_b_ddc) SC_BODY(1, REG_DDC)
OP(sc_h_ddc) SC_BODY(2, REG_DDC)
OP(sc_w_ddc) SC_BODY(4, REG_DDC)
OP(sc_d_ddc) SC_BODY(8, REG_DDC)
OP(sc_b_cap) SC_BODY(1, RS1)
OP(sc_h_cap) SC_BODY(2, RS1)
OP(sc_w_cap) SC_BODY(4, RS1)
OP(sc_d_cap) SC_BODY(8, RS1)

OP(amoswap_w_ddc) AMO_BODY(MEM_AMO_SWAP, 4, REG_DDC)
OP(amoadd_w_ddc)  AMO_BODY(MEM_AMO_ADD, 4, REG_DDC)
OP(amoxor_w_ddc)  AMO_BODY(MEM_AMO_XOR, 4, REG_DDC)
OP(amoand_w_ddc)  AMO_BODY(MEM_AMO_AND, 4, REG_DDC)
OP(amoor_w_ddc)   AMO_BODY(MEM_AMO_OR, 4, REG_DDC)
OP(amomin_w_ddc)  AMO_BODY(MEM_AMO_MIN, 4, REG_DDC)
OP(amomax_w_ddc)  AMO_BODY(MEM_AMO_MAX, 4, REG_DDC)
OP(amominu_w_ddc) AMO_BODY(MEM_AMO_MINU, 4, REG_DDC)
OP(amomaxu_w_ddc) AMO_BODY(MEM_AMO_MAXU, 4, REG_DDC)
OP(amoswap_d_ddc) AMO_BODY(MEM_AMO_SWAP, 8, REG_DDC)
OP(amoadd_d_ddc)  AMO_BODY(MEM_AMO_ADD, 8, REG_DDC)
OP(amoxor_d_ddc)  AMO_BODY(MEM_AMO_XOR, 8, REG_DDC)
OP(amoand_d_ddc)  AMO_BODY(MEM_AMO_AND, 8, REG_DDC)
OP(amoor_d_ddc)   AMO_BODY(MEM_AMO_OR, 8, REG_DDC)
OP(amomin_d_ddc)  AMO_BODY(MEM_AMO_MIN, 8, REG_DDC)
OP(amomax_d_ddc)  AMO_BODY(MEM_AMO_MAX, 8, REG_DDC)
OP(amominu_d_ddc) AMO_BODY(MEM_AMO_MINU, 8, REG_DDC)
OP(amomaxu_d_ddc) AMO_BODY(MEM_AMO_MAXU, 8, REG_DDC)
OP(amoswap_w_cap) AMO_BODY(MEM_AMO_SWAP, 4, RS1)
OP(amoadd_w_cap)  AMO_BODY(MEM_AMO_ADD, 4, RS1)
OP(amoxor_w_cap)  AMO_BODY(MEM_AMO_XOR, 4, RS1)
OP(amoand_w_cap)  AMO_BODY(MEM_AMO_AND, 4, RS1)
OP(amoor_w_cap)   AMO_BODY(MEM_AMO_OR, 4, RS1)
OP(amomin_w_cap)  AMO_BODY(MEM_AMO_MIN, 4, RS1)
OP(amomax_w_cap)  AMO_BODY(MEM_AMO_MAX, 4, RS1)
OP(amominu_w_cap) AMO_BODY(MEM_AMO_MINU, 4, RS1)
OP(amomaxu_w_cap) AMO_BODY(MEM_AMO_MAXU, 4, RS1)
OP(amoswap_d_cap) AMO_BODY(MEM_AMO_SWAP, 8, RS1)
OP(amoadd_d_cap)  AMO_BODY(MEM_AMO_ADD, 8, RS1)
OP(amoxor_d_cap)  AMO_BODY(MEM_AMO_XOR, 8, RS1)
OP(amoand_d_cap)  AMO_BODY(MEM_AMO_AND, 8, RS1)
OP(amoor_d_cap)   AMO_BODY(MEM_AMO_OR, 8, RS1)
OP(amomin_d_cap)  AMO_BODY(MEM_AMO_MIN, 8, RS1)
OP(amomax_d_cap)  AMO_BODY(MEM_AMO_MAX, 8, RS1)
OP(amominu_d_cap) AMO_BODY(MEM_AMO_MINU, 8, RS1)
OP(amomaxu_d_cap) AMO_BODY(MEM_AMO_MAXU, 8, RS1)

/* capability-width LR/SC/AMOSWAP (funct3 100) */
OP(lr_c_ddc) { struct cap c; if (!hart_lr_c(h, REG_DDC, X(RS1), &c)) RAISE(); SETCAP(RD, &c); }
OP(lr_c_cap) { struct cap c; if (!hart_lr_c(h, RS1, X(RS1), &c)) RAISE(); SETCAP(RD, &c); }
OP(sc_c_ddc) { struct cap v = GETCAP(RS2); uint64_t r; if (!hart_sc_c(h, REG_DDC, X(RS1), &v, &r)) RAISE(); SETX(RD, r); }
OP(sc_c_cap) { struct cap v = GETCAP(RS2); uint64_t r; if (!hart_sc_c(h, RS1, X(RS1), &v, &r)) RAISE(); SETX(RD, r); }
OP(amoswap_c_ddc) { struct cap v = GETCAP(RS2), old; if (!hart_amoswap_c(h, REG_DDC, X(RS1), &v, &old)) RAISE(); SETCAP(RD, &old); }
OP(amoswap_c_cap) { struct cap v = GETCAP(RS2), old; if (!hart_amoswap_c(h, RS1, X(RS1), &v, &old)) RAISE(); SETCAP(RD, &old); }

#undef LR_BODY
#undef SC_BODY
#undef AMO_BODY
