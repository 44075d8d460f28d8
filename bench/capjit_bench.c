/* capjit_bench.c - capability-mode loops against their integer twins, translated and
 * interpreted, side by side in one run (issue 12: "copy loop / its integer twin", "cld sum
 * loop / integer twin").
 *
 *   copy: 16 bytes per element: clc + csc + 2 cincoffset (capability mode, half the granules
 *         tagged) against ld, ld, sd, sd + 2 addi (integer mode, DDC); + counter and branch
 *   sum:  8 bytes per element: cld + add + cincoffset (capability mode) against ld + add + addi
 *         (integer mode); + counter and branch
 *   sum4: the same unrolled: 4 cld through one capability, 4 adds, one cincoffset per 4
 *         elements (the translator's shared check, jit.c group_checks) against 4 ld
 *   copy4: the stream copy (sdk/crt/stream.S): 4 cld through one capability and 4 csd through
 *         another, one cincoffset each per 4 elements, against 4 ld + 4 sd through DDC
 *   fill: 8 bytes per element into pages that hold tags (one tagged capability per page before
 *         the first round: the tag-bit test, and its clear once): csd + cincoffset against
 *         sd + addi; + counter and branch
 *   sum, narrow PCC: the sum loop under a PCC of its own 24 bytes (a function reached through a
 *         sentry bounded to itself: PCC covers part of a page), against the same integer twin
 *   call: a call to a function that keeps its return address on the stack (cjal, csc cra,
 *         clc cra, cret: the return through a capability CLC left undecoded) against jal, sd ra,
 *         ld ra, ret; + an add, the counter and the branch
 *   call, sentry: a call through a sentry bounded to the function (made once, before the
 *         loop), so PCC changes on the call and on the return, against jal, ret; + an add,
 *         the counter and the branch
 *   bounds: an object's capability made and used: csetbounds to 16 bytes at the cursor and a
 *         load of its second doubleword (an access the 16-byte window refuses: the exact
 *         check), against the load alone; + an add, the cursor, the counter and the branch
 * Each loop runs over a 64 KiB window (in cache) REPS times, the time per element is the best
 * of 5 rounds, the two translated twins' rounds alternating (3 for the interpreted columns); the
 * checksums of the two twins are compared. The process stays on the CPU it starts on. Usage: capjit_bench [REPS [ROW]] (REPS
 * default 200; ROW copy|sum|sum4|copy4|fill|sum 8 B, narrow|call|call, sentry|bounds: that row's capability-mode translated
 * loop alone, for perf)
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hart/hart.h"
#include "../tests/unit/rv_enc.h"

#define CODE   0x10000ULL
#define SRC    0x100000ULL
#define DST    0x200000ULL
#define WINDOW 0x10000ULL

enum { ZERO, T0 = 5, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A6 };
#define ADDI(rd, rs, imm)    ENC_I(0x13, 0, rd, rs, imm)
#define ADD(rd, a, b)        ENC_R(0x33, 0, 0, rd, a, b)
#define BNE(a, b, off)       ENC_B(1, a, b, off)
#define LD(rd, rs, imm)      ENC_I(0x03, 3, rd, rs, imm)
#define SD(rs2, rs1, imm)    ENC_S(3, rs1, rs2, imm)
#define CLC(rd, rs, imm)     ENC_I(0x0f, 2, rd, rs, imm)
#define CSC(rs2, rs1, imm)   ENC_S(4, rs1, rs2, imm)
#define CINCIMM(rd, rs, imm) ENC_I(0x5b, 1, rd, rs, imm)
#define JALR(rd, rs, imm)    ENC_I(0x67, 0, rd, rs, imm)
#define CSETBIMM(rd, rs, n)  ENC_I(0x5b, 2, rd, rs, n)
#define CSEALENTRY(rd, a)    ENC_R(0x5b, 0, 0x7f, rd, a, 0x11)
#define AUIPCC(rd, imm)      ((uint32_t)(imm) << 12 | (uint32_t)(rd) << 7 | 0x17)
#define NOP                  ADDI(ZERO, ZERO, 0)
#define JAL(rd, off) \
	((uint32_t)((off) >> 20 & 1) << 31 | (uint32_t)((off) >> 1 & 0x3ff) << 21 | (uint32_t)((off) >> 11 & 1) << 20 | \
	 (uint32_t)((off) >> 12 & 0xff) << 12 | (uint32_t)(rd) << 7 | 0x6f)
#define ECALL 0x00000073u
#define RA 1

/* a0 = source, a1 = destination, t0 = elements; result in a4 */
static const uint32_t k_copy_cap[] = {
	CLC(A2, A0, 0), CSC(A2, A1, 0), CINCIMM(A0, A0, 16), CINCIMM(A1, A1, 16),
	ADDI(T0, T0, -1), BNE(T0, ZERO, -20), ECALL,
};
static const uint32_t k_copy_int[] = {
	LD(A2, A0, 0), LD(A3, A0, 8), SD(A2, A1, 0), SD(A3, A1, 8), ADDI(A0, A0, 16), ADDI(A1, A1, 16),
	ADDI(T0, T0, -1), BNE(T0, ZERO, -28), ECALL,
};
static const uint32_t k_sum_cap[] = {
	LD(A2, A0, 0), ADD(A4, A4, A2), CINCIMM(A0, A0, 8), ADDI(T0, T0, -1), BNE(T0, ZERO, -16), ECALL,
};
/* the sum of 4 elements a step, 4 loads through one capability (the translator checks the
 * capability once for the four, jit.c group_checks) against 4 ld through DDC */
