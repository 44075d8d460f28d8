/* cap.h - CHERI-RISC-V v9 capabilities, RV64, 128-bit (cc128).
 *
 * Spec: ../shared/spec/cheri-riscv.md section 1 (format), 2 (perms), 3 (otypes), 5 (semantics).
 * A capability is held decompressed: the raw pesbt (register form, NOT xor-ed with the NULL mask),
 * the address, the tag, plus the decoded base and 65-bit top (cached; always consistent with
 * pesbt+address: every function here that returns a struct cap recomputes them).
 *
 * All operations are pure functions. Operations that can fail under the legacy (pre-v9,
 * trapping) semantics take `unsigned mode` (CAP_V9 or CAP_LEGACY) and return a cap_status:
 * 0 = no exception, otherwise CAP_STATUS(operand, cheri_cause) where operand 1 = cs1, 2 = cs2
 * (the hart turns that into a register index). In CAP_V9 mode they never fail: they clear tags.
 * When a status is non-zero, *out is left unchanged.
 *
 * Files: cap_layout.h (pesbt fields), cap_bounds.c (decode, CSetBounds encoding, CRRL/CRAM,
 * representability), cap_ops.c (the instructions of 5.4-5.6 and section 9), cap_print.c.
 */
#ifndef INTRAVISOR_CAP_H
#define INTRAVISOR_CAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cap/cap_layout.h"

typedef unsigned __int128 cap_u128;

struct cap {
	uint64_t addr;   /* cursor */
	uint64_t pesbt;  /* raw (register-form) pesbt: perms, flags, otype, bounds */
	uint64_t base;   /* decoded, 64-bit */
	cap_u128 top;    /* decoded, 65-bit (0 .. 2^65-1) */
	bool tag;
};

/* Constants, cheri-riscv.md 1.2, 1.3 */
#define CAP_NULL_XOR_MASK  0x00001ffffc018004ULL  /* mem pesbt = raw ^ mask */
#define CAP_NULL_PESBT     0x00001ffffc018004ULL  /* raw pesbt of NULL */
#define CAP_ROOT_PESBT     0xffff1ffffc018004ULL  /* raw pesbt of root ("almighty") */
#define CAP_MAX_E          52
#define CAP_MW             14

/* Permissions in CGetPerm numbering (cheri-riscv.md 2.1) */
#define CAP_PERM_GLOBAL            0x1u
#define CAP_PERM_EXECUTE           0x2u
#define CAP_PERM_LOAD              0x4u
#define CAP_PERM_STORE             0x8u
#define CAP_PERM_LOAD_CAP          0x10u
#define CAP_PERM_STORE_CAP         0x20u
#define CAP_PERM_STORE_LOCAL_CAP   0x40u
#define CAP_PERM_SEAL              0x80u
#define CAP_PERM_CINVOKE           0x100u
#define CAP_PERM_UNSEAL            0x200u
#define CAP_PERM_ASR               0x400u
#define CAP_PERM_SET_CID           0x800u
#define CAP_PERM_SW0               0x8000u
#define CAP_PERM_SW1               0x10000u
#define CAP_PERM_SW2               0x20000u
#define CAP_PERM_SW3               0x40000u
#define CAP_PERMS_HW_ALL           0xfffu
#define CAP_PERMS_SW_ALL           0x78000u
#define CAP_PERMS_ALL              0x78fffu

/* Object types (cheri-riscv.md 3) - 18-bit field values */
#define CAP_OTYPE_UNSEALED   0x3ffffu
#define CAP_OTYPE_SENTRY     0x3fffeu
#define CAP_OTYPE_RES2       0x3fffdu
#define CAP_OTYPE_RES3       0x3fffcu
#define CAP_OTYPE_MAX        0x3fffbu  /* largest sealing otype */

