/* layout.h - where everything lies in a cVM's slot, for every slot size (intravisor.md
 * sections 3 and 10). One pure function computes it; deploy, run and the switcher ask the
 * struct cvm fields it fills (stacks_lo, stack_slot, sp_off, cap_store, linux_stack) instead of
 * constants, so that slots of 16 MiB .. 64 GiB can be mixed in one config.
 *
 * Slot [B, B+S), S a power of two, B a multiple of S, id = B / S:
 *   stack region  [B+S-R, B+S): R = 32 MiB for S >= 1 GiB (the reference's layout, unchanged),
 *                 else max(4 MiB, S / 32) (16 MiB -> 4 MiB, 256 MiB -> 8 MiB, 512 MiB -> 16 MiB);
 *                 slots of R / 64 each (512 KiB .. 64 KiB): slot 0 (lowest) holds the
 *                 capability store at +0x1000, slots 1..C the C handler contexts, thread j
 *                 uses the j-th slot from the top; each slot has a guard page at its low end
 *                 and its TP area at +4 KiB. When 2 + C slots (cap store, thread 0, contexts)
 *                 exceed 64, the region grows down to (2 + C) slots;
 *   initial sp    thread slot + slot size - 16 KiB (0x7c000 in a 512 KiB slot);
 *   hybrid stack  min(8 MiB, S / 8) below the stack region (intravisor.md 9);
 *   image, heap   from B up to the stack region (or the hybrid stack).
 */
#ifndef INTRAVISOR_MONITOR_LAYOUT_H
#define INTRAVISOR_MONITOR_LAYOUT_H

#include <stdint.h>

struct cvm_layout {
	uint64_t base, size;         /* the slot */
	uint64_t id;                 /* base / size */
	uint64_t stacks_lo, stacks_hi; /* the stack region */
	uint64_t stack_slot;         /* size of one of its slots */
	unsigned contexts;           /* handler contexts: slots 1..contexts */
	uint64_t sp_off;             /* initial sp = thread slot + sp_off */
	uint64_t cap_store;          /* capability store (4 KiB) */
	uint64_t linux_stack;        /* a hybrid cVM's main stack, just below stacks_lo */
};

/* The layout of the slot [base, base + size) with `contexts` handler contexts. size must be a
 * power of two >= 16 MiB (config_validate checks it); pure. The region may come out larger
 * than the slot: the caller checks stacks_lo against the image (deploy.c). */
void cvm_layout_of(uint64_t base, uint64_t size, unsigned contexts, struct cvm_layout *l);

#endif
