/* jit.c - the block translator (contract in jit.h).
 *
 * A block: from an entry slot, up to JIT_MAX_INSNS translatable instructions of one page, ending
 * at a JAL/JALR, before the first instruction it cannot translate, or at the page end. Its code:
 *
 *   entry: sub r15, N; jb no_budget            charge the whole block (r15 = the budget chunk)
 *          load the cached guest registers      (up to 8, in host registers)
 *   body:  one short sequence per instruction. Invariant: before instruction p runs, N - p
 *          instructions are charged and not run. A taken branch out of the block refunds the
 *          rest; one to a later instruction of the block refunds the skipped ones; one back to
 *          instruction k charges i + 1 - k (and leaves when that borrows). Back edges to the
 *          entry go to a second copy of the body, the loop copy.
 *   stubs: side exits "interpret at pc_i": refund N - i, write the cached registers back
 *
 * Host registers: rbx = struct hart, r12 = arena, r13 = page_flags, r15 = budget chunk,
 * rax/rcx/rdx scratch, the rest cache guest registers. Every exit writes back every cached
 * register the block writes, and the prologue loads every cached register, so any exit leaves
 * x[] exact. An integer write clears the register's cvalid unless cv_flow proved it already
 * clear on every way into that instruction (so loops do not repeat the clears).
 * D arithmetic runs on the host's SSE2/FMA3 under the host rounding mode, which is frm's.
 *
 * W^X: the code buffer is one memfd mapped twice, read/write at buf (the translator writes
 * there) and read/execute at xbuf (harts run there); no mapping is ever writable and
 * executable. Everything inside jit.c and the emitter is in the writable view; what leaves
 * (entry points, op->jit, the enter stub, link sites) is in the executable view.
 */
#define _GNU_SOURCE /* memfd_create */
#include <pthread.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hart/jit_priv.h"

#define JIT_BUF_SIZE  (16u << 20)
/* bytes one block may take: free in the buffer before a translation starts. Emission stops
 * once the code passes JIT_BLOCK_MAX - JIT_EMIT_STEP, checked before each instruction and
 * each stub (jit_emit_room), and the block is made again with half as many instructions: one
 * instruction emits < 1 KiB (a CLC or CSC with its tagged-page path, ~0.7 KiB), one stub less.
 * A block of 49 CLCs in a loop (two copies) took 64.1 KiB, with ~0.6 KiB per instruction. */
#define JIT_BLOCK_MAX (64u << 10)
#define JIT_EMIT_STEP (8u << 10)
/* The loop copy starts on a 32-byte boundary: with it unaligned, where a loop body lands in
 * the buffer moved the sieve kernel by 7-10 % from block to block (AMD EPYC host) */
#define LOOP_ALIGN 32

struct jit {
	uint64_t blocks;   /* translations made (over all resets) */
	FILE *perf_map;    /* /tmp/perf-PID.map when INTRAVISOR_PERF_MAP is set */
	uint8_t *buf, *p, *code0;    /* writable view */
	uint8_t *xbuf;               /* executable view of the same memfd */
	const uint8_t *exit;         /* writable view */
	uint64_t (*enter)(struct hart *, const void *);
};

