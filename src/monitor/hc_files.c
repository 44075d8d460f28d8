/* hc_files.c - upstream's file hostcalls 801..814 (intravisor-reference.md 5), served by the
 * Linux personality's file layer (src/linux): the calling cVM's own descriptor table, its
 * mounts and its cwd, every host lookup beneath a mounted folder (openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS). Never the whole host file system: a cVM without mounts sees no files.
 *
 * Each call is rewritten as the riscv64 Linux call that does the same thing (open -> openat
 * at the cwd, stat -> newfstatat, ...) and handed to linux_serve() with the cVM's own argument
 * capabilities; the buffers are checked here first, whole, as write's are (tag, seal,
 * permission, the exact length in bounds), so a refused call moves no byte in either
 * direction. Results are the Linux ones: >= 0, or a negated errno (hostcalls.h HC_E*).
 *
 * Differences from upstream, all on the safe side: 811 honours its flags and mode (upstream
 * ignores them and opens O_RDWR|O_CREAT 0666); 814 takes its argument in a2 and serves the
 * integer commands only (upstream passes a translated a3); 813 gives the errno of the calling
 * thread's last failed 801..814 call instead of the monitor's host errno. */
#include <errno.h>
#include <string.h>

#include "monitor/hc_files.h"

#include "../../sdk/include/hostcalls.h"

/* riscv64 Linux numbers (asm-generic/unistd.h) */
enum { NR_FCNTL = 25, NR_UNLINKAT = 35, NR_FTRUNCATE = 46, NR_FACCESSAT = 48, NR_OPENAT = 56, NR_CLOSE = 57,
       NR_LSEEK = 62, NR_READ = 63, NR_WRITE = 64, NR_NEWFSTATAT = 79, NR_FSTAT = 80 };
#define AT_FDCWD_ (-100)
#define AT_SYMLINK_NOFOLLOW_ 0x100
#define O_WRONLY_ 01
#define STAT_SIZE 128   /* the riscv64 struct stat (asm-generic) */

bool hc_is_file_call(uint64_t nr)
{
	return nr >= HC_LSTAT && nr <= HC_FCNTL && nr != HC_805;
}

unsigned hc_file_nargs(uint64_t nr)
{
	switch (nr) {
	case HC_CLOSE: case HC_UNLINK: return 1;
	case HC_ERRNO: return 0;
	case HC_LSTAT: case HC_STAT: case HC_FSTAT: case HC_ACCESS: case HC_TRUNCATE: return 2;
	case HC_READ: case HC_FWRITE: case HC_OPEN: case HC_LSEEK: case HC_FCNTL: return 3;
	default: return 0;
	}
}

static struct cap int_arg(int64_t v)
{
	return cap_from_int((uint64_t)v);
}

/* The cVM's fd table, made by its first file call (a pure-cap cVM that never calls one holds
 * no host descriptor); two threads racing here: one table wins, the other is freed. */
