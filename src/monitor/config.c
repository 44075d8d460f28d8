/* config.c - decode the deployment YAML (libyaml document API) into struct config.
 *
 * Schema (intravisor.md section 2, reference section 1.2): a top mapping with `cVMs` (sequence
 * of cVM mappings) and optionally `capfiles` (sequence of {name, size, data, addr}). Every
 * key is checked: unknown keys, duplicate keys, wrong node kinds and malformed numbers are
 * errors at the node's line:col. Numbers: isolation values and capfile size/addr are hex and
 * need 0x: the reference reads them with strtol(.., 16), so `size: 40000000` means 0x40000000
 * there but looks decimal to a reader; we never guess: without 0x it is an error (a single
 * digit 0..9 excepted, the same either way). wait, clean_room, libvirt, fork are decimal.
 * Several YAML documents in one file are read as one mapping (intravisor.md section 10): a top
 * key in two documents is a duplicate key. A second `isolation` item is accepted,
 * as upstream does (the last one wins), with a warning (cfg->warnings; main.c prints them).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "monitor/config.h"

#define CONFIG_MAX_FILE (64u << 20)   /* ~250 bytes a cVM: room for every id of the otype space */

struct cfgp {
	const char *path;
	struct config *cfg;
	struct error *err;
	yaml_document_t doc;
	struct config_pos cvms_pos, capfiles_pos;   /* where each top key was first seen (any document) */
};

static struct config_pos pos_of(const yaml_node_t *n)
{
	return (struct config_pos){ (unsigned)n->start_mark.line + 1, (unsigned)n->start_mark.column + 1 };
}

int config_fail_at(const char *path, struct config_pos pos, struct error *err, enum err_code code,
		   const char *fmt, ...)
{
	char where[sizeof err->where];
	if (pos.line)
		snprintf(where, sizeof where, "%s:%u:%u", path, pos.line, pos.col);
	else
		snprintf(where, sizeof where, "%s", path);
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, code, where, fmt, ap);
	va_end(ap);
	return -1;
}

#define fail_at config_fail_at

static const char *kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a scalar";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

static yaml_node_t *node(struct cfgp *P, int id)
{
	return yaml_document_get_node(&P->doc, id);
}

static bool is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static int want_kind(struct cfgp *P, yaml_node_t *n, yaml_node_type_t t, const char *key)
{
	static const char *names[] = { [YAML_SCALAR_NODE] = "a scalar", [YAML_SEQUENCE_NODE] = "a list",
				       [YAML_MAPPING_NODE] = "a mapping" };
	if (n->type == t)
		return 0;
	return fail_at(P->path, pos_of(n), P->err, E_CFG_TYPE, "'%s' must be %s, not %s", key, names[t],
		       kind_name(n));
}

/* A string value; null -> NULL. */
static int get_string(struct cfgp *P, yaml_node_t *n, const char *key, char **out, struct config_pos *pos)
{
	if (want_kind(P, n, YAML_SCALAR_NODE, key))
		return -1;
	if (pos)
		*pos = pos_of(n);
	if (is_null(n))
		return 0;
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return fail_at(P->path, pos_of(n), P->err, E_CFG_TYPE, "'%s' contains a NUL byte", key);
	*out = strdup((const char *)n->data.scalar.value);
	if (!*out)
		return error_set(P->err, E_NOMEM, P->path, NULL);
	return 0;
}

static int get_hex(struct cfgp *P, yaml_node_t *n, const char *key, uint64_t *out, struct config_pos *pos)
{
	if (want_kind(P, n, YAML_SCALAR_NODE, key))
		return -1;
	*pos = pos_of(n);
	const char *s = (const char *)n->data.scalar.value, *digits = s;
	bool has_0x = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (has_0x)
		digits = s + 2;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(digits, &end, 16);
	if (!*digits || *end || errno || !((*digits >= '0' && *digits <= '9') ||
					     (*digits >= 'a' && *digits <= 'f') || (*digits >= 'A' && *digits <= 'F')))
		return fail_at(P->path, pos_of(n), P->err, E_CFG_NUMBER, "'%s: %s' (hex with 0x, 64-bit)", key, s);
	if (!has_0x && v > 9)
		return fail_at(P->path, pos_of(n), P->err, E_CFG_NUMBER,
			       "'%s: %s' has no 0x: upstream reads it as hex, a reader as decimal; write 0x%s", key, s, s);
	*out = v;
	return 0;
}