/* CHERI exception causes (cheri-riscv.md 6.3) */
enum cap_cause {
	CAP_CAUSE_NONE = 0x00,
	CAP_CAUSE_LENGTH = 0x01,
	CAP_CAUSE_TAG = 0x02,
	CAP_CAUSE_SEAL = 0x03,
	CAP_CAUSE_TYPE = 0x04,
	CAP_CAUSE_USER_PERM = 0x08,
	CAP_CAUSE_INEXACT = 0x0a,
	CAP_CAUSE_UNALIGNED_BASE = 0x0b,
	CAP_CAUSE_GLOBAL = 0x10,
	CAP_CAUSE_EXECUTE = 0x11,
	CAP_CAUSE_LOAD = 0x12,
	CAP_CAUSE_STORE = 0x13,
	CAP_CAUSE_LOAD_CAP = 0x14,
	CAP_CAUSE_STORE_CAP = 0x15,
	CAP_CAUSE_STORE_LOCAL_CAP = 0x16,
	CAP_CAUSE_SEAL_PERM = 0x17,
	CAP_CAUSE_ASR = 0x18,
	CAP_CAUSE_CINVOKE = 0x19,
	CAP_CAUSE_UNSEAL_PERM = 0x1b,
	CAP_CAUSE_SET_CID = 0x1c,
};
const char *cap_cause_name(unsigned cause); /* "Length violation", ... ; never NULL */

/* Semantics switch */
#define CAP_V9      0u   /* tag-clearing (default, Sail) */
#define CAP_LEGACY  1u   /* pre-v9 trapping (cheri-riscv.md 9) */

typedef uint32_t cap_status;  /* 0 = ok */
#define CAP_STATUS(operand, cause) ((cap_status)(((operand) << 8) | (cause)))
#define CAP_STATUS_OPERAND(s) ((s) >> 8)
#define CAP_STATUS_CAUSE(s)   ((s) & 0xff)

/* --- construction / encoding --- */
/* cheri-riscv.md 1.3: NULL has E = 52, B = 0, T = 0x1000, so [0, 2^64). Inline: a constant
 * where it is used (the switcher fills unread hostcall arguments with it on every call) */
static inline struct cap cap_null(void)
{
	return (struct cap){ .addr = 0, .pesbt = CAP_NULL_PESBT, .base = 0, .top = (cap_u128)1 << 64, .tag = false };
}
struct cap cap_root(void);                       /* tagged, all perms, [0, 2^64), addr 0 */
struct cap cap_from_int(uint64_t addr);          /* NULL-derived integer */
struct cap cap_decode(uint64_t raw_pesbt, uint64_t addr, bool tag);
struct cap cap_from_mem(uint64_t mem_pesbt, uint64_t addr, bool tag);
static inline uint64_t cap_to_mem_pesbt(const struct cap *c) { return c->pesbt ^ CAP_NULL_XOR_MASK; }
bool cap_is_malformed(uint64_t raw_pesbt);       /* cheri-riscv.md 1.5 last paragraph */
/* The exponent and 14-bit mantissas of a raw pesbt (cheri-riscv.md 1.4; e unclamped, 0..63). */
struct cap_ebt { unsigned e; uint32_t b, t; bool ie; };
/* cheri-riscv.md 1.4: the exponent and 14-bit B and T of an encoding. */
static inline struct cap_ebt cap_decode_ebt(uint64_t raw_pesbt)
{
	struct cap_ebt r;
	uint32_t tf = (uint32_t)cap_field_t_get(raw_pesbt), bf = (uint32_t)cap_field_b_get(raw_pesbt);
	uint32_t lmsb;
	r.ie = cap_field_ie_get(raw_pesbt);
	if (!r.ie) {
		r.e = 0;
		r.b = bf;
		r.t = tf;
		lmsb = 0;
	} else {
		r.e = (unsigned)(cap_field_e_hi_get(raw_pesbt) << 3 | cap_field_e_lo_get(raw_pesbt));
		r.b = bf & ~7u;
		r.t = tf & ~7u;
		lmsb = 1;
	}
	/* T[13:12] = B[13:12] + Lmsb + carry, where carry means the low 12 bits of T wrapped. */
	uint32_t carry = r.t < (r.b & 0xfff);
	r.t |= (((r.b >> 12) + lmsb + carry) & 3) << 12;
	return r;
}