static const uint32_t k_sum4_cap[] = {
	LD(A2, A0, 0), LD(A3, A0, 8), LD(A5, A0, 16), LD(T1, A0, 24), ADD(A4, A4, A2), ADD(A4, A4, A3),
	ADD(A4, A4, A5), ADD(A4, A4, T1), CINCIMM(A0, A0, 32), ADDI(T0, T0, -4), BNE(T0, ZERO, -40), ECALL,
};
static const uint32_t k_sum4_int[] = {
	LD(A2, A0, 0), LD(A3, A0, 8), LD(A5, A0, 16), LD(T1, A0, 24), ADD(A4, A4, A2), ADD(A4, A4, A3),
	ADD(A4, A4, A5), ADD(A4, A4, T1), ADDI(A0, A0, 32), ADDI(T0, T0, -4), BNE(T0, ZERO, -40), ECALL,
};
/* the stream copy (sdk/crt/stream.S stream_copy): 4 cld through one capability, 4 csd through
 * another, one cincoffset each per 32 bytes, against ld/sd through DDC */
static const uint32_t k_copy4_cap[] = {
	LD(A2, A0, 0), LD(A3, A0, 8), LD(A5, A0, 16), LD(T1, A0, 24), SD(A2, A1, 0), SD(A3, A1, 8),
	SD(A5, A1, 16), SD(T1, A1, 24), CINCIMM(A0, A0, 32), CINCIMM(A1, A1, 32), ADDI(T0, T0, -4),
	BNE(T0, ZERO, -44), ECALL,
};
static const uint32_t k_copy4_int[] = {
	LD(A2, A0, 0), LD(A3, A0, 8), LD(A5, A0, 16), LD(T1, A0, 24), SD(A2, A1, 0), SD(A3, A1, 8),
	SD(A5, A1, 16), SD(T1, A1, 24), ADDI(A0, A0, 32), ADDI(A1, A1, 32), ADDI(T0, T0, -4),
	BNE(T0, ZERO, -44), ECALL,
};
static const uint32_t k_fill_cap[] = {
	SD(T0, A1, 0), CINCIMM(A1, A1, 8), ADDI(T0, T0, -1), BNE(T0, ZERO, -12), ECALL,
};
static const uint32_t k_fill_int[] = {
	SD(T0, A1, 0), ADDI(A1, A1, 8), ADDI(T0, T0, -1), BNE(T0, ZERO, -12), ECALL,
};
/* the caller: call f, count down; f: push ra at a0 (the source window: not checksummed), an add, pop it, return (in capability
 * mode jal/jalr are cjal/cjalr and the pushed return address a sentry) */