static const struct body_info bodies[] = {
	{ "addi", K_ALUI, O_ADD, 0, 0, 0 }, { "slti", K_ALUI, O_SLT, 0, 0, 0 }, { "sltiu", K_ALUI, O_SLTU, 0, 0, 0 },
	{ "xori", K_ALUI, O_XOR, 0, 0, 0 }, { "ori", K_ALUI, O_OR, 0, 0, 0 }, { "andi", K_ALUI, O_AND, 0, 0, 0 },
	{ "slli", K_ALUI, O_SLL, 0, 0, 0 }, { "srli", K_ALUI, O_SRL, 0, 0, 0 }, { "srai", K_ALUI, O_SRA, 0, 0, 0 },
	{ "addiw", K_ALUI, O_ADDW, 0, 0, 0 }, { "slliw", K_ALUI, O_SLLW, 0, 0, 0 },
	{ "srliw", K_ALUI, O_SRLW, 0, 0, 0 }, { "sraiw", K_ALUI, O_SRAW, 0, 0, 0 },
	{ "add", K_ALU, O_ADD, 0, 0, 0 }, { "sub", K_ALU, O_SUB, 0, 0, 0 }, { "sll", K_ALU, O_SLL, 0, 0, 0 },
	{ "slt", K_ALU, O_SLT, 0, 0, 0 }, { "sltu", K_ALU, O_SLTU, 0, 0, 0 }, { "xor", K_ALU, O_XOR, 0, 0, 0 },
	{ "srl", K_ALU, O_SRL, 0, 0, 0 }, { "sra", K_ALU, O_SRA, 0, 0, 0 }, { "or", K_ALU, O_OR, 0, 0, 0 },
	{ "and", K_ALU, O_AND, 0, 0, 0 }, { "addw", K_ALU, O_ADDW, 0, 0, 0 }, { "subw", K_ALU, O_SUBW, 0, 0, 0 },
	{ "sllw", K_ALU, O_SLLW, 0, 0, 0 }, { "srlw", K_ALU, O_SRLW, 0, 0, 0 }, { "sraw", K_ALU, O_SRAW, 0, 0, 0 },
	{ "mul", K_ALU, O_MUL, 0, 0, 0 }, { "mulh", K_ALU, O_MULH, 0, 0, 0 }, { "mulhu", K_ALU, O_MULHU, 0, 0, 0 },
	{ "div", K_ALU, O_DIV, 0, 0, 0 }, { "divu", K_ALU, O_DIVU, 0, 0, 0 }, { "rem", K_ALU, O_REM, 0, 0, 0 },
	{ "remu", K_ALU, O_REMU, 0, 0, 0 }, { "mulw", K_ALU, O_MULW, 0, 0, 0 }, { "divw", K_ALU, O_DIVW, 0, 0, 0 },
	{ "divuw", K_ALU, O_DIVUW, 0, 0, 0 }, { "remw", K_ALU, O_REMW, 0, 0, 0 },
	{ "remuw", K_ALU, O_REMUW, 0, 0, 0 },
	{ "lui", K_LUI, 0, 0, 0, 0 }, { "auipc", K_AUIPC, 0, 0, 0, 0 },
	/* integer results of capability registers: the address (imm 0), the difference */
	{ "cgetaddr", K_ALUI, O_ADD, 0, 0, 0 }, { "csub", K_ALU, O_SUB, 0, 0, 0 },
	{ "cincoffset", K_CINC, 0, 0, 0, 1 }, { "cincoffsetimm", K_CINC, 1, 0, 0, 1 }, { "cmove", K_CMOVE, 0, 0, 0, 1 },
	{ "lc_cap", K_CLC, 0, 16, 0, 1 }, { "sc_cap", K_CSC, 0, 16, 0, 1 }, { "csetaddr", K_CINC, 2, 0, 0, 1 },
	{ "cgettag", K_CGET, CG_TAG, 0, 0, 1 }, { "cgetbase", K_CGET, CG_BASE, 0, 0, 1 },
	{ "cgetoffset", K_CGET, CG_OFFSET, 0, 0, 1 }, { "cgetlen", K_CGET, CG_LEN, 0, 0, 1 },
	{ "cgetperm", K_CGET, CG_PERM, 0, 0, 1 }, { "cgetsealed", K_CGET, CG_SEALED, 0, 0, 1 },
	{ "cgetflags", K_CGET, CG_FLAGS, 0, 0, 1 },
	{ "beq", K_BR, CC_E, 0, 0, 0 }, { "bne", K_BR, CC_NE, 0, 0, 0 }, { "blt", K_BR, CC_L, 0, 0, 0 },
	{ "bge", K_BR, CC_GE, 0, 0, 0 }, { "bltu", K_BR, CC_B, 0, 0, 0 }, { "bgeu", K_BR, CC_AE, 0, 0, 0 },
	{ "jal", K_JAL, 0, 0, 0, 0 }, { "jalr", K_JALR, 0, 0, 0, 0 }, { "fence", K_FENCE, 0, 0, 0, 0 },
	/* their capability-mode forms (cap = 1): the link is a sentry of PCC; CJALR inline to a
	 * capability that is PCC itself, unsealed or as a sentry, through the interpreter's body to
	 * any other (jit_emit.c) */
	{ "cjal", K_JAL, 0, 0, 0, 1 }, { "cjalr", K_JALR, 0, 0, 0, 1 },
	{ "cinvoke", K_CINVOKE, 0, 0, 0, 1 }, { "cclear", K_CCLEAR, 0, 0, 0, 1 },   /* jit_gate.c */
	{ "lb_ddc", K_LOAD, 0, 1, 1, 0 }, { "lh_ddc", K_LOAD, 0, 2, 1, 0 }, { "lw_ddc", K_LOAD, 0, 4, 1, 0 },
	{ "ld_ddc", K_LOAD, 0, 8, 0, 0 }, { "lbu_ddc", K_LOAD, 0, 1, 0, 0 }, { "lhu_ddc", K_LOAD, 0, 2, 0, 0 },
	{ "lwu_ddc", K_LOAD, 0, 4, 0, 0 },
	{ "lb_cap", K_LOAD, 0, 1, 1, 1 }, { "lh_cap", K_LOAD, 0, 2, 1, 1 }, { "lw_cap", K_LOAD, 0, 4, 1, 1 },
	{ "ld_cap", K_LOAD, 0, 8, 0, 1 }, { "lbu_cap", K_LOAD, 0, 1, 0, 1 }, { "lhu_cap", K_LOAD, 0, 2, 0, 1 },
	{ "lwu_cap", K_LOAD, 0, 4, 0, 1 },
	{ "sb_ddc", K_STORE, 0, 1, 0, 0 }, { "sh_ddc", K_STORE, 0, 2, 0, 0 }, { "sw_ddc", K_STORE, 0, 4, 0, 0 },
	{ "sd_ddc", K_STORE, 0, 8, 0, 0 },
	{ "sb_cap", K_STORE, 0, 1, 0, 1 }, { "sh_cap", K_STORE, 0, 2, 0, 1 }, { "sw_cap", K_STORE, 0, 4, 0, 1 },
	{ "sd_cap", K_STORE, 0, 8, 0, 1 },
	/* D arithmetic with the host's SSE2/FMA3, F and D loads and stores, moves, sign injection */
	{ "flw_ddc", K_FLOAD, 0, 4, 0, 0 }, { "fld_ddc", K_FLOAD, 0, 8, 0, 0 },
	{ "flw_cap", K_FLOAD, 0, 4, 0, 1 }, { "fld_cap", K_FLOAD, 0, 8, 0, 1 },
	{ "fsw_ddc", K_FSTORE, 0, 4, 0, 0 }, { "fsd_ddc", K_FSTORE, 0, 8, 0, 0 },
	{ "fsw_cap", K_FSTORE, 0, 4, 0, 1 }, { "fsd_cap", K_FSTORE, 0, 8, 0, 1 },
	{ "fadd_d", K_FOP, 0x58, 0, 0, 0 }, { "fsub_d", K_FOP, 0x5c, 0, 0, 0 },
	{ "fmul_d", K_FOP, 0x59, 0, 0, 0 }, { "fdiv_d", K_FOP, 0x5e, 0, 0, 0 },
	{ "fmadd_d", K_FMA, 0xb9, 0, 0, 0 },    /* vfmadd231sd:  a*b + c */
	{ "fmsub_d", K_FMA, 0xbb, 0, 0, 0 },    /* vfmsub231sd:  a*b - c */
	{ "fnmsub_d", K_FMA, 0xbd, 0, 0, 0 },   /* vfnmadd231sd: -(a*b) + c */
	{ "fnmadd_d", K_FMA, 0xbf, 0, 0, 0 },   /* vfnmsub231sd: -(a*b) - c */
	{ "fmv_x_d", K_FMVXD, 0, 0, 0, 0 }, { "fmv_d_x", K_FMVDX, 0, 0, 0, 0 },
	{ "fsgnj_d", K_FSGNJ, 0, 0, 0, 0 }, { "fsgnjn_d", K_FSGNJ, 1, 0, 0, 0 }, { "fsgnjx_d", K_FSGNJ, 2, 0, 0, 0 },
};

