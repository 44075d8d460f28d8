/* test_hostcall.c - the monitor's hostcall argument checks and write (src/monitor/hostcall.c).
 * Expected causes: cheri-riscv.md 4.4 (tag, then seal, then permission, then bounds, first
 * failure wins); results: sdk/include/hostcalls.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "monitor/hostcall.h"
#include "test.h"
#include "../../sdk/include/hostcalls.h"

#define BUF 0x10000ULL
#define LEN 0x40ULL

static struct cap buffer(uint32_t perms, uint64_t base, uint64_t len, uint64_t addr)
{
	struct cap root = cap_root(), c = cap_build_from_root(&root, base, len, perms), out;
	(void)cap_set_addr(&out, &c, addr, CAP_V9);
	return out;
}

TEST(hostcall_check_cap_table)
{
	const uint32_t RW = CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_GLOBAL;
	struct cap ok = buffer(RW, BUF, LEN, BUF);
	struct cap untagged = ok;
	untagged.tag = false;
	struct cap sealed;
	(void)cap_seal_entry(&sealed, &ok, CAP_V9);
	struct cap noload = buffer(CAP_PERM_STORE, BUF, LEN, BUF);
	struct cap nostore = buffer(CAP_PERM_LOAD, BUF, LEN, BUF);
	struct cap mid = buffer(RW, BUF, LEN, BUF + 0x20);
	struct cap below = buffer(RW, BUF, LEN, BUF - 1);
	struct cap sealed_untagged = sealed;
	sealed_untagged.tag = false;
	const struct { const char *name; struct cap c; uint32_t perm; uint64_t len; unsigned want; } rows[] = {
		{ "whole buffer, load", ok, CAP_PERM_LOAD, LEN, CAP_CAUSE_NONE },
		{ "whole buffer, store", ok, CAP_PERM_STORE, LEN, CAP_CAUSE_NONE },
		{ "zero length at base", ok, CAP_PERM_LOAD, 0, CAP_CAUSE_NONE },
		{ "one past the end", ok, CAP_PERM_LOAD, LEN + 1, CAP_CAUSE_LENGTH },
		{ "huge length wraps", ok, CAP_PERM_LOAD, UINT64_MAX, CAP_CAUSE_LENGTH },
		{ "address in the middle, rest fits", mid, CAP_PERM_LOAD, LEN - 0x20, CAP_CAUSE_NONE },
		{ "address in the middle, one too many", mid, CAP_PERM_LOAD, LEN - 0x1f, CAP_CAUSE_LENGTH },
		{ "address below base", below, CAP_PERM_LOAD, 1, CAP_CAUSE_LENGTH },
		{ "untagged", untagged, CAP_PERM_LOAD, 1, CAP_CAUSE_TAG },
		{ "sentry", sealed, CAP_PERM_LOAD, 1, CAP_CAUSE_SEAL },
		{ "untagged beats sealed", sealed_untagged, CAP_PERM_LOAD, 1, CAP_CAUSE_TAG },
		{ "no Load", noload, CAP_PERM_LOAD, 1, CAP_CAUSE_LOAD },
		{ "no Store", nostore, CAP_PERM_STORE, 1, CAP_CAUSE_STORE },
		{ "no Load beats bounds", noload, CAP_PERM_LOAD, LEN + 1, CAP_CAUSE_LOAD },
		{ "integer (NULL-derived)", cap_from_int(BUF), CAP_PERM_LOAD, 1, CAP_CAUSE_TAG },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s", rows[i].name);
		T_EQ(hostcall_check_cap(&rows[i].c, rows[i].perm, rows[i].len), rows[i].want);
	}
}

/* write copies exactly len bytes through the capability into the output; a refused argument
 * writes nothing. */
