/* jit_capmem.c - capability loads and stores of translated code that the inline paths of
 * jit_emit.c (emit_clc, emit_csc) do not finish: a page lock held by a writer, a tagged value
 * to a page another thread owns or shares, a page's first tag, pages with code, a value
 * failing the per-value permission checks. One lean call each, with the contract of jit_cap.c (0 done, 1 leave
 * to the interpreter before any effect).
 *
 * Precondition, established inline by the caller (cap16_checks): the authorising capability
 * c[rs1] is in cm (cvalid), and ea = x[rs1] + imm passed `ea - base < lwin` (load) or
 * `< swin` (store): tagged, unsealed, Permit_Load / Permit_Store, [ea, ea + 16) in bounds and
 * below mem_lim, and ea is 16-byte aligned; DDC is not relocated (abs_ea is the identity for
 * a capability authority anyway). So cheri-riscv.md 4.4 steps 1-4 and 7-8 hold; what is left
 * is the per-value part: CLC without Permit_Load_Capability clears the loaded tag (5.8), and a
 * tagged CSC value needs Permit_Store_Capability and, unless Global, Permit_Store_Local_Capability
 * (4.4 steps 5, 6) - those failing leave, and the interpreter raises the trap in order.
 * The memory protocol is mem's (mem_load_cap: the seqlock read with the shadow compare;
 * mem_store_cap: the page lock), so MEM_TEST_BREAK_* reach these paths too (and with any of
 * them set the translator inlines none of it: every such access comes here). */
#include "hart/access.h"
#include "hart/jit_priv.h"

#define F_RD(f)  ((unsigned)((f) & 0xff))
#define F_RS1(f) ((unsigned)((f) >> 8 & 0xff))
#define F_RS2(f) ((unsigned)((f) >> 16 & 0xff))
#define F_IMM(f) ((uint64_t)(int64_t)(int32_t)((f) >> 32))

static uint64_t clc_lean(struct hart *h, uint64_t f, uint64_t pc)
{
	(void)pc;
	unsigned rd = F_RD(f), rs1 = F_RS1(f);
	uint64_t ea = h->x[rs1] + F_IMM(f), lo, hi;
	bool tag;
	if (mem_load_cap(h->m, ea, &lo, &hi, &tag) != MEM_OK)
		return 1;   /* the interpreter raises the access fault */
	if (!(cap_field_hwperms_get(h->cm[rs1].pesbt) & CAP_PERM_LOAD_CAP))
		tag = false;   /* cheri-riscv.md 5.8: no Permit_Load_Capability clears the tag */
	/* a capability decoded before (the memo: a return address, a sealed pair, a stack
	 * pointer loaded again) is set whole; any other keeps its bounds undecoded until a use
	 * needs them (CV_LAZY): a copy loop never decodes */
	struct cap c;
	if (hart_cap_from_memo(h, hi, lo, tag, &c))
		hart_setcap(h, rd, &c);
	else
		hart_setcap_lazy(h, rd, lo, hi, tag);
	return 0;
}

static uint64_t csc_lean(struct hart *h, uint64_t f, uint64_t pc)
{
	(void)pc;
	unsigned rs1 = F_RS1(f), rs2 = F_RS2(f);
	uint64_t ea = h->x[rs1] + F_IMM(f);
	uint64_t lo = rs2 ? h->x[rs2] : 0, hi = 0;
	bool tag = false;
	if (rs2 && h->cvalid[rs2]) {
		const struct creg *v = &h->cm[rs2];
		hi = v->pesbt ^ CAP_NULL_XOR_MASK;
		tag = v->tag;
	}
	if (tag) {   /* cheri-riscv.md 4.4 steps 5, 6 */
		uint32_t ap = (uint32_t)cap_field_hwperms_get(h->cm[rs1].pesbt);
		uint32_t vp = (uint32_t)cap_field_hwperms_get(h->cm[rs2].pesbt);
		if (!(ap & CAP_PERM_STORE_CAP) || (!(vp & CAP_PERM_GLOBAL) && !(ap & CAP_PERM_STORE_LOCAL_CAP)))
			return 1;
	}
	/* a store into a page with code goes through the interpreter (code sync) */
	if (__atomic_load_n(&h->m->page_flags[ea >> MEM_PAGE_SHIFT], __ATOMIC_ACQUIRE) & MEM_PAGE_CODE)
		return 1;
	if (mem_store_cap(h->m, h->mt, ea, lo, hi, tag) != MEM_OK)
		return 1;
	return 0;
}

const struct jit_cap_op jit_capmem_clc = { "lc_cap (lean)", clc_lean, 2 };
const struct jit_cap_op jit_capmem_csc = { "sc_cap (lean)", csc_lean, 0 };