/* --- field access (cheap: no decode; layout in cap_layout.h) --- */
static inline uint32_t cap_perms(const struct cap *c)  /* CGetPerm numbering */
{ return (uint32_t)cap_field_hwperms_get(c->pesbt) | (uint32_t)cap_field_uperms_get(c->pesbt) << 15; }
static inline uint32_t cap_otype(const struct cap *c) { return (uint32_t)cap_field_otype_get(c->pesbt); }
static inline bool cap_is_sealed(const struct cap *c) { return cap_otype(c) != CAP_OTYPE_UNSEALED; }
static inline bool cap_is_sentry(const struct cap *c) { return cap_otype(c) == CAP_OTYPE_SENTRY; }
static inline bool cap_has_reserved_otype(const struct cap *c) { return cap_otype(c) > CAP_OTYPE_MAX; }
static inline unsigned cap_flags(const struct cap *c) { return (unsigned)cap_field_flags_get(c->pesbt); }
static inline bool cap_has_perm(const struct cap *c, uint32_t p) { return (cap_perms(c) & p) == p; }
uint64_t cap_get_type(const struct cap *c);      /* CGetType: sign-extended if reserved */
uint64_t cap_get_len(const struct cap *c);       /* CGetLen, saturating */
uint64_t cap_get_top(const struct cap *c);       /* CGetTop, saturating */
static inline uint64_t cap_get_offset(const struct cap *c) { return c->addr - c->base; }
/* [ea, ea+size) within [base, top), 65-bit arithmetic */
static inline bool cap_in_bounds(const struct cap *c, uint64_t ea, uint64_t size)
{ return ea >= c->base && (cap_u128)ea + size <= c->top; }

/* --- representability (cheri-riscv.md 1.6) --- */
/* cheri-riscv.md 1.6, fast check (Sail fastRepCheck): used by CIncOffset/CSetOffset/CFromPtr. */
static inline bool cap_is_representable_fast(const struct cap *c, uint64_t increment)
{
	struct cap_ebt d = cap_decode_ebt(c->pesbt);
	if (d.e >= CAP_MAX_E - 2)
		return true;
	int64_t i_top = (int64_t)increment >> (d.e + 14);
	uint32_t i_mid = (uint32_t)(increment >> d.e) & 0x3fff;
	uint32_t a_mid = (uint32_t)(c->addr >> d.e) & 0x3fff;
	uint32_t r = (((d.b >> 11) - 1) & 7) << 11;
	uint32_t diff = (r - a_mid) & 0x3fff;
	uint32_t diff1 = (diff - 1) & 0x3fff;
	if (i_top == 0)
		return i_mid < diff1;
	if (i_top == -1)
		return i_mid >= diff && r != a_mid;
	return false;
}
bool cap_is_representable_precise(const struct cap *c, uint64_t new_addr);

/* --- address manipulation (cheri-riscv.md 5.4) --- */
cap_status cap_set_addr(struct cap *out, const struct cap *c, uint64_t addr, unsigned mode);     /* CSetAddr: precise */
cap_status cap_inc_offset(struct cap *out, const struct cap *c, uint64_t inc, unsigned mode);    /* CIncOffset[Imm]: fast */
cap_status cap_set_offset(struct cap *out, const struct cap *c, uint64_t off, unsigned mode);    /* CSetOffset: fast */
cap_status cap_from_ptr(struct cap *out, const struct cap *auth, uint64_t off, unsigned mode);   /* CFromPtr */
cap_status cap_to_ptr(uint64_t *out, const struct cap *c, const struct cap *auth, unsigned mode);/* CToPtr */
struct cap cap_set_high(const struct cap *c, uint64_t mem_pesbt);   /* CSetHigh: tag 0 */
static inline uint64_t cap_get_high(const struct cap *c) { return cap_to_mem_pesbt(c); }

/* --- bounds, perms, flags (cheri-riscv.md 1.7, 1.8, 5.5) --- */
/* Pure encoder: bounds [c->addr, c->addr+len) on c's pesbt; sets *exact. No tag logic. */
struct cap cap_encode_bounds(const struct cap *c, cap_u128 len, bool *exact);
/* The pesbt of the bounds [b, b + len) for len < 2^12 (CAP_SMALL_LEN): IE = 0, always exact
 * (cheri-riscv.md 1.7); pesbt's other fields stay. */
