/* config_check.c - whole-deployment checks of a decoded config (config_validate).
 *
 * Rules (each an error with the offending node's file:line:col):
 *   isolation: size a power of two in [CVM_SLOT_MIN, CVM_SLOT_MAX] (intravisor.md 10); base a
 *              multiple of it; id = base / size in 1..CVM_MAX_ID (id 0 would contain the
 *              monitor's gate; the id is the otype) and the slot below CVM_SPACE_TOP; no two
 *              regions overlap (slots of different sizes may be mixed); no two cVMs share an
 *              id (it names the cVM's sealing otype and its hostcall identity).
 *   names unique; args at most CONFIG_MAX_ARGS words and CONFIG_MAX_ARGS_BYTES bytes;
 *   wait >= -1; clean_room, libvirt, fork 0 or 1;
 *   runtime: a readable regular file, relative to the config's folder (checked before the
 *              callbacks, so a typo is reported on its own line, not on a callback_out naming
 *              the right file); a dangling symbolic link says "run make first" (the examples
 *              link their runtimes into build/);
 *   callback_out: absent/"monitor", or the runtime of exactly one OTHER cVM (any position in
 *              the file; a cVM's `name` there is an error that names its runtime instead);
 *              following callback_out links from any cVM must reach "monitor";
 *   capfiles: unique names, 0 < size <= CONFIG_MAX_CAPFILE_SIZE, data shorter than size.
 * Values upstream accepts that we do not use its way are warnings (warn_upstream_values).
 * (Whether a callback_out target exports syscall_handler is known only from its image: deploy
 * checks it before mapping anything.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/config.h"
#include "monitor/config_index.h"
#include "monitor/config_slots.h"

#define CONFIG_MAX_ARGS_BYTES 2048
#define CONFIG_MAX_CAPFILE_SIZE 0x10000000ULL

/* file:line:col of cfg's file (config_fail_at) */
#define fail_at(cfg, ...) config_fail_at((cfg)->path, __VA_ARGS__)

int config_find_runtime(const struct config *cfg, const char *name)
{
	return config_index_runtime(cfg, name, NULL);
}

static int config_find_name(const struct config *cfg, const char *name)
{
	return config_index_name(cfg, name, NULL);
}

static unsigned count_runtime(const struct config *cfg, const char *name)
{
	unsigned n;
	(void)config_index_runtime(cfg, name, &n);
	return n;
}

static bool is_monitor(const char *cb)
{
	return !cb || !strcmp(cb, "monitor");
}

