/* jit_emit.c - the x86-64 code of a translated block (layout and invariants: jit.c): one
 * emitter per instruction kind, transfers (in the block, chained, through the jump cache),
 * side exits and the stubs behind them. */
#include "hart/jit_priv.h"

static void side_exit(struct tr *t, int cc, unsigned i) { fixup(t, x_jcc(&t->e, cc), FIX_SIDE, i); }

/* A jump (cc) to a FIX_SETTLE stub for register r that comes back to `resume`; i: the side
 * exit when r is not CV_LAZY there, or ~0u when the jump is taken only for CV_LAZY. */
static void settle_jump(struct tr *t, int cc, unsigned i, unsigned r, uint8_t *resume)
{
	fixup(t, x_jcc(&t->e, cc), FIX_SETTLE, i);
	t->fix[t->nfix - 1].resume = resume;
	t->fix[t->nfix - 1].reg = r;
}

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

/* cm[rd] = the struct creg at rbx + src (cm[rs], or PCC): 64 bytes through xmm0; no guest
 * state lives in xmm registers */
static void copy_creg_from(struct em *e, unsigned rd, int32_t src)
{
	_Static_assert(sizeof(struct creg) == 64, "struct creg is four 16-byte moves");
	for (int32_t k = 0; k < 64; k += 16) {
		x_sse(e, 0xf3, 0x6f, 0, RBX, src + k);                  /* movdqu xmm0, [src + k] */
		x_sse(e, 0xf3, 0x7f, 0, RBX, OFF_CM(rd, pesbt) + k);    /* movdqu [cm[rd] + k], xmm0 */
	}
}
static void copy_creg(struct em *e, unsigned rd, unsigned rs) { copy_creg_from(e, rd, OFF_CM(rs, pesbt)); }

/* rd = a sentry of PCC at address link (CJAL, CJALR: cheri-riscv.md 5.9): PCC's metadata
 * with otype SENTRY, so no access windows; rax, rdx and xmm0 are clobbered, rcx is kept */
static void set_cap_link(struct tr *t, unsigned rd, uint64_t link)
{
	struct em *e = &t->e;
	if (rd == 0 || rd == REG_SINK)
		return;
	copy_creg_from(e, rd, OFF_PCC(pesbt));
	/* PCC is unsealed (translated code runs only then): clearing the otype's low bit makes
	 * CAP_OTYPE_UNSEALED into CAP_OTYPE_SENTRY */
	_Static_assert((CAP_OTYPE_UNSEALED & ~1u) == CAP_OTYPE_SENTRY, "sentry = unsealed - 1");
	_Static_assert(CAP_FIELD_otype_LO < 31, "the otype's low bit fits an imm32 mask");
	x_load64(e, RAX, RBX, OFF_CM(rd, pesbt));
	x_alui(e, 1, ALU_AND, RAX, (int32_t)~(1u << CAP_FIELD_otype_LO));
	x_store64(e, RBX, OFF_CM(rd, pesbt), RAX);
	x_store_imm64(e, RBX, OFF_CM(rd, lwin), 0);
	x_store_imm64(e, RBX, OFF_CM(rd, swin), 0);
	x_store_imm64(e, RBX, OFF_CM(rd, rwin), 0);
	x_store_imm8(e, RBX, OFF_CV(rd), 1);
	if (t->map[rd] != NOREG) {
		x_movi(e, t->map[rd], link);
	} else {
		x_movi(e, RDX, link);
		x_store64(e, RBX, OFF_X(rd), RDX);
	}
	t->cv_done[rd] = false;
}

/* the link of a jump: an integer, or a sentry while t->link_cap */
static void set_link(struct tr *t, unsigned rd, uint64_t link)
{
	if (t->link_cap)
		set_cap_link(t, rd, link);
	else
		set_rd_imm(t, rd, link);
}

static void writeback(struct tr *t)
{
	for (unsigned r = 1; r < 32; r++)
		if (t->map[r] != NOREG && t->written[r])
			x_store64(&t->e, RBX, OFF_X(r), t->map[r]);
}

void jit_emit_writeback(struct tr *t) { writeback(t); }

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

/* target lies in this page where PCC lets an instruction start (struct dpage flo, fspan): no
 * target check */
static bool near(const struct tr *t, uint64_t target) { return target - t->pg->pc - t->pg->flo < t->pg->fspan; }


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
		set_link(t, link_rd, link);
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
			x_patch(x_jmp(e), (const uint8_t *)o->jit - e->xdelta); /* o->jit: executable view */
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
	set_link(t, link_rd, link);
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

/* The tag of the granule at ea (rax) cleared when set, as mem.h's mem_store_tagged_inline does
 * before a data store: a plain byte store, which x86 makes visible before the data store that
 * follows. Clobbers rcx, rdx. */