static const char *const body_name[ID_COUNT] = {
#define INSN(id, body, ...) [ID_##id] = #body,
#include "hart/insns.def"
#undef INSN
};
static struct body_info info_of[ID_COUNT];
static pthread_once_t info_once = PTHREAD_ONCE_INIT;

static void info_init(void)
{
	bool fma = __builtin_cpu_supports("fma");
	for (unsigned id = 0; id < ID_COUNT; id++)
		for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
			if (!strcmp(body_name[id], bodies[b].name) && (bodies[b].kind != K_FMA || fma))
				info_of[id] = bodies[b];
	for (unsigned id = 0; id < ID_COUNT; id++) {
		const struct jit_cap_op *o = info_of[id].kind ? NULL : jit_cap_op_find(body_name[id]);
		if (o)
			info_of[id] = (struct body_info){ o->name, K_CAPOP, (uint8_t)jit_cap_op_index(o), 0, 0, 1 };
	}
}

/* host registers that cache guest registers (rbp, r14, r15 are saved by the entry stub) */
static const int cache_regs[] = { RSI, RDI, R8, R9, R10, R11, RBP, R14 };
#define NCACHE ((int)(sizeof cache_regs / sizeof cache_regs[0]))
/* decode the block; false if its first instruction is not translatable */
static bool scan(struct tr *t, unsigned slot)
{
	struct hart *h = t->h;
	uint64_t pc = t->pg->pc + 2 * (uint64_t)slot;
	t->start = pc;
	t->n = 0;
	t->end_interp = false;
	/* never longer than the interpreter's block from here (exec.c relies on it: a block that
	 * finds too little budget returns, and the interpreter's check must then fail too, or the
	 * two would hand the same pc back and forth). After a store into code they can differ:
	 * the decoded page is stale until the next flush, this scan reads memory now. */
	unsigned max = t->pg->ops[slot].blen < t->max_n ? t->pg->ops[slot].blen : t->max_n;
	while (t->n < max) {
		uint64_t off = pc - t->pg->pc;
		uint16_t lo, hi;
		if (off >= MEM_PAGE_SIZE)
			break;
		t->end_interp = true;
		/* outside the part of the page PCC covers (struct dpage): the interpreter raises it */
		if (off - t->pg->flo >= t->pg->fspan || mem_load16(h->m, pc, &lo) != MEM_OK)
			break;
		uint32_t insn = lo;
		if ((lo & 3) == 3) {
			/* across the end of PCC's part of the page, or of the page */
			if (off + 2 - t->pg->flo >= t->pg->fspan || mem_load16(h->m, pc + 2, &hi) != MEM_OK)
				break;
			insn |= (uint32_t)hi << 16;
		}
		struct decoded d;
		if (!hart_decode(insn, t->pg->capmode, &d))
			break;
		struct body_info b = info_of[d.id];
		bool mem = b.kind == K_LOAD || b.kind == K_STORE || b.kind == K_FLOAD || b.kind == K_FSTORE;
		/* with relocation r12/r13 hold the DDC view, not the arena: capability-authorised
		 * accesses are left to the interpreter */
		if (b.kind == K_NONE || (mem && b.cap && (d.rs1 == 0 || h->ddc_reloc)))
			break;
		/* a DDC write changes what translations assume (jit_ddc_*): the interpreter's */
		if (b.kind == K_CAPOP && !strcmp(b.name, "cspecialrw") && d.rs1 != 0)
			break;
		if (b.kind == K_CCLEAR && d.rs1 >> 3 == 0 && d.rd != REG_SINK && (d.rd & 1))   /* bit 0 of q 0: DDC */
			break;
		/* CJAL/CJALR links hold absolute addresses: not with a relocated PCC; a CJALR through
		 * c0 always traps */
		if ((b.kind == K_JAL || b.kind == K_JALR) && b.cap && (h->pcc_reloc || (b.kind == K_JALR && d.rs1 == 0)))
			break;
		t->end_interp = false;
		t->in[t->n++] = (struct ti){ .pc = pc, .b = b, .len = d.len, .rd = d.rd, .rs1 = d.rs1,
					     .rs2 = d.rs2, .imm = d.imm };
		pc += d.len;
		if (b.kind == K_JAL || b.kind == K_JALR || b.kind == K_CINVOKE)
			break;
	}
	t->end = pc;
	return t->n > 0;
}

