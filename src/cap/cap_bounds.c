/* cap_bounds.c - cc128 bounds: decode (E, B, T) and base/top, encode (CSetBounds), CRRL/CRAM,
 * representability, malformed encodings, and the constant capabilities.
 *
 * Spec: cheri-riscv.md 1.3 - 1.8. Everything here is loop-free; the hart calls cap_decode and
 * the representability checks on its hot path.
 */
#include "cap/cap.h"

#define CAP_LEN_MASK (((cap_u128)1 << 65) - 1)  /* 65-bit lengths and tops */

/* cheri-riscv.md 1.5: base (64-bit) and top (65-bit) from the encoding and the address.
 * Written in 64-bit arithmetic with top's bit 64 kept apart (the hart decodes on every
 * capability load); s = E' + 14.
 * NOTE: for E' < 51 the top MSB fix-up of step 7 decides bit 64 alone, whatever step 6 put
 * there: (2*top[64] + top[63] - base[63]) mod 4 ends in {0, 1}, which leaves top[64] = 1 exactly
 * when top[63] = 0 and base[63] = 1. So step 6 is only needed for the low 64 bits there.
 * tests/unit/test_cap_props.c compares this with a literal 128-bit transcription. */
static inline __attribute__((always_inline)) void decode_bounds(uint64_t raw_pesbt, uint64_t a,
								  uint64_t *base_out, cap_u128 *top_out)
{
	struct cap_ebt d = cap_decode_ebt(raw_pesbt);
	unsigned e = d.e < CAP_MAX_E ? d.e : CAP_MAX_E, s = e + 14;
	uint64_t base = (uint64_t)d.b << e, top = (uint64_t)d.t << e;
	if (s < 64) {
		/* steps 2-6; for s >= 64, a_top = 0 and the corrections reach bit 64 at most */
		unsigned a3 = (unsigned)(a >> (e + 11)) & 7;
		unsigned b3 = d.b >> 11, t3 = d.t >> 11, r3 = (b3 - 1) & 7;
		int a_hi = a3 < r3;
		uint64_t cb = (uint64_t)(int64_t)((b3 < r3) - a_hi), ct = (uint64_t)(int64_t)((t3 < r3) - a_hi);
		uint64_t a_top = a >> s;
		base |= (a_top + cb) << s;
		top |= (a_top + ct) << s;
	}
	uint64_t top64; /* bit 64 of top */
	if (e < CAP_MAX_E - 1)
		top64 = (~top >> 63) & (base >> 63); /* step 7, see the NOTE above */
	else
		top64 = ((uint64_t)d.t >> (64 - e)) & 1; /* E' = 51, 52: bit 64 of T << E' */
	*base_out = base;
	*top_out = (cap_u128)top64 << 64 | top;
}

struct cap cap_decode(uint64_t raw_pesbt, uint64_t addr, bool tag)
{
	struct cap c = { .addr = addr, .pesbt = raw_pesbt, .tag = tag };
	decode_bounds(raw_pesbt, addr, &c.base, &c.top);
	return c;
}

struct cap cap_from_mem(uint64_t mem_pesbt, uint64_t addr, bool tag)
{
	return cap_decode(mem_pesbt ^ CAP_NULL_XOR_MASK, addr, tag);
}

/* cheri-riscv.md 1.3: root, like NULL (cap.h), has E = 52, B = 0, T = 0x1000, so [0, 2^64). */

struct cap cap_root(void)
{
	return (struct cap){ .addr = 0, .pesbt = CAP_ROOT_PESBT, .base = 0, .top = (cap_u128)1 << 64, .tag = true };
}

struct cap cap_from_int(uint64_t addr)
{
	struct cap c = cap_null();
	c.addr = addr; /* E = 52: the address never moves the bounds */
	return c;
}

