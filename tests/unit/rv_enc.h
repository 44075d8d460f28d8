/* rv_enc.h - RV64 instruction encoders for the hart's unit tests (RISC-V unprivileged spec
 * ch. 2), as macros: the test programs are static tables. */
#ifndef INTRAVISOR_TESTS_RV_ENC_H
#define INTRAVISOR_TESTS_RV_ENC_H

#include <stdint.h>

#define ENC_I(opc, f3, rd, rs1, imm) \
	((uint32_t)((imm) & 0xfff) << 20 | (uint32_t)(rs1) << 15 | (uint32_t)(f3) << 12 | (uint32_t)(rd) << 7 | (opc))
#define ENC_R(opc, f3, f7, rd, rs1, rs2) \
	((uint32_t)(f7) << 25 | (uint32_t)(rs2) << 20 | (uint32_t)(rs1) << 15 | (uint32_t)(f3) << 12 | (uint32_t)(rd) << 7 | (opc))
#define ENC_S(f3, rs1, rs2, imm) \
	((uint32_t)((imm) >> 5 & 0x7f) << 25 | (uint32_t)(rs2) << 20 | (uint32_t)(rs1) << 15 | (uint32_t)(f3) << 12 | \
	 (uint32_t)((imm) & 0x1f) << 7 | 0x23)
#define ENC_B(f3, rs1, rs2, off) \
	((uint32_t)((off) >> 12 & 1) << 31 | (uint32_t)((off) >> 5 & 0x3f) << 25 | (uint32_t)(rs2) << 20 | \
	 (uint32_t)(rs1) << 15 | (uint32_t)(f3) << 12 | (uint32_t)((off) >> 1 & 0xf) << 8 | (uint32_t)((off) >> 11 & 1) << 7 | 0x63)

#endif
