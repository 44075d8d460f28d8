/* access.c - the slow paths: every data-access check of cheri-riscv.md 4.4 in order, memory
 * faults, capability loads/stores, LR/SC/AMO, CSRs, and filling the trap record. The inline fast
 * paths in exec.c only decide "certainly allowed"; everything else comes here. */
#include <time.h>

#include "hart/access.h"
#include "hart/fp.h"

void hart_raise(struct hart *h, unsigned cause, uint64_t tval)
{
	h->trap.cause = cause;
	h->trap.tval = tval;
	h->trap.cheri_cause = 0;
	h->trap.cap_index = 0;
	h->trap.cap = cap_null();
	h->trap.has_addr = cause == HART_CAUSE_LOAD_ACCESS || cause == HART_CAUSE_STORE_ACCESS;
	h->trap.addr = tval;
}

void hart_raise_cheri(struct hart *h, unsigned index, unsigned cheri_cause, const struct cap *c)
{
	h->trap.cause = HART_CAUSE_CHERI;
	h->trap.tval = (uint64_t)index << 5 | cheri_cause;   /* cheri-riscv.md 6.2 */
	h->trap.cheri_cause = cheri_cause;
	h->trap.cap_index = index;
	h->trap.cap = *c;
	h->trap.has_addr = false;
	h->trap.addr = 0;
}

void hart_raise_illegal(struct hart *h)
{
	hart_raise(h, HART_CAUSE_ILLEGAL, 0);   /* tval filled with the instruction bits on exit */
	h->trap.tval = UINT64_MAX;
}

/* An integer-mode address as an absolute one: + DDC.base with relocation (intravisor.md 9).
 * Every function below takes the address as the instruction computed it. */
static inline uint64_t abs_ea(const struct hart *h, unsigned idx, uint64_t ea)
{
	return idx == REG_DDC ? ea + h->ddc_reloc : ea;
}

/* cheri-riscv.md 4.4 steps 1-6 for authority register `idx` (0..31, or REG_DDC).
 * stored: the capability being stored (ACC_STORE_CAP), for the StoreCap/StoreLocalCap checks. */
bool hart_check_access(struct hart *h, unsigned idx, uint64_t ea, unsigned size, unsigned kind,
		       const struct cap *stored)
{
	hart_settle(h, idx);   /* the next access through it takes the fast path */
	struct cap a = hart_cap(h, idx);
	unsigned index = idx == REG_DDC ? CAP_INDEX_DDC : idx;
	unsigned cause = 0;
	if (!a.tag)
		cause = CAP_CAUSE_TAG;
	else if (cap_is_sealed(&a))
		cause = CAP_CAUSE_SEAL;
	else if ((kind & ACC_LOAD) && !cap_has_perm(&a, CAP_PERM_LOAD))
		cause = CAP_CAUSE_LOAD;
	else if ((kind & ACC_STORE) && !cap_has_perm(&a, CAP_PERM_STORE))
		cause = CAP_CAUSE_STORE;
	else if ((kind & ACC_LOADTAGS) && !cap_has_perm(&a, CAP_PERM_LOAD_CAP))
		cause = CAP_CAUSE_LOAD_CAP;
	else if (stored && stored->tag && !cap_has_perm(&a, CAP_PERM_STORE_CAP))
		cause = CAP_CAUSE_STORE_CAP;
	else if (stored && stored->tag && !cap_has_perm(stored, CAP_PERM_GLOBAL) &&
		 !cap_has_perm(&a, CAP_PERM_STORE_LOCAL_CAP))
		cause = CAP_CAUSE_STORE_LOCAL_CAP;
	else if (!cap_in_bounds(&a, ea, size))
		cause = CAP_CAUSE_LENGTH;
	if (cause) {
		hart_raise_cheri(h, index, cause, &a);
		h->trap.has_addr = true;
		h->trap.addr = ea;
		return false;
	}
	if ((kind & ACC_ALIGNED) && (ea & (size - 1))) {
		hart_raise(h, (kind & ACC_STORE) ? HART_CAUSE_STORE_MISALIGNED : HART_CAUSE_LOAD_MISALIGNED, ea);
		h->trap.has_addr = true;
		h->trap.addr = ea;
		return false;
	}
	return true;
}

