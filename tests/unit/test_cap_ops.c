/* test_cap_ops.c - the v9 rules of cheri-riscv.md 5.4 - 5.6 (sealing, CBuildCap, CCopyType,
 * CTestSubset, ...), cap_build_from_root, and the legacy traps of section 9.
 * Each row names the rule it checks; expected values follow from the spec's tables.
 */
#include <string.h>

#include "cap/cap.h"
#include "test.h"

#define TWO64 ((cap_u128)1 << 64)
#define PERMS_SEALER (CAP_PERM_GLOBAL | CAP_PERM_SEAL | CAP_PERM_UNSEAL) /* 0x281 */

struct fixtures {
	struct cap root;
	struct cap data;     /* [0x400000000, +0x40000000) 0x817d, addr = base */
	struct cap code;     /* same bounds, 0x8117 */
	struct cap sealer;   /* [0, 0x100) 0x281, addr 16 */
	struct cap sealed;   /* data sealed with otype 16 */
};

static struct cap at(const struct cap *c, uint64_t addr)
{
	struct cap r;
	T_EQ(cap_set_addr(&r, c, addr, CAP_V9), 0);
	return r;
}

static struct cap perms(const struct cap *c, uint32_t p)
{
	struct cap r;
	T_EQ(cap_and_perm(&r, c, p, CAP_V9), 0);
	return r;
}

static struct cap untagged(struct cap c)
{
	c.tag = false;
	return c;
}

static struct fixtures make_fixtures(void)
{
	struct fixtures f;
	f.root = cap_root();
	f.data = cap_build_from_root(&f.root, 0x400000000ULL, 0x40000000ULL, 0x817d);
	f.code = cap_build_from_root(&f.root, 0x400000000ULL, 0x40000000ULL, 0x8117);
	struct cap s = cap_build_from_root(&f.root, 0, 0x100, PERMS_SEALER);
	f.sealer = at(&s, 16);
	T_EQ(cap_seal(&f.sealed, &f.data, &f.sealer, CAP_V9), 0);
	return f;
}

/* Everything but the tag and the otype field is as in `c`. */
static bool same_but_otype_tag(const struct cap *r, const struct cap *c)
{
	uint64_t m = ~(((1ULL << CAP_FIELD_otype_WIDTH) - 1) << CAP_FIELD_otype_LO);
	return T_EQ(r->pesbt & m, c->pesbt & m) && T_EQ(r->addr, c->addr) && T_EQ(r->base, c->base) &&
	       T_EQ128(r->top, c->top);
}

TEST(cap_build_from_root_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r;
	t_case("two-pure first code cap: [0x400000000, +0x40000000) perms 0x8117");
	T_EQ(f.code.tag, 1);
	T_EQ(f.code.base, 0x400000000ULL);
	T_EQ(cap_get_len(&f.code), 0x40000000ULL);
	T_EQ(f.code.addr, 0x400000000ULL);
	T_EQ(cap_perms(&f.code), 0x8117);
	T_EQ(cap_is_sealed(&f.code), 0);
	t_case("two-pure first data cap: perms 0x817d");
	T_EQ(f.data.tag, 1);
	T_EQ(cap_perms(&f.data), 0x817d);
	T_EQ128(f.data.top, 0x440000000ULL);
	t_case("not exactly representable [0x1001, +0x10000) -> untagged");
	r = cap_build_from_root(&f.root, 0x1001, 0x10000, 0x817d);
	T_EQ(r.tag, 0);
	t_case("exactly representable small [0x1001, +0xfff) -> tagged");
	r = cap_build_from_root(&f.root, 0x1001, 0xfff, 0x817d);
	T_EQ(r.tag, 1);
	T_EQ(r.base, 0x1001);
	t_case("outside the authority: [0x440000000, +0x1000) from the first cVM's data cap -> untagged");
	r = cap_build_from_root(&f.data, 0x440000000ULL, 0x1000, 0x817d);
	T_EQ(r.tag, 0);
	t_case("straddling the authority's top -> untagged");
	r = cap_build_from_root(&f.data, 0x43ffff000ULL, 0x2000, 0x817d);
	T_EQ(r.tag, 0);
	t_case("inside the authority, to its top exactly -> tagged");
	r = cap_build_from_root(&f.data, 0x43ffff000ULL, 0x1000, 0x817d);
	T_EQ(r.tag, 1);
	t_case("beyond 2^64 from root -> untagged");
	r = cap_build_from_root(&f.root, 0xfffffffffffff000ULL, 0x2000, 0x817d);
	T_EQ(r.tag, 0);
	t_case("untagged or sealed authority -> untagged");
	struct cap u = untagged(f.root);
	r = cap_build_from_root(&u, 0x1000, 0x1000, 0x817d);
	T_EQ(r.tag, 0);
	r = cap_build_from_root(&f.sealed, 0x400000000ULL, 0x1000, 0x817d);
	T_EQ(r.tag, 0);
	t_case("perms are and-ed, never added: 0x817d from a 0x8117 authority gives 0x8115");
	r = cap_build_from_root(&f.code, 0x400000000ULL, 0x1000, 0x817d);
	T_EQ(r.tag, 1);
	T_EQ(cap_perms(&r), 0x8115);
}

