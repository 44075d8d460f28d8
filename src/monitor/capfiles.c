/* capfiles.c - the YAML `capfiles:` (intravisor.md 2; reference 1.2): each one is a named
 * buffer in memory no cVM slot owns (the capfile area, placed by monitor_init), zeroed,
 * holding `data` as text, registered with the monitor as its owner before the cVMs are built, as upstream does (the
 * CF_ADV / MON: CF[i] lines come first). Every cVM can then probe it (hostcall 406) and gets a
 * read/write data capability bounded to exactly that buffer. The rest of the area holds the
 * rings the monitor provides for hybrid producers' streams (/dev/capstream/KEY opened O_WRONLY,
 * share_create_stream), carved while the cVMs run. */
#include <string.h>

#include "monitor/cvm.h"
#include "monitor/share.h"

static uint64_t round_up(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

int monitor_deploy_capfiles(struct monitor *mon, struct error *err)
{
	if (!mon->share)
		mon->share = share_new(mon->quiet ? NULL : mon->out, mon->max_id);
	if (!mon->share)
		return error_set(err, E_NOMEM, "", NULL);
	const struct config *cfg = mon->cfg;
	const uint64_t area_lo = mon->capfile_lo, area_hi = mon->capfile_hi;   /* no slot overlaps it */
	uint64_t next = area_lo;
	for (unsigned i = 0; i < cfg->ncapfiles; i++) {
		const struct config_capfile *f = &cfg->capfiles[i];
		uint64_t len = cap_crrl(f->size);                   /* exactly representable */
		uint64_t align = ~cap_cram(f->size) + 1;
		uint64_t base = round_up(next, align > 0x1000 ? align : 0x1000);
		uint64_t map = round_up(len, 0x1000);
		if (base > area_hi || area_hi - base < map) {
			error_set(err, E_CFG_CAPFILE, cfg->path, "capfile '%s': the capfiles need more than the 0x%llx bytes "
				  "of the capfile area; make them smaller", f->name,
				  (unsigned long long)(area_hi - area_lo));
			goto fail;
		}
		struct cap c = cap_build_from_root(&mon->root_data, base, len, CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE);
		if (!c.tag || mem_map(mon->mem, base, map) != 0) {
			error_set(err, E_MEM, "", "capfile '%s' at 0x%llx", f->name, (unsigned long long)base);
			goto fail;
		}
		next = base + map;
		if (f->data && mem_write(mon->mem, base, f->data, strlen(f->data)) != MEM_OK) {
			error_set(err, E_MEM, "", "capfile '%s' at 0x%llx", f->name, (unsigned long long)base);
			goto fail;
		}
		int64_t id = share_add_monitor_file(mon->share, &c, f->name);
		if (id < 0) {
			error_set(err, E_CFG_CAPFILE, cfg->path, "capfile '%s': cannot register it (error %lld)", f->name,
				  (long long)id);
			goto fail;
		}
	}
	/* the rest of the area: the rings of hybrid producers (share_create_stream), from where
	 * a capability to it up to the area's (1 GiB aligned) top can start exactly */
	uint64_t rest = round_up(next, ~cap_cram(area_hi - next) + 1);
	struct cap area = cap_build_from_root(&mon->root_data, rest, area_hi - rest,
					      CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE);
	if (rest >= area_hi || !area.tag || area.base != rest || cap_get_top(&area) != area_hi) {
		error_set(err, E_MEM, "", "the stream ring area at 0x%llx", (unsigned long long)next);
		goto fail;
	}
	share_set_ring_area(mon->share, &area);
	return 0;
fail:
	if (next > area_lo)
		(void)!mem_unmap(mon->mem, area_lo, next - area_lo);
	share_free(mon->share);
	mon->share = NULL;
	return -1;
}
