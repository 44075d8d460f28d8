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
 */
#include <pthread.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hart/jit.h"
#include "hart/x86.h"

#define JIT_BUF_SIZE  (16u << 20)
#define JIT_MAX_INSNS 64
/* bytes one block may take: two copies of at most ~130 bytes per instruction (a far transfer
 * with the write-back of 8 registers), one side stub and one back-edge stub per instruction
 * (~110), the tail: < 26 KiB; checked after every translation */
#define JIT_BLOCK_MAX (64u << 10)

struct jit {
	uint64_t blocks;   /* translations made (over all resets) */
	FILE *perf_map;    /* /tmp/perf-PID.map when INTRAVISOR_PERF_MAP is set */
	uint8_t *buf, *p, *code0;
	const uint8_t *exit;
	uint64_t (*enter)(struct hart *, const void *);
};

/* ---- what the translator knows of each instruction body ---- */
enum kind { K_NONE, K_ALUI, K_ALU, K_LUI, K_AUIPC, K_BR, K_JAL, K_JALR, K_LOAD, K_STORE, K_FENCE,
	    K_FLOAD, K_FSTORE, K_FOP, K_FMA, K_FMVXD, K_FMVDX, K_FSGNJ };
/* K_FOP: SSE2 opcode (addsd 0x58, mulsd 0x59, subsd 0x5c, divsd 0x5e); K_FMA: the FMA3 "231"
 * opcode giving the RISC-V operation; K_FSGNJ: 0 fsgnj, 1 fsgnjn, 2 fsgnjx */
enum { O_ADD, O_SLT, O_SLTU, O_XOR, O_OR, O_AND, O_SLL, O_SRL, O_SRA, O_SUB, O_ADDW, O_SUBW, O_SLLW,
       O_SRLW, O_SRAW, O_MUL, O_MULH, O_MULHU, O_DIV, O_DIVU, O_REM, O_REMU, O_MULW, O_DIVW,
       O_DIVUW, O_REMW, O_REMUW };

struct body_info {
	const char *name;
	uint8_t kind, op, size, sign, cap;
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
	{ "beq", K_BR, CC_E, 0, 0, 0 }, { "bne", K_BR, CC_NE, 0, 0, 0 }, { "blt", K_BR, CC_L, 0, 0, 0 },
	{ "bge", K_BR, CC_GE, 0, 0, 0 }, { "bltu", K_BR, CC_B, 0, 0, 0 }, { "bgeu", K_BR, CC_AE, 0, 0, 0 },
	{ "jal", K_JAL, 0, 0, 0, 0 }, { "jalr", K_JALR, 0, 0, 0, 0 }, { "fence", K_FENCE, 0, 0, 0, 0 },
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
}

/* ---- struct hart offsets used by the generated code ---- */
#define OFF_X(r)     ((int32_t)(offsetof(struct hart, x) + 8 * (size_t)(r)))
#define OFF_F(r)     ((int32_t)(offsetof(struct hart, f) + 8 * (size_t)(r)))
#define OFF_FRM      ((int32_t)offsetof(struct hart, frm))
#define OFF_CV(r)    ((int32_t)(offsetof(struct hart, cvalid) + (size_t)(r)))
#define OFF_CM(r, f) ((int32_t)(offsetof(struct hart, cm) + (size_t)(r) * sizeof(struct creg) + offsetof(struct creg, f)))
#define OFF_JCHUNK   ((int32_t)offsetof(struct hart, jchunk))
#define OFF_SITE     ((int32_t)offsetof(struct hart, jit_site))
#define OFF_GEN      ((int32_t)offsetof(struct hart, pcc_gen))
#define OFF_JC       ((int32_t)offsetof(struct hart, jc))

/* host registers that cache guest registers (rbp, r14, r15 are saved by the entry stub) */
static const int cache_regs[] = { RSI, RDI, R8, R9, R10, R11, RBP, R14 };
#define CHUNK R15   /* h->jchunk while translated code runs (a memory counter would chain loops) */
#define NCACHE ((int)(sizeof cache_regs / sizeof cache_regs[0]))

/* one decoded instruction of the block */
struct ti {
	uint64_t pc;
	struct body_info b;
	uint8_t len, rd, rs1, rs2;
	int32_t imm;
};

struct fixup {
	uint8_t *field;
	int kind;         /* FIX_SIDE: side exit before instruction i; FIX_NOBUDGET; FIX_LOOPNB */
	unsigned i;
};
enum { FIX_SIDE, FIX_NOBUDGET, FIX_LOOPNB };

