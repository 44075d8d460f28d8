/* exec.c - the interpreter: the sem_*.h bodies instantiated twice (STYLE 3, 5).
 *
 * run_fast: threaded dispatch (`goto *op->h`, one instantiation per instruction length)
 * over pre-decoded pages (dcache.c). A block is the run of instructions from an entry slot to the
 * first unconditional control transfer or the page end; op->blen is its remaining length.
 * Entering a block charges blen against the budget (taken branches and early exits refund what
 * they skip, traps refund the faulting instruction too), so instret is exact. Block entry is one
 * compare against the current chunk of the budget; the stop and safepoint flags are polled when a
 * chunk (POLL_EVERY instructions) runs out. PCC fetch checks are done per page: a page runs fast
 * only if it lies wholly inside the fetch window of PCC and outside the gate range; anything else
 * is single-stepped.
 *
 * step_one: one instruction with every fetch check, decoded on the fly: used for pages that are
 * not wholly fetchable, the last instructions of a budget, --trace and hart_step_injected.
 */
#include <stdlib.h>

#include "hart/access.h"
#include "hart/fp.h"
#include "hart/jit.h"

enum { STEP_OK, STEP_TRAP, STEP_GATE };

#define DUMMY_PAGE 0xfffffffffffff000ULL
#define POLL_EVERY 16384u   /* >= DPAGE_SLOTS: a whole block always fits */

/* ---- PCC ---- */

static inline bool pcc_same(const struct hart *h, const struct cap *c)
{
	return c->tag == h->pcc.tag && c->pesbt == h->pcc.pesbt && c->base == h->pcc.base && c->top == h->pcc.top;
}

/* control-transfer target check against PCC bounds (cheri-riscv.md 4.4; min instruction 2) */
static inline bool pcc_target_ok(const struct hart *h, uint64_t t)
{
	return t >= h->pcc.base && (cap_u128)t + 2 <= h->pcc.top;
}

/* Whether the threaded path may run page `page` at pc (in it): PCC lets it fetch 2 bytes at pc
 * and no gate lies in the page. Then *flo, *fspan: the part of the page PCC covers (struct
 * dpage), DPAGE_WHOLE_SPAN for all of it. */
static inline bool page_fast_ok(const struct hart *h, uint64_t page, uint64_t pc, unsigned *flo, unsigned *fspan)
{
	if (pc < h->fetch_lo || (cap_u128)pc + 2 > h->fetch_hi)
		return false;
	if (h->opt.gate_lo < h->opt.gate_hi && h->opt.gate_lo < page + MEM_PAGE_SIZE && h->opt.gate_hi > page)
		return false;
	if (page >= h->fetch_lo && (cap_u128)page + MEM_PAGE_SIZE <= h->fetch_hi) {
		*flo = 0;
		*fspan = DPAGE_WHOLE_SPAN;
		return true;
	}
	uint64_t lo = h->fetch_lo > page ? h->fetch_lo - page : 0;
	uint64_t hi = h->fetch_hi < (cap_u128)page + MEM_PAGE_SIZE ? (uint64_t)(h->fetch_hi - page) : MEM_PAGE_SIZE;
	*flo = (unsigned)lo;
	*fspan = (unsigned)(hi - lo - 1);   /* >= 1: pc and pc + 2 are inside */
	return true;
}

/* whether h->last_page[k] is the page hart_page_get would find for page pp now */
static inline bool last_page_is(const struct hart *h, unsigned k, uint64_t pp, unsigned flo, unsigned fspan)
{
	const struct dpage *p = h->last_page[k];
	return p && pp == p->pc && h->capmode == p->capmode && hart_dom_ok(h, p) && p->flo == flo && p->fspan == fspan;
}

static uint32_t insn_bits_at(struct hart *h, uint64_t pc)
{
	uint16_t lo, hi;
	if (mem_load16(h->m, pc, &lo) != MEM_OK)
		return 0;
	if ((lo & 3) != 3)
		return lo;
	if (mem_load16(h->m, pc + 2, &hi) != MEM_OK)
		return 0;
	return (uint32_t)hi << 16 | lo;
}

