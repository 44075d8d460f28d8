/* jit_priv.h - what the two halves of the block translator share: jit.c (scanning, register
 * choice, the cvalid dataflow, the buffer, the entry stub) and jit_emit.c (the x86 code of each
 * instruction, transfers, exits and stubs). */
#ifndef INTRAVISOR_HART_JIT_PRIV_H
#define INTRAVISOR_HART_JIT_PRIV_H

#include <stddef.h>
#include <string.h>

#include "hart/jit.h"
#include "hart/x86.h"

#define JIT_MAX_INSNS 64
#define JIT_MAX_FIX   (32 * JIT_MAX_INSNS + 16)
#define JIT_FIX_STEP  32   /* more fixups than one instruction or one stub adds */

/* ---- what the translator knows of each instruction body ---- */
enum kind { K_NONE, K_ALUI, K_ALU, K_LUI, K_AUIPC, K_BR, K_JAL, K_JALR, K_LOAD, K_STORE, K_FENCE,
	    K_FLOAD, K_FSTORE, K_FOP, K_FMA, K_FMVXD, K_FMVDX, K_FSGNJ, K_CAPOP, K_CINC, K_CMOVE, K_CLC, K_CSC, K_CGET,
	    K_CINVOKE, K_CCLEAR };   /* K_CINVOKE ends its block; both: jit_gate.c */
/* K_CAPOP: a body of jit_cap.c called from the translated code (op = its index there).
 * K_CINC: CIncOffset (op 0) / CIncOffsetImm (op 1) inline when the source is NULL-derived or
 * the move stays inside its bounds (struct creg rwin), else its jit_cap.c body; K_CMOVE: CMove;
 * K_CLC / K_CSC: capability-authorised CLC / CSC, inline for untagged data on pages without
 * code (jit_emit.c emit_clc, emit_csc); after the inline authority checks, tagged values and
 * pages with tags go through jit_capmem.c (one lean call), the rest through their jit_cap.c
 * bodies; K_CGET: CGetTag, CGetBase,
 * CGetOffset, CGetLen, CGetPerm, CGetSealed, CGetFlags (op: enum cget) from cvalid and cm.
 * CSetAddr is K_CINC op 2 (the new address from rs2). */
enum cget { CG_TAG, CG_BASE, CG_OFFSET, CG_LEN, CG_PERM, CG_SEALED, CG_FLAGS };
/* K_FOP: SSE2 opcode (addsd 0x58, mulsd 0x59, subsd 0x5c, divsd 0x5e); K_FMA: the FMA3 "231"
 * opcode giving the RISC-V operation; K_FSGNJ: 0 fsgnj, 1 fsgnjn, 2 fsgnjx */
enum { O_ADD, O_SLT, O_SLTU, O_XOR, O_OR, O_AND, O_SLL, O_SRL, O_SRA, O_SUB, O_ADDW, O_SUBW, O_SLLW,
       O_SRLW, O_SRAW, O_MUL, O_MULH, O_MULHU, O_DIV, O_DIVU, O_REM, O_REMU, O_MULW, O_DIVW,
       O_DIVUW, O_REMW, O_REMUW };

struct body_info {
	const char *name;
	uint8_t kind, op, size, sign, cap;
};

/* ---- struct hart offsets used by the generated code ---- */
#define OFF_X(r)     ((int32_t)(offsetof(struct hart, x) + 8 * (size_t)(r)))
#define OFF_F(r)     ((int32_t)(offsetof(struct hart, f) + 8 * (size_t)(r)))
#define OFF_FRM      ((int32_t)offsetof(struct hart, frm))
#define OFF_CV(r)    ((int32_t)(offsetof(struct hart, cvalid) + (size_t)(r)))
#define OFF_CM(r, f) ((int32_t)(offsetof(struct hart, cm) + (size_t)(r) * sizeof(struct creg) + offsetof(struct creg, f)))
#define OFF_PCC(f)   ((int32_t)(offsetof(struct hart, pcc) + offsetof(struct creg, f)))
#define OFF_JCHUNK   ((int32_t)offsetof(struct hart, jchunk))
#define OFF_SITE     ((int32_t)offsetof(struct hart, jit_site))
#define OFF_GEN      ((int32_t)offsetof(struct hart, pcc_gen))
#define OFF_JC       ((int32_t)offsetof(struct hart, jc))

