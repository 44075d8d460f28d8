/* test_cap_props.c - properties of the capability library over random inputs (fixed seeds).
 *
 * One t_case per property; each stops at and prints its first failing input. Invariants from
 * cheri-riscv.md 1.2, 1.6, 1.7, 1.8, 5.5, 5.6.
 */
#include "cap/cap.h"
#include "test.h"

/* Iterations per property: >= 10^6 in every build. */
#ifndef CAP_PROP_N
#define CAP_PROP_N 1000000
#endif

#define TWO64 ((cap_u128)1 << 64)

/* A length of random magnitude (every bit width equally likely). */
static uint64_t rand_len(uint64_t *s)
{
	uint64_t v = t_rand(s); /* two statements: the order of t_rand calls is fixed */
	return v >> (t_rand(s) % 64);
}

/* A valid tagged capability derived from root: random bounds (rounded by CSetBounds), random
 * perms, cursor somewhere in [base, top]. */
static struct cap rand_valid_cap(uint64_t *s)
{
	struct cap root = cap_root(), a, b, c, d;
	uint64_t len = rand_len(s), base = t_rand(s);
	if ((cap_u128)base + len > TWO64)
		base = (uint64_t)(TWO64 - len);
	if (cap_set_addr(&a, &root, base, CAP_V9) || cap_set_bounds(&b, &a, len, false, CAP_V9) ||
	    cap_and_perm(&c, &b, t_rand(s), CAP_V9))
		return cap_null();
	cap_u128 span = c.top - c.base;
	uint64_t off = span ? (uint64_t)(t_rand(s) % (span + 1)) : 0;
	if (cap_set_addr(&d, &c, c.base + off, CAP_V9))
		return cap_null();
	return d;
}

static void print_cap(const char *what, const struct cap *c)
{
	char buf[200];
	cap_format(buf, sizeof buf, c);
	printf("    %s: raw 0x%016llx %s\n", what, (unsigned long long)c->pesbt, buf);
}

/* cheri-riscv.md 1.4 and 1.5 transcribed literally in 128-bit arithmetic: the reference the
 * library's 64-bit decode is compared with. */
static void ref_decode(uint64_t raw, uint64_t a, uint64_t *base_out, cap_u128 *top_out)
{
	const cap_u128 mask65 = ((cap_u128)1 << 65) - 1;
	unsigned ie = (raw >> 26) & 1, tf = (raw >> 14) & 0xfff, bf = raw & 0x3fff, e, b, t, lmsb;
	if (!ie) {
		e = 0, b = bf, t = tf, lmsb = 0;
	} else {
		e = (tf & 7) * 8 + (bf & 7), b = bf & ~7u, t = tf & ~7u, lmsb = 1;
	}
	unsigned carry = (t & 0xfff) < (b & 0xfff);
	t = (t & 0xfff) | (((b >> 12) + lmsb + carry) % 4) << 12;
	if (e > 52)
		e = 52;
	unsigned a3 = (a >> (e + 11)) & 7, b3 = b >> 11, t3 = t >> 11, r3 = (b3 + 7) % 8;
	int cb = (b3 < r3) - (a3 < r3), ct = (t3 < r3) - (a3 < r3);
	cap_u128 a_top = e + 14 >= 64 ? 0 : a >> (e + 14);
	cap_u128 base = ((a_top + (cap_u128)(__int128)cb) << (e + 14) | (cap_u128)b << e) & mask65;
	cap_u128 top = ((a_top + (cap_u128)(__int128)ct) << (e + 14) | (cap_u128)t << e) & mask65;
	unsigned top2 = (unsigned)(top >> 63) & 3, base1 = (unsigned)(base >> 63) & 1;
	if (e < 51 && (top2 - base1) % 4 > 1)
		top ^= (cap_u128)1 << 64;
	*base_out = (uint64_t)base;
	*top_out = top;
}

TEST(cap_prop_decode_matches_reference)
{
	uint64_t s = 0x5eed0009;
	t_case("cap_decode equals a literal 128-bit transcription of 1.4/1.5, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		uint64_t raw = t_rand(&s), a = t_rand(&s);
		if (i & 1) /* small exponents and addresses near the windows matter most */
			raw = cap_field_e_hi_set(raw, 0);
		if (i & 2)
			a >>= t_rand(&s) % 64;
		uint64_t base;
		cap_u128 top;
		ref_decode(raw, a, &base, &top);
		struct cap c = cap_decode(raw, a, true);
		if (!(T_EQ(c.base, base) && T_EQ128(c.top, top))) {
			printf("    input %ld: raw 0x%016llx addr 0x%016llx\n", i, (unsigned long long)raw,
			       (unsigned long long)a);
			return;
		}
	}
}