static bool reads_rs2(const struct ti *in)
{
	return in->b.kind == K_ALU || in->b.kind == K_BR || in->b.kind == K_STORE || in->b.kind == K_CAPOP ||
	       (in->b.kind == K_CINC && in->b.op != 1) || in->b.kind == K_CSC;
}
static bool reads_rs1(const struct ti *in)
{
	switch (in->b.kind) {
	case K_LUI: case K_AUIPC: case K_JAL: case K_FENCE: case K_FOP: case K_FMA: case K_FMVXD: case K_FSGNJ:
		return false;
	}
	return true;
}

/* the most used guest registers get host registers */
static void allocate(struct tr *t)
{
	unsigned uses[34] = { 0 }, loop_end = 0;
	/* instructions up to the last back edge run once per round: they weigh more */
	for (unsigned i = 0; i < t->n; i++) {
		const struct ti *in = &t->in[i];
		if ((in->b.kind == K_BR || in->b.kind == K_JAL) && in->pc + (uint64_t)(int64_t)in->imm == t->start)
			loop_end = i + 1;
	}
	for (unsigned i = 0; i < t->n; i++) {
		const struct ti *in = &t->in[i];
		unsigned w = i < loop_end ? 16 : 1;
		if (reads_rs1(in))
			uses[in->rs1] += w;
		if (reads_rs2(in))
			uses[in->rs2] += w;
		if (writes_rd(in) || writes_cap(in)) {
			uses[in->rd] += w;
			t->written[in->rd] = true;
		}
	}
	uses[0] = 0;
	for (unsigned r = 0; r < 34; r++)
		t->map[r] = NOREG;
	for (int k = 0; k < NCACHE; k++) {
		unsigned best = 0;
		for (unsigned r = 1; r < 32; r++)
			if (uses[r] > uses[best])
				best = r;
		if (!uses[best])
			break;
		t->map[best] = cache_regs[k];
		uses[best] = 0;
	}
	uint32_t used = 0;   /* host registers, by number */
	for (unsigned r = 0; r < 34; r++)
		if (t->map[r] != NOREG)
			used |= 1u << t->map[r];
	t->spare = t->spare2 = NOREG;
	for (int k = NCACHE - 1; k >= 0 && t->spare2 == NOREG; k--) {
		if (used >> cache_regs[k] & 1)
			continue;
		if (t->spare == NOREG)
			t->spare = cache_regs[k];
		else
			t->spare2 = cache_regs[k];
	}
}

