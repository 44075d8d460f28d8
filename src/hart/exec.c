/* exec.c - the interpreter: the sem_*.h bodies instantiated twice (STYLE 3, 5).
 *
 * run_fast: threaded dispatch (`goto *op->h`) over pre-decoded pages. A block is the run of
 * instructions from an entry slot to the first unconditional control transfer or the page end;
 * blen[slot] is its remaining length. Entering a block charges blen against the budget (taken
 * branches and early exits refund what they skip, traps refund the faulting instruction too), so
 * instret is exact. The budget, the stop flag and the safepoint flag are polled at block entry
 * only. PCC fetch checks are done per page: a page runs fast only if it lies wholly inside the
 * fetch window of PCC and outside the gate range; anything else is single-stepped.
 *
 * step_one: one instruction with every fetch check, decoded on the fly: used for pages that are
 * not wholly fetchable, the last instructions of a budget, --trace and hart_step_injected.
 */
#include <stdlib.h>

#include "hart/access.h"
#include "hart/fp.h"

enum { STEP_OK, STEP_TRAP, STEP_GATE };

#define DUMMY_PAGE 0xfffffffffffff000ULL

/* ---- PCC ---- */
void hart_pcc_changed(struct hart *h)
{
	struct creg *p = &h->pcc;
	bool ok = p->tag && ((p->pesbt >> 27) & 0x3ffff) == CAP_OTYPE_UNSEALED &&
		  ((p->pesbt >> 48) & CAP_PERM_EXECUTE);
	h->fetch_lo = ok ? p->base : 1;
	h->fetch_hi = ok ? p->top : 0;
	h->capmode = (p->pesbt >> 45) & 1;
}

static void set_pcc(struct hart *h, const struct cap *c)
{
	h->pcc = creg_from_cap(c);
	h->pc = c->addr;
	hart_pcc_changed(h);
}

static inline bool pcc_same(const struct hart *h, const struct cap *c)
{
	return c->tag == h->pcc.tag && c->pesbt == h->pcc.pesbt && c->base == h->pcc.base && c->top == h->pcc.top;
}

/* control-transfer target check against PCC bounds (cheri-riscv.md 4.4; min instruction 2) */
static inline bool pcc_target_ok(const struct hart *h, uint64_t t)
{
	return t >= h->pcc.base && (cap_u128)t + 2 <= h->pcc.top;
}

static inline bool page_fast_ok(const struct hart *h, uint64_t page)
{
	if (page < h->fetch_lo || (cap_u128)page + MEM_PAGE_SIZE > h->fetch_hi)
		return false;
	return !(h->opt.gate_lo < h->opt.gate_hi && h->opt.gate_lo < page + MEM_PAGE_SIZE && h->opt.gate_hi > page);
}

/* ---- decoded page cache ---- */
void hart_cache_flush(struct hart *h)
{
	for (uint64_t i = 0; i < h->npages_cap; i++) {
		free(h->pages[i]);
		h->pages[i] = NULL;
	}
	h->npages = 0;
	h->code_epoch = __atomic_load_n(&h->m->code_epoch, __ATOMIC_ACQUIRE);
}

static uint64_t page_hash(uint64_t key, uint64_t cap) { return (key >> 12 ^ key >> 24 ^ (key & 1) << 5) & (cap - 1); }

static struct dpage *page_alloc(uint64_t pc, bool capmode, const void *decode, const void *pageend)
{
	struct dpage *p = malloc(sizeof *p);
	if (!p)
		abort();
	p->pc = pc;
	p->capmode = capmode;
	for (unsigned i = 0; i < DPAGE_SLOTS; i++) {
		p->ops[i] = (struct dop){ .h = decode, .len = 2 };
		p->blen[i] = 0;
	}
	for (unsigned i = DPAGE_SLOTS; i < DPAGE_SLOTS + 2; i++) {
		p->ops[i] = (struct dop){ .h = pageend, .len = 2 };
		p->blen[i] = 0;
	}
	return p;
}