/* cheri-riscv.md 1.5, last paragraph (CCC bounds_malformed). */
bool cap_is_malformed(uint64_t raw_pesbt)
{
	struct cap_ebt d = cap_decode_ebt(raw_pesbt);
	if (!d.ie)
		return false;
	if (d.e > CAP_MAX_E)
		return true;
	if (d.e == CAP_MAX_E)
		return (d.t >> 13) != 0 || (d.b >> 12) != 0;
	if (d.e == CAP_MAX_E - 1)
		return (d.b >> 13) != 0;
	return false;
}

/* floor(log2(x)) of a non-zero 65-bit value */
static inline unsigned log2_65(cap_u128 x)
{
	return (x >> 64) ? 64 : 63 - (unsigned)__builtin_clzll((uint64_t)x);
}

/* cheri-riscv.md 1.7 (Sail setCapBounds): encode [b, t) into pesbt's bounds fields.
 * Returns the new raw pesbt; *exact says whether the bounds are exactly [b, t). */
static uint64_t encode_bounds(uint64_t pesbt, uint64_t b, cap_u128 t, bool *exact)
{
	cap_u128 len = (t - b) & CAP_LEN_MASK;
	unsigned e = (len >> 13) ? log2_65(len) - 12 : 0;
	bool ie = e != 0 || ((len >> 12) & 1);
	if (!ie) {
		*exact = true;
		return cap_pesbt_small_bounds(pesbt, b, (uint64_t)len);
	}
	uint64_t low = (1ULL << (e + 3)) - 1; /* e + 3 <= 55 */
	uint64_t bie = (b >> (e + 3)) & 0x7ff;
	uint64_t tie = (uint64_t)(t >> (e + 3)) & 0x7ff;
	bool lost_b = (b & low) != 0;
	bool lost_t = ((uint64_t)t & low) != 0;
	if (lost_t)
		tie = (tie + 1) & 0x7ff; /* round the top up */
	if (((tie - bie) & 0x7ff) & 0x400) {
		/* the length overflowed the mantissa: one more exponent step */
		lost_b |= bie & 1;
		lost_t |= tie & 1;
		bie = (b >> (e + 4)) & 0x7ff;
		tie = ((uint64_t)(t >> (e + 4)) + lost_t) & 0x7ff;
		e++;
	}
	*exact = !(lost_b || lost_t);
	pesbt = cap_field_ie_set(pesbt, 1);
	pesbt = cap_field_b_ie_set(pesbt, bie);
	pesbt = cap_field_e_lo_set(pesbt, e & 7);
	pesbt = cap_field_t_ie_set(pesbt, tie & 0x1ff);
	return cap_field_e_hi_set(pesbt, e >> 3);
}

struct cap cap_encode_bounds(const struct cap *c, cap_u128 len, bool *exact)
{
	bool ex;
	cap_u128 t = (cap_u128)c->addr + len;
	uint64_t pesbt = encode_bounds(c->pesbt, c->addr, t, &ex);
	if (exact)
		*exact = ex;
	if (ex)   /* the request itself: decoding gives it back (test_cap_props checks the two agree) */
		return (struct cap){ .addr = c->addr, .pesbt = pesbt, .base = c->addr, .top = t, .tag = c->tag };
	return cap_decode(pesbt, c->addr, c->tag);
}

/* cheri-riscv.md 1.8: the alignment mask of the encoding of [0, len). */
uint64_t cap_cram(uint64_t len)
{
	bool exact;
	uint64_t p = encode_bounds(CAP_NULL_PESBT, 0, len, &exact);
	struct cap_ebt d = cap_decode_ebt(p);
	if (!d.ie)
		return ~0ULL;
	unsigned e = d.e < CAP_MAX_E ? d.e : CAP_MAX_E;
	return ~0ULL << (e + 3);
}

uint64_t cap_crrl(uint64_t len)
{
	uint64_t mask = cap_cram(len);
	return (len + ~mask) & mask;
}

/* cheri-riscv.md 1.6, precise check: the bounds do not change at the new address. */
bool cap_is_representable_precise(const struct cap *c, uint64_t new_addr)
{
	uint64_t base;
	cap_u128 top;
	decode_bounds(c->pesbt, new_addr, &base, &top);
	return base == c->base && top == c->top;
}