/* the block-internal target of instruction i (a branch or JAL to one of the block's
 * instructions), or -1 */
static int internal_target(const struct tr *t, unsigned i)
{
	const struct ti *in = &t->in[i];
	if (in->b.kind != K_BR && in->b.kind != K_JAL)
		return -1;
	return index_of(t, in->pc + (uint64_t)(int64_t)in->imm);
}

static bool cap_data_access(const struct ti *x, bool *store)
{
	*store = x->b.kind == K_STORE || x->b.kind == K_FSTORE;
	return x->b.cap && x->rs1 != 0 && (*store || x->b.kind == K_LOAD || x->b.kind == K_FLOAD);
}

/* an instruction that may lie inside a run: it changes no register but its rd */
static bool may_stand_between(uint8_t kind)
{
	switch (kind) {
	case K_ALU: case K_ALUI: case K_LUI: case K_AUIPC: case K_LOAD: case K_FLOAD: case K_STORE: case K_FSTORE:
		return true;
	}
	return false;
}

/* Runs of data accesses through one capability register that one check can cover (struct
 * tr grp_*): from a head, the later accesses of the same direction through the same register
 * join it while everything between them is an integer, load or store instruction that
 * writes no other register than its rd (not the authority; a member may write it, which ends
 * the run after it) and no instruction is a target of the block's branches. Other exits
 * (a member's own alignment or page check, a side exit of an instruction between) leave
 * before that instruction, with the head's proof still true for everything before it. */
