/* linux_stream.c - /dev/capstream/KEY: a CP_Stream (sdk/include/cvm_abi.h STREAM_*, hostcalls
 * 409/410) as a read-only file descriptor of a hybrid cVM (issue 13, intravisor.md 9).
 *
 * openat probes the stream by key as its consumer (410's checks, through the monitor's
 * linux_stream_ops); read moves bytes out of the ring with the protocol of sdk/crt/stream.S:
 * the tail is ours, the head the producer's; the consumer flags STREAM_RWAIT before it sleeps,
 * and wakes a producer whose STREAM_WWAIT tail it reached. read blocks while the ring is empty
 * and returns 0 (end of file) once the producer closed the stream and it is drained, or once
 * the producer has ended (its id is gone) and it is drained. close tells the registry, so a
 * producer blocked on a full ring gets HC_EPIPE instead of waiting forever.
 *
 * Trust boundary: the ring is shared with the producer, which may change any header word at
 * any time. Every header access is one atomic 8-byte operation through the ring capability
 * (checked: it is the registry's, bounded to the ring); indices are masked, so a garbled head
 * can only make read return bytes of the ring, never touch anything else; ring bytes are copied
 * into monitor memory, then stored through the caller's buffer capability (STYLE 10). A
 * producer that never publishes stalls read, which the thread's stop (exit_group, --timeout,
 * the end of the run) still ends.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../../sdk/include/cvm_abi.h"
#include "linux/linux_files.h"

#define STREAM_PREFIX "/dev/capstream/"
#define STREAM_KEY_MAX 64
#define READ_CHUNK 65536
#define WAIT_NS 10000000   /* a wake that went missing costs at most this long */

struct lx_stream {
	atomic_uint refs;     /* descriptors and calls in progress */
	atomic_uint fds;      /* descriptors (dup adds one): the last close releases the stream */
	int64_t id;
	struct cap ring;      /* the registry's: Load and Store, exactly the ring */
	uint64_t mask;        /* capacity - 1 */
};

bool lx_is_capstream(const char *abs)
{
	return !strncmp(abs, STREAM_PREFIX, strlen(STREAM_PREFIX)) ||
	       !strcmp(abs, "/dev/capstream");
}

void lx_stream_put(struct lx_stream *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		free(s);
}

struct lx_stream *lx_stream_ref(struct lx_stream *s)
{
	atomic_fetch_add(&s->refs, 1);
	return s;
}

/* one 8-byte header word: an atomic access (a full barrier) through the ring capability */
static bool hdr_amo(const struct linux_env *e, const struct lx_stream *s, uint64_t off, enum mem_amo_op op,
		    uint64_t val, uint64_t *old)
{
	struct cap c = s->ring;
	c.addr = c.base + off;
	return cap_check_access(&c, CAP_PERM_LOAD | CAP_PERM_STORE, 8) == CAP_CAUSE_NONE &&
	       mem_amo(e->m, c.addr, 8, op, val, old) == MEM_OK;
}

static bool hdr_load(const struct linux_env *e, const struct lx_stream *s, uint64_t off, uint64_t *v)
{
	return hdr_amo(e, s, off, MEM_AMO_OR, 0, v);
}

static bool hdr_store(const struct linux_env *e, const struct lx_stream *s, uint64_t off, uint64_t v)
{
	uint64_t old;
	return hdr_amo(e, s, off, MEM_AMO_SWAP, v, &old);
}

int64_t lx_stream_open(const struct linux_env *e, const char *abs, uint64_t flags)
{
	struct linux_files *fs = lx_files(e);
	size_t plen = strlen(STREAM_PREFIX);
	if (strncmp(abs, STREAM_PREFIX, plen))
		return -LX_ENOENT;   /* "/dev/capstream" itself: no listing */
	const char *key = abs + plen;
	size_t klen = strlen(key);
	if (klen == 0 || strchr(key, '/'))
		return -LX_ENOENT;   /* normalised: no "..", no sub-folders */
	if (klen > STREAM_KEY_MAX)
		return -LX_ENAMETOOLONG;
	if ((flags & LX_O_ACCMODE) != 0)
		return -LX_EACCES;   /* a hybrid cVM is a stream's consumer only */
	if (flags & (LX_O_CREAT | LX_O_TRUNC | LX_O_DIRECTORY | LX_O_PATH))
		return (flags & LX_O_DIRECTORY) ? -LX_ENOTDIR : -LX_EINVAL;
	if (!fs || !e->streams)
		return -LX_ENOENT;
	struct lx_stream *s = calloc(1, sizeof *s);
	if (!s)
		return -LX_ENOMEM;
	int64_t id = e->streams->probe(e->streams_ctx, key, &s->ring);
	if (id < 0) {
		free(s);
		return id == -LX_EINVAL ? -LX_ENXIO : id;   /* the key names a capfile or a call */
	}
	atomic_init(&s->refs, 1);
	atomic_init(&s->fds, 1);
	s->id = id;
	s->mask = cap_get_len(&s->ring) - STREAM_DATA - 1;   /* 409 checked: a power of two */
	struct lx_file f = { .kind = LXF_STREAM, .host = -1, .stream = s, .cloexec = (flags & LX_O_CLOEXEC) != 0,
			     .flags = (uint32_t)(flags & LX_O_NONBLOCK) };
	int fd = lx_fd_install(fs, &f, 0);
	if (fd < 0) {
		e->streams->release(e->streams_ctx, id);
		lx_stream_put(s);
	}
	return fd;
}

