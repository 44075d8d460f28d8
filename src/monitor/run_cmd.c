/* run_cmd.c - the config of `intravisor run` (run_cmd.h). The text is YAML, parsed and
 * validated by config.c exactly as a file would be: one path for both, and a key that this
 * build does not know (a --mount without mounts support) is an error there, not a silent
 * no-op here. argv and envp are filled in afterwards, so that any word survives as it is. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "monitor/run_cmd.h"

int run_cmd_split_mount(const char *spec, char *host, size_t host_len, char *guest, size_t guest_len, int *readonly,
			const char **why)
{
	const char *c1 = strchr(spec, ':');
	if (!c1 || c1 == spec) {
		*why = "expected HOST:GUEST[:ro]";
		return -1;
	}
	const char *g = c1 + 1, *c2 = strchr(g, ':');
	size_t glen = c2 ? (size_t)(c2 - g) : strlen(g);
	*readonly = 0;
	if (c2) {
		if (strcmp(c2 + 1, "ro") && strcmp(c2 + 1, "rw")) {
			*why = "the third field must be 'ro' or 'rw'";
			return -1;
		}
		*readonly = !strcmp(c2 + 1, "ro");
	}
	if (glen == 0 || g[0] != '/') {
		*why = "the guest path must be absolute (e.g. /data)";
		return -1;
	}
	if ((size_t)(c1 - spec) >= host_len || glen >= guest_len) {
		*why = "path too long";
		return -1;
	}
	snprintf(host, host_len, "%.*s", (int)(c1 - spec), spec);
	snprintf(guest, guest_len, "%.*s", (int)glen, g);
	return 0;
}

/* s as a YAML double-quoted scalar, appended to f */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int run_cmd_config(const struct run_cmd *rc, struct config *cfg, struct error *err)
{
	/* the program first, so that its error names it as the user typed it (not a line of
	 * the generated YAML) */
	struct stat st;
	if (stat(rc->program, &st) != 0)
		return error_set(err, E_CFG_RUNTIME, rc->program, "%s: give the path of a static riscv64 program "
				 "(riscv64-linux-gnu-gcc -static)", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, E_CFG_RUNTIME, rc->program, "%s", "not a regular file: give the path of a static riscv64 program");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return error_set(err, E_NOMEM, rc->program, NULL);
	fputs("cVMs:\n- name: ", f);
	put_quoted(f, base_name(rc->program));
	fputs("\n  runtime: ", f);
	put_quoted(f, base_name(rc->program));   /* relative to the "config's" folder: the program's */
	fputs("\n  isolation:\n  - base: 0x40000000\n    size: 0x40000000\n    begin: 0x40000000\n"
	      "    end: 0x80000000\n  callback_out: monitor\n  wait: -1\n", f);
	if (rc->nmount)
		fputs("  mounts:\n", f);
	for (unsigned i = 0; i < rc->nmount; i++) {
		char host[4096], guest[4096];
		int ro;
		const char *why;
		if (run_cmd_split_mount(rc->mount[i], host, sizeof host, guest, sizeof guest, &ro, &why)) {
			fclose(f);
			free(text);
			return error_set(err, E_USAGE, rc->mount[i], "%s", why);
		}
		char *abs = realpath(host, NULL);
		fputs("  - host: ", f);
		put_quoted(f, abs ? abs : host);
		fputs("\n    guest: ", f);
		put_quoted(f, guest);
		fprintf(f, "\n    readonly: %s\n", ro ? "true" : "false");
		free(abs);
	}
	if (fclose(f) != 0) {
		free(text);
		return error_set(err, E_NOMEM, rc->program, NULL);
	}
	int r = config_parse_string(rc->program, text, len, cfg, err);
	free(text);
	if (r) {
		if (rc->nmount && err->code == E_CFG_UNKNOWN_KEY)
			return error_set(err, E_CFG_UNSUPPORTED, "--mount", "%s", "mounts are not supported by this build yet");
		return r;
	}
	struct config_cvm *c = &cfg->cvms[0];
	for (unsigned i = 0; i < rc->nenv; i++) {
		if (!strchr(rc->env[i], '=') || rc->env[i][0] == '=') {
			config_free(cfg);
			return error_set(err, E_USAGE, rc->env[i], "%s", "--env needs KEY=VALUE");
		}
		c->env[c->nenv] = strdup(rc->env[i]);
		if (!c->env[c->nenv]) {
			config_free(cfg);
			return error_set(err, E_NOMEM, rc->program, NULL);
		}
		c->nenv++;
	}
	c->argv = rc->argv;
	c->argc = rc->argc;
	if (config_validate(cfg, err)) {
		config_free(cfg);
		return -1;
	}
	return 0;
}