static struct dpage *page_get(struct hart *h, uint64_t pc, bool capmode, const void *decode, const void *pageend)
{
	uint64_t key = pc | capmode;
	if (h->npages_cap) {
		for (uint64_t i = page_hash(key, h->npages_cap);; i = (i + 1) & (h->npages_cap - 1)) {
			struct dpage *p = h->pages[i];
			if (!p)
				break;
			if ((p->pc | p->capmode) == key)
				return p;
		}
	}
	if (2 * (h->npages + 1) > h->npages_cap) {
		uint64_t ncap = h->npages_cap ? 2 * h->npages_cap : 64;
		struct dpage **n = calloc(ncap, sizeof *n);
		if (!n)
			abort();
		for (uint64_t i = 0; i < h->npages_cap; i++) {
			struct dpage *p = h->pages[i];
			if (!p)
				continue;
			uint64_t j = page_hash(p->pc | p->capmode, ncap);
			while (n[j])
				j = (j + 1) & (ncap - 1);
			n[j] = p;
		}
		free(h->pages);
		h->pages = n;
		h->npages_cap = ncap;
	}
	struct dpage *p = page_alloc(pc, capmode, decode, pageend);
	uint64_t j = page_hash(key, h->npages_cap);
	while (h->pages[j])
		j = (j + 1) & (h->npages_cap - 1);
	h->pages[j] = p;
	h->npages++;
	return p;
}

static bool ends_block(int id)
{
	switch (id) {
	case ID_jal: case ID_jalr: case ID_cjal: case ID_cjalr: case ID_c_j: case ID_c_jr: case ID_c_jalr:
	case ID_c_cjr: case ID_c_cjalr: case ID_jalr_cap: case ID_jalr_pcc: case ID_cinvoke: case ID_ecall:
	case ID_ebreak: case ID_c_ebreak: case ID_fence_i:
		return true;
	}
	return false;
}

/* special[]: illegal, fetch fault, step-one (an instruction straddling the page end).
 * NOTE: labels[]/special[] are label addresses of run_fast (static lifetime); gcc's
 * -Wdangling-pointer mistakes them for addresses of locals once it propagates them here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
static void decode_block(struct hart *h, struct dpage *pg, unsigned slot, const void *const *const *labels,
			 const void *const *special)
{
	uint16_t list[DPAGE_SLOTS];
	unsigned n = 0, s = slot;
	mem_mark_code(h->m, pg->pc);   /* mark first, then decode (mem.h) */
	while (s < DPAGE_SLOTS) {
		uint64_t pc = pg->pc + 2 * (uint64_t)s;
		struct dop *o = &pg->ops[s];
		uint16_t lo, hi;
		list[n++] = (uint16_t)s;
		*o = (struct dop){ .len = 2 };
		if (mem_load16(h->m, pc, &lo) != MEM_OK) {
			o->h = special[1];
			break;
		}
		uint32_t insn = lo;
		if ((lo & 3) == 3) {
			o->len = 4;
			if (s == DPAGE_SLOTS - 1) {
				o->h = special[2];
				break;
			}
			if (mem_load16(h->m, pc + 2, &hi) != MEM_OK) {
				o->h = special[1];
				o->imm = 2;
				break;
			}
			insn |= (uint32_t)hi << 16;
		}
		struct decoded d;
		if (!hart_decode(insn, pg->capmode, &d)) {
			o->h = special[0];
			o->imm = (int32_t)insn;
			break;
		}
		*o = (struct dop){ .h = labels[d.len == 4][d.id], .imm = d.imm, .rd = d.rd, .rs1 = d.rs1, .rs2 = d.rs2, .len = d.len };
		if (ends_block(d.id))
			break;
		s += d.len / 2;
	}
	for (unsigned i = 0; i < n; i++)
		pg->blen[list[i]] = (uint16_t)(n - i);
}
#pragma GCC diagnostic pop

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

/* ---- macros shared by both instantiations ---- */
#define RD   (op->rd)
#define RS1  (op->rs1)
#define RS2  (op->rs2)
#define IMM  ((int64_t)op->imm)
#define LEN  ((uint64_t)op->len)
#define X(r) (h->x[r])
/* NOTE: test before clearing, so that integer code does no read-modify-write of capmask per
 * instruction (a store-forwarding chain through memory) */
#define SETX(r, v) do { \
	uint64_t v_ = (v); unsigned r_ = (r); \
	h->x[r_] = v_; \
	if (unlikely(h->capmask >> r_ & 1)) \
		h->capmask &= ~(1ULL << r_); } while (0)