static void group_checks(struct tr *t)
{
	bool target[JIT_MAX_INSNS] = { false };
	for (unsigned i = 0; i < t->n; i++) {
		int k = internal_target(t, i);
		if (k >= 0)
			target[k] = true;
	}
	for (unsigned i = 0; i < t->n; i++) {
		bool store, s2;
		t->grp_lo[i] = t->grp_hi[i] = t->in[i].imm;
		t->grp_size[i] = t->in[i].b.size;
		if (t->grp_member[i] || !cap_data_access(&t->in[i], &store))
			continue;
		unsigned a = t->in[i].rs1;
		if (writes_rd(&t->in[i]) && t->in[i].rd == a)
			continue;
		for (unsigned j = i + 1; j < t->n && !target[j]; j++) {
			const struct ti *x = &t->in[j];
			if (cap_data_access(x, &s2) && x->rs1 == a && s2 == store) {
				t->grp_member[j] = 1;
				t->grp_lo[i] = x->imm < t->grp_lo[i] ? x->imm : t->grp_lo[i];
				t->grp_hi[i] = x->imm > t->grp_hi[i] ? x->imm : t->grp_hi[i];
				t->grp_size[i] = x->b.size > t->grp_size[i] ? x->b.size : t->grp_size[i];
			} else if (!may_stand_between(x->b.kind)) {
				break;
			}
			if ((writes_rd(x) || writes_cap(x)) && x->rd == a)
				break;
		}
	}
}

/* cvin by iteration to the fixed point: in = meet (intersection) over the ways in of
 * (their in + the register they write); the block entry brings nothing, the loop copy's
 * start is reached by the back edges of both copies */
static void cv_flow(struct tr *t)
{
	uint64_t out[2][JIT_MAX_INSNS];
	for (int c = 0; c < 2; c++)
		for (unsigned k = 0; k < t->n; k++)
			t->cvin[c][k] = ~0ULL;
	for (bool changed = true; changed;) {
		changed = false;
		uint64_t in[2][JIT_MAX_INSNS];
		for (int c = 0; c < 2; c++)
			for (unsigned k = 0; k < t->n; k++)
				in[c][k] = ~0ULL;
		in[0][0] = 0;
		for (int c = 0; c < 2; c++)
			for (unsigned i = 0; i < t->n; i++) {
				const struct ti *x = &t->in[i];
				out[c][i] = (t->cvin[c][i] & ~(writes_cap(x) ? 1ULL << x->rd : 0)) |
					    (writes_rd(x) ? 1ULL << x->rd : 0);
				int k = internal_target(t, i);
				if (k == 0)
					in[1][0] &= out[c][i];
				else if (k > 0)
					in[c][k] &= out[c][i];
				if (x->b.kind != K_JAL && x->b.kind != K_JALR && i + 1 < t->n)
					in[c][i + 1] &= out[c][i];
			}
		for (int c = 0; c < 2; c++)
			for (unsigned k = 0; k < t->n; k++)
				if (in[c][k] != t->cvin[c][k]) {
					t->cvin[c][k] = in[c][k];
					changed = true;
				}
	}
}