TEST(cap_prop_mem_roundtrip)
{
	uint64_t s = 0x5eed0001;
	t_case("mem form -> cap -> mem form identical, fields reassemble, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		uint64_t mem = t_rand(&s), addr = t_rand(&s);
		bool tag = mem & 1;
		struct cap c = cap_from_mem(mem, addr, tag);
		struct cap d = cap_decode(mem ^ CAP_NULL_XOR_MASK, addr, tag);
		/* rebuild the raw word from the individual fields through the layout */
		uint64_t p = 0;
		p = cap_field_uperms_set(p, cap_perms(&c) >> 15);
		p = cap_field_hwperms_set(p, cap_perms(&c) & 0xfff);
		p = cap_field_reserved_set(p, cap_field_reserved_get(c.pesbt));
		p = cap_field_flags_set(p, cap_flags(&c));
		p = cap_field_otype_set(p, cap_otype(&c));
		p = cap_field_ie_set(p, cap_field_ie_get(c.pesbt));
		p = cap_field_t_set(p, cap_field_t_get(c.pesbt));
		p = cap_field_b_set(p, cap_field_b_get(c.pesbt));
		bool ok = T_EQ(cap_to_mem_pesbt(&c), mem) && T_EQ(c.addr, addr) && T_EQ(c.tag, tag) &&
			  T_EQ(p, c.pesbt) && T_EQ(d.base, c.base) && T_EQ128(d.top, c.top) &&
			  T_EQ(cap_set_equal_exact(&c, &d), 1);
		if (!ok) {
			printf("    input %ld: mem 0x%016llx addr 0x%016llx\n", i, (unsigned long long)mem,
			       (unsigned long long)addr);
			return;
		}
	}
}

TEST(cap_prop_reencode_canonical)
{
	uint64_t s = 0x5eed0002;
	t_case("CSetBounds result re-encodes to the same pesbt and decodes to the same bounds, %d inputs",
	       CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		struct cap c = rand_valid_cap(&s), e, m;
		bool exact = false;
		/* encode [base, top) again from a cursor at base: must be exact and bit-identical */
		struct cap at_base = c;
		at_base.addr = c.base;
		e = cap_encode_bounds(&at_base, c.top - c.base, &exact);
		m = cap_from_mem(cap_to_mem_pesbt(&c), c.addr, c.tag);
		bool ok = T_EQ(c.tag, 1) && T_EQ(exact, 1) && T_EQ(e.pesbt, c.pesbt) && T_EQ(e.base, c.base) &&
			  T_EQ128(e.top, c.top) && T_EQ(m.base, c.base) && T_EQ128(m.top, c.top) &&
			  T_EQ(cap_is_malformed(c.pesbt), 0);
		if (!ok) {
			printf("    input %ld\n", i);
			print_cap("cap", &c);
			return;
		}
	}
}

TEST(cap_prop_setbounds_never_escapes)
{
	uint64_t s = 0x5eed0003;
	long tagged = 0;
	t_case("CSetBounds on a valid capability never escapes its parent, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		struct cap p = rand_valid_cap(&s), c, r;
		/* a cursor in or near the parent, a length that is in bounds about half the time */
		uint64_t addr = (i & 1) ? p.base + (uint64_t)(t_rand(&s) % (p.top - p.base + 1)) : p.addr + rand_len(&s);
		uint64_t room = (cap_u128)addr <= p.top ? (uint64_t)((p.top - addr) > ~0ULL ? ~0ULL : p.top - addr) : 0;
		uint64_t len = rand_len(&s);
		if ((i & 2) && room) /* in bounds, sometimes up to the top exactly */
			len = t_rand(&s) % room + (len & 1);
		bool exact_req = i & 4;
		if (cap_set_addr(&c, &p, addr, CAP_V9) || cap_set_bounds(&r, &c, len, exact_req, CAP_V9))
			return (void)T_EQ(1, 0);
		bool inside = c.tag && cap_in_bounds(&p, addr, len);
		struct cap q = cap_decode(r.pesbt, r.addr, r.tag);   /* the bounds its encoding holds */
		bool ok = T_EQ(r.base, q.base) && T_EQ128(r.top, q.top);
		if (r.tag) {
			tagged++;
			ok = T_EQ(r.base >= p.base, 1) && T_EQ(r.top <= p.top, 1) && T_EQ(inside, 1) &&
			     T_EQ(r.base <= addr, 1) && T_EQ(r.top >= (cap_u128)addr + len, 1) &&
			     T_EQ(cap_perms(&r), cap_perms(&p));
		} else {
			ok = T_EQ(inside && (!exact_req || (r.base == addr && r.top == (cap_u128)addr + len)), 0);
		}
		if (!ok) {
			printf("    input %ld: addr 0x%016llx len 0x%016llx exact %d\n", i, (unsigned long long)addr,
			       (unsigned long long)len, exact_req);
			print_cap("parent", &p);
			print_cap("result", &r);
			return;
		}
	}
	/* the generator must exercise the tagged branch substantially */
	T_EQ(tagged > CAP_PROP_N / 4, 1);
}