static int get_dec(struct cfgp *P, yaml_node_t *n, const char *key, long *out, struct config_pos *pos)
{
	if (want_kind(P, n, YAML_SCALAR_NODE, key))
		return -1;
	*pos = pos_of(n);
	const char *s = (const char *)n->data.scalar.value;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return fail_at(P->path, pos_of(n), P->err, E_CFG_NUMBER, "'%s: %s' (decimal integer)", key, s);
	*out = v;
	return 0;
}

/* Walk a mapping: every key a scalar, no key twice, every key in `known` (NULL-terminated).
 * Calls fn(P, ctx, key, value, pos-of-key) for each pair. */
typedef int (*pair_fn)(struct cfgp *P, void *ctx, const char *key, yaml_node_t *value);

static int each_pair(struct cfgp *P, yaml_node_t *map, const char *what, const char *const *known,
		     const char *known_list, pair_fn fn, void *ctx)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(P, p->key), *v = node(P, p->value);
		if (k->type != YAML_SCALAR_NODE)
			return fail_at(P->path, pos_of(k), P->err, E_CFG_TYPE, "keys of %s must be scalars, not %s",
				       what, kind_name(k));
		const char *key = (const char *)k->data.scalar.value;
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
			yaml_node_t *k2 = node(P, q->key);
			if (k2->type == YAML_SCALAR_NODE && !strcmp((const char *)k2->data.scalar.value, key))
				return fail_at(P->path, pos_of(k), P->err, E_CFG_DUP_KEY, "'%s' in %s (first at line %u)",
					       key, what, pos_of(k2).line);
		}
		bool ok = false;
		for (const char *const *kn = known; *kn && !ok; kn++)
			ok = !strcmp(*kn, key);
		if (!ok)
			return fail_at(P->path, pos_of(k), P->err, E_CFG_UNKNOWN_KEY, "'%s' in %s (known: %s)", key,
				       what, known_list);
		if (fn(P, ctx, key, v))
			return -1;
	}
	return 0;
}

static const char *const isolation_keys[] = { "base", "size", "begin", "end", NULL };

static int isolation_pair(struct cfgp *P, void *ctx, const char *key, yaml_node_t *v)
{
	struct config_isolation *iso = ctx;
	if (!strcmp(key, "base"))
		return iso->has_base = true, get_hex(P, v, key, &iso->base, &iso->base_pos);
	if (!strcmp(key, "size"))
		return iso->has_size = true, get_hex(P, v, key, &iso->size, &iso->size_pos);
	if (!strcmp(key, "begin"))
		return iso->has_begin = true, get_hex(P, v, key, &iso->begin, &iso->begin_pos);
	return iso->has_end = true, get_hex(P, v, key, &iso->end, &iso->end_pos);
}

/* true/false (also yes/no, 1/0) */
static int get_bool(struct cfgp *P, yaml_node_t *n, const char *key, long *out, struct config_pos *pos)
{
	if (want_kind(P, n, YAML_SCALAR_NODE, key))
		return -1;
	*pos = pos_of(n);
	const char *s = (const char *)n->data.scalar.value;
	if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1"))
		return *out = 1, 0;
	if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0"))
		return *out = 0, 0;
	return fail_at(P->path, pos_of(n), P->err, E_CFG_FLAG, "'%s: %s' (true or false)", key, s);
}

static const char *const mount_keys[] = { "host", "guest", "readonly", NULL };

static int mount_pair(struct cfgp *P, void *ctx, const char *key, yaml_node_t *v)
{
	struct config_mount *m = ctx;
	struct config_pos ignored;
	if (!strcmp(key, "host"))
		return get_string(P, v, key, &m->host, &m->host_pos);
	if (!strcmp(key, "guest"))
		return get_string(P, v, key, &m->guest, &m->guest_pos);
	return get_bool(P, v, key, &m->readonly, &ignored);
}