struct tr {
	struct hart *h;
	const struct dpage *pg;
	struct em e;
	struct ti in[JIT_MAX_INSNS];
	unsigned n;
	uint64_t start, end;   /* pc of the first instruction, pc after the last */
	bool end_interp;       /* the instruction at `end` must be interpreted (not translatable) */
	int map[34];           /* guest register -> host register or NOREG */
	bool written[34], cv_done[34];
	/* Back edges (taken branches to the block's start) jump to a second copy of the body, the
	 * loop copy. cvin[copy][k]: registers whose cvalid is certainly clear when instruction k
	 * of that copy starts, over every way in (cv_flow); a write clears cvalid only when its
	 * register is not in the set, so a loop does not repeat the clears of its first round. */
	uint8_t *loopfix[2 * JIT_MAX_INSNS];
	unsigned nloop;
	uint64_t cvin[2][JIT_MAX_INSNS];
	bool has_loop;
	int copy;
	/* code of instruction k in the copy being emitted; forward jumps wait for it */
	uint8_t *lab[JIT_MAX_INSNS];
	struct fwd {
		uint8_t *field;
		unsigned k;
	} fwd[JIT_MAX_INSNS];
	unsigned nfwd;
	struct fixup fix[8 * JIT_MAX_INSNS + 16];
	unsigned nfix;
};

static void fixup(struct tr *t, uint8_t *field, int kind, unsigned i)
{
	t->fix[t->nfix++] = (struct fixup){ field, kind, i };
}
static void side_exit(struct tr *t, int cc, unsigned i) { fixup(t, x_jcc(&t->e, cc), FIX_SIDE, i); }

/* the host register holding guest r (r = 0: a zeroed scratch) */
static int rsrc(struct tr *t, unsigned r, int scratch)
{
	if (r == 0) {
		x_alu(&t->e, 0, ALU_XOR, scratch, scratch);
		return scratch;
	}
	if (t->map[r] != NOREG)
		return t->map[r];
	x_load64(&t->e, scratch, RBX, OFF_X(r));
	return scratch;
}

static void cv_clear(struct tr *t, unsigned rd)
{
	if (!t->cv_done[rd]) {
		x_store_imm8(&t->e, RBX, OFF_CV(rd), 0);
		t->cv_done[rd] = true;
	}
}

/* x[rd] = host register v (an integer write) */
static void set_rd(struct tr *t, unsigned rd, int v)
{
	if (rd == 0 || rd == REG_SINK)
		return;
	if (t->map[rd] != NOREG)
		x_mov(&t->e, t->map[rd], v);
	else
		x_store64(&t->e, RBX, OFF_X(rd), v);
	cv_clear(t, rd);
}
static void set_rd_imm(struct tr *t, unsigned rd, uint64_t v)
{
	if (rd == 0 || rd == REG_SINK)
		return;
	if (t->map[rd] != NOREG) {
		x_movi(&t->e, t->map[rd], v);
	} else {
		x_movi(&t->e, RDX, v);
		x_store64(&t->e, RBX, OFF_X(rd), RDX);
	}
	cv_clear(t, rd);
}

static void writeback(struct tr *t)
{
	for (unsigned r = 1; r < 32; r++)
		if (t->map[r] != NOREG && t->written[r])
			x_store64(&t->e, RBX, OFF_X(r), t->map[r]);
}

/* leave with "continue at target" (uncharged); site = the jump a later link may patch */
static void exit_continue(struct tr *t, uint64_t target, bool patchable)
{
	struct em *e = &t->e;
	if (patchable) {
		uint8_t *site = e->p;
		uint8_t *f = x_jmp(e);
		x_patch(f, e->p);
		x_movi(e, RAX, target);
		x_lea_rip(e, RDX, site);
		x_store64(e, RBX, OFF_SITE, RDX);
	} else {
		x_movi(e, RAX, target);
		x_store_imm64(e, RBX, OFF_SITE, 0);
	}
	fixup(t, x_jmp(e), -1, 0);   /* to the common exit, patched at the end */
}

static bool near(const struct tr *t, uint64_t target) { return target - t->pg->pc < MEM_PAGE_SIZE; }

static bool writes_rd(const struct ti *in);

/* the index of the block's instruction at pc, or -1 */
static int index_of(const struct tr *t, uint64_t pc)
{
	for (unsigned k = 0; k < t->n; k++)
		if (t->in[k].pc == pc)
			return (int)k;
	return -1;
}

/* refund the instructions after instruction i that a transfer by it skips */
static void refund_after(struct tr *t, unsigned i)
{
	if (t->n - i - 1)
		x_alui(&t->e, 1, ALU_ADD, CHUNK, (int32_t)(t->n - i - 1));
}

/* a transfer to the constant `target` by instruction i (after its condition held): link first
 * when the transfer cannot fail, otherwise only once the jump cache proved the target */
