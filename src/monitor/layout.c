/* layout.c - a cVM slot's layout for any slot size (layout.h, intravisor.md 3 and 10). */
#include "monitor/layout.h"

#include "../../sdk/include/cvm_abi.h"

#define LAYOUT_REF_SIZE     0x40000000ULL  /* 1 GiB: the reference's slot, its 32 MiB region */
#define LAYOUT_MIN_REGION   0x400000ULL    /* 4 MiB: 64 slots of 64 KiB */
#define LAYOUT_SP_BELOW_TOP 0x4000ULL      /* initial sp 16 KiB below a thread slot's top */
#define LAYOUT_LINUX_STACK  0x800000ULL    /* 8 MiB hybrid main stack in a slot >= 64 MiB */

_Static_assert(STACK_REGION == 0x2000000 && STACK_SLOT * STACK_SLOTS == STACK_REGION &&
	       STACK_SP_OFFSET == STACK_SLOT - LAYOUT_SP_BELOW_TOP, "the 1 GiB layout is the ABI's");
_Static_assert(LAYOUT_MIN_REGION / STACK_SLOTS >= 4 * 0x4000, "a small thread slot still holds guard, TP and stack");
_Static_assert(LAYOUT_MIN_REGION / STACK_SLOTS >= HCTX_ARGS + HCTX_ARGS_SIZE + 0x4000,
	       "a small handler context still holds guard, TP, argument area and 16 KiB of stack");

void cvm_layout_of(uint64_t base, uint64_t size, unsigned contexts, struct cvm_layout *l)
{
	uint64_t region = size >= LAYOUT_REF_SIZE ? STACK_REGION : size / 32;
	if (region < LAYOUT_MIN_REGION)
		region = LAYOUT_MIN_REGION;
	uint64_t slot = region / STACK_SLOTS;
	uint64_t need = (uint64_t)(HCTX_FIRST_SLOT + contexts + 1) * slot;   /* + cap store slot, thread 0 */
	if (need > region)
		region = need < size ? need : size;
	l->base = base;
	l->size = size;
	l->id = base / size;
	l->stacks_hi = base + size;
	l->stacks_lo = l->stacks_hi - region;
	l->stack_slot = slot;
	l->contexts = contexts;
	l->sp_off = l->stack_slot - LAYOUT_SP_BELOW_TOP;
	l->cap_store = l->stacks_lo + 0x1000;
	l->linux_stack = size / 8 < LAYOUT_LINUX_STACK ? size / 8 : LAYOUT_LINUX_STACK;
}