#define CAP_SMALL_LEN 4096u
static inline uint64_t cap_pesbt_small_bounds(uint64_t pesbt, uint64_t b, uint64_t len)
{
	pesbt = cap_field_ie_set(pesbt, 0);
	pesbt = cap_field_t_set(pesbt, (b + len) & 0xfff);
	return cap_field_b_set(pesbt, b & 0x3fff);
}
cap_status cap_set_bounds(struct cap *out, const struct cap *c, uint64_t len, bool exact_required, unsigned mode);
uint64_t cap_crrl(uint64_t len);
uint64_t cap_cram(uint64_t len);
cap_status cap_and_perm(struct cap *out, const struct cap *c, uint64_t mask, unsigned mode);
cap_status cap_set_flags(struct cap *out, const struct cap *c, uint64_t flags, unsigned mode);

/* --- sealing (cheri-riscv.md 5.6, 7) --- */
cap_status cap_seal(struct cap *out, const struct cap *c, const struct cap *auth, unsigned mode);
cap_status cap_unseal(struct cap *out, const struct cap *c, const struct cap *auth, unsigned mode);
cap_status cap_cseal(struct cap *out, const struct cap *c, const struct cap *auth, unsigned mode);   /* CCSeal */
cap_status cap_seal_entry(struct cap *out, const struct cap *c, unsigned mode);                   /* CSealEntry */
cap_status cap_build(struct cap *out, const struct cap *auth, const struct cap *req, unsigned mode);  /* CBuildCap */
cap_status cap_copy_type(struct cap *out, const struct cap *c, const struct cap *typ, unsigned mode);  /* CCopyType */
/* raw: set the otype field, keep the tag (bounds do not depend on it). Inline: the interpreter's
 * CJALR and CInvoke seal and unseal with it, and a 64-byte struct returned from a call was
 * copied twice (rep movs) on every jump through a sentry */
static inline struct cap cap_with_otype(const struct cap *c, uint32_t otype)
{
	struct cap r = *c;
	r.pesbt = cap_field_otype_set(c->pesbt, otype);
	return r;
}
bool cap_test_subset(const struct cap *a, const struct cap *b);   /* CTestSubset(a=cs1, b=cs2) */
bool cap_set_equal_exact(const struct cap *a, const struct cap *b);
static inline uint64_t cap_sub(const struct cap *a, const struct cap *b) { return a->addr - b->addr; }

/* Monitor helper (STYLE 11): derive [base, base+len) with perms from a root/authority;
 * returns an untagged cap if the request is not inside auth or not exactly representable. */
struct cap cap_build_from_root(const struct cap *root, uint64_t base, uint64_t len, uint32_t perms);
/* The same with CSetBounds' rounding (cheri-riscv.md 1.7): bounds grow outward to the nearest
 * representable ones; untagged if those are not inside root. Address = base. */
struct cap cap_build_rounded_from_root(const struct cap *root, uint64_t base, uint64_t len, uint32_t perms);
/* 0 (CAP_CAUSE_NONE) when an access of len bytes at c's address needing perm (Load and/or
 * Store) would be allowed through c, else the cause the hardware raises first (cheri-riscv.md
 * 4.4 order: tag, seal, permission, bounds). For the monitor's services. */
unsigned cap_check_access(const struct cap *c, uint32_t perm, uint64_t len);

/* --- printing, as the reference prints capabilities (two-pure.expected):
 *   "tag T s S perms %08x type %016x\n    base %016x length %016x ofset %016x\n" */
void cap_print(FILE *f, const struct cap *c);
/* Human-readable one-liner for traces and fault reports, e.g.
 * "v:1 s:0 p:0000817d(G,L,S,LC,SC,SLC,I,SW0) b:0x400000000 t:0x440000000 a:0x400001000 o:-1" */
int cap_format(char *buf, size_t n, const struct cap *c);
int cap_format_perms(char *buf, size_t n, uint32_t perms); /* "Global,Execute,..." names */

#endif
