/* hart_priv.h - the hart's state, the pre-decoded instruction cache and the inline helpers
 * shared by the decoder, the two interpreter instantiations (exec.c) and hart.c.
 *
 * Register file (cheri-riscv.md 4.1): x[i] is the address of c[i]; cvalid[i] != 0 says that
 * cm[i] holds c[i]'s metadata. An integer write is `x[rd] = v; cvalid[rd] = 0` (two plain
 * stores, no read-modify-write chain), and a register whose cvalid is 0 is NULL-derived
 * (untagged, NULL pesbt, bounds [0, 2^64)). cvalid CV_LAZY (translated CLC, jit_capmem.c): cm
 * holds pesbt and tag, the bounds are not decoded yet (base ~0, top 0, every window 0, so
 * every fast path fails and cjalr's compare with PCC too); hart_cap decodes them from pesbt
 * and x[i] (which nothing changes while the state lasts: an address move needs rwin or
 * rewrites the register), hart_settle stores them. Index 32 is a write sink (rd = x0 is
 * decoded as 32), index 33 is DDC (its cvalid is always 1).
 */
#ifndef INTRAVISOR_HART_PRIV_H
#define INTRAVISOR_HART_PRIV_H

#include <stdatomic.h>

#include "hart/hart.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define REG_SINK 32
#define REG_DDC  33
#define CAP_INDEX_PCC 32
#define CAP_INDEX_DDC 33

/* Capability metadata of a register (address lives in x[]). The access windows make the data
 * fast path one compare: an access of <= 16 bytes at ea is certainly allowed when
 * ea - base < lwin (load) / swin (store), which also puts ea below mem_lim (the limit of mem's
 * own fast paths); anything else takes the slow path, which does every
 * check of cheri-riscv.md 4.4 in order. */
struct creg {
	uint64_t pesbt;
	uint64_t base;
	cap_u128 top;
	uint64_t lwin, swin;
	/* rwin: CIncOffset of a tagged, unsealed capability to a' keeps its metadata when
	 * a' - base < rwin, i.e. a' inside the bounds or at top (one past the end: a stack
	 * pointer back at the top of its stack, a cursor at the end of its object): from any
	 * address the capability may have, cap_is_representable_fast then says yes
	 * (test_cap_props); 0 otherwise */
	uint64_t rwin;
	bool tag;
};

/* What a change of PCC leaves in the hart besides pc: PCC with its windows, and what follows
 * from it in the domain (hart_pcc_changed_of): its generation, fetch window, mode and
 * relocation (pcc_after_keep, pcc_after_apply; the jump memos) */
struct pcc_after {
	struct creg pcc;
	uint64_t gen, fetch_lo, pcc_reloc;
	cap_u128 fetch_hi;
	bool capmode;
};

#define JMEMO_SET_BITS 4
#define JMEMO_WAYS 2
#define JMEMO_HASH 0x9e3779b97f4a7c15ULL
/* the set (its first entry: JMEMO_WAYS entries from there) of a jump memo (struct hart cimemo,
 * cjmemo) for key word w under PCC generation gen */
static inline unsigned jump_memo_set(uint64_t w, uint64_t gen)
{
	return (unsigned)(((w ^ gen) * JMEMO_HASH) >> (64 - JMEMO_SET_BITS)) * JMEMO_WAYS;
}

/* One pre-decoded instruction slot (one per 16-bit parcel of a page). The handler is the
 * address of a label of the fast instantiation (gcc "labels as values"), so dispatch is one
 * indirect jump through the slot. blen: the number of instructions from this slot to the end of
 * its block (first unconditional control transfer, trap-only op, or page end); 0 while
 * undecoded. 32 bytes, so that a slot index is a shift. */
struct dop {
	const void *h;
	int32_t imm;
	uint16_t blen;
	uint8_t rd, rs1, rs2;
	uint8_t len;     /* 2 or 4 bytes */
	uint8_t near;    /* branch/jal whose target lies in the same page (decode_block) */
	uint8_t pad[5];
	/* translated code for a block entered here (jit.h): NULL = not tried yet, JIT_NONE = none */
	void *jit;
};
_Static_assert(sizeof(struct dop) == 32, "dop is 32 bytes");

