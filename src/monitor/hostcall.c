/* hostcall.c - serve one hostcall (see hostcall.h). Trust boundary: every value in a
 * struct hostcall_request comes from a cVM. */
#include "monitor/hostcall.h"

#include <errno.h>
#include <unistd.h>

#include "linux/linux.h"
#include "monitor/hc_files.h"
#include "monitor/hc_legacy.h"
#include "monitor/hc_time.h"
#include "monitor/share.h"

#include "../../sdk/include/hostcalls.h"

#define WRITE_CHUNK 16384

unsigned hostcall_check_cap(const struct cap *c, uint32_t perm, uint64_t len)
{
	return cap_check_access(c, perm, len);
}

/* HC_WRITE: ca0 = buffer (Load, len bytes from its address), a1 = len. */
static int64_t serve_write(const struct hostcall_env *e, const struct hostcall_request *r)
{
	const struct cap buf = r->arg[0];
	uint64_t len = r->arg[1].addr;
	if (hostcall_check_cap(&buf, CAP_PERM_LOAD, len) != CAP_CAUSE_NONE)
		return HC_EFAULT;
	/* NOTE: the bytes are copied into monitor memory chunk by chunk and written from there:
	 * another hart may change the buffer meanwhile, and that only changes what is printed. */
	_Static_assert(WRITE_CHUNK <= 1 << 16, "chunk lives on the host stack");
	uint8_t chunk[WRITE_CHUNK];
	if (e->out)
		fflush(e->out);
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = len - done < WRITE_CHUNK ? len - done : WRITE_CHUNK;
		if (mem_read(e->m, buf.addr + done, chunk, n) != MEM_OK)
			return done ? (int64_t)done : HC_EFAULT;
		int err;
		uint64_t w = linux_write_all(e->t, e->out_fd, chunk, n, -1, &err);
		done += w;
		if (w < n)
			return done ? (int64_t)done : HC_EIO;
	}
	return (int64_t)done;
}

/* HC_CAP_COPY: ca0 = destination (Store), ca1 = source (Load), a2 = length. */
static int64_t serve_copy(const struct hostcall_env *e, const struct hostcall_request *r)
{
	const struct cap dst = r->arg[0], src = r->arg[1];
	uint64_t len = r->arg[2].addr;
	if (len > INT64_MAX)
		return HC_EINVAL;   /* the result would not be a length */
	if (hostcall_check_cap(&dst, CAP_PERM_STORE, len) != CAP_CAUSE_NONE ||
	    hostcall_check_cap(&src, CAP_PERM_LOAD, len) != CAP_CAUSE_NONE)
		return HC_EFAULT;
	/* NOTE: another hart may write either range meanwhile: it gets the bytes some
	 * interleaving of the two would give, never a tag (mem_copy moves bytes and clears tags). */
	return mem_copy(e->m, dst.addr, src.addr, len) == MEM_OK ? (int64_t)len : HC_EFAULT;
}

enum hostcall_action hostcall_serve(const struct hostcall_env *e, const struct hostcall_request *r,
				    int64_t *result)
{
	switch (r->nr) {
	case HC_NOP:
		*result = 0;
		return HOSTCALL_RETURN;
	case HC_WRITE:
		*result = serve_write(e, r);
		return HOSTCALL_RETURN;
	case HC_CAP_COPY:
		*result = serve_copy(e, r);
		return HOSTCALL_RETURN;
	case HC_EXIT: case HC_THREAD_EXIT:
		*result = (int64_t)r->arg[0].addr;   /* a0: the exit value (summary, --report JSON) */
		return HOSTCALL_EXIT_THREAD;
	case HC_CAPFILE_ADV: case HC_CAPFILE_PROBE: case HC_CAP_WAIT: case HC_CAP_WAKE:
	case HC_STREAM_ADV: case HC_STREAM_PROBE:
		*result = share_serve(e->share, e, r);
		return HOSTCALL_RETURN;
	case HC_NANOSLEEP:
		*result = hc_nanosleep(e, r);
		return HOSTCALL_RETURN;
	case HC_GETTIMEOFDAY:
		*result = hc_gettimeofday(e, r);
		return HOSTCALL_RETURN;
	default:
		*result = hc_is_file_call(r->nr) ? hc_file(e, r) : hc_is_legacy(r->nr) ? hc_legacy(e, r) : HC_ENOSYS;
		return HOSTCALL_RETURN;
	}
}

static bool is_linux(uint64_t nr)
{
	return nr >= LINUX_HOSTCALL_BASE && nr - LINUX_HOSTCALL_BASE < LINUX_NR_MAX;
}

