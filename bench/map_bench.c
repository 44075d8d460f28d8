/* map_bench.c - cost of mapping a cVM's heap and stacks (src/mem), the pattern of deploy.c:
 * on a fresh address space (page_flags never touched), mem_map of [heap_lo, stacks_hi) (just
 * under 1 GiB), then mem_unmap of the 4 KiB guard page of 63 thread slots; then the same on the
 * next 1 GiB slot. Also a re-map of an already mapped range and the unmap of the whole slot.
 * Prints the best and mean microseconds per step over the rounds.
 * Usage: map_bench [ROUNDS]  (default 50)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mem/mem.h"

#define SLOT   0x40000000ULL /* CVM_MAX_SIZE */
#define HEAPLO 0x12000ULL    /* heap_lo offset in the slot: image of ~64 KiB + 1 page */
#define STSLOT 0x80000ULL    /* CVM_STACK_SLOT */
#define GUARD  0x1000ULL
#define NSTEP  4

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 50;
	static const char *const name[NSTEP] = {"map heap+stacks (fresh)", "unmap 63 guard pages",
						"re-map the same range", "unmap the whole slot"};
	double best[NSTEP], sum[NSTEP] = {0};
	for (int s = 0; s < NSTEP; s++)
		best[s] = 1e30;
	for (int r = 0; r < rounds; r++) {
		struct mem *m = mem_new(18 * SLOT);
		if (!m)
			return 1;
		for (uint64_t base = 16 * SLOT; base < 18 * SLOT; base += SLOT) {
			double t[NSTEP + 1];
			int err = 0;
			t[0] = now_us();
			err |= mem_map(m, base + HEAPLO, SLOT - HEAPLO);
			t[1] = now_us();
			for (unsigned j = 1; j < 64; j++)
				err |= mem_unmap(m, base + SLOT - (uint64_t)(j + 1) * STSLOT, GUARD);
			t[2] = now_us();
			err |= mem_map(m, base + HEAPLO, SLOT - HEAPLO);
			t[3] = now_us();
			err |= mem_unmap(m, base, SLOT);
			t[4] = now_us();
			if (err) {
				fprintf(stderr, "map_bench: mem error\n");
				return 1;
			}
			for (int s = 0; s < NSTEP; s++) {
				double d = t[s + 1] - t[s];
				sum[s] += d;
				if (d < best[s])
					best[s] = d;
			}
		}
		mem_free(m);
	}
	for (int s = 0; s < NSTEP; s++)
		printf("%-28s best %8.1f us  mean %8.1f us\n", name[s], best[s], sum[s] / (2.0 * rounds));
	return 0;
}