static const uint32_t k_call_cap[] = {
	JAL(RA, 16), ADDI(T0, T0, -1), BNE(T0, ZERO, -8), ECALL,
	CSC(RA, A0, 0), CINCIMM(A0, A0, 16), ADD(A4, A4, T0), CINCIMM(A0, A0, -16), CLC(RA, A0, 0), JALR(ZERO, RA, 0),
};
static const uint32_t k_call_int[] = {
	JAL(RA, 16), ADDI(T0, T0, -1), BNE(T0, ZERO, -8), ECALL,
	SD(RA, A0, 0), ADDI(A0, A0, 16), ADD(A4, A4, T0), ADDI(A0, A0, -16), LD(RA, A0, 0), JALR(ZERO, RA, 0),
};
/* a call through a sentry bounded to the function (PCC changes on the call and on the return:
 * jit_emit.c emit_cjalr_far), made once before the loop, against jal/ret */
static const uint32_t k_farcall_cap[] = {
	AUIPCC(A6, 0), CINCIMM(A6, A6, 0x20), CSETBIMM(A6, A6, 8), CSEALENTRY(A6, A6),
	JALR(RA, A6, 0), ADDI(T0, T0, -1), BNE(T0, ZERO, -8), ECALL,
	ADD(A4, A4, T0), JALR(ZERO, RA, 0),
};
static const uint32_t k_farcall_int[] = {
	NOP, NOP, NOP, NOP,
	JAL(RA, 16), ADDI(T0, T0, -1), BNE(T0, ZERO, -8), ECALL,
	ADD(A4, A4, T0), JALR(ZERO, RA, 0),
};
/* an object's capability made and used at once: csetbounds to 16 bytes at the cursor, a load
 * through it (the pattern of a bounded local or a field), against the load alone */
static const uint32_t k_bounds_cap[] = {
	CSETBIMM(A2, A0, 16), LD(A3, A2, 8), ADD(A4, A4, A3), CINCIMM(A0, A0, 16), ADDI(T0, T0, -1), BNE(T0, ZERO, -20), ECALL,
};
static const uint32_t k_bounds_int[] = {
	ADDI(A2, A0, 0), LD(A3, A2, 8), ADD(A4, A4, A3), ADDI(A0, A0, 16), ADDI(T0, T0, -1), BNE(T0, ZERO, -20), ECALL,
};
static const uint32_t k_sum_int[] = {
	LD(A2, A0, 0), ADD(A4, A4, A2), ADDI(A0, A0, 8), ADDI(T0, T0, -1), BNE(T0, ZERO, -16), ECALL,
};

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

struct env {
	struct mem *m;
	struct hart *h;
};

static struct env env_new(const uint32_t *code, size_t n, bool capmode, bool no_jit, bool dst_tags, bool narrow)
{
	struct env v;
	v.m = mem_new(1ULL << 24);
	if (!v.m || mem_map(v.m, CODE, 0x1000) != MEM_OK || mem_map(v.m, SRC, WINDOW) != MEM_OK ||
	    mem_map(v.m, DST, WINDOW) != MEM_OK || mem_write(v.m, CODE, code, n * 4) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = no_jit };
	v.h = hart_new(v.m, &opt);
	if (!v.h)
		abort();
	struct cap root = cap_root();
	for (uint64_t a = 0; a < WINDOW; a += 16) {   /* even granules: tagged capabilities */
		struct cap c = cap_build_from_root(&root, SRC + a, 16, CAP_PERMS_ALL);
		bool tag = !(a & 16);
		if (mem_store_cap(v.m, hart_mem_thread(v.h), SRC + a, tag ? c.addr : a, tag ? cap_to_mem_pesbt(&c) : a * 3,
				  tag) != MEM_OK)
			abort();
	}
	for (uint64_t a = 0; dst_tags && a < WINDOW; a += 0x1000)
		if (mem_store_cap(v.m, hart_mem_thread(v.h), DST + a, root.addr, cap_to_mem_pesbt(&root), true) != MEM_OK)
			abort();
	struct cap pcc = narrow ? cap_build_from_root(&root, CODE, n * 4, CAP_PERMS_ALL) : root;
	if (capmode && cap_set_flags(&pcc, &pcc, 1, CAP_V9))
		abort();
	pcc.addr = CODE;
	hart_set_pcc(v.h, &pcc);
	return v;
}

