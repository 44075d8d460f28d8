/* monitor.c - the monitor's address space and root capabilities; monitor_free.
 *
 * Roots (intravisor.md section 4, reference section 3.1): the reference starts from the PCC and
 * DDC CheriBSD gives it (perms 0x68117 / 0x7817d over [0, 2^47)); we derive the same two from
 * the architectural root, plus a sealing authority over the whole otype space [0, 2^18) (CSeal
 * itself refuses the reserved otypes above 0x3fffb): otype 0 seals the monitor's own entry
 * pair, otype = id seals each cVM's pairs. The authority never leaves the monitor.
 */
#include <stdlib.h>
#include <string.h>

#include "loader/elf.h"
#include "monitor/cvm.h"
#include "monitor/layout.h"
#include "monitor/share.h"

int monitor_seal(const struct monitor *mon, const struct cap *c, uint32_t otype, struct cap *out)
{
	struct cap auth;
	(void)cap_set_addr(&auth, &mon->seal_auth, otype, CAP_V9);
	(void)cap_seal(out, c, &auth, CAP_V9);
	return out->tag && c->tag ? 0 : -1;
}

/* c with address addr, sealed with otype */
int monitor_seal_at(const struct monitor *mon, const struct cap *c, uint64_t addr, uint32_t otype,
		    struct cap *out)
{
	struct cap t;
	(void)cap_set_addr(&t, c, addr, CAP_V9);
	return t.tag ? monitor_seal(mon, &t, otype, out) : -1;
}

/* The landing of a returning entry function (intravisor.md 10): a sentry bounded to the one
 * gate address, executable only; jumping to it unseals it and the hart stops at the gate. */
static int monitor_exit_sentry(struct monitor *mon)
{
	struct cap c = cap_build_from_root(&mon->root_code, mon->exit_entry, 4, CAP_PERM_GLOBAL | CAP_PERM_EXECUTE);
	struct cap m;
	(void)cap_set_flags(&m, &c, 1, CAP_V9);   /* capability mode, as the cVM's own PCC */
	(void)cap_seal_entry(&mon->exit_sentry, &m, CAP_V9);
	return mon->exit_sentry.tag && c.tag ? 0 : -1;
}

/* The capfile area (capfiles.c): upstream's [0x10000000, 0x40000000) in slot 0 when no slot
 * overlaps it, else the same size above the highest slot, 1 GiB aligned (config_validate keeps
 * every slot below CVM_SPACE_TOP, so it always fits). */
static void monitor_place_capfiles(struct monitor *mon, const struct config *cfg, uint64_t slots_top)
{
	mon->capfile_lo = MONITOR_CAPFILE_LO;
	mon->capfile_hi = MONITOR_CAPFILE_HI;
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		const struct config_isolation *iso = &cfg->cvms[i].isolation;
		if (iso->base < MONITOR_CAPFILE_HI && iso->base + iso->size > MONITOR_CAPFILE_LO) {
			mon->capfile_lo = (slots_top + CVM_MAX_SIZE - 1) & ~(CVM_MAX_SIZE - 1);
			mon->capfile_hi = mon->capfile_lo + (MONITOR_CAPFILE_HI - MONITOR_CAPFILE_LO);
			return;
		}
	}
}

