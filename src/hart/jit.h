/* jit.h - the block translator: hot guest blocks as x86-64 code (jit.c).
 *
 * What it translates: RV64IM integer instructions, loads and stores (DDC-authorised in integer
 * mode, capability-authorised in capability mode), conditional branches, JAL and JALR, D
 * arithmetic, F/D loads and stores, fmv and sign injection, and the capability instructions of
 * jit_cap.c (CLC/CSC, CIncOffset, CSetBounds, CGet*, ...: their interpreter bodies called from
 * the translated code, which leave before any effect when they would trap; not transfers, not
 * DDC writes). Everything else ends the translated block and is left to the interpreter (exec.c). Translated code takes only fast paths: any
 * access the interpreter's fast path would not take (bounds window, permissions, tag, unmapped
 * or tagged or code page, misalignment), any division by 0 or -1, a NaN result or a rounding
 * mode other than frm's, any transfer it cannot prove to stay inside PCC leaves the block
 * *before* that instruction has any effect, and the interpreter executes it with every check
 * in order. So traps, check order and xtval are the interpreter's, by construction.
 * Per-domain validity: translations take the domain as constant (PCC.base under relocation,
 * whether DDC.base is subtracted, whether DDC is relocated: hart_dom_ok). Decoded pages, and so
 * their translations, are kept per (page, mode, domain) (dcache.c): switching between cVMs
 * keeps both sets, and a block is only entered from a page of the current domain (exec.c).
 *
 * Contract with exec.c (run_fast):
 * - code = jit_translate(h, pg, slot) for a block entry of a page that lies wholly inside the
 *   fetch window of the current PCC (page_fast_ok); JIT_NONE if the first instruction is not
 *   translatable.
 * - r = h->jit_enter(h, code) runs it with h->jchunk as the budget chunk; every block charges
 *   its length on entry and refunds what it did not run. r is a guest pc: even = "continue
 *   there" (nothing charged for it), odd (pc | 1) = "the interpreter must run the instruction at
 *   pc" (not charged either). h->jit_site is a patchable jump for the continuation or NULL.
 * - The jump cache maps (pc, pcc_gen) to code; exec.c inserts every block it enters, and the
 *   translated JALR/far branches use it. pcc_gen moves whenever PCC or the domain changes or
 *   code is flushed, so a hit means "translated for this PCC and domain, on a page wholly inside
 *   it". A (PCC, domain) seen before gets its old generation back while no code was flushed
 *   (hart_gen_pcc), so a return through the switcher finds its entries again.
 */
#ifndef INTRAVISOR_HART_JIT_H
#define INTRAVISOR_HART_JIT_H

#include "hart/hart_priv.h"

#define JIT_NONE ((void *)1)

bool jit_init(struct hart *h);         /* false: no JIT for this hart (h->jit stays NULL) */
void jit_free(struct hart *h);
void jit_reset(struct hart *h);        /* drop every translation (with hart_cache_flush) */
void *jit_translate(struct hart *h, const struct dpage *pg, unsigned slot);
void jit_link(struct hart *h, void *site, const void *code);   /* patch a continuation jump */
/* Retire the translation `code` of the block at pc (its guest bytes changed): its entry becomes
 * a jump to a new exit "continue at pc", so blocks chained to it leave to the interpreter's
 * loop, which finds the page decoded anew. False when the buffer has no room (drop all). */
bool jit_retire(struct hart *h, void *code, uint64_t pc) __attribute__((warn_unused_result));

static inline void jit_jc_insert(struct hart *h, uint64_t pc, void *code)
{
	struct jc_entry *e = &h->jc[(pc >> 1) & (JC_SIZE - 1)];
	e->pc = pc;
	e->gen = h->pcc_gen;
	e->code = code;
}

#endif