static void finish_trap(struct hart *h, uint64_t pc, uint32_t insn)
{
	h->trap.pc = pc;
	h->trap.insn = insn;
	if (h->trap.cause == HART_CAUSE_ILLEGAL && h->trap.tval == UINT64_MAX)
		h->trap.tval = insn;
}

/* An ecall trap (h->pc at the ecall) offered to the embedder's ecall_hook (hart.h), outside
 * the guest's FP environment: true = served, run on from h->pc. */
static bool ecall_served(struct hart *h)
{
	if (!h->opt.ecall_hook || h->trap.cause != HART_CAUSE_ECALL_U)
		return false;
	fp_leave(h);
	bool served = h->opt.ecall_hook(h->opt.gate_ctx, h);
	fp_enter(h);
	if (served)
		h->jit_site = NULL;   /* never chain a block to what follows a served call */
	return served;
}

/* ---- macros shared by both instantiations ---- */
#define RD   (op->rd)
#define RS1  (op->rs1)
#define RS2  (op->rs2)
#define IMM  ((int64_t)op->imm)
#define LEN  ((uint64_t)op->len)
#define X(r) (h->x[r])
/* NOTE: test before clearing: integer code only reads cvalid */
#define SETX(r, v) do { \
	uint64_t v_ = (v); unsigned r_ = (r); \
	h->x[r_] = v_; \
	if (unlikely(h->cvalid[r_])) \
		h->cvalid[r_] = 0; } while (0)
#define FR(r) (h->f[r])
#define SETF(r, v) (h->f[r] = (v))
#define FS(r) f32_from(f32_unbox(h->f[r]))
#define FD(r) f64_from(h->f[r])
#define GETCAP(i) hart_cap(h, i)
#define SETCAP(i, c) hart_setcap(h, i, c)
#define CAP_WRITTEN() ((void)0)   /* a body wrote a capability register itself */
#define PCC_CAP(a) creg_to_cap(&h->pcc, a)
#define CAPSEM (h->capsem)
#define CAP_CHECK(st, i1, c1, i2, c2) do { \
	cap_status s_ = (st); \
	if (unlikely(s_)) { \
		bool two_ = CAP_STATUS_OPERAND(s_) == 2; \
		hart_raise_cheri(h, two_ ? (unsigned)(i2) : (unsigned)(i1), CAP_STATUS_CAUSE(s_), two_ ? &(c2) : &(c1)); \
		RAISE(); \
	} } while (0)
/* The same tests as mem.h's inline mem_load/mem_store (bounds: by the window, which is clipped
 * to mem_lim; page flag, no page crossing), on the hart's copies of mem's constant fields;
 * anything else goes to the slow path, which does the CHERI checks in order and calls mem. */
#define MEM_FAST_OK(ea, size, want) \
	(likely(((ea) & (MEM_PAGE_SIZE - 1)) + (size) <= MEM_PAGE_SIZE) && likely(want))
/* An integer-mode (DDC) access uses the DDC view (hart_priv.h: relocated or not, the same
 * loads and compares); the authority is a constant REG_DDC there, so each body has one form. */
#define IS_DDC(auth) (__builtin_constant_p(auth) && (auth) == REG_DDC)
#define LOAD(bits, auth, ea_expr) ({ \
	uint64_t ea_ = (ea_expr); unsigned a_ = (auth); uint##bits##_t v_; \
	if (IS_DDC(auth) ? \
	    likely(ea_ - h->ddc_sub < h->ddc_lwin) && \
	    MEM_FAST_OK(ea_, bits / 8, h->ddc_pflags[ea_ >> MEM_PAGE_SHIFT] & MEM_PAGE_MAPPED) : \
	    likely(h->cvalid[a_]) && likely(ea_ - h->cm[a_].base < h->cm[a_].lwin) && \
	    MEM_FAST_OK(ea_, bits / 8, h->page_flags[ea_ >> MEM_PAGE_SHIFT] & MEM_PAGE_MAPPED)) { \
		memcpy(&v_, (IS_DDC(auth) ? h->ddc_arena : h->arena) + ea_, sizeof v_); \
	} else { \
		uint64_t w_; \
		if (!hart_load_slow(h, a_, ea_, bits / 8, &w_)) \
			RAISE(); \
		v_ = (uint##bits##_t)w_; \
	} \
	v_; })