static void transfer(struct tr *t, unsigned i, uint64_t target, unsigned link_rd, uint64_t link)
{
	struct em *e = &t->e;
	if (near(t, target)) {
		/* the page lies wholly inside PCC: no target check */
		set_rd_imm(t, link_rd, link);
		int k = index_of(t, target);
		if (k == 0 || (k > 0 && (unsigned)k <= i)) {
			/* back to instruction k of this block: "n - p charged, not yet run" must hold
			 * at k again, so charge i + 1 - k; when that borrows, FIX_LOOPNB adds n - k,
			 * which leaves the refund of an exit before k */
			x_alui(e, 1, ALU_SUB, CHUNK, (int32_t)(i + 1 - (unsigned)k));
			fixup(t, x_jcc(e, CC_B), FIX_LOOPNB, (unsigned)k);
			if (k == 0)   /* the start: to the loop copy */
				t->loopfix[t->nloop++] = x_jmp(e);
			else
				x_patch(x_jmp(e), t->lab[(unsigned)k]);
			return;
		}
		if (k > 0) {
			/* forward to instruction k of this block: refund the skipped ones (cv_flow made
			 * k's cvalid state the meet of both ways in) */
			if ((unsigned)k - i - 1)
				x_alui(e, 1, ALU_ADD, CHUNK, (int32_t)((unsigned)k - i - 1));
			t->fwd[t->nfwd++] = (struct fwd){ x_jmp(e), (unsigned)k };
			return;
		}
		refund_after(t, i);
		writeback(t);
		const struct dop *o = &t->pg->ops[(target - t->pg->pc) >> 1];
		if (o->jit && o->jit != JIT_NONE) {
			x_patch(x_jmp(e), o->jit);
			return;
		}
		exit_continue(t, target, true);
		return;
	}
	/* another page: only through the jump cache */
	x_movi(e, RAX, target);
	x_movi(e, RCX, ((target >> 1) & (JC_SIZE - 1)) * sizeof(struct jc_entry));
	x_rm(e, 1, 0x3b, RAX, RBX, RCX, OFF_JC);
	side_exit(t, CC_NE, i);
	x_load64(e, RDX, RBX, OFF_GEN);
	x_rm(e, 1, 0x3b, RDX, RBX, RCX, OFF_JC + 8);
	side_exit(t, CC_NE, i);
	refund_after(t, i);
	set_rd_imm(t, link_rd, link);
	writeback(t);
	x_jmp_mi(e, RBX, RCX, OFF_JC + 16);
}

/* the host register an instruction computes rd into: rd's cache register, or rax */
static int dest(const struct tr *t, unsigned rd)
{
	return rd != 0 && rd != REG_SINK && t->map[rd] != NOREG ? t->map[rd] : RAX;
}
/* after computing into d = dest(rd): store (rax) or only mark the integer write */
static void finish(struct tr *t, unsigned rd, int d)
{
	if (d == RAX)
		set_rd(t, rd, RAX);
	else
		cv_clear(t, rd);
}

/* d = a op b, for ALU_* ops; w = 0: 32-bit, then sign-extended */
static void binop(struct tr *t, unsigned rd, int a, int b, int op, int w)
{
	struct em *e = &t->e;
	int d = dest(t, rd);
	if (d == b && d != a) {
		if (op == ALU_SUB) {   /* not commutative: go through rax */
			x_mov(e, RAX, a);
			x_alu(e, w, op, RAX, b);
			d = RAX;
		} else {
			x_alu(e, w, op, d, a);
		}
	} else {
		x_mov(e, d, a);
		x_alu(e, w, op, d, b);
	}
	if (!w)
		x_movsxd(e, d, d);
	if (d == RAX && dest(t, rd) != RAX)
		x_mov(e, dest(t, rd), RAX), d = dest(t, rd);
	finish(t, rd, d);
}

static void emit_alui(struct tr *t, const struct ti *in)
{
	struct em *e = &t->e;
	int a = rsrc(t, in->rs1, RCX), d = dest(t, in->rd);
	int32_t imm = in->imm;
	switch (in->b.op) {
	case O_ADD:
		if (in->rs1 == 0)
			x_movi(e, d, (uint64_t)(int64_t)imm);
		else if (imm == 0)
			x_mov(e, d, a);
		else
			x_lea(e, d, a, imm);
		break;
	case O_SLT:
	case O_SLTU:
		x_alu(e, 0, ALU_XOR, RAX, RAX);
		x_alui(e, 1, ALU_CMP, a, imm);
		x_setcc(e, in->b.op == O_SLT ? CC_L : CC_B, RAX);
		x_mov(e, d, RAX);
		break;
	case O_XOR: x_mov(e, d, a); x_alui(e, 1, ALU_XOR, d, imm); break;
	case O_OR:  x_mov(e, d, a); x_alui(e, 1, ALU_OR, d, imm); break;
	case O_AND: x_mov(e, d, a); x_alui(e, 1, ALU_AND, d, imm); break;
	case O_SLL: x_mov(e, d, a); x_shi(e, 1, SH_SHL, d, (uint8_t)imm); break;
	case O_SRL: x_mov(e, d, a); x_shi(e, 1, SH_SHR, d, (uint8_t)imm); break;
	case O_SRA: x_mov(e, d, a); x_shi(e, 1, SH_SAR, d, (uint8_t)imm); break;
	case O_ADDW:
		if (imm == 0) {   /* sext.w */
			x_movsxd(e, d, a);
			break;
		}
		x_rm(e, 0, 0x8d, d, a, NOREG, imm);
		x_movsxd(e, d, d);
		break;
	case O_SLLW: x_mov32(e, d, a); x_shi(e, 0, SH_SHL, d, (uint8_t)imm); x_movsxd(e, d, d); break;
	case O_SRLW:   /* a shift by >= 1 leaves bit 31 clear: the 32-bit result is the sign extension */
		x_mov32(e, d, a);
		x_shi(e, 0, SH_SHR, d, (uint8_t)imm);
		if (imm == 0)
			x_movsxd(e, d, d);
		break;
	case O_SRAW: x_mov32(e, d, a); x_shi(e, 0, SH_SAR, d, (uint8_t)imm); x_movsxd(e, d, d); break;
	}
	finish(t, in->rd, d);
}