TEST(hostcall_write)
{
	struct mem *m = mem_new(0x100000);
	if (!T_TRUE(m != NULL))
		return;
	if (!T_EQ(mem_map(m, BUF, 0x1000), MEM_OK))
		abort();
	T_EQ(mem_write(m, BUF, "hello, world", 12), MEM_OK);
	int fd[2];
	if (!T_EQ(pipe(fd), 0))
		abort();
	struct hostcall_env env = { .m = m, .t = NULL, .out = NULL, .out_fd = fd[1] };
	struct hostcall_request r = { .nr = HC_WRITE };
	r.arg[0] = buffer(CAP_PERM_LOAD, BUF, 12, BUF + 7);
	r.arg[1] = cap_from_int(5);
	int64_t res = 0;
	t_case("write 5 bytes from the middle");
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
	T_EQ(res, 5);
	t_case("write past the capability is refused");
	r.arg[1] = cap_from_int(6);
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
	T_EQ((uint64_t)res, (uint64_t)HC_EFAULT);
	t_case("exit ends the thread, with a0 as its exit value");
	r.nr = HC_EXIT;
	T_EQ(hostcall_nargs(HC_EXIT), 1);
	r.arg[0] = cap_from_int(42);
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_EXIT_THREAD);
	T_EQ(res, 42);
	r.arg[0] = cap_from_int((uint64_t)-3);
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_EXIT_THREAD);
	T_EQ(res, -3);
	t_case("served numbers: nop, write, exit, nanosleep, 405-410, CP_Call 403/411-413, threads 40-42; 12345, 414 and 700 are not");
	T_EQ(hostcall_is_served(HC_NOP) && hostcall_is_served(HC_WRITE) && hostcall_is_served(HC_EXIT), 1);
	T_EQ(hostcall_is_served(HC_NANOSLEEP) && hostcall_is_served(HC_CAPFILE_ADV) && hostcall_is_served(HC_STREAM_PROBE), 1);
	T_EQ(hostcall_is_served(12345), 0);
	T_EQ(hostcall_is_served(HC_MAKE_CALL) && hostcall_is_served(411) && hostcall_is_served(413), 1);
	T_EQ(hostcall_is_served(40) && hostcall_is_served(41) && hostcall_is_served(42), 1);
	T_EQ(hostcall_is_served(39) || hostcall_is_served(43) || hostcall_is_served(402), 0);
	T_EQ(hostcall_is_served(414) || hostcall_is_served(HC_GET_INNER), 0);
	t_case("nargs: 403 reads ca0..ca6, 411 and 40/41 two, 412/413/42 one");
	T_EQ(hostcall_nargs(HC_MAKE_CALL), 7);
	T_EQ(hostcall_nargs(HC_CALL_REGISTER) + hostcall_nargs(HC_THREAD_CREATE) + hostcall_nargs(HC_THREAD_JOIN), 6);
	T_EQ(hostcall_nargs(HC_CALL_UNREGISTER) + hostcall_nargs(HC_CALL_LOOKUP) + hostcall_nargs(HC_THREAD_EXIT), 3);
	t_case("thread exit (42) ends the thread with its value, as 13");
	r.nr = HC_THREAD_EXIT;
	r.arg[0] = cap_from_int(7);
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_EXIT_THREAD);
	T_EQ(res, 7);
	t_case("nanosleep: a bad timespec is refused, a short one sleeps and returns 0");
	int64_t ts[2] = { 0, 1000000000 };   /* tv_nsec out of range */
	T_EQ(mem_write(m, BUF + 0x100, ts, sizeof ts), MEM_OK);
	struct hostcall_request z = { .nr = HC_NANOSLEEP };
	z.arg[0] = buffer(CAP_PERM_LOAD, BUF + 0x100, 16, BUF + 0x100);
	z.arg[1] = cap_from_int(0);
	T_EQ(hostcall_serve(&env, &z, &res), HOSTCALL_RETURN);
	T_EQ((uint64_t)res, (uint64_t)HC_EINVAL);
	ts[1] = 1000;
	T_EQ(mem_write(m, BUF + 0x100, ts, sizeof ts), MEM_OK);
	T_EQ(hostcall_serve(&env, &z, &res), HOSTCALL_RETURN);
	T_EQ(res, 0);
	z.arg[0] = buffer(CAP_PERM_LOAD, BUF + 0x100, 8, BUF + 0x100);   /* 8 bytes: too short */
	T_EQ(hostcall_serve(&env, &z, &res), HOSTCALL_RETURN);
	T_EQ((uint64_t)res, (uint64_t)HC_EFAULT);
	z.arg[0] = buffer(CAP_PERM_LOAD, BUF + 0x100, 16, BUF + 0x100);
	z.arg[1] = buffer(CAP_PERM_LOAD, BUF + 0x200, 16, BUF + 0x200);   /* rem without Store */
	T_EQ(hostcall_serve(&env, &z, &res), HOSTCALL_RETURN);
	T_EQ((uint64_t)res, (uint64_t)HC_EFAULT);
	t_case("gettimeofday (800): read-only, 8-byte, straddling and untagged timevals are refused untouched");
	{
		const uint64_t tv = BUF + 0x300;
		int64_t mark[4] = { 0x1111, 0x2222, 0x3333, 0x4444 }, after[4];
		T_EQ(mem_write(m, tv, mark, sizeof mark), MEM_OK);
		struct hostcall_request g = { .nr = HC_GETTIMEOFDAY };
		const struct cap bad[] = {
			buffer(CAP_PERM_LOAD, tv, 16, tv),                     /* no Store */
			buffer(CAP_PERM_STORE, tv, 8, tv),                     /* too short */
			buffer(CAP_PERM_STORE, tv, 16, tv + 8),                /* straddles the top */
			cap_from_int(tv),                                      /* untagged */
		};
		for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			g.arg[0] = bad[k];
			T_EQ(hostcall_serve(&env, &g, &res), HOSTCALL_RETURN);
			T_EQ((uint64_t)res, (uint64_t)HC_EFAULT);
		}
		T_EQ(mem_read(m, tv, after, sizeof after), MEM_OK);
		T_EQ(memcmp(after, mark, sizeof mark), 0);
		struct timeval before;
		gettimeofday(&before, NULL);
		g.arg[0] = buffer(CAP_PERM_STORE, tv, 16, tv);
		T_EQ(hostcall_serve(&env, &g, &res), HOSTCALL_RETURN);
		T_EQ(res, 0);
		T_EQ(mem_read(m, tv, after, sizeof after), MEM_OK);
		T_EQ(after[0] >= before.tv_sec && after[0] <= before.tv_sec + 60, 1);
		T_EQ(after[1] >= 0 && after[1] < 1000000, 1);
		T_EQ(after[2], 0x3333);   /* the bytes past the 16 stay */
		T_EQ(after[3], 0x4444);
	}
	t_case("registry hostcalls without a registry: -ENOSYS");
	z.nr = HC_CAPFILE_PROBE;
	T_EQ(hostcall_serve(&env, &z, &res), HOSTCALL_RETURN);
	T_EQ((uint64_t)res, (uint64_t)HC_ENOSYS);
	t_case("unknown number");
	r.nr = 12345;
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
	T_EQ((uint64_t)res, (uint64_t)HC_ENOSYS);
	t_case("nop");
	r.nr = HC_NOP;
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
	T_EQ(res, 0);
	close(fd[1]);
	char got[16] = { 0 };
	t_case("the pipe holds exactly the 5 bytes");
	T_EQ(read(fd[0], got, sizeof got), 5);
	T_STREQ(got, "world");
	close(fd[0]);
	mem_free(m);
}

