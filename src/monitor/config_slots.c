/* config_slots.c - which earlier cVM's slot a cVM's slot conflicts with, for every cVM, in
 * O(n log n) (config_check.c reports the first conflict in file order, as before).
 *
 * Two cVMs conflict when their slots overlap or they have the same id (base / size). Slots
 * are aligned powers of two, so two of them overlap exactly when one contains the other:
 *   j contains i:  j is (base_i rounded down to s, s) for one of the slot sizes s >= size_i
 *                  (at most log2(CVM_SLOT_MAX / CVM_SLOT_MIN) + 1 lookups);
 *   i contains j:  base_j lies in [base_i, base_i + size_i) (an aligned slot starting inside
 *                  i's either nests in it or starts at base_i and contains it: both overlap).
 * For cVM i the answer is the smallest index j < i over the three kinds, found with binary
 * searches in the slots sorted by (base, size, index), a range-minimum table over that order,
 * and the slots sorted by (id, index). Slots that fail the per-cVM checks (size, alignment)
 * are left out: validation stops at the first of them, so no later cVM asks.
 */
#include <stdlib.h>
#include <string.h>

#include "monitor/config.h"
#include "monitor/config_slots.h"

struct slot_key {
	uint64_t base, size;
	unsigned index;
};

static bool slot_ok(const struct config_isolation *iso)
{
	return iso->size >= CVM_SLOT_MIN && iso->size <= CVM_SLOT_MAX && !(iso->size & (iso->size - 1)) &&
	       iso->base % iso->size == 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int by_base(const void *pa, const void *pb)
{
	const struct slot_key *a = pa, *b = pb;
	int c = cmp_u64(a->base, b->base);
	if (!c)
		c = cmp_u64(a->size, b->size);
	return c ? c : cmp_u64(a->index, b->index);
}

static int by_id(const void *pa, const void *pb)
{
	const struct slot_key *a = pa, *b = pb;
	int c = cmp_u64(a->base / a->size, b->base / b->size);
	return c ? c : cmp_u64(a->index, b->index);
}

/* First position in k[0..n) (sorted by_base) whose (base, size) is >= (base, size). */
static size_t lower_bound(const struct slot_key *k, size_t n, uint64_t base, uint64_t size)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k[mid].base < base || (k[mid].base == base && k[mid].size < size))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Range minimum of the indices over positions [lo, hi) of the base order: table[l][p] is the
 * minimum over [p, p + 2^l). */
static unsigned range_min(unsigned *const *table, size_t lo, size_t hi)
{
	if (lo >= hi)
		return CONFIG_NO_CONFLICT;
	unsigned l = 0;
	while (((size_t)2 << l) <= hi - lo)
		l++;
	unsigned a = table[l][lo], b = table[l][hi - ((size_t)1 << l)];
	return a < b ? a : b;
}

int config_slot_conflicts(const struct config *cfg, unsigned *first)
{
	size_t n = 0, levels = 1;
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		first[i] = CONFIG_NO_CONFLICT;
		n += slot_ok(&cfg->cvms[i].isolation);
	}
	while (((size_t)1 << levels) <= n)
		levels++;
	struct slot_key *k = malloc((n ? n : 1) * sizeof *k), *ids = malloc((n ? n : 1) * sizeof *ids);
	unsigned **table = calloc(levels, sizeof *table);
	int rc = -1;
	if (!k || !ids || !table)
		goto out;
	n = 0;
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		const struct config_isolation *iso = &cfg->cvms[i].isolation;
		if (slot_ok(iso))
			k[n++] = (struct slot_key){ iso->base, iso->size, i };
	}
	qsort(k, n, sizeof *k, by_base);
	memcpy(ids, k, n * sizeof *k);
	qsort(ids, n, sizeof *ids, by_id);
	for (size_t l = 0; l < levels; l++)
		if ((table[l] = malloc((n ? n : 1) * sizeof **table)) == NULL)
			goto out;
	for (size_t p = 0; p < n; p++)
		table[0][p] = k[p].index;
	for (size_t l = 1; l < levels; l++)
		for (size_t p = 0; p + ((size_t)1 << l) <= n; p++) {
			unsigned a = table[l - 1][p], b = table[l - 1][p + ((size_t)1 << (l - 1))];
			table[l][p] = a < b ? a : b;
		}
	for (size_t p = 0; p < n; p++) {
		const struct slot_key *s = &k[p];
		unsigned best = range_min(table, lower_bound(k, n, s->base, 0), lower_bound(k, n, s->base + s->size, 0));
		for (uint64_t size = s->size; size <= CVM_SLOT_MAX; size <<= 1) {
			uint64_t base = s->base & ~(size - 1);
			size_t q = lower_bound(k, n, base, size);
			if (q < n && k[q].base == base && k[q].size == size && k[q].index < best)
				best = k[q].index;   /* the first cVM with exactly this slot */
		}
		first[s->index] = best < s->index ? best : CONFIG_NO_CONFLICT;
	}
	for (size_t p = 0, g = 0; p < n; p++) {   /* g: first of p's id group (lowest index) */
		if (ids[p].base / ids[p].size != ids[g].base / ids[g].size)
			g = p;
		unsigned i = ids[p].index, j = ids[g].index;
		if (j < i && j < first[i])
			first[i] = j;
	}
	rc = 0;
out:
	for (size_t l = 0; table && l < levels; l++)
		free(table[l]);
	free(table);
	free(ids);
	free(k);
	return rc;
}