static void emit_alu(struct tr *t, unsigned i, const struct ti *in)
{
	struct em *e = &t->e;
	int d = dest(t, in->rd);
	switch (in->b.op) {
	case O_ADD: case O_SUB: case O_XOR: case O_OR: case O_AND: case O_ADDW: case O_SUBW: {
		static const int alu[] = { [O_ADD] = ALU_ADD, [O_SUB] = ALU_SUB, [O_XOR] = ALU_XOR, [O_OR] = ALU_OR,
					   [O_AND] = ALU_AND, [O_ADDW] = ALU_ADD, [O_SUBW] = ALU_SUB };
		int a = rsrc(t, in->rs1, RCX), b = rsrc(t, in->rs2, RDX);
		binop(t, in->rd, a, b, alu[in->b.op], !(in->b.op == O_ADDW || in->b.op == O_SUBW));
		return;
	}
	case O_SLT:
	case O_SLTU: {
		int a = rsrc(t, in->rs1, RCX), b = rsrc(t, in->rs2, RDX);
		x_alu(e, 0, ALU_XOR, RAX, RAX);
		x_alu(e, 1, ALU_CMP, a, b);
		x_setcc(e, in->b.op == O_SLT ? CC_L : CC_B, RAX);
		x_mov(e, d, RAX);
		break;
	}
	case O_SLL: case O_SRL: case O_SRA: case O_SLLW: case O_SRLW: case O_SRAW: {
		static const int sh[] = { [O_SLL] = SH_SHL, [O_SRL] = SH_SHR, [O_SRA] = SH_SAR,
					  [O_SLLW] = SH_SHL, [O_SRLW] = SH_SHR, [O_SRAW] = SH_SAR };
		bool w = in->b.op >= O_SLLW;
		int a = rsrc(t, in->rs1, RAX), b = rsrc(t, in->rs2, RDX);
		x_mov(e, RCX, b);   /* b is rdx or a cache register, d never rcx */
		x_mov(e, d, a);
		x_shcl(e, !w, sh[in->b.op], d);   /* x86 masks the count by 63 / 31, as RISC-V does */
		if (w)
			x_movsxd(e, d, d);
		break;
	}
	case O_MUL: case O_MULW: {
		bool w = in->b.op == O_MULW;
		int a = rsrc(t, in->rs1, RCX), b = rsrc(t, in->rs2, RDX);
		if (d == b && d != a) {
			x_imul(e, !w, d, a);
		} else {
			x_mov(e, d, a);
			x_imul(e, !w, d, b);
		}
		if (w)
			x_movsxd(e, d, d);
		break;
	}
	case O_MULH: case O_MULHU: {
		int a = rsrc(t, in->rs1, RCX), b = rsrc(t, in->rs2, RDX);
		x_mov(e, RAX, a);
		x_grp3(e, 1, in->b.op == O_MULH ? 5 : 4, b);   /* rdx:rax = rax * b */
		x_mov(e, d, RDX);
		break;
	}
	default: {   /* divisions: 0 (and -1 when signed) divisors go to the interpreter */
		int a = rsrc(t, in->rs1, RCX), b = rsrc(t, in->rs2, RDX);
		bool sgn = in->b.op == O_DIV || in->b.op == O_REM || in->b.op == O_DIVW || in->b.op == O_REMW;
		bool w = in->b.op >= O_DIVW;
		bool rem = in->b.op == O_REM || in->b.op == O_REMU || in->b.op == O_REMW || in->b.op == O_REMUW;
		x_mov(e, RAX, a);
		x_mov(e, RCX, b);
		x_rr(e, !w, 0x85, RCX, RCX);
		side_exit(t, CC_E, i);
		if (sgn) {
			x_alui(e, !w, ALU_CMP, RCX, -1);
			side_exit(t, CC_E, i);
			if (w)
				x_cdq(e);
			else
				x_cqo(e);
		} else {
			x_alu(e, 0, ALU_XOR, RDX, RDX);
		}
		x_grp3(e, !w, sgn ? 7 : 6, RCX);
		int res = rem ? RDX : RAX;
		if (w)
			x_movsxd(e, res, res);
		x_mov(e, d, res);
		break;
	}
	}
	finish(t, in->rd, d);
}