/* A page with tags takes the lock-free data store too (mem.h mem_store_tagged_inline: the
 * granule's tag cleared first), as translated code does; its address is the absolute one. */
#define STORE_PAGE_OK(flags, arena_, ea, size) ({ \
	uint8_t f_ = (flags); \
	f_ == MEM_PAGE_MAPPED || mem_store_tagged_inline(h->m, (uint64_t)((arena_) - h->arena) + (ea), size, f_); })
#define STORE(bits, auth, ea_expr, val) do { \
	uint64_t ea_ = (ea_expr); unsigned a_ = (auth); uint##bits##_t v_ = (val); \
	if (IS_DDC(auth) ? \
	    likely(ea_ - h->ddc_sub < h->ddc_swin) && \
	    MEM_FAST_OK(ea_, bits / 8, STORE_PAGE_OK(h->ddc_pflags[ea_ >> MEM_PAGE_SHIFT], h->ddc_arena, ea_, bits / 8)) : \
	    likely(h->cvalid[a_]) && likely(ea_ - h->cm[a_].base < h->cm[a_].swin) && \
	    MEM_FAST_OK(ea_, bits / 8, STORE_PAGE_OK(h->page_flags[ea_ >> MEM_PAGE_SHIFT], h->arena, ea_, bits / 8))) { \
		memcpy((IS_DDC(auth) ? h->ddc_arena : h->arena) + ea_, &v_, sizeof v_); \
	} else if (!hart_store_slow(h, a_, ea_, bits / 8, v_)) { \
		RAISE(); \
	} } while (0)
/* integer values of pc-relative links and jalr targets (relocation: offsets from PCC.base) */
#define PCC_RELOC (h->pcc_reloc)
#define FP_BEGIN(rm) \
	unsigned rm_ = (unsigned)(rm); \
	if (rm_ == 7) \
		rm_ = h->frm; \
	if (unlikely(rm_ > 4)) { \
		hart_raise_illegal(h); \
		RAISE(); \
	} \
	bool sw_ = rm_ != h->frm; \
	if (unlikely(sw_)) \
		fp_host_rm(rm_)
#define FP_END() do { if (unlikely(sw_)) fp_host_rm(h->frm <= 4 ? h->frm : 0); } while (0)