/* ns per element of one kernel, best of 3 */
static const struct cap *bench_caps(void)
{
	static struct cap c[2];
	struct cap root = cap_root();
	c[0] = cap_build_from_root(&root, SRC, WINDOW, CAP_PERMS_ALL);
	c[1] = cap_build_from_root(&root, DST, WINDOW, CAP_PERMS_ALL);
	return c;
}

/* one timed round of reps runs of the kernel: ns per element */
static double one_round(struct env *v, bool capmode, uint64_t elems, unsigned reps)
{
	const struct cap *c = bench_caps();
	double t0 = now_ns();
	for (unsigned r = 0; r < reps; r++) {
		if (capmode) {
			hart_set_creg(v->h, A0, &c[0]);
			hart_set_creg(v->h, A1, &c[1]);
		} else {
			hart_set_x(v->h, A0, SRC);
			hart_set_x(v->h, A1, DST);
		}
		hart_set_x(v->h, T0, elems);
		hart_set_x(v->h, A4, 0);
		hart_set_pc(v->h, CODE);
		struct hart_trap tr;
		if (hart_run(v->h, UINT64_MAX, &tr) != HART_EXIT_TRAP || tr.cause != HART_CAUSE_ECALL_U) {
			fprintf(stderr, "capjit_bench: the kernel did not end in its ecall\n");
			exit(1);
		}
	}
	return (now_ns() - t0) / ((double)reps * (double)elems);
}

/* the checksum of a finished environment (a4 and the destination window), which it frees */
static uint64_t env_done(struct env *v)
{
	uint64_t sum = hart_get_x(v->h, A4), h = 0;
	for (uint64_t a = 0; a < WINDOW; a += 8) {
		uint64_t w;
		if (mem_load64(v->m, DST + a, &w) != MEM_OK)
			abort();
		h = h * 31 + w;
	}
	hart_free(v->h);
	mem_free(v->m);
	return sum ^ h;
}

static double run(const uint32_t *code, size_t n, bool capmode, bool no_jit, bool dst_tags, bool narrow, uint64_t elems,
		  unsigned reps, uint64_t *sum)
{
	struct env v = env_new(code, n, capmode, no_jit, dst_tags, narrow);
	double best = 0;
	for (int round = 0; round < 3; round++) {
		double t = one_round(&v, capmode, elems, reps);
		best = round == 0 || t < best ? t : best;
	}
	*sum = env_done(&v);
	return best;
}

/* the translated twins in alternating rounds (a change of the machine's speed meets both), the
 * best of 5 each */
static void run_twins(const uint32_t *cap, size_t ncap, const uint32_t *intg, size_t nint, bool dst_tags, bool narrow,
		      uint64_t elems, unsigned reps, double *c, double *i, uint64_t *sc, uint64_t *si)
{
	struct env vc = env_new(cap, ncap, true, false, dst_tags, narrow), vi = env_new(intg, nint, false, false, dst_tags, false);
	for (int round = 0; round < 5; round++) {
		double tc = one_round(&vc, true, elems, reps), ti = one_round(&vi, false, elems, reps);
		*c = round == 0 || tc < *c ? tc : *c;
		*i = round == 0 || ti < *i ? ti : *i;
	}
	*sc = env_done(&vc);
	*si = env_done(&vi);
}