#define DPAGE_SLOTS (MEM_PAGE_SIZE / 2)
#define JC_SIZE 1024   /* jump cache entries (jit.h) */
/* A decoded page for one encoding mode; ops[DPAGE_SLOTS..+1] are "fall off the page"
 * sentinels. */
struct dpage {
	uint64_t pc;      /* page address */
	bool capmode;
	/* the translation domain its ops[].jit were made for (hart_dom_ok): pages are kept per
	 * (page, mode, domain), so switching cVMs keeps every domain's translations */
	uint8_t dom_flags;
	uint64_t dom_reloc;
	/* the part of the page PCC lets the hart fetch: an instruction may start at byte t of
	 * the page iff t - flo < fspan (unsigned). A page wholly inside PCC: 0 and
	 * DPAGE_WHOLE_SPAN. A page PCC covers in part, bytes [lo, hi) of it (a function reached
	 * through a sentry bounded to itself, any PCC narrower than a page): lo and hi - lo - 1
	 * (room for 2 bytes), in a dpage of its own, keyed by these too: its slots outside them
	 * are "step one" (step_one raises the fetch violation in order; never translated), and
	 * branches and translated transfers leave them only through the full target check (exec.c
	 * PCC_TARGET_CHECK, jit_emit.c near). Before, every instruction of such a page went
	 * through step_one: a loop under a PCC of 28 bytes ran at 87 ns per iteration, 1.1 ns with
	 * a whole-page PCC. */
	uint16_t flo, fspan;
	struct dop ops[DPAGE_SLOTS + 2];
};
/* a page PCC covers wholly */
#define DPAGE_WHOLE_SPAN MEM_PAGE_SIZE

struct hart {
	uint64_t x[34];
	uint8_t cvalid[40];
	struct creg cm[34];
	uint64_t f[32];
	uint32_t fflags, frm;
	uint64_t pc;
	struct creg pcc;  /* address = pc */
	bool capmode;     /* PCC.flags */
	/* Fetch window derived from PCC: [fetch_lo, fetch_hi) may be fetched (empty if PCC is
	 * untagged, sealed or lacks Execute). */
	uint64_t fetch_lo;
	cap_u128 fetch_hi;
	uint64_t instret;
	/* LR/SC reservation */
	bool res_valid;
	uint64_t res_addr, res_val;
	unsigned res_size;
	uint64_t res_lo, res_hi;
	bool res_tag;