static bool has_files(const struct hostcall_env *e)
{
	struct linux_files *f = __atomic_load_n(&e->proc->files, __ATOMIC_ACQUIRE), *none = NULL;
	if (f)
		return true;
	char why[600];
	if (linux_files_new(e->mounts, e->nmounts, (const int[3]){ 0, 1, 2 }, &f, why, sizeof why))
		return false;
	if (!__atomic_compare_exchange_n(&e->proc->files, &none, f, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		linux_files_free(f);
	return true;
}

/* one Linux call with the arguments a[0..] (the rest integer 0) */
int64_t hc_file_linux(const struct hostcall_env *e, uint64_t nr, const struct cap *a, unsigned n)
{
	if (!e->proc || !has_files(e))
		return e->proc ? -EMFILE : HC_ENOENT;
	struct cap la[LINUX_REQ_ARGS];
	for (unsigned i = 0; i < LINUX_REQ_ARGS; i++)
		la[i] = i < n ? a[i] : int_arg(0);
	struct linux_env le = { .m = e->m, .t = e->t, .proc = e->proc, .out = e->out, .fds = { 0, 1, 2 } };
	bool exits = false;
	return linux_serve(&le, nr, la, &exits);
}

/* truncate(path, length): open beneath the mount for writing, ftruncate, close */
static int64_t truncate_path(const struct hostcall_env *e, const struct cap *path, uint64_t len)
{
	if ((int64_t)len < 0)
		return HC_EINVAL;
	int64_t fd = hc_file_linux(e, NR_OPENAT, (struct cap[]){ int_arg(AT_FDCWD_), *path, int_arg(O_WRONLY_) }, 3);
	if (fd < 0)
		return fd;
	int64_t r = hc_file_linux(e, NR_FTRUNCATE, (struct cap[]){ int_arg(fd), int_arg((int64_t)len) }, 2);
	hc_file_linux(e, NR_CLOSE, (struct cap[]){ int_arg(fd) }, 1);
	return r;
}

/* A path argument: Load, and its NUL inside the capability within LINUX_PATH_MAX bytes (the
 * Linux layer copies it again and cuts it at the capability's end if it changed meanwhile). */
static int64_t check_path(const struct hostcall_env *e, const struct cap *c)
{
	uint64_t room = c->tag && c->top > c->addr ? (uint64_t)(c->top - c->addr) : 1;
	uint64_t n = room < LINUX_PATH_MAX ? room : LINUX_PATH_MAX;
	char path[LINUX_PATH_MAX];
	if (hostcall_check_cap(c, CAP_PERM_LOAD, n) != CAP_CAUSE_NONE || mem_read(e->m, c->addr, path, n) != MEM_OK)
		return HC_EFAULT;
	if (memchr(path, 0, n))
		return 0;
	return n == LINUX_PATH_MAX ? HC_ENAMETOOLONG : HC_EFAULT;
}

static bool has_path(uint64_t nr)
{
	return nr == HC_LSTAT || nr == HC_UNLINK || nr == HC_ACCESS || nr == HC_STAT || nr == HC_TRUNCATE || nr == HC_OPEN;
}

static int64_t serve(const struct hostcall_env *e, const struct hostcall_request *r)
{
	const struct cap *a = r->arg;
	struct cap cwd = int_arg(AT_FDCWD_);
	int64_t bad = has_path(r->nr) ? check_path(e, &a[0]) : 0;
	if (bad)
		return bad;
	switch (r->nr) {
	case HC_LSTAT:
	case HC_STAT:
		if (hostcall_check_cap(&a[1], CAP_PERM_STORE, STAT_SIZE) != CAP_CAUSE_NONE)
			return HC_EFAULT;
		return hc_file_linux(e, NR_NEWFSTATAT, (struct cap[]){ cwd, a[0], a[1],
			int_arg(r->nr == HC_LSTAT ? AT_SYMLINK_NOFOLLOW_ : 0) }, 4);
	case HC_UNLINK:
		return hc_file_linux(e, NR_UNLINKAT, (struct cap[]){ cwd, a[0], int_arg(0) }, 3);
	case HC_CLOSE:
		return hc_file_linux(e, NR_CLOSE, a, 1);
	case HC_ACCESS:
		return hc_file_linux(e, NR_FACCESSAT, (struct cap[]){ cwd, a[0], a[1] }, 3);
	case HC_FSTAT:
		if (hostcall_check_cap(&a[1], CAP_PERM_STORE, STAT_SIZE) != CAP_CAUSE_NONE)
			return HC_EFAULT;
		return hc_file_linux(e, NR_FSTAT, a, 2);
	case HC_TRUNCATE:
		return truncate_path(e, &a[0], a[1].addr);
	case HC_READ:
	case HC_FWRITE: {
		uint32_t perm = r->nr == HC_READ ? CAP_PERM_STORE : CAP_PERM_LOAD;
		if (hostcall_check_cap(&a[1], perm, a[2].addr) != CAP_CAUSE_NONE)
			return HC_EFAULT;   /* the whole buffer, before one byte moves */
		return hc_file_linux(e, r->nr == HC_READ ? NR_READ : NR_WRITE, a, 3);
	}
	case HC_OPEN:
		return hc_file_linux(e, NR_OPENAT, (struct cap[]){ cwd, a[0], a[1], a[2] }, 4);
	case HC_LSEEK:
		return hc_file_linux(e, NR_LSEEK, a, 3);
	case HC_FCNTL:
		return hc_file_linux(e, NR_FCNTL, a, 3);
	default:
		return HC_ENOSYS;
	}
}

int64_t hc_file(const struct hostcall_env *e, const struct hostcall_request *r)
{
	if (r->nr == HC_ERRNO)
		return e->last_errno ? *e->last_errno : 0;
	int64_t res = serve(e, r);
	if (res < 0 && e->last_errno)
		*e->last_errno = (int)-res;
	return res;
}