static int check_isolation(const struct config *cfg, unsigned i, const unsigned *first_conflict, struct error *err)
{
	const struct config_cvm *c = &cfg->cvms[i];
	const struct config_isolation *iso = &c->isolation;
	if (iso->size < CVM_SLOT_MIN || iso->size > CVM_SLOT_MAX || (iso->size & (iso->size - 1)))
		return fail_at(cfg, iso->size_pos, err, E_CFG_SIZE, "cVM '%s' asks for 0x%llx", c->name,
			       (unsigned long long)iso->size);
	if (iso->base % iso->size)
		return fail_at(cfg, iso->base_pos, err, E_CFG_ALIGN, "cVM '%s' has base 0x%llx, size 0x%llx", c->name,
			       (unsigned long long)iso->base, (unsigned long long)iso->size);
	uint64_t id = iso->base / iso->size;
	uint64_t max_id = (CVM_SPACE_TOP / iso->size) - 1;   /* the slot must end below CVM_SPACE_TOP */
	if (max_id > CVM_MAX_ID)
		max_id = CVM_MAX_ID;
	if (id < 1 || id > max_id)
		return fail_at(cfg, iso->base_pos, err, E_CFG_RANGE,
			       "cVM '%s': base 0x%llx is slot %llu of size 0x%llx; slots 1..%llu (%s), i.e. base 0x%llx..0x%llx",
			       c->name, (unsigned long long)iso->base, (unsigned long long)id, (unsigned long long)iso->size,
			       (unsigned long long)max_id,
			       max_id == CVM_MAX_ID ? "the id is the cVM's otype: 0x3fffb is the largest"
						    : "the address space ends at 0x3fffc0000000",
			       (unsigned long long)iso->size, (unsigned long long)(max_id * iso->size));
	/* the first earlier cVM in conflict (config_slots.c), reported as the pairwise loop did */
	if (first_conflict[i] != CONFIG_NO_CONFLICT) {
		unsigned j = first_conflict[i];
		const struct config_isolation *o = &cfg->cvms[j].isolation;
		if (iso->base == o->base && iso->size == o->size)
			return fail_at(cfg, iso->base_pos, err, E_CFG_OVERLAP, "cVM '%s' and cVM '%s' both use [0x%llx, 0x%llx)",
				       c->name, cfg->cvms[j].name, (unsigned long long)iso->base,
				       (unsigned long long)(iso->base + iso->size));
		if (iso->base < o->base + o->size && o->base < iso->base + iso->size)
			return fail_at(cfg, iso->base_pos, err, E_CFG_OVERLAP,
				       "cVM '%s' [0x%llx, 0x%llx) and cVM '%s' [0x%llx, 0x%llx)", c->name,
				       (unsigned long long)iso->base, (unsigned long long)(iso->base + iso->size),
				       cfg->cvms[j].name, (unsigned long long)o->base, (unsigned long long)(o->base + o->size));
		if (iso->base / iso->size == o->base / o->size)
			return fail_at(cfg, iso->base_pos, err, E_CFG_DUP_ID, "cVM '%s' and cVM '%s' are both id %llu",
				       c->name, cfg->cvms[j].name, (unsigned long long)(iso->base / iso->size));
	}
	return 0;
}

static int check_fields(const struct config *cfg, unsigned i, struct error *err)
{
	const struct config_cvm *c = &cfg->cvms[i];
	int first = config_find_name(cfg, c->name);
	if (first >= 0 && (unsigned)first < i)
		return fail_at(cfg, c->name_pos, err, E_CFG_DUP_NAME, "'%s' (first at line %u)", c->name,
			       cfg->cvms[first].name_pos.line);
	if (c->args) {
		unsigned words = 0;
		for (const char *p = c->args; *p;) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			words++;
			while (*p && *p != ' ')
				p++;
		}
		if (words > CONFIG_MAX_ARGS || strlen(c->args) > CONFIG_MAX_ARGS_BYTES)
			return fail_at(cfg, c->args_pos, err, E_CFG_ARGS, "cVM '%s': %u words, %zu bytes (at most %u and %u)",
				       c->name, words, strlen(c->args), CONFIG_MAX_ARGS, CONFIG_MAX_ARGS_BYTES);
	}
	if (c->has_threads && (c->threads < 1 || c->threads > CONFIG_MAX_THREADS))
		return fail_at(cfg, c->threads_pos, err, E_CFG_TOO_MANY, "cVM '%s': threads %ld (1..%d)", c->name,
			       c->threads, CONFIG_MAX_THREADS);
	if (c->wait < -1)
		return fail_at(cfg, c->wait_pos, err, E_CFG_WAIT, "cVM '%s': wait %ld", c->name, c->wait);
	const struct { long v; struct config_pos pos; const char *key; } flags[] = {
		{ c->clean_room, c->clean_room_pos, "clean_room" },
		{ c->libvirt, c->libvirt_pos, "libvirt" },
		{ c->fork, c->fork_pos, "fork" },
	};
	for (unsigned k = 0; k < 3; k++)
		if (flags[k].v != 0 && flags[k].v != 1)
			return fail_at(cfg, flags[k].pos, err, E_CFG_FLAG, "cVM '%s': %s %ld", c->name, flags[k].key,
				       flags[k].v);
	return 0;
}