	unsigned capsem;  /* CAP_V9 or CAP_LEGACY */
	struct hart_options opt;
	struct mem *m;
	/* copies of mem's constant fields for the inline access paths (exec.c): one load less on
	 * every access than going through m (which the big interpreter function keeps spilled) */
	uint8_t *arena;
	const uint8_t *page_flags;
	uint8_t *tag_bytes;   /* mem's tags (a byte per granule), for translated data stores to pages with tags */
	uint64_t *page_locks; /* mem's page locks and shadow, for translated capability stores of the owner */
	uint8_t *shadow;
	uint64_t mem_lim;   /* m->size - 16, as mem's own fast paths compare */
	/* Integer-mode (DDC) accesses at integer address a, relocated or not (hart_ddc_view):
	 * certainly allowed when a - ddc_sub < ddc_lwin / ddc_swin; then the host bytes are at
	 * ddc_arena + a and the page flags at ddc_pflags[a >> MEM_PAGE_SHIFT]. Without relocation
	 * these are DDC.base, DDC's windows, arena and page_flags; with it, DDC.base is folded into
	 * ddc_arena and ddc_pflags, and ddc_sub is 0: the fast paths cost the same either way.
	 * ddc_reloc / pcc_reloc: DDC.base / PCC.base when relocating, else 0 (slow paths). */
	uint8_t *ddc_arena;
	const uint8_t *ddc_pflags;
	uint64_t ddc_sub, ddc_lwin, ddc_swin;
	uint64_t ddc_reloc, pcc_reloc;
	/* what a translation takes as constant besides pcc_reloc (jit.h): DOM_DDC_SUB0 = ddc_sub
	 * is 0 (no subtraction emitted), DOM_DDC_RELOC = ddc_reloc != 0 (no capability-authorised
	 * accesses translated, r12/r13 hold the DDC view) */
	uint8_t dom_flags;
	struct mem_thread *mt;
	const volatile int *spflag;
	atomic_int stop;
	FILE *trace;
	/* the last instruction run by step_one (trace) */
	uint64_t last_pc;
	uint32_t last_insn;
	unsigned last_rd;
	int last_id;
	/* and for --trace=cap,mem (trace.c): its rs1 value before it ran, rs2 (and its value), imm */
	uint64_t last_rs1v, last_rs2v;
	unsigned last_rs2;
	int32_t last_imm;
	/* what the trace prints (hart.h HART_TRACE_*; 0 = instructions only) and for which pcs:
	 * [trace_lo, trace_lo + trace_len), trace_len 0 = every pc; traced: instructions printed */
	unsigned trace_what;
	uint64_t trace_lo, trace_len, traced;
	bool capmode_at_fetch;
	struct dpage *dummy;  /* "no current page": every slot re-enters the slow path */
	/* the cached pages the slow path entered last, most recent first (NULL after a flush): a
	 * call through the switcher and its return alternate between two */
	struct dpage *last_page[2];
	struct hart_trap trap;  /* the pending trap record */

	/* bounds of recently loaded capabilities: (raw pesbt, address) -> (base, top), exact
	 * (cc128 bounds are a function of those two), so a CLC of a capability seen before skips
	 * the decode (access.c) */
	struct bounds_memo {
		uint64_t pesbt, addr, base;
		cap_u128 top;
		bool valid;
	} memo[64];

	/* the block translator (jit.h): NULL when off (legacy semantics, trace, or no memory) */
	struct jit *jit;
	uint64_t (*jit_enter)(struct hart *h, const void *code);   /* the entry stub */
	uint64_t jchunk;      /* budget chunk while translated code runs */
	void *jit_site;       /* the continuation jump of the last exit (or NULL) */
	uint64_t pcc_gen;     /* moves whenever PCC or the domain changes or translations are dropped */
	/* pcc_gen per (PCC, domain) since translations were last dropped (hart_gen_pcc): a PCC
	 * that comes back (a call through the switcher and its return) gets its generation back,
	 * so its jump cache entries still hit; gen 0 = empty. gen_last: the last one handed out. */
	struct gen_memo {
		uint64_t pesbt, base, reloc, ddc_reloc, gen;
		cap_u128 top;
		uint8_t tag, dom_flags;
	} gmemo[4];
	uint64_t gen_last;
	unsigned gmemo_next;
	/* Jumps to another PCC that passed, for the same jump again from the same PCC and domain
	 * (pcc_gen names one until translations are dropped, which clears these too) without its
	 * decode, checks, windows and generation search; two-way set-associative (jump_memo_set,
	 * jump_memo_way), read inline by translated code (jit_emit.c jit_emit_jump_memo_hit).
	 * cimemo: CInvokes whose operands are as CLC left them (CV_LAZY: the trampolines' sealed
	 * pairs, jit_gate.c), keyed by the address and pesbt of the code and of the data
	 * capability (both tagged: the result is a function of these and mem_lim): c31 and PCC.
	 * cjmemo: CJALRs to another capability (jit_cap_cjalr), keyed by the pesbt, base and top
	 * of the decoded, tagged c[rs1], for a target in bounds (t - base < tspan: t >= base and
	 * t + 2 <= top): PCC and the link (the old PCC as a sentry). */
	struct cinvoke_memo {
		uint64_t from_gen, code_addr, code_pesbt, data_addr, data_pesbt;
		struct creg c31;
		struct pcc_after to;
		uint8_t pad[16];   /* 256 bytes: an entry's offset is a shift */
	} cimemo[JMEMO_WAYS << JMEMO_SET_BITS];
	struct cjalr_memo {
		uint64_t from_gen, pesbt, base;
		cap_u128 top;
		uint64_t tspan;
		struct creg link;
		struct pcc_after to;
	} cjmemo[JMEMO_WAYS << JMEMO_SET_BITS];
	unsigned jmemo_turn;   /* the way a new entry takes when both are in use (jump_memo_way) */
	bool jit_full;        /* the code buffer is full: flush at the next safe point */
	struct jc_entry {
		uint64_t pc, gen;
		void *code;
		uint64_t pad;
	} jc[JC_SIZE];