TEST(cap_prop_exact_iff_request)
{
	uint64_t s = 0x5eed0004;
	struct cap root = cap_root();
	t_case("CSetBounds exact <=> resulting bounds equal the request, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		uint64_t b = t_rand(&s), len = rand_len(&s);
		if (i & 1) /* aligned bases make exact results common */
			b &= ~0ULL << (t_rand(&s) % 64);
		struct cap a = root;
		a.addr = b;
		bool exact;
		struct cap r = cap_encode_bounds(&a, len, &exact);
		/* the bounds as the decoder reads them from the encoding (cap_encode_bounds returns
		 * an exact request without decoding it) */
		struct cap d = cap_decode(r.pesbt, r.addr, r.tag);
		bool equal = d.base == b && d.top == (cap_u128)b + len;
		bool ok = T_EQ(exact, equal) && T_EQ(d.base <= b, 1) && T_EQ(d.top >= (cap_u128)b + len, 1) &&
			  T_EQ(r.base, d.base) && T_EQ128(r.top, d.top);
		if (!ok) {
			printf("    input %ld: base 0x%016llx len 0x%016llx\n", i, (unsigned long long)b,
			       (unsigned long long)len);
			print_cap("result", &r);
			return;
		}
	}
}

/* cap_encode_bounds returns an exact request as it is, without decoding: at the edges of the
 * address space and of the encodings (IE 0/1, lengths around 2^12 and 2^13, tops at and past
 * 2^64) it must be what the decoder reads from the encoding */
TEST(cap_prop_encode_shortcut_edges)
{
	static const uint64_t lens[] = { 0, 1, 15, 16, 4095, 4096, 4097, 8191, 8192, 8193, 1ULL << 20, (1ULL << 20) + 8,
					 1ULL << 63, ~0ULL };
	static const uint64_t bases[] = { 0, 16, 4096, 1ULL << 63, (1ULL << 63) - 4096, ~0ULL, ~0ULL - 15, ~0ULL - 4095,
					  ~0ULL - 4096, ~0ULL - 8191, 0x123456789abcdef0ULL };
	struct cap root = cap_root();
	unsigned n = 0, exact_n = 0;
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
		for (size_t j = 0; j < sizeof lens / sizeof lens[0]; j++)
			for (uint64_t d = 0; d < 64; d++) {
				struct cap a = root;
				a.addr = bases[i] - d * 16 - (d & 1);
				bool exact;
				struct cap r = cap_encode_bounds(&a, lens[j], &exact);
				struct cap q = cap_decode(r.pesbt, r.addr, r.tag);
				n++;
				exact_n += exact;
				if (!T_EQ(r.base, q.base) || !T_EQ128(r.top, q.top) ||
				    !T_EQ(exact, q.base == a.addr && q.top == (cap_u128)a.addr + lens[j])) {
					printf("    base 0x%016llx len 0x%016llx\n", (unsigned long long)a.addr,
					       (unsigned long long)lens[j]);
					return;
				}
			}
	t_case("%u requests at the edges, %u of them exact: the same bounds as the decoder's", n, exact_n);
	T_TRUE(exact_n > n / 4);
}