#define FR(r) (h->f[r])
#define SETF(r, v) (h->f[r] = (v))
#define FS(r) f32_from(f32_unbox(h->f[r]))
#define FD(r) f64_from(h->f[r])
#define GETCAP(i) hart_cap(h, i)
#define SETCAP(i, c) hart_setcap(h, i, c)
#define PCC_CAP(a) creg_to_cap(&h->pcc, a)
#define CAPSEM (h->capsem)
#define CAP_CHECK(st, i1, c1, i2, c2) do { \
	cap_status s_ = (st); \
	if (unlikely(s_)) { \
		bool two_ = CAP_STATUS_OPERAND(s_) == 2; \
		hart_raise_cheri(h, two_ ? (unsigned)(i2) : (unsigned)(i1), CAP_STATUS_CAUSE(s_), two_ ? &(c2) : &(c1)); \
		RAISE(); \
	} } while (0)
#define LOAD(bits, auth, ea_expr) ({ \
	uint64_t ea_ = (ea_expr); unsigned a_ = (auth); uint##bits##_t v_; \
	if (unlikely((!(__builtin_constant_p(auth) && (auth) == REG_DDC) && !(h->capmask >> a_ & 1)) || \
		     ea_ - h->cm[a_].base >= h->cm[a_].lwin || \
		     mem_load##bits(m, ea_, &v_) != MEM_OK)) { \
		uint64_t w_; \
		if (!hart_load_slow(h, a_, ea_, bits / 8, &w_)) \
			RAISE(); \
		v_ = (uint##bits##_t)w_; \
	} \
	v_; })
#define STORE(bits, auth, ea_expr, val) do { \
	uint64_t ea_ = (ea_expr); unsigned a_ = (auth); uint##bits##_t v_ = (val); \
	if (unlikely((!(__builtin_constant_p(auth) && (auth) == REG_DDC) && !(h->capmask >> a_ & 1)) || \
		     ea_ - h->cm[a_].base >= h->cm[a_].swin || \
		     mem_store##bits(m, ea_, v_) != MEM_OK)) { \
		if (!hart_store_slow(h, a_, ea_, bits / 8, v_)) \
			RAISE(); \
	} } while (0)
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
	static const void *const labels[ID_COUNT] = {
#define INSN(id, body, ...) [ID_##id] = &&S_##body,
#include "hart/insns.def"
#undef INSN
	};
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
	struct dop o = { .h = labels[d.id], .imm = d.imm, .rd = d.rd, .rs1 = d.rs1, .rs2 = d.rs2, .len = d.len };
	struct dop *op = &o;
	goto *op->h;

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
#define GO_PCC(c, t) do { set_pcc(h, c); h->pc = (t); goto step_done; } while (0)
#define CODE_SYNC() do { if (m->code_epoch != h->code_epoch) hart_cache_flush(h); } while (0)
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
#undef CODE_SYNC
#undef INSTRET_NOW
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
	uint64_t left = budget, npc = h->pc, pagepc;
	bool force_step = false;
	enum hart_exit ret;
	if (!h->dummy)
		h->dummy = page_alloc(DUMMY_PAGE, false, &&L_reenter, &&L_reenter);
	struct dpage *pg = h->dummy;
	struct dop *op = pg->ops;
	pagepc = pg->pc;
	goto enter_slow;

#define SLOT ((unsigned)(op - pg->ops))
#define PC (pagepc + ((uint64_t)SLOT << 1))
#define RAISE() goto trap_exit
#define ENTER_OP() do { \
	unsigned b_ = pg->blen[SLOT]; \
	if (unlikely(left < b_) || unlikely(*spflag | atomic_load_explicit(&h->stop, memory_order_relaxed))) { \
		npc = PC; \
		goto enter_slow; \
	} \
	left -= b_; \
	goto *op->h; } while (0)
#define GO(t) do { \
	uint64_t t_ = (t), d_ = t_ - pagepc; \
	left += pg->blen[SLOT] - 1u; \
	if (likely(d_ < MEM_PAGE_SIZE)) { \
		op = &pg->ops[d_ >> 1]; \
		ENTER_OP(); \
	} \
	npc = t_; \
	goto enter_slow; } while (0)