	/* decoded page cache: open addressing on (page, mode) */
	struct dpage **pages;
	uint64_t npages_cap, npages;
	uint64_t code_epoch;
};

/* ---- fences ----
 * A decoded fence's imm is bits 31:20: fm (11:8), pred PI PO PR PW (7:4), succ SI SO SR SW (3:0).
 * RVWMO (RISC-V unprivileged spec, "Memory Ordering Instructions"): a fence orders every access
 * of its predecessor set before every access of its successor set. x86-TSO already orders
 * load->load, load->store and store->store; only store->load needs a full barrier. So a fence
 * costs an mfence exactly when a write (W, or O for device output) precedes and a read (R or I)
 * follows, except fence.tso (fm 1000 with rw,rw), which by definition leaves W->R unordered. */
static inline bool hart_fence_orders_store_load(int32_t imm)
{
	unsigned fm = (unsigned)imm >> 8 & 15, pred = (unsigned)imm >> 4 & 15, succ = (unsigned)imm & 15;
	if (fm == 8 && pred == 3 && succ == 3)
		return false;
	return (pred & 5) && (succ & 10);
}

_Static_assert(sizeof(struct cjalr_memo) == 256 && sizeof(struct cinvoke_memo) == 256, "jump memo entries are 256 bytes");

/* the way of a set a new entry takes: an empty one, else each in turn (from_gen 0: empty) */
static inline unsigned jump_memo_way(struct hart *h, uint64_t gen0, uint64_t gen1)
{
	return !gen0 ? 0 : !gen1 ? 1 : (h->jmemo_turn ^= 1);
}
#define JUMP_MEMO_NEW(h, memo, set) (&(memo)[(set) + jump_memo_way(h, (memo)[set].from_gen, (memo)[(set) + 1].from_gen)])

/* *d = *s field by field: gcc makes a 64-byte struct assignment a `rep movs` (~30 cycles of
 * microcode here) or a copy through the stack */
static inline void creg_copy(struct creg *d, const struct creg *s)
{
	d->pesbt = s->pesbt;
	d->base = s->base;
	d->top = s->top;
	d->lwin = s->lwin;
	d->swin = s->swin;
	d->rwin = s->rwin;
	d->tag = s->tag;
}

static inline void pcc_after_keep(const struct hart *h, struct pcc_after *a)
{
	creg_copy(&a->pcc, &h->pcc);
	a->gen = h->pcc_gen;
	a->fetch_lo = h->fetch_lo;
	a->fetch_hi = h->fetch_hi;
	a->capmode = h->capmode;
	a->pcc_reloc = h->pcc_reloc;
}
static inline void pcc_after_apply(struct hart *h, const struct pcc_after *a)
{
	creg_copy(&h->pcc, &a->pcc);
	h->pcc_gen = a->gen;
	h->fetch_lo = a->fetch_lo;
	h->fetch_hi = a->fetch_hi;
	h->capmode = a->capmode;
	h->pcc_reloc = a->pcc_reloc;
}