/* ================= step instantiation ================= */
static int step_one(struct hart *h, uint64_t retired, bool injected, uint32_t insn)
{
	static const int32_t labels[ID_COUNT] = {
#define INSN(id, body, ...) [ID_##id] = &&S_##body - &&S_base,
#include "hart/insns.def"
#undef INSN
	};
	const char *const sbase = (const char *)&&S_base;
	struct mem *const m = h->m;
	const uint64_t pc = h->pc;
	if (!injected) {
		struct cap p = creg_to_cap(&h->pcc, pc);
		unsigned cause = 0;
		/* cheri-riscv.md 4.4, instruction fetch */
		if (!p.tag)
			cause = CAP_CAUSE_TAG;
		else if (cap_is_sealed(&p))
			cause = CAP_CAUSE_SEAL;
		else if (!cap_has_perm(&p, CAP_PERM_EXECUTE))
			cause = CAP_CAUSE_EXECUTE;
		else if (!cap_in_bounds(&p, pc, 2))
			cause = CAP_CAUSE_LENGTH;
		if (cause) {
			hart_raise_cheri(h, CAP_INDEX_PCC, cause, &p);
			finish_trap(h, pc, 0);
			return STEP_TRAP;
		}
		if (pc >= h->opt.gate_lo && pc < h->opt.gate_hi) {
			h->trap.pc = pc;
			return STEP_GATE;
		}
		uint16_t lo, hi;
		if (mem_load16(m, pc, &lo) != MEM_OK) {
			hart_raise(h, HART_CAUSE_FETCH_ACCESS, pc);
			finish_trap(h, pc, 0);
			return STEP_TRAP;
		}
		insn = lo;
		if ((lo & 3) == 3) {
			if (!cap_in_bounds(&p, pc + 2, 2)) {
				hart_raise_cheri(h, CAP_INDEX_PCC, CAP_CAUSE_LENGTH, &p);
				finish_trap(h, pc, 0);
				return STEP_TRAP;
			}
			if (mem_load16(m, pc + 2, &hi) != MEM_OK) {
				hart_raise(h, HART_CAUSE_FETCH_ACCESS, pc + 2);
				finish_trap(h, pc, 0);
				return STEP_TRAP;
			}
			insn |= (uint32_t)hi << 16;
		}
	}
	struct decoded d;
	h->last_pc = pc;
	h->last_insn = insn;
	h->last_rd = 0;
	if (!hart_decode(insn, h->capmode, &d)) {
		hart_raise(h, HART_CAUSE_ILLEGAL, (insn & 3) == 3 ? insn : (insn & 0xffff));
		finish_trap(h, pc, insn);
		return STEP_TRAP;
	}
	h->last_rd = d.rd;
	h->last_id = d.id;
	h->last_rs1v = h->x[d.rs1];
	h->last_rs2 = d.rs2;
	h->last_rs2v = h->x[d.rs2];
	h->last_imm = d.imm;
	struct dop o = { .imm = d.imm, .rd = d.rd, .rs1 = d.rs1, .rs2 = d.rs2, .len = d.len };
	struct dop *op = &o;
	goto *(const void *)(sbase + labels[d.id]);
S_base:

#define PC pc
#define NEXT do { h->pc = pc + op->len; goto step_done; } while (0)
#define RAISE() goto step_trap
#define GO(t) do { h->pc = (t); goto step_done; } while (0)
#define PCC_TARGET_CHECK(t) do { \
	if (unlikely(!pcc_target_ok(h, t))) { \
		struct cap p_ = PCC_CAP(pc); \
		hart_raise_cheri(h, CAP_INDEX_PCC, CAP_CAUSE_LENGTH, &p_); \
		RAISE(); \
	} } while (0)
#define GO_PCC(c, t) do { hart_pcc_set(h, c); h->pc = (t); goto step_done; } while (0)
#define BRANCH(t) do { uint64_t b_ = (t); PCC_TARGET_CHECK(b_); GO(b_); } while (0)
#define CODE_SYNC() do { if (m->code_epoch != h->code_epoch) hart_code_sync(h); } while (0)
#define INSTRET_NOW (h->instret + retired)
#define OP(name) NEXT; S_##name:
#include "hart/sem_rv64i.h"
#include "hart/sem_a.h"
#include "hart/sem_fp.h"
#include "hart/sem_xcheri.h"
	NEXT;
#undef OP
#undef PC
#undef NEXT
#undef RAISE
#undef GO
#undef PCC_TARGET_CHECK
#undef GO_PCC
#undef BRANCH
#undef CODE_SYNC
#undef INSTRET_NOW
#undef DISPATCH
step_done:
	return STEP_OK;
step_trap:
	finish_trap(h, pc, insn);
	return STEP_TRAP;
}

