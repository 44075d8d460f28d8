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

/* A extension: funct5 (ENC_AMO_*), width (2 .w, 3 .d), aq = rl = 0 */
#define ENC_AMO(f5, w, rd, rs1, rs2) ENC_R(0x2f, w, (f5) << 2, rd, rs1, rs2)
enum { ENC_AMO_ADD = 0x00, ENC_AMO_SWAP = 0x01, ENC_AMO_LR = 0x02, ENC_AMO_SC = 0x03, ENC_AMO_XOR = 0x04,
       ENC_AMO_OR = 0x08, ENC_AMO_AND = 0x0c, ENC_AMO_MIN = 0x10, ENC_AMO_MAX = 0x14, ENC_AMO_MINU = 0x18,
       ENC_AMO_MAXU = 0x1c };

#endif