/* ---- register access ---- */
static inline void creg_windows(struct creg *c, uint64_t mem_lim)
{
	/* w = min(top - base - 15, mem_lim - base), or 0: ea - base < w  =>  ea + 16 <= top and
	 * ea < mem_lim (mem's fast-path limit). A top >= 2^64 leaves only the mem_lim bound,
	 * since mem_lim < 2^64 - 15. */
	uint64_t base = c->base, t = (uint64_t)c->top;
	uint64_t w = base < mem_lim ? mem_lim - base : 0;
	if (!(c->top >> 64)) {
		uint64_t cw = t > base && t - base >= 16 ? t - base - 15 : 0;
		w = cw < w ? cw : w;
	}
	uint32_t perms = (uint32_t)((c->pesbt >> 48) & 0xfff);
	bool ok = c->tag && ((c->pesbt >> 27) & 0x3ffff) == CAP_OTYPE_UNSEALED;
	c->lwin = ok && (perms & CAP_PERM_LOAD) ? w : 0;
	c->swin = ok && (perms & CAP_PERM_STORE) ? w : 0;
	/* top - base + 1 (top itself included), saturated at 2^64 - 1 (the address 2^64 - 1 of a
	 * full-range capability takes the slow path); 0 when top <= base. A move to top used to
	 * call the body: every return of a handler's outermost frame to the top of its stack */
	cap_u128 len = c->top > base ? c->top - base : 0;
	c->rwin = ok && len ? (len >= UINT64_MAX ? UINT64_MAX : (uint64_t)len + 1) : 0;
}

/* the limit of mem's own fast paths every window stays below (struct hart.mem_lim) */
static inline uint64_t mem_lim_of(const struct mem *m) { return m->size - 16; }

static inline struct creg creg_from_cap(const struct cap *c, uint64_t mem_lim)
{
	struct creg r = { .pesbt = c->pesbt, .base = c->base, .top = c->top, .tag = c->tag };
	creg_windows(&r, mem_lim);
	return r;
}

static inline struct cap creg_to_cap(const struct creg *r, uint64_t addr)
{
	return (struct cap){ .addr = addr, .pesbt = r->pesbt, .base = r->base, .top = r->top, .tag = r->tag };
}

/* CIncOffset's common case (the interpreter's fast path): c[i] tagged and unsealed (rwin > 0)
 * and addr inside its bounds or at top, so addr is representable and the result is c[i] with addr
 * (cheri-riscv.md 5.4); anything else takes cap_inc_offset. */
static inline bool hart_cap_move_in_bounds(const struct hart *h, unsigned i, uint64_t addr)
{
	return h->cvalid[i] && addr - h->cm[i].base < h->cm[i].rwin;
}

enum { CV_CAP = 1, CV_LAZY = 2 };

static inline struct cap hart_cap(const struct hart *h, unsigned i)
{
	if (i == 0)
		return cap_null();
	if (likely(h->cvalid[i] == CV_CAP))
		return creg_to_cap(&h->cm[i], h->x[i]);
	if (h->cvalid[i])
		return cap_decode(h->cm[i].pesbt, h->x[i], h->cm[i].tag);
	return cap_from_int(h->x[i]);
}

/* c[i] as memory holds it (pesbt in memory form), its bounds left to hart_cap / hart_settle */
static inline void hart_setcap_lazy(struct hart *h, unsigned i, uint64_t addr, uint64_t mem_pesbt, bool tag)
{
	if (i == 0 || i == REG_SINK)
		return;
	h->x[i] = addr;
	if (!tag && mem_pesbt == 0) {   /* memory form of NULL's pesbt */
		h->cvalid[i] = 0;
		return;
	}
	struct creg *r = &h->cm[i];
	r->pesbt = mem_pesbt ^ CAP_NULL_XOR_MASK;
	r->tag = tag;
	r->base = ~0ULL;
	r->top = 0;
	r->lwin = r->swin = r->rwin = 0;
	h->cvalid[i] = CV_LAZY;
}

