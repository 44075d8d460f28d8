/* test_linux_iov.c - the iovec capabilities a handler cVM gets for a hybrid cVM's readv/writev
 * (src/linux/linux_iov.c; sdk/include/cvm_abi.h HCTX_ARGS, IOVEC_*): CheriABI iovecs in the
 * argument area, each capability bounded to its buffer (CSetBounds rounding for a large one,
 * cheri-riscv.md 1.7), the array's capability read-only and exactly count * 32 bytes for every
 * count up to IOV_MAX; a bad entry untagged; the span never passed on. */
#include <string.h>

#include "linux/linux.h"
#include "test.h"

#include "../../sdk/include/cvm_abi.h"

#define VIEW  0x100000ULL    /* the caller's slot (its DDC base) */
#define VSIZE 0x100000ULL
#define AREA  0x202000ULL    /* a handler context's argument area (8 KiB aligned, as in a slot) */
#define ARR   0x1000ULL      /* the caller's integer iovec array, offset in its view */

TEST(linux_iov_to_caps)
{
	struct mem *m = mem_new(0x400000);
	if (!T_EQ(mem_map(m, VIEW, VSIZE), MEM_OK) || !T_EQ(mem_map(m, AREA, HCTX_ARGS_SIZE), MEM_OK))
		return;
	struct cap root = cap_root();
	uint32_t data = CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | CAP_PERM_STORE_CAP;
	struct cap ddc = cap_build_from_root(&root, VIEW, VSIZE, data);
	struct cap area = cap_build_from_root(&root, AREA, HCTX_ARGS_SIZE, data);
	static const uint64_t counts[] = { 1, 2, 3, 7, 100, 513, 1023, 1024 };
	for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
		uint64_t cnt = counts[c];
		t_case("%llu iovecs", (unsigned long long)cnt);
		/* entry i: {0x8000 + 3i, i % 5} (zero-length ones included); the last one a large
		 * unaligned buffer whose bounds CSetBounds rounds */
		for (uint64_t i = 0; i < cnt; i++) {
			uint64_t v[2] = { 0x8000 + 3 * i, i % 5 };
			if (i == cnt - 1 && cnt > 1) {
				v[0] = 0x10001;
				v[1] = 0x54321;
			}
			T_EQ(mem_write(m, VIEW + ARR + 16 * i, v, sizeof v), MEM_OK);
		}
		uint64_t a[LINUX_ARGS] = { 1, ARR, cnt, 0, 0, 0 };
		struct cap req[LINUX_REQ_ARGS];
		linux_derive(m, &ddc, 66, a, req);   /* writev */
		T_EQ(req[LINUX_REQ_ARGS - 1].tag, cnt > 1);  /* the span, for the monitor (none: all empty) */
		linux_iov_to_caps(m, NULL, 66, VIEW, req, &area);
		T_EQ(req[LINUX_REQ_ARGS - 1].tag, 0);
		T_EQ(req[1].tag, 1);
		T_EQ(req[1].base, AREA);
		T_EQ128(req[1].top, (cap_u128)(AREA + cnt * IOVEC_SIZE));
		T_EQ(cap_perms(&req[1]), CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP);
		for (uint64_t i = 0; i < cnt; i++) {
			uint64_t lo, hi, len[2], v[2];
			bool tag;
			T_EQ(mem_read(m, VIEW + ARR + 16 * i, v, sizeof v), MEM_OK);
			T_EQ(mem_load_cap(m, AREA + i * IOVEC_SIZE + IOVEC_BASE, &lo, &hi, &tag), MEM_OK);
			T_EQ(mem_read(m, AREA + i * IOVEC_SIZE + IOVEC_LEN, len, sizeof len), MEM_OK);
			struct cap e = cap_from_mem(hi, lo, tag);
			T_EQ(len[0], v[1]);
			T_EQ(len[1], 0);
			T_EQ(e.tag, v[1] != 0);
			if (!v[1])
				continue;
			T_EQ(e.addr, VIEW + v[0]);
			T_EQ(cap_perms(&e), CAP_PERM_GLOBAL | CAP_PERM_LOAD);
			if (v[1] < 0x1000) {   /* small: exact */
				T_EQ(e.base, VIEW + v[0]);
				T_EQ128(e.top, (cap_u128)(VIEW + v[0] + v[1]));
			} else {               /* rounded outward, never by more than the format needs */
				T_EQ(e.base <= VIEW + v[0] && e.top >= (cap_u128)(VIEW + v[0] + v[1]), 1);
				T_EQ(e.top - e.base < (cap_u128)v[1] + (v[1] >> 10), 1);
			}
		}
	}
	t_case("a buffer past the slot: the span, and so every entry, untagged (the call fails)");
	uint64_t bad[4] = { 0x100, 4, VSIZE - 2, 4 };
	T_EQ(mem_write(m, VIEW + ARR, bad, sizeof bad), MEM_OK);
	uint64_t a[LINUX_ARGS] = { 1, ARR, 2, 0, 0, 0 };
	struct cap req[LINUX_REQ_ARGS];
	linux_derive(m, &ddc, 65, a, req);   /* readv */
	linux_iov_to_caps(m, NULL, 65, VIEW, req, &area);
	T_EQ(req[1].tag, 1);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t lo, hi, len;
		bool tag;
		T_EQ(mem_load_cap(m, AREA + i * IOVEC_SIZE, &lo, &hi, &tag), MEM_OK);
		T_EQ(mem_read(m, AREA + i * IOVEC_SIZE + IOVEC_LEN, &len, sizeof len), MEM_OK);
		T_EQ(tag, 0);
		T_EQ(len, 4);
	}
	t_case("readv: Store capabilities");
	uint64_t good[4] = { 0x100, 4, 0x200, 8 };
	T_EQ(mem_write(m, VIEW + ARR, good, sizeof good), MEM_OK);
	linux_derive(m, &ddc, 65, a, req);
	linux_iov_to_caps(m, NULL, 65, VIEW, req, &area);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t lo, hi;
		bool tag;
		T_EQ(mem_load_cap(m, AREA + i * IOVEC_SIZE, &lo, &hi, &tag), MEM_OK);
		struct cap e = cap_from_mem(hi, lo, tag);
		T_EQ(e.tag, 1);
		T_EQ(cap_perms(&e), CAP_PERM_GLOBAL | CAP_PERM_STORE);
		T_EQ(e.base, VIEW + good[2 * i]);
		T_EQ128(e.top, (cap_u128)(VIEW + good[2 * i] + good[2 * i + 1]));
	}
	t_case("the array past the slot, a count of 0 or 1025: ca1 untagged");
	const uint64_t arrs[3][2] = { { VSIZE - 8, 1 }, { ARR, 0 }, { ARR, 1025 } };
	for (unsigned i = 0; i < 3; i++) {
		uint64_t b[LINUX_ARGS] = { 1, arrs[i][0], arrs[i][1], 0, 0, 0 };
		linux_derive(m, &ddc, 66, b, req);
		linux_iov_to_caps(m, NULL, 66, VIEW, req, &area);
		T_EQ(req[1].tag, 0);
		T_EQ(req[LINUX_REQ_ARGS - 1].tag, 0);
	}
	t_case("not an iovec call: nothing written, the span cleared");
	linux_derive(m, &ddc, 64, a, req);
	linux_iov_to_caps(m, NULL, 64, VIEW, req, &area);
	T_EQ(req[1].tag, 0);
	mem_free(m);
}
