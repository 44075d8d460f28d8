/* test_share.c - the registry's life cycle of a stream when its producer ends
 * (src/monitor/share.c share_cvm_gone): an unclosed stream goes with its producer; a closed one
 * stays for its consumer (a late consumer can still probe it) and goes when that consumer ends
 * or releases it; a consumer that ended before the producer does not keep it. */
#include <stdlib.h>
#include <string.h>

#include "monitor/share.h"
#include "test.h"
#include "../../sdk/include/cvm_abi.h"
#include "../../sdk/include/hostcalls.h"

#define AREA 0x10000ULL
#define RING_SIZE (STREAM_DATA + 64)

static struct cap buf_cap(uint32_t perms, uint64_t base, uint64_t len)
{
	struct cap root = cap_root();
	return cap_build_from_root(&root, base, len, perms);
}

/* cVM `producer` advertises the ring at `ring` under key (its bytes at key_at); -> the id */
static int64_t advertise(struct share *s, struct mem *m, unsigned producer, uint64_t ring, const char *key,
			 uint64_t key_at)
{
	if (mem_write(m, key_at, key, strlen(key) + 1) != MEM_OK)
		abort();
	struct hostcall_env env = { .m = m, .share = s, .domain = producer, .out_fd = -1 };
	struct hostcall_request r = { .nr = HC_STREAM_ADV };
	r.arg[0] = buf_cap(CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_GLOBAL, ring, RING_SIZE);
	r.arg[1] = cap_from_int(RING_SIZE);
	r.arg[2] = buf_cap(CAP_PERM_LOAD, key_at, strlen(key) + 1);
	int64_t res = -1;
	(void)hostcall_serve(&env, &r, &res);
	return res;
}

static void close_stream(struct mem *m, uint64_t ring)
{
	if (mem_store64(m, ring + STREAM_CLOSED, 1) != MEM_OK)
		abort();
}

/* a mem with AREA mapped and a registry for cVM ids up to 8 */
static struct share *setup(struct mem **m)
{
	*m = mem_new(1 << 20);
	if (!*m || mem_map(*m, AREA, 0x4000) != MEM_OK)
		abort();
	struct share *s = share_new(NULL, 8);
	if (!s)
		abort();
	return s;
}

TEST(share_stream_outlives_producer_when_closed)
{
	struct mem *m;
	struct share *s = setup(&m);
	struct cap ring;
	t_case("unclosed: the stream goes with its producer");
	int64_t a = advertise(s, m, 1, AREA, "a", AREA + 0x3000);
	T_EQ(a >= 0, 1);
	share_cvm_gone(s, m, 1);
	T_EQ(share_probe_stream(s, 2, "a", &ring), HC_ENOENT);
	t_case("closed, no consumer yet: it stays, a late consumer probes it and reads the ring");
	int64_t b = advertise(s, m, 3, AREA + 0x1000, "b", AREA + 0x3040);
	close_stream(m, AREA + 0x1000);
	share_cvm_gone(s, m, 3);
	T_EQ(share_probe_stream(s, 4, "b", &ring), b);
	T_EQ(ring.base, AREA + 0x1000);
	T_EQ(cap_get_len(&ring), RING_SIZE);
	t_case("... one consumer only, the key stays taken, and it goes when its consumer ends");
	T_EQ(share_probe_stream(s, 5, "b", &ring), HC_EBUSY);
	T_EQ(advertise(s, m, 6, AREA + 0x2000, "b", AREA + 0x3080), HC_EEXIST);
	share_cvm_gone(s, m, 5);   /* not its consumer: no change */
	T_EQ(share_probe_stream(s, 5, "b", &ring), HC_EBUSY);
	share_cvm_gone(s, m, 4);
	T_EQ(share_probe_stream(s, 5, "b", &ring), HC_ENOENT);
	t_case("closed, its consumer ended first: it goes with the producer");
	int64_t c = advertise(s, m, 6, AREA + 0x2000, "c", AREA + 0x30c0);
	T_EQ(share_probe_stream(s, 7, "c", &ring), c);
	share_cvm_gone(s, m, 7);
	close_stream(m, AREA + 0x2000);
	share_cvm_gone(s, m, 6);
	T_EQ(share_probe_stream(s, 8, "c", &ring), HC_ENOENT);
	t_case("closed, its consumer connected and alive: it stays until the consumer releases it");
	share_free(s);
	s = share_new(NULL, 8);
	if (!T_TRUE(s != NULL))
		abort();
	int64_t d = advertise(s, m, 1, AREA, "d", AREA + 0x3000);
	T_EQ(share_probe_stream(s, 2, "d", &ring), d);
	close_stream(m, AREA);
	share_cvm_gone(s, m, 1);
	T_EQ(share_probe_stream(s, 3, "d", &ring), HC_EBUSY);   /* still there, still its consumer's */
	share_release_stream(s, 2, d);
	T_EQ(share_probe_stream(s, 3, "d", &ring), HC_ENOENT);
	share_free(s);
	mem_free(m);
}

/* share_lonely_wait (run.c's line about a `wait: -1` producer listed before its consumer): a
 * wait on a stream nobody else used is found after min_ns, under its key made printable (the
 * cVM chose the bytes: a newline or an escape must not reach the terminal as such); a probe
 * by another cVM ends it, and a wait on a stream that had a consumer never counts. */
TEST(share_lonely_wait_key)
{
	struct mem *m;
	struct share *s = setup(&m);
	char key[SHARE_KEY_PRINT_MAX + 1];
	const char *kind = NULL;
	t_case("no wait yet: nothing");
	int64_t a = advertise(s, m, 1, AREA, "k\033[2J\n\"\\~", AREA + 0x3000);
	T_EQ(a >= 0, 1);
	T_EQ(share_lonely_wait(s, 1, 0, key, &kind), false);
	t_case("its producer waited (1 ms, timed out): found, the key escaped");
	struct hostcall_env env = { .m = m, .share = s, .domain = 1, .out_fd = -1 };
	T_EQ(share_wait(s, &env, a, 0, 1000000), HC_ETIMEDOUT);
	T_EQ(share_lonely_wait(s, 2, 0, key, &kind), false);   /* another cVM's wait: no */
	T_EQ(share_lonely_wait(s, 1, 60 * 1000000000LL, key, &kind), false);   /* not that long yet */
	T_EQ(share_lonely_wait(s, 1, 0, key, &kind), true);
	T_STREQ(key, "k\\x1b[2J\\x0a\"\\x5c~");
	T_STREQ(kind, "stream");
	t_case("a consumer probed it: no longer lonely, and a later wait does not count");
	struct cap ring;
	T_EQ(share_probe_stream(s, 2, key, &ring), HC_ENOENT);   /* the escaped form is not the key */
	T_EQ(share_probe_stream(s, 2, "k\033[2J\n\"\\~", &ring), a);
	T_EQ(share_lonely_wait(s, 1, 0, key, &kind), false);
	T_EQ(share_wait(s, &env, a, 0, 1000000), HC_ETIMEDOUT);
	T_EQ(share_lonely_wait(s, 1, 0, key, &kind), false);
	share_free(s);
	mem_free(m);
}