int monitor_init(struct monitor *mon, struct config *cfg, const struct monitor_options *opt, struct error *err)
{
	memset(mon, 0, sizeof *mon);
	mon->quiet = opt->quiet;
	mon->timings = opt->timings;
	mon->out = opt->out ? opt->out : stdout;
	mon->gate_lo = MONITOR_GATE_LO;
	mon->gate_hi = MONITOR_GATE_HI;
	mon->hostcall_entry = MONITOR_HOSTCALL_ENTRY;
	mon->ocall_entry = MONITOR_OCALL_ENTRY;
	mon->return_entry = MONITOR_RETURN_ENTRY;
	mon->exit_entry = MONITOR_EXIT_ENTRY;
	mon->stop_fd = -1;

	/* The address space covers every slot up to the highest one used, and at least the
	 * reference's slot 1 (the monitor's gate lies in slot 0 of any size), and the capfile area
	 * (its YAML capfiles, then stream rings; reserved, mapped only when used). */
	uint64_t top = 2 * CVM_MAX_SIZE, slots_top = 0;
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		const struct config_isolation *iso = &cfg->cvms[i].isolation;
		if (iso->base + iso->size > slots_top)
			slots_top = iso->base + iso->size;
		if (iso->base / iso->size > mon->max_id)
			mon->max_id = (unsigned)(iso->base / iso->size);
	}
	if (slots_top > top)
		top = slots_top;
	monitor_place_capfiles(mon, cfg, slots_top);
	if (mon->capfile_hi > top)   /* capfiles, and the rings of hybrid producers */
		top = mon->capfile_hi;
	mon->mem = mem_new(top);
	if (!mon->mem)
		return error_set(err, E_MEM, "", "cannot reserve 0x%llx bytes", (unsigned long long)top);

	struct cap root = cap_root();
	mon->root_code = cap_build_from_root(&root, 0, MONITOR_CAP_TOP, MONITOR_CODE_PERMS);
	mon->root_data = cap_build_from_root(&root, 0, MONITOR_CAP_TOP, MONITOR_DATA_PERMS);
	mon->seal_auth = cap_build_from_root(&root, 0, CAP_OTYPE_UNSEALED + 1, MONITOR_SEAL_PERMS);
	if (!mon->root_code.tag || !mon->root_data.tag || !mon->seal_auth.tag ||
	    monitor_seal_at(mon, &mon->root_code, mon->hostcall_entry, CVM_MONITOR_OTYPE, &mon->hc_pcc) ||
	    monitor_seal(mon, &mon->root_data, CVM_MONITOR_OTYPE, &mon->hc_ddc) ||
	    monitor_seal_at(mon, &mon->root_code, mon->ocall_entry, CVM_MONITOR_OTYPE, &mon->ocall_pcc) ||
	    monitor_seal_at(mon, &mon->root_code, mon->return_entry, CVM_MONITOR_OTYPE, &mon->ret_pcc) ||
	    monitor_exit_sentry(mon)) {
		mem_free(mon->mem);
		mon->mem = NULL;
		return error_set(err, E_CAP, "", "monitor root capabilities");
	}

	mon->cfg = malloc(sizeof *mon->cfg);
	mon->cvms = calloc(cfg->ncvms, sizeof *mon->cvms);
	mon->by_id = calloc((size_t)mon->max_id + 1, sizeof *mon->by_id);
	if (!mon->cfg || !mon->cvms || !mon->by_id) {
		free(mon->cfg);
		free(mon->cvms);
		free(mon->by_id);
		mem_free(mon->mem);
		memset(mon, 0, sizeof *mon);
		return error_set(err, E_NOMEM, "", NULL);
	}
	*mon->cfg = *cfg; /* take ownership */
	memset(cfg, 0, sizeof *cfg);
	mon->ncvms = mon->cfg->ncvms;
	for (unsigned i = 0; i < mon->ncvms; i++) {
		const struct config_cvm *c = &mon->cfg->cvms[i];
		struct cvm *v = &mon->cvms[i];
		v->cfg = c;
		v->name = c->name;
		v->runtime = c->runtime;
		v->runtime_path = c->runtime_path;
		v->args = c->args;
		v->wait = c->wait;
		v->clean_room = c->clean_room != 0;
		v->base = c->isolation.base;
		v->size = c->isolation.size;
		v->begin = v->base;
		v->end = v->base + v->size;
		struct cvm_layout l;
		cvm_layout_of(v->base, v->size, 0, &l);   /* a handler's contexts: deploy.c */
		v->id = (unsigned)l.id;
		v->otype = v->id;
		v->stacks_hi = l.stacks_hi;
		v->stacks_lo = l.stacks_lo;
		v->stack_slot = l.stack_slot;
		v->sp_off = l.sp_off;
		v->linux_stack = l.linux_stack;
		v->cap_store = l.cap_store;
		v->heap_hi = v->stacks_lo;
		for (unsigned k = 0; k < c->nmounts && k < LINUX_MAX_MOUNTS; k++)
			v->mounts[v->nmounts++] = (struct linux_mount){ .host = c->mounts[k].host_path,
								       .guest = c->mounts[k].guest,
								       .readonly = c->mounts[k].readonly != 0 };
		v->strace = c->strace != 0;
		mon->by_id[v->id] = v;
	}
	return 0;
}

int monitor_add_mount(struct monitor *mon, const char *host, const char *guest, bool readonly, struct error *err)
{
	const char *why = config_mount_host_problem(host);
	if (why)
		return error_set(err, E_CFG_MOUNT, "--mount", "host '%s': %s", host, why);
	why = config_mount_guest_problem(guest);
	if (why)
		return error_set(err, E_CFG_MOUNT, "--mount", "guest '%s' %s", guest, why);
	for (unsigned i = 0; i < mon->ncvms; i++) {
		struct cvm *v = &mon->cvms[i];
		for (unsigned k = 0; k < v->nmounts; k++)
			if (config_mount_same_guest(v->mounts[k].guest, guest))
				return error_set(err, E_CFG_MOUNT, "--mount", "cVM '%s': guest '%s' is mounted twice", v->name,
						 guest);
		if (v->nmounts == LINUX_MAX_MOUNTS)
			return error_set(err, E_CFG_MOUNT, "--mount", "cVM '%s' has %d mounts already", v->name,
					 LINUX_MAX_MOUNTS);
		v->mounts[v->nmounts++] = (struct linux_mount){ .host = host, .guest = guest, .readonly = readonly };
	}
	return 0;
}

void monitor_free(struct monitor *mon)
{
	if (mon->mem)
		mem_free(mon->mem);
	if (mon->cfg) {
		config_free(mon->cfg);
		free(mon->cfg);
	}
	for (unsigned i = 0; mon->cvms && i < mon->ncvms; i++)
		linux_files_free(mon->cvms[i].lx.files);
	free(mon->cvms);
	free(mon->by_id);
	share_free(mon->share);
	memset(mon, 0, sizeof *mon);
}