bool hart_load_slow(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t *v)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, size, ACC_LOAD, NULL))
		return false;
	int r;
	switch (size) {
	case 1: { uint8_t t = 0; r = mem_load8(h->m, ea, &t); *v = t; break; }
	case 2: { uint16_t t = 0; r = mem_load16(h->m, ea, &t); *v = t; break; }
	case 4: { uint32_t t = 0; r = mem_load32(h->m, ea, &t); *v = t; break; }
	default: r = mem_load64(h->m, ea, v); break;
	}
	if (r != MEM_OK) {
		hart_raise(h, HART_CAUSE_LOAD_ACCESS, ea);
		return false;
	}
	return true;
}

bool hart_store_slow(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, size, ACC_STORE, NULL))
		return false;
	int r;
	switch (size) {
	case 1: r = mem_store8(h->m, ea, (uint8_t)v); break;
	case 2: r = mem_store16(h->m, ea, (uint16_t)v); break;
	case 4: r = mem_store32(h->m, ea, (uint32_t)v); break;
	default: r = mem_store64(h->m, ea, v); break;
	}
	if (r != MEM_OK) {
		hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
		return false;
	}
	return true;
}

/* ---- capabilities in memory (cheri-riscv.md 5.8) ---- */
static struct cap loaded_cap(struct hart *h, unsigned idx, uint64_t lo, uint64_t hi, bool tag)
{
	struct cap a = hart_cap(h, idx);
	/* no Permit_Load_Capability: the loaded tag is cleared, no fault */
	if (!cap_has_perm(&a, CAP_PERM_LOAD_CAP))
		tag = false;
	return cap_from_mem(hi, lo, tag);
}

/* the memo entry of (raw pesbt, addr), and whether it holds them */
static struct bounds_memo *memo_of(struct hart *h, uint64_t raw, uint64_t addr, bool *hit)
{
	struct bounds_memo *e = &h->memo[((raw ^ addr * 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL) >> 58];
	*hit = e->valid && e->pesbt == raw && e->addr == addr;
	return e;
}

bool hart_cap_from_memo(struct hart *h, uint64_t mem_pesbt, uint64_t addr, bool tag, struct cap *out)
{
	uint64_t raw = mem_pesbt ^ CAP_NULL_XOR_MASK;
	bool hit;
	const struct bounds_memo *e = memo_of(h, raw, addr, &hit);
	if (hit)
		*out = (struct cap){ .addr = addr, .pesbt = raw, .base = e->base, .top = e->top, .tag = tag };
	return hit;
}

/* cap_from_mem through the hart's bounds memo (also jit_capmem.c) */
struct cap hart_cap_from_mem(struct hart *h, uint64_t mem_pesbt, uint64_t addr, bool tag)
{
	uint64_t raw = mem_pesbt ^ CAP_NULL_XOR_MASK;
	bool hit;
	struct bounds_memo *e = memo_of(h, raw, addr, &hit);
	if (hit)
		return (struct cap){ .addr = addr, .pesbt = raw, .base = e->base, .top = e->top, .tag = tag };
	struct cap c = cap_decode(raw, addr, tag);
	*e = (struct bounds_memo){ .pesbt = raw, .addr = addr, .base = c.base, .top = c.top, .valid = true };
	return c;
}

void hart_settle_slow(struct hart *h, unsigned i)
{
	struct cap c = hart_cap_from_mem(h, h->cm[i].pesbt ^ CAP_NULL_XOR_MASK, h->x[i], h->cm[i].tag);
	hart_setcap(h, i, &c);
}

/* The authority is certainly good for a 16-byte access at ea: tagged, unsealed, the permission
 * of the window, ea aligned and [ea, ea + 16) in bounds (creg_windows). Anything else goes
 * through hart_check_access, which finds the first failing check of 4.4 in order. */
static inline bool cap_access_fast(const struct hart *h, unsigned idx, uint64_t ea, bool store)
{
	const struct creg *a = &h->cm[idx];
	return h->cvalid[idx] && !(ea & (MEM_GRANULE - 1)) && ea - a->base < (store ? a->swin : a->lwin);
}

bool hart_lc(struct hart *h, unsigned idx, uint64_t ea, struct cap *out)
{
	ea = abs_ea(h, idx, ea);
	if (likely(cap_access_fast(h, idx, ea, false))) {
		uint64_t lo, hi;
		bool tag;
		if (mem_load_cap(h->m, ea, &lo, &hi, &tag) != MEM_OK) {
			hart_raise(h, HART_CAUSE_LOAD_ACCESS, ea);
			return false;
		}
		/* no Permit_Load_Capability: the loaded tag is cleared, no fault */
		if (!(cap_field_hwperms_get(h->cm[idx].pesbt) & CAP_PERM_LOAD_CAP))
			tag = false;
		*out = hart_cap_from_mem(h, hi, lo, tag);
		return true;
	}
	if (!hart_check_access(h, idx, ea, 16, ACC_LOAD | ACC_ALIGNED, NULL))
		return false;
	uint64_t lo, hi;
	bool tag;
	if (mem_load_cap(h->m, ea, &lo, &hi, &tag) != MEM_OK) {
		hart_raise(h, HART_CAUSE_LOAD_ACCESS, ea);
		return false;
	}
	*out = loaded_cap(h, idx, lo, hi, tag);
	return true;
}

bool hart_sc_cap(struct hart *h, unsigned idx, uint64_t ea, const struct cap *v)
{
	ea = abs_ea(h, idx, ea);
	uint32_t ap = (uint32_t)cap_field_hwperms_get(h->cm[idx].pesbt);
	/* a tagged value also needs Permit_Store_Capability, and Permit_Store_Local_Capability
	 * unless it is Global (4.4 steps 5, 6) */
	if (likely(cap_access_fast(h, idx, ea, true)) &&
	    (!v->tag || ((ap & CAP_PERM_STORE_CAP) && ((cap_perms(v) & CAP_PERM_GLOBAL) || (ap & CAP_PERM_STORE_LOCAL_CAP))))) {
		if (mem_store_cap(h->m, h->mt, ea, v->addr, cap_to_mem_pesbt(v), v->tag) != MEM_OK) {
			hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
			return false;
		}
		return true;
	}
	if (!hart_check_access(h, idx, ea, 16, ACC_STORE | ACC_ALIGNED, v))
		return false;
	if (mem_store_cap(h->m, h->mt, ea, v->addr, cap_to_mem_pesbt(v), v->tag) != MEM_OK) {
		hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
		return false;
	}
	return true;
}

/* ---- LR/SC/AMO (natural alignment required) ---- */
bool hart_lr(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t *v)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, size, ACC_LOAD | ACC_ALIGNED, NULL))
		return false;
	uint64_t t = 0;
	if (mem_read(h->m, ea, &t, size) != MEM_OK) {
		hart_raise(h, HART_CAUSE_LOAD_ACCESS, ea);
		return false;
	}
	h->res_valid = true;
	h->res_addr = ea;
	h->res_size = size;
	h->res_val = t;
	*v = t;
	return true;
}