static inline void hart_setcap(struct hart *h, unsigned i, const struct cap *c)
{
	if (i == 0 || i == REG_SINK)
		return;
	h->x[i] = c->addr;
	if (!c->tag && c->pesbt == CAP_NULL_PESBT) {
		h->cvalid[i] = 0;
		return;
	}
	struct creg *r = &h->cm[i];
	r->pesbt = c->pesbt;
	r->base = c->base;
	r->top = c->top;
	r->tag = c->tag;
	creg_windows(r, h->mem_lim);
	h->cvalid[i] = CV_CAP;
}

/* CSetBounds (cheri-riscv.md 5.5) of a decoded, tagged, unsealed c[rs1] to a length below 2^12
 * (CAP_SMALL_LEN: IE = 0, exact at any address) that lies inside its bounds: the result, tagged,
 * on the register's fields (no struct cap through memory), and true; else false (the body's
 * general path: every other case, each check in order). Bounds, stack objects and fields of
 * pure-cap code are mostly this small. */
static inline bool hart_set_bounds_small(struct hart *h, unsigned rd, unsigned rs1, uint64_t len)
{
	if (rs1 == 0 || h->cvalid[rs1] != CV_CAP || len >= CAP_SMALL_LEN)
		return false;
	const struct creg *c = &h->cm[rs1];
	uint64_t a = h->x[rs1], t = a + len, pesbt = c->pesbt;
	/* the new top in 64-bit halves (t, carry): 128-bit temporaries went through the stack */
	uint64_t ctop_hi = (uint64_t)(c->top >> 64), ctop_lo = (uint64_t)c->top, carry = t < a;
	if (!c->tag || ((pesbt >> 27) & 0x3ffff) != CAP_OTYPE_UNSEALED || a < c->base || carry > ctop_hi ||
	    (carry == ctop_hi && t > ctop_lo))
		return false;
	if (rd == 0 || rd == REG_SINK)
		return true;
	struct creg *r = &h->cm[rd];
	r->pesbt = cap_pesbt_small_bounds(pesbt, a, len);
	r->base = a;
	r->top = (cap_u128)carry << 64 | t;
	r->tag = true;
	/* creg_windows for this case: w = min(len - 15 (or 0), mem_lim - a), carry: mem_lim - a */
	uint64_t w = a < h->mem_lim ? h->mem_lim - a : 0;
	if (!carry) {
		uint64_t cw = len >= 16 ? len - 15 : 0;
		w = cw < w ? cw : w;
	}
	uint32_t perms = (uint32_t)((pesbt >> 48) & 0xfff);
	r->lwin = perms & CAP_PERM_LOAD ? w : 0;
	r->swin = perms & CAP_PERM_STORE ? w : 0;
	r->rwin = len ? len + 1 : 0;
	h->x[rd] = a;
	h->cvalid[rd] = CV_CAP;
	return true;
}

/* A CV_LAZY register's bounds decoded (through the bounds memo) and stored: its windows then
 * open the fast paths (access.c; translated code calls it from a stub, jit_emit.c) */
void hart_settle_slow(struct hart *h, unsigned i);
static inline void hart_settle(struct hart *h, unsigned i)
{
	if (unlikely(h->cvalid[i] == CV_LAZY))
		hart_settle_slow(h, i);
}

enum { DOM_DDC_SUB0 = 1, DOM_DDC_RELOC = 2 };

/* Whether pg's translations were made for the hart's current domain (pcc_reloc, dom_flags). */
static inline bool hart_dom_ok(const struct hart *h, const struct dpage *pg)
{
	return pg->dom_reloc == h->pcc_reloc && pg->dom_flags == h->dom_flags;
}

/* The integer-mode access view of DDC (struct hart, ddc_*). With relocation the fast path needs
 * a page-aligned DDC.base (page flags and page crossings are found from the offset); otherwise
 * every integer access takes the slow path, which relocates and checks in full. */
