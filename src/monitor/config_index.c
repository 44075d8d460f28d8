/* config_index.c - see config_index.h. */
#define _GNU_SOURCE   /* qsort_r */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/config_index.h"

static const char *field(const struct config *cfg, unsigned i, size_t off)
{
	return *(char *const *)((const char *)&cfg->cvms[i] + off);
}

struct order {
	const struct config *cfg;
	size_t off;
};

static int by_field(const void *pa, const void *pb, void *ctx)
{
	const struct order *o = ctx;
	unsigned a = *(const unsigned *)pa, b = *(const unsigned *)pb;
	int c = strcmp(field(o->cfg, a, o->off), field(o->cfg, b, o->off));
	return c ? c : (a > b) - (a < b);
}

static unsigned *sorted(const struct config *cfg, size_t off)
{
	unsigned *v = malloc((cfg->ncvms ? cfg->ncvms : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (unsigned i = 0; i < cfg->ncvms; i++)
		v[i] = i;
	struct order o = { cfg, off };
	qsort_r(v, cfg->ncvms, sizeof *v, by_field, &o);
	return v;
}

int config_index_build(struct config *cfg)
{
	free(cfg->by_name);
	free(cfg->by_runtime);
	cfg->by_name = sorted(cfg, offsetof(struct config_cvm, name));
	cfg->by_runtime = sorted(cfg, offsetof(struct config_cvm, runtime));
	return cfg->by_name && cfg->by_runtime ? 0 : -1;
}

/* first position in v whose string is >= s (> s with `after`) */
static unsigned bound(const struct config *cfg, const unsigned *v, size_t off, const char *s, bool after)
{
	unsigned lo = 0, hi = cfg->ncvms;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		int c = strcmp(field(cfg, v[mid], off), s);
		if (c < 0 || (after && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int find(const struct config *cfg, const unsigned *v, size_t off, const char *s, unsigned *count)
{
	unsigned n = 0;
	int first = -1;
	if (v) {
		unsigned lo = bound(cfg, v, off, s, false), hi = bound(cfg, v, off, s, true);
		n = hi - lo;
		first = n ? (int)v[lo] : -1;
	} else {   /* no index (a config built by hand, e.g. in tests): scan */
		for (unsigned i = 0; i < cfg->ncvms; i++)
			if (!strcmp(field(cfg, i, off), s) && n++ == 0)
				first = (int)i;
	}
	if (count)
		*count = n;
	return first;
}

int config_index_name(const struct config *cfg, const char *s, unsigned *count)
{
	return find(cfg, cfg->by_name, offsetof(struct config_cvm, name), s, count);
}

int config_index_runtime(const struct config *cfg, const char *s, unsigned *count)
{
	return find(cfg, cfg->by_runtime, offsetof(struct config_cvm, runtime), s, count);
}