unsigned hostcall_nargs(uint64_t nr)
{
	if (is_linux(nr))
		return LINUX_REQ_ARGS;   /* a hybrid cVM's system call (intravisor.md 9) */
	switch (nr) {
	case HC_NOP: return 0;
	case HC_WRITE: case HC_NANOSLEEP: return 2;
	case HC_GETTIMEOFDAY: return 1;
	case HC_EXIT: case HC_CAP_WAKE: return 1;
	case HC_THREAD_EXIT: case HC_CALL_UNREGISTER: case HC_CALL_LOOKUP: return 1;
	case HC_THREAD_CREATE: case HC_THREAD_JOIN: case HC_CALL_REGISTER: return 2;
	case HC_MAKE_CALL: return 7;
	case HC_CAPFILE_PROBE: case HC_CAP_WAIT: case HC_STREAM_ADV: case HC_STREAM_PROBE: case HC_CAP_COPY: return 3;
	case HC_CAPFILE_ADV: return 4;
	default: return hc_is_file_call(nr) ? hc_file_nargs(nr) : hc_legacy_nargs(nr);
	}
}

bool hostcall_is_served(uint64_t nr)
{
	if (is_linux(nr)) {
		const struct linux_syscall *s = linux_syscall(nr - LINUX_HOSTCALL_BASE);
		return s && s->fn;
	}
	return nr == HC_NOP || nr == HC_WRITE || nr == HC_EXIT || nr == HC_CAP_COPY || (nr >= HC_CAPFILE_ADV && nr <= HC_STREAM_PROBE) ||
	       nr == HC_NANOSLEEP || nr == HC_GETTIMEOFDAY || hc_is_file_call(nr) || hc_legacy_is_served(nr) ||
	       (nr >= HC_THREAD_CREATE && nr <= HC_THREAD_EXIT) || nr == HC_MAKE_CALL || (nr >= HC_CALL_REGISTER && nr <= HC_CALL_LOOKUP);
}

bool hostcall_is_exit(uint64_t nr)
{
	if (is_linux(nr)) {
		const struct linux_syscall *s = linux_syscall(nr - LINUX_HOSTCALL_BASE);
		return s && s->exits;
	}
	return nr == HC_EXIT || nr == HC_THREAD_EXIT;
}

const char *hostcall_refusal(uint64_t nr, bool libvirt)
{
	const char *why = hc_legacy_warning(nr, libvirt);
	return why ? why : "is not served by this monitor: it returns -38 (ENOSYS)";
}

const char *hostcall_name(uint64_t nr)
{
	if (is_linux(nr)) {
		const struct linux_syscall *s = linux_syscall(nr - LINUX_HOSTCALL_BASE);
		return s ? s->name : NULL;
	}
	switch (nr) {
	case HC_NOP: return "nop";
	case HC_WRITE: return "write";
	case HC_EXIT: return "exit";
	case HC_CAP_COPY: return "cap_copy";
	case HC_NANOSLEEP: return "nanosleep";
	case HC_DEPLOY_YAML: return "deploy_yaml";
	case HC_OPEN_TAP: return "open_tap";
	case HC_PIPE: return "pipe";
	case HC_SET_NONBLOCK: return "set_nonblock";
	case HC_MAKE_CALL: return "make_call";
	case HC_THREAD_CREATE: return "thread_create";
	case HC_THREAD_JOIN: return "thread_join";
	case HC_THREAD_EXIT: return "thread_exit";
	case HC_CALL_REGISTER: return "call_register";
	case HC_CALL_UNREGISTER: return "call_unregister";
	case HC_CALL_LOOKUP: return "call_lookup";
	case HC_CAPFILE_ADV: return "capfile_adv";
	case HC_CAPFILE_PROBE: return "capfile_probe";
	case HC_CAP_WAIT: return "cap_wait";
	case HC_CAP_WAKE: return "cap_wake";
	case HC_STREAM_ADV: return "stream_adv";
	case HC_STREAM_PROBE: return "stream_probe";
	case HC_GET_INNER: return "get_inner";
	case HC_PROBE_HANDLER: return "probe_handler";
	case HC_GET_SCO_CAPS: return "get_sco_caps";
	case HC_GETTIMEOFDAY: return "gettimeofday";
	case HC_LSTAT: return "lstat";
	case HC_UNLINK: return "unlink";
	case HC_CLOSE: return "close";
	case HC_ACCESS: return "access";
	case HC_STAT: return "stat";
	case HC_FSTAT: return "fstat";
	case HC_TRUNCATE: return "truncate";
	case HC_READ: return "read";
	case HC_FWRITE: return "fwrite";
	case HC_OPEN: return "open";
	case HC_LSEEK: return "lseek";
	case HC_ERRNO: return "errno";
	case HC_FCNTL: return "fcntl";
	default: return NULL;
	}
}
