/* cap_ops.c - the capability-manipulating instructions: address, bounds, permissions, flags,
 * sealing, CBuildCap, CCopyType, CTestSubset, and the monitor's cap_build_from_root.
 *
 * Spec: cheri-riscv.md 5.4 - 5.6 (v9: failures clear the tag, nothing traps) and 9 (legacy
 * mode: the listed conditions return CAP_STATUS(operand, cause) and *out is left unchanged).
 * WARNING: these functions are the trust boundary between a cVM and everything it may reach:
 * every rule that derives a tagged result from a tagged input must be monotonic.
 */
#include "cap/cap.h"

#define CS1 1u
#define CS2 2u

static inline bool addr_in_bounds(const struct cap *c, uint64_t a)
{
	return a >= c->base && (cap_u128)a < c->top;
}

uint64_t cap_get_type(const struct cap *c)
{
	uint64_t t = cap_otype(c);
	/* section 3: reserved otypes read sign-extended (unsealed -1, sentry -2) */
	return t > CAP_OTYPE_MAX ? t | ~0ULL << CAP_FIELD_otype_WIDTH : t;
}

uint64_t cap_get_len(const struct cap *c)
{
	cap_u128 len = (c->top - c->base) & (((cap_u128)1 << 65) - 1);
	return len >> 64 ? ~0ULL : (uint64_t)len;
}

uint64_t cap_get_top(const struct cap *c)
{
	return c->top >> 64 ? ~0ULL : (uint64_t)c->top;
}

/* --- address manipulation, cheri-riscv.md 5.4 and 1.6 --- */

/* The slow half of move_addr: not representable, re-decode at the new address. */
static __attribute__((noinline)) struct cap move_addr_unrepresentable(const struct cap *c, uint64_t addr)
{
	return cap_decode(c->pesbt, addr, false);
}

/* Move the cursor; `rep` says whether the bounds survive (fast or precise check done by the
 * caller). v9, 1.6: a sealed source or an unrepresentable address clears the tag; the result
 * keeps the pesbt and its bounds are whatever it decodes to at the new address. */
static inline struct cap move_addr(const struct cap *c, uint64_t addr, bool rep)
{
	struct cap r;
	if (__builtin_expect(rep, 1)) {
		r = *c; /* representable: base and top are unchanged */
		r.addr = addr;
		r.tag = r.tag && !cap_is_sealed(c);
	} else {
		r = move_addr_unrepresentable(c, addr);
	}
	return r;
}

cap_status cap_set_addr(struct cap *out, const struct cap *c, uint64_t addr, unsigned mode)
{
	/* section 9: legacy traps on a tagged sealed source; unrepresentable still only clears */
	if (mode == CAP_LEGACY && c->tag && cap_is_sealed(c))
		return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	*out = move_addr(c, addr, cap_is_representable_precise(c, addr));
	return 0;
}

cap_status cap_inc_offset(struct cap *out, const struct cap *c, uint64_t inc, unsigned mode)
{
	if (mode == CAP_LEGACY && c->tag && cap_is_sealed(c))
		return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	*out = move_addr(c, c->addr + inc, cap_is_representable_fast(c, inc));
	return 0;
}

cap_status cap_set_offset(struct cap *out, const struct cap *c, uint64_t off, unsigned mode)
{
	if (mode == CAP_LEGACY && c->tag && cap_is_sealed(c))
		return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	uint64_t addr = c->base + off;
	*out = move_addr(c, addr, cap_is_representable_fast(c, addr - c->addr));
	return 0;
}