static inline void hart_ddc_view(struct hart *h)
{
	const struct creg *d = &h->cm[REG_DDC];
	if (!h->opt.relocate) {
		h->ddc_sub = d->base;
		h->ddc_lwin = d->lwin;
		h->ddc_swin = d->swin;
		h->ddc_arena = h->arena;
		h->ddc_pflags = h->page_flags;
		h->ddc_reloc = 0;
		return;
	}
	bool aligned = !(d->base & (MEM_PAGE_SIZE - 1));
	h->ddc_sub = 0;
	h->ddc_lwin = aligned ? d->lwin : 0;
	h->ddc_swin = aligned ? d->swin : 0;
	/* NOTE: only formed as pointers when base < mem size (the windows are 0 otherwise) */
	h->ddc_arena = d->base < h->mem_lim ? h->arena + d->base : h->arena;
	h->ddc_pflags = d->base < h->mem_lim ? h->page_flags + (d->base >> MEM_PAGE_SHIFT) : h->page_flags;
	if (d->base >= h->mem_lim)
		h->ddc_lwin = h->ddc_swin = 0;
	h->ddc_reloc = d->base;
}

/* PCC or the domain changed: the generation of this (PCC, domain) if it was current before
 * and no translation was dropped since (every jump cache entry made under it is still right:
 * same bounds, permissions, mode and domain, same code), else a new one (jit.h) */
static inline void hart_gen_pcc_of(struct hart *h, const struct creg *p)
{
	for (unsigned k = 0; k < 4; k++) {
		const struct gen_memo *g = &h->gmemo[k];
		if (g->gen && g->pesbt == p->pesbt && g->base == p->base && g->top == p->top && g->tag == p->tag &&
		    g->reloc == h->pcc_reloc && g->dom_flags == h->dom_flags && g->ddc_reloc == h->ddc_reloc) {
			h->pcc_gen = g->gen;
			return;
		}
	}
	h->pcc_gen = ++h->gen_last;
	h->gmemo[h->gmemo_next++ & 3] = (struct gen_memo){ .pesbt = p->pesbt, .base = p->base, .reloc = h->pcc_reloc,
							    .ddc_reloc = h->ddc_reloc, .gen = h->pcc_gen, .top = p->top,
							    .tag = p->tag, .dom_flags = h->dom_flags };
}
static inline void hart_gen_pcc(struct hart *h) { hart_gen_pcc_of(h, &h->pcc); }

/* What follows from PCC (after a write of h->pcc): the fetch window (empty unless tagged,
 * unsealed, with Execute), the mode, the relocation, the generation */
/* p: h->pcc, or what was just copied there (read from the source: the loads of the copy's
 * fields in other widths than its stores would wait for them) */
static inline void hart_pcc_changed_of(struct hart *h, const struct creg *p)
{
	bool ok = p->tag && ((p->pesbt >> 27) & 0x3ffff) == CAP_OTYPE_UNSEALED &&
		  ((p->pesbt >> 48) & CAP_PERM_EXECUTE);
	h->fetch_lo = ok ? p->base : 1;
	h->fetch_hi = ok ? p->top : 0;
	h->capmode = (p->pesbt >> 45) & 1;
	h->pcc_reloc = h->opt.relocate ? p->base : 0;
	hart_gen_pcc_of(h, p);   /* jump cache entries were proved for the old PCC (jit.h) */
}
static inline void hart_pcc_changed(struct hart *h) { hart_pcc_changed_of(h, &h->pcc); }

/* PCC = c, pc = its address. Inline: where c was just made (a jump's target, exec.c,
 * jit_cap.c, jit_gate.c), passed through memory to a call, its fields written one by one and
 * read back in wider loads stalled on store forwarding, half the cost of a CJALR to another PCC
 * in translated code */
