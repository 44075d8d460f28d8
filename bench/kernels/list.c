/* list.c - pointer chasing: 65,536 nodes linked in a pseudo-random cyclic order (a
 * Sattolo shuffle), walked many times; checksum = sum of the payloads visited. */
#include "bench.h"

#define NODES 65536
#define STEPS 60000000

struct node {
	struct node *next;
	uint64_t payload;
};

static struct node nodes[NODES];
static uint32_t perm[NODES];

int main(void)
{
	uint64_t s = 3;
	for (uint32_t i = 0; i < NODES; i++)
		perm[i] = i;
	for (uint32_t i = NODES - 1; i > 0; i--) { /* Sattolo: one single cycle */
		uint32_t j = (uint32_t)(lcg_next(&s) % i);
		uint32_t t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (uint32_t i = 0; i < NODES; i++) {
		nodes[perm[i]].next = &nodes[perm[(i + 1) % NODES]];
		nodes[i].payload = lcg_next(&s) & 0xffff;
	}
	struct node *p = &nodes[0];
	uint64_t sum = 0;
	for (long k = 0; k < STEPS; k++) {
		sum += p->payload;
		p = p->next;
	}
	bench_result("list", sum);
	return 0;
}
