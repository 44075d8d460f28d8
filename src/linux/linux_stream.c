/* linux_stream.c - /dev/capstream/KEY: a CP_Stream (sdk/include/cvm_abi.h STREAM_*, hostcalls
 * 409/410) as a file descriptor of a hybrid cVM (issue 13, intravisor.md 9), either end:
 *
 * O_RDONLY: openat probes the stream by key as its consumer (410's checks, through the
 * monitor's linux_stream_ops); read moves bytes out of the ring with the protocol of
 * sdk/crt/stream.S: the tail is ours, the head the producer's; the consumer flags STREAM_RWAIT
 * before it sleeps, and wakes a producer whose STREAM_WWAIT tail it reached. read blocks while
 * the ring is empty and returns 0 (end of file) once the producer closed the stream and it is
 * drained, or once the producer has ended (its id is gone) and it is drained. close tells the
 * registry, so a producer blocked on a full ring gets HC_EPIPE instead of waiting forever.
 *
 * O_WRONLY: openat advertises the key as the cVM's stream (409's registry entry: one key, one
 * consumer to come, -EEXIST when anyone holds the key) with a ring of LX_STREAM_CAP bytes the
 * monitor maps in memory no slot owns (share_create_stream). A pure-cap producer's ring is its
 * own buffer (409 derives the registry's capability from it); a hybrid cVM's DDC covers its
 * whole slot and it can munmap or MAP_FIXED over any page of it, which would pull the ring from
 * under a pure-cap consumer's loads (a fault in another cVM), so its ring lives outside every
 * slot and the cVM reaches it only through write(2). write moves bytes into the ring with
 * stream.S's producer protocol: our head is kept in monitor memory (the consumer can rewrite
 * the header word, never our counter) and published after the bytes; a full ring makes it
 * flag STREAM_WWAIT (the tail it waits for: room for min(bytes left, capacity / 2)) and sleep;
 * it wakes a consumer that flagged STREAM_RWAIT. write blocks while the ring is full (-EAGAIN
 * with O_NONBLOCK, after a partial write if some bytes fitted), and returns -EPIPE once the
 * consumer closed its descriptor or ended (bytes already written count first). No SIGPIPE:
 * the personality delivers no signals (linux_signal.c). close of the last descriptor sets
 * STREAM_CLOSED and wakes the consumer, which reads 0 once drained. The key stays taken until
 * the cVM ends (as a 409 producer's).
 *
 * Trust boundary: the ring is shared with the other cVM, which may change any header word at
 * any time. Every header access is one atomic 8-byte operation through the ring capability
 * (checked: it is the registry's, bounded to the ring); indices are masked, so a garbled
 * counter can only make read return bytes of the ring, or write store into the ring, never
 * touch anything else; bytes are copied into monitor memory first, then stored through the
 * destination's capability (STYLE 10). A consumer whose tail is ahead of our head or more than
 * a ring behind it breaks the protocol: write returns -EIO. A peer that never moves its
 * counter stalls read or write, which the thread's stop (exit_group, --timeout, the end of the
 * run) still ends: every wait is at most WAIT_NS long and looks at the stop flag.
 * Calls on one stream are serialised (a thread blocked on a full or empty ring holds it), so
 * two threads never move the same counter at once.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../../sdk/include/cvm_abi.h"
#include "linux/linux_files.h"

#define STREAM_PREFIX "/dev/capstream/"
#define STREAM_KEY_MAX 64
#define READ_CHUNK 65536
#define WAIT_NS 10000000   /* a wake that went missing costs at most this long */
/* a hybrid producer's ring: 32 KiB of data after the STREAM_DATA header (bounded exactly: the
 * ring is 256-byte aligned, and 32 KiB + 256 bytes needs 64) */
#define LX_STREAM_CAP 32768
enum { LX_EIO = 5 };

struct lx_stream {
	atomic_uint refs;     /* descriptors and calls in progress */
	atomic_uint fds;      /* descriptors (dup adds one): the last close releases the stream */
	int64_t id;
	struct cap ring;      /* the registry's: Load and Store, exactly the ring */
	uint64_t mask;        /* capacity - 1 */
	bool producer;        /* opened O_WRONLY: we own the head */
	pthread_mutex_t lock; /* one read or write at a time (stream_lock) */
	uint64_t head;        /* a producer's head, under lock (the ring's copy is only published) */
};

