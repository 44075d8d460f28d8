/* test_hart_exec.c - instruction semantics through hart_step_injected and hart_run: a few rows
 * per group (RV64I, M, A, F/D, C, Zicsr, Xcheri), CHERI exceptions with their check order and
 * exact xtval (cheri-riscv.md 4.4, 5.9, 6.2, 7), budget exactness, gates. */
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#define CODE 0x10000ULL
#define DATA 0x20000ULL
#define JAL_M24 0xfe9ff06fu   /* jal x0, -24 */

struct env {
	struct mem *m;
	struct hart *h;
};

static struct env env_new(bool capmode, bool legacy)
{
	struct env e;
	e.m = mem_new(1ULL << 24);
	if (!e.m || mem_map(e.m, CODE, 0x20000) != MEM_OK)
		abort();
	struct hart_options opt = { .legacy = legacy };
	e.h = hart_new(e.m, &opt);
	struct cap root = cap_root(), pcc;
	if (cap_set_flags(&pcc, &root, capmode, CAP_V9))
		abort();
	pcc.addr = CODE;
	hart_set_pcc(e.h, &pcc);
	hart_set_ddc(e.h, &root);
	return e;
}

static void env_free(struct env *e)
{
	hart_free(e->h);
	mem_free(e->m);
}

/* a capability over [base, base+len) derived from root, address = base */
static struct cap cap_over(uint64_t base, uint64_t len, uint32_t perms)
{
	struct cap root = cap_root();
	return cap_build_from_root(&root, base, len, perms);
}

static enum hart_exit step(struct env *e, uint32_t insn, struct hart_trap *t)
{
	memset(t, 0, sizeof *t);
	return hart_step_injected(e->h, insn, t);
}