static int check_runtime(struct config *cfg, unsigned i, struct error *err)
{
	struct config_cvm *c = &cfg->cvms[i];
	free(c->runtime_path);
	c->runtime_path = NULL;
	int n = c->runtime[0] == '/' ? asprintf(&c->runtime_path, "%s", c->runtime)
				     : asprintf(&c->runtime_path, "%s/%s", cfg->dir, c->runtime);
	if (n < 0) {
		c->runtime_path = NULL;
		return error_set(err, E_NOMEM, cfg->path, NULL);
	}
	struct stat st;
	if (stat(c->runtime_path, &st) != 0 || access(c->runtime_path, R_OK) != 0) {
		int e = errno;
		char target[256];
		ssize_t k = e == ENOENT ? readlink(c->runtime_path, target, sizeof target - 1) : -1;
		if (k > 0) {
			target[k] = 0;
			return fail_at(cfg, c->runtime_pos, err, E_CFG_RUNTIME,
				       "cVM '%s': '%s' is a symbolic link to '%s', which does not exist: run make first "
				       "(it builds the examples' runtimes)", c->name, c->runtime_path, target);
		}
		return fail_at(cfg, c->runtime_pos, err, E_CFG_RUNTIME, "cVM '%s': '%s': %s", c->name, c->runtime_path,
			       strerror(e));
	}
	if (!S_ISREG(st.st_mode))
		return fail_at(cfg, c->runtime_pos, err, E_CFG_RUNTIME, "cVM '%s': '%s' is not a regular file", c->name,
			       c->runtime_path);
	return 0;
}

static int check_callbacks(const struct config *cfg, unsigned i, struct error *err)
{
	const struct config_cvm *c = &cfg->cvms[i];
	if (!is_monitor(c->callback_out)) {
		unsigned n = count_runtime(cfg, c->callback_out);
		int named = config_find_name(cfg, c->callback_out);
		if (n == 0 && named >= 0)
			return fail_at(cfg, c->callback_out_pos, err, E_CFG_CALLBACK,
				       "cVM '%s': callback_out '%s' is a cVM name: use its runtime file name, e.g. %s", c->name,
				       c->callback_out, cfg->cvms[named].runtime);
		if (n == 0)
			return fail_at(cfg, c->callback_out_pos, err, E_CFG_CALLBACK, "cVM '%s': callback_out '%s'", c->name,
				       c->callback_out);
		if (n > 1)
			return fail_at(cfg, c->callback_out_pos, err, E_CFG_AMBIGUOUS, "cVM '%s': callback_out '%s' (%u cVMs)",
				       c->name, c->callback_out, n);
		if (!strcmp(c->callback_out, c->runtime))
			return fail_at(cfg, c->callback_out_pos, err, E_CFG_CALLBACK_SELF, "cVM '%s': callback_out '%s'",
				       c->name, c->callback_out);
	}
	return 0;
}

/* Follow callback_out from cVM i; it must reach the monitor within ncvms steps. */
static int check_cycle(const struct config *cfg, unsigned i, struct error *err)
{
	char path[400];
	int len = snprintf(path, sizeof path, "%s", cfg->cvms[i].name);
	unsigned at = i;
	for (unsigned steps = 0; steps <= cfg->ncvms; steps++) {
		const char *cb = cfg->cvms[at].callback_out;
		if (is_monitor(cb))
			return 0;
		at = (unsigned)config_find_runtime(cfg, cb);
		if (len >= 0 && (size_t)len < sizeof path)
			len += snprintf(path + len, sizeof path - (size_t)len, " -> %s", cfg->cvms[at].name);
		if (at == i)
			break;
	}
	return fail_at(cfg, cfg->cvms[i].callback_out_pos, err, E_CFG_CYCLE, "%s", path);
}

static int check_capfiles(const struct config *cfg, struct error *err)
{
	for (unsigned i = 0; i < cfg->ncapfiles; i++) {
		const struct config_capfile *f = &cfg->capfiles[i];
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(cfg->capfiles[j].name, f->name))
				return fail_at(cfg, f->name_pos, err, E_CFG_CAPFILE, "duplicate name '%s' (first at line %u)",
					       f->name, cfg->capfiles[j].name_pos.line);
		if (strlen(f->name) == 0 || strlen(f->name) > 64)   /* HC_KEY_MAX: a key a cVM can probe */
			return fail_at(cfg, f->name_pos, err, E_CFG_CAPFILE, "name '%s' has %zu bytes (1..64)", f->name,
				       strlen(f->name));
		if (f->size == 0 || f->size > CONFIG_MAX_CAPFILE_SIZE)
			return fail_at(cfg, f->size_pos, err, E_CFG_CAPFILE, "'%s': size 0x%llx (1..0x%llx)", f->name,
				       (unsigned long long)f->size, (unsigned long long)CONFIG_MAX_CAPFILE_SIZE);
		if (f->data && strlen(f->data) >= f->size)
			return fail_at(cfg, f->data_pos, err, E_CFG_CAPFILE, "'%s': data (%zu bytes + NUL) larger than size 0x%llx",
				       f->name, strlen(f->data), (unsigned long long)f->size);
	}
	return 0;
}