/* mounts: a list of {host, guest, readonly} (checked as a whole by config_validate) */
static int get_mounts(struct cfgp *P, struct config_cvm *c, yaml_node_t *v)
{
	c->mounts_pos = pos_of(v);
	if (want_kind(P, v, YAML_SEQUENCE_NODE, "mounts"))
		return -1;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *m = node(P, *it);
		if (c->nmounts == CONFIG_MAX_MOUNTS)
			return fail_at(P->path, pos_of(m), P->err, E_CFG_TOO_MANY, "'mounts' has more than %d entries",
				       CONFIG_MAX_MOUNTS);
		if (want_kind(P, m, YAML_MAPPING_NODE, "a mount"))
			return -1;
		struct config_mount *cm = &c->mounts[c->nmounts++];
		cm->pos = pos_of(m);
		if (each_pair(P, m, "a mount", mount_keys, "host, guest, readonly", mount_pair, cm))
			return -1;
		if (!cm->host || !cm->guest)
			return fail_at(P->path, cm->pos, P->err, E_CFG_MISSING, "a mount needs '%s'",
				       cm->host ? "guest" : "host");
	}
	return 0;
}

static const char *const cvm_keys[] = { "name", "disk", "runtime", "net", "args", "isolation", "callback_in",
					"callback_out", "wait", "clean_room", "libvirt", "fork", "mode", "env", "mounts", "strace", "threads", "entry", NULL };

static int cvm_pair(struct cfgp *P, void *ctx, const char *key, yaml_node_t *v)
{
	struct config_cvm *c = ctx;
	if (!strcmp(key, "name"))
		return get_string(P, v, key, &c->name, &c->name_pos);
	if (!strcmp(key, "disk"))
		return get_string(P, v, key, &c->disk, &c->disk_pos);
	if (!strcmp(key, "entry"))
		return get_string(P, v, key, &c->entry, &c->entry_pos);
	if (!strcmp(key, "runtime"))
		return get_string(P, v, key, &c->runtime, &c->runtime_pos);
	if (!strcmp(key, "net"))
		return get_string(P, v, key, &c->net, &c->net_pos);
	if (!strcmp(key, "args"))
		return get_string(P, v, key, &c->args, &c->args_pos);
	if (!strcmp(key, "callback_in"))
		return get_string(P, v, key, &c->callback_in, &c->callback_in_pos);
	if (!strcmp(key, "callback_out"))
		return get_string(P, v, key, &c->callback_out, &c->callback_out_pos);
	if (!strcmp(key, "wait"))
		return get_dec(P, v, key, &c->wait, &c->wait_pos);
	if (!strcmp(key, "clean_room"))
		return get_dec(P, v, key, &c->clean_room, &c->clean_room_pos);
	if (!strcmp(key, "libvirt"))
		return get_dec(P, v, key, &c->libvirt, &c->libvirt_pos);
	if (!strcmp(key, "fork"))
		return get_dec(P, v, key, &c->fork, &c->fork_pos);
	if (!strcmp(key, "threads"))
		return c->has_threads = true, get_dec(P, v, key, &c->threads, &c->threads_pos);
	if (!strcmp(key, "mode")) {
		if (get_string(P, v, key, &c->mode, &c->mode_pos))
			return -1;
		if (c->mode && strcmp(c->mode, "hybrid") && strcmp(c->mode, "purecap"))
			return fail_at(P->path, c->mode_pos, P->err, E_CFG_MODE, "'%s'", c->mode);
		return 0;
	}
	if (!strcmp(key, "mounts"))
		return get_mounts(P, c, v);
	if (!strcmp(key, "strace"))
		return get_bool(P, v, key, &c->strace, &c->strace_pos);
	if (!strcmp(key, "env")) {
		/* a list of "K=V" strings: the envp of a hybrid cVM */
		c->env_pos = pos_of(v);
		if (want_kind(P, v, YAML_SEQUENCE_NODE, key))
			return -1;
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			yaml_node_t *e = node(P, *it);
			if (c->nenv == CONFIG_MAX_ENV)
				return fail_at(P->path, pos_of(e), P->err, E_CFG_TOO_MANY, "'env' has more than %d entries",
					       CONFIG_MAX_ENV);
			char *s = NULL;
			if (get_string(P, e, "an env entry", &s, NULL))
				return -1;
			if (!s || !strchr(s, '='))
				return free(s), fail_at(P->path, pos_of(e), P->err, E_CFG_TYPE,
							 "an env entry must be KEY=VALUE");
			c->env[c->nenv++] = s;
		}
		return 0;
	}
	/* isolation: a list of mappings; later items overwrite earlier ones (as the reference) */
	if (want_kind(P, v, YAML_SEQUENCE_NODE, key))
		return -1;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *m = node(P, *it);
		if (want_kind(P, m, YAML_MAPPING_NODE, "an isolation item"))
			return -1;
		if (c->nisolation == 1)
			config_warn(P->cfg, pos_of(m), "cVM '%s': a second 'isolation' item: only the last one is used (as upstream)",
				    c->name ? c->name : "?");
		c->isolation = (struct config_isolation){ .pos = pos_of(m) };
		c->nisolation++;
		if (each_pair(P, m, "an isolation item", isolation_keys, "base, size, begin, end", isolation_pair,
			      &c->isolation))
			return -1;
	}
	return 0;
}