cap_status cap_from_ptr(struct cap *out, const struct cap *auth, uint64_t off, unsigned mode)
{
	if (off == 0) {
		*out = cap_null();
		return 0;
	}
	if (mode == CAP_LEGACY) {
		if (!auth->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (cap_is_sealed(auth))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	}
	return cap_set_offset(out, auth, off, CAP_V9);
}

cap_status cap_to_ptr(uint64_t *out, const struct cap *c, const struct cap *auth, unsigned mode)
{
	if (mode == CAP_LEGACY && !auth->tag)
		return CAP_STATUS(CS2, CAP_CAUSE_TAG);
	*out = c->tag ? c->addr - auth->base : 0;
	return 0;
}

struct cap cap_set_high(const struct cap *c, uint64_t mem_pesbt)
{
	return cap_from_mem(mem_pesbt, c->addr, false);
}

/* --- bounds, permissions, flags, cheri-riscv.md 1.7, 5.5 --- */

cap_status cap_set_bounds(struct cap *out, const struct cap *c, uint64_t len, bool exact_required, unsigned mode)
{
	bool exact;
	/* the requested range [addr, addr + len), not the rounded one, must lie in the source */
	bool inside = cap_in_bounds(c, c->addr, len);
	struct cap r = cap_encode_bounds(c, len, &exact);
	if (mode == CAP_LEGACY) {
		if (!c->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (cap_is_sealed(c))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
		if (!inside)
			return CAP_STATUS(CS1, CAP_CAUSE_LENGTH);
		if (exact_required && !exact)
			return CAP_STATUS(CS1, CAP_CAUSE_INEXACT);
	}
	r.tag = c->tag && !cap_is_sealed(c) && inside && (exact || !exact_required);
	*out = r;
	return 0;
}

cap_status cap_and_perm(struct cap *out, const struct cap *c, uint64_t mask, unsigned mode)
{
	if (mode == CAP_LEGACY) {
		if (!c->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (cap_is_sealed(c))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	}
	uint64_t p = c->pesbt;
	p = cap_field_hwperms_set(p, cap_field_hwperms_get(p) & mask & CAP_PERMS_HW_ALL);
	p = cap_field_uperms_set(p, cap_field_uperms_get(p) & (mask >> 15));
	struct cap r = *c; /* perms do not affect bounds */
	r.pesbt = p;
	r.tag = c->tag && !cap_is_sealed(c);
	*out = r;
	return 0;
}

cap_status cap_set_flags(struct cap *out, const struct cap *c, uint64_t flags, unsigned mode)
{
	if (mode == CAP_LEGACY && c->tag && cap_is_sealed(c))
		return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	struct cap r = *c;
	r.pesbt = cap_field_flags_set(c->pesbt, flags & 1);
	r.tag = c->tag && !cap_is_sealed(c);
	*out = r;
	return 0;
}

/* --- sealing, cheri-riscv.md 5.6 --- */

/* Legacy CSeal checks (section 9), shared with CCSeal. */
static cap_status seal_legacy_checks(const struct cap *c, const struct cap *auth)
{
	if (!c->tag)
		return CAP_STATUS(CS1, CAP_CAUSE_TAG);
	if (!auth->tag)
		return CAP_STATUS(CS2, CAP_CAUSE_TAG);
	if (cap_is_sealed(c))
		return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
	if (cap_is_sealed(auth))
		return CAP_STATUS(CS2, CAP_CAUSE_SEAL);
	if (!cap_has_perm(auth, CAP_PERM_SEAL))
		return CAP_STATUS(CS2, CAP_CAUSE_SEAL_PERM);
	if (!addr_in_bounds(auth, auth->addr) || auth->addr > CAP_OTYPE_MAX)
		return CAP_STATUS(CS2, CAP_CAUSE_LENGTH);
	return 0;
}

cap_status cap_seal(struct cap *out, const struct cap *c, const struct cap *auth, unsigned mode)
{
	if (mode == CAP_LEGACY) {
		cap_status s = seal_legacy_checks(c, auth);
		if (s)
			return s;
	}
	/* v9: the authority must be a tagged, unsealed, in-bounds sealing capability whose
	 * address is a sealing otype; otherwise the result is untagged. */
	bool permitted = auth->tag && !cap_is_sealed(auth) && cap_has_perm(auth, CAP_PERM_SEAL) &&
			 addr_in_bounds(auth, auth->addr) && auth->addr <= CAP_OTYPE_MAX;
	struct cap r = cap_with_otype(c, (uint32_t)auth->addr & CAP_OTYPE_UNSEALED);
	r.tag = c->tag && !cap_is_sealed(c) && permitted;
	*out = r;
	return 0;
}

cap_status cap_unseal(struct cap *out, const struct cap *c, const struct cap *auth, unsigned mode)
{
	if (mode == CAP_LEGACY) {
		if (!c->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (!auth->tag)
			return CAP_STATUS(CS2, CAP_CAUSE_TAG);
		if (!cap_is_sealed(c))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
		if (cap_is_sealed(auth))
			return CAP_STATUS(CS2, CAP_CAUSE_SEAL);
		if (cap_has_reserved_otype(c))
			return CAP_STATUS(CS1, CAP_CAUSE_TYPE);
		if (auth->addr != cap_otype(c))
			return CAP_STATUS(CS2, CAP_CAUSE_TYPE);
		if (!cap_has_perm(auth, CAP_PERM_UNSEAL))
			return CAP_STATUS(CS2, CAP_CAUSE_UNSEAL_PERM);
		if (!addr_in_bounds(auth, auth->addr))
			return CAP_STATUS(CS2, CAP_CAUSE_LENGTH);
	}
	/* v9: only the matching otype, with Permit_Unseal, from a tagged unsealed authority whose
	 * address is in bounds, unseals with the tag kept. Sentries and other reserved types never. */
	bool permitted = auth->tag && cap_is_sealed(c) && !cap_is_sealed(auth) && !cap_has_reserved_otype(c) &&
			 auth->addr == cap_otype(c) && cap_has_perm(auth, CAP_PERM_UNSEAL) &&
			 addr_in_bounds(auth, auth->addr);
	struct cap r = cap_with_otype(c, CAP_OTYPE_UNSEALED);
	/* Global = cs1.Global and cs2.Global */
	if (!cap_has_perm(auth, CAP_PERM_GLOBAL))
		r.pesbt = cap_field_hwperms_set(r.pesbt, cap_field_hwperms_get(r.pesbt) & ~(uint64_t)CAP_PERM_GLOBAL);
	r.tag = c->tag && permitted;
	*out = r;
	return 0;
}

cap_status cap_cseal(struct cap *out, const struct cap *c, const struct cap *auth, unsigned mode)
{
	if (mode == CAP_LEGACY && !c->tag)
		return CAP_STATUS(CS1, CAP_CAUSE_TAG);
	/* pass-through: cs1 unchanged */
	if (!auth->tag || cap_is_sealed(c) || !addr_in_bounds(auth, auth->addr) || auth->addr == ~0ULL) {
		*out = *c;
		return 0;
	}
	return cap_seal(out, c, auth, mode);
}

cap_status cap_seal_entry(struct cap *out, const struct cap *c, unsigned mode)
{
	if (mode == CAP_LEGACY) {
		if (!c->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (cap_is_sealed(c))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
		if (!cap_has_perm(c, CAP_PERM_EXECUTE))
			return CAP_STATUS(CS1, CAP_CAUSE_EXECUTE);
	}
	struct cap r = cap_with_otype(c, CAP_OTYPE_SENTRY);
	r.tag = c->tag && !cap_is_sealed(c);
	*out = r;
	return 0;
}

cap_status cap_copy_type(struct cap *out, const struct cap *c, const struct cap *typ, unsigned mode)
{
	uint64_t t = cap_get_type(typ);
	if (mode == CAP_LEGACY) {
		if (!c->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (cap_is_sealed(c))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
		if (cap_has_reserved_otype(typ)) {
			*out = cap_from_int(t); /* an integer: the sign-extended reserved otype */
			return 0;
		}
		if (!addr_in_bounds(c, t))
			return CAP_STATUS(CS1, CAP_CAUSE_LENGTH);
	}
	struct cap r = move_addr(c, t, cap_is_representable_precise(c, t));
	r.tag = r.tag && !cap_has_reserved_otype(typ);
	*out = r;
	return 0;
}

/* CBuildCap, v9 (cheri-riscv.md 5.6): re-derive the request from the authority with the
 * ordinary monotonic steps and tag the result only if that reproduces it bit for bit. This
 * rejects reserved bits, malformed and non-canonical bounds and untagged or sealed authority. */
cap_status cap_build(struct cap *out, const struct cap *auth, const struct cap *req, unsigned mode)
{
	struct cap q = *req;
	q.tag = true;
	if (mode == CAP_LEGACY) {
		if (!auth->tag)
			return CAP_STATUS(CS1, CAP_CAUSE_TAG);
		if (cap_is_sealed(auth))
			return CAP_STATUS(CS1, CAP_CAUSE_SEAL);
		if (req->base < auth->base || req->top > auth->top)
			return CAP_STATUS(CS1, CAP_CAUSE_LENGTH);
		if ((cap_u128)req->base > req->top)
			return CAP_STATUS(CS2, CAP_CAUSE_LENGTH);
		if (cap_perms(req) & ~cap_perms(auth))
			return CAP_STATUS(CS1, CAP_CAUSE_USER_PERM);
		if (cap_field_reserved_get(req->pesbt))
			return CAP_STATUS(CS2, CAP_CAUSE_LENGTH);
		/* section 9: a sentry is kept only if it is executable */
		if (cap_is_sentry(&q) && !cap_has_perm(&q, CAP_PERM_EXECUTE))
			q = cap_with_otype(&q, CAP_OTYPE_UNSEALED);
	}
	if (!cap_is_sentry(&q))
		q = cap_with_otype(&q, CAP_OTYPE_UNSEALED);
	bool subset = q.base >= auth->base && q.top <= auth->top && (cap_u128)q.base <= q.top &&
		      (cap_perms(&q) & ~cap_perms(auth)) == 0;
	if (subset) {
		struct cap d = *auth;
		d.tag = auth->tag && !cap_is_sealed(auth);
		d.addr = q.base;
		d = cap_encode_bounds(&d, q.top - q.base, NULL);
		d.addr = q.addr;
		d.pesbt = cap_field_hwperms_set(d.pesbt, cap_field_hwperms_get(q.pesbt));
		d.pesbt = cap_field_uperms_set(d.pesbt, cap_field_uperms_get(q.pesbt));
		d.pesbt = cap_field_flags_set(d.pesbt, cap_field_flags_get(q.pesbt));
		if (cap_is_sentry(&q))
			d.pesbt = cap_field_otype_set(d.pesbt, CAP_OTYPE_SENTRY);
		if (d.tag && d.pesbt == q.pesbt && d.addr == q.addr) {
			*out = q; /* bit-identical, so q's decoded bounds are d's */
			return 0;
		}
	}
	struct cap r = *req;
	r.tag = false;
	*out = r;
	return 0;
}

bool cap_test_subset(const struct cap *a, const struct cap *b)
{
	return a->tag == b->tag && b->base >= a->base && b->top <= a->top &&
	       (cap_perms(b) & ~cap_perms(a)) == 0;
}

bool cap_set_equal_exact(const struct cap *a, const struct cap *b)
{
	return a->tag == b->tag && a->pesbt == b->pesbt && a->addr == b->addr;
}

/* STYLE 11: the monitor's only way to make a capability. Set address, set bounds (exactly, or
 * rounded outward as CSetBounds rounds), and-perm, all in v9 mode: any request outside `root`
 * (or, exact, not exactly representable) comes back untagged (and stays so through the
 * following steps). */
static struct cap build_from_root(const struct cap *root, uint64_t base, uint64_t len, uint32_t perms, bool exact)
{
	struct cap a, b, c;
	cap_status s = cap_set_addr(&a, root, base, CAP_V9);
	s |= cap_set_bounds(&b, &a, len, exact, CAP_V9);
	s |= cap_and_perm(&c, &b, perms, CAP_V9);
	if (s) /* cannot happen in v9 mode */
		c.tag = false;
	return c;
}

struct cap cap_build_from_root(const struct cap *root, uint64_t base, uint64_t len, uint32_t perms)
{
	return build_from_root(root, base, len, perms, true);
}

struct cap cap_build_rounded_from_root(const struct cap *root, uint64_t base, uint64_t len, uint32_t perms)
{
	return build_from_root(root, base, len, perms, false);
}

unsigned cap_check_access(const struct cap *c, uint32_t perm, uint64_t len)
{
	/* cheri-riscv.md 4.4, in the hardware's order: tag, seal, permission, bounds */
	if (!c->tag)
		return CAP_CAUSE_TAG;
	if (cap_is_sealed(c))
		return CAP_CAUSE_SEAL;
	if ((perm & CAP_PERM_LOAD) && !cap_has_perm(c, CAP_PERM_LOAD))
		return CAP_CAUSE_LOAD;
	if ((perm & CAP_PERM_STORE) && !cap_has_perm(c, CAP_PERM_STORE))
		return CAP_CAUSE_STORE;
	if (!cap_in_bounds(c, c->addr, len))
		return CAP_CAUSE_LENGTH;
	return CAP_CAUSE_NONE;
}