/* ea -> rax, the checks of the interpreter's fast path, then the access */
static void emit_mem(struct tr *t, unsigned i, const struct ti *in, bool store)
{
	struct em *e = &t->e;
	unsigned size = in->b.size, auth = in->b.cap ? in->rs1 : REG_DDC;
	int a = rsrc(t, in->rs1, RCX);
	if (in->imm)
		x_lea(e, RAX, a, in->imm);
	else
		x_mov(e, RAX, a);
	if (in->b.cap) {
		x_cmp8_m(e, RBX, OFF_CV(auth), 0);
		side_exit(t, CC_E, i);
	}
	/* ea - base < window (window = 0 unless tagged, unsealed, permitted; clipped to mem);
	 * translations assume DDC's base as it was (jit_ddc_base, checked on entry by exec.c):
	 * with base 0 the subtraction goes */
	int32_t win = store ? OFF_CM(auth, swin) : OFF_CM(auth, lwin);
	if (auth == REG_DDC && t->h->cm[REG_DDC].base == 0) {
		x_rm(e, 1, 0x3b, RAX, RBX, NOREG, win);
	} else {
		x_mov(e, RCX, RAX);
		x_rm(e, 1, 0x2b, RCX, RBX, NOREG, OFF_CM(auth, base));
		x_rm(e, 1, 0x3b, RCX, RBX, NOREG, win);
	}
	side_exit(t, CC_AE, i);
	if (size > 1) {   /* naturally aligned (so within one page); others: the interpreter */
		x_test_al(e, (uint8_t)(size - 1));
		side_exit(t, CC_NE, i);
	}
	x_mov(e, RCX, RAX);
	x_shi(e, 1, SH_SHR, RCX, MEM_PAGE_SHIFT);
	if (store) {   /* only plain pages: no tags to clear, no decoded code */
		x_cmp8_bi(e, R13, RCX, MEM_PAGE_MAPPED);
		side_exit(t, CC_NE, i);
		int v;
		if (in->b.kind == K_FSTORE) {   /* fsw stores the low 32 bits as they are */
			x_load64(e, RDX, RBX, OFF_F(in->rs2));
			v = RDX;
		} else {
			v = rsrc(t, in->rs2, RDX);
		}
		x_store_bi(e, R12, RAX, v, size);
	} else if (in->b.kind == K_FLOAD) {
		x_test8_bi(e, R13, RCX, MEM_PAGE_MAPPED);
		side_exit(t, CC_E, i);
		x_load_bi(e, RDX, R12, RAX, size, 0);
		if (size == 4) {   /* NaN-boxed */
			x_movi(e, RCX, 0xffffffff00000000ULL);
			x_alu(e, 1, ALU_OR, RDX, RCX);
		}
		x_store64(e, RBX, OFF_F(in->rd), RDX);
	} else {
		x_test8_bi(e, R13, RCX, MEM_PAGE_MAPPED);
		side_exit(t, CC_E, i);
		int d = dest(t, in->rd);
		x_load_bi(e, d, R12, RAX, size, in->b.sign);
		finish(t, in->rd, d);
	}
}

/* D arithmetic on the host: only when the rounding mode is one the host has and equals frm
 * (the host's mode is frm's while a hart runs, fp.c), and only when the result is not a NaN
 * (RISC-V wants the canonical NaN, and FMA's invalid flag for inf * 0 + qNaN): otherwise the
 * interpreter runs it, before anything is written. fflags: the host's sticky flags, which the
 * interpreter's second go sets the same way. */