static inline __attribute__((always_inline)) void hart_pcc_set_fields(struct hart *h, uint64_t addr, uint64_t pesbt,
								     uint64_t base, cap_u128 top, bool tag)
{
	struct creg r = { .pesbt = pesbt, .base = base, .top = top, .tag = tag };
	creg_windows(&r, h->mem_lim);
	struct creg *p = &h->pcc;   /* field by field: a whole-struct copy went through the stack */
	p->pesbt = r.pesbt;
	p->base = r.base;
	p->top = r.top;
	p->lwin = r.lwin;
	p->swin = r.swin;
	p->rwin = r.rwin;
	p->tag = r.tag;
	h->pc = addr;
	hart_pcc_changed_of(h, &r);
}
static inline void hart_pcc_set(struct hart *h, const struct cap *c)
{
	hart_pcc_set_fields(h, c->addr, c->pesbt, c->base, c->top, c->tag);
}

/* translations were dropped or retired: no generation made so far may be reused */
static inline void hart_gen_bump(struct hart *h)
{
	memset(h->gmemo, 0, sizeof h->gmemo);
	memset(h->cjmemo, 0, sizeof h->cjmemo);
	memset(h->cimemo, 0, sizeof h->cimemo);
	h->pcc_gen = ++h->gen_last;
}

/* after hart_ddc_view: a new domain makes the jump cache's entries stale (jit.h) */
static inline uint8_t hart_dom_flags_of(const struct hart *h)
{
	return (uint8_t)((h->ddc_sub == 0 ? DOM_DDC_SUB0 : 0) | (h->ddc_reloc ? DOM_DDC_RELOC : 0));
}
static inline void hart_dom_update(struct hart *h)
{
	uint8_t f = hart_dom_flags_of(h);
	if (f != h->dom_flags) {
		h->dom_flags = f;
		hart_gen_pcc(h);
	}
}

static inline void hart_ddc_write(struct hart *h, const struct cap *c)
{
	h->x[REG_DDC] = c->addr;
	h->cm[REG_DDC] = creg_from_cap(c, h->mem_lim);
	h->cvalid[REG_DDC] = 1;
	hart_ddc_view(h);
	hart_dom_update(h);
}

/* the decoded instruction: row id + fields (decode.c) */
struct decoded {
	int id;          /* ID_* row, or -1 = illegal */
	uint8_t rd, rs1, rs2, len;
	int32_t imm;
};

enum insn_id {
#define INSN(id, ...) ID_##id,
#include "hart/insns.def"
#undef INSN
	ID_COUNT
};

struct insn_row {
	const char *mnemonic;
	uint32_t match, mask;
	uint8_t fmt, mode;
	const char *operands;
	const char *name;
};
extern const struct insn_row hart_insns[ID_COUNT];
enum { MODE_ANY, MODE_INT, MODE_CAP };
/* What row id writes in rd: 'x' an integer register, 'c' a capability register, 'f' an FP
 * register, 0 nothing (stores, branches, CClear: their rd field is not a destination). */
char hart_insn_writes(int id);

/* Decode one instruction (16-bit ones in the low half). Returns false for illegal encodings;
 * d->id = -1 then. rd == 0 is mapped to REG_SINK for every row that writes rd. */
bool hart_decode(uint32_t insn, bool capmode, struct decoded *d);

/* dcache.c: labels[len == 4][id] and special[] (illegal, fetch fault, step-one) are handler
 * values of the fast instantiation */
void hart_cache_flush(struct hart *h);
void hart_code_sync(struct hart *h);   /* after mem's code_epoch moved (dcache.c) */
struct dpage *hart_page_alloc(uint64_t pc, bool capmode, const void *decode, const void *pageend);
struct dpage *hart_page_get(struct hart *h, uint64_t pc, bool capmode, unsigned flo, unsigned fspan, const void *decode,
			   const void *pageend);
void hart_decode_block(struct hart *h, struct dpage *pg, unsigned slot, const void *const *const *labels,
		       const void *const *special);

/* exec.c */
const char *hart_csr_name(unsigned csr);
const char *hart_reg_name(unsigned i);
/* trace.c: the --trace=cap,mem lines of the instruction step_one just ran */
void hart_trace_detail(struct hart *h);

/* host FP environment (fp.c) */
void fp_enter(struct hart *h);
void fp_leave(struct hart *h);
uint32_t fp_collect_flags(struct hart *h);

#endif