#define CHUNK R15   /* h->jchunk while translated code runs (a memory counter would chain loops) */

/* one decoded instruction of the block */
struct ti {
	uint64_t pc;
	struct body_info b;
	uint8_t len, rd, rs1, rs2;
	int32_t imm;
};

struct fixup {
	uint8_t *field;
	int kind;         /* FIX_SIDE: side exit before instruction i; FIX_NOBUDGET; FIX_LOOPNB;
	                   * FIX_TAGSTORE: the out-of-line part of data store i to a page that is not
	                   * plain (jit_emit.c emit_mem), which jumps back to `resume`;
	                   * FIX_SETTLE: register `reg` in CV_LAZY gets its bounds (hart_settle_slow),
	                   * then back to `resume`; in any other state the check that jumped there
	                   * failed for good: on to `other`, or else the side exit before i (~0u:
	                   * reached only for CV_LAZY) */
	unsigned i;
	uint8_t *resume;
	unsigned reg;
	uint8_t *other;
	/* FIX_SETTLE of an access window (emit_mem): when set and the register is decoded, the
	 * exact check (jit_emit.c emit_bounds_exact) of [ea + blo, ea + blo + bspan) goes first, on to `pass`
	 * when it holds */
	uint8_t *pass;
	int32_t blo, bspan;
	bool bstore;
};
enum { FIX_SIDE, FIX_NOBUDGET, FIX_LOOPNB, FIX_TAGSTORE, FIX_SETTLE };

struct tr {
	struct hart *h;
	const struct dpage *pg;
	struct em e;
	struct ti in[JIT_MAX_INSNS];
	unsigned n;
	uint64_t start, end;   /* pc of the first instruction, pc after the last */
	bool end_interp;       /* the instruction at `end` must be interpreted (not translatable) */
	int map[34];           /* guest register -> host register or NOREG */
	int spare, spare2;     /* cache registers no guest register got (scratch), or NOREG */
	bool written[34], cv_done[34];
	/* Back edges (taken branches to the block's start) jump to a second copy of the body, the
	 * loop copy. cvin[copy][k]: registers whose cvalid is certainly clear when instruction k
	 * of that copy starts, over every way in (cv_flow); a write clears cvalid only when its
	 * register is not in the set, so a loop does not repeat the clears of its first round. */
	uint8_t *loopfix[2 * JIT_MAX_INSNS];
	unsigned nloop;
	uint64_t cvin[2][JIT_MAX_INSNS];
	int copy;
	/* code of instruction k in the copy being emitted; forward jumps wait for it */
	uint8_t *lab[JIT_MAX_INSNS];
	struct fwd {
		uint8_t *field;
		unsigned k;
	} fwd[JIT_MAX_INSNS];
	unsigned nfwd;
	unsigned nfix;
	/* jit_translate: at most max_n instructions (scan); emission stops (overflow) once the
	 * code passes `limit` or fix[] nears its end, checked before each instruction and each
	 * stub (jit_emit_room), and the block is made again with half as many */
	unsigned max_n;
	uint8_t *limit;
	bool overflow;
	bool link_cap;   /* the transfer being emitted links a sentry (CJAL, CJALR), not an integer */
	/* Checks shared by a run of data accesses through one capability (jit.c group_checks):
	 * the head (grp_member 0) proves ea - base < window for the lowest and the highest
	 * offset of its run, [grp_lo, grp_hi]; a member (grp_member 1) then skips its cvalid and
	 * window checks. A run holds only accesses of one direction through one register, no
	 * write to that register between them, and no other way in than through its head. */
	uint8_t grp_member[JIT_MAX_INSNS];
	int32_t grp_lo[JIT_MAX_INSNS], grp_hi[JIT_MAX_INSNS];
	uint8_t grp_size[JIT_MAX_INSNS];   /* the head's: its run's widest access, in bytes */
	/* last: jit_translate zeroes everything before it (fixup writes each entry it counts); a
	 * run's head store: up to 8 per copy of the body, the stubs' side exits included */
	struct fixup fix[JIT_MAX_FIX];
};

/* Room for one more instruction or stub: the code below t->limit (jit.c JIT_EMIT_STEP is more
 * than any one of them emits) and JIT_FIX_STEP entries left in fix[]; else t->overflow */
static inline bool jit_emit_room(struct tr *t)
{
	if (t->e.p > t->limit || t->nfix + JIT_FIX_STEP > JIT_MAX_FIX)
		t->overflow = true;
	return !t->overflow;
}