static void emit_fp(struct tr *t, unsigned i, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned rm = (unsigned)in->imm & 7;
	x_rm(e, 0, 0x8b, RAX, RBX, NOREG, OFF_FRM);   /* mov eax, [frm] */
	if (rm == 7) {
		x_alui(e, 0, ALU_CMP, RAX, 3);
		side_exit(t, CC_A, i);
	} else {
		x_alui(e, 0, ALU_CMP, RAX, (int32_t)rm);
		side_exit(t, CC_NE, i);
		if (rm > 3)
			side_exit(t, CC_E, i);
	}
	if (in->b.kind == K_FOP) {
		x_sse(e, 0xf2, 0x10, 0, RBX, OFF_F(in->rs1));        /* movsd xmm0, [a] */
		x_sse(e, 0xf2, in->b.op, 0, RBX, OFF_F(in->rs2));    /* op xmm0, [b] */
	} else {
		x_sse(e, 0xf2, 0x10, 0, RBX, OFF_F(((unsigned)in->imm >> 3) & 31));   /* xmm0 = c */
		x_sse(e, 0xf2, 0x10, 1, RBX, OFF_F(in->rs1));                         /* xmm1 = a */
		x_fma231(e, in->b.op, 0, 1, RBX, OFF_F(in->rs2));                   /* xmm0 = +-xmm1*b +- xmm0 */
	}
	x_sse_rr(e, 0x66, 0x2e, 0, 0);   /* ucomisd xmm0, xmm0: PF on NaN */
	side_exit(t, 0xa, i);             /* jp */
	x_sse(e, 0xf2, 0x11, 0, RBX, OFF_F(in->rd));   /* movsd [rd], xmm0 */
}

static void emit_insn(struct tr *t, unsigned i)
{
	struct em *e = &t->e;
	const struct ti *in = &t->in[i];
	switch (in->b.kind) {
	case K_ALUI: emit_alui(t, in); break;
	case K_ALU: emit_alu(t, i, in); break;
	case K_LUI: set_rd_imm(t, in->rd, (uint64_t)(int64_t)in->imm); break;
	case K_AUIPC: set_rd_imm(t, in->rd, in->pc + (uint64_t)(int64_t)in->imm); break;
	case K_FENCE: break;
	case K_LOAD: case K_FLOAD: emit_mem(t, i, in, false); break;
	case K_STORE: case K_FSTORE: emit_mem(t, i, in, true); break;
	case K_FOP: case K_FMA: emit_fp(t, i, in); break;
	case K_FMVXD: {
		int d = dest(t, in->rd);
		x_load64(e, d, RBX, OFF_F(in->rs1));
		finish(t, in->rd, d);
		break;
	}
	case K_FMVDX: {
		int a = rsrc(t, in->rs1, RCX);
		x_store64(e, RBX, OFF_F(in->rd), a);
		break;
	}
	case K_FSGNJ:   /* sign of rs2 (inverted, or xor-ed) onto rs1's magnitude */
		x_load64(e, RAX, RBX, OFF_F(in->rs1));
		x_load64(e, RDX, RBX, OFF_F(in->rs2));
		if (in->b.op == 1)
			x_grp3(e, 1, 2, RDX);   /* not */
		x_shi(e, 1, SH_SHR, RDX, 63);
		x_shi(e, 1, SH_SHL, RDX, 63);
		if (in->b.op != 2) {
			x_shi(e, 1, SH_SHL, RAX, 1);
			x_shi(e, 1, SH_SHR, RAX, 1);
			x_alu(e, 1, ALU_OR, RAX, RDX);
		} else {
			x_alu(e, 1, ALU_XOR, RAX, RDX);
		}
		x_store64(e, RBX, OFF_F(in->rd), RAX);
		break;
	case K_BR: {
		int a = rsrc(t, in->rs1, RCX), b = rsrc(t, in->rs2, RDX);
		x_alu(e, 1, ALU_CMP, a, b);
		uint8_t *skip = x_jcc(e, in->b.op ^ 1);
		/* the taken path may write back registers and cvalid: it leaves the block, so the
		 * fall-through path's static state is unchanged */
		bool cv[34];
		memcpy(cv, t->cv_done, sizeof cv);
		transfer(t, i, in->pc + (uint64_t)(int64_t)in->imm, REG_SINK, 0);
		memcpy(t->cv_done, cv, sizeof cv);
		x_patch(skip, e->p);
		break;
	}
	case K_JAL:
		transfer(t, i, in->pc + (uint64_t)(int64_t)in->imm, in->rd, in->pc + in->len);
		break;
	case K_JALR: {
		int a = rsrc(t, in->rs1, RCX);
		x_lea(e, RAX, a, in->imm);
		x_alui(e, 1, ALU_AND, RAX, -2);
		x_mov32(e, RCX, RAX);
		x_shi(e, 0, SH_SHR, RCX, 1);
		x_alui(e, 0, ALU_AND, RCX, JC_SIZE - 1);
		x_shi(e, 0, SH_SHL, RCX, 5);
		_Static_assert(sizeof(struct jc_entry) == 32, "jump cache entries are 32 bytes");
		x_rm(e, 1, 0x3b, RAX, RBX, RCX, OFF_JC);
		side_exit(t, CC_NE, i);
		x_load64(e, RDX, RBX, OFF_GEN);
		x_rm(e, 1, 0x3b, RDX, RBX, RCX, OFF_JC + 8);
		side_exit(t, CC_NE, i);
		set_rd_imm(t, in->rd, in->pc + in->len);
		writeback(t);
		x_jmp_mi(e, RBX, RCX, OFF_JC + 16);
		break;
	}
	}
}