/* translated code's SC and AMO (jit_cap.c) leave for the interpreter, before any effect, when
 * the word lies on a page with decoded code: the interpreter's stores keep code in sync */
static bool on_code_page(const struct hart *h, uint64_t ea)
{
	return __atomic_load_n(&h->m->page_flags[ea >> MEM_PAGE_SHIFT], __ATOMIC_ACQUIRE) & MEM_PAGE_CODE;
}

static bool sc_at(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v, uint64_t *result,
		  bool leave_code)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, size, ACC_STORE | ACC_ALIGNED, NULL))
		return false;
	if (leave_code && on_code_page(h, ea))
		return false;
	bool ok = false;
	if (h->res_valid && h->res_addr == ea && h->res_size == size) {
		if (mem_cas(h->m, h->mt, ea, size, h->res_val, v, &ok) != MEM_OK) {
			hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
			return false;
		}
	}
	h->res_valid = false;
	*result = ok ? 0 : 1;
	return true;
}

bool hart_sc(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v, uint64_t *result)
{
	return sc_at(h, idx, ea, size, v, result, false);
}

bool hart_sc_jit(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v, uint64_t *result)
{
	return sc_at(h, idx, ea, size, v, result, true);
}

static bool amo_at(struct hart *h, unsigned idx, uint64_t ea, unsigned size, enum mem_amo_op op, uint64_t v,
		   uint64_t *old, bool leave_code)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, size, ACC_LOAD | ACC_STORE | ACC_ALIGNED, NULL))
		return false;
	if (leave_code && on_code_page(h, ea))
		return false;
	if (mem_amo(h->m, h->mt, ea, size, op, v, old) != MEM_OK) {
		hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
		return false;
	}
	return true;
}

bool hart_amo(struct hart *h, unsigned idx, uint64_t ea, unsigned size, enum mem_amo_op op, uint64_t v, uint64_t *old)
{
	return amo_at(h, idx, ea, size, op, v, old, false);
}

bool hart_amo_jit(struct hart *h, unsigned idx, uint64_t ea, unsigned size, enum mem_amo_op op, uint64_t v,
		  uint64_t *old)
{
	return amo_at(h, idx, ea, size, op, v, old, true);
}