void *jit_translate(struct hart *h, const struct dpage *pg, unsigned slot)
{
	struct jit *j = h->jit;
	if (!j)
		return JIT_NONE;
	if ((size_t)(j->buf + JIT_BUF_SIZE - j->p) < JIT_BLOCK_MAX) {
		h->jit_full = true;
		return JIT_NONE;
	}
	struct tr *t = malloc(sizeof *t);   /* 87 KiB, mostly fix[]: only what is used is touched */
	if (!t)
		return JIT_NONE;
	/* the emitters read the domain's constants from h: it must be pg's (exec.c checks) */
	if (!hart_dom_ok(h, pg))
		abort();
	struct em *e = &t->e;
	uint8_t *entry = j->p;
	for (unsigned max_n = JIT_MAX_INSNS;;) {
		memset(t, 0, offsetof(struct tr, fix));
		t->h = h;
		t->pg = pg;
		t->max_n = max_n;
		if (!scan(t, slot)) {
			free(t);
			return JIT_NONE;
		}
		allocate(t);
		e->p = entry;
		e->end = j->buf + JIT_BUF_SIZE;
		e->xdelta = j->xbuf - j->buf;
		t->limit = entry + JIT_BLOCK_MAX - JIT_EMIT_STEP;
		x_alui(e, 1, ALU_SUB, CHUNK, (int32_t)t->n);
		fixup(t, x_jcc(e, CC_B), FIX_NOBUDGET, 0);
		for (unsigned r = 1; r < 32; r++)
			if (t->map[r] != NOREG)
				x_load64(e, t->map[r], RBX, OFF_X(r));
		cv_flow(t);
		group_checks(t);
		t->copy = 0;
		jit_emit_body(t);
		if (t->nloop && !t->overflow) {
			x_align(e, LOOP_ALIGN);   /* the loop copy, where back edges land: a fetch-block start */
			uint8_t *body2 = e->p;
			t->copy = 1;
			jit_emit_body(t);
			for (unsigned k = 0; k < t->nloop; k++)
				x_patch(t->loopfix[k], body2);
		}
		if (!t->overflow)
			jit_emit_exit_tail(t, j->exit);
		if (!t->overflow)
			break;
		/* too much code for one block (guest code chooses it: long runs of CLC and CSC): the
		 * bytes written so far are dropped, the block is made again shorter */
		max_n = t->n / 2;
		if (max_n == 0) {
			free(t);
			return JIT_NONE;
		}
	}
	if (e->p - entry > (ptrdiff_t)JIT_BLOCK_MAX)
		abort();   /* JIT_EMIT_STEP is wrong: better stop than run over the buffer */
	if (j->perf_map) {   /* perf's JIT symbol map: samples land on "guest_<pc>" */
		fprintf(j->perf_map, "%llx %llx guest_%llx%s\n", (unsigned long long)(uintptr_t)(entry + e->xdelta),
			(unsigned long long)(e->p - entry), (unsigned long long)t->start, pg->capmode ? "_cap" : "");
		fflush(j->perf_map);
	}
	j->p = e->p;
	j->blocks++;
	free(t);
	return entry + (j->xbuf - j->buf); /* executable view */
}

uint64_t hart_jit_blocks(const struct hart *h) { return h->jit ? h->jit->blocks : 0; }

void jit_link(struct hart *h, void *site, const void *code)
{
	ptrdiff_t xdelta = h->jit->xbuf - h->jit->buf; /* site and code: executable view */
	x_patch((uint8_t *)site + 1 - xdelta, (const uint8_t *)code - xdelta);
}