/* What upstream accepts and we do not use as it does: a warning at the value (never a refusal).
 *   begin/end other than base/base + size: upstream bounds PCC and DDC by them; here a cVM's
 *              capabilities cover exactly its slot (wider would reach another slot);
 *   callback_in naming no cVM, or several: upstream links the first match, or none (its only
 *              effect is the "is inner for" log line);
 *   a capfile's addr: upstream says it is not supported and goes on; so do we. */
static void warn_upstream_values(struct config *cfg)
{
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		const struct config_cvm *c = &cfg->cvms[i];
		const struct config_isolation *iso = &c->isolation;
		if (iso->has_begin && iso->begin != iso->base)
			config_warn(cfg, iso->begin_pos, "cVM '%s': begin 0x%llx is ignored: its capabilities cover its slot "
				    "from base 0x%llx", c->name, (unsigned long long)iso->begin, (unsigned long long)iso->base);
		if (iso->has_end && iso->end != iso->base + iso->size)
			config_warn(cfg, iso->end_pos, "cVM '%s': end 0x%llx is ignored: its capabilities cover its slot "
				    "to base + size 0x%llx", c->name, (unsigned long long)iso->end,
				    (unsigned long long)(iso->base + iso->size));
		unsigned n = c->callback_in ? count_runtime(cfg, c->callback_in) : 1;
		if (n == 0)
			config_warn(cfg, c->callback_in_pos, "cVM '%s': callback_in '%s' names no cVM's runtime: no inner "
				    "link (as upstream)", c->name, c->callback_in);
		else if (n > 1)
			config_warn(cfg, c->callback_in_pos, "cVM '%s': callback_in '%s' is the runtime of %u cVMs: the first "
				    "is the inner one (as upstream)", c->name, c->callback_in, n);
	}
	for (unsigned i = 0; i < cfg->ncapfiles; i++)
		if (cfg->capfiles[i].addr)
			config_warn(cfg, cfg->capfiles[i].addr_pos, "capfile '%s': capfiles with pre-defined addresses are "
				    "not supported: addr is ignored, the monitor places it (as upstream)", cfg->capfiles[i].name);
}

int config_validate(struct config *cfg, struct error *err)
{
	*err = (struct error){ 0 };
	if (!cfg->ncvms)
		return error_set(err, E_CFG_NO_CVMS, cfg->path, NULL);
	unsigned *first_conflict = malloc(cfg->ncvms * sizeof *first_conflict);
	if (!first_conflict || config_index_build(cfg) || config_slot_conflicts(cfg, first_conflict)) {
		free(first_conflict);
		return error_set(err, E_NOMEM, cfg->path, NULL);
	}
	for (unsigned i = 0; i < cfg->ncvms; i++)
		if (check_fields(cfg, i, err) || check_isolation(cfg, i, first_conflict, err)) {
			free(first_conflict);
			return -1;
		}
	free(first_conflict);
	for (unsigned i = 0; i < cfg->ncvms; i++)
		if (check_runtime(cfg, i, err) || config_check_mounts(cfg, i, err))
			return -1;
	for (unsigned i = 0; i < cfg->ncvms; i++)
		if (check_callbacks(cfg, i, err))
			return -1;
	for (unsigned i = 0; i < cfg->ncvms; i++)
		if (check_cycle(cfg, i, err))
			return -1;
	if (check_capfiles(cfg, err))
		return -1;
	warn_upstream_values(cfg);
	return 0;
}