int main(int argc, char **argv)
{
	unsigned reps = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 200;
	/* both twins of a row on one CPU: the CPUs of a shared machine can differ in speed at the
	 * same time (here: up to 2x), and a ratio across two of them measures that */
	int cpu = sched_getcpu();
	if (cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof set, &set) != 0)
			perror("capjit_bench: sched_setaffinity (the twins may run on different CPUs)");
	}
	struct {
		const char *name;
		const uint32_t *cap, *intg;
		size_t ncap, nint;
		uint64_t elems;
		bool dst_tags, narrow;
	} rows[] = {
		{ "copy 16 B (clc/csc vs ld/sd)", k_copy_cap, k_copy_int, 7, 9, WINDOW / 16, false, false },
		{ "sum 8 B (cld vs ld)", k_sum_cap, k_sum_int, 6, 6, WINDOW / 8, false, false },
		{ "sum4 8 B (4 cld vs 4 ld)", k_sum4_cap, k_sum4_int, 12, 12, WINDOW / 8, false, false },
		{ "copy4 8 B (4 cld+4 csd vs ld/sd)", k_copy4_cap, k_copy4_int, 13, 13, WINDOW / 8, false, false },
		{ "fill 8 B, tags (csd vs sd)", k_fill_cap, k_fill_int, 5, 5, WINDOW / 8, true, false },
		{ "sum 8 B, narrow PCC", k_sum_cap, k_sum_int, 6, 6, WINDOW / 8, false, true },
		{ "call, ra on the stack", k_call_cap, k_call_int, 10, 10, WINDOW / 8, false, false },
		{ "call, sentry of its own bounds", k_farcall_cap, k_farcall_int, 10, 10, WINDOW / 8, false, false },
		{ "bounds 16 B (csetbounds+cld vs ld)", k_bounds_cap, k_bounds_int, 7, 7, WINDOW / 16, false, false },
	};
	if (argc > 2) {   /* one row's cap jit loop only (perf record) */
		for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
			if (!strncmp(rows[k].name, argv[2], strlen(argv[2]))) {
				uint64_t s;
				printf("%s: cap jit %.2f ns/element\n", rows[k].name,
				       run(rows[k].cap, rows[k].ncap, true, false, rows[k].dst_tags, rows[k].narrow, rows[k].elems,
					   reps, &s));
				return 0;
			}
		fprintf(stderr, "capjit_bench: ROW is the start of a row name (copy, sum, sum4, copy4, fill, sum 8 B, narrow, call, "
				"call, sentry, bounds)\n");
		return 2;
	}
	int bad = 0;
	printf("%-30s %10s %10s %8s %12s %12s\n", "loop (ns/element)", "cap jit", "int jit", "ratio", "cap interp",
	       "int interp");
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		uint64_t sc, si, sci, sii;
		bool dt = rows[k].dst_tags;
		bool nw = rows[k].narrow;
		double c = 0, i = 0;
		run_twins(rows[k].cap, rows[k].ncap, rows[k].intg, rows[k].nint, dt, nw, rows[k].elems, reps, &c, &i, &sc, &si);
		double ci = run(rows[k].cap, rows[k].ncap, true, true, dt, nw, rows[k].elems, reps / 10 + 1, &sci);
		double ii = run(rows[k].intg, rows[k].nint, false, true, dt, false, rows[k].elems, reps / 10 + 1, &sii);
		bool ok = sc == si && sc == sci && si == sii;
		bad |= !ok;
		printf("%-30s %10.2f %10.2f %7.2fx %12.2f %12.2f%s\n", rows[k].name, c, i, c / i, ci, ii,
		       ok ? "" : "  CHECKSUM MISMATCH");
	}
	return bad;
}