static void clear_tag(struct em *e)
{
	x_mov(e, RCX, RAX);
	x_shi(e, 1, SH_SHR, RCX, 4);   /* the granule */
	x_load64(e, RDX, RBX, (int32_t)offsetof(struct hart, tag_bytes));
	x_cmp8_bi(e, RDX, RCX, 0);
	uint8_t *clear = x_jcc(e, CC_E);
	x_store_imm8_bi(e, RDX, RCX, 0);
	x_patch(clear, e->p);
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
	bool member = in->b.cap && t->grp_member[i];   /* the run's head checked (group_checks) */
	if (in->b.cap && !member) {
		x_cmp8_m(e, RBX, OFF_CV(auth), 0);
		side_exit(t, CC_E, i);
	}
	/* ea - base < window (window = 0 unless tagged, unsealed, permitted; clipped to mem);
	 * an integer-mode access compares with the DDC view (hart_priv.h), whose ddc_sub the
	 * translation took as it was (a domain constant: hart_dom_ok): 0 (DDC base 0, or
	 * relocation) drops the subtraction */
	if (auth == REG_DDC) {
		int32_t win = (int32_t)(store ? offsetof(struct hart, ddc_swin) : offsetof(struct hart, ddc_lwin));
		if (t->h->ddc_sub == 0) {
			x_rm(e, 1, 0x3b, RAX, RBX, NOREG, win);
		} else {
			x_mov(e, RCX, RAX);
			x_rm(e, 1, 0x2b, RCX, RBX, NOREG, (int32_t)offsetof(struct hart, ddc_sub));
			x_rm(e, 1, 0x3b, RCX, RBX, NOREG, win);
		}
		side_exit(t, CC_AE, i);
	} else if (!member) {
		/* the lowest and the highest offset of the run (one access: its own); a CV_LAZY
		 * authority (a loaded capability) settles and checks again */
		uint8_t *check = e->p;
		int32_t lo = t->grp_lo[i] - in->imm, hi = t->grp_hi[i] - in->imm;
		unsigned fx[2], nfx = 0;
		for (int k = 0; k < (lo == hi ? 1 : 2); k++) {
			x_lea(e, RCX, RAX, k ? hi : lo);
			x_rm(e, 1, 0x2b, RCX, RBX, NOREG, OFF_CM(auth, base));
			x_rm(e, 1, 0x3b, RCX, RBX, NOREG, store ? OFF_CM(auth, swin) : OFF_CM(auth, lwin));
			settle_jump(t, CC_AE, i, auth, check);
			fx[nfx++] = t->nfix - 1;
		}
		/* a decoded authority the window refused: the exact check, out of line, of the
		 * run's whole range (a lone access: its own bytes; a run: up to its highest offset
		 * plus its widest access) */
		for (unsigned k = 0; k < nfx; k++) {
			struct fixup *f = &t->fix[fx[k]];
			f->pass = e->p;
			f->blo = lo;
			f->bspan = hi - lo + t->grp_size[i];
			f->bstore = store;
		}
	}
	if (size > 1) {   /* naturally aligned (so within one page); others: the interpreter */
		x_test_al(e, (uint8_t)(size - 1));
		side_exit(t, CC_NE, i);
	}
	x_mov(e, RCX, RAX);
	x_shi(e, 1, SH_SHR, RCX, MEM_PAGE_SHIFT);
	if (store) {
		/* a plain page; or one with tags but no decoded code, where the granule's tag
		 * is cleared first when set (mem.h mem_store_tagged_inline: the same protocol step,
		 * the same plain byte store). The tags are indexed by absolute addresses: not with
		 * a relocated DDC view. An aligned access of <= 8 bytes lies in one granule. */
		bool tagged = auth != REG_DDC || !t->h->ddc_reloc;
		x_cmp8_bi(e, R13, RCX, MEM_PAGE_MAPPED);
		if (!tagged) {
			side_exit(t, CC_NE, i);
		} else {
			/* the plain page falls through; the rest is out of line (FIX_TAGSTORE, emitted
			 * with the block's stubs: emit_tagstore_tail), so the common store stays short */
			fixup(t, x_jcc(e, CC_NE), FIX_TAGSTORE, i);
			t->fix[t->nfix - 1].resume = e->p;
		}
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

/* call rax */
static void x_call_rax(struct em *e) { x_b(e, 0xff); x_modrr(e, 2, RAX); }

/* around a call out of translated code: push rax (keep_rax) and the caller-saved host registers
 * that hold guest registers, keeping rsp 16-byte aligned; pop_kept undoes it */
struct kept {
	int reg[7], n;
};
static struct kept push_kept(struct tr *t, bool keep_rax)
{
	static const int clobbered[] = { RSI, RDI, R8, R9, R10, R11 };
	struct kept k = { .n = 0 };
	if (keep_rax)
		k.reg[k.n++] = RAX;
	for (unsigned r = 1; r < 32; r++)
		for (int c = 0; c < 6; c++)
			if (t->map[r] == clobbered[c])
				k.reg[k.n++] = clobbered[c];
	for (int c = 0; c < k.n; c++)
		x_push(&t->e, k.reg[c]);
	if (k.n & 1)
		x_alui(&t->e, 1, ALU_SUB, RSP, 8);
	return k;
}
static void pop_kept(struct tr *t, const struct kept *k)
{
	if (k->n & 1)
		x_alui(&t->e, 1, ALU_ADD, RSP, 8);
	for (int c = k->n - 1; c >= 0; c--)
		x_pop(&t->e, k->reg[c]);
}

/* call fn(h, a1, a2) keeping the cache registers the call may clobber on the stack (and rax,
 * if keep_rax: then the result is lost); the stack is 16-byte aligned in translated code (the
 * entry stub made it so) and stays so at the call */
static void call_keeping(struct tr *t, uintptr_t fn, uint64_t a1, uint64_t a2, bool keep_rax)
{
	struct em *e = &t->e;
	struct kept k = push_kept(t, keep_rax);
	x_mov(e, RDI, RBX);
	x_movi(e, RSI, a1);
	x_movi(e, RDX, a2);
	x_movi(e, RAX, (uint64_t)fn);
	x_call_rax(e);
	pop_kept(t, &k);
}

/* A capability instruction: its jit_cap.c body, called with the registers it reads stored in
 * x[] (call_keeping). It returns 1 before any effect when the interpreter must run it (a
 * trap): then a side exit. A written rd is loaded again. */
static void emit_call_op(struct tr *t, unsigned i, const struct ti *in, const struct jit_cap_op *op)
{
	struct em *e = &t->e;
	if (in->rs1 && t->map[in->rs1] != NOREG)
		x_store64(e, RBX, OFF_X(in->rs1), t->map[in->rs1]);
	if (in->rs2 && in->rs2 < 32 && t->map[in->rs2] != NOREG)
		x_store64(e, RBX, OFF_X(in->rs2), t->map[in->rs2]);
	call_keeping(t, (uintptr_t)op->call, jit_cap_fields(in->rd, in->rs1, in->rs2, in->imm), in->pc, false);
	x_rr(e, 0, 0x85, RAX, RAX);
	side_exit(t, CC_NE, i);
	if (op->writes && in->rd && in->rd != REG_SINK) {
		if (t->map[in->rd] != NOREG)
			x_load64(e, t->map[in->rd], RBX, OFF_X(in->rd));
		t->cv_done[in->rd] = false;
	}
}
static void put_x(struct tr *t, unsigned rd, int v);

/* AUIPCC (cheri-riscv.md 5.4): PCC's metadata at address a = pc + imm when a lies inside PCC's
 * bounds (a - base < rwin, as for the inline CIncOffset: representable, and the precise check
 * of the body's CSetAddr says so too); else the body, which clears the tag when it must. PCC
 * is tagged and unsealed while translated code runs; not with a relocated PCC (the body's) */
static void emit_auipcc(struct tr *t, unsigned i, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned rd = in->rd;
	if (rd == 0 || rd == REG_SINK)
		return;
	x_movi(e, RAX, in->pc + (uint64_t)(int64_t)in->imm);
	x_mov(e, RDX, RAX);
	x_rm(e, 1, 0x2b, RDX, RBX, NOREG, OFF_PCC(base));   /* sub rdx, [pcc.base] */
	x_rm(e, 1, 0x3b, RDX, RBX, NOREG, OFF_PCC(rwin));   /* cmp rdx, [pcc.rwin] */
	uint8_t *slow = x_jcc(e, CC_AE);
	copy_creg_from(e, rd, OFF_PCC(pesbt));
	x_store_imm8(e, RBX, OFF_CV(rd), 1);
	put_x(t, rd, RAX);
	uint8_t *done = x_jmp(e);
	x_patch(slow, e->p);
	emit_call_op(t, i, in, jit_cap_op_at(in->b.op));
	x_patch(done, e->p);
	t->cv_done[rd] = false;
}

/* test byte [hwperms of cm[r]], bits: the permission bits tested here are all in the low byte
 * of the pesbt's hwperms field */
static void test_perm8(struct em *e, unsigned r, unsigned bits)
{
	_Static_assert(CAP_FIELD_hwperms_LO == 48, "hwperms start at byte 6 of pesbt");
	_Static_assert((CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | CAP_PERM_STORE_CAP | CAP_PERM_STORE_LOCAL_CAP |
			CAP_PERM_GLOBAL) < 0x100,
		       "in the low byte");
	x_rex(e, 0, 0, NOREG, RBX, 0);
	x_b(e, 0xf6);
	x_mem(e, 0, RBX, NOREG, OFF_CM(r, pesbt) + 6);
	x_b(e, (uint8_t)bits);
}

/* reg = the otype of cm[r], compared with unsealed (ZF set when unsealed) */
static void cmp_unsealed(struct em *e, unsigned r, int reg)
{
	x_load64(e, reg, RBX, OFF_CM(r, pesbt));
	x_shi(e, 1, SH_SHR, reg, CAP_FIELD_otype_LO);
	x_alui(e, 0, ALU_AND, reg, CAP_OTYPE_UNSEALED);
	x_alui(e, 0, ALU_CMP, reg, CAP_OTYPE_UNSEALED);
}

/* A scratch register for inline code: a cache register the block leaves unused (t->spare), else
 * r14 (a cache register: the entry stub saves it), whose guest value waits on the stack until
 * spare_put. Neither changes the flags. */
static int spare_get(struct tr *t)
{
	if (t->spare != NOREG)
		return t->spare;
	x_push(&t->e, R14);
	return R14;
}
static void spare_put(struct tr *t)
{
	if (t->spare == NOREG)
		x_pop(&t->e, R14);
}

/* CSetBounds, CSetBoundsExact, CSetBoundsImm (cheri-riscv.md 5.5) inline in the case of
 * hart_set_bounds_small: a decoded, tagged, unsealed c[rs1], a length below 2^12 (IE = 0: exact
 * at any address) whose [a, a + len) lies inside its bounds (a + len below 2^64 here): pesbt
 * with the new T and B fields, base a, top a + len, tag, and the windows of creg_windows (w =
 * min(len - 15 or 0, mem_lim - a or 0); lwin / swin with Permit_Load / Permit_Store; rwin = len
 * + 1, or 0 for len 0). Every other case calls the body, which does the checks in order. */
static void emit_csetbounds(struct tr *t, unsigned i, const struct ti *in, const struct jit_cap_op *op, bool imm)
{
	struct em *e = &t->e;
	unsigned rd = in->rd, rs = in->rs1;
	uint64_t len = imm ? (uint64_t)(int64_t)in->imm : 0;
	if (rd == 0 || rd == REG_SINK || rs == 0 || t->cv_done[rs] || len >= CAP_SMALL_LEN) {
		emit_call_op(t, i, in, op);
		return;
	}
	uint8_t *slow[9];
	unsigned n = 0;
	x_cmp8_m(e, RBX, OFF_CV(rs), CV_CAP);
	slow[n++] = x_jcc(e, CC_NE);
	x_cmp8_m(e, RBX, OFF_CM(rs, tag), 0);
	slow[n++] = x_jcc(e, CC_E);
	cmp_unsealed(e, rs, RCX);
	slow[n++] = x_jcc(e, CC_NE);
	if (!imm) {
		x_mov(e, RDX, rsrc(t, in->rs2, RDX));
		x_alui(e, 1, ALU_CMP, RDX, CAP_SMALL_LEN - 1);
		slow[n++] = x_jcc(e, CC_A);
	}
	x_mov(e, RAX, rsrc(t, rs, RAX));
	x_rm(e, 1, 0x3b, RAX, RBX, NOREG, OFF_CM(rs, base));   /* a >= base */
	slow[n++] = x_jcc(e, CC_B);
	x_mov(e, RCX, RAX);
	if (imm)
		x_alui(e, 1, ALU_ADD, RCX, (int32_t)len);
	else
		x_alu(e, 1, ALU_ADD, RCX, RDX);
	slow[n++] = x_jcc(e, CC_B);                            /* a + len past 2^64 */
	x_cmp8_m(e, RBX, OFF_CM(rs, top) + 8, 0);              /* top >= 2^64 (bit 64): above it */
	uint8_t *big = x_jcc(e, CC_NE);
	x_rm(e, 1, 0x3b, RCX, RBX, NOREG, OFF_CM(rs, top));    /* a + len <= top */
	slow[n++] = x_jcc(e, CC_A);
	x_patch(big, e->p);
	/* the result; rd may be rs: its pesbt is read before any field of rd is written */
	int s = spare_get(t);
	x_load64(e, s, RBX, OFF_CM(rs, pesbt));
	x_alui(e, 1, ALU_AND, s, (int32_t)~((1u << CAP_FIELD_otype_LO) - 1));   /* IE, T and B cleared */
	x_store64(e, RBX, OFF_CM(rd, base), RAX);
	x_store64(e, RBX, OFF_CM(rd, top), RCX);
	x_store_imm64(e, RBX, OFF_CM(rd, top) + 8, 0);
	x_alui(e, 0, ALU_AND, RCX, 0xfff);
	x_shi(e, 0, SH_SHL, RCX, CAP_FIELD_t_LO);
	x_alu(e, 1, ALU_OR, s, RCX);
	x_mov32(e, RCX, RAX);
	x_alui(e, 0, ALU_AND, RCX, 0x3fff);
	x_alu(e, 1, ALU_OR, s, RCX);
	x_store64(e, RBX, OFF_CM(rd, pesbt), s);
	x_store_imm8(e, RBX, OFF_CM(rd, tag), 1);
	/* rcx = w: mem_lim - a (0 past it), then at most len - 15 (0 under 16 bytes) */
	x_movi(e, RCX, t->h->mem_lim);
	x_alu(e, 1, ALU_SUB, RCX, RAX);
	uint8_t *below = x_jcc(e, CC_AE);
	x_alu(e, 0, ALU_XOR, RCX, RCX);
	x_patch(below, e->p);
	if (imm) {
		x_movi(e, s, len >= 16 ? len - 15 : 0);
	} else {
		x_lea(e, s, RDX, -15);
		x_alui(e, 1, ALU_CMP, RDX, 16);
		uint8_t *wide = x_jcc(e, CC_AE);
		x_alu(e, 0, ALU_XOR, s, s);
		x_patch(wide, e->p);
	}
	x_alu(e, 1, ALU_CMP, RCX, s);
	x_cmov(e, CC_A, RCX, s);
	static const unsigned perm[2] = { CAP_PERM_LOAD, CAP_PERM_STORE };
	static const int32_t win[2] = { offsetof(struct creg, lwin), offsetof(struct creg, swin) };
	for (int k = 0; k < 2; k++) {
		x_alu(e, 0, ALU_XOR, s, s);
		test_perm8(e, rd, perm[k]);
		x_cmov(e, CC_NE, s, RCX);
		x_store64(e, RBX, OFF_CM(rd, pesbt) + win[k], s);
	}
	if (imm) {
		x_store_imm64(e, RBX, OFF_CM(rd, rwin), (int32_t)(len ? len + 1 : 0));
	} else {
		x_lea(e, s, RDX, 1);
		x_rr(e, 1, 0x85, RDX, RDX);
		x_cmov(e, CC_E, s, RDX);
		x_store64(e, RBX, OFF_CM(rd, rwin), s);
	}
	spare_put(t);
	put_x(t, rd, RAX);
	x_store_imm8(e, RBX, OFF_CV(rd), CV_CAP);
	uint8_t *done = x_jmp(e);
	for (unsigned k = 0; k < n; k++)
		x_patch(slow[k], e->p);
	emit_call_op(t, i, in, op);
	x_patch(done, e->p);
	t->cv_done[rd] = false;
}

static void emit_capop(struct tr *t, unsigned i, const struct ti *in)
{
	const struct jit_cap_op *op = jit_cap_op_at(in->b.op);
	if (!strcmp(op->name, "auipcc") && !t->h->pcc_reloc)
		emit_auipcc(t, i, in);
	else if (!strcmp(op->name, "csetboundsimm"))
		emit_csetbounds(t, i, in, op, true);
	else if (!strcmp(op->name, "csetbounds") || !strcmp(op->name, "csetboundsexact"))
		emit_csetbounds(t, i, in, op, false);
	else
		emit_call_op(t, i, in, op);
}

/* x[rd] = host register v, leaving cvalid[rd] to the caller */
static void put_x(struct tr *t, unsigned rd, int v)
{
	if (t->map[rd] != NOREG)
		x_mov(&t->e, t->map[rd], v);
	else
		x_store64(&t->e, RBX, OFF_X(rd), v);
}

/* CIncOffset(Imm) and CSetAddr (cheri-riscv.md 5.4). Inline: a NULL-derived source (cvalid 0)
 * is an integer add (a move); a tagged, unsealed one moved to an address inside its bounds or
 * to top (a' - base < rwin, struct creg) keeps its metadata, which the fast representability check
 * would also say (test_cap_props), and so does the precise one of CSetAddr (the bounds decode
 * the same anywhere in the representable region, which holds the bounds). Anything else (sealed, untagged with metadata, leaving the
 * bounds) calls the jit_cap.c body, which does the check and clears the tag as the
 * interpreter does; CIncOffset cannot trap under v9. */
static void emit_cinc(struct tr *t, unsigned i, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned rd = in->rd, rs = in->rs1;
	if (rd == REG_SINK || rd == 0) {
		/* no result, but under legacy semantics a tagged, sealed cs1 traps (cheri-riscv.md 9)
		 * whatever rd is: the body decides (an integer cs1 never traps) */
		if (t->h->capsem == CAP_LEGACY && rs != 0 && !t->cv_done[rs])
			emit_call_op(t, i, in, jit_cap_op_find(in->b.name));
		return;
	}
	int a = rsrc(t, rs, RCX);
	if (in->b.op == 1) {
		x_lea(e, RAX, a, in->imm);
	} else if (in->b.op == 2) {   /* CSetAddr */
		x_mov(e, RAX, rsrc(t, in->rs2, RDX));
	} else {
		int b = rsrc(t, in->rs2, RDX);
		x_mov(e, RAX, a);
		x_alu(e, 1, ALU_ADD, RAX, b);
	}
	if (rs == 0) {   /* the NULL capability: an integer */
		set_rd(t, rd, RAX);
		return;
	}
	bool known_int = t->cv_done[rs];   /* cvalid[rs] certainly 0 here (cv_flow) */
	uint8_t *to_cap = NULL, *done[2] = { NULL, NULL };
	if (!known_int) {
		x_cmp8_m(e, RBX, OFF_CV(rs), 0);
		to_cap = x_jcc(e, CC_NE);
	}
	/* cvalid[rs] = 0: rd = rax, an integer */
	bool cv_before = t->cv_done[rd];
	put_x(t, rd, RAX);
	if (!t->cv_done[rd])
		x_store_imm8(e, RBX, OFF_CV(rd), 0);
	if (known_int) {
		t->cv_done[rd] = true;
		return;
	}
	done[0] = x_jmp(e);
	x_patch(to_cap, e->p);
	/* a tagged, unsealed capability moved into its bounds (a CV_LAZY one settles first) */
	uint8_t *check = e->p;
	x_mov(e, RDX, RAX);
	x_rm(e, 1, 0x2b, RDX, RBX, NOREG, OFF_CM(rs, base));
	x_rm(e, 1, 0x3b, RDX, RBX, NOREG, OFF_CM(rs, rwin));
	settle_jump(t, CC_AE, ~0u, rs, check);
	unsigned settle_fix = t->nfix - 1;
	if (rd != rs) {
		copy_creg(e, rd, rs);
		x_store_imm8(e, RBX, OFF_CV(rd), 1);
	}
	put_x(t, rd, RAX);
	done[1] = x_jmp(e);
	t->fix[settle_fix].other = e->p;
	t->cv_done[rd] = cv_before;
	emit_call_op(t, i, in, jit_cap_op_find(in->b.name));
	x_patch(done[0], e->p);
	x_patch(done[1], e->p);
	t->cv_done[rd] = false;
}

/* The checks every capability-authorised 16-byte access does first, all leaving to the
 * interpreter (which reports the first failing one in the order of cheri-riscv.md 4.4): the
 * authority's cvalid, then ea - base < window (tagged, unsealed, permitted, in bounds and below
 * mem_lim: creg_windows), then 16-byte alignment. Leaves ea in rax and rcx = ea >> 12, edx =
 * the page's flags. */
static void cap16_checks(struct tr *t, unsigned i, const struct ti *in, bool store)
{
	struct em *e = &t->e;
	int a = rsrc(t, in->rs1, RCX);
	x_lea(e, RAX, a, in->imm);
	x_cmp8_m(e, RBX, OFF_CV(in->rs1), 0);
	side_exit(t, CC_E, i);
	uint8_t *check = e->p;
	x_mov(e, RCX, RAX);
	x_rm(e, 1, 0x2b, RCX, RBX, NOREG, OFF_CM(in->rs1, base));
	x_rm(e, 1, 0x3b, RCX, RBX, NOREG, store ? OFF_CM(in->rs1, swin) : OFF_CM(in->rs1, lwin));
	settle_jump(t, CC_AE, i, in->rs1, check);   /* a CV_LAZY authority settles first */
	x_test_al(e, 15);
	side_exit(t, CC_NE, i);
	x_mov(e, RCX, RAX);
	x_shi(e, 1, SH_SHR, RCX, MEM_PAGE_SHIFT);
	x_load_bi(e, RDX, R13, RCX, 1, 0);
}

/* CLC from a page with tags, inline: mem_load_cap (mem.c, step 2): the granule's data, then its
 * tag byte and, when that is set, the shadow (tag = tag byte AND data == shadow; data before the
 * tag byte: a data store clears the tag before it writes), then Permit_Load_Capability of the
 * authority (cheri-riscv.md 5.8), and rd set as hart_setcap_lazy does. On a page whose lock this
 * hart's thread owns (a translation constant, as for emit_csc_owner) no other thread can store
 * a capability while the block runs (ownership moves only in a stop-the-world, which waits for
 * this thread between blocks), so the reads need no sequence; on any other page they are a
 * seqlock read: the lock word even before, the same after. The data are read as two 8-byte
 * words, as CSC writes them (a 16-byte load of two 8-byte stores just made waits until they
 * leave the store buffer: a capability spilled and reloaded, such as a return address). The tag
 * goes to a spare register (spare_get). Entered with rax = ea, edx = the page's flags
 * (cap16_checks); every jump left in fail[] (at most 3) is to the body call, before any effect,
 * the stack as on entry (rd is written only after the reads). */
static void emit_set_loaded(struct tr *t, unsigned rd);

/* rcx = lo, rdx = hi of the granule at ea (rax), tg = its tag as above; clobbers nothing else */
static void emit_granule_read(struct em *e, int tg)
{
	x_rm(e, 1, 0x8b, RCX, R12, RAX, 0);
	x_rm(e, 1, 0x8b, RDX, R12, RAX, 8);
	x_mov(e, tg, RAX);
	x_shi(e, 1, SH_SHR, tg, 4);
	x_rm(e, 1, 0x03, tg, RBX, NOREG, (int32_t)offsetof(struct hart, tag_bytes));   /* add tg, [tag_bytes] */
	x_load_bi(e, tg, tg, NOREG, 1, 0);   /* the tag byte */
	x_rr(e, 0, 0x85, tg, tg);
	uint8_t *clear = x_jcc(e, CC_E);      /* untagged, whatever the shadow holds */
	x_load64(e, tg, RBX, (int32_t)offsetof(struct hart, shadow));
	x_rm(e, 1, 0x3b, RCX, tg, RAX, 0);    /* cmp rcx, [shadow + ea] */
	uint8_t *differ = x_jcc(e, CC_NE);
	x_rm(e, 1, 0x3b, RDX, tg, RAX, 8);
	uint8_t *differ2 = x_jcc(e, CC_NE);
	x_movi(e, tg, 1);
	uint8_t *same = x_jmp(e);
	x_patch(differ, e->p);
	x_patch(differ2, e->p);
	x_alu(e, 0, ALU_XOR, tg, tg);         /* not the stored capability: untagged */
	x_patch(same, e->p);
	x_patch(clear, e->p);
}

/* reg = the address of the lock word of ea's page (rax) */
static void emit_lock_addr(struct em *e, int reg)
{
	x_mov(e, reg, RAX);
	x_shi(e, 1, SH_SHR, reg, MEM_PAGE_SHIFT);
	x_shi(e, 1, SH_SHL, reg, 3);
	x_rm(e, 1, 0x03, reg, RBX, NOREG, (int32_t)offsetof(struct hart, page_locks));   /* add reg, [locks] */
}

static unsigned emit_clc_tagged(struct tr *t, const struct ti *in, uint8_t **fail)
{
	struct em *e = &t->e;
	unsigned n = 0;
	uint32_t me = mem_thread_id(t->h->mt);
	x_alui(e, 0, ALU_AND, RDX, MEM_PAGE_MAPPED | MEM_PAGE_TAGS);
	x_alui(e, 0, ALU_CMP, RDX, MEM_PAGE_MAPPED | MEM_PAGE_TAGS);
	fail[n++] = x_jcc(e, CC_NE);
	emit_lock_addr(e, RCX);
	int tg = spare_get(t);
	uint8_t *owned = NULL, *busy, *moved;
	if (me) {
		x_cmp32_mi(e, RCX, 4, me);
		owned = x_jcc(e, CC_E);
	}
	x_load64(e, RDX, RCX, 0);
	x_test_ri8(e, RDX, 1);
	busy = x_jcc(e, CC_NE);   /* a writer is inside: the body waits for it */
	x_push(e, RDX);           /* the word's first value */
	emit_granule_read(e, tg);
	x_push(e, RDX);           /* hi */
	emit_lock_addr(e, RDX);
	x_load64(e, RDX, RDX, 0);
	x_rm(e, 1, 0x3b, RDX, RSP, NOREG, 8);   /* cmp rdx, [rsp + 8]: the word unchanged */
	x_pop(e, RDX);                          /* pop and lea keep the flags */
	x_rm(e, 1, 0x8d, RSP, RSP, NOREG, 8);   /* lea rsp, [rsp + 8] */
	moved = x_jcc(e, CC_NE);   /* a capability store came in between */
	uint8_t *read = NULL;
	if (owned) {
		read = x_jmp(e);
		x_patch(owned, e->p);
		emit_granule_read(e, tg);
		x_patch(read, e->p);
	}
	test_perm8(e, in->rs1, CAP_PERM_LOAD_CAP);
	uint8_t *may = x_jcc(e, CC_NE);
	x_alu(e, 0, ALU_XOR, tg, tg);   /* no Permit_Load_Capability: the tag is cleared */
	x_patch(may, e->p);
	x_mov(e, RAX, RDX);             /* hi (memory form) */
	x_mov32(e, RDX, tg);
	spare_put(t);
	emit_set_loaded(t, in->rd);
	uint8_t *done = x_jmp(e);
	x_patch(busy, e->p);
	x_patch(moved, e->p);
	spare_put(t);
	fail[n++] = x_jmp(e);
	x_patch(done, e->p);
	return n;
}

/* rd <- the capability loaded by CLC, rcx = its address word, rax = its memory-form pesbt, edx =
 * its tag: an integer when untagged with NULL's pesbt, else lazily decoded (CV_LAZY), as
 * hart_setcap_lazy does. Clobbers rax, rcx. */
static void emit_set_loaded(struct tr *t, unsigned rd)
{
	struct em *e = &t->e;
	if (rd == REG_SINK)
		return;
	put_x(t, rd, RCX);
	x_store_imm8(e, RBX, OFF_CV(rd), 0);
	x_rr(e, 1, 0x85, RAX, RAX);
	uint8_t *cap = x_jcc(e, CC_NE);
	x_rr(e, 0, 0x85, RDX, RDX);
	uint8_t *intg = x_jcc(e, CC_E);
	x_patch(cap, e->p);
	x_movi(e, RCX, CAP_NULL_XOR_MASK);
	x_alu(e, 1, ALU_XOR, RAX, RCX);
	x_store64(e, RBX, OFF_CM(rd, pesbt), RAX);
	x_rm(e, 0, 0x88, RDX, RBX, NOREG, OFF_CM(rd, tag));   /* mov [tag], dl */
	x_alu(e, 0, ALU_XOR, RAX, RAX);
	x_store64(e, RBX, OFF_CM(rd, top), RAX);
	x_store64(e, RBX, OFF_CM(rd, top) + 8, RAX);
	x_store64(e, RBX, OFF_CM(rd, lwin), RAX);
	x_store64(e, RBX, OFF_CM(rd, swin), RAX);
	x_store64(e, RBX, OFF_CM(rd, rwin), RAX);
	x_grp3(e, 1, 2, RAX);   /* not rax: base ~0 */
	x_store64(e, RBX, OFF_CM(rd, base), RAX);
	x_store_imm8(e, RBX, OFF_CV(rd), CV_LAZY);
	x_patch(intg, e->p);
}

/* CLC through a capability (cheri-riscv.md 5.8): inline for a granule of a page without tags
 * or code (untagged, as mem_load_cap returns there: an integer when its memory-form pesbt is 0,
 * else lazily decoded) and for any granule of a page with tags (emit_clc_tagged: the seqlock
 * read, the result lazily decoded); anything else calls the body. */
static void emit_clc(struct tr *t, unsigned i, const struct ti *in)
{
	struct em *e = &t->e;
	const struct jit_cap_op *op = jit_cap_op_find("lc_cap");
	if (in->rs1 == 0 || t->h->ddc_reloc) {   /* r12/r13 hold the DDC view */
		emit_call_op(t, i, in, op);
		return;
	}
	_Static_assert(CAP_NULL_PESBT == CAP_NULL_XOR_MASK, "NULL's memory-form pesbt is 0");
	cap16_checks(t, i, in, false);
	x_alui(e, 0, ALU_CMP, RDX, MEM_PAGE_MAPPED);
	uint8_t *slow1 = x_jcc(e, CC_NE);
	x_rm(e, 1, 0x8b, RDX, R12, RAX, 8);   /* mov rdx, [r12 + rax + 8] */
	x_rr(e, 1, 0x85, RDX, RDX);
	uint8_t *slow2 = x_jcc(e, CC_NE);
	if (in->rd != REG_SINK) {
		bool cv_before = t->cv_done[in->rd];
		x_rm(e, 1, 0x8b, RAX, R12, RAX, 0);   /* mov rax, [r12 + rax] */
		put_x(t, in->rd, RAX);
		if (!cv_before)
			x_store_imm8(e, RBX, OFF_CV(in->rd), 0);
	}
	uint8_t *done = x_jmp(e), *fail[3], *tagged = NULL;
	unsigned nfail = 0;
	x_patch(slow1, e->p);
	if (mem_protocol_intact(t->h->m)) {
		nfail = emit_clc_tagged(t, in, fail);
		tagged = x_jmp(e);
	} else {
		fail[nfail++] = x_jmp(e);
	}
	/* a plain page, a value with metadata: untagged, lazily decoded */
	x_patch(slow2, e->p);
	x_rm(e, 1, 0x8b, RCX, R12, RAX, 0);
	x_rm(e, 1, 0x8b, RAX, R12, RAX, 8);
	x_alu(e, 0, ALU_XOR, RDX, RDX);
	emit_set_loaded(t, in->rd);
	uint8_t *plain = x_jmp(e);
	for (unsigned k = 0; k < nfail; k++)
		x_patch(fail[k], e->p);
	emit_call_op(t, i, in, &jit_capmem_clc);
	x_patch(plain, e->p);
	x_patch(done, e->p);
	if (tagged)
		x_patch(tagged, e->p);
	if (in->rd != REG_SINK)
		t->cv_done[in->rd] = false;
}

/* A tagged CSC value (not an integer, cm[rs2].tag set) to a page whose lock this hart's thread
 * owns, inline: mem_store_cap's owner path (mem.c, step 2) after csc_lean's per-value checks
 * (cheri-riscv.md 4.4 steps 5, 6). Entered with rax = ea (16-byte aligned, checked by
 * cap16_checks), edx = the page's flags; every jump left in fail[] (at most 4) is to the body
 * call, before any effect. Emitted only while the memory protocol is whole (mem_test_break
 * off) and the thread owns pages at all. The lock word's address is kept in a cache register
 * the block leaves unused (t->spare), else on the stack. */
static unsigned emit_csc_owner(struct tr *t, const struct ti *in, uint8_t **fail)
{
	struct em *e = &t->e;
	unsigned n = 0;
	x_alui(e, 0, ALU_CMP, RDX, MEM_PAGE_MAPPED | MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY);
	fail[n++] = x_jcc(e, CC_NE);   /* no tags yet, not ready, or code */
	test_perm8(e, in->rs1, CAP_PERM_STORE_CAP);
	fail[n++] = x_jcc(e, CC_E);
	test_perm8(e, in->rs1, CAP_PERM_STORE_LOCAL_CAP);
	uint8_t *may = x_jcc(e, CC_NE);
	test_perm8(e, in->rs2, CAP_PERM_GLOBAL);
	fail[n++] = x_jcc(e, CC_E);   /* a local value, no Permit_Store_Local_Capability */
	x_patch(may, e->p);
	/* rcx = the page's lock word; owned by this thread (a translation constant) */
	emit_lock_addr(e, RCX);
	uint32_t me = mem_thread_id(t->h->mt);
	x_cmp32_mi(e, RCX, 4, me);
	fail[n++] = x_jcc(e, CC_NE);
	/* the sequence (the word's low half: only its owner writes the word) odd, then data, shadow
	 * and tag, then even: stores become visible in this order (x86). The word is written whole,
	 * as the C paths do (a load of it after a store to half of it would wait for the store), the
	 * sequence counted modulo 2^32 beside the owner: even + 1 carries nothing out of the low
	 * half, odd + 1 may. */
	x_load64(e, RDX, RCX, 0);
	x_alui(e, 1, ALU_ADD, RDX, 1);
	x_store64(e, RCX, 0, RDX);
	if (t->spare2 != NOREG)
		x_mov(e, t->spare2, RDX);   /* the odd word: a load of it would wait for the store */
	int keep = t->spare;
	if (keep != NOREG)
		x_mov(e, keep, RCX);
	else
		x_push(e, RCX);
	int v = rsrc(t, in->rs2, RDX);
	x_load64(e, RCX, RBX, (int32_t)offsetof(struct hart, shadow));
	x_store_bi(e, R12, RAX, v, 8);
	x_store_bi(e, RCX, RAX, v, 8);
	x_movi(e, RDX, CAP_NULL_XOR_MASK);
	x_rm(e, 1, 0x33, RDX, RBX, NOREG, OFF_CM(in->rs2, pesbt));   /* the memory-form pesbt */
	x_rm(e, 1, 0x89, RDX, R12, RAX, 8);
	x_rm(e, 1, 0x89, RDX, RCX, RAX, 8);
	x_shi(e, 1, SH_SHR, RAX, 4);   /* the granule */
	x_load64(e, RDX, RBX, (int32_t)offsetof(struct hart, tag_bytes));
	x_store_imm8_bi(e, RDX, RAX, 1);
	if (keep != NOREG)
		x_mov(e, RCX, keep);
	else
		x_pop(e, RCX);
	if (t->spare2 != NOREG)
		x_mov(e, RDX, t->spare2);
	else
		x_load64(e, RDX, RCX, 0);
	x_alui(e, 0, ALU_ADD, RDX, 1);   /* 32-bit: the upper half cleared */
	x_movi(e, RAX, (uint64_t)me << 32);
	x_alu(e, 1, ALU_OR, RDX, RAX);
	x_store64(e, RCX, 0, RDX);
	return n;
}

/* CSC through a capability: inline for an untagged value (an integer, memory-form pesbt 0, or
 * one with metadata) to a page without code, plain or with tags (then the granule's tag is
 * cleared first, as mem_store_cap does for an untagged value), and for a tagged value to a page
 * this thread owns (emit_csc_owner); other tagged values call the body (the
 * Permit_Store_Capability and local checks, the page lock). */
static void emit_csc(struct tr *t, unsigned i, const struct ti *in)
{
	struct em *e = &t->e;
	const struct jit_cap_op *op = jit_cap_op_find("sc_cap");
	bool int_value = in->rs2 == 0 || t->cv_done[in->rs2];
	if (in->rs1 == 0 || t->h->ddc_reloc) {
		emit_call_op(t, i, in, op);
		return;
	}
	cap16_checks(t, i, in, true);
	uint8_t *slow0 = NULL;
	if (!int_value) {   /* a tagged value calls the body, or emit_csc_owner */
		x_cmp8_m(e, RBX, OFF_CV(in->rs2), 0);
		uint8_t *is_int = x_jcc(e, CC_E);
		x_cmp8_m(e, RBX, OFF_CM(in->rs2, tag), 0);
		slow0 = x_jcc(e, CC_NE);
		x_patch(is_int, e->p);
	}
	x_alui(e, 0, ALU_CMP, RDX, MEM_PAGE_MAPPED);
	uint8_t *plain = x_jcc(e, CC_E);
	x_alui(e, 0, ALU_AND, RDX, (int32_t)(0xff & ~(MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY)));
	x_alui(e, 0, ALU_CMP, RDX, MEM_PAGE_MAPPED);
	uint8_t *slow1 = x_jcc(e, CC_NE);
	clear_tag(e);
	x_patch(plain, e->p);
	/* the memory-form pesbt of the value to rcx: 0 for an integer */
	x_alu(e, 0, ALU_XOR, RCX, RCX);
	if (!int_value) {
		x_cmp8_m(e, RBX, OFF_CV(in->rs2), 0);
		uint8_t *is_int = x_jcc(e, CC_E);
		x_movi(e, RCX, CAP_NULL_XOR_MASK);
		x_rm(e, 1, 0x33, RCX, RBX, NOREG, OFF_CM(in->rs2, pesbt));   /* xor rcx, [pesbt] */
		x_patch(is_int, e->p);
	}
	int v = rsrc(t, in->rs2, RDX);
	x_store_bi(e, R12, RAX, v, 8);
	x_rm(e, 1, 0x89, RCX, R12, RAX, 8);
	uint8_t *done = x_jmp(e);
	x_patch(slow1, e->p);
	uint8_t *fail[4], *owned = NULL;
	unsigned nfail = 0;
	if (slow0) {
		x_patch(slow0, e->p);
		if (mem_thread_id(t->h->mt) && mem_protocol_intact(t->h->m)) {
			nfail = emit_csc_owner(t, in, fail);
			owned = x_jmp(e);
		}
	}
	for (unsigned k = 0; k < nfail; k++)
		x_patch(fail[k], e->p);
	emit_call_op(t, i, in, &jit_capmem_csc);
	x_patch(done, e->p);
	if (owned)
		x_patch(owned, e->p);
}

/* CGet* (cheri-riscv.md 5.3, never trapping): the field of cm, or the NULL capability's value
 * when cvalid is 0 (tag, base, permissions, sealed and flags 0, offset = the address, length
 * 2^64 saturated). Into rax. */
static void cget_field(struct em *e, unsigned op, unsigned rs, int a)
{
	switch (op) {
	case CG_TAG: x_movzx8_m(e, RAX, RBX, OFF_CM(rs, tag)); break;
	case CG_BASE: x_load64(e, RAX, RBX, OFF_CM(rs, base)); break;
	case CG_OFFSET:
		x_mov(e, RAX, a);
		x_rm(e, 1, 0x2b, RAX, RBX, NOREG, OFF_CM(rs, base));
		break;
	case CG_LEN: {   /* (top - base) mod 2^65, ~0 when >= 2^64 (cap_get_len) */
		x_load64(e, RAX, RBX, OFF_CM(rs, top));
		x_load64(e, RDX, RBX, OFF_CM(rs, top) + 8);
		x_rm(e, 1, 0x2b, RAX, RBX, NOREG, OFF_CM(rs, base));   /* sub rax, base */
		x_alui(e, 1, 3 /* sbb */, RDX, 0);
		x_alui(e, 0, ALU_AND, RDX, 1);
		uint8_t *small = x_jcc(e, CC_E);
		x_movi(e, RAX, ~0ULL);
		x_patch(small, e->p);
		break;
	}
	case CG_PERM:   /* hwperms | uperms << 15 (cap_perms) */
		x_load64(e, RAX, RBX, OFF_CM(rs, pesbt));
		x_mov(e, RDX, RAX);
		x_shi(e, 1, SH_SHR, RAX, CAP_FIELD_hwperms_LO);
		x_alui(e, 0, ALU_AND, RAX, (1 << CAP_FIELD_hwperms_WIDTH) - 1);
		x_shi(e, 1, SH_SHR, RDX, CAP_FIELD_uperms_LO);
		x_shi(e, 1, SH_SHL, RDX, 15);
		x_alu(e, 1, ALU_OR, RAX, RDX);
		break;
	case CG_SEALED:
		x_alu(e, 0, ALU_XOR, RAX, RAX);
		cmp_unsealed(e, rs, RDX);
		x_setcc(e, CC_NE, RAX);
		break;
	case CG_FLAGS:
		x_load64(e, RAX, RBX, OFF_CM(rs, pesbt));
		x_shi(e, 1, SH_SHR, RAX, CAP_FIELD_flags_LO);
		x_alui(e, 0, ALU_AND, RAX, 1);
		break;
	}
}
_Static_assert(CAP_FIELD_uperms_HI == 63 && CAP_FIELD_flags_WIDTH == 1, "uperms on top, one flag bit");

static void emit_cget(struct tr *t, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned rs = in->rs1, op = in->b.op;
	if (in->rd == REG_SINK || in->rd == 0)
		return;
	if ((op == CG_BASE || op == CG_OFFSET || op == CG_LEN) && rs != 0 && !t->cv_done[rs]) {
		/* fields of the bounds: a CV_LAZY register settles first (then it is CV_CAP) */
		uint8_t *again = e->p;
		x_cmp8_m(e, RBX, OFF_CV(rs), CV_LAZY);
		settle_jump(t, CC_E, ~0u, rs, again);
	}
	int a = rsrc(t, rs, RCX);
	uint8_t *done = NULL;
	if (rs != 0 && !t->cv_done[rs]) {
		x_cmp8_m(e, RBX, OFF_CV(rs), 0);
		uint8_t *null = x_jcc(e, CC_E);
		cget_field(e, op, rs, a);
		done = x_jmp(e);
		x_patch(null, e->p);
	}
	if (op == CG_OFFSET)
		x_mov(e, RAX, a);
	else
		x_movi(e, RAX, op == CG_LEN ? ~0ULL : 0);
	if (done)
		x_patch(done, e->p);
	set_rd(t, in->rd, RAX);
}

/* CMove: x, cvalid and the metadata (whatever it holds when cvalid is 0) */
static void emit_cmove(struct tr *t, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned rd = in->rd, rs = in->rs1;
	if (rd == REG_SINK || rd == 0 || rd == rs)
		return;
	if (rs == 0 || t->cv_done[rs]) {   /* an integer (cvalid certainly 0) */
		int a = rsrc(t, rs, RCX);
		set_rd(t, rd, a);
		return;
	}
	int a = rsrc(t, rs, RCX);
	put_x(t, rd, a);
	x_rm(e, 0, 0x8a, RAX, RBX, NOREG, OFF_CV(rs));   /* mov al, cvalid[rs] */
	x_rm(e, 0, 0x88, RAX, RBX, NOREG, OFF_CV(rd));   /* mov cvalid[rd], al */
	copy_creg(e, rd, rs);
	t->cv_done[rd] = false;
}

/* tag set and pesbt PCC's but for the otype, which is unsealed or (imm 0) a sentry: rax, rdx
 * clobbered; a failing test settles r and goes back to `again` (settle) or leaves (a side
 * exit), but a pesbt other than PCC's jumps to *far when far is given (cjalr_checks) */
static void cjalr_pesbt_is_pcc(struct tr *t, unsigned i, const struct ti *in, bool settle, uint8_t *again,
			       uint8_t **far)
{
	struct em *e = &t->e;
	unsigned r = in->rs1;
#define CJALR_FAIL(cc) do { if (settle) settle_jump(t, cc, ~0u, r, again); else side_exit(t, cc, i); } while (0)
	x_cmp8_m(e, RBX, OFF_CM(r, tag), 1);
	CJALR_FAIL(CC_NE);
	x_load64(e, RAX, RBX, OFF_CM(r, pesbt));
	x_mov(e, RDX, RAX);
	x_shi(e, 1, SH_SHR, RDX, CAP_FIELD_otype_LO);
	x_alui(e, 0, ALU_AND, RDX, CAP_OTYPE_UNSEALED);
	x_alui(e, 0, ALU_CMP, RDX, CAP_OTYPE_UNSEALED);
	if (in->imm == 0) {
		uint8_t *unsealed = x_jcc(e, CC_E);
		x_alui(e, 0, ALU_CMP, RDX, CAP_OTYPE_SENTRY);
		CJALR_FAIL(CC_NE);
		x_patch(unsealed, e->p);
	} else {
		CJALR_FAIL(CC_NE);
	}
	x_rm(e, 1, 0x33, RAX, RBX, NOREG, OFF_PCC(pesbt));   /* xor rax, pcc.pesbt */
	x_movi(e, RDX, ~((uint64_t)CAP_OTYPE_UNSEALED << CAP_FIELD_otype_LO));
	x_alu(e, 1, ALU_AND, RAX, RDX);
	if (far)
		*far = x_jcc(e, CC_NE);
	else
		CJALR_FAIL(CC_NE);
#undef CJALR_FAIL
}

/* CJALR's fast case (cheri-riscv.md 5.9): the target capability is PCC itself, unsealed or as
 * a sentry (imm 0), so the jump keeps PCC (tag, Execute: PCC's own; the bounds of the target:
 * proved by the jump cache for this PCC, as for JALR). A decoded target with other metadata
 * (a call through a capability bounded to its function, and the return) jumps to the far
 * path, far[0..3] (emit_cjalr_far); anything else leaves to the interpreter, which does every
 * check in order. A target CLC left undecoded (CV_LAZY: a return address reloaded from the
 * stack) is PCC when its pesbt is PCC's and its address lies in PCC's bounds or at top (rwin):
 * bounds decode alike from any address of the representable region, which holds them
 * (test_cap_props), so it needs no decoding; one with another pesbt at offset 0 (a function's
 * sentry just loaded) takes the far path undecoded, far[4]; else it settles first. */
static void cjalr_checks(struct tr *t, unsigned i, const struct ti *in, uint8_t *far[5])
{
	struct em *e = &t->e;
	unsigned r = in->rs1;
	uint8_t *again = e->p;
	x_cmp8_m(e, RBX, OFF_CV(r), CV_LAZY);
	uint8_t *decoded = x_jcc(e, CC_NE);
	/* another pesbt at offset 0 (a function's sentry just loaded): the lazy far path */
	if (in->imm == 0)
		cjalr_pesbt_is_pcc(t, i, in, true, again, &far[4]);
	else
		cjalr_pesbt_is_pcc(t, i, in, true, again, NULL);
	int a = rsrc(t, r, RCX);
	x_mov(e, RAX, a);
	x_rm(e, 1, 0x2b, RAX, RBX, NOREG, OFF_PCC(base));   /* sub rax, pcc.base */
	x_rm(e, 1, 0x3b, RAX, RBX, NOREG, OFF_PCC(rwin));   /* cmp rax, pcc.rwin */
	settle_jump(t, CC_AE, ~0u, r, again);
	uint8_t *done = x_jmp(e);
	x_patch(decoded, e->p);
	x_cmp8_m(e, RBX, OFF_CV(r), 0);
	side_exit(t, CC_E, i);
	cjalr_pesbt_is_pcc(t, i, in, false, NULL, &far[0]);
	/* every other bit of pesbt as PCC's (above), base and top too */
	static const int32_t f[3] = { offsetof(struct creg, base), offsetof(struct creg, top), offsetof(struct creg, top) + 8 };
	for (int k = 0; k < 3; k++) {
		x_load64(e, RAX, RBX, OFF_CM(r, pesbt) + f[k]);
		x_rm(e, 1, 0x3b, RAX, RBX, NOREG, OFF_PCC(pesbt) + f[k]);
		far[1 + k] = x_jcc(e, CC_NE);
	}
	x_patch(done, e->p);
}

/* rcx <- the jump cache slot of the target in rax, then the two tests of its entry: for rax,
 * under the current PCC generation (jit.h); miss[] are their jumps (jne) for the caller to
 * place; past them, the entry's code is at [rbx + rcx + OFF_JC + 16] */
static void jc_lookup(struct tr *t, uint8_t *miss[2])
{
	struct em *e = &t->e;
	x_mov32(e, RCX, RAX);
	x_shi(e, 0, SH_SHR, RCX, 1);
	x_alui(e, 0, ALU_AND, RCX, JC_SIZE - 1);
	x_shi(e, 0, SH_SHL, RCX, 5);
	_Static_assert(sizeof(struct jc_entry) == 32, "jump cache entries are 32 bytes");
	x_rm(e, 1, 0x3b, RAX, RBX, RCX, OFF_JC);
	miss[0] = x_jcc(e, CC_NE);
	x_load64(e, RDX, RBX, OFF_GEN);
	x_rm(e, 1, 0x3b, RDX, RBX, RCX, OFF_JC + 8);
	miss[1] = x_jcc(e, CC_NE);
}

/* The end of a block whose instruction i is a call of fn(h, fields, pc), an interpreter body
 * that changes PCC after every check (CInvoke: jit_gate.c; CJALR to another capability: below).
 * Every register the block wrote goes back to memory first (writeback: the body reads them;
 * the call clobbers their host copies, dead after it: nothing writes them back). A mapped
 * register's host copy is current wherever the block is (loaded at its entry), so a link the
 * fall-through path made (a CJALR's set_link, emitted before this) writes back nothing stale
 * here: that code did not run on the way here. A failing check (rax = 1)
 * changed nothing: the block leaves before the instruction, refunding it, and the interpreter
 * runs it again and reports the trap. Else the code after this goes on with rax = the target
 * (even); never chained (no site). */
void jit_emit_pcc_call(struct tr *t, unsigned i, uint64_t fields, uint64_t (*fn)(struct hart *, uint64_t, uint64_t))
{
	struct em *e = &t->e;
	writeback(t);
	x_mov(e, RDI, RBX);
	x_movi(e, RSI, fields);
	x_movi(e, RDX, t->in[i].pc);
	x_movi(e, RAX, (uint64_t)(uintptr_t)fn);
	x_call_rax(e);
	x_store_imm64(e, RBX, OFF_SITE, 0);
	x_test_al(e, 1);
	uint8_t *ok = x_jcc(e, CC_E);
	x_alui(e, 1, ALU_ADD, CHUNK, (int32_t)(t->n - i));
	x_movi(e, RAX, t->in[i].pc | 1);
	fixup(t, x_jmp(e), -1, 0);   /* the common exit */
	x_patch(ok, e->p);
}

/* 64 bytes from [sb + sd] to [db + dd] through xmm0 */
void jit_copy64(struct em *e, int db, int32_t dd, int sb, int32_t sd)
{
	for (int32_t k = 0; k < 64; k += 16) {
		x_sse(e, 0xf3, 0x6f, 0, sb, sd + k);   /* movdqu xmm0, [sb + sd + k] */
		x_sse(e, 0xf3, 0x7f, 0, db, dd + k);   /* movdqu [db + dd + k], xmm0 */
	}
}

#define OFF_H(f)     ((int32_t)offsetof(struct hart, f))
#define CJ(f)        ((int32_t)offsetof(struct cjalr_memo, f))
#define PA(f)        ((int32_t)offsetof(struct pcc_after, f))

/* rdx <- the set of the jump memo at rbx + memo for the key word in rcx under the current
 * PCC generation (hart_priv.h jump_memo_set: its first way; the other is 256 bytes on); rcx
 * clobbered */
void jit_emit_memo_entry(struct tr *t, int32_t memo)
{
	struct em *e = &t->e;
	_Static_assert(JMEMO_WAYS == 2, "two ways of 256 bytes: a set is 512");
	x_rm(e, 1, 0x33, RCX, RBX, NOREG, OFF_GEN);   /* xor rcx, pcc_gen */
	x_movi(e, RDX, JMEMO_HASH);
	x_imul(e, 1, RCX, RDX);
	x_shi(e, 1, SH_SHR, RCX, 64 - JMEMO_SET_BITS);
	x_shi(e, 0, SH_SHL, RCX, 9);
	x_lea(e, RDX, RBX, memo);
	x_alu(e, 1, ALU_ADD, RDX, RCX);
}

/* A jump memo's hit (rdx = the entry, rax = the target; every register written back): the
 * PCC and what follows from it (struct pcc_after at rdx + to) into the hart, pc = the target,
 * no chaining, then the jump cache as after the body's call (jit_emit_pcc_continue) */
void jit_emit_jump_memo_hit(struct tr *t, int32_t to)
{
	struct em *e = &t->e;
	jit_copy64(e, RBX, OFF_PCC(pesbt), RDX, to + PA(pcc));
	x_store64(e, RBX, OFF_H(pc), RAX);
	static const int32_t from[5] = { PA(fetch_lo), PA(fetch_hi), PA(fetch_hi) + 8, PA(pcc_reloc), PA(gen) };
	static const int32_t dst[5] = { OFF_H(fetch_lo), OFF_H(fetch_hi), OFF_H(fetch_hi) + 8, OFF_H(pcc_reloc), OFF_GEN };
	for (int f = 0; f < 5; f++) {
		x_load64(e, RCX, RDX, to + from[f]);
		x_store64(e, RBX, dst[f], RCX);
	}
	_Static_assert(sizeof(bool) == 1, "capmode is a byte");
	x_rm(e, 0, 0x8a, RCX, RDX, NOREG, to + PA(capmode));   /* mov cl, [capmode] */
	x_rm(e, 0, 0x88, RCX, RBX, NOREG, OFF_H(capmode));     /* mov [h->capmode], cl */
	x_store_imm64(e, RBX, OFF_SITE, 0);
	jit_emit_pcc_continue(t);
}

/* A far CJALR that passed before from this PCC and domain, inline (entered after writeback,
 * c[rs1] tagged, unsealed or a sentry at imm 0: cjalr_checks): the cjmemo entry for c[rs1]
 * under the current pcc_gen, if it was made under that generation for that pesbt, base and
 * top (lazy, c[rs1] as CLC left it: for that pesbt and address) and the target is in bounds,
 * has the new PCC, what follows from it and the link worked out (jit_cap_cjalr or
 * jit_cap_cjalr_lazy made it after every check of 5.9 passed: Execute is in the pesbt
 * compared); its effect is written as the body would. No such entry: on to the call. */
static void emit_cjalr_memo(struct tr *t, const struct ti *in, bool lazy)
{
	struct em *e = &t->e;
	unsigned r = in->rs1;
	int a = rsrc(t, r, RCX);
	x_lea(e, RAX, a, in->imm);
	x_alui(e, 1, ALU_AND, RAX, -2);   /* rax = t */
	x_load64(e, RCX, RBX, OFF_CM(r, pesbt));
	if (lazy)
		x_rm(e, 1, 0x33, RCX, RBX, NOREG, OFF_X(r));   /* xor rcx, x[r]: a loaded target's key word */
	jit_emit_memo_entry(t, (int32_t)offsetof(struct hart, cjmemo));
	/* decoded: pesbt, base and top; CV_LAZY: pesbt, the address as base and top 0 (an entry
	 * jit_cap_cjalr_lazy made: no decoded entry has top 0); each way of the set */
	static const int32_t reg[4] = { offsetof(struct creg, pesbt), offsetof(struct creg, base),
					offsetof(struct creg, top), offsetof(struct creg, top) + 8 };
	static const int32_t key[4] = { CJ(pesbt), CJ(base), CJ(top), CJ(top) + 8 };
	uint8_t *hit[2], *miss = NULL;
	for (int w = 0; w < 2; w++) {
		int32_t o = w * (int32_t)sizeof(struct cjalr_memo);
		uint8_t *next[6];
		x_load64(e, RCX, RBX, OFF_GEN);
		x_rm(e, 1, 0x3b, RCX, RDX, NOREG, o + CJ(from_gen));   /* cmp rcx, [from_gen] */
		next[0] = x_jcc(e, CC_NE);
		for (int f = 0; f < 4; f++) {
			if (lazy && f == 1)
				x_load64(e, RCX, RBX, OFF_X(r));
			else if (lazy && f > 1)
				x_alu(e, 0, ALU_XOR, RCX, RCX);
			else
				x_load64(e, RCX, RBX, OFF_CM(r, pesbt) + reg[f]);
			x_rm(e, 1, 0x3b, RCX, RDX, NOREG, o + key[f]);
			next[1 + f] = x_jcc(e, CC_NE);
		}
		x_mov(e, RCX, RAX);
		x_rm(e, 1, 0x2b, RCX, RDX, NOREG, o + CJ(base));    /* sub rcx, [base] */
		x_rm(e, 1, 0x3b, RCX, RDX, NOREG, o + CJ(tspan));   /* cmp rcx, [tspan] */
		next[5] = x_jcc(e, CC_AE);
		if (w)
			x_alui(e, 1, ALU_ADD, RDX, o);
		hit[w] = x_jmp(e);
		for (int n = 0; n < 6; n++)
			x_patch(next[n], e->p);
	}
	miss = x_jmp(e);
	x_patch(hit[0], e->p);
	x_patch(hit[1], e->p);
	if (in->rd != 0 && in->rd != REG_SINK) {
		x_movi(e, RCX, in->pc + in->len);
		x_store64(e, RBX, OFF_X(in->rd), RCX);
		x_store_imm8(e, RBX, OFF_CV(in->rd), CV_CAP);
		jit_copy64(e, RBX, OFF_CM(in->rd, pesbt), RDX, CJ(link));
	}
	jit_emit_jump_memo_hit(t, CJ(to));
	x_patch(miss, e->p);
}

/* CJALR to a capability other than PCC (cjalr_checks' far jumps land here, the block's
 * registers current in their host registers): at offset 0 (every call through a sentry, every
 * return) the memo first (emit_cjalr_memo); else, or when it has no entry, the interpreter's
 * CJALR body (jit_cap_cjalr: every check of 5.9 in order, then the link, PCC and pc as the
 * interpreter sets them, and the memo entry) through jit_emit_pcc_call; then the new PCC's jump
 * cache entry for the target (jit.h: a block translated for this PCC and domain, entered
 * before) is jumped to without leaving translated code, or the block leaves with "continue at
 * the target", unchained: PCC changed, so exec.c makes its checks between blocks first (as
 * after CInvoke). */
static void emit_cjalr_far(struct tr *t, unsigned i, const struct ti *in, uint8_t *const far[5])
{
	struct em *e = &t->e;
	uint64_t fields = jit_cap_fields(in->rd, in->rs1, 0, in->imm) | (uint64_t)in->len << 24;
	for (int k = 0; k < 4; k++)
		x_patch(far[k], e->p);
	if (in->imm == 0) {   /* every call through a sentry, every return */
		writeback(t);
		emit_cjalr_memo(t, in, false);
	}
	jit_emit_pcc_call(t, i, fields, jit_cap_cjalr);
	jit_emit_pcc_continue(t);
	if (far[4]) {   /* CV_LAZY, another pesbt than PCC's, offset 0 */
		x_patch(far[4], e->p);
		writeback(t);
		emit_cjalr_memo(t, in, true);
		jit_emit_pcc_call(t, i, fields, jit_cap_cjalr_lazy);
		jit_emit_pcc_continue(t);
	}
}

/* After jit_emit_pcc_call (rax = the target under the new PCC): the jump cache's translation
 * of the target for the new PCC and domain (jit.h: entered before under them, so the checks
 * between blocks passed for it: fetch window, domain, not a gate) without leaving translated
 * code; else the block leaves with "continue at the target", unchained. */
void jit_emit_pcc_continue(struct tr *t)
{
	struct em *e = &t->e;
	uint8_t *miss[2];
	jc_lookup(t, miss);
	x_jmp_mi(e, RBX, RCX, OFF_JC + 16);
	x_patch(miss[0], e->p);
	x_patch(miss[1], e->p);
	fixup(t, x_jmp(e), -1, 0);   /* rax: the target, "continue there" */
}

static void emit_insn(struct tr *t, unsigned i)
{
	struct em *e = &t->e;
	const struct ti *in = &t->in[i];
	switch (in->b.kind) {
	case K_ALUI: emit_alui(t, in); break;
	case K_ALU: emit_alu(t, i, in); break;
	case K_LUI: set_rd_imm(t, in->rd, (uint64_t)(int64_t)in->imm); break;
	/* links and auipc: offsets from PCC.base with relocation (pcc_reloc, a constant here) */
	case K_AUIPC: set_rd_imm(t, in->rd, in->pc + (uint64_t)(int64_t)in->imm - t->h->pcc_reloc); break;
	case K_FENCE: if (hart_fence_orders_store_load(in->imm)) x_mfence(&t->e); break;
	case K_LOAD: case K_FLOAD: emit_mem(t, i, in, false); break;
	case K_STORE: case K_FSTORE: emit_mem(t, i, in, true); break;
	case K_FOP: case K_FMA: emit_fp(t, i, in); break;
	case K_CAPOP: emit_capop(t, i, in); break;
	case K_CINC: emit_cinc(t, i, in); break;
	case K_CMOVE: emit_cmove(t, in); break;
	case K_CLC: emit_clc(t, i, in); break;
	case K_CSC: emit_csc(t, i, in); break;
	case K_CGET: emit_cget(t, in); break;
	case K_CINVOKE: case K_CCLEAR: jit_emit_gate(t, i, in); break;
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
		t->link_cap = in->b.cap;
		transfer(t, i, in->pc + (uint64_t)(int64_t)in->imm, in->rd, in->pc + in->len - t->h->pcc_reloc);
		t->link_cap = false;
		break;
	case K_JALR: {
		uint8_t *far[5] = { NULL, NULL, NULL, NULL, NULL };
		if (in->b.cap)
			cjalr_checks(t, i, in, far);
		int a = rsrc(t, in->rs1, RCX);
		x_lea(e, RAX, a, in->imm);
		x_alui(e, 1, ALU_AND, RAX, -2);
		if (t->h->pcc_reloc) {
			x_movi(e, RCX, t->h->pcc_reloc);
			x_alu(e, 1, ALU_ADD, RAX, RCX);
		}
		uint8_t *miss[2];
		jc_lookup(t, miss);
		fixup(t, miss[0], FIX_SIDE, i);
		fixup(t, miss[1], FIX_SIDE, i);
		t->link_cap = in->b.cap;
		set_link(t, in->rd, in->pc + in->len - t->h->pcc_reloc);
		t->link_cap = false;
		writeback(t);
		x_jmp_mi(e, RBX, RCX, OFF_JC + 16);
		if (in->b.cap)
			emit_cjalr_far(t, i, in, far);
		break;
	}
	}
}

/* The exact check of an access the window of f refused (ea in rax, kept; rcx, rdx clobbered):
 * the authority decoded, tagged, unsealed, with Permit_Load / Permit_Store, and [lo, hi) =
 * [ea + blo, ea + blo + bspan) inside its bounds and below m->size (mem_lim + 16): then on to
 * the access (f->pass), else the side exit before it (the interpreter raises the trap in
 * order). The window is made for 16-byte accesses (creg_windows: top - base - 15), so every
 * access to an object of fewer than 16 bytes, and the last bytes of any other, come here:
 * inline, not a call. Alignment and the page are the inline code's, as for the window. */
static void emit_bounds_exact(struct tr *t, const struct fixup *f)
{
	struct em *e = &t->e;
	unsigned r = f->reg, n = 0;
	uint8_t *fail[9];
	x_cmp8_m(e, RBX, OFF_CV(r), CV_CAP);
	fail[n++] = x_jcc(e, CC_NE);
	x_cmp8_m(e, RBX, OFF_CM(r, tag), 0);
	fail[n++] = x_jcc(e, CC_E);
	test_perm8(e, r, f->bstore ? CAP_PERM_STORE : CAP_PERM_LOAD);
	fail[n++] = x_jcc(e, CC_E);
	cmp_unsealed(e, r, RDX);
	fail[n++] = x_jcc(e, CC_NE);
	x_lea(e, RDX, RAX, f->blo);
	x_rm(e, 1, 0x3b, RDX, RBX, NOREG, OFF_CM(r, base));   /* lo >= base */
	fail[n++] = x_jcc(e, CC_B);
	x_lea(e, RCX, RDX, f->bspan);
	x_alu(e, 1, ALU_CMP, RCX, RDX);                       /* lo <= hi (no wrap) */
	fail[n++] = x_jcc(e, CC_B);
	x_load64(e, RDX, RBX, OFF_CM(r, top) + 8);
	x_rr(e, 1, 0x85, RDX, RDX);                           /* top >= 2^64: above any hi */
	uint8_t *big = x_jcc(e, CC_NE);
	x_rm(e, 1, 0x3b, RCX, RBX, NOREG, OFF_CM(r, top));    /* hi <= top */
	fail[n++] = x_jcc(e, CC_A);
	x_patch(big, e->p);
	x_movi(e, RDX, t->h->mem_lim + 16);
	x_alu(e, 1, ALU_CMP, RCX, RDX);                       /* hi <= m->size */
	fail[n++] = x_jcc(e, CC_A);
	x_patch(x_jmp(e), f->pass);
	for (unsigned k = 0; k < n; k++)
		x_patch(fail[k], e->p);
	fixup(t, x_jmp(e), FIX_SIDE, f->i);
}

/* FIX_SETTLE (settle_jump): rax is kept (an access's ea), every other scratch register is
 * free at `resume`; the guest registers held in caller-saved host registers are kept. */
static void emit_settle_tail(struct tr *t, const struct fixup *f)
{
	struct em *e = &t->e;
	if (f->pass) {   /* an access window: not CV_LAZY, the exact check, else the side exit */
		x_cmp8_m(e, RBX, OFF_CV(f->reg), CV_LAZY);
		uint8_t *lazy = x_jcc(e, CC_E);
		emit_bounds_exact(t, f);
		x_patch(lazy, e->p);
	} else if (f->other || f->i != ~0u) {   /* not CV_LAZY: the check failed for good */
		x_cmp8_m(e, RBX, OFF_CV(f->reg), CV_LAZY);
		if (f->other)
			x_patch(x_jcc(e, CC_NE), f->other);
		else
			side_exit(t, CC_NE, f->i);
	}
	if (t->map[f->reg] != NOREG)
		x_store64(e, RBX, OFF_X(f->reg), t->map[f->reg]);
	call_keeping(t, (uintptr_t)hart_settle_slow, f->reg, 0, true);
	x_patch(x_jmp(e), f->resume);
}

/* The out-of-line part of data store i (emit_mem) to a page that is not plain: rax = ea, rcx =
 * its page. A page with tags but no decoded code: the granule's tag bit cleared, then back to
 * the store; anything else (unmapped, code): the side exit before i. */
static void emit_tagstore_tail(struct tr *t, const struct fixup *f)
{
	struct em *e = &t->e;
	x_load_bi(e, RDX, R13, RCX, 1, 0);
	x_alui(e, 0, ALU_AND, RDX, (int32_t)(0xff & ~(MEM_PAGE_TAGS | MEM_PAGE_TAGS_READY)));
	x_alui(e, 0, ALU_CMP, RDX, MEM_PAGE_MAPPED);
	side_exit(t, CC_NE, f->i);
	clear_tag(e);
	x_patch(x_jmp(e), f->resume);
}

void jit_emit_exit_tail(struct tr *t, const uint8_t *exit)
{
	struct em *e = &t->e;
	uint8_t *side_stub[JIT_MAX_INSNS + 1] = { 0 };
	uint8_t *loopnb[JIT_MAX_INSNS] = { 0 };
	uint8_t *tail = NULL, *nobudget = NULL;
	for (unsigned k = 0; k < t->nfix; k++) {
		if (!jit_emit_room(t))
			return;
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
		case FIX_TAGSTORE:   /* may add a FIX_SIDE (t->fix does not move), handled later in this loop */
			x_patch(f->field, e->p);
			emit_tagstore_tail(t, f);
			break;
		case FIX_SETTLE:   /* the same */
			x_patch(f->field, e->p);
			emit_settle_tail(t, f);
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

/* the instructions and the block's end (everything after the prologue) */
void jit_emit_body(struct tr *t)
{
	struct em *e = &t->e;
	t->nfwd = 0;
	for (unsigned i = 0; i < t->n; i++) {
		if (!jit_emit_room(t))
			return;
		t->lab[i] = e->p;
		for (unsigned f = 0; f < t->nfwd; f++)
			if (t->fwd[f].k == i)
				x_patch(t->fwd[f].field, e->p);
		for (unsigned r = 0; r < 34; r++)
			t->cv_done[r] = t->cvin[t->copy][i] >> r & 1;
		emit_insn(t, i);
	}
	const struct ti *last = &t->in[t->n - 1];
	if (last->b.kind == K_JAL || last->b.kind == K_JALR || last->b.kind == K_CINVOKE)
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