TEST(cap_prop_fast_implies_precise)
{
	uint64_t s = 0x5eed0005;
	long fast_yes = 0, precise_only = 0;
	t_case("fast representability never accepts what the precise check rejects, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		struct cap c = rand_valid_cap(&s);
		struct cap_ebt d = cap_decode_ebt(c.pesbt);
		if (i % 4 == 0 && d.e < CAP_MAX_E - 2) {
			/* start at the bottom of the representable window (1.6), where the fast
			 * check's R = a_mid case matters */
			uint32_t r = (((d.b >> 11) - 1) & 7) << 11;
			uint64_t bottom = c.base - ((uint64_t)((d.b - r) & 0x3fff) << d.e);
			struct cap m;
			if (cap_set_addr(&m, &c, bottom, CAP_V9) || !T_EQ(m.tag, 1)) {
				print_cap("cap", &c);
				return;
			}
			c = m;
		}
		/* increments around the window size 2^(E+14), either sign */
		unsigned sh = d.e + 10 + (unsigned)(t_rand(&s) % 6);
		uint64_t inc = sh < 64 ? t_rand(&s) % (1ULL << sh) : t_rand(&s);
		if (t_rand(&s) & 1)
			inc = -inc;
		bool fast = cap_is_representable_fast(&c, inc);
		bool precise = cap_is_representable_precise(&c, c.addr + inc);
		fast_yes += fast;
		precise_only += precise && !fast;
		if (!T_EQ(!fast || precise, 1)) {
			printf("    input %ld: increment 0x%016llx\n", i, (unsigned long long)inc);
			print_cap("cap", &c);
			return;
		}
	}
	/* both outcomes must occur often, or the property says nothing */
	T_EQ(fast_yes > CAP_PROP_N / 10 && fast_yes < CAP_PROP_N - CAP_PROP_N / 10, 1);
	printf("    fast accepted %ld, precise-only %ld of %d\n", fast_yes, precise_only, CAP_PROP_N);
}

/* The translator's CIncOffset fast path (struct creg rwin, hart_priv.h): a valid capability
 * moved from any address it may have (anywhere in its representable window) to an address
 * inside its bounds or one past its end (top: where a stack pointer returns to, or a loop's
 * cursor ends) always passes the fast check, so the metadata stays and no representability
 * arithmetic is needed. The old address is drawn with a bias to the window's edges, the new
 * one to base, top - 1 and top. */
TEST(cap_prop_move_into_bounds_is_fast_representable)
{
	uint64_t s = 0x5eed000b;
	long tried = 0;
	t_case("a move into the bounds or to top passes cap_is_representable_fast, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		struct cap c = rand_valid_cap(&s), m;
		if (!c.tag || c.top <= c.base)
			continue;
		struct cap_ebt d = cap_decode_ebt(c.pesbt);
		uint64_t span = d.e + 14 >= 64 ? UINT64_MAX : 1ULL << (d.e + 14);
		uint32_t r = (((d.b >> 11) - 1) & 7) << 11;
		uint64_t bottom = c.base - ((uint64_t)((d.b - r) & 0x3fff) << d.e), a;
		switch (t_rand(&s) % 4) {
		case 0: a = bottom; break;
		case 1: a = bottom + span - 1; break;
		case 2: a = bottom + span - 1 - t_rand(&s) % (1ULL << (d.e < 60 ? d.e + 1 : 60)); break;
		default: a = bottom + t_rand(&s) % span; break;
		}
		cap_u128 len = c.top - c.base;
		unsigned pick = (unsigned)(t_rand(&s) % 4);
		uint64_t b = pick == 0 ? c.base : pick == 1 ? (uint64_t)(c.top - 1)
				: pick == 2 && !(c.top >> 64) ? (uint64_t)c.top   /* one past the end */
							    : c.base + (uint64_t)(t_rand(&s) % len);
		if (cap_set_addr(&m, &c, a, CAP_V9) || !m.tag)
			continue;   /* not an address this capability can have */
		tried++;
		if (!T_EQ(cap_is_representable_fast(&m, b - a), 1)) {
			printf("    input %ld: from 0x%016llx to 0x%016llx\n", i, (unsigned long long)a,
			       (unsigned long long)b);
			print_cap("cap", &m);
			return;
		}
	}
	T_EQ(tried > CAP_PROP_N / 2, 1);
}

