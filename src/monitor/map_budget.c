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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/cvm.h"

#define MAPS_PER_SLOT    2
#define MAPS_PER_THREAD  4
#define MAPS_PER_CONTEXT 2
#define MAPS_PER_FLAG_VIEW 2

/* The mappings a process may have before its deploy (libraries, the arena, the heap: about 60
 * here): a config that fits with this many in use needs no look at /proc/self/maps, the
 * check's main cost (a line per mapping, formatted by the kernel). */
#define MAPS_BEFORE_BOUND 4096

static long read_limit(void)
{
	char buf[32];
	int fd = open("/proc/sys/vm/max_map_count", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *end;
	long v = strtol(buf, &end, 10);
	return end != buf ? v : -1;
}

static long maps_in_use(void)
{
	long n = 0;
	char buf[4096];
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t k = read(fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		for (const char *c = buf; (c = memchr(c, '\n', (size_t)(buf + k - c))) != NULL; c++)
			n++;
	}
	close(fd);
	return n;
}

int monitor_check_map_budget(const struct monitor *mon, struct error *err)
{
	long limit = read_limit();
	if (limit <= 0)
		return 0;   /* no /proc: nothing to check against */
	long bound = MAPS_BEFORE_BOUND;
	for (unsigned i = 0; i < mon->ncvms && bound <= limit; i++) {   /* every context counted: an upper bound */
		const struct cvm *v = &mon->cvms[i];
		bound += MAPS_PER_SLOT + MAPS_PER_THREAD + MAPS_PER_CONTEXT * (long)v->ncontexts;
		if (v->size >= 2 * CVM_SLOT_MIN)
			bound += MAPS_PER_FLAG_VIEW * (long)((v->size + (1ULL << 30) - 1) >> 30);
	}
	if (bound <= limit)
		return 0;
	long used = maps_in_use();
	if (used < 0)
		return 0;
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