/* jit_cap.c: the capability instructions translated code calls (contract there) */
struct jit_cap_op {
	const char *name;
	uint64_t (*call)(struct hart *h, uint64_t fields, uint64_t pc);   /* 0 done, 1 leave */
	uint8_t writes;   /* rd: 0 not written, 1 an integer, 2 a capability */
};
const struct jit_cap_op *jit_cap_op_find(const char *body);
const struct jit_cap_op *jit_cap_op_at(unsigned k);
unsigned jit_cap_op_index(const struct jit_cap_op *o);
static inline uint64_t jit_cap_fields(unsigned rd, unsigned rs1, unsigned rs2, int32_t imm)
{
	return rd | rs1 << 8 | rs2 << 16 | (uint64_t)(uint32_t)imm << 32;
}

/* jit_capmem.c: CLC / CSC after the inline authority checks (contract there) */
extern const struct jit_cap_op jit_capmem_clc, jit_capmem_csc;

/* rd gets a value whose cvalid the translator does not know (a K_CAPOP result) */
static inline bool writes_cap(const struct ti *in)
{
	if (in->rd == 0 || in->rd == REG_SINK)
		return false;
	return (in->b.kind == K_CAPOP && jit_cap_op_at(in->b.op)->writes) || in->b.kind == K_CINC ||
	       in->b.kind == K_CMOVE || in->b.kind == K_CLC ||
	       ((in->b.kind == K_JAL || in->b.kind == K_JALR) && in->b.cap);   /* CJAL, CJALR: a sentry */
}

static inline bool writes_rd(const struct ti *in)
{
	switch (in->b.kind) {
	case K_JAL: case K_JALR:
		if (in->b.cap)
			return false;
		/* fall through */
	case K_ALUI: case K_ALU: case K_LUI: case K_AUIPC: case K_LOAD: case K_FMVXD: case K_CGET:
		return in->rd != 0 && in->rd != REG_SINK;
	}
	return false;
}

/* the index of the block's instruction at pc, or -1 */
static inline int index_of(const struct tr *t, uint64_t pc)
{
	for (unsigned k = 0; k < t->n; k++)
		if (t->in[k].pc == pc)
			return (int)k;
	return -1;
}

/* record a jump field to patch when the block's stubs are emitted */
static inline void fixup(struct tr *t, uint8_t *field, int kind, unsigned i)
{
	t->fix[t->nfix++] = (struct fixup){ .field = field, .kind = kind, .i = i };
}

/* jit_gate.c: CInvoke (through jit_cap_cinvoke: the target, or 1 = leave) and CClear */
void jit_emit_gate(struct tr *t, unsigned i, const struct ti *in);
uint64_t jit_cap_cinvoke(struct hart *h, uint64_t fields, uint64_t pc);
/* jit_cap.c: CJALR to another capability than PCC (jit_emit.c emit_cjalr_far): the interpreter's
 * body; the fields' bits 24..31 hold the instruction's length. The target, or 1 = leave */
uint64_t jit_cap_cjalr(struct hart *h, uint64_t fields, uint64_t pc);
uint64_t jit_cap_cjalr_lazy(struct hart *h, uint64_t fields, uint64_t pc);

/* jit_emit.c */
void jit_emit_body(struct tr *t);
void jit_emit_pcc_call(struct tr *t, unsigned i, uint64_t fields, uint64_t (*fn)(struct hart *, uint64_t, uint64_t));
void jit_emit_pcc_continue(struct tr *t);
/* every guest register the block wrote, from its host register to the hart */
void jit_emit_writeback(struct tr *t);
/* 64 bytes from [sb + sd] to [db + dd] through xmm0 (no guest state lives in xmm registers) */
void jit_copy64(struct em *e, int db, int32_t dd, int sb, int32_t sd);
/* the jump memos (hart_priv.h struct hart cimemo, cjmemo): rdx <- the entry at rbx + memo for
 * the key word in rcx (rcx clobbered); a hit with rdx = its entry, rax = the target: the PCC
 * and what follows from it (struct pcc_after at rdx + to), pc, then the jump cache */
void jit_emit_memo_entry(struct tr *t, int32_t memo);
void jit_emit_jump_memo_hit(struct tr *t, int32_t to);
void jit_emit_exit_tail(struct tr *t, const uint8_t *exit);

#endif
