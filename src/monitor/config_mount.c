/* config_mount.c - the checks of a cVM's `mounts:` (intravisor.md 9 "Files"), shared by the
 * YAML (config_validate) and the command line (--mount, monitor_add_mount):
 *   host: an existing folder, relative to the config's folder;
 *   guest: absolute, without "." or ".." components;
 *   no two mounts of a cVM at the same guest path. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "monitor/config.h"

const char *config_mount_guest_problem(const char *guest)
{
	if (guest[0] != '/')
		return "is not absolute (it must start with '/')";
	for (const char *p = guest; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return "has a '.' or '..' component";
		p += n;
	}
	if (strlen(guest) >= 4096)
		return "is longer than PATH_MAX";
	return NULL;
}

/* equal as guest paths: "/data" and "/data/" and "//data" are one */
bool config_mount_same_guest(const char *a, const char *b)
{
	for (;;) {
		while (*a == '/')
			a++;
		while (*b == '/')
			b++;
		size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
		if (na != nb || strncmp(a, b, na))
			return false;
		if (na == 0)
			return true;
		a += na;
		b += nb;
	}
}

const char *config_mount_host_problem(const char *host_path)
{
	struct stat st;
	if (stat(host_path, &st) != 0)
		return strerror(errno);
	if (!S_ISDIR(st.st_mode))
		return "not a folder";
	return NULL;
}

int config_check_mounts(struct config *cfg, unsigned i, struct error *err)
{
	struct config_cvm *c = &cfg->cvms[i];
	for (unsigned k = 0; k < c->nmounts; k++) {
		struct config_mount *m = &c->mounts[k];
		free(m->host_path);
		m->host_path = NULL;
		if ((m->host[0] == '/' ? asprintf(&m->host_path, "%s", m->host)
				       : asprintf(&m->host_path, "%s/%s", cfg->dir, m->host)) < 0) {
			m->host_path = NULL;
			return error_set(err, E_NOMEM, cfg->path, NULL);
		}
		const char *why = config_mount_host_problem(m->host_path);
		if (why)
			return config_fail_at(cfg->path, m->host_pos, err, E_CFG_MOUNT, "cVM '%s': host '%s': %s", c->name,
					      m->host_path, why);
		why = config_mount_guest_problem(m->guest);
		if (why)
			return config_fail_at(cfg->path, m->guest_pos, err, E_CFG_MOUNT, "cVM '%s': guest '%s' %s", c->name,
					      m->guest, why);
		for (unsigned j = 0; j < k; j++)
			if (config_mount_same_guest(c->mounts[j].guest, m->guest))
				return config_fail_at(cfg->path, m->guest_pos, err, E_CFG_MOUNT,
						      "cVM '%s': guest '%s' is mounted twice (first at line %u)", c->name,
						      m->guest, c->mounts[j].guest_pos.line);
	}
	if (c->strace != 0 && c->strace != 1)
		return config_fail_at(cfg->path, c->strace_pos, err, E_CFG_FLAG, "cVM '%s': strace %ld", c->name, c->strace);
	return 0;
}