TEST(hart_exec_rv64im)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	static const struct { const char *name; uint32_t insn; uint64_t a, b, want; } rows[] = {
		/* rd = a0 (x10), rs1 = a1 (x11), rs2 = a2 (x12) */
		{ "add", 0x00c58533, 5, 7, 12 },
		{ "sub", 0x40c58533, 5, 7, (uint64_t)-2 },
		{ "addw overflow", 0x00c5853b, 0x7fffffff, 1, 0xffffffff80000000ULL },
		{ "sra", 0x40c5d533, 0x8000000000000000ULL, 63, UINT64_MAX },
		{ "sltu", 0x00c5b533, 1, 2, 1 },
		{ "mulh", 0x02c59533, (uint64_t)-1, (uint64_t)-1, 0 },
		{ "mulhu", 0x02c5b533, UINT64_MAX, UINT64_MAX, UINT64_MAX - 1 },
		{ "div by 0", 0x02c5c533, 42, 0, UINT64_MAX },
		{ "div overflow", 0x02c5c533, 0x8000000000000000ULL, (uint64_t)-1, 0x8000000000000000ULL },
		{ "rem by 0", 0x02c5e533, 42, 0, 42 },
		{ "divuw", 0x02c5d53b, 0xffffffff, 2, 0x7fffffff },
		{ "remw overflow", 0x02c5e53b, 0x80000000, (uint64_t)-1, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s", rows[i].name);
		hart_set_x(e.h, 11, rows[i].a);
		hart_set_x(e.h, 12, rows[i].b);
		T_EQ(step(&e, rows[i].insn, &t), HART_EXIT_BUDGET);
		T_EQ(hart_get_x(e.h, 10), rows[i].want);
	}
	t_case("lui/addi/x0");
	T_EQ(step(&e, 0x12345537, &t), HART_EXIT_BUDGET);   /* lui a0, 0x12345 */
	T_EQ(hart_get_x(e.h, 10), 0x12345000);
	T_EQ(step(&e, 0x00100013 | 0 << 7, &t), HART_EXIT_BUDGET); /* addi x0, x0, 1 */
	T_EQ(hart_get_x(e.h, 0), 0);
	t_case("c.addi a0, -1 and c.li");
	hart_set_x(e.h, 10, 5);
	T_EQ(step(&e, 0x157d, &t), HART_EXIT_BUDGET);
	T_EQ(hart_get_x(e.h, 10), 4);
	T_EQ(step(&e, 0x4529, &t), HART_EXIT_BUDGET);  /* c.li a0, 10 */
	T_EQ(hart_get_x(e.h, 10), 10);
	t_case("ecall/ebreak trap at the instruction");
	hart_set_pc(e.h, CODE + 0x40);
	T_EQ(step(&e, 0x00000073, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_ECALL_U);
	T_EQ(t.pc, CODE + 0x40);
	T_EQ(step(&e, 0x00100073, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_BREAKPOINT);
	t_case("illegal: tval = bits");
	T_EQ(step(&e, 0xffffffff, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_ILLEGAL);
	T_EQ(t.tval, 0xffffffff);
	env_free(&e);
}

TEST(hart_exec_memory_and_atomics)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	hart_set_x(e.h, 11, DATA + 8);
	hart_set_x(e.h, 12, 0x8000000000000001ULL);
	t_case("sd/ld/lw sign extension");
	T_EQ(step(&e, 0x00c5b023, &t), HART_EXIT_BUDGET);  /* sd a2, 0(a1) */
	T_EQ(step(&e, 0x0005b503, &t), HART_EXIT_BUDGET);  /* ld a0, 0(a1) */
	T_EQ(hart_get_x(e.h, 10), 0x8000000000000001ULL);
	T_EQ(step(&e, 0x0045a503, &t), HART_EXIT_BUDGET);  /* lw a0, 4(a1) */
	T_EQ(hart_get_x(e.h, 10), 0xffffffff80000000ULL);
	t_case("amoadd.d returns old, adds");
	hart_set_x(e.h, 12, 5);
	T_EQ(step(&e, 0x00c5b52f, &t), HART_EXIT_BUDGET);  /* amoadd.d a0, a2, (a1) */
	T_EQ(hart_get_x(e.h, 10), 0x8000000000000001ULL);
	T_EQ(step(&e, 0x0005b503, &t), HART_EXIT_BUDGET);
	T_EQ(hart_get_x(e.h, 10), 0x8000000000000006ULL);
	t_case("lr.d/sc.d succeed, second sc fails");
	T_EQ(step(&e, 0x1005b52f, &t), HART_EXIT_BUDGET);  /* lr.d a0, (a1) */
	T_EQ(step(&e, 0x18c5b6af, &t), HART_EXIT_BUDGET);  /* sc.d a3, a2, (a1) */
	T_EQ(hart_get_x(e.h, 13), 0);
	T_EQ(step(&e, 0x18c5b6af, &t), HART_EXIT_BUDGET);
	T_EQ(hart_get_x(e.h, 13), 1);
	t_case("misaligned amo: cause 6");
	hart_set_x(e.h, 11, DATA + 4);
	T_EQ(step(&e, 0x00c5b52f, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_STORE_MISALIGNED);
	T_EQ(t.tval, DATA + 4);
	t_case("unmapped load: cause 5");
	hart_set_x(e.h, 11, 0x800000);
	T_EQ(step(&e, 0x0005b503, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_LOAD_ACCESS);
	T_EQ(t.tval, 0x800000);
	env_free(&e);
}


TEST(hart_exec_fp)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	uint64_t old;
	static const struct { const char *name; uint32_t insn; uint64_t a, b, want_f; uint32_t want_flags; } rows[] = {
		/* fd = f10, fs1 = f11, fs2 = f12 */
		{ "fadd.d", 0x02c58553, 0x3ff8000000000000ULL, 0x4002000000000000ULL, 0x400e000000000000ULL, 0 },
		{ "fdiv.d by 0", 0x1ac58553, 0x3ff0000000000000ULL, 0x0000000000000000ULL, 0x7ff0000000000000ULL, 0x08 },
		{ "0/0 canonical NaN", 0x1ac58553, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x7ff8000000000000ULL, 0x10 },
		{ "fmin.d -0 +0", 0x2ac58553, 0x0000000000000000ULL, 0x8000000000000000ULL, 0x8000000000000000ULL, 0 },
		{ "fmax.d qNaN x", 0x2ac59553, 0x7ff8000000000000ULL, 0x4000000000000000ULL, 0x4000000000000000ULL, 0 },
		{ "fmin.d sNaN x: NV", 0x2ac58553, 0x7ff0000000000001ULL, 0x4000000000000000ULL, 0x4000000000000000ULL, 0x10 },
		{ "fadd.s unboxed -> NaN", 0x00c58553, 0x000000003f800000ULL, 0xffffffff3f800000ULL, 0xffffffff7fc00000ULL, 0 },
		{ "fadd.s 1+1", 0x00c58553, 0xffffffff3f800000ULL, 0xffffffff3f800000ULL, 0xffffffff40000000ULL, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s", rows[i].name);
		hart_set_f(e.h, 11, rows[i].a);
		hart_set_f(e.h, 12, rows[i].b);
		T_EQ(step(&e, 0x00101073, &t), HART_EXIT_BUDGET);   /* fsflags zero: csrrw x0, fflags, x0 */
		T_EQ(step(&e, rows[i].insn, &t), HART_EXIT_BUDGET);
		T_EQ(hart_get_f(e.h, 10), rows[i].want_f);
		T_EQ(step(&e, 0x00102573, &t), HART_EXIT_BUDGET);   /* frflags a0 */
		T_EQ(hart_get_x(e.h, 10), rows[i].want_flags);
	}
	static const struct { const char *name; uint32_t insn; uint64_t a, want; uint32_t flags; } cvt[] = {
		{ "fcvt.w.d 2^40 saturates", 0xc2059553, 0x4270000000000000ULL, 0x7fffffff, 0x10 },
		{ "fcvt.w.d -inf", 0xc2059553, 0xfff0000000000000ULL, 0xffffffff80000000ULL, 0x10 },
		{ "fcvt.wu.d NaN", 0xc2159553, 0x7ff8000000000000ULL, UINT64_MAX, 0x10 },
		{ "fcvt.l.d 2.5 rne", 0xc2258553, 0x4004000000000000ULL, 2, 0x01 },
		{ "fcvt.l.d -2.5 rdn", 0xc225a553, 0xc004000000000000ULL, (uint64_t)-3, 0x01 },
		{ "fcvt.lu.d -1.0", 0xc2359553, 0xbff0000000000000ULL, 0, 0x10 },
		{ "fclass.d -0", 0xe2059553, 0x8000000000000000ULL, 1 << 3, 0 },
		{ "fclass.d sNaN", 0xe2059553, 0x7ff0000000000001ULL, 1 << 8, 0 },
	};
	for (size_t i = 0; i < sizeof cvt / sizeof cvt[0]; i++) {
		t_case("%s", cvt[i].name);
		hart_set_f(e.h, 11, cvt[i].a);
		T_EQ(step(&e, 0x00101073, &t), HART_EXIT_BUDGET);
		T_EQ(step(&e, cvt[i].insn, &t), HART_EXIT_BUDGET);
		T_EQ(hart_get_x(e.h, 10), cvt[i].want);
		T_EQ(step(&e, 0x001025f3, &t), HART_EXIT_BUDGET);   /* frflags a1 */
		T_EQ(hart_get_x(e.h, 11), cvt[i].flags);
	}
	t_case("invalid static rm 5 is illegal");
	T_EQ(step(&e, 0x02c5d553, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_ILLEGAL);
	(void)old;
	env_free(&e);
}

TEST(hart_exec_csr_whitelist)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	t_case("frm write/read with ASR-less PCC");
	struct cap pcc = cap_over(CODE, 0x10000, CAP_PERM_EXECUTE | CAP_PERM_LOAD | CAP_PERM_GLOBAL);
	hart_set_pcc(e.h, &pcc);
	hart_set_x(e.h, 11, 3);
	T_EQ(step(&e, 0x00259073, &t), HART_EXIT_BUDGET);   /* fsrm a1 */
	T_EQ(step(&e, 0x00202573, &t), HART_EXIT_BUDGET);   /* frrm a0 */
	T_EQ(hart_get_x(e.h, 10), 3);
	t_case("instret readable");
	T_EQ(step(&e, 0xc0202573, &t), HART_EXIT_BUDGET);   /* rdinstret a0 */
	t_case("mstatus without ASR: CHERI 0x18 on PCC");
	T_EQ(step(&e, 0x30002573, &t), HART_EXIT_TRAP);     /* csrr a0, mstatus */
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.tval, (32 << 5) | 0x18);
	t_case("mstatus with ASR: illegal");
	struct cap root = cap_root();
	root.addr = CODE;
	hart_set_pcc(e.h, &root);
	T_EQ(step(&e, 0x30002573, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_ILLEGAL);
	t_case("write to cycle: illegal");
	T_EQ(step(&e, 0xc0059073, &t), HART_EXIT_TRAP);     /* csrw cycle, a1 */
	T_EQ(t.cause, HART_CAUSE_ILLEGAL);
	env_free(&e);
}

TEST(hart_exec_cheri_access_checks)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	struct cap ddc = cap_over(DATA, 0x100, CAP_PERMS_ALL);
	hart_set_ddc(e.h, &ddc);
	t_case("integer-mode store beyond DDC: 0x421");
	hart_set_x(e.h, 11, DATA + 0x100);
	T_EQ(step(&e, 0x00c5b023, &t), HART_EXIT_TRAP);     /* sd a2, 0(a1) */
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.tval, 0x421);
	T_EQ(t.cap_index, 33);
	t_case("last 8 bytes of DDC are in bounds");
	hart_set_x(e.h, 11, DATA + 0xf8);
	T_EQ(step(&e, 0x00c5b023, &t), HART_EXIT_BUDGET);
	t_case("straddling the top");
	hart_set_x(e.h, 11, DATA + 0xfc);
	T_EQ(step(&e, 0x00c5b023, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, 0x421);
	t_case("read-only DDC: store 0x13 before bounds");
	struct cap ro = cap_over(DATA, 0x100, CAP_PERM_LOAD);
	hart_set_ddc(e.h, &ro);
	hart_set_x(e.h, 11, DATA + 0x200);
	T_EQ(step(&e, 0x00c5b023, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (33 << 5) | 0x13);
	env_free(&e);

	/* capability mode: the base register is the authority */
	e = env_new(true, false);
	struct cap c = cap_over(DATA, 0x40, CAP_PERMS_ALL);
	t_case("cap mode: load through ca0 out of bounds: 0x141");
	hart_set_creg(e.h, 10, &c);
	T_EQ(step(&e, 0x04053583, &t), HART_EXIT_TRAP);     /* cld a1, 64(ca0) */
	T_EQ(t.tval, 0x141);
	t_case("cap mode: in bounds");
	T_EQ(step(&e, 0x03853583, &t), HART_EXIT_BUDGET);   /* cld a1, 56(ca0) */
	t_case("untagged csp: 0x42");
	hart_set_x(e.h, 2, DATA);
	T_EQ(step(&e, 0x00013583, &t), HART_EXIT_TRAP);     /* cld a1, 0(csp) */
	T_EQ(t.tval, 0x42);
	t_case("sealed and out of bounds: seal violation first");
	struct cap s;
	T_EQ(cap_seal_entry(&s, &c, CAP_V9), 0);
	T_TRUE(s.tag);
	hart_set_creg(e.h, 10, &s);
	T_EQ(step(&e, 0x10053583, &t), HART_EXIT_TRAP);     /* cld a1, 256(ca0) */
	T_EQ(t.tval, (10 << 5) | 0x03);
	t_case("no Load permission before bounds");
	struct cap wo = cap_over(DATA, 0x40, CAP_PERM_STORE);
	hart_set_creg(e.h, 10, &wo);
	T_EQ(step(&e, 0x10053583, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (10 << 5) | 0x12);
	t_case("csc of a tagged cap without StoreCap: 0x15");
	struct cap nsc = cap_over(DATA, 0x40, CAP_PERM_STORE | CAP_PERM_LOAD);
	hart_set_creg(e.h, 10, &nsc);
	hart_set_creg(e.h, 11, &c);
	T_EQ(step(&e, 0x00b54023, &t), HART_EXIT_TRAP);     /* csc ca1, 0(ca0) */
	T_EQ(t.tval, (10 << 5) | 0x15);
	t_case("csc of an untagged value needs no StoreCap");
	hart_set_x(e.h, 11, 1234);
	T_EQ(step(&e, 0x00b54023, &t), HART_EXIT_BUDGET);
	t_case("csc/clc round trip keeps the tag");
	hart_set_creg(e.h, 10, &c);
	hart_set_creg(e.h, 11, &c);
	T_EQ(step(&e, 0x00b54823, &t), HART_EXIT_BUDGET);   /* csc ca1, 16(ca0) */
	T_EQ(step(&e, 0x0105260f, &t), HART_EXIT_BUDGET);   /* clc ca2, 16(ca0) */
	struct cap got;
	hart_get_creg(e.h, 12, &got);
	T_TRUE(got.tag);
	T_EQ(got.base, DATA);
	T_EQ(cap_get_len(&got), 0x40);
	t_case("clc misaligned: cause 4");
	T_EQ(step(&e, 0x0085260f, &t), HART_EXIT_TRAP);     /* clc ca2, 8(ca0) */
	T_EQ(t.cause, HART_CAUSE_LOAD_MISALIGNED);
	t_case("data store clears the tag");
	T_EQ(step(&e, 0x00b53823, &t), HART_EXIT_BUDGET);   /* csd a1, 16(ca0) */
	T_EQ(step(&e, 0x0105260f, &t), HART_EXIT_BUDGET);
	hart_get_creg(e.h, 12, &got);
	T_TRUE(!got.tag);
	env_free(&e);
}

/* The CLC/CSC fast paths (window check, bounds memo) and the windows clipped to mem's limit
 * must give what the in-order checks give (cheri-riscv.md 4.4, 5.8). */
TEST(hart_exec_cap_access_fast_paths)
{
	struct env e = env_new(true, false);
	struct hart_trap t;
	struct cap c = cap_over(DATA, 0x40, CAP_PERMS_ALL), d = cap_over(DATA, 0x80, CAP_PERMS_ALL), got;
	hart_set_creg(e.h, 10, &c);
	hart_set_creg(e.h, 11, &c);
	t_case("clc twice (memo hit) gives the stored bounds");
	T_EQ(step(&e, 0x00b54823, &t), HART_EXIT_BUDGET);   /* csc ca1, 16(ca0) */
	T_EQ(step(&e, 0x0105260f, &t), HART_EXIT_BUDGET);   /* clc ca2, 16(ca0) */
	T_EQ(step(&e, 0x0105260f, &t), HART_EXIT_BUDGET);
	hart_get_creg(e.h, 12, &got);
	T_TRUE(got.tag);
	T_EQ(got.base, DATA);
	T_EQ(cap_get_len(&got), 0x40);
	t_case("another capability (same address, other bounds) at the same place: its own bounds");
	hart_set_creg(e.h, 11, &d);
	T_EQ(step(&e, 0x00b54823, &t), HART_EXIT_BUDGET);
	T_EQ(step(&e, 0x0105260f, &t), HART_EXIT_BUDGET);
	hart_get_creg(e.h, 12, &got);
	T_TRUE(got.tag);
	T_EQ(got.base, DATA);
	T_EQ(cap_get_len(&got), 0x80);
	t_case("clc through an authority without LoadCap: tag cleared, no fault");
	struct cap nlc = cap_over(DATA, 0x40, CAP_PERM_LOAD | CAP_PERM_STORE);
	hart_set_creg(e.h, 13, &nlc);
	T_EQ(step(&e, 0x0106a60f, &t), HART_EXIT_BUDGET);   /* clc ca2, 16(ca3) */
	hart_get_creg(e.h, 12, &got);
	T_TRUE(!got.tag);
	T_EQ(cap_get_len(&got), 0x80);
	t_case("clc of the last granule: in bounds; 8 bytes further: 0x1 on ca0");
	T_EQ(step(&e, 0x0305260f, &t), HART_EXIT_BUDGET);   /* clc ca2, 48(ca0) */
	struct cap c8 = c;
	c8.addr = DATA + 8;
	hart_set_creg(e.h, 10, &c8);
	T_EQ(step(&e, 0x0305260f, &t), HART_EXIT_TRAP);     /* clc ca2, 48(ca0): [DATA+56, +72) */
	T_EQ(t.tval, (10 << 5) | CAP_CAUSE_LENGTH);
	hart_set_creg(e.h, 10, &c);
	t_case("csc of a local cap without StoreLocalCap: 0x16; with it: stored");
	struct cap local;
	T_EQ(cap_and_perm(&local, &d, CAP_PERMS_ALL & ~CAP_PERM_GLOBAL, CAP_V9), 0);
	struct cap nslc = cap_over(DATA, 0x40, CAP_PERMS_ALL & ~CAP_PERM_STORE_LOCAL_CAP);
	hart_set_creg(e.h, 11, &local);
	hart_set_creg(e.h, 13, &nslc);
	T_EQ(step(&e, 0x00b6c023, &t), HART_EXIT_TRAP);     /* csc ca1, 0(ca3) */
	T_EQ(t.tval, (13 << 5) | CAP_CAUSE_STORE_LOCAL_CAP);
	T_EQ(step(&e, 0x00b54023, &t), HART_EXIT_BUDGET);   /* csc ca1, 0(ca0) */
	env_free(&e);

	/* the last mapped bytes of the address space through a root DDC: beyond mem's fast-path
	 * limit, so the slow path serves them */
	e = env_new(false, false);
	uint64_t end = 1ULL << 24;
	T_EQ(mem_map(e.m, end - MEM_PAGE_SIZE, MEM_PAGE_SIZE), MEM_OK);
	t_case("sd/ld of the last 8 bytes of the address space");
	hart_set_x(e.h, 11, end - 8);
	hart_set_x(e.h, 12, 0x1122334455667788ULL);
	T_EQ(step(&e, 0x00c5b023, &t), HART_EXIT_BUDGET);   /* sd a2, 0(a1) */
	T_EQ(step(&e, 0x0005b503, &t), HART_EXIT_BUDGET);   /* ld a0, 0(a1) */
	T_EQ(hart_get_x(e.h, 10), 0x1122334455667788ULL);
	t_case("ld crossing the end of the address space: access fault");
	hart_set_x(e.h, 11, end - 4);
	T_EQ(step(&e, 0x0005b503, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_LOAD_ACCESS);
	env_free(&e);
}

TEST(hart_exec_cheri_manipulation)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	struct cap c = cap_over(DATA, 0x1000, CAP_PERMS_ALL), got;
	hart_set_creg(e.h, 11, &c);
	t_case("cincoffset imm");
	T_EQ(step(&e, 0x0105955b, &t), HART_EXIT_BUDGET);   /* cincoffset ca0, ca1, 16 */
	hart_get_creg(e.h, 10, &got);
	T_TRUE(got.tag);
	T_EQ(got.addr, DATA + 16);
	t_case("csetbounds imm");
	T_EQ(step(&e, 0x0205a55b | 0x2000, &t) , HART_EXIT_BUDGET);  /* csetbounds ca0, ca1, 32 */
	hart_get_creg(e.h, 10, &got);
	T_TRUE(got.tag);
	T_EQ(got.base, DATA);
	T_EQ(cap_get_len(&got), 32);
	t_case("cgetlen / cgettag / cgetperm");
	T_EQ(step(&e, 0xfe35855b, &t), HART_EXIT_BUDGET);   /* cgetlen a0, ca1 */
	T_EQ(hart_get_x(e.h, 10), 0x1000);
	T_EQ(step(&e, 0xfe45855b, &t), HART_EXIT_BUDGET);   /* cgettag a0, ca1 */
	T_EQ(hart_get_x(e.h, 10), 1);
	T_EQ(step(&e, 0xfe05855b, &t), HART_EXIT_BUDGET);   /* cgetperm a0, ca1 */
	T_EQ(hart_get_x(e.h, 10), CAP_PERMS_ALL);
	t_case("integer write makes a NULL-derived register");
	T_EQ(step(&e, 0x00158593, &t), HART_EXIT_BUDGET);   /* addi a1, a1, 1 */
	T_EQ(step(&e, 0xfe45855b, &t), HART_EXIT_BUDGET);
	T_EQ(hart_get_x(e.h, 10), 0);
	t_case("v9: csetbounds beyond the source clears the tag");
	hart_set_creg(e.h, 11, &c);
	hart_set_x(e.h, 12, 0x2000);
	T_EQ(step(&e, 0x10c5855b, &t), HART_EXIT_BUDGET);   /* csetbounds ca0, ca1, a2 */
	hart_get_creg(e.h, 10, &got);
	T_TRUE(!got.tag);
	env_free(&e);

	e = env_new(false, true);
	t_case("legacy: csetbounds beyond the source traps 0x01 on cs1");
	hart_set_creg(e.h, 11, &c);
	hart_set_x(e.h, 12, 0x2000);
	T_EQ(step(&e, 0x10c5855b, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.tval, (11 << 5) | 0x01);
	env_free(&e);
}

/* CIncOffset, CIncOffsetImm and CSetAddr with rd = c0 on a sealed cs1 (cheri-riscv.md 9): under
 * legacy semantics a Seal violation on cs1 whatever rd is, under v9 nothing. Run from memory
 * on a hart with the translator (which once skipped such an instruction: it writes nothing)
 * and on one without; found by fuzz_hart (tests/fuzz/FINDINGS.md 3). */
TEST(hart_exec_legacy_result_to_c0)
{
	static const struct { const char *name; uint32_t insn; } rows[] = {
		{ "cincoffset cnull, cs2, a1", 0x22b9005bu },
		{ "cincoffset cnull, cs2, 32", 0x0209105bu },
		{ "csetaddr cnull, cs2, a1", 0x20b9005bu },
	};
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
		for (int legacy = 0; legacy < 2; legacy++)
			for (int no_jit = 0; no_jit < 2; no_jit++) {
				t_case("%s, %s, %s", rows[k].name, legacy ? "legacy" : "v9", no_jit ? "interpreter" : "translator");
				struct mem *m = mem_new(1ULL << 24);
				if (!m || mem_map(m, CODE, 0x1000) != MEM_OK)
					abort();
				const uint32_t code[] = { rows[k].insn, 0x00000073u };   /* ...; ecall */
				if (mem_write(m, CODE, code, sizeof code) != MEM_OK)
					abort();
				struct hart_options opt = { .legacy = legacy, .no_jit = no_jit };
				struct hart *h = hart_new(m, &opt);
				struct cap root = cap_root(), pcc = root, s;
				pcc.addr = CODE;
				hart_set_pcc(h, &pcc);
				struct cap c = cap_over(DATA, 0x100, CAP_PERMS_ALL);
				T_EQ(cap_seal_entry(&s, &c, CAP_V9), 0);
				hart_set_creg(h, 18, &s);
				hart_set_x(h, 11, DATA + 8);
				struct hart_trap t;
				memset(&t, 0, sizeof t);
				T_EQ(hart_run(h, 100, &t), HART_EXIT_TRAP);
				if (legacy) {
					T_EQ(t.cause, HART_CAUSE_CHERI);
					T_EQ(t.pc, CODE);
					T_EQ(t.tval, (18 << 5) | CAP_CAUSE_SEAL);
					T_EQ(hart_instret(h), 0);
				} else {
					T_EQ(t.cause, HART_CAUSE_ECALL_U);
					T_EQ(t.pc, CODE + 4);
					T_EQ(hart_instret(h), 1);
				}
				hart_free(h);
				mem_free(m);
			}
}

TEST(hart_exec_cheri_jumps)
{
	struct env e = env_new(true, false);
	struct hart_trap t;
	struct cap code = cap_over(CODE, 0x1000, CAP_PERMS_ALL), got;
	T_EQ(cap_set_flags(&code, &code, 1, CAP_V9), 0);   /* stay in capability mode */
	code.addr = CODE + 0x100;
	hart_set_pc(e.h, CODE + 0x20);
	t_case("cjalr: link is a sentry, PCC moves");
	hart_set_creg(e.h, 10, &code);
	T_EQ(step(&e, 0x000500e7, &t), HART_EXIT_BUDGET);   /* cjalr cra, 0(ca0) */
	hart_get_pcc(e.h, &got);
	T_EQ(got.addr, CODE + 0x100);
	T_EQ(got.base, CODE);
	hart_get_creg(e.h, 1, &got);
	T_TRUE(got.tag);
	T_EQ(cap_otype(&got), CAP_OTYPE_SENTRY);
	T_EQ(got.addr, CODE + 0x24);
	t_case("return through the sentry");
	T_EQ(step(&e, 0x00008067, &t), HART_EXIT_BUDGET);   /* cjalr czero, 0(cra) */
	hart_get_pcc(e.h, &got);
	T_EQ(got.addr, CODE + 0x24);
	T_TRUE(!cap_is_sealed(&got));
	t_case("sentry with nonzero offset: seal violation");
	hart_get_creg(e.h, 1, &got);
	T_EQ(step(&e, 0x00408067, &t), HART_EXIT_TRAP);     /* cjalr czero, 4(cra) */
	T_EQ(t.tval, (1 << 5) | 0x03);
	t_case("untagged target: tag violation first");
	hart_set_x(e.h, 10, CODE + 0x2000);
	T_EQ(step(&e, 0x000500e7, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (10 << 5) | 0x02);
	t_case("non-executable target: 0x11 before bounds");
	struct cap data = cap_over(DATA, 0x100, CAP_PERM_LOAD);
	data.addr = DATA + 0x1000;
	hart_set_creg(e.h, 10, &data);
	T_EQ(step(&e, 0x000500e7, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (10 << 5) | 0x11);
	t_case("target out of bounds: length on the register");
	code.addr = CODE + 0x1000;
	hart_set_creg(e.h, 10, &code);
	T_EQ(step(&e, 0x000500e7, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (10 << 5) | 0x01);
	t_case("cjal out of PCC bounds: length on PCC");
	struct cap small = cap_over(CODE, 0x100, CAP_PERMS_ALL);
	T_EQ(cap_set_flags(&small, &small, 1, CAP_V9), 0);
	small.addr = CODE;
	hart_set_pcc(e.h, &small);
	T_EQ(step(&e, 0x200000ef, &t), HART_EXIT_TRAP);     /* cjal cra, 512 */
	T_EQ(t.tval, (32 << 5) | 0x01);
	t_case("auipcc derives from PCC");
	T_EQ(step(&e, 0x00000517, &t), HART_EXIT_BUDGET);   /* auipcc ca0, 0 */
	hart_get_creg(e.h, 10, &got);
	T_TRUE(got.tag);
	T_EQ(got.base, CODE);
	T_EQ(got.addr, CODE);
	env_free(&e);
}

TEST(hart_exec_cinvoke)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	struct cap code = cap_over(CODE, 0x1000, CAP_PERMS_ALL), data = cap_over(DATA, 0x100, CAP_PERMS_ALL & ~CAP_PERM_EXECUTE);
	struct cap sealer = cap_over(0x40, 0x10, CAP_PERM_SEAL | CAP_PERM_UNSEAL), sc, sd, got;
	sealer.addr = 0x42;
	code.addr = CODE + 0x80;
	T_EQ(cap_seal(&sc, &code, &sealer, CAP_V9), 0);
	T_EQ(cap_seal(&sd, &data, &sealer, CAP_V9), 0);
	t_case("cinvoke: c31 = unsealed data, PCC = unsealed code");
	T_TRUE(sc.tag && sd.tag);
	hart_set_creg(e.h, 10, &sc);
	hart_set_creg(e.h, 11, &sd);
	T_EQ(step(&e, 0xfcb500db, &t), HART_EXIT_BUDGET);   /* cinvoke ca0, ca1 */
	hart_get_pcc(e.h, &got);
	T_EQ(got.addr, CODE + 0x80);
	T_TRUE(!cap_is_sealed(&got));
	hart_get_creg(e.h, 31, &got);
	T_TRUE(got.tag && !cap_is_sealed(&got));
	T_EQ(got.base, DATA);
	t_case("cinvoke: unsealed code: seal violation on cs1");
	hart_set_creg(e.h, 10, &code);
	T_EQ(step(&e, 0xfcb500db, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (10 << 5) | 0x03);
	t_case("cinvoke: otype mismatch: type violation on cs1");
	struct cap sealer2 = sealer, sc2;
	sealer2.addr = 0x43;
	T_EQ(cap_seal(&sc2, &code, &sealer2, CAP_V9), 0);
	hart_set_creg(e.h, 10, &sc2);
	T_EQ(step(&e, 0xfcb500db, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (10 << 5) | 0x04);
	t_case("cinvoke: untagged data: tag violation on cs2");
	hart_set_creg(e.h, 10, &sc);
	hart_set_x(e.h, 11, 0);
	T_EQ(step(&e, 0xfcb500db, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, (11 << 5) | 0x02);
	env_free(&e);
}

TEST(hart_exec_special_registers)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	struct cap c = cap_over(DATA, 0x100, CAP_PERMS_ALL), got;
	t_case("cspecialrw ddc write and read back");
	hart_set_creg(e.h, 11, &c);
	T_EQ(step(&e, 0x0215805b, &t), HART_EXIT_BUDGET);   /* cspecialrw c0, ddc, ca1 */
	hart_get_ddc(e.h, &got);
	T_EQ(got.base, DATA);
	T_EQ(step(&e, 0x0210055b, &t), HART_EXIT_BUDGET);   /* cspecialr ca0, ddc */
	hart_get_creg(e.h, 10, &got);
	T_TRUE(got.tag);
	T_EQ(got.base, DATA);
	t_case("cspecialrw to pcc: illegal");
	T_EQ(step(&e, 0x0205805b & ~0x00100000, &t), HART_EXIT_TRAP);  /* cspecialrw c0, pcc, ca1 */
	T_EQ(t.cause, HART_CAUSE_ILLEGAL);
	t_case("cspecialrw mtcc: illegal in U-mode");
	T_EQ(step(&e, 0x03c0055b, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_ILLEGAL);
	t_case("cclear 1, 0x04 clears c10");
	hart_set_creg(e.h, 10, &c);
	T_EQ(step(&e, 0xfee4025b, &t), HART_EXIT_BUDGET);   /* cclear q=1 mask=0x04 */
	hart_get_creg(e.h, 10, &got);
	T_TRUE(!got.tag);
	T_EQ(got.addr, 0);
	t_case("cclear 0, 0x01 clears DDC");
	T_EQ(step(&e, 0xfee000db, &t), HART_EXIT_BUDGET);
	hart_get_ddc(e.h, &got);
	T_TRUE(!got.tag);
	env_free(&e);
}

/* a loop in memory: budget exactness, traps and gates through hart_run */
/* a gate hook that sends the hart back to the program's start twice, then declines */
struct gate_count { unsigned calls; uint64_t start; };
static bool restart_twice(void *ctx, struct hart *h, uint64_t pc)
{
	struct gate_count *gc = ctx;
	(void)pc;
	if (++gc->calls > 2)
		return false;
	hart_set_pc(h, gc->start);
	return true;
}

TEST(hart_run_budget_and_gate)
{
	struct env e = env_new(false, false);
	struct hart_trap t;
	static const uint32_t prog[] = {
		0x00a00293,   /* li t0, 10 */
		0x00150513,   /* loop: addi a0, a0, 1 */
		0xfff28293,   /* addi t0, t0, -1 */
		0xfe029ce3,   /* bnez t0, loop */
		0x00000073,   /* ecall */
	};
	T_EQ(mem_write(e.m, CODE, prog, sizeof prog), MEM_OK);
	for (uint64_t budget = 0; budget <= 33; budget++) {
		t_case("budget %llu", (unsigned long long)budget);
		struct env f = env_new(false, false);
		T_EQ(mem_write(f.m, CODE, prog, sizeof prog), MEM_OK);
		enum hart_exit r = hart_run(f.h, budget, &t);
		if (budget < 32) {
			T_EQ(r, HART_EXIT_BUDGET);
			T_EQ(hart_instret(f.h), budget);
			/* a0 counts loop bodies started: instructions 1 + 3k + 1 */
			T_EQ(hart_get_x(f.h, 10), budget == 0 ? 0 : (budget - 1 + 2) / 3);
			r = hart_run(f.h, UINT64_MAX, &t);
		}
		T_EQ(r, HART_EXIT_TRAP);
		T_EQ(t.cause, HART_CAUSE_ECALL_U);
		T_EQ(t.pc, CODE + 16);
		T_EQ(hart_instret(f.h), 31);
		T_EQ(hart_get_x(f.h, 10), 10);
		env_free(&f);
	}
	t_case("gate");
	struct hart_options opt = { .gate_lo = CODE + 16, .gate_hi = CODE + 20 };
	struct hart *g = hart_new(e.m, &opt);
	struct cap root = cap_root();
	root.addr = CODE;
	hart_set_pcc(g, &root);
	hart_set_ddc(g, &root);
	T_EQ(hart_run(g, UINT64_MAX, &t), HART_EXIT_GATE);
	T_EQ(t.pc, CODE + 16);
	T_EQ(hart_instret(g), 31);
	hart_free(g);
	t_case("gate hook: handled twice (the program starts over), declined the third time");
	struct gate_count gc = { 0, CODE };
	opt.gate_hook = restart_twice;
	opt.gate_ctx = &gc;
	g = hart_new(e.m, &opt);
	hart_set_pcc(g, &root);
	hart_set_ddc(g, &root);
	T_EQ(hart_run(g, UINT64_MAX, &t), HART_EXIT_GATE);
	T_EQ(gc.calls, 3u);
	T_EQ(t.pc, CODE + 16);
	T_EQ(hart_instret(g), 3 * 31);
	hart_free(g);
	t_case("fetch outside PCC: 0x1 on PCC at the target");
	struct cap small = cap_over(CODE, 0x10, CAP_PERMS_ALL);
	small.addr = CODE;
	hart_set_pcc(e.h, &small);
	T_EQ(hart_run(e.h, UINT64_MAX, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.tval, (32 << 5) | 0x01);
	T_EQ(t.pc, CODE + 16);
	t_case("fetch from non-executable PCC: 0x411");
	struct cap nx = cap_over(CODE, 0x1000, CAP_PERM_LOAD);
	nx.addr = CODE;
	hart_set_pcc(e.h, &nx);
	T_EQ(hart_run(e.h, UINT64_MAX, &t), HART_EXIT_TRAP);
	T_EQ(t.tval, 0x411);
	t_case("self-modifying code is seen after fence.i");
	struct env s = env_new(false, false);
	static const uint32_t smc[] = {
		0x00000517,   /*  0: auipc a0, 0 */
		0x00100613,   /*  4: li a2, 1          (patched to li a2, 2) */
		0x00069e63,   /*  8: bnez a3, 36 */
		0x02852583,   /* 12: lw a1, 40(a0) */
		0x00b52223,   /* 16: sw a1, 4(a0) */
		0x0000100f,   /* 20: fence.i */
		0x00100693,   /* 24: li a3, 1 */
		JAL_M24,      /* 28: j 4 */
		0x00000013,   /* 32: nop */
		0x00000073,   /* 36: ecall */
		0x00200613,   /* 40: li a2, 2 */
	};
	T_EQ(mem_write(s.m, CODE, smc, sizeof smc), MEM_OK);
	T_EQ(hart_run(s.h, UINT64_MAX, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_ECALL_U);
	T_EQ(hart_get_x(s.h, 12), 2);
	env_free(&s);
	env_free(&e);
}

/* capability mode through hart_run: the fast path's capability loads/stores, cjal/cjalr with
 * sentries, and exact instret and fault pc for every budget */
TEST(hart_run_capmode)
{
	static const uint32_t prog[] = {
		0x010515db,   /*  0: cincoffset ca1, ca0, 16 */
		0x04d00613,   /*  4: li a2, 77 */
		0x00c5b023,   /*  8: csd a2, 0(ca1) */
		0x00c000ef,   /* 12: cjal cra, 24 */
		0x0005b683,   /* 16: cld a3, 0(ca1) */
		0x00000073,   /* 20: ecall */
		0x00170713,   /* 24: addi a4, a4, 1 */
		0x00008067,   /* 28: cjalr czero, 0(cra) */
	};
	for (uint64_t budget = 0; budget <= 8; budget++) {
		t_case("budget %llu", (unsigned long long)budget);
		struct env e = env_new(true, false);
		struct hart_trap t;
		T_EQ(mem_write(e.m, CODE, prog, sizeof prog), MEM_OK);
		struct cap data = cap_over(DATA, 0x20, CAP_PERMS_ALL), got;
		hart_set_creg(e.h, 10, &data);
		enum hart_exit r = hart_run(e.h, budget, &t);
		if (budget < 8) {
			T_EQ(r, HART_EXIT_BUDGET);
			T_EQ(hart_instret(e.h), budget);
			r = hart_run(e.h, UINT64_MAX, &t);
		}
		T_EQ(r, HART_EXIT_TRAP);
		T_EQ(t.cause, HART_CAUSE_ECALL_U);
		T_EQ(t.pc, CODE + 20);
		T_EQ(hart_instret(e.h), 7);
		T_EQ(hart_get_x(e.h, 13), 77);
		T_EQ(hart_get_x(e.h, 14), 1);
		hart_get_creg(e.h, 1, &got);
		T_TRUE(got.tag);
		T_EQ(cap_otype(&got), CAP_OTYPE_SENTRY);
		T_EQ(got.addr, CODE + 16);
		hart_get_pcc(e.h, &got);
		T_EQ(cap_flags(&got), 1);
		env_free(&e);
	}
	t_case("bounds fault in the fast path: exact pc, index and instret");
	struct env e = env_new(true, false);
	struct hart_trap t;
	T_EQ(mem_write(e.m, CODE, prog, sizeof prog), MEM_OK);
	struct cap small = cap_over(DATA, 0x10, CAP_PERMS_ALL);
	hart_set_creg(e.h, 10, &small);
	T_EQ(hart_run(e.h, UINT64_MAX, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.tval, (11 << 5) | 0x01);
	T_EQ(t.pc, CODE + 8);
	T_EQ(t.insn, 0x00c5b023);
	T_EQ(hart_instret(e.h), 2);
	env_free(&e);
}

static bool same_cap(const struct cap *a, const struct cap *b)
{
	return a->addr == b->addr && a->pesbt == b->pesbt && a->base == b->base && a->top == b->top && a->tag == b->tag;
}

/* hart_save_preserved / hart_restore_preserved (the switcher's frames): the psABI's preserved
 * registers come back exactly, over whatever the callee left; the others keep the callee's */
TEST(hart_preserved_registers)
{
	struct env e = env_new(true, false);
	struct cap c[32], d[32];
	for (unsigned i = 1; i < 32; i++) {
		c[i] = cap_over(DATA + 0x100 * i, 0x40 + i, CAP_PERM_LOAD | CAP_PERM_STORE);
		c[i].addr += i;
		d[i] = cap_over(DATA + 0x80 * i, 0x20 + i, CAP_PERM_LOAD);
		hart_set_creg(e.h, i, &c[i]);
	}
	hart_set_x(e.h, 9, 4321);   /* s1: an integer among them */
	c[9] = cap_from_int(4321);
	for (unsigned i = 0; i < 32; i++)
		hart_set_f(e.h, i, 0x3ff0000000000000ULL + i);
	struct hart_saved sv;
	hart_save_preserved(e.h, &sv);
	/* the callee: every register something else (s2 an integer, s1 a capability) */
	for (unsigned i = 1; i < 32; i++)
		hart_set_creg(e.h, i, &d[i]);
	hart_set_x(e.h, 18, 77);
	for (unsigned i = 0; i < 32; i++)
		hart_set_f(e.h, i, 0x4000000000000000ULL + i);
	hart_restore_preserved(e.h, &sv);
	struct cap got;
	for (unsigned i = 1; i < 32; i++) {
		bool kept = HART_PSABI_SAVED_X >> i & 1;
		t_case("x%u (%s)", i, kept ? "preserved" : "the callee's");
		hart_get_creg(e.h, i, &got);
		struct cap want = kept ? c[i] : i == 18 ? cap_from_int(77) : d[i];
		T_TRUE(same_cap(&got, &want));
		T_EQ(hart_get_f(e.h, i), (HART_PSABI_SAVED_F >> i & 1 ? 0x3ff0000000000000ULL : 0x4000000000000000ULL) + i);
	}
	t_case("a load through a restored register uses its bounds");
	struct hart_trap t;
	/* capability mode: ld a0, 0x40(ra) = past ra's 0x41-byte bounds from offset 1 */
	T_EQ(step(&e, 0x0400b503u, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.cheri_cause, CAP_CAUSE_LENGTH);
	env_free(&e);
}

/* hart_clear_except's constant cases (straight-line stores): the switcher's return keeps the
 * psABI's preserved set, its call into a handler cVM ca0..ca6; exactly the registers outside
 * become NULL / 0 */
TEST(hart_clear_except_psabi)
{
	/* the switcher's two constant sets: the psABI's preserved registers (a return), and
	 * ca0..ca6 alone (a call into a handler cVM keeps the arguments) */
	static const uint32_t keep[2][2] = { { HART_PSABI_SAVED_X, HART_PSABI_SAVED_F }, { HART_ARGS_X, 0 } };
	for (unsigned k = 0; k < 2; k++) {
		struct env e = env_new(true, false);
		struct cap c[32], got;
		for (unsigned i = 1; i < 32; i++) {
			c[i] = cap_over(DATA + 0x100 * i, 0x40 + i, CAP_PERM_LOAD | CAP_PERM_STORE);
			hart_set_creg(e.h, i, &c[i]);
		}
		for (unsigned i = 0; i < 32; i++)
			hart_set_f(e.h, i, 0x3ff0000000000000ULL + i);
		hart_clear_except(e.h, keep[k][0], keep[k][1]);
		for (unsigned i = 1; i < 32; i++) {
			t_case("%s: x%u", k ? "arguments" : "psABI", i);
			hart_get_creg(e.h, i, &got);
			if (keep[k][0] >> i & 1)
				T_TRUE(same_cap(&got, &c[i]));
			else
				T_TRUE(!got.tag && got.addr == 0 && got.pesbt == CAP_NULL_PESBT);
		}
		for (unsigned i = 0; i < 32; i++) {
			t_case("%s: f%u", k ? "arguments" : "psABI", i);
			T_EQ(hart_get_f(e.h, i), keep[k][1] >> i & 1 ? 0x3ff0000000000000ULL + i : 0u);
		}
		env_free(&e);
	}
}

/* hart_prepare and its setters: the register and PCC hart_set_creg / hart_set_pcc would make */
TEST(hart_prepared_caps)
{
	struct env e = env_new(true, false);
	struct cap c = cap_over(DATA + 0x100, 0x41, CAP_PERM_LOAD | CAP_PERM_STORE), i = cap_from_int(77), got;
	c.addr += 1;
	struct hart_prepared pc, pi;
	hart_prepare(e.m, &c, &pc);
	hart_prepare(e.m, &i, &pi);
	t_case("a capability, an integer, c0");
	hart_set_creg_prepared(e.h, 1, &pc);
	hart_get_creg(e.h, 1, &got);
	T_TRUE(same_cap(&got, &c));
	hart_set_creg_prepared(e.h, 2, &pc);
	hart_set_creg_prepared(e.h, 2, &pi);
	hart_get_creg(e.h, 2, &got);
	T_TRUE(same_cap(&got, &i));
	hart_set_creg_prepared(e.h, 0, &pc);
	hart_get_creg(e.h, 0, &got);
	T_TRUE(!got.tag && got.addr == 0);
	t_case("a load through it uses its bounds");
	struct hart_trap t;
	/* capability mode: ld a0, 0x40(ra) = past ra's 0x41-byte bounds from offset 1 */
	T_EQ(step(&e, 0x0400b503u, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.cheri_cause, CAP_CAUSE_LENGTH);
	t_case("PCC");
	struct cap code = cap_over(CODE, 0x1000, CAP_PERM_EXECUTE | CAP_PERM_LOAD), mode;
	T_EQ(cap_set_flags(&mode, &code, 1, CAP_V9), 0);
	mode.addr = CODE + 8;
	struct hart_prepared pp;
	hart_prepare(e.m, &mode, &pp);
	hart_set_pcc_prepared(e.h, &pp);
	hart_get_pcc(e.h, &got);
	T_TRUE(same_cap(&got, &mode));
	env_free(&e);
}

/* The switcher's bulk forms (hart.h): exact register values after save, clear and restore. */
TEST(hart_bulk_registers)
{
	struct env e = env_new(true, false);
	struct cap c[32];
	for (unsigned i = 1; i < 32; i++) {
		c[i] = cap_over(DATA + 0x100 * i, 0x40 + i, CAP_PERM_LOAD | CAP_PERM_STORE);
		c[i].addr += i;
		hart_set_creg(e.h, i, &c[i]);
	}
	for (unsigned i = 0; i < 32; i++)
		hart_set_f(e.h, i, 0x3ff0000000000000ULL + i);
	hart_set_x(e.h, 7, 1234);   /* an integer (NULL-derived) among the capabilities */

	uint32_t mask = (1u << 1) | (1u << 2) | (1u << 7) | (1u << 31) | 1u;   /* bit 0 ignored */
	struct cap saved[32];
	t_case("save: ascending order, capabilities and integers as hart_get_creg gives them");
	T_EQ(hart_save_cregs(e.h, mask, saved), 4u);
	struct cap got;
	hart_get_creg(e.h, 2, &got);
	T_TRUE(same_cap(&saved[1], &got));
	T_TRUE(saved[0].tag && saved[0].base == DATA + 0x100 && saved[0].addr == DATA + 0x101);
	T_TRUE(!saved[2].tag && saved[2].addr == 1234 && saved[2].pesbt == CAP_NULL_PESBT);
	T_EQ(saved[3].base, DATA + 0x100 * 31);

	t_case("clear_except: kept registers unchanged, the others NULL / 0");
	hart_clear_except(e.h, (1u << 2) | (1u << 10), 1u << 8);
	hart_get_creg(e.h, 2, &got);
	T_TRUE(same_cap(&got, &c[2]));
	hart_get_creg(e.h, 10, &got);
	T_TRUE(same_cap(&got, &c[10]));
	for (unsigned i = 1; i < 32; i++) {
		if (i == 2 || i == 10)
			continue;
		hart_get_creg(e.h, i, &got);
		if (!T_TRUE(!got.tag && got.addr == 0 && got.pesbt == CAP_NULL_PESBT))
			break;
	}
	T_EQ(hart_get_f(e.h, 8), 0x3ff0000000000008ULL);
	T_EQ(hart_get_f(e.h, 9), 0u);
	T_EQ(hart_get_f(e.h, 0), 0u);

	t_case("restore: back exactly, in the same order");
	hart_restore_cregs(e.h, mask, saved);
	hart_get_creg(e.h, 1, &got);
	T_TRUE(same_cap(&got, &c[1]));
	hart_get_creg(e.h, 31, &got);
	T_TRUE(same_cap(&got, &c[31]));
	T_EQ(hart_get_x(e.h, 7), 1234u);
	hart_get_creg(e.h, 3, &got);
	T_TRUE(!got.tag);

	t_case("a load through a restored register uses its bounds (windows recomputed)");
	struct hart_trap t;
	/* capability mode: ld a0, 0x40(ra) = past ra's 0x41-byte bounds from offset 1 */
	T_EQ(step(&e, 0x0400b503u, &t), HART_EXIT_TRAP);
	T_EQ(t.cause, HART_CAUSE_CHERI);
	T_EQ(t.cheri_cause, CAP_CAUSE_LENGTH);
	env_free(&e);
}
