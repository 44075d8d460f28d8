/* hc_legacy.c - the rest of upstream's pure-cap numbers (intravisor-reference.md 5), done the
 * safe way:
 *   300 open tap (FreeBSD: open(path, O_RDWR|O_NONBLOCK)): the same open through the cVM's
 *       mounts (hc_files.c), never a host device outside them;
 *   301 pipe(int[2]): a pipe in the cVM's own descriptor table (read and write it with 809/810);
 *   302 set non-blocking(fd): O_NONBLOCK added to the descriptor's flags (upstream replaces
 *       them: O_APPEND stays here);
 *   29  deploy YAML from a cVM: upstream writes the buffer to /tmp and deploys it, for a cVM with
 *       `libvirt` set, else returns -1. Deploying while other cVMs run is not supported by this
 *       monitor: refused, -EPERM (upstream's -1) without `libvirt: 1`, -ENOSYS with it; the
 *       buffer is not read;
 *   400, 401, 402, 404: deprecated upstream, which prints `deprecated <n>` and hangs: -ENOSYS.
 * The refusals get a one-line warning the first time each number is seen (run_summary.c). */
#include "monitor/hc_legacy.h"

#include "monitor/hc_files.h"

#include "../../sdk/include/hostcalls.h"

enum { NR_FCNTL = 25, NR_PIPE2 = 59 };
#define F_GETFL_ 3
#define F_SETFL_ 4
#define O_RDWR_ 02
#define O_NONBLOCK_ 04000

static bool is_deprecated(uint64_t nr)
{
	return nr == HC_DEPRECATED_400 || nr == HC_DEPRECATED_401 || nr == HC_DEPRECATED_402 || nr == HC_DEPRECATED_404;
}

bool hc_is_legacy(uint64_t nr)
{
	return nr == HC_DEPLOY_YAML || nr == HC_OPEN_TAP || nr == HC_PIPE || nr == HC_SET_NONBLOCK || is_deprecated(nr);
}

bool hc_legacy_is_served(uint64_t nr)
{
	return nr == HC_OPEN_TAP || nr == HC_PIPE || nr == HC_SET_NONBLOCK;
}

unsigned hc_legacy_nargs(uint64_t nr)
{
	return nr == HC_OPEN_TAP || nr == HC_PIPE || nr == HC_SET_NONBLOCK ? 1 : 0;
}

const char *hc_legacy_warning(uint64_t nr, bool libvirt)
{
	if (nr == HC_DEPLOY_YAML)
		return libvirt ? "is refused: deploying a cVM at run time is not supported by this monitor: it returns -38 (ENOSYS)"
			       : "is refused: it needs `libvirt: 1` in the cVM's config: it returns -1 (EPERM)";
	if (is_deprecated(nr))
		return "is deprecated (upstream hangs on it): it returns -38 (ENOSYS)";
	return NULL;
}

int64_t hc_legacy(const struct hostcall_env *e, const struct hostcall_request *r)
{
	const struct cap *a = r->arg;
	switch (r->nr) {
	case HC_DEPLOY_YAML:
		return e->libvirt ? HC_ENOSYS : HC_EPERM;
	case HC_OPEN_TAP: {
		struct hostcall_request o = { .nr = HC_OPEN };
		o.arg[0] = a[0];
		o.arg[1] = cap_from_int(O_RDWR_ | O_NONBLOCK_);
		return hc_file(e, &o);
	}
	case HC_PIPE:
		return hc_file_linux(e, NR_PIPE2, (struct cap[]){ a[0], cap_from_int(0) }, 2);
	case HC_SET_NONBLOCK: {
		int64_t fl = hc_file_linux(e, NR_FCNTL, (struct cap[]){ a[0], cap_from_int(F_GETFL_) }, 2);
		if (fl < 0)
			return fl;
		return hc_file_linux(e, NR_FCNTL,
				     (struct cap[]){ a[0], cap_from_int(F_SETFL_), cap_from_int((uint64_t)fl | O_NONBLOCK_) }, 3);
	}
	default:
		return HC_ENOSYS;
	}
}