TEST(cap_prop_and_perm_monotonic)
{
	uint64_t s = 0x5eed0006;
	t_case("CAndPerm never adds permissions and changes nothing else, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		uint64_t raw = t_rand(&s), mask = t_rand(&s);
		if (i & 1) /* half unsealed */
			raw = cap_field_otype_set(raw, CAP_OTYPE_UNSEALED);
		struct cap c = cap_decode(raw, t_rand(&s), mask & 1), r;
		if (cap_and_perm(&r, &c, mask, CAP_V9))
			return (void)T_EQ(1, 0);
		const uint64_t perm_bits = 0xffff000000000000ULL; /* uperms and hwperms */
		bool ok = T_EQ(cap_perms(&r) & ~cap_perms(&c), 0) &&
			  T_EQ(cap_perms(&r), cap_perms(&c) & mask & CAP_PERMS_ALL) &&
			  T_EQ(r.pesbt & ~perm_bits, c.pesbt & ~perm_bits) && T_EQ(r.addr, c.addr) &&
			  T_EQ(r.base, c.base) && T_EQ128(r.top, c.top) &&
			  T_EQ(r.tag, c.tag && !cap_is_sealed(&c));
		if (!ok) {
			printf("    input %ld: raw 0x%016llx mask 0x%016llx\n", i, (unsigned long long)raw,
			       (unsigned long long)mask);
			return;
		}
	}
}

TEST(cap_prop_unseal_rules)
{
	uint64_t s = 0x5eed0007;
	long unsealed = 0;
	struct cap root = cap_root();
	t_case("CUnseal keeps the tag iff otype matches, Permit_Unseal, authority valid, %d inputs",
	       CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		uint64_t r1 = t_rand(&s), r2 = t_rand(&s);
		/* a sealed (or not) data capability: small otypes or reserved ones */
		struct cap c = rand_valid_cap(&s);
		uint32_t otype = (r1 & 8) ? CAP_OTYPE_MAX + 1 + (uint32_t)(r1 >> 4) % 4 : (uint32_t)(r1 >> 4) % 8;
		c = cap_with_otype(&c, otype);
		c.tag = (r1 >> 8) & 7;
		/* an authority [0, 4) or [4, 8), cursor base..base+4, random perms/tag/seal */
		struct cap a, auth;
		uint64_t abase = (r2 & 1) ? 4 : 0;
		if (cap_set_addr(&a, &root, abase, CAP_V9) || cap_set_bounds(&auth, &a, 4, true, CAP_V9) ||
		    cap_and_perm(&a, &auth, (r2 >> 1) & 1 ? CAP_PERMS_ALL : CAP_PERMS_ALL & ~CAP_PERM_UNSEAL, CAP_V9) ||
		    cap_set_addr(&auth, &a, abase + (r2 >> 2) % 5, CAP_V9))
			return (void)T_EQ(1, 0);
		if (((r2 >> 8) & 15) == 0)
			auth = cap_with_otype(&auth, (uint32_t)(r2 >> 12) % 8);
		auth.tag = ((r2 >> 16) & 7) != 0;
		struct cap r;
		if (cap_unseal(&r, &c, &auth, CAP_V9))
			return (void)T_EQ(1, 0);
		bool want = c.tag && auth.tag && otype <= CAP_OTYPE_MAX && auth.addr == otype &&
			    cap_has_perm(&auth, CAP_PERM_UNSEAL) && !cap_is_sealed(&auth) &&
			    auth.addr >= auth.base && auth.addr < auth.top;
		unsealed += r.tag;
		bool ok = T_EQ(r.tag, want) && T_EQ(cap_is_sealed(&r), 0) && T_EQ(r.addr, c.addr) &&
			  T_EQ(cap_perms(&r), cap_perms(&c) & (cap_perms(&auth) | ~CAP_PERM_GLOBAL)) &&
			  T_EQ(r.base, c.base) && T_EQ128(r.top, c.top);
		if (!ok) {
			printf("    input %ld: otype 0x%x\n", i, otype);
			print_cap("cap", &c);
			print_cap("auth", &auth);
			return;
		}
	}
	T_EQ(unsealed > CAP_PROP_N / 100, 1); /* about 2 % */
}