/* ================= fast instantiation ================= */
static enum hart_exit run_fast(struct hart *h, const uint64_t budget)
{
	/* one instantiation per instruction length, so that NEXT advances by a constant */
	static const void *const labels2[ID_COUNT] = {
#define INSN(id, body, ...) [ID_##id] = &&L2_##body,
#include "hart/insns.def"
#undef INSN
	};
	static const void *const labels4[ID_COUNT] = {
#define INSN(id, body, ...) [ID_##id] = &&L4_##body,
#include "hart/insns.def"
#undef INSN
	};
	static const void *const *const labels[2] = { labels2, labels4 };
	static const void *const special[3] = { &&L_illegal, &&L_fetchfault, &&L_stepone };
	struct mem *const m = h->m;
	const volatile int *const spflag = h->spflag;
	/* remaining budget = left + chunk; the fast path only spends `chunk` (at most POLL_EVERY),
	 * so block entry is one compare, and the stop/safepoint flags are polled when it runs out */
	uint64_t left = budget, chunk = 0, npc = h->pc, pagepc;
	/* the last integer result, forwarded in a host register: a dependent next instruction does
	 * not wait for the store to x[] to be forwarded (x[] is still written: it stays the truth) */
	unsigned lrd = 255;
	uint64_t lval = 0;
	bool force_step = false;
	bool jit_interp = false;   /* the instruction at h->pc must be interpreted (a JIT side exit) */
	enum hart_exit ret;
	if (!h->dummy)
		h->dummy = hart_page_alloc(DUMMY_PAGE, false, &&L_reenter, &&L_reenter);
	struct dpage *pg = h->dummy;
	struct dop *op = pg->ops;
	pagepc = pg->pc;
	goto enter_slow;
#define DISPATCH() goto *op->h

#define SLOT ((unsigned)(op - pg->ops))
#define PC (pagepc + ((uint64_t)SLOT << 1))
#define RAISE() goto trap_exit
#undef X
#undef SETX
#undef SETCAP
#undef CAP_WRITTEN
#define X(r) ({ unsigned xr_ = (r); xr_ == lrd ? lval : h->x[xr_]; })
#define SETX(r, v) do { \
	uint64_t v_ = (v); unsigned r_ = (r); \
	h->x[r_] = v_; \
	lrd = r_; \
	lval = v_; \
	h->cvalid[r_] = 0; } while (0)
#define SETCAP(i, c) do { hart_setcap(h, i, c); lrd = 255; } while (0)
#define CAP_WRITTEN() (lrd = 255)
#define ENTER_OP() do { \
	unsigned b_ = op->blen; \
	if (unlikely(chunk < b_)) { \
		npc = PC; \
		goto enter_slow; \
	} \
	if (op->jit != JIT_NONE) \
		goto L_jit; \
	chunk -= b_; \
	DISPATCH(); } while (0)
#define GO(t) do { \
	uint64_t t_ = (t), d_ = t_ - pagepc; \
	chunk += op->blen - 1u; \
	if (likely(d_ < MEM_PAGE_SIZE)) { \
		op = &pg->ops[d_ >> 1]; \
		ENTER_OP(); \
	} \
	npc = t_; \
	goto enter_slow; } while (0)
#define PCC_TARGET_CHECK(t) do { \
	if (unlikely((t) - pagepc - pg->flo >= pg->fspan) && unlikely(!pcc_target_ok(h, t))) { \
		struct cap p_ = PCC_CAP(PC); \
		hart_raise_cheri(h, CAP_INDEX_PCC, CAP_CAUSE_LENGTH, &p_); \
		RAISE(); \
	} } while (0)
#define GO_PCC(c, t) do { \
	if (pcc_same(h, c)) \
		GO(t); \
	chunk += op->blen - 1u; \
	hart_pcc_set(h, c); \
	npc = (t); \
	goto enter_slow; } while (0)
/* a near target is in this page, which is wholly inside PCC: no check, no address arithmetic */
#define BRANCH(t) do { \
	if (likely(op->near)) { \
		/* one read and one write of chunk; imm is even, so imm / 2 slots = imm * 16 bytes */ \
		uint64_t c_ = chunk + op->blen - 1u; \
		op = (struct dop *)((char *)op + (int64_t)op->imm * (int64_t)(sizeof *op / 2)); \
		unsigned nb_ = op->blen; \
		if (unlikely(c_ < nb_)) { \
			chunk = c_; \
			npc = PC; \
			goto enter_slow; \
		} \
		if (op->jit != JIT_NONE) { \
			chunk = c_; \
			goto L_jit; \
		} \
		chunk = c_ - nb_; \
		DISPATCH(); \
	} \
	uint64_t b_ = (t); \
	PCC_TARGET_CHECK(b_); \
	GO(b_); } while (0)
#define CODE_SYNC() do { \
	chunk += op->blen - 1u; \
	npc = PC + LEN; \
	if (m->code_epoch != h->code_epoch) \
		hart_code_sync(h); \
	goto enter_slow; } while (0)