static const char *const capfile_keys[] = { "name", "size", "data", "addr", NULL };

static int capfile_pair(struct cfgp *P, void *ctx, const char *key, yaml_node_t *v)
{
	struct config_capfile *f = ctx;
	if (!strcmp(key, "name"))
		return get_string(P, v, key, &f->name, &f->name_pos);
	if (!strcmp(key, "data"))
		return get_string(P, v, key, &f->data, &f->data_pos);
	if (!strcmp(key, "size"))
		return get_hex(P, v, key, &f->size, &f->size_pos);
	return get_hex(P, v, key, &f->addr, &f->addr_pos);
}

static int parse_list(struct cfgp *P, yaml_node_t *seq, const char *key, unsigned max, size_t elem,
		      void **out, unsigned *n)
{
	if (want_kind(P, seq, YAML_SEQUENCE_NODE, key))
		return -1;
	size_t count = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	if (count > max)
		return fail_at(P->path, pos_of(seq), P->err, E_CFG_TOO_MANY, "%zu items in '%s', at most %u", count,
			       key, max);
	*out = calloc(count ? count : 1, elem);
	if (!*out)
		return error_set(P->err, E_NOMEM, P->path, NULL);
	*n = (unsigned)count;
	return 0;
}

static const char *const top_keys[] = { "cVMs", "capfiles", NULL };

static int top_pair(struct cfgp *P, void *ctx, const char *key, yaml_node_t *v)
{
	(void)ctx;
	struct config *cfg = P->cfg;
	if (!strcmp(key, "cVMs")) {
		if (parse_list(P, v, key, CONFIG_MAX_CVMS, sizeof *cfg->cvms, (void **)&cfg->cvms, &cfg->ncvms))
			return -1;
		for (unsigned i = 0; i < cfg->ncvms; i++) {
			yaml_node_t *m = node(P, v->data.sequence.items.start[i]);
			if (want_kind(P, m, YAML_MAPPING_NODE, "a cVM"))
				return -1;
			struct config_cvm *c = &cfg->cvms[i];
			c->pos = pos_of(m);
			if (each_pair(P, m, "a cVM", cvm_keys,
				      "name, disk, runtime, net, args, isolation, callback_in, callback_out, wait, "
				      "clean_room, libvirt, fork, mode, env, mounts, strace, threads, entry", cvm_pair, c))
				return -1;
		}
		return 0;
	}
	if (parse_list(P, v, key, CONFIG_MAX_CAPFILES, sizeof *cfg->capfiles, (void **)&cfg->capfiles,
		       &cfg->ncapfiles))
		return -1;
	for (unsigned i = 0; i < cfg->ncapfiles; i++) {
		yaml_node_t *m = node(P, v->data.sequence.items.start[i]);
		if (want_kind(P, m, YAML_MAPPING_NODE, "a capfile"))
			return -1;
		cfg->capfiles[i].pos = pos_of(m);
		if (each_pair(P, m, "a capfile", capfile_keys, "name, size, data, addr", capfile_pair, &cfg->capfiles[i]))
			return -1;
	}
	return 0;
}

/* Upstream keys this build accepts but does not act on (intravisor.md 2, issue 11): an upstream
 * config is never refused for them; each one that asks for something gets a warning. */
static void warn_unused_keys(struct config *cfg, const struct config_cvm *c)
{
	if (c->disk)
		config_warn(cfg, c->disk_pos, "cVM '%s': 'disk' is ignored (printed only: this build has no LKL disk images)",
			    c->name);
	if (c->net)
		config_warn(cfg, c->net_pos, "cVM '%s': 'net' is ignored (printed only: this build has no network)", c->name);
	if (c->libvirt)
		config_warn(cfg, c->libvirt_pos, "cVM '%s': 'libvirt: %ld' is ignored (hostcall 29, deploy from a cVM, is not "
			    "served)", c->name, c->libvirt);
	if (c->fork)
		config_warn(cfg, c->fork_pos, "cVM '%s': 'fork: %ld' is ignored (this build does not fork cVMs)", c->name,
			    c->fork);
}