TEST(cap_seal_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r, a;
	t_case("5.6 CSeal: permitted -> tagged, otype = authority address 16");
	T_EQ(f.sealed.tag, 1);
	T_EQ(cap_otype(&f.sealed), 16);
	T_EQ(cap_get_type(&f.sealed), 16);
	same_but_otype_tag(&f.sealed, &f.data);
	t_case("CSeal: authority lacks Permit_Seal -> untagged, still sealed");
	a = perms(&f.sealer, CAP_PERM_UNSEAL);
	T_EQ(cap_seal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_otype(&r), 16);
	t_case("CSeal: authority address = its top (out of bounds) -> untagged");
	a = at(&f.sealer, 0x100);
	T_EQ(a.tag, 1);
	T_EQ(cap_seal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CSeal: authority address 0x3fffc > max otype (in bounds) -> untagged");
	a = cap_build_from_root(&f.root, 0, 0x40000, PERMS_SEALER);
	a = at(&a, 0x3fffc);
	T_EQ(cap_seal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CSeal: authority address 0x3fffb = max otype -> tagged");
	a = at(&a, 0x3fffb);
	T_EQ(cap_seal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_otype(&r), 0x3fffb);
	t_case("CSeal: sealed authority -> untagged");
	a = cap_with_otype(&f.sealer, 5);
	T_EQ(cap_seal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CSeal: untagged authority -> untagged");
	a = untagged(f.sealer);
	T_EQ(cap_seal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CSeal: already sealed source -> untagged");
	T_EQ(cap_seal(&r, &f.sealed, &f.sealer, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CSeal: untagged source stays untagged");
	a = untagged(f.data);
	T_EQ(cap_seal(&r, &a, &f.sealer, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_otype(&r), 16);
}

TEST(cap_unseal_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r, a;
	t_case("5.6 CUnseal: matching otype, Permit_Unseal -> tagged, unsealed, Global kept");
	T_EQ(cap_unseal(&r, &f.sealed, &f.sealer, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	t_case("CUnseal: authority without Global clears Global, tag kept");
	a = perms(&f.sealer, CAP_PERM_UNSEAL);
	T_EQ(cap_unseal(&r, &f.sealed, &a, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_perms(&r), 0x817c);
	t_case("CUnseal: wrong otype (authority address 17) -> untagged");
	a = at(&f.sealer, 17);
	T_EQ(cap_unseal(&r, &f.sealed, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_is_sealed(&r), 0);
	t_case("CUnseal: no Permit_Unseal -> untagged");
	a = perms(&f.sealer, CAP_PERM_GLOBAL | CAP_PERM_SEAL);
	T_EQ(cap_unseal(&r, &f.sealed, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CUnseal: unsealed source -> untagged");
	T_EQ(cap_unseal(&r, &f.data, &f.sealer, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CUnseal: sentry (reserved otype) never unseals, even with address 0x3fffe in bounds");
	struct cap sentry;
	T_EQ(cap_seal_entry(&sentry, &f.code, CAP_V9), 0);
	a = cap_build_from_root(&f.root, 0, 0x40000, PERMS_SEALER);
	a = at(&a, CAP_OTYPE_SENTRY);
	T_EQ(cap_unseal(&r, &sentry, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CUnseal: sealed authority -> untagged");
	a = cap_with_otype(&f.sealer, 3);
	T_EQ(cap_unseal(&r, &f.sealed, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CUnseal: authority address out of bounds ([0, 0x10) at 16) -> untagged");
	a = cap_build_from_root(&f.root, 0, 0x10, PERMS_SEALER);
	a = at(&a, 16);
	T_EQ(a.tag, 1);
	T_EQ(cap_unseal(&r, &f.sealed, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CUnseal: untagged authority -> untagged");
	a = untagged(f.sealer);
	T_EQ(cap_unseal(&r, &f.sealed, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
}

TEST(cap_cseal_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r, a;
	t_case("5.6 CCSeal: untagged authority -> pass-through");
	a = untagged(f.sealer);
	T_EQ(cap_cseal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	t_case("CCSeal: sealed source -> pass-through, tag kept");
	T_EQ(cap_cseal(&r, &f.sealed, &f.sealer, CAP_V9), 0);
	T_EQ(cap_set_equal_exact(&r, &f.sealed), 1);
	T_EQ(r.tag, 1);
	t_case("CCSeal: authority address out of bounds -> pass-through");
	a = at(&f.sealer, 0x100);
	T_EQ(cap_cseal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	t_case("CCSeal: authority address -1 (root) -> pass-through");
	a = at(&f.root, ~0ULL);
	T_EQ(cap_cseal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	t_case("CCSeal: valid -> sealed with otype 16, tagged");
	T_EQ(cap_cseal(&r, &f.data, &f.sealer, CAP_V9), 0);
	T_EQ(cap_set_equal_exact(&r, &f.sealed), 1);
	t_case("CCSeal: authority lacks Permit_Seal -> sealed, untagged");
	a = perms(&f.sealer, CAP_PERM_UNSEAL);
	T_EQ(cap_cseal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_otype(&r), 16);
	t_case("CCSeal: authority address 0x3fffc (reserved) in bounds -> sealed with 0x3fffc, untagged");
	a = at(&f.root, 0x3fffc);
	T_EQ(cap_cseal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_otype(&r), 0x3fffc);
	t_case("CCSeal: sealed authority -> sealed, untagged");
	a = cap_with_otype(&f.sealer, 3);
	T_EQ(cap_cseal(&r, &f.data, &a, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_otype(&r), 16);
}

TEST(cap_seal_entry_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r;
	t_case("5.6 CSealEntry: unsealed code cap -> tagged sentry, CGetType -2");
	T_EQ(cap_seal_entry(&r, &f.code, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_is_sentry(&r), 1);
	T_EQ(cap_get_type(&r), 0xfffffffffffffffeULL);
	same_but_otype_tag(&r, &f.code);
	t_case("CSealEntry: no Execute check in v9 (data cap -> tagged sentry)");
	T_EQ(cap_seal_entry(&r, &f.data, CAP_V9), 0);
	T_EQ(r.tag, 1);
	t_case("CSealEntry: sealed source -> untagged");
	T_EQ(cap_seal_entry(&r, &f.sealed, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_is_sentry(&r), 1);
	t_case("5.4 a sentry cannot be moved: CIncOffset by 0 on a sentry clears the tag");
	struct cap s;
	T_EQ(cap_seal_entry(&s, &f.code, CAP_V9), 0);
	T_EQ(cap_inc_offset(&r, &s, 0, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("5.5 a sentry cannot be modified: CAndPerm, CSetFlags, CSetBounds clear the tag");
	T_EQ(cap_and_perm(&r, &s, ~0ULL, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_set_flags(&r, &s, 1, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_set_bounds(&r, &s, 0x10, false, CAP_V9), 0);
	T_EQ(r.tag, 0);
}

TEST(cap_copy_type_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r, c;
	t_case("5.6 CCopyType: sealer, type of a cap sealed with 16 -> address 16, tagged");
	c = at(&f.sealer, 0);
	T_EQ(cap_copy_type(&r, &c, &f.sealed, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(r.addr, 16);
	t_case("CCopyType: unsealed type source (reserved otype) -> address -1, untagged");
	T_EQ(cap_copy_type(&r, &c, &f.data, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(r.addr, ~0ULL);
	t_case("CCopyType: sealed destination -> untagged");
	T_EQ(cap_copy_type(&r, &f.sealed, &f.sealed, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(r.addr, 16);
	t_case("CCopyType: otype 16 not representable in [0x10000, +0x1000) -> untagged");
	c = cap_build_from_root(&f.root, 0x10000, 0x1000, 0x817d);
	T_EQ(cap_copy_type(&r, &c, &f.sealed, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(r.addr, 16);
	t_case("CCopyType: representable but out of bounds ([0, 0x10), otype 16 = top) stays tagged");
	c = cap_build_from_root(&f.root, 0, 0x10, PERMS_SEALER);
	T_EQ(cap_copy_type(&r, &c, &f.sealed, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(r.addr, 16);
}

TEST(cap_build_rules)
{
	struct fixtures f = make_fixtures();
	struct cap r, q;
	t_case("5.6 CBuildCap: root authority, untagged copy of the data cap -> bit-identical, tagged");
	q = untagged(at(&f.data, 0x400001234ULL));
	T_EQ(cap_build(&r, &f.root, &q, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(r.pesbt, q.pesbt);
	T_EQ(r.addr, q.addr);
	T_EQ(r.base, q.base);
	T_EQ128(r.top, q.top);
	t_case("CBuildCap: untagged sentry -> tagged sentry");
	T_EQ(cap_seal_entry(&q, &f.code, CAP_V9), 0);
	q.tag = false;
	T_EQ(cap_build(&r, &f.root, &q, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_is_sentry(&r), 1);
	t_case("CBuildCap: untagged cap sealed with 16 -> tagged and unsealed");
	q = untagged(f.sealed);
	T_EQ(cap_build(&r, &f.root, &q, CAP_V9), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	t_case("CBuildCap: bounds not within the authority -> cs2 untagged");
	q = untagged(f.root);
	T_EQ(cap_build(&r, &f.data, &q, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_set_equal_exact(&r, &q), 1);
	t_case("CBuildCap: perms not a subset (Execute from a data authority) -> untagged");
	q = untagged(cap_build_from_root(&f.root, 0x400000000ULL, 0x1000, 0x817f));
	T_EQ(cap_build(&r, &f.data, &q, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CBuildCap: the same request without Execute -> tagged");
	q = untagged(cap_build_from_root(&f.root, 0x400000000ULL, 0x1000, 0x817d));
	T_EQ(cap_build(&r, &f.data, &q, CAP_V9), 0);
	T_EQ(r.tag, 1);
	t_case("CBuildCap: reserved bits set -> untagged");
	q.pesbt = cap_field_reserved_set(q.pesbt, 1);
	T_EQ(cap_build(&r, &f.data, &q, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CBuildCap: malformed encoding (E = 53 on root bounds) -> untagged");
	q = cap_decode(0xffff1ffffc018005ULL, 0, false);
	T_EQ(cap_is_malformed(q.pesbt), 1);
	T_EQ(cap_build(&r, &f.root, &q, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CBuildCap: root re-derives itself");
	q = untagged(f.root);
	T_EQ(cap_build(&r, &f.root, &q, CAP_V9), 0);
	T_EQ(r.tag, 1);
	t_case("CBuildCap: untagged or sealed authority -> untagged");
	struct cap a = untagged(f.root);
	q = untagged(f.data);
	T_EQ(cap_build(&r, &a, &q, CAP_V9), 0);
	T_EQ(r.tag, 0);
	a = cap_with_otype(&f.root, 16);
	T_EQ(cap_build(&r, &a, &q, CAP_V9), 0);
	T_EQ(r.tag, 0);
}

TEST(cap_test_subset_rules)
{
	struct fixtures f = make_fixtures();
	struct cap u = untagged(f.data), c;
	static const char *what[] = { "root >= data", "data >= root", "tags differ",
				      "perms not subset (code vs data)", "sealed ignored", "equal" };
	const struct cap *pa[] = { &f.root, &f.data, &f.root, &f.data, &f.root, &f.data };
	const struct cap *pb[] = { &f.data, &f.root, &u, &f.code, &f.sealed, &f.data };
	const bool want[] = { true, false, false, false, true, true };
	for (int i = 0; i < 6; i++) {
		t_case("5.3 CTestSubset: %s", what[i]);
		T_EQ(cap_test_subset(pa[i], pb[i]), want[i]);
	}
	t_case("5.3 CSetEqualExact: tag, address, pesbt all count");
	T_EQ(cap_set_equal_exact(&f.data, &f.data), 1);
	T_EQ(cap_set_equal_exact(&f.data, &u), 0);
	c = at(&f.data, f.data.addr + 1);
	T_EQ(cap_set_equal_exact(&f.data, &c), 0);
	c = perms(&f.data, 0x817c);
	T_EQ(cap_set_equal_exact(&f.data, &c), 0);
}

TEST(cap_address_ops)
{
	struct fixtures f = make_fixtures();
	struct cap r;
	uint64_t v;
	t_case("5.4 CSetOffset: base + offset, tag kept");
	T_EQ(cap_set_offset(&r, &f.data, 0x13b4, CAP_V9), 0);
	T_EQ(r.addr, 0x4000013b4ULL);
	T_EQ(r.tag, 1);
	T_EQ(cap_get_offset(&r), 0x13b4);
	t_case("CSetOffset on a sealed cap -> untagged");
	T_EQ(cap_set_offset(&r, &f.sealed, 0, CAP_V9), 0);
	T_EQ(r.tag, 0);
	t_case("CFromPtr: 0 -> NULL; otherwise CSetOffset");
	T_EQ(cap_from_ptr(&r, &f.data, 0, CAP_V9), 0);
	struct cap n = cap_null();
	T_EQ(cap_set_equal_exact(&r, &n), 1);
	T_EQ(cap_from_ptr(&r, &f.data, 0x10, CAP_V9), 0);
	T_EQ(r.addr, 0x400000010ULL);
	T_EQ(r.tag, 1);
	t_case("CToPtr: address - authority base; 0 for untagged");
	r = at(&f.data, 0x400000100ULL);
	T_EQ(cap_to_ptr(&v, &r, &f.data, CAP_V9), 0);
	T_EQ(v, 0x100);
	r.tag = false;
	T_EQ(cap_to_ptr(&v, &r, &f.data, CAP_V9), 0);
	T_EQ(v, 0);
	t_case("CSetHigh/CGetHigh: memory form, tag 0");
	r = cap_set_high(&f.data, 0xffff000000000000ULL);
	T_EQ(r.tag, 0);
	T_EQ(cap_get_high(&r), 0xffff000000000000ULL);
	T_EQ(r.addr, f.data.addr);
	T_EQ(r.base, 0);
	t_case("5.5 CSetFlags: flag bit 0 only, tag kept when unsealed");
	T_EQ(cap_set_flags(&r, &f.code, 3, CAP_V9), 0);
	T_EQ(cap_flags(&r), 1);
	T_EQ(r.tag, 1);
	T_EQ(r.pesbt, f.code.pesbt | 1ULL << CAP_FIELD_flags_LO);
	t_case("CSub: address difference");
	T_EQ(cap_sub(&f.code, &f.sealer), 0x400000000ULL - 16);
	t_case("cause names");
	T_STREQ(cap_cause_name(CAP_CAUSE_LENGTH), "Length violation");
	T_STREQ(cap_cause_name(CAP_CAUSE_TAG), "Tag violation");
	T_STREQ(cap_cause_name(0x1f), "unknown CHERI cause");
}

/* Section 9: legacy mode traps (status = CAP_STATUS(operand, cause)); *out untouched. */
TEST(cap_legacy_traps)
{
	struct fixtures f = make_fixtures();
	struct cap r, a, u = untagged(f.data), sentinel = cap_from_int(0x5a5a);
	uint64_t v;
	struct { const char *what; cap_status got, want; } rows[32];
	int n = 0;
#define ROW(what_, call_, operand_, cause_) \
	do { r = sentinel; rows[n].what = (what_); rows[n].got = (call_); \
	     rows[n].want = (cause_) ? CAP_STATUS(operand_, cause_) : 0; n++; } while (0)
	ROW("CSetBounds untagged", cap_set_bounds(&r, &u, 0x10, false, CAP_LEGACY), 1, CAP_CAUSE_TAG);
	ROW("CSetBounds sealed", cap_set_bounds(&r, &f.sealed, 0x10, false, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CSetBounds beyond top", cap_set_bounds(&r, &f.data, 0x40000001, false, CAP_LEGACY), 1, CAP_CAUSE_LENGTH);
	a = at(&f.data, 0x400000001ULL);
	ROW("CSetBoundsExact inexact", cap_set_bounds(&r, &a, 0x10000, true, CAP_LEGACY), 1, CAP_CAUSE_INEXACT);
	ROW("CIncOffset tagged sealed", cap_inc_offset(&r, &f.sealed, 4, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CSetAddr tagged sealed", cap_set_addr(&r, &f.sealed, 4, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CSetOffset tagged sealed", cap_set_offset(&r, &f.sealed, 4, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CAndPerm untagged", cap_and_perm(&r, &u, 0, CAP_LEGACY), 1, CAP_CAUSE_TAG);
	ROW("CAndPerm sealed", cap_and_perm(&r, &f.sealed, 0, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CSetFlags tagged sealed", cap_set_flags(&r, &f.sealed, 1, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CSeal cs1 untagged", cap_seal(&r, &u, &f.sealer, CAP_LEGACY), 1, CAP_CAUSE_TAG);
	ROW("CSeal cs1 sealed", cap_seal(&r, &f.sealed, &f.sealer, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	a = perms(&f.sealer, CAP_PERM_UNSEAL);
	ROW("CSeal no Permit_Seal", cap_seal(&r, &f.data, &a, CAP_LEGACY), 2, CAP_CAUSE_SEAL_PERM);
	a = at(&f.sealer, 0x100);
	ROW("CSeal cs2 address out of bounds", cap_seal(&r, &f.data, &a, CAP_LEGACY), 2, CAP_CAUSE_LENGTH);
	a = at(&f.sealer, 17);
	ROW("CUnseal otype mismatch", cap_unseal(&r, &f.sealed, &a, CAP_LEGACY), 2, CAP_CAUSE_TYPE);
	a = perms(&f.sealer, CAP_PERM_SEAL);
	ROW("CUnseal no Permit_Unseal", cap_unseal(&r, &f.sealed, &a, CAP_LEGACY), 2, CAP_CAUSE_UNSEAL_PERM);
	ROW("CUnseal cs1 unsealed", cap_unseal(&r, &f.data, &f.sealer, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	ROW("CCSeal cs1 untagged", cap_cseal(&r, &u, &f.sealer, CAP_LEGACY), 1, CAP_CAUSE_TAG);
	ROW("CSealEntry no Execute", cap_seal_entry(&r, &f.data, CAP_LEGACY), 1, CAP_CAUSE_EXECUTE);
	ROW("CSealEntry sealed", cap_seal_entry(&r, &f.sealed, CAP_LEGACY), 1, CAP_CAUSE_SEAL);
	a = untagged(f.root);
	ROW("CBuildCap authority untagged", cap_build(&r, &a, &u, CAP_LEGACY), 1, CAP_CAUSE_TAG);
	a = untagged(f.root);
	ROW("CBuildCap bounds not subset", cap_build(&r, &f.data, &a, CAP_LEGACY), 1, CAP_CAUSE_LENGTH);
	a = untagged(f.code);
	ROW("CBuildCap perms not subset", cap_build(&r, &f.data, &a, CAP_LEGACY), 1, CAP_CAUSE_USER_PERM);
	a = untagged(f.data);
	a.pesbt = cap_field_reserved_set(a.pesbt, 2);
	ROW("CBuildCap reserved bits", cap_build(&r, &f.root, &a, CAP_LEGACY), 2, CAP_CAUSE_LENGTH);
	ROW("CCopyType otype outside cs1", cap_copy_type(&r, &f.data, &f.sealed, CAP_LEGACY), 1, CAP_CAUSE_LENGTH);
	ROW("CToPtr authority untagged", cap_to_ptr(&v, &f.data, &u, CAP_LEGACY), 2, CAP_CAUSE_TAG);
	ROW("CFromPtr authority untagged", cap_from_ptr(&r, &u, 4, CAP_LEGACY), 1, CAP_CAUSE_TAG);
	for (int i = 0; i < n; i++) {
		t_case("9 legacy: %s", rows[i].what);
		T_EQ(rows[i].got, rows[i].want);
	}
	t_case("9 legacy: *out untouched on a trap");
	r = sentinel;
	T_EQ(cap_set_bounds(&r, &u, 0x10, false, CAP_LEGACY), CAP_STATUS(1, CAP_CAUSE_TAG));
	T_EQ(cap_set_equal_exact(&r, &sentinel), 1);
	t_case("9 legacy: the same calls in v9 mode return 0 and clear tags");
	T_EQ(cap_set_bounds(&r, &u, 0x10, false, CAP_V9), 0);
	T_EQ(r.tag, 0);
	T_EQ(cap_seal_entry(&r, &f.data, CAP_V9), 0);
	T_EQ(r.tag, 1);
	t_case("9 legacy: permitted operations succeed (CSetBounds exact, CSeal, CUnseal, CBuildCap)");
	T_EQ(cap_set_bounds(&r, &f.data, 0x1000, true, CAP_LEGACY), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_seal(&r, &f.data, &f.sealer, CAP_LEGACY), 0);
	T_EQ(cap_set_equal_exact(&r, &f.sealed), 1);
	T_EQ(cap_unseal(&r, &f.sealed, &f.sealer, CAP_LEGACY), 0);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	T_EQ(cap_build(&r, &f.root, &u, CAP_LEGACY), 0);
	T_EQ(cap_set_equal_exact(&r, &f.data), 1);
	t_case("9 legacy: untagged sealed cap moves without a trap (only tagged sealed traps)");
	a = untagged(f.sealed);
	T_EQ(cap_inc_offset(&r, &a, 4, CAP_LEGACY), 0);
	T_EQ(r.tag, 0);
	t_case("9 legacy: CCopyType with a reserved type source gives the integer -1");
	a = at(&f.sealer, 0);
	T_EQ(cap_copy_type(&r, &a, &f.data, CAP_LEGACY), 0);
	T_EQ(r.tag, 0);
	T_EQ(r.addr, ~0ULL);
	T_EQ(r.pesbt, CAP_NULL_PESBT);
	t_case("9 legacy: CBuildCap keeps a sentry only if it is executable");
	T_EQ(cap_seal_entry(&a, &f.data, CAP_V9), 0);
	a.tag = false;
	T_EQ(cap_build(&r, &f.root, &a, CAP_LEGACY), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_is_sealed(&r), 0);
	T_EQ(cap_seal_entry(&a, &f.code, CAP_V9), 0);
	a.tag = false;
	T_EQ(cap_build(&r, &f.root, &a, CAP_LEGACY), 0);
	T_EQ(r.tag, 1);
	T_EQ(cap_is_sentry(&r), 1);
#undef ROW
}