/* decode the block; false if its first instruction is not translatable */
static bool scan(struct tr *t, unsigned slot)
{
	struct hart *h = t->h;
	uint64_t pc = t->pg->pc + 2 * (uint64_t)slot;
	t->start = pc;
	t->n = 0;
	t->end_interp = false;
	while (t->n < JIT_MAX_INSNS) {
		uint64_t off = pc - t->pg->pc;
		uint16_t lo, hi;
		if (off >= MEM_PAGE_SIZE)
			break;
		t->end_interp = true;
		if (mem_load16(h->m, pc, &lo) != MEM_OK)
			break;
		uint32_t insn = lo;
		if ((lo & 3) == 3) {
			if (off + 4 > MEM_PAGE_SIZE || mem_load16(h->m, pc + 2, &hi) != MEM_OK)
				break;
			insn |= (uint32_t)hi << 16;
		}
		struct decoded d;
		if (!hart_decode(insn, t->pg->capmode, &d))
			break;
		struct body_info b = info_of[d.id];
		bool mem = b.kind == K_LOAD || b.kind == K_STORE || b.kind == K_FLOAD || b.kind == K_FSTORE;
		if (b.kind == K_NONE || (mem && b.cap && d.rs1 == 0))
			break;
		t->end_interp = false;
		t->in[t->n++] = (struct ti){ .pc = pc, .b = b, .len = d.len, .rd = d.rd, .rs1 = d.rs1,
					     .rs2 = d.rs2, .imm = d.imm };
		pc += d.len;
		if (b.kind == K_JAL || b.kind == K_JALR)
			break;
	}
	t->end = pc;
	return t->n > 0;
}

static bool writes_rd(const struct ti *in)
{
	switch (in->b.kind) {
	case K_ALUI: case K_ALU: case K_LUI: case K_AUIPC: case K_LOAD: case K_JAL: case K_JALR: case K_FMVXD:
		return in->rd != 0 && in->rd != REG_SINK;
	}
	return false;
}
static bool reads_rs2(const struct ti *in) { return in->b.kind == K_ALU || in->b.kind == K_BR || in->b.kind == K_STORE; }
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
		if (writes_rd(in)) {
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
}