bool hart_lr_c(struct hart *h, unsigned idx, uint64_t ea, struct cap *out)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, 16, ACC_LOAD | ACC_ALIGNED, NULL))
		return false;
	uint64_t lo, hi;
	bool tag;
	if (mem_load_cap(h->m, ea, &lo, &hi, &tag) != MEM_OK) {
		hart_raise(h, HART_CAUSE_LOAD_ACCESS, ea);
		return false;
	}
	h->res_valid = true;
	h->res_addr = ea;
	h->res_size = 16;
	h->res_lo = lo;
	h->res_hi = hi;
	h->res_tag = tag;
	*out = loaded_cap(h, idx, lo, hi, tag);
	return true;
}

bool hart_sc_c(struct hart *h, unsigned idx, uint64_t ea, const struct cap *v, uint64_t *result)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, 16, ACC_STORE | ACC_ALIGNED, v))
		return false;
	bool ok = false;
	if (h->res_valid && h->res_addr == ea && h->res_size == 16) {
		if (mem_cas_cap(h->m, h->mt, ea, h->res_lo, h->res_hi, h->res_tag, v->addr, cap_to_mem_pesbt(v), v->tag,
				&ok) != MEM_OK) {
			hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
			return false;
		}
	}
	h->res_valid = false;
	*result = ok ? 0 : 1;
	return true;
}

bool hart_amoswap_c(struct hart *h, unsigned idx, uint64_t ea, const struct cap *v, struct cap *old)
{
	ea = abs_ea(h, idx, ea);
	if (!hart_check_access(h, idx, ea, 16, ACC_LOAD | ACC_STORE | ACC_ALIGNED, v))
		return false;
	uint64_t lo, hi;
	bool tag;
	if (mem_swap_cap(h->m, h->mt, ea, v->addr, cap_to_mem_pesbt(v), v->tag, &lo, &hi, &tag) != MEM_OK) {
		hart_raise(h, HART_CAUSE_STORE_ACCESS, ea);
		return false;
	}
	*old = loaded_cap(h, idx, lo, hi, tag);
	return true;
}

/* ---- CSRs (cheri-riscv.md 4.2 whitelist) ---- */
const char *hart_csr_name(unsigned csr)
{
	switch (csr) {
	case 0x001: return "fflags";
	case 0x002: return "frm";
	case 0x003: return "fcsr";
	case 0xc00: return "cycle";
	case 0xc01: return "time";
	case 0xc02: return "instret";
	}
	return NULL;
}

uint64_t hart_time(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100;   /* 10 MHz timebase */
}

bool hart_csr(struct hart *h, unsigned csr, bool do_read, bool do_write, int op, uint64_t src, uint64_t *old,
	      uint64_t instret)
{
	uint64_t v = 0;
	bool fp = csr >= 0x001 && csr <= 0x003;
	bool counter = csr >= 0xc00 && csr <= 0xc1f;
	if (!fp && !counter) {
		/* not whitelisted: needs PCC.ASR, and U-mode has no other CSR anyway */
		if (!(h->pcc.tag && ((h->pcc.pesbt >> 48) & CAP_PERM_ASR))) {
			struct cap p = creg_to_cap(&h->pcc, h->pc);
			hart_raise_cheri(h, CAP_INDEX_PCC, CAP_CAUSE_ASR, &p);
		} else {
			hart_raise_illegal(h);
		}
		return false;
	}
	if (counter && do_write) {
		hart_raise_illegal(h);
		return false;
	}
	(void)do_read;
	switch (csr) {
	case 0x001: v = fp_collect_flags(h); break;
	case 0x002: v = h->frm; break;
	case 0x003: v = fp_collect_flags(h) | h->frm << 5; break;
	case 0xc00: case 0xc02: v = instret; break;
	case 0xc01: v = hart_time(); break;
	default: v = 0; break;
	}
	*old = v;
	if (!do_write)
		return true;
	uint64_t n = op == 0 ? src : op == 1 ? (v | src) : (v & ~src);
	switch (csr) {
	case 0x001: fp_collect_flags(h); h->fflags = n & 0x1f; break;
	case 0x002: h->frm = n & 7; fp_host_rm(h->frm <= 4 ? h->frm : 0); break;
	case 0x003: fp_collect_flags(h); h->fflags = n & 0x1f; h->frm = (n >> 5) & 7; fp_host_rm(h->frm <= 4 ? h->frm : 0); break;
	}
	return true;
}
