/* map_budget.c - refuse, before anything is mapped, a config that would need more host memory
 * mappings (VMAs) than the kernel allows a process (vm.max_map_count, 65530 by default).
 *
 * Past the limit every mmap fails: mem_map fails in the middle of a deploy, or worse, a thread,
 * a translator buffer or a handler context cannot be made while cVMs run. What one cVM costs,
 * as measured on /proc/self/maps (16 MiB slots, 1,000 and 10,000 cVMs):
 *   2 for its slot: the read/write run (image, heap, capability store, and thread 0's stack,
 *     which merges with the next slot's image) and the unmapped stack slots between;
 *   4 for its thread 0 while it runs: the host thread's stack and guard, the translator
 *     buffer's two views (W^X);
 *   2 per handler context (`threads:` of a handler cVM): its slot, mapped when first used,
 *     splits the unmapped part of the stack region;
 *   2 per GiB of a slot of 32 MiB or more: the shared views of its page flags (mem_flags.c).
 * The estimate adds these to the mappings the process has now. A config that needs more is
 * an error at the first cVM that does not fit, with how to fix it; nothing is deployed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "monitor/cvm.h"

#define MAPS_PER_SLOT    2
#define MAPS_PER_THREAD  4
#define MAPS_PER_CONTEXT 2
#define MAPS_PER_FLAG_VIEW 2

static long read_limit(void)
{
	long v = -1;
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static long maps_in_use(void)
{
	long n = 0;
	int c;
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

int monitor_check_map_budget(const struct monitor *mon, struct error *err)
{
	long limit = read_limit(), used = maps_in_use();
	if (limit <= 0 || used < 0)
		return 0;   /* no /proc: nothing to check against */
	/* a handler's contexts are made only when some cVM names it as callback_out */
	bool *target = calloc(mon->ncvms ? mon->ncvms : 1, sizeof *target);
	if (!target)
		return error_set(err, E_NOMEM, mon->cfg->path, NULL);
	for (unsigned i = 0; i < mon->ncvms; i++)
		if (mon->cvms[i].callback)
			target[mon->cvms[i].callback - mon->cvms] = true;
	long need = used;
	unsigned first_over = mon->ncvms;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct cvm *v = &mon->cvms[i];
		need += MAPS_PER_SLOT + MAPS_PER_THREAD + (target[i] ? MAPS_PER_CONTEXT * (long)v->ncontexts : 0);
		if (v->size >= 2 * CVM_SLOT_MIN)
			need += MAPS_PER_FLAG_VIEW * (long)((v->size + (1ULL << 30) - 1) >> 30);
		if (need > limit && first_over == mon->ncvms)
			first_over = i;
	}
	free(target);
	if (first_over == mon->ncvms)
		return 0;
	const struct cvm *v = &mon->cvms[first_over];
	return config_fail_at(mon->cfg->path, v->cfg->name_pos, err, E_MAP_LIMIT,
			      "cVM '%s' (%u of %u) does not fit: the %u cVMs need about %ld mappings (%d per cVM, "
			      "%d per context of a handler cVM, %ld in use now), vm.max_map_count is %ld; deploy fewer "
			      "cVMs or handler 'threads', or raise the limit (sysctl -w vm.max_map_count=%ld)",
			      v->name, first_over + 1, mon->ncvms, mon->ncvms, need, MAPS_PER_SLOT + MAPS_PER_THREAD,
			      MAPS_PER_CONTEXT, used, limit, (need + need / 4 + 4095) / 4096 * 4096);
}