static void emit_exit_tail(struct tr *t, const uint8_t *exit)
{
	struct em *e = &t->e;
	uint8_t *side_stub[JIT_MAX_INSNS + 1] = { 0 };
	uint8_t *loopnb[JIT_MAX_INSNS] = { 0 };
	uint8_t *tail = NULL, *nobudget = NULL;
	for (unsigned k = 0; k < t->nfix; k++) {
		struct fixup *f = &t->fix[k];
		switch (f->kind) {
		case -1:
			x_patch(f->field, exit);
			break;
		case FIX_SIDE:
			if (!side_stub[f->i]) {
				side_stub[f->i] = e->p;
				x_movi(e, RAX, t->in[f->i].pc | 1);
				x_movi(e, RDX, t->n - f->i);
				if (tail)
					x_patch(x_jmp(e), tail);
				else {   /* the shared tail follows the first stub */
					tail = e->p;
					x_alu(e, 1, ALU_ADD, CHUNK, RDX);
					writeback(t);
					x_store_imm64(e, RBX, OFF_SITE, 0);
					x_patch(x_jmp(e), exit);
				}
			}
			x_patch(f->field, side_stub[f->i]);
			break;
		case FIX_NOBUDGET:
			if (!nobudget) {
				nobudget = e->p;
				x_alui(e, 1, ALU_ADD, CHUNK, (int32_t)t->n);
				x_movi(e, RAX, t->start);
				x_store_imm64(e, RBX, OFF_SITE, 0);
				x_patch(x_jmp(e), exit);
			}
			x_patch(f->field, nobudget);
			break;
		case FIX_LOOPNB:   /* a jump back to instruction i found no budget */
			if (!loopnb[f->i]) {
				loopnb[f->i] = e->p;
				x_alui(e, 1, ALU_ADD, CHUNK, (int32_t)(t->n - f->i));
				writeback(t);
				x_movi(e, RAX, t->in[f->i].pc);
				x_store_imm64(e, RBX, OFF_SITE, 0);
				x_patch(x_jmp(e), exit);
			}
			x_patch(f->field, loopnb[f->i]);
			break;
		}
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

/* cvin by iteration to the fixed point: in = meet (intersection) over the ways in of
 * (their in + the register they write); the block entry brings nothing, the loop copy's
 * start is reached by the back edges of both copies */
static void cv_flow(struct tr *t)
{
	uint64_t out[2][JIT_MAX_INSNS];
	t->has_loop = false;
	for (unsigned i = 0; i < t->n; i++)
		if (internal_target(t, i) == 0)
			t->has_loop = true;
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
				out[c][i] = t->cvin[c][i] | (writes_rd(x) ? 1ULL << x->rd : 0);
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

/* the instructions and the block's end (everything after the prologue) */
static void emit_body(struct tr *t)
{
	struct em *e = &t->e;
	t->nfwd = 0;
	for (unsigned i = 0; i < t->n; i++) {
		t->lab[i] = e->p;
		for (unsigned f = 0; f < t->nfwd; f++)
			if (t->fwd[f].k == i)
				x_patch(t->fwd[f].field, e->p);
		for (unsigned r = 0; r < 34; r++)
			t->cv_done[r] = t->cvin[t->copy][i] >> r & 1;
		emit_insn(t, i);
	}
	const struct ti *last = &t->in[t->n - 1];
	if (last->b.kind == K_JAL || last->b.kind == K_JALR)
		return;
	if (t->end_interp) {
		/* the next instruction needs the interpreter: a side exit with nothing to refund */
		writeback(t);
		x_movi(e, RAX, t->end | 1);
		x_store_imm64(e, RBX, OFF_SITE, 0);
		fixup(t, x_jmp(e), -1, 0);
	} else if (near(t, t->end)) {
		transfer(t, t->n - 1, t->end, REG_SINK, 0);
	} else {
		writeback(t);
		exit_continue(t, t->end, false);
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
	struct tr *t = calloc(1, sizeof *t);
	if (!t)
		return JIT_NONE;
	t->h = h;
	t->pg = pg;
	if (!scan(t, slot)) {
		free(t);
		return JIT_NONE;
	}
	allocate(t);
	struct em *e = &t->e;
	e->p = j->p;
	e->end = j->buf + JIT_BUF_SIZE;
	uint8_t *entry = e->p;
	x_alui(e, 1, ALU_SUB, CHUNK, (int32_t)t->n);
	fixup(t, x_jcc(e, CC_B), FIX_NOBUDGET, 0);
	for (unsigned r = 1; r < 32; r++)
		if (t->map[r] != NOREG)
			x_load64(e, t->map[r], RBX, OFF_X(r));
	cv_flow(t);
	t->copy = 0;
	emit_body(t);
	if (t->nloop) {
		uint8_t *body2 = e->p;
		t->copy = 1;
		emit_body(t);
		for (unsigned k = 0; k < t->nloop; k++)
			x_patch(t->loopfix[k], body2);
	}
	emit_exit_tail(t, j->exit);
	if (e->p - entry > (ptrdiff_t)JIT_BLOCK_MAX)
		abort();   /* the bound above is wrong: better stop than run over the buffer */
	if (j->perf_map) {   /* perf's JIT symbol map: samples land on "guest_<pc>" */
		fprintf(j->perf_map, "%llx %llx guest_%llx%s\n", (unsigned long long)(uintptr_t)entry,
			(unsigned long long)(e->p - entry), (unsigned long long)t->start, pg->capmode ? "_cap" : "");
		fflush(j->perf_map);
	}
	j->p = e->p;
	j->blocks++;
	free(t);
	return entry;
}

uint64_t hart_jit_blocks(const struct hart *h) { return h->jit ? h->jit->blocks : 0; }

void jit_link(struct hart *h, void *site, const void *code)
{
	(void)h;
	x_patch((uint8_t *)site + 1, code);
}

/* the entry stub (rdi = hart, rsi = code) and the common exit (rax = result) */
static void emit_stubs(struct jit *j)
{
	struct em e = { j->buf, j->buf + JIT_BUF_SIZE };
	j->enter = (uint64_t (*)(struct hart *, const void *))(void *)e.p;
	static const int saved[] = { RBX, RBP, R12, R13, R14, R15 };
	for (int k = 0; k < 6; k++)
		x_push(&e, saved[k]);
	x_alui(&e, 1, ALU_SUB, RSP, 8);
	x_mov(&e, RBX, RDI);
	x_load64(&e, R12, RBX, (int32_t)offsetof(struct hart, arena));
	x_load64(&e, R13, RBX, (int32_t)offsetof(struct hart, page_flags));
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

bool jit_init(struct hart *h)
{
	pthread_once(&info_once, info_init);
	struct jit *j = calloc(1, sizeof *j);
	if (!j)
		return false;
	void *b = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);
	if (b == MAP_FAILED) {
		free(j);
		return false;
	}
	j->buf = b;
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
	h->pcc_gen++;
	h->jit_full = false;
	h->jit_ddc_base = h->cm[REG_DDC].base;
	if (h->jit)
		h->jit->p = h->jit->code0;
}

void jit_free(struct hart *h)
{
	if (!h->jit)
		return;
	munmap(h->jit->buf, JIT_BUF_SIZE);
	if (h->jit->perf_map)
		fclose(h->jit->perf_map);
	free(h->jit);
	h->jit = NULL;
}