/* HC_CAP_COPY (1000): memmove between two capabilities, both checked whole before a byte moves
 * (tag, seal, Store on ca0 / Load on ca1, bounds); a length that is not an int64 is EINVAL. */
TEST(hostcall_cap_copy)
{
	struct mem *m = mem_new(0x100000);
	if (!T_TRUE(m != NULL))
		return;
	if (!T_EQ(mem_map(m, BUF, 0x1000), MEM_OK))
		abort();
	T_EQ(mem_write(m, BUF, "0123456789abcdef................", 32), MEM_OK);
	struct hostcall_env env = { .m = m, .out_fd = -1 };
	const uint32_t RW = CAP_PERM_LOAD | CAP_PERM_STORE;
	struct hostcall_request r = { .nr = HC_CAP_COPY };
	int64_t res = 0;
	char got[33] = { 0 };
	t_case("served, three arguments, named");
	T_EQ(hostcall_is_served(HC_CAP_COPY), 1);
	T_EQ(hostcall_nargs(HC_CAP_COPY), 3);
	T_EQ(strcmp(hostcall_name(HC_CAP_COPY), "cap_copy"), 0);
	const struct { const char *name; struct cap dst, src; uint64_t len; int64_t want; } rows[] = {
		{ "source one byte short", buffer(RW, BUF + 16, 16, BUF + 16), buffer(CAP_PERM_LOAD, BUF, 15, BUF), 16, HC_EFAULT },
		{ "destination one byte short", buffer(RW, BUF + 16, 15, BUF + 16), buffer(CAP_PERM_LOAD, BUF, 16, BUF), 16, HC_EFAULT },
		{ "destination without Store", buffer(CAP_PERM_LOAD, BUF + 16, 16, BUF + 16), buffer(CAP_PERM_LOAD, BUF, 16, BUF), 16, HC_EFAULT },
		{ "source without Load", buffer(RW, BUF + 16, 16, BUF + 16), buffer(CAP_PERM_STORE, BUF, 16, BUF), 16, HC_EFAULT },
		{ "integer source", buffer(RW, BUF + 16, 16, BUF + 16), cap_from_int(BUF), 16, HC_EFAULT },
		{ "integer destination, length 0", cap_from_int(BUF + 16), buffer(CAP_PERM_LOAD, BUF, 16, BUF), 0, HC_EFAULT },
		{ "length 2^63", buffer(RW, BUF + 16, 16, BUF + 16), buffer(CAP_PERM_LOAD, BUF, 16, BUF), 1ULL << 63, HC_EINVAL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s: refused, nothing written", rows[i].name);
		r.arg[0] = rows[i].dst;
		r.arg[1] = rows[i].src;
		r.arg[2] = cap_from_int(rows[i].len);
		T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
		T_EQ(res, rows[i].want);
		T_EQ(mem_read(m, BUF, got, 32), MEM_OK);
		T_EQ(strcmp(got, "0123456789abcdef................"), 0);
	}
	t_case("10 bytes from the source's middle to the destination's middle");
	r.arg[0] = buffer(RW, BUF + 16, 16, BUF + 20);
	r.arg[1] = buffer(CAP_PERM_LOAD, BUF, 16, BUF + 6);
	r.arg[2] = cap_from_int(10);
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
	T_EQ(res, 10);
	T_EQ(mem_read(m, BUF, got, 32), MEM_OK);
	T_EQ(strcmp(got, "0123456789abcdef....6789abcdef.."), 0);
	t_case("overlapping, as memmove");
	r.arg[0] = buffer(RW, BUF, 32, BUF + 2);
	r.arg[1] = buffer(RW, BUF, 32, BUF);
	r.arg[2] = cap_from_int(8);
	T_EQ(hostcall_serve(&env, &r, &res), HOSTCALL_RETURN);
	T_EQ(res, 8);
	T_EQ(mem_read(m, BUF, got, 32), MEM_OK);
	T_EQ(strcmp(got, "0101234567abcdef....6789abcdef.."), 0);
	mem_free(m);
}