bool lx_is_capstream(const char *abs)
{
	return !strncmp(abs, STREAM_PREFIX, strlen(STREAM_PREFIX)) ||
	       !strcmp(abs, "/dev/capstream");
}

void lx_stream_put(struct lx_stream *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
		pthread_mutex_destroy(&s->lock);
		free(s);
	}
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
	       mem_amo(e->m, e->t, c.addr, 8, op, val, old) == MEM_OK;
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

/* The producer is done: STREAM_CLOSED set, the consumer woken (cvm_stream_close). */
static void mark_closed(const struct linux_env *e, const struct lx_stream *s)
{
	if (hdr_store(e, s, STREAM_CLOSED, 1))
		(void)e->streams->wake(e->streams_ctx, s->id);
}

/* A producer's blocking open returns once a consumer has probed the stream, as a FIFO's does
 * once a reader opened it (fifo(7)): a producer that writes a few bytes and ends cannot take
 * them away before anyone came (its key and ring go when it ends). 0, or -EINTR. */
static int64_t wait_consumer(const struct linux_env *e, const struct lx_stream *s)
{
	while (e->streams->consumer(e->streams_ctx, s->id) == 0) {
		if (e->ops && e->ops->stopping && e->ops->stopping(e->ops_ctx))
			return -LX_EINTR;
		/* a probe wakes nobody: look again every WAIT_NS */
		int64_t seen = e->streams->wait(e->streams_ctx, s->id, UINT64_MAX, 0);
		if (seen == -LX_EINTR ||
		    (seen >= 0 && e->streams->wait(e->streams_ctx, s->id, (uint64_t)seen, WAIT_NS) == -LX_EINTR))
			return -LX_EINTR;
	}
	return 0;
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
	/* one end per descriptor: a stream is one-way, and the registry never lets a cVM be the
	 * consumer of its own stream, so O_RDWR (or 3) cannot be granted */
	uint64_t acc = flags & LX_O_ACCMODE;
	if (acc != 0 && acc != LX_O_WRONLY)
		return -LX_EACCES;
	bool producer = acc == LX_O_WRONLY;
	if (flags & (LX_O_DIRECTORY | LX_O_PATH))
		return (flags & LX_O_DIRECTORY) ? -LX_ENOTDIR : -LX_EINVAL;
	/* a producer's open always makes a new, empty, append-only stream (as O_CREAT | O_EXCL),
	 * so O_CREAT, O_EXCL, O_TRUNC and O_APPEND change nothing (fopen "w" and "a" work); a
	 * consumer creates nothing */
	if (!producer && (flags & (LX_O_CREAT | LX_O_TRUNC)))
		return -LX_EINVAL;
	if (!fs || !e->streams)
		return -LX_ENOENT;
	struct lx_stream *s = calloc(1, sizeof *s);
	if (!s)
		return -LX_ENOMEM;
	int64_t id = producer ? e->streams->create(e->streams_ctx, key, LX_STREAM_CAP, &s->ring)
			      : e->streams->probe(e->streams_ctx, key, &s->ring);
	if (id < 0) {
		free(s);
		return id == -LX_EINVAL && !producer ? -LX_ENXIO : id;   /* the key names a capfile or a call */
	}
	s->id = id;
	s->producer = producer;
	if (pthread_mutex_init(&s->lock, NULL)) {
		if (!producer)
			e->streams->release(e->streams_ctx, id);
		else
			mark_closed(e, s);   /* its key stays taken: a consumer to come reads 0 */
		free(s);
		return -LX_ENOMEM;
	}
	atomic_init(&s->refs, 1);
	atomic_init(&s->fds, 1);
	s->mask = cap_get_len(&s->ring) - STREAM_DATA - 1;   /* 409 / create checked: a power of two */
	if (producer && !(flags & LX_O_NONBLOCK)) {
		int64_t r = wait_consumer(e, s);
		if (r) {
			mark_closed(e, s);   /* the thread is being stopped: a consumer to come reads 0 */
			lx_stream_put(s);
			return r;
		}
	}
	struct lx_file f = { .kind = LXF_STREAM, .host = -1, .stream = s, .cloexec = (flags & LX_O_CLOEXEC) != 0,
			     .flags = (uint32_t)(flags & LX_O_NONBLOCK) | (producer ? LX_O_WRONLY : 0) };
	int fd = lx_fd_install(fs, &f, 0);
	if (fd < 0) {
		if (!producer)
			e->streams->release(e->streams_ctx, id);
		else
			mark_closed(e, s);   /* no descriptor: the consumer to come reads 0 */
		lx_stream_put(s);
	}
	return fd;
}

