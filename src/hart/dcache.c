/* dcache.c - the pre-decoded instruction cache (STYLE 4): one page of decoded slots per
 * (page, encoding mode, translation domain: hart_dom_ok), found by open addressing, decoded lazily one block at a time.
 * When mem's code_epoch moves (a store hit a page some hart had decoded: a guest's store, or
 * a debugger's breakpoint), hart_code_sync drops exactly the pages mem logged for those bumps,
 * with their translations (jit_retire), in every mode and domain; everything only when the log
 * cannot tell (mem_code_changed) or the translator's buffer is full.
 * The handler values come from the fast instantiation in exec.c, which passes its tables in. */
#include <stdlib.h>

#include "hart/jit.h"

void hart_cache_flush(struct hart *h)
{
	for (uint64_t i = 0; i < h->npages_cap; i++) {
		free(h->pages[i]);
		h->pages[i] = NULL;
	}
	h->npages = 0;
	h->last_page[0] = h->last_page[1] = NULL;
	jit_reset(h);
	h->code_epoch = __atomic_load_n(&h->m->code_epoch, __ATOMIC_ACQUIRE);
}

static bool is_listed(const struct dpage *p, const uint64_t *list, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		if (p->pc >> MEM_PAGE_SHIFT == list[k])
			return true;
	return false;
}

static void page_put(struct dpage **table, uint64_t cap, struct dpage *p);

/* Drop the decoded pages of the guest pages listed (page numbers), in every mode and domain.
 * First every translation of theirs is retired (false, with the table untouched, when the
 * buffer runs out: the caller drops all), then the survivors move to a fresh table. */
static bool drop_pages(struct hart *h, const uint64_t *list, unsigned n)
{
	for (uint64_t i = 0; i < h->npages_cap; i++) {
		struct dpage *p = h->pages[i];
		if (!p || !is_listed(p, list, n))
			continue;
		for (unsigned s = 0; s < DPAGE_SLOTS; s++)
			if (p->ops[s].jit && p->ops[s].jit != JIT_NONE) {
				if (!jit_retire(h, p->ops[s].jit, p->pc + 2 * s))
					return false;
				p->ops[s].jit = JIT_NONE;
			}
	}
	struct dpage **n_table = calloc(h->npages_cap ? h->npages_cap : 1, sizeof *n_table);
	if (!n_table)
		abort();
	for (uint64_t i = 0; i < h->npages_cap; i++) {
		struct dpage *p = h->pages[i];
		if (!p)
			continue;
		if (is_listed(p, list, n)) {
			free(p);
			h->npages--;
		} else {
			page_put(n_table, h->npages_cap, p);
		}
	}
	free(h->pages);
	h->pages = n_table;
	return true;
}

void hart_code_sync(struct hart *h)
{
	uint64_t now = __atomic_load_n(&h->m->code_epoch, __ATOMIC_ACQUIRE), n = now - h->code_epoch;
	uint64_t list[MEM_CODE_LOG];
	bool ok = !h->jit_full && n <= MEM_CODE_LOG;
	for (uint64_t k = 0; ok && k < n; k++)
		ok = mem_code_changed(h->m, h->code_epoch + 1 + k, &list[k]);
	if (!ok || !drop_pages(h, list, (unsigned)n)) {
		hart_cache_flush(h);
		return;
	}
	h->last_page[0] = h->last_page[1] = NULL;
	h->jit_site = NULL;
	hart_gen_bump(h);   /* the jump cache may name retired translations */
	h->code_epoch = now;
}

static uint64_t page_hash(uint64_t key, uint64_t cap) { return (key >> 12 ^ key >> 24 ^ (key & 1) << 5) & (cap - 1); }

/* the key of a page for the hart's current domain: address | mode, the domain and the part of
 * the page PCC covers */
static uint64_t key_hash(uint64_t pc, bool capmode, uint64_t dom_reloc, uint8_t dom_flags, unsigned flo, unsigned fspan,
			 uint64_t cap)
{
	return page_hash((pc | capmode) ^ dom_reloc ^ (uint64_t)dom_flags << 13 ^ (uint64_t)flo << 1 ^ (uint64_t)fspan << 14,
			 cap);
}
static uint64_t page_key_hash(const struct dpage *p, uint64_t cap)
{
	return key_hash(p->pc, p->capmode, p->dom_reloc, p->dom_flags, p->flo, p->fspan, cap);
}