struct lx_stream *lx_stream_dup(struct lx_stream *s)
{
	atomic_fetch_add(&s->fds, 1);
	return lx_stream_ref(s);
}

void lx_stream_close(const struct linux_env *e, struct lx_stream *s)
{
	if (atomic_fetch_sub(&s->fds, 1) == 1 && e && e->streams)
		e->streams->release(e->streams_ctx, s->id);   /* its last descriptor */
	lx_stream_put(s);
}

/* n bytes of the ring from counter pos into b (at most two runs around its end) */
static bool ring_copy(const struct linux_env *e, const struct lx_stream *s, uint64_t pos, uint8_t *b, uint64_t n)
{
	uint64_t idx = pos & s->mask, first = s->mask + 1 - idx;
	if (first > n)
		first = n;
	struct cap c = s->ring;
	c.addr = c.base + STREAM_DATA + idx;
	if (cap_check_access(&c, CAP_PERM_LOAD, first) != CAP_CAUSE_NONE || mem_read(e->m, c.addr, b, first) != MEM_OK)
		return false;
	if (first == n)
		return true;
	c.addr = c.base + STREAM_DATA;
	return cap_check_access(&c, CAP_PERM_LOAD, n - first) == CAP_CAUSE_NONE &&
	       mem_read(e->m, c.addr, b + first, n - first) == MEM_OK;
}

/* Publish the new tail and wake a producer that waits for it (sdk/crt/stream.S). */
static void publish_tail(const struct linux_env *e, const struct lx_stream *s, uint64_t tail)
{
	uint64_t w = 0;
	if (!hdr_store(e, s, STREAM_TAIL, tail) || !hdr_load(e, s, STREAM_WWAIT, &w) || !w || tail < w)
		return;
	if (hdr_amo(e, s, STREAM_WWAIT, MEM_AMO_SWAP, 0, &w) && w)
		(void)e->streams->wake(e->streams_ctx, s->id);
}

/* read(fd, buf, len) on a stream: 1..len bytes, 0 at the end, -EAGAIN (O_NONBLOCK, empty),
 * -EFAULT (a bad buffer: nothing is taken from the ring), -EINTR (the thread is stopped). */
static int64_t stream_read(const struct linux_env *e, struct lx_stream *s, bool nonblock, const struct cap *buf,
			   uint64_t len)
{
	if (len == 0)
		return 0;
	if (cap_check_access(buf, CAP_PERM_STORE, len) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	for (;;) {
		uint64_t head, tail, closed;
		if (!hdr_load(e, s, STREAM_HEAD, &head) || !hdr_load(e, s, STREAM_TAIL, &tail))
			return -LX_EFAULT;   /* cannot happen: the registry's capability covers the header */
		uint64_t avail = head - tail;
		if (avail) {
			if (avail > s->mask + 1)
				avail = s->mask + 1;   /* a garbled head: bytes of the ring, nothing else */
			uint64_t n = avail < len ? avail : len;
			if (n > READ_CHUNK)
				n = READ_CHUNK;
			uint8_t *b = malloc(n);
			if (!b)
				return -LX_ENOMEM;
			int64_t r = ring_copy(e, s, tail, b, n) ? lx_put(e, buf, 0, b, n) : -LX_EFAULT;
			free(b);
			if (r)
				return r;
			publish_tail(e, s, tail + n);
			return (int64_t)n;
		}
		if (!hdr_load(e, s, STREAM_CLOSED, &closed))
			return -LX_EFAULT;
		if (closed)
			return 0;
		if (nonblock)
			return -LX_EAGAIN;
		if (e->ops && e->ops->stopping && e->ops->stopping(e->ops_ctx))
			return -LX_EINTR;
		/* flag, read the wake count, look again, then sleep until it changes (stream.S) */
		uint64_t old;
		if (!hdr_amo(e, s, STREAM_RWAIT, MEM_AMO_SWAP, 1, &old))
			return -LX_EFAULT;
		int64_t seen = e->streams->wait(e->streams_ctx, s->id, UINT64_MAX, 0);
		int64_t r = seen;
		if (seen >= 0 && hdr_load(e, s, STREAM_HEAD, &head) && hdr_load(e, s, STREAM_CLOSED, &closed) &&
		    head == tail && !closed)
			r = e->streams->wait(e->streams_ctx, s->id, (uint64_t)seen, WAIT_NS);
		(void)hdr_store(e, s, STREAM_RWAIT, 0);
		if (r == -LX_EINTR)
			return -LX_EINTR;
		if (r == -LX_EPIPE || r == -LX_ENOENT) {
			/* the producer has ended: what it wrote still counts, then the end */
			if (!hdr_load(e, s, STREAM_HEAD, &head))
				return -LX_EFAULT;
			if (head == tail)
				return 0;
		}
	}
}

int64_t lx_stream_read(const struct linux_env *e, uint64_t fd, const struct cap *buf, uint64_t len)
{
	struct lx_stream *s;
	uint32_t flags;
	int64_t r = lx_fd_stream(lx_files(e), fd, &s, &flags);
	if (r)
		return r;
	r = stream_read(e, s, flags & LX_O_NONBLOCK, buf, len);
	lx_stream_put(s);
	return r;
}
