/* cap_layout.h - the bit layout of a cc128 pesbt word, declared once (STYLE 6).
 *
 * Spec: cheri-riscv.md 1.1. Bit numbers are pesbt bits (capability bit = pesbt bit + 64).
 * Each FIELD line generates cap_field_NAME_get(pesbt) and cap_field_NAME_set(pesbt, value).
 * Included by cap.h; there is nothing else in here.
 */
#ifndef INTRAVISOR_CAP_LAYOUT_H
#define INTRAVISOR_CAP_LAYOUT_H

#include <stdint.h>

/* The register-form pesbt, high field first; the widths add up to 64 (checked below). */
#define CAP_PESBT_FIELDS(FIELD) \
	FIELD(uperms,   63, 60)  /* SW3..SW0, CGetPerm bits 18..15 */ \
	FIELD(hwperms,  59, 48)  /* Global .. SetCID, CGetPerm bits 11..0 */ \
	FIELD(reserved, 47, 46)  /* 0 in every derivable capability */ \
	FIELD(flags,    45, 45)  /* capability-encoding mode when in PCC */ \
	FIELD(otype,    44, 27)  /* 0x3ffff = unsealed (section 3) */ \
	FIELD(ie,       26, 26)  /* internal exponent */ \
	FIELD(t,        25, 14)  /* T field (12 bits) */ \
	FIELD(b,        13,  0)  /* B field (14 bits) */

/* With IE = 1 the low 3 bits of the T and B fields hold the exponent (cheri-riscv.md 1.1, 1.4). */
#define CAP_PESBT_IE_FIELDS(FIELD) \
	FIELD(t_ie,     25, 17)  /* T[11:3] */ \
	FIELD(e_hi,     16, 14)  /* E[5:3] */ \
	FIELD(b_ie,     13,  3)  /* B[13:3] */ \
	FIELD(e_lo,      2,  0)  /* E[2:0] */

#define CAP_FIELD_ENUM_(name, hi, lo) \
	CAP_FIELD_##name##_HI = (hi), CAP_FIELD_##name##_LO = (lo), CAP_FIELD_##name##_WIDTH = (hi) - (lo) + 1,
enum cap_field_bits { CAP_PESBT_FIELDS(CAP_FIELD_ENUM_) CAP_PESBT_IE_FIELDS(CAP_FIELD_ENUM_) };

#define CAP_FIELD_ACCESSORS_(name, hi, lo) \
	static inline uint64_t cap_field_##name##_get(uint64_t pesbt) \
	{ return (pesbt >> (lo)) & (~0ULL >> (63 - (hi) + (lo))); } \
	static inline uint64_t cap_field_##name##_set(uint64_t pesbt, uint64_t v) \
	{ uint64_t m_ = (~0ULL >> (63 - (hi) + (lo))) << (lo); \
	  return (pesbt & ~m_) | ((v << (lo)) & m_); }

CAP_PESBT_FIELDS(CAP_FIELD_ACCESSORS_)
CAP_PESBT_IE_FIELDS(CAP_FIELD_ACCESSORS_)

/* The fields tile the word: widths sum to 64 and each field starts right below the previous. */
#define CAP_FIELD_WIDTH_SUM_(name, hi, lo) + ((hi) - (lo) + 1)
_Static_assert(0 CAP_PESBT_FIELDS(CAP_FIELD_WIDTH_SUM_) == 64, "pesbt fields must cover 64 bits");
_Static_assert(0 CAP_PESBT_IE_FIELDS(CAP_FIELD_WIDTH_SUM_) == 26, "IE overlay covers T and B");
_Static_assert(CAP_FIELD_uperms_LO == CAP_FIELD_hwperms_HI + 1 &&
	       CAP_FIELD_hwperms_LO == CAP_FIELD_reserved_HI + 1 &&
	       CAP_FIELD_reserved_LO == CAP_FIELD_flags_HI + 1 &&
	       CAP_FIELD_flags_LO == CAP_FIELD_otype_HI + 1 &&
	       CAP_FIELD_otype_LO == CAP_FIELD_ie_HI + 1 &&
	       CAP_FIELD_ie_LO == CAP_FIELD_t_HI + 1 &&
	       CAP_FIELD_t_LO == CAP_FIELD_b_HI + 1 && CAP_FIELD_b_LO == 0,
	       "pesbt fields must be contiguous");
_Static_assert(CAP_FIELD_t_ie_HI == CAP_FIELD_t_HI && CAP_FIELD_e_hi_LO == CAP_FIELD_t_LO &&
	       CAP_FIELD_b_ie_HI == CAP_FIELD_b_HI && CAP_FIELD_e_lo_LO == CAP_FIELD_b_LO,
	       "IE overlay must sit on the T and B fields");
_Static_assert(CAP_FIELD_otype_WIDTH == 18 && CAP_FIELD_hwperms_WIDTH == 12 &&
	       CAP_FIELD_uperms_WIDTH == 4, "field widths of cheri-riscv.md 1.1");

#endif
