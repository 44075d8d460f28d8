/* stream_native.c MSG TOTAL RING - the host's own ceiling for bench/stream_bench.sh: two host
 * threads pass TOTAL bytes in MSG-byte messages through a RING-byte single-producer
 * single-consumer ring in shared memory, as sdk/crt/stream.S does between two cVMs (each side
 * moves at most a chunk before it publishes its counter: half the ring, at least 16 KiB,
 * STREAM_CHUNK; the counters on cache lines of their own; a side that finds the ring
 * full or empty polls), with memcpy at both ends. No emulation, no capability checks: what the
 * machine's cores and caches allow. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct ring {
	_Alignas(128) _Atomic uint64_t head;   /* the producer's */
	_Alignas(128) _Atomic uint64_t tail;   /* the consumer's */
	_Alignas(128) uint64_t size, msg, total, chunk;
	unsigned char *data;
};

static uint64_t min3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t m = a < b ? a : b;
	return m < c ? m : c;
}

static void *producer(void *arg)
{
	struct ring *r = arg;
	unsigned char *buf = malloc(r->msg);
	if (!buf)
		abort();
	memset(buf, 'w', r->msg);
	uint64_t head = 0;
	for (uint64_t sent = 0; sent < r->total; sent += r->msg) {
		for (uint64_t off = 0; off < r->msg;) {
			uint64_t free_bytes;
			while (!(free_bytes = r->size - (head - atomic_load_explicit(&r->tail, memory_order_acquire))))
				;
			uint64_t n = min3(free_bytes, r->msg - off, r->chunk), at = head & (r->size - 1);
			uint64_t first = n < r->size - at ? n : r->size - at;
			memcpy(r->data + at, buf + off, first);
			memcpy(r->data, buf + off + first, n - first);
			head += n;
			off += n;
			atomic_store_explicit(&r->head, head, memory_order_release);
		}
	}
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: stream_native MSG TOTAL RING (RING a power of two)\n");
		return 2;
	}
	static struct ring r;
	r.msg = strtoull(argv[1], NULL, 0);
	r.total = strtoull(argv[2], NULL, 0);
	r.size = strtoull(argv[3], NULL, 0);
	if (!r.msg || r.total % r.msg || !r.size || (r.size & (r.size - 1))) {
		fprintf(stderr, "stream_native: MSG must divide TOTAL, RING must be a power of two\n");
		return 2;
	}
	r.chunk = r.size / 2 < 16384 ? 16384 : r.size / 2;
	r.data = aligned_alloc(4096, r.size);
	unsigned char *buf = malloc(r.msg);
	if (!r.data || !buf)
		return 1;
	pthread_t t;
	if (pthread_create(&t, NULL, producer, &r))
		return 1;
	uint64_t tail = 0, sum = 0;
	for (uint64_t got = 0; got < r.total; got += r.msg) {
		for (uint64_t off = 0; off < r.msg;) {
			uint64_t avail;
			while (!(avail = atomic_load_explicit(&r.head, memory_order_acquire) - tail))
				;
			uint64_t n = min3(avail, r.msg - off, r.chunk), at = tail & (r.size - 1);
			uint64_t first = n < r.size - at ? n : r.size - at;
			memcpy(buf + off, r.data + at, first);
			memcpy(buf + off + first, r.data, n - first);
			tail += n;
			off += n;
			atomic_store_explicit(&r.tail, tail, memory_order_release);
		}
		sum += buf[r.msg - 1];
	}
	pthread_join(t, NULL);
	if (sum != 'w' * (r.total / r.msg)) {
		fprintf(stderr, "stream_native: wrong bytes\n");
		return 1;
	}
	free(buf);
	free(r.data);
	return 0;
}