TEST(cap_prop_crrl_cram)
{
	uint64_t s = 0x5eed0008;
	struct cap root = cap_root();
	t_case("CRAM closed form (1.8), and CSetBoundsExact(base & CRAM, CRRL) is exact, %d inputs", CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		uint64_t len = rand_len(&s), b = t_rand(&s);
		uint64_t mask = cap_cram(len), rl = cap_crrl(len);
		/* closed form of 1.8 */
		uint64_t want = ~0ULL;
		if (len >= 4096) {
			unsigned e = 63 - (unsigned)__builtin_clzll(len) - 12;
			cap_u128 unit = (cap_u128)1 << (e + 3);
			cap_u128 r = ((cap_u128)len + unit - 1) / unit * unit;
			if (r >= (cap_u128)1 << (e + 13))
				e++;
			want = ~0ULL << (e + 3);
		}
		bool ok = T_EQ(mask, want) && T_EQ(rl, (len + ~mask) & mask);
		if (ok && (rl != 0 || len == 0)) {
			struct cap a = root, r;
			a.addr = b & mask;
			bool exact;
			r = cap_encode_bounds(&a, rl, &exact);
			ok = T_EQ(exact, 1) && T_EQ(r.base, a.addr) && T_EQ128(r.top, (cap_u128)a.addr + rl) && T_EQ(rl >= len, 1);
		}
		if (!ok) {
			printf("    input %ld: len 0x%016llx base 0x%016llx\n", i, (unsigned long long)len,
			       (unsigned long long)b);
			return;
		}
	}
}

TEST(cap_prop_build_monotonic)
{
	uint64_t s = 0x5eed000a;
	struct cap root = cap_root();
	long rebuilt = 0;
	t_case("CBuildCap: re-derives valid caps from root or their parent; a tagged result never exceeds its authority, %d inputs",
	       CAP_PROP_N);
	for (long i = 0; i < CAP_PROP_N; i++) {
		struct cap auth = rand_valid_cap(&s), req = rand_valid_cap(&s), r, t;
		bool derived = false;
		if (i % 4 == 1) { /* arbitrary bits, including malformed and reserved encodings */
			req = cap_decode(t_rand(&s), req.addr, false);
		} else if (i % 4 >= 2) {
			/* derived from auth: in-bounds CSetBounds, CAndPerm, then any in-bounds cursor */
			uint64_t b = auth.base + (uint64_t)(t_rand(&s) % (auth.top - auth.base + 1));
			uint64_t room = (uint64_t)(auth.top - b > ~0ULL ? ~0ULL : auth.top - b);
			uint64_t len = room ? t_rand(&s) % room : 0, perm = t_rand(&s);
			if (cap_set_addr(&t, &auth, b, CAP_V9) || cap_set_bounds(&req, &t, len, false, CAP_V9) ||
			    cap_and_perm(&t, &req, perm, CAP_V9) ||
			    cap_set_addr(&req, &t, t.base + (uint64_t)(t_rand(&s) % (t.top - t.base + 1)), CAP_V9))
				return (void)T_EQ(1, 0);
			derived = true;
			if (!T_EQ(req.tag, 1))
				return;
		}
		req.tag = false;
		bool ok = true;
		if (i % 4 == 0) {
			if (cap_build(&r, &root, &req, CAP_V9))
				return (void)T_EQ(1, 0);
			ok = T_EQ(r.tag, 1) && T_EQ(r.pesbt, req.pesbt) && T_EQ(r.addr, req.addr);
		}
		if (ok && cap_build(&r, &auth, &req, CAP_V9))
			return (void)T_EQ(1, 0);
		if (ok && derived)
			ok = T_EQ(r.tag, 1);
		if (ok && r.tag) {
			rebuilt++;
			ok = T_EQ(r.base >= auth.base, 1) && T_EQ(r.top <= auth.top, 1) &&
			     T_EQ(cap_perms(&r) & ~cap_perms(&auth), 0) && T_EQ(cap_is_malformed(r.pesbt), 0) &&
			     T_EQ(cap_field_reserved_get(r.pesbt), 0) &&
			     T_EQ(!cap_is_sealed(&r) || cap_is_sentry(&r), 1);
		} else if (ok) {
			ok = T_EQ(cap_set_equal_exact(&r, &req), 1);
		}
		if (!ok) {
			printf("    input %ld\n", i);
			print_cap("auth", &auth);
			print_cap("req", &req);
			print_cap("result", &r);
			return;
		}
	}
	T_EQ(rebuilt >= CAP_PROP_N / 2, 1);
}