static void page_put(struct dpage **table, uint64_t cap, struct dpage *p)
{
	uint64_t j = page_key_hash(p, cap);
	while (table[j])
		j = (j + 1) & (cap - 1);
	table[j] = p;
}

struct dpage *hart_page_alloc(uint64_t pc, bool capmode, const void *decode, const void *pageend)
{
	struct dpage *p = malloc(sizeof *p);
	if (!p)
		abort();
	p->pc = pc;
	p->capmode = capmode;
	p->flo = 0;
	p->fspan = DPAGE_WHOLE_SPAN;
	for (unsigned i = 0; i < DPAGE_SLOTS; i++)
		p->ops[i] = (struct dop){ .h = decode, .len = 2 };
	for (unsigned i = DPAGE_SLOTS; i < DPAGE_SLOTS + 2; i++)
		p->ops[i] = (struct dop){ .h = pageend, .len = 2 };
	return p;
}

struct dpage *hart_page_get(struct hart *h, uint64_t pc, bool capmode, unsigned flo, unsigned fspan, const void *decode,
			   const void *pageend)
{
	/* this page as it would be keyed now (not a struct dpage on the stack: 64 KiB to zero) */
	if (h->npages_cap) {
		for (uint64_t i = key_hash(pc, capmode, h->pcc_reloc, h->dom_flags, flo, fspan, h->npages_cap);;
		     i = (i + 1) & (h->npages_cap - 1)) {
			struct dpage *p = h->pages[i];
			if (!p)
				break;
			if (p->pc == pc && p->capmode == capmode && hart_dom_ok(h, p) && p->flo == flo && p->fspan == fspan)
				return p;
		}
	}
	if (2 * (h->npages + 1) > h->npages_cap) {
		uint64_t ncap = h->npages_cap ? 2 * h->npages_cap : 64;
		struct dpage **n = calloc(ncap, sizeof *n);
		if (!n)
			abort();
		for (uint64_t i = 0; i < h->npages_cap; i++)
			if (h->pages[i])
				page_put(n, ncap, h->pages[i]);
		free(h->pages);
		h->pages = n;
		h->npages_cap = ncap;
	}
	struct dpage *p = hart_page_alloc(pc, capmode, decode, pageend);
	p->dom_flags = h->dom_flags;
	p->dom_reloc = h->pcc_reloc;
	p->flo = (uint16_t)flo;
	p->fspan = (uint16_t)fspan;
	page_put(h->pages, h->npages_cap, p);
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

/* rows whose body transfers with BRANCH(PC + IMM) */
static bool is_pc_relative(int id)
{
	switch (id) {
	case ID_beq: case ID_bne: case ID_blt: case ID_bge: case ID_bltu: case ID_bgeu: case ID_c_beqz: case ID_c_bnez:
	case ID_jal: case ID_c_j:
		return true;
	}
	return false;
}

/* Decode from `slot` to the end of its block and set blen along it. special[]: illegal, fetch
 * fault, step-one (an instruction straddling the page end). */
void hart_decode_block(struct hart *h, struct dpage *pg, unsigned slot, const void *const *const *labels,
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
		if ((unsigned)(2 * s - pg->flo) >= pg->fspan) {
			o->h = special[2];   /* outside PCC: step_one raises it (struct dpage) */
			o->jit = JIT_NONE;
			break;
		}
		if (mem_load16(h->m, pc, &lo) != MEM_OK) {
			o->h = special[1];
			break;
		}
		uint32_t insn = lo;
		if ((lo & 3) == 3) {
			o->len = 4;
			/* across the end of the part PCC covers, or of the page (a whole page's part) */
			if ((unsigned)(2 * s + 2 - pg->flo) >= pg->fspan) {
				o->h = special[2];
				o->jit = JIT_NONE;
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
		if (is_pc_relative(d.id)) {
			/* in the page and where PCC lets a block start: no target check (exec.c BRANCH) */
			int64_t t = 2 * (int64_t)s + d.imm;
			o->near = t >= 0 && (uint64_t)(t - pg->flo) < pg->fspan;
		}
		if (ends_block(d.id))
			break;
		s += d.len / 2;
	}
	for (unsigned i = 0; i < n; i++)
		pg->ops[list[i]].blen = (uint16_t)(n - i);
}