bool jit_retire(struct hart *h, void *code, uint64_t pc)
{
	struct jit *j = h->jit;
	if (!j || (size_t)(j->buf + JIT_BUF_SIZE - j->p) < 64)
		return false;
	struct em e = { j->p, j->buf + JIT_BUF_SIZE, j->xbuf - j->buf };
	uint8_t *stub = e.p;
	x_movi(&e, RAX, pc);
	x_store_imm64(&e, RBX, OFF_SITE, 0);
	x_patch(x_jmp(&e), j->exit);
	j->p = e.p;
	/* the entry starts with the budget charge and its jcc (>= 10 bytes): a jmp fits */
	struct em at = { (uint8_t *)code - e.xdelta, j->buf + JIT_BUF_SIZE, e.xdelta };
	x_patch(x_jmp(&at), stub);
	return true;
}

/* the entry stub (rdi = hart, rsi = code) and the common exit (rax = result) */
static void emit_stubs(struct jit *j)
{
	struct em e = { j->buf, j->buf + JIT_BUF_SIZE, j->xbuf - j->buf };
	j->enter = (uint64_t (*)(struct hart *, const void *))(void *)(e.p + e.xdelta);
	static const int saved[] = { RBX, RBP, R12, R13, R14, R15 };
	for (int k = 0; k < 6; k++)
		x_push(&e, saved[k]);
	x_alui(&e, 1, ALU_SUB, RSP, 8);
	x_mov(&e, RBX, RDI);
	/* the DDC view (hart_priv.h): arena and page flags, DDC.base folded in when relocating */
	x_load64(&e, R12, RBX, (int32_t)offsetof(struct hart, ddc_arena));
	x_load64(&e, R13, RBX, (int32_t)offsetof(struct hart, ddc_pflags));
	x_load64(&e, CHUNK, RBX, OFF_JCHUNK);
	x_jmp_r(&e, RSI);
	j->exit = e.p;
	x_store64(&e, RBX, OFF_JCHUNK, CHUNK);
	x_alui(&e, 1, ALU_ADD, RSP, 8);
	for (int k = 5; k >= 0; k--)
		x_pop(&e, saved[k]);
	x_ret(&e);
	j->code0 = j->p = (uint8_t *)(((uintptr_t)e.p + 63) & ~(uintptr_t)63);
}

/* The two views of one memfd (W^X, see the top). The memfd is closed at once: the mappings
 * keep it alive, and the memory is released when both are unmapped. */
static bool map_code(struct jit *j)
{
	int fd = memfd_create("intravisor-jit", MFD_CLOEXEC);
	if (fd < 0)
		return false;
	void *w = MAP_FAILED, *x = MAP_FAILED;
	if (ftruncate(fd, JIT_BUF_SIZE) == 0) {
		w = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		x = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	}
	close(fd);
	if (w == MAP_FAILED || x == MAP_FAILED) {
		if (w != MAP_FAILED)
			munmap(w, JIT_BUF_SIZE);
		if (x != MAP_FAILED)
			munmap(x, JIT_BUF_SIZE);
		return false;
	}
	j->buf = w;
	j->xbuf = x;
	return true;
}

bool jit_init(struct hart *h)
{
	pthread_once(&info_once, info_init);
	struct jit *j = calloc(1, sizeof *j);
	if (!j)
		return false;
	if (!map_code(j)) {
		free(j);
		return false;
	}
	emit_stubs(j);
	if (getenv("INTRAVISOR_PERF_MAP")) {
		char fn[64];
		snprintf(fn, sizeof fn, "/tmp/perf-%d.map", (int)getpid());
		j->perf_map = fopen(fn, "a");
	}
	h->jit = j;
	h->jit_enter = j->enter;
	return true;
}

void jit_reset(struct hart *h)
{
	hart_gen_bump(h);
	h->jit_full = false;
	if (h->jit)
		h->jit->p = h->jit->code0;
}

void jit_free(struct hart *h)
{
	if (!h->jit)
		return;
	munmap(h->jit->buf, JIT_BUF_SIZE);
	munmap(h->jit->xbuf, JIT_BUF_SIZE);
	if (h->jit->perf_map)
		fclose(h->jit->perf_map);
	free(h->jit);
	h->jit = NULL;
}
