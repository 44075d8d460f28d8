/* test_config_slots.c - config_slot_conflicts (O(n log n)) against the definition it replaces:
 * for each cVM i, the smallest j < i whose slot overlaps i's ([b, b+s) intervals intersect)
 * or has the same id (base / size), computed pairwise here. Random mixes of slot sizes in a
 * small window so that nesting, equal slots and equal ids all occur; bad sizes and
 * misaligned bases take no part. */
#include <stdlib.h>

#include "monitor/config.h"
#include "monitor/config_slots.h"
#include "test.h"

static unsigned pairwise(const struct config *cfg, unsigned i)
{
	const struct config_isolation *a = &cfg->cvms[i].isolation;
	for (unsigned j = 0; j < i; j++) {
		const struct config_isolation *b = &cfg->cvms[j].isolation;
		if (b->size == 0 || b->base % b->size || (b->size & (b->size - 1)) || b->size < CVM_SLOT_MIN)
			continue;
		if ((a->base < b->base + b->size && b->base < a->base + a->size) || a->base / a->size == b->base / b->size)
			return j;
	}
	return CONFIG_NO_CONFLICT;
}

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

TEST(config_slot_conflicts_random)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	for (unsigned round = 0; round < 300; round++) {
		unsigned n = 1 + (unsigned)(rng(&seed) % 40);
		struct config cfg = { 0 };
		cfg.cvms = calloc(n, sizeof *cfg.cvms);
		unsigned *got = calloc(n, sizeof *got);
		if (!T_TRUE(cfg.cvms && got))
			return;
		cfg.ncvms = n;
		for (unsigned i = 0; i < n; i++) {
			struct config_isolation *iso = &cfg.cvms[i].isolation;
			unsigned shift = 24 + (unsigned)(rng(&seed) % 6);   /* 16 MiB .. 512 MiB */
			iso->size = 1ULL << shift;
			iso->base = (rng(&seed) % ((8ULL << 30) >> shift)) << shift; /* inside 8 GiB */
			if (rng(&seed) % 23 == 0)
				iso->base += 0x1000;                          /* misaligned: left out */
			if (rng(&seed) % 29 == 0)
				iso->size = 3ULL << 24;                       /* not a power of two */
		}
		T_EQ(config_slot_conflicts(&cfg, got), 0);
		for (unsigned i = 0; i < n; i++) {
			const struct config_isolation *iso = &cfg.cvms[i].isolation;
			bool ok = !(iso->size & (iso->size - 1)) && iso->base % iso->size == 0;
			t_case("round %u cVM %u of %u: [0x%llx, +0x%llx)", round, i, n, (unsigned long long)iso->base,
			       (unsigned long long)iso->size);
			T_EQ(got[i], ok ? pairwise(&cfg, i) : CONFIG_NO_CONFLICT);
		}
		free(got);
		free(cfg.cvms);
	}
}

TEST(config_slot_conflicts_table)
{
	/* row: slots in file order -> expected first conflict of each */
	struct config_cvm c[5] = { 0 };
	struct config cfg = { .cvms = c, .ncvms = 5 };
	unsigned got[5];
	c[0].isolation = (struct config_isolation){ .base = 0x40000000, .size = 0x40000000 }; /* id 1, 1 GiB */
	c[1].isolation = (struct config_isolation){ .base = 0x1000000, .size = 0x1000000 };   /* id 1, 16 MiB */
	c[2].isolation = (struct config_isolation){ .base = 0x42000000, .size = 0x1000000 };  /* inside c[0] */
	c[3].isolation = (struct config_isolation){ .base = 0x80000000, .size = 0x1000000 };  /* id 128: free */
	c[4].isolation = (struct config_isolation){ .base = 0x80000000, .size = 0x20000000 }; /* id 4, contains c[3] */
	t_case("same id, nested in an earlier slot, free, containing an earlier slot");
	T_EQ(config_slot_conflicts(&cfg, got), 0);
	T_EQ(got[0], CONFIG_NO_CONFLICT);
	T_EQ(got[1], 0);
	T_EQ(got[2], 0);
	T_EQ(got[3], CONFIG_NO_CONFLICT);
	T_EQ(got[4], 3);
}
