/* access.h - slow paths shared by the interpreter instantiations (access.c). Each returns
 * false after filling h->trap (cause, tval, CHERI fields); the caller fills pc and insn. */
#ifndef INTRAVISOR_HART_ACCESS_H
#define INTRAVISOR_HART_ACCESS_H

#include "hart/hart_priv.h"

#define ACC_LOAD     0x1u
#define ACC_STORE    0x2u
#define ACC_ALIGNED  0x4u   /* natural alignment required (caps, LR/SC, AMO, CLoadTags) */
#define ACC_LOADTAGS 0x8u   /* also needs Permit_Load_Capability (CLoadTags) */

void hart_raise(struct hart *h, unsigned cause, uint64_t tval);
void hart_raise_cheri(struct hart *h, unsigned index, unsigned cheri_cause, const struct cap *c);
void hart_raise_illegal(struct hart *h);
bool hart_check_access(struct hart *h, unsigned idx, uint64_t ea, unsigned size, unsigned kind,
		       const struct cap *stored) __attribute__((warn_unused_result));
bool hart_load_slow(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t *v) __attribute__((warn_unused_result));
bool hart_store_slow(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v) __attribute__((warn_unused_result));
/* cap_from_mem (memory-form pesbt) with the decoded bounds memoised per hart */
struct cap hart_cap_from_mem(struct hart *h, uint64_t mem_pesbt, uint64_t addr, bool tag);
/* the same from the memo alone: false when it has no entry (nothing decoded) */
bool hart_cap_from_memo(struct hart *h, uint64_t mem_pesbt, uint64_t addr, bool tag, struct cap *out);
bool hart_lc(struct hart *h, unsigned idx, uint64_t ea, struct cap *out) __attribute__((warn_unused_result));
bool hart_sc_cap(struct hart *h, unsigned idx, uint64_t ea, const struct cap *v) __attribute__((warn_unused_result));
bool hart_lr(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t *v) __attribute__((warn_unused_result));
bool hart_sc(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v, uint64_t *result) __attribute__((warn_unused_result));
bool hart_amo(struct hart *h, unsigned idx, uint64_t ea, unsigned size, enum mem_amo_op op, uint64_t v,
	      uint64_t *old) __attribute__((warn_unused_result));
/* the same for translated code (jit_cap.c): also false, before any effect, for a word on a page
 * with decoded code (the interpreter runs those) */
bool hart_sc_jit(struct hart *h, unsigned idx, uint64_t ea, unsigned size, uint64_t v, uint64_t *result)
	__attribute__((warn_unused_result));
bool hart_amo_jit(struct hart *h, unsigned idx, uint64_t ea, unsigned size, enum mem_amo_op op, uint64_t v,
		  uint64_t *old) __attribute__((warn_unused_result));
bool hart_lr_c(struct hart *h, unsigned idx, uint64_t ea, struct cap *out) __attribute__((warn_unused_result));
bool hart_sc_c(struct hart *h, unsigned idx, uint64_t ea, const struct cap *v, uint64_t *result) __attribute__((warn_unused_result));
bool hart_amoswap_c(struct hart *h, unsigned idx, uint64_t ea, const struct cap *v, struct cap *old) __attribute__((warn_unused_result));
bool hart_csr(struct hart *h, unsigned csr, bool do_read, bool do_write, int op, uint64_t src, uint64_t *old,
	      uint64_t instret) __attribute__((warn_unused_result));

#endif
