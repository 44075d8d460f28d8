/* linux_serve.c - dispatch and the handlers of the I/O, time, identity and signal calls
 * (linux.h). Trust boundary: every capability in a request comes from a cVM (the caller, or a
 * handler cVM that forwarded it); guest bytes move only through lx_get/lx_put, which check the
 * capability first. Nothing a cVM passes can make the monitor fault: a bad pointer is -EFAULT. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "linux/linux_priv.h"

#define CHUNK 16384

int64_t lx_get(const struct linux_env *e, const struct cap *c, uint64_t off, void *dst, uint64_t n)
{
	struct cap at = *c;
	at.addr += off;
	if (off > UINT64_MAX - c->addr || cap_check_access(&at, CAP_PERM_LOAD, n) != CAP_CAUSE_NONE ||
	    mem_read(e->m, at.addr, dst, n) != MEM_OK)
		return -LX_EFAULT;
	return 0;
}

int64_t lx_put(const struct linux_env *e, const struct cap *c, uint64_t off, const void *src, uint64_t n)
{
	struct cap at = *c;
	at.addr += off;
	if (off > UINT64_MAX - c->addr || cap_check_access(&at, CAP_PERM_STORE, n) != CAP_CAUSE_NONE ||
	    mem_write(e->m, at.addr, src, n) != MEM_OK)
		return -LX_EFAULT;
	return 0;
}

int64_t linux_serve(const struct linux_env *e, uint64_t nr, const struct cap a[LINUX_REQ_ARGS], bool *exits)
{
	const struct linux_syscall *s = linux_syscall(nr);
	*exits = false;
	if (!s || !s->fn)
		return -LX_ENOSYS;
	*exits = s->exits;
	return s->fn(e, a);
}

static int host_fd(const struct linux_env *e, uint64_t fd)
{
	return fd < 3 ? e->fds[fd] : -1;
}

/* write len bytes of guest memory [c.addr + off, +len) to host fd: the count written, or -errno */
static int64_t write_out(const struct linux_env *e, int fd, const struct cap *c, uint64_t off, uint64_t len)
{
	uint8_t chunk[CHUNK];
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = len - done < CHUNK ? len - done : CHUNK;
		int64_t r = lx_get(e, c, off + done, chunk, n);   /* copy, then use (STYLE 10) */
		if (r)
			return done ? (int64_t)done : r;
		if (e->t)
			mem_thread_offline(e->t);
		uint64_t w = 0;
		int err = 0;
		while (w < n) {
			ssize_t k = write(fd, chunk + w, n - w);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				err = k < 0 ? errno : EIO;
				break;
			}
			w += (uint64_t)k;
		}
		if (e->t)
			mem_thread_online(e->t);
		done += w;
		if (w < n)
			return done ? (int64_t)done : -err;
	}
	return (int64_t)done;
}

LX_HANDLER(lx_write)
{
	int fd = host_fd(e, a[0].addr);
	if (a[0].addr == 0 || fd < 0)
		return -LX_EBADF;
	if (e->out)
		fflush(e->out);
	return write_out(e, fd, &a[1], 0, a[2].addr);
}

/* a[1]: the iovec array (Load); a[6]: the span of its buffers (linux_derive). Each buffer is an
 * offset in the caller's view; it is used through the span capability only. */
LX_HANDLER(lx_writev)
{
	int fd = host_fd(e, a[0].addr);
	uint64_t cnt = a[2].addr;
	if (a[0].addr == 0 || fd < 0)
		return -LX_EBADF;
	if (cnt > LINUX_IOV_MAX)
		return -LX_EINVAL;
	if (!e->proc)
		return -LX_EFAULT;
	if (e->out)
		fflush(e->out);
	int64_t total = 0;
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t v[2];
		int64_t r = lx_get(e, &a[1], 16 * i, v, sizeof v);
		if (r)
			return total ? total : r;
		if (v[1] == 0)
			continue;
		uint64_t abs = e->proc->base + v[0];
		if (abs < a[6].addr)
			return total ? total : -LX_EFAULT;
		r = write_out(e, fd, &a[6], abs - a[6].addr, v[1]);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((uint64_t)r < v[1])
			break;
	}
	return total;
}