struct lx_stream *lx_stream_dup(struct lx_stream *s)
{
	atomic_fetch_add(&s->fds, 1);
	return lx_stream_ref(s);
}

/* Take s's call lock; a thread that must wait for it goes offline meanwhile (another thread may
 * stop the world while the holder sleeps on the ring). */
static void stream_lock(const struct linux_env *e, struct lx_stream *s)
{
	if (pthread_mutex_trylock(&s->lock) == 0)
		return;
	if (e->t)
		mem_thread_offline(e->t);
	pthread_mutex_lock(&s->lock);
	if (e->t)
		mem_thread_online(e->t);
}

/* Release the call lock. A producer's last close that found the lock taken left the closed
 * mark to the holder: it sets it now (a writer sees fds at 0 at its next round, within
 * WAIT_NS, and publishes nothing more). Either the close's trylock or this load after the
 * unlock sees the other side's step, so the mark is never lost (it may be set twice). */
static void stream_unlock(const struct linux_env *e, struct lx_stream *s)
{
	pthread_mutex_unlock(&s->lock);
	if (s->producer && atomic_load(&s->fds) == 0 && pthread_mutex_trylock(&s->lock) == 0) {
		mark_closed(e, s);
		pthread_mutex_unlock(&s->lock);
	}
}

void lx_stream_close(const struct linux_env *e, struct lx_stream *s)
{
	if (atomic_fetch_sub(&s->fds, 1) == 1 && e && e->streams) {   /* its last descriptor */
		if (!s->producer)
			e->streams->release(e->streams_ctx, s->id);
		else if (pthread_mutex_trylock(&s->lock) == 0) {
			/* never waits for a blocked writer: dup3 calls this under the fd table's lock */
			mark_closed(e, s);
			pthread_mutex_unlock(&s->lock);
		}
	}
	lx_stream_put(s);
}

/* One run of the ring at data index idx: checked through the ring capability, then copied
 * (store: from b into the ring; else from the ring into b). */
static bool ring_run(const struct linux_env *e, const struct lx_stream *s, uint64_t idx, uint8_t *b, uint64_t n,
		     bool store)
{
	struct cap c = s->ring;
	c.addr = c.base + STREAM_DATA + idx;
	if (cap_check_access(&c, store ? CAP_PERM_STORE : CAP_PERM_LOAD, n) != CAP_CAUSE_NONE)
		return false;
	return (store ? mem_write(e->m, c.addr, b, n) : mem_read(e->m, c.addr, b, n)) == MEM_OK;
}

/* n bytes between b and the ring at counter pos (at most two runs around its end) */
static bool ring_move(const struct linux_env *e, const struct lx_stream *s, uint64_t pos, uint8_t *b, uint64_t n,
		      bool store)
{
	uint64_t idx = pos & s->mask, first = s->mask + 1 - idx;
	if (first > n)
		first = n;
	return ring_run(e, s, idx, b, first, store) && (first == n || ring_run(e, s, 0, b + first, n - first, store));
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
			int64_t r = ring_move(e, s, tail, b, n, false) ? lx_put(e, buf, 0, b, n) : -LX_EFAULT;
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
	stream_lock(e, s);
	r = stream_read(e, s, flags & LX_O_NONBLOCK, buf, len);
	stream_unlock(e, s);
	lx_stream_put(s);
	return r;
}

/* Publish our head (the swap is a full barrier: the bytes before it) and wake a consumer that
 * flagged STREAM_RWAIT (stream.S STREAM_WAKE_READER). */
static void publish_head(const struct linux_env *e, const struct lx_stream *s)
{
	uint64_t w = 0;
	if (hdr_store(e, s, STREAM_HEAD, s->head) && hdr_amo(e, s, STREAM_RWAIT, MEM_AMO_SWAP, 0, &w) && w)
		(void)e->streams->wake(e->streams_ctx, s->id);
}