#define INSTRET_NOW (h->instret + (budget - left - chunk) - op->blen)
#undef LEN
#define LEN 2u
#define NEXT do { op += 1; DISPATCH(); } while (0)
#define OP(name) NEXT; L2_##name:
#include "hart/sem_rv64i.h"
#include "hart/sem_a.h"
#include "hart/sem_fp.h"
#include "hart/sem_xcheri.h"
	NEXT;
#undef OP
#undef NEXT
#undef LEN
#define LEN 4u
#define NEXT do { op += 2; DISPATCH(); } while (0)
#define OP(name) NEXT; L4_##name:
#include "hart/sem_rv64i.h"
#include "hart/sem_a.h"
#include "hart/sem_fp.h"
#include "hart/sem_xcheri.h"
	NEXT;
#undef OP
#undef NEXT
#undef LEN
#define LEN ((uint64_t)op->len)

L_decode:
	hart_decode_block(h, pg, SLOT, labels, special);
	ENTER_OP();
L_jit: {
	/* a block entry (nothing charged yet) in a page wholly inside PCC: run its translation
	 * (jit.h), or translate it first; chunk >= op->blen here */
	void *code = op->jit;
	if (unlikely(!hart_dom_ok(h, pg))) {
		/* the domain changed inside this page (a DDC write): its translations took the old
		 * one as constant; the slow path finds (or makes) the page of the new one */
		npc = PC;
		goto enter_slow;
	}
	if (!code) {
		if (!op->blen)
			hart_decode_block(h, pg, SLOT, labels, special);
		code = op->jit = jit_translate(h, pg, SLOT);
		if (code == JIT_NONE || chunk < op->blen) {
			npc = PC;
			goto enter_slow;
		}
	}
	if (code == JIT_NONE) {
		chunk -= op->blen;
		DISPATCH();
	}
	jit_jc_insert(h, PC, code);
	h->jchunk = chunk;
	uint64_t gen = h->pcc_gen, r = h->jit_enter(h, code);
	chunk = h->jchunk;
	lrd = 255;
	npc = r & ~1ULL;
	if (unlikely(h->pcc_gen != gen))   /* a CInvoke (jit_gate.c): the checks between blocks */
		goto enter_slow;
	uint64_t d = npc - pagepc;
	if (d >= MEM_PAGE_SIZE) {
		/* a block of another page than pg (reached by chaining) continues in its own page:
		 * chain it to the continuation's translation when the jump cache proves one for this
		 * PCC and domain (jit.h); this time the slow path finds it */
		const struct jc_entry *e = &h->jc[(npc >> 1) & (JC_SIZE - 1)];
		if (!(r & 1) && h->jit_site && e->pc == npc && e->gen == h->pcc_gen)
			jit_link(h, h->jit_site, e->code);
		jit_interp = r & 1;
		goto enter_slow;
	}
	op = &pg->ops[d >> 1];
	if (!op->blen)
		hart_decode_block(h, pg, SLOT, labels, special);
	if (chunk < op->blen) {
		jit_interp = r & 1;
		goto enter_slow;
	}
	if (!(r & 1)) {
		/* "continue at npc": chain the exit jump to npc's translation when there is one */
		if (h->jit_site && op->jit && op->jit != JIT_NONE)
			jit_link(h, h->jit_site, op->jit);
		if (op->jit != JIT_NONE)
			goto L_jit;
	}
	/* the interpreter runs the block at npc (its first instruction was not translated) */
	chunk -= op->blen;
	DISPATCH();
}
L_reenter:
	npc = PC;
	goto enter_slow;
L_illegal:
	hart_raise(h, HART_CAUSE_ILLEGAL, (uint32_t)op->imm);
	RAISE();
L_fetchfault:
	hart_raise(h, HART_CAUSE_FETCH_ACCESS, PC + (uint64_t)op->imm);
	RAISE();
L_stepone:
	chunk += op->blen;
	npc = PC;
	force_step = true;
	goto enter_slow;