LX_HANDLER(lx_read)
{
	int fd = host_fd(e, a[0].addr);
	uint64_t len = a[2].addr;
	if (a[0].addr != 0 || fd < 0)
		return -LX_EBADF;
	if (cap_check_access(&a[1], CAP_PERM_STORE, len) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	uint8_t chunk[CHUNK];
	uint64_t n = len < CHUNK ? len : CHUNK;
	if (e->t)
		mem_thread_offline(e->t);
	ssize_t k;
	do
		k = read(fd, chunk, n);
	while (k < 0 && errno == EINTR);
	if (e->t)
		mem_thread_online(e->t);
	if (k < 0)
		return -errno;
	int64_t r = lx_put(e, &a[1], 0, chunk, (uint64_t)k);
	return r ? r : k;
}

/* TCGETS and the rest: descriptors 0..2 are not served as terminals yet (TODO(hybrid):
 * TCGETS/TIOCGWINSZ on terminals); glibc then buffers stdout fully. */
LX_HANDLER(lx_ioctl)
{
	return host_fd(e, a[0].addr) < 0 ? -LX_EBADF : -LX_ENOTTY;
}

/* struct stat of the riscv64 (asm-generic) ABI, 128 bytes, from a host stat */
static void put_u64(uint8_t *b, unsigned off, uint64_t v) { memcpy(b + off, &v, 8); }
static void put_u32(uint8_t *b, unsigned off, uint32_t v) { memcpy(b + off, &v, 4); }

static int64_t stat_fd(const struct linux_env *e, uint64_t fd, const struct cap *out)
{
	int h = host_fd(e, fd);
	struct stat st;
	if (h < 0 || fstat(h, &st) != 0)
		return -LX_EBADF;
	uint8_t b[128] = { 0 };
	put_u64(b, 0, (uint64_t)st.st_dev);
	put_u64(b, 8, (uint64_t)st.st_ino);
	put_u32(b, 16, (uint32_t)st.st_mode);
	put_u32(b, 20, (uint32_t)st.st_nlink);
	put_u32(b, 24, (uint32_t)st.st_uid);
	put_u32(b, 28, (uint32_t)st.st_gid);
	put_u64(b, 32, (uint64_t)st.st_rdev);
	put_u64(b, 48, (uint64_t)st.st_size);
	put_u32(b, 56, (uint32_t)st.st_blksize);
	put_u64(b, 64, (uint64_t)st.st_blocks);
	put_u64(b, 72, (uint64_t)st.st_atim.tv_sec);
	put_u64(b, 80, (uint64_t)st.st_atim.tv_nsec);
	put_u64(b, 88, (uint64_t)st.st_mtim.tv_sec);
	put_u64(b, 96, (uint64_t)st.st_mtim.tv_nsec);
	put_u64(b, 104, (uint64_t)st.st_ctim.tv_sec);
	put_u64(b, 112, (uint64_t)st.st_ctim.tv_nsec);
	return lx_put(e, out, 0, b, sizeof b);
}

LX_HANDLER(lx_fstat) { return stat_fd(e, a[0].addr, &a[1]); }

/* only fstatat(fd, "", st, AT_EMPTY_PATH) until there are mounts */
LX_HANDLER(lx_newfstatat)
{
	char c = 1;
	int64_t r = lx_get(e, &a[1], 0, &c, 1);
	if (r)
		return r;
	if (c != 0 || !(a[3].addr & 0x1000))
		return -LX_ENOENT;
	return stat_fd(e, a[0].addr, &a[2]);
}

LX_HANDLER(lx_zero) { (void)e; (void)a; return 0; }
LX_HANDLER(lx_enoent) { (void)e; (void)a; return -LX_ENOENT; }
LX_HANDLER(lx_getpid) { (void)e; (void)a; return 1; }
LX_HANDLER(lx_getppid) { (void)e; (void)a; return 0; }
LX_HANDLER(lx_getuid) { (void)e; (void)a; return 0; }

LX_HANDLER(lx_clock_gettime)
{
	clockid_t id;
	switch (a[0].addr) {   /* the clocks a cVM may read */
	case 0: id = CLOCK_REALTIME; break;
	case 1: id = CLOCK_MONOTONIC; break;
	case 2: id = CLOCK_PROCESS_CPUTIME_ID; break;   /* the monitor's: clock(), os.clock */
	case 3: id = CLOCK_THREAD_CPUTIME_ID; break;
	case 4: id = CLOCK_MONOTONIC_RAW; break;
	case 5: id = CLOCK_REALTIME_COARSE; break;
	case 6: id = CLOCK_MONOTONIC_COARSE; break;
	case 7: id = CLOCK_BOOTTIME; break;
	default: return -LX_EINVAL;
	}
	struct timespec ts;
	clock_gettime(id, &ts);
	uint64_t v[2] = { (uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec };
	return lx_put(e, &a[1], 0, v, sizeof v);
}

/* recorded, never delivered (intravisor.md 9 "Signals") */
LX_HANDLER(lx_rt_sigaction)
{
	uint64_t sig = a[0].addr;
	if (sig < 1 || sig > 64 || sig == 9 || sig == 19)
		return -LX_EINVAL;
	uint8_t act[32];
	if (a[1].tag || a[1].addr) {
		int64_t r = lx_get(e, &a[1], 0, act, sizeof act);
		if (r)
			return r;
	}
	if (a[2].tag || a[2].addr) {
		uint8_t old[32] = { 0 };
		int64_t r = lx_put(e, &a[2], 0, old, sizeof old);
		if (r)
			return r;
	}
	if ((a[1].tag || a[1].addr) && e->proc) {
		uint64_t handler;
		memcpy(&handler, act, 8);
		pthread_mutex_lock(&e->proc->lock);
		if (handler > 1)
			e->proc->sigactions |= 1ULL << (sig - 1);
		else
			e->proc->sigactions &= ~(1ULL << (sig - 1));
		pthread_mutex_unlock(&e->proc->lock);
	}
	return 0;
}

LX_HANDLER(lx_rt_sigprocmask)
{
	if (a[2].tag || a[2].addr) {
		uint64_t zero = 0;
		return lx_put(e, &a[2], 0, &zero, sizeof zero);
	}
	return 0;
}

LX_HANDLER(lx_uname)
{
	static const char *const f[6] = { "Linux", "intravisor", "6.1.0", "#1 SMP intravisor", "riscv64", "(none)" };
	char b[390] = { 0 };
	for (unsigned i = 0; i < 6; i++)
		memcpy(b + 65 * i, f[i], strlen(f[i]));
	return lx_put(e, &a[0], 0, b, sizeof b);
}

LX_HANDLER(lx_prlimit64)
{
	if (a[0].addr != 0)
		return -LX_EINVAL;   /* another process */
	if (a[3].tag || a[3].addr) {
		uint64_t v[2] = { UINT64_MAX, UINT64_MAX };
		if (a[1].addr == 3)   /* RLIMIT_STACK: the main stack's size */
			v[0] = v[1] = 8ULL << 20;
		else if (a[1].addr == 7)   /* RLIMIT_NOFILE */
			v[0] = v[1] = 1024;
		return lx_put(e, &a[3], 0, v, sizeof v);
	}
	return 0;
}

LX_HANDLER(lx_getrandom)
{
	uint64_t len = a[1].addr;
	if (cap_check_access(&a[0], CAP_PERM_STORE, len) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	uint8_t chunk[256];
	uint64_t n = len < sizeof chunk ? len : sizeof chunk;   /* a short read, as Linux may give */
	if (getrandom(chunk, n, 0) != (ssize_t)n)
		return -LX_EINVAL;
	int64_t r = lx_put(e, &a[0], 0, chunk, n);
	return r ? r : (int64_t)n;
}
