/* test_hart_setbounds.c - CSetBounds, CSetBoundsExact and CSetBoundsImm on a hart (interpreted
 * and translated) against the capability library (cap_set_bounds, the Sail-checked reference
 * of test_cap_vectors.c): the result register (address, pesbt, base, top, tag) and its access
 * windows, which the fast paths of loads, stores and CIncOffset trust (creg_windows of the
 * library's result). The small-length paths (a decoded, tagged, unsealed source, a length below
 * 2^12 inside its bounds, written on the register's fields with their own windows: the bodies'
 * hart_set_bounds_small, interpreted, and jit_emit.c emit_csetbounds, translated: each form's
 * block is translated at its first run and taken by the rest) must agree with the general one
 * everywhere: lengths around 16 and 2^12, cursors at and past the top, tops at 2^64, sealed and
 * untagged sources, every permission mix. */
#include <stdlib.h>
#include <string.h>

#include "hart/hart_priv.h"
#include "test.h"

#include "rv_enc.h"

#define CODE 0x10000ULL
enum { A1 = 11, A2 = 12, A3 = 13 };
#define CSETBOUNDS(rd, rs1, rs2)      ENC_R(0x5b, 0, 0x08, rd, rs1, rs2)
#define CSETBOUNDSEXACT(rd, rs1, rs2) ENC_R(0x5b, 0, 0x09, rd, rs1, rs2)
#define CSETBOUNDSIMM(rd, rs1, imm)   ENC_I(0x5b, 2, rd, rs1, imm)
#define ECALL 0x00000073u

/* a parent capability: random bounds from root (large and small ones, some reaching 2^64),
 * random permissions, sometimes sealed or untagged, the cursor in, at the top of or past them */
static struct cap parent(uint64_t *s)
{
	struct cap root = cap_root(), a, b, c;
	uint64_t k = t_rand(s) % 8, len = t_rand(s) % 2 ? t_rand(s) % 0x3000 : t_rand(s) >> (t_rand(s) % 64);
	/* inside the hart's memory (16 MiB: only there are the windows other than 0), up to its
	 * end, up to 2^64, anywhere */
	uint64_t lim = 1ULL << 24, base = k < 3 ? t_rand(s) % lim : k == 3 ? lim - 16 - t_rand(s) % 0x2000 :
					 k == 4 ? ~0ULL - len + 1 : t_rand(s) & ~0ULL << (t_rand(s) % 16);
	if (cap_set_addr(&a, &root, base, CAP_V9) || cap_set_bounds(&b, &a, len, false, CAP_V9) ||
	    cap_and_perm(&c, &b, t_rand(s) % 2 ? t_rand(s) : CAP_PERMS_ALL, CAP_V9))
		abort();
	if (t_rand(s) % 16 == 0)
		c.tag = false;
	if (t_rand(s) % 16 == 0)
		c.pesbt = cap_field_otype_set(c.pesbt, t_rand(s) % 16);   /* sealed with a small otype */
	uint64_t span = (uint64_t)(c.top - c.base);
	uint64_t off = t_rand(s) % 4 == 0 ? span - t_rand(s) % 64 : t_rand(s) % (span + 1 ? span + 1 : ~0ULL);
	c.addr = c.base + off + (t_rand(s) % 32 == 0 ? 16 : 0);
	return c;
}

static uint64_t length(uint64_t *s)
{
	static const uint64_t edge[] = { 0, 1, 15, 16, 17, 4094, 4095, 4096, 4097 };
	return t_rand(s) % 3 ? t_rand(s) % 0x1400 : t_rand(s) % 4 ? edge[t_rand(s) % 9] : t_rand(s) >> (t_rand(s) % 64);
}

TEST(hart_setbounds_matches_library)
{
	uint64_t s = 0x5eed5e7b;
	unsigned cases = 0, small_tagged = 0, windows = 0, bad = 0;
	for (int jit = 0; jit < 2 && !bad; jit++) {
		struct mem *m = mem_new(1ULL << 24);
		uint32_t code[] = { CSETBOUNDS(A2, A1, A3), ECALL, CSETBOUNDSEXACT(A2, A1, A3), ECALL,
				    CSETBOUNDSIMM(A2, A1, 0), ECALL };
		if (!m || mem_map(m, CODE, 0x1000) != MEM_OK)
			abort();
		struct hart_options opt = { .no_jit = !jit };
		struct hart *h = hart_new(m, &opt);
		struct cap root = cap_root(), pcc;
		if (!h || cap_set_flags(&pcc, &root, 1, CAP_V9))
			abort();
		for (int i = 0; i < 20000 && bad < 5; i++) {
			struct cap p = parent(&s), want;
			uint64_t len = length(&s);
			unsigned form = (unsigned)(t_rand(&s) % 3);
			if (form == 2) {   /* CSetBoundsImm: a 12-bit unsigned immediate */
				len &= 0xfff;
				code[4] = CSETBOUNDSIMM(A2, A1, (int32_t)len);
				if (mem_write(m, CODE + 16, &code[4], 4) != MEM_OK)
					abort();
			}
			if (i == 0 && mem_write(m, CODE, code, sizeof code) != MEM_OK)
				abort();
			if (cap_set_bounds(&want, &p, len, form == 1, CAP_V9))
				abort();
			pcc.addr = CODE + 8 * form;
			hart_set_pcc(h, &pcc);
			hart_set_creg(h, A1, &p);
			hart_set_x(h, A3, len);
			struct hart_trap tr;
			struct cap got;
			if (hart_run(h, 100, &tr) != HART_EXIT_TRAP || tr.cause != HART_CAUSE_ECALL_U)
				abort();
			hart_get_creg(h, A2, &got);
			struct creg w = creg_from_cap(&want, h->mem_lim), r = h->cm[A2];
			bool decoded = h->cvalid[A2] == CV_CAP;
			cases++;
			small_tagged += want.tag && len < CAP_SMALL_LEN;
			windows += w.lwin != 0;
			bool ok = got.addr == want.addr && got.pesbt == want.pesbt && got.base == want.base &&
				  got.top == want.top && got.tag == want.tag &&
				  (!decoded || (r.lwin == w.lwin && r.swin == w.swin && r.rwin == w.rwin));
			if (!ok) {
				bad++;
				t_fail(__FILE__, __LINE__,
				       "%s form %u: parent base 0x%llx top 0x%llx addr 0x%llx tag %d pesbt 0x%llx, len 0x%llx: "
				       "got tag %d base 0x%llx pesbt 0x%llx windows %llx/%llx/%llx, want tag %d base 0x%llx "
				       "pesbt 0x%llx windows %llx/%llx/%llx",
				       jit ? "jit" : "interp", form, (unsigned long long)p.base, (unsigned long long)p.top,
				       (unsigned long long)p.addr, p.tag, (unsigned long long)p.pesbt, (unsigned long long)len,
				       got.tag, (unsigned long long)got.base, (unsigned long long)got.pesbt,
				       (unsigned long long)r.lwin, (unsigned long long)r.swin, (unsigned long long)r.rwin,
				       want.tag, (unsigned long long)want.base, (unsigned long long)want.pesbt,
				       (unsigned long long)w.lwin, (unsigned long long)w.swin, (unsigned long long)w.rwin);
			}
		}
		hart_free(h);
		mem_free(m);
	}
	t_case("%u CSetBounds forms on harts, %u of them small and tagged, %u with a load window: as the library",
	       cases, small_tagged, windows);
	T_EQ(bad, 0);
	T_TRUE(small_tagged > cases / 5);
	T_TRUE(windows > cases / 20);
}