trap_exit:
	chunk += op->blen;
	h->pc = PC;
	if (unlikely(h->trap.cause == HART_CAUSE_ECALL_U)) {
		uint64_t gen = h->pcc_gen;
		if (ecall_served(h)) {
			npc = h->pc;
			lrd = 255;   /* the hook wrote registers */
			/* the same PCC, domain and code, in this page: on from here (a stop or
			 * safepoint request is seen when the chunk runs out, as between blocks) */
			if (h->pcc_gen == gen && npc - pagepc < MEM_PAGE_SIZE && hart_dom_ok(h, pg) && !h->jit_full &&
			    __atomic_load_n(&m->code_epoch, __ATOMIC_RELAXED) == h->code_epoch) {
				op = &pg->ops[(npc - pagepc) >> 1];
				ENTER_OP();
			}
			goto enter_slow;
		}
	}
	finish_trap(h, h->pc, h->trap.cause == HART_CAUSE_FETCH_ACCESS ? 0 : insn_bits_at(h, h->pc));
	ret = HART_EXIT_TRAP;
	goto out;

enter_slow:
	h->pc = npc;
	lrd = 255;
	left += chunk;
	chunk = 0;
	for (;;) {
		if (atomic_load_explicit(&h->stop, memory_order_relaxed)) {
			atomic_store(&h->stop, 0);
			ret = HART_EXIT_STOP;
			goto out;
		}
		if (unlikely(*spflag))
			mem_safepoint(h->mt);
		if (left == 0) {
			ret = HART_EXIT_BUDGET;
			goto out;
		}
		if (!force_step) {
			if (unlikely(__atomic_load_n(&m->code_epoch, __ATOMIC_RELAXED) != h->code_epoch || h->jit_full))
				hart_code_sync(h);
			uint64_t pp = h->pc & ~(MEM_PAGE_SIZE - 1);
			/* a gate entry that PCC may fetch from: what step_one would find, without it */
			if (h->pc >= h->opt.gate_lo && h->pc < h->opt.gate_hi && h->pc >= h->fetch_lo &&
			    (cap_u128)h->pc + 2 <= h->fetch_hi) {
				/* the embedder's hook may serve the gate here, between blocks, and let the
				 * hart go on (new PCC and registers: the loop starts over from them) */
				if (h->opt.gate_hook && h->opt.gate_hook(h->opt.gate_ctx, h, h->pc)) {
					h->jit_site = NULL;   /* never chain a block to what follows a gate */
					continue;
				}
				h->trap.pc = h->pc;
				ret = HART_EXIT_GATE;
				goto out;
			}
			unsigned flo, fspan;
			if (page_fast_ok(h, pp, h->pc, &flo, &fspan)) {
				if (last_page_is(h, 0, pp, flo, fspan)) {
					pg = h->last_page[0];
				} else if (last_page_is(h, 1, pp, flo, fspan)) {
					pg = h->last_page[1];
					h->last_page[1] = h->last_page[0];
					h->last_page[0] = pg;
				} else {
					pg = hart_page_get(h, pp, h->capmode, flo, fspan, &&L_decode, &&L_pageend);
					h->last_page[1] = h->last_page[0];
					h->last_page[0] = pg;
				}
				pagepc = pp;
				op = &pg->ops[(h->pc - pp) >> 1];
				if (op->blen == 0)
					hart_decode_block(h, pg, SLOT, labels, special);
				unsigned b = op->blen;
				if (left >= b) {
					chunk = left < POLL_EVERY ? left : POLL_EVERY;
					left -= chunk;
					if (!jit_interp && op->jit != JIT_NONE)
						goto L_jit;
					jit_interp = false;
					chunk -= b;
					DISPATCH();
				}
			}
		}
		force_step = false;
		jit_interp = false;
		pg = h->dummy;
		pagepc = pg->pc;
		op = pg->ops;
		int r = step_one(h, budget - left, false, 0);
		if (r == STEP_TRAP && ecall_served(h))
			continue;
		if (r == STEP_TRAP) {
			ret = HART_EXIT_TRAP;
			goto out;
		}
		if (r == STEP_GATE) {
			ret = HART_EXIT_GATE;
			goto out;
		}
		left--;
	}
L_pageend:
	npc = PC;
	goto enter_slow;