/* The ring is full (tail = head - capacity): flag the tail we wait for, read the wake count,
 * look again, then sleep until it changes or WAIT_NS passed (stream.S). 0 to look at the ring
 * again, or -EPIPE (the consumer closed or ended), -EINTR (the thread is stopped), -EFAULT. */
static int64_t wait_room(const struct linux_env *e, const struct lx_stream *s, uint64_t tail, uint64_t left)
{
	uint64_t cap = s->mask + 1;
	uint64_t want = tail + (left < cap / 2 ? left : cap / 2);   /* > tail: nonzero */
	if (!hdr_store(e, s, STREAM_WWAIT, want))
		return -LX_EFAULT;
	int64_t seen = e->streams->wait(e->streams_ctx, s->id, UINT64_MAX, 0);
	int64_t r = seen;
	uint64_t flag, now;
	if (seen >= 0 && hdr_load(e, s, STREAM_WWAIT, &flag) && hdr_load(e, s, STREAM_TAIL, &now) && flag && now < want)
		r = e->streams->wait(e->streams_ctx, s->id, (uint64_t)seen, WAIT_NS);
	(void)hdr_store(e, s, STREAM_WWAIT, 0);
	if (r == -LX_EINTR)
		return -LX_EINTR;
	if (r == -LX_EPIPE || r == -LX_ENOENT)
		return -LX_EPIPE;
	return 0;   /* a count, or the timeout: look again */
}

/* write(fd, buf, len) on a stream we produce: len bytes (blocking while the ring is full), or
 * fewer then the error's turn at the next call; -EFAULT (a bad buffer: nothing is written),
 * -EPIPE (the consumer closed or ended), -EAGAIN (O_NONBLOCK, full), -EIO (the consumer broke
 * the protocol), -EBADF (another thread closed the descriptor), -EINTR (the thread is stopped). */
static int64_t stream_write(const struct linux_env *e, struct lx_stream *s, bool nonblock, const struct cap *buf,
			    uint64_t len)
{
	if (len == 0)
		return 0;
	if (cap_check_access(buf, CAP_PERM_LOAD, len) != CAP_CAUSE_NONE)
		return -LX_EFAULT;
	uint64_t cap = s->mask + 1, done = 0;
	uint8_t *b = NULL;
	int64_t err = 0;
	while (done < len && !err) {
		uint64_t tail;
		if (atomic_load(&s->fds) == 0)
			err = -LX_EBADF;   /* closed on another thread: nothing after its mark */
		else if (e->streams->consumer(e->streams_ctx, s->id) < 0)
			err = -LX_EPIPE;
		else if (!hdr_load(e, s, STREAM_TAIL, &tail))
			err = -LX_EFAULT;   /* cannot happen: the registry's capability covers the header */
		else if (s->head - tail > cap)
			err = -LX_EIO;      /* a tail ahead of our head, or more than a ring behind */
		else if (s->head - tail < cap) {
			uint64_t n = cap - (s->head - tail);
			if (n > len - done)
				n = len - done;
			if (!b && !(b = malloc(cap)))
				err = -LX_ENOMEM;
			else if (!(err = lx_get(e, buf, done, b, n))) {   /* copy, then use (STYLE 10) */
				if (!ring_move(e, s, s->head, b, n, true))
					err = -LX_EFAULT;   /* cannot happen: masked, inside the ring */
				else {
					s->head += n;
					publish_head(e, s);
					done += n;
				}
			}
		} else if (nonblock)
			err = -LX_EAGAIN;
		else if (e->ops && e->ops->stopping && e->ops->stopping(e->ops_ctx))
			err = -LX_EINTR;
		else
			err = wait_room(e, s, tail, len - done);
	}
	free(b);
	return done ? (int64_t)done : err;
}

int64_t lx_stream_write(const struct linux_env *e, uint64_t fd, const struct cap *buf, uint64_t len)
{
	struct lx_stream *s;
	uint32_t flags;
	int64_t r = lx_fd_stream(lx_files(e), fd, &s, &flags);
	if (r)
		return r;
	stream_lock(e, s);
	r = s->producer ? stream_write(e, s, flags & LX_O_NONBLOCK, buf, len) : -LX_EBADF;
	stream_unlock(e, s);
	lx_stream_put(s);
	return r;
}