#define PCC_TARGET_CHECK(t) do { \
	if (unlikely((t) - pagepc >= MEM_PAGE_SIZE) && unlikely(!pcc_target_ok(h, t))) { \
		struct cap p_ = PCC_CAP(PC); \
		hart_raise_cheri(h, CAP_INDEX_PCC, CAP_CAUSE_LENGTH, &p_); \
		RAISE(); \
	} } while (0)
#define GO_PCC(c, t) do { \
	if (pcc_same(h, c)) \
		GO(t); \
	left += pg->blen[SLOT] - 1u; \
	set_pcc(h, c); \
	npc = (t); \
	goto enter_slow; } while (0)
#define CODE_SYNC() do { \
	left += pg->blen[SLOT] - 1u; \
	npc = PC + LEN; \
	if (m->code_epoch != h->code_epoch) \
		hart_cache_flush(h); \
	goto enter_slow; } while (0)
#define INSTRET_NOW (h->instret + (budget - left) - pg->blen[SLOT])
#undef LEN
#define LEN 2u
#define NEXT do { op += 1; goto *op->h; } while (0)
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
#define NEXT do { op += 2; goto *op->h; } while (0)
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
	decode_block(h, pg, SLOT, labels, special);
	ENTER_OP();
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
	left += pg->blen[SLOT];
	npc = PC;
	force_step = true;
	goto enter_slow;

trap_exit:
	left += pg->blen[SLOT];
	h->pc = PC;
	finish_trap(h, h->pc, h->trap.cause == HART_CAUSE_FETCH_ACCESS ? 0 : insn_bits_at(h, h->pc));
	ret = HART_EXIT_TRAP;
	goto out;

enter_slow:
	h->pc = npc;
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
			if (unlikely(__atomic_load_n(&m->code_epoch, __ATOMIC_RELAXED) != h->code_epoch))
				hart_cache_flush(h);
			uint64_t pp = h->pc & ~(MEM_PAGE_SIZE - 1);
			if (page_fast_ok(h, pp)) {
				pg = page_get(h, pp, h->capmode, &&L_decode, &&L_pageend);
				pagepc = pp;
				op = &pg->ops[(h->pc - pp) >> 1];
				if (pg->blen[SLOT] == 0)
					decode_block(h, pg, SLOT, labels, special);
				unsigned b = pg->blen[SLOT];
				if (left >= b) {
					left -= b;
					goto *op->h;
				}
			}
		}
		force_step = false;
		pg = h->dummy;
		pagepc = pg->pc;
		op = pg->ops;
		int r = step_one(h, budget - left, false, 0);
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
	h->instret += budget - left;
	return ret;
}
#undef PC
#undef SLOT
#undef NEXT
#undef RAISE
#undef GO
#undef GO_PCC
#undef CODE_SYNC
#undef INSTRET_NOW

/* --trace and friends: every instruction through step_one, one line each */
static void trace_line(struct hart *h)
{
	char dis[96];
	hart_disasm(dis, sizeof dis, h->last_insn, h->capmode_at_fetch);
	unsigned rd = h->last_rd;
	if (rd && rd != REG_SINK && hart_insns[h->last_id].operands[0] != 'F')
		fprintf(h->trace, "%016llx: %08x  %-32s %s=%016llx\n", (unsigned long long)h->last_pc, h->last_insn, dis,
			hart_reg_name(rd), (unsigned long long)h->x[rd]);
	else if (rd && hart_insns[h->last_id].operands[0] == 'F')
		fprintf(h->trace, "%016llx: %08x  %-32s f%u=%016llx\n", (unsigned long long)h->last_pc, h->last_insn, dis,
			rd, (unsigned long long)h->f[rd]);
	else
		fprintf(h->trace, "%016llx: %08x  %s\n", (unsigned long long)h->last_pc, h->last_insn, dis);
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
		trace_line(h);
	}
	h->instret += budget - left;
	return ret;
}

enum hart_exit hart_run(struct hart *h, uint64_t budget, struct hart_trap *trap)
{
	fp_enter(h);
	if (__atomic_load_n(&h->m->code_epoch, __ATOMIC_ACQUIRE) != h->code_epoch)
		hart_cache_flush(h);
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

void hart_set_pcc_internal(struct hart *h, const struct cap *c) { set_pcc(h, c); }