out:
	h->instret += budget - left - chunk;
	return ret;
}
#undef PC
#undef SLOT
#undef NEXT
#undef RAISE
#undef GO
#undef GO_PCC
#undef BRANCH
#undef CODE_SYNC
#undef INSTRET_NOW
#undef DISPATCH

/* --trace and friends: every instruction through step_one, one line each */
static void trace_line(struct hart *h)
{
	char dis[96], bits[12];
	hart_disasm(dis, sizeof dis, h->last_insn, h->capmode_at_fetch);
	if ((h->last_insn & 3) == 3)
		snprintf(bits, sizeof bits, "%08x", h->last_insn);
	else
		snprintf(bits, sizeof bits, "    %04x", h->last_insn & 0xffff);
	unsigned rd = h->last_rd;
	char w = rd && rd != REG_SINK ? hart_insn_writes(h->last_id) : 0;
	if (w == 'c') {   /* the capability written, decoded as the fault report shows it */
		char cap[200];
		struct cap c = hart_cap(h, rd);
		cap_format(cap, sizeof cap, &c);
		fprintf(h->trace, "%016llx: %s  %-32s c%s=%s\n", (unsigned long long)h->last_pc, bits, dis,
			hart_reg_name(rd), cap);
	} else if (w == 'x') {
		fprintf(h->trace, "%016llx: %s  %-32s %s=%016llx\n", (unsigned long long)h->last_pc, bits, dis,
			hart_reg_name(rd), (unsigned long long)h->x[rd]);
	} else if (w == 'f') {
		fprintf(h->trace, "%016llx: %s  %-32s f%u=%016llx\n", (unsigned long long)h->last_pc, bits, dis,
			rd, (unsigned long long)h->f[rd]);
	} else {
		fprintf(h->trace, "%016llx: %s  %s\n", (unsigned long long)h->last_pc, bits, dis);
	}
}

static enum hart_exit run_step(struct hart *h, uint64_t budget)
{
	uint64_t left = budget;
	enum hart_exit ret;
	for (;;) {
		if (atomic_load_explicit(&h->stop, memory_order_relaxed)) {
			atomic_store(&h->stop, 0);
			ret = HART_EXIT_STOP;
			break;
		}
		if (*h->spflag)
			mem_safepoint(h->mt);
		if (left == 0) {
			ret = HART_EXIT_BUDGET;
			break;
		}
		h->capmode_at_fetch = h->capmode;
		int r = step_one(h, budget - left, false, 0);
		if (r == STEP_TRAP) {
			ret = HART_EXIT_TRAP;
			break;
		}
		if (r == STEP_GATE) {
			ret = HART_EXIT_GATE;
			break;
		}
		left--;
		if (!h->trace_len || h->last_pc - h->trace_lo < h->trace_len) {   /* --trace-pc */
			h->traced++;
			if (!h->trace_what || (h->trace_what & HART_TRACE_INSN))
				trace_line(h);
			if (h->trace_what & (HART_TRACE_CAP | HART_TRACE_MEM))
				hart_trace_detail(h);
		}
	}
	h->instret += budget - left;
	return ret;
}

enum hart_exit hart_run(struct hart *h, uint64_t budget, struct hart_trap *trap)
{
	fp_enter(h);
	if (__atomic_load_n(&h->m->code_epoch, __ATOMIC_ACQUIRE) != h->code_epoch)
		hart_code_sync(h);
	enum hart_exit r = h->trace ? run_step(h, budget) : run_fast(h, budget);
	fp_leave(h);
	if (trap) {
		*trap = h->trap;
		if (r == HART_EXIT_GATE)
			trap->pc = h->pc;
	}
	return r;
}

enum hart_exit hart_step_injected(struct hart *h, uint32_t insn, struct hart_trap *trap)
{
	fp_enter(h);
	int r = step_one(h, 0, true, insn);
	fp_leave(h);
	if (r == STEP_TRAP) {
		if (trap)
			*trap = h->trap;
		return HART_EXIT_TRAP;
	}
	h->instret++;
	return HART_EXIT_BUDGET;
}