/* Per-record required keys and value ranges that need no other record. */
static int check_records(struct cfgp *P)
{
	struct config *cfg = P->cfg;
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		struct config_cvm *c = &cfg->cvms[i];
		if (!c->name || !*c->name)
			return fail_at(P->path, c->pos, P->err, E_CFG_MISSING, "'name' in cVM #%u", i + 1);
		if (!c->runtime || !*c->runtime)
			return fail_at(P->path, c->pos, P->err, E_CFG_MISSING, "'runtime' in cVM '%s'", c->name);
		if (!c->nisolation)
			return fail_at(P->path, c->pos, P->err, E_CFG_MISSING, "'isolation' in cVM '%s'", c->name);
		if (!c->isolation.has_base)
			return fail_at(P->path, c->isolation.pos, P->err, E_CFG_MISSING, "'base' in the isolation of cVM '%s'", c->name);
		if (!c->isolation.has_size)
			return fail_at(P->path, c->isolation.pos, P->err, E_CFG_MISSING, "'size' in the isolation of cVM '%s'", c->name);
		warn_unused_keys(cfg, c);
	}
	for (unsigned i = 0; i < cfg->ncapfiles; i++) {
		struct config_capfile *f = &cfg->capfiles[i];
		if (!f->name || !*f->name)
			return fail_at(P->path, f->pos, P->err, E_CFG_MISSING, "'name' in capfile #%u", i + 1);
		if (!f->size && !f->size_pos.line)
			return fail_at(P->path, f->pos, P->err, E_CFG_MISSING, "'size' in capfile '%s'", f->name);
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

void config_warn(struct config *cfg, struct config_pos pos, const char *fmt, ...)
{
	if (cfg->nwarnings == CONFIG_MAX_WARNINGS)
		return;
	char *w = cfg->warnings[cfg->nwarnings++];
	int n = snprintf(w, sizeof cfg->warnings[0], "%s:%u:%u: ", cfg->path, pos.line, pos.col);
	if (n < 0 || (size_t)n >= sizeof cfg->warnings[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w + n, sizeof cfg->warnings[0] - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Several documents are read as one mapping (intravisor.md 10): a top key already seen in an
 * earlier document is a duplicate (within one document each_pair says so). */
static int check_top_keys_once(struct cfgp *P, yaml_node_t *root)
{
	struct config_pos seen[2] = { P->cvms_pos, P->capfiles_pos };
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(P, p->key);
		if (k->type != YAML_SCALAR_NODE)
			continue;   /* each_pair reports it */
		const char *key = (const char *)k->data.scalar.value;
		int i = !strcmp(key, "cVMs") ? 0 : !strcmp(key, "capfiles") ? 1 : -1;
		if (i < 0)
			continue;
		if (seen[i].line)
			return fail_at(P->path, pos_of(k), P->err, E_CFG_DUP_KEY,
				       "'%s' in the top level (first at line %u, an earlier document)", key, seen[i].line);
		(i ? &P->capfiles_pos : &P->cvms_pos)[0] = pos_of(k);
	}
	return 0;
}

static int syntax_error(const char *path, const yaml_parser_t *parser, struct error *err)
{
	struct config_pos pos = { (unsigned)parser->problem_mark.line + 1, (unsigned)parser->problem_mark.column + 1 };
	return fail_at(path, pos, err, E_CFG_SYNTAX, "%s%s%s", parser->problem ? parser->problem : "parse error",
		       parser->context ? " " : "", parser->context ? parser->context : "");
}

int config_parse_string(const char *path, const char *text, uint64_t len, struct config *cfg, struct error *err)
{
	*cfg = (struct config){ 0 };
	*err = (struct error){ 0 };
	struct cfgp P = { .path = path, .cfg = cfg, .err = err };
	cfg->path = strdup(path);
	cfg->dir = dir_of(path);
	if (!cfg->path || !cfg->dir) {
		config_free(cfg);
		return error_set(err, E_NOMEM, path, NULL);
	}
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		config_free(cfg);
		return error_set(err, E_NOMEM, path, NULL);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	/* Every document in turn, read as one top mapping (intravisor.md 10): upstream configs
	 * may split cVMs and capfiles over several documents. Empty documents are skipped. */
	int rc = 0;
	bool any = false;
	struct config_pos first_root = { 1, 1 };
	for (;;) {
		if (!yaml_parser_load(&parser, &P.doc)) {
			rc = syntax_error(path, &parser, err);
			break;
		}
		yaml_node_t *root = yaml_document_get_root_node(&P.doc);
		if (!root) {   /* the end of the stream */
			yaml_document_delete(&P.doc);
			break;
		}
		if (!is_null(root)) {
			if (!any)
				first_root = pos_of(root);
			any = true;
			if (root->type != YAML_MAPPING_NODE)
				rc = fail_at(path, pos_of(root), err, E_CFG_ROOT, "found %s", kind_name(root));
			else
				rc = check_top_keys_once(&P, root) ||
				     each_pair(&P, root, "the top level", top_keys, "cVMs, capfiles", top_pair, NULL) ? -1 : 0;
		}
		yaml_document_delete(&P.doc);
		if (rc)
			break;
	}
	if (rc)
		;
	else if (!any)
		rc = fail_at(path, (struct config_pos){ 1, 1 }, err, E_CFG_NO_CVMS, "the file is empty");
	else if (!cfg->ncvms)
		rc = fail_at(path, first_root, err, E_CFG_NO_CVMS, NULL);
	else
		rc = check_records(&P);
	yaml_parser_delete(&parser);
	if (rc)
		config_free(cfg);
	return rc;
}

static int is_yaml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 5 && !strcmp(d->d_name + n - 5, ".yaml");
}

/* -y DIR: say so, and name the first YAML file in it, if any */
static int config_dir_error(const char *path, struct error *err)
{
	struct dirent **names = NULL;
	int n = scandir(path, &names, is_yaml_name, alphasort);
	if (n > 0)
		error_set(err, E_CFG_OPEN, path, "is a directory: give the YAML file, e.g. -y %s%s%s", path,
			  path[strlen(path) - 1] == '/' ? "" : "/", names[0]->d_name);
	else
		error_set(err, E_CFG_OPEN, path, "is a directory, not a YAML file");
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return -1;
}

int config_parse(const char *path, struct config *cfg, struct error *err)
{
	*cfg = (struct config){ 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, E_CFG_OPEN, path, "%s", strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return config_dir_error(path, err);
	}
	char *buf = malloc(CONFIG_MAX_FILE + 1);
	size_t n = buf ? fread(buf, 1, CONFIG_MAX_FILE + 1, f) : 0;
	int bad = buf ? ferror(f) : ENOMEM;
	fclose(f);
	if (!buf || bad) {
		free(buf);
		return error_set(err, E_CFG_OPEN, path, "%s", buf ? "read error" : strerror(ENOMEM));
	}
	if (n > CONFIG_MAX_FILE) {
		free(buf);
		return error_set(err, E_CFG_OPEN, path, "larger than %u bytes", CONFIG_MAX_FILE);
	}
	int rc = config_parse_string(path, buf, n, cfg, err);
	free(buf);
	return rc;
}

void config_free(struct config *cfg)
{
	for (unsigned i = 0; cfg->cvms && i < cfg->ncvms; i++) {
		struct config_cvm *c = &cfg->cvms[i];
		free(c->name);
		free(c->disk);
		free(c->runtime);
		free(c->net);
		free(c->args);
		free(c->callback_in);
		free(c->callback_out);
		free(c->runtime_path);
		free(c->mode);
		for (unsigned k = 0; k < c->nenv; k++)
			free(c->env[k]);
		for (unsigned k = 0; k < c->nmounts; k++) {
			free(c->mounts[k].host);
			free(c->mounts[k].guest);
			free(c->mounts[k].host_path);
		}
	}
	for (unsigned i = 0; cfg->capfiles && i < cfg->ncapfiles; i++) {
		free(cfg->capfiles[i].name);
		free(cfg->capfiles[i].data);
	}
	for (unsigned i = 0; cfg->cvms && i < cfg->ncvms; i++)
		free(cfg->cvms[i].entry);
	free(cfg->cvms);
	free(cfg->capfiles);
	free(cfg->by_name);
	free(cfg->by_runtime);
	free(cfg->path);
	free(cfg->dir);
	*cfg = (struct config){ 0 };
}
