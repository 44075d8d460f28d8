/* test_linux_derive.c - the argument capabilities src/linux/linux_table.c derives from a hybrid
 * cVM's DDC for an ecall (intravisor.md 9: "bounded to exactly the bytes the call reads or
 * writes"). Expected sizes: the riscv64 (asm-generic) ABI: struct termios of TCGETS 36 bytes,
 * struct winsize 8 bytes (include/uapi/asm-generic/termbits.h, termios.h). */
#include <string.h>

#include "linux/linux.h"
#include "test.h"

#define SLOT 0x40000000ULL
#define SIZE 0x40000000ULL

TEST(linux_derive_ioctl_bounds)
{
	struct cap root = cap_root();
	struct cap ddc = cap_build_from_root(&root, SLOT, SIZE, CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_GLOBAL);
	const struct { const char *name; uint64_t req, ptr; bool tag; uint64_t len; } rows[] = {
		{ "TIOCGWINSZ: a winsize", LINUX_TIOCGWINSZ, 0x1000, true, 8 },
		{ "TCGETS: the kernel termios", LINUX_TCGETS, 0x2000, true, 36 },
		{ "another request: an integer", 0x5402, 0x3000, false, 0 },
		{ "FIONREAD: not served, an integer", 0x541b, 0x3000, false, 0 },
		{ "TIOCGWINSZ past the slot's end", LINUX_TIOCGWINSZ, SIZE - 4, false, 8 },
		{ "TIOCGWINSZ at the last 8 bytes", LINUX_TIOCGWINSZ, SIZE - 8, true, 8 },
		{ "TIOCGWINSZ, NULL", LINUX_TIOCGWINSZ, 0, false, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		t_case("%s", rows[i].name);
		uint64_t a[LINUX_ARGS] = { 1, rows[i].req, rows[i].ptr, 0, 0, 0 };
		struct cap out[LINUX_REQ_ARGS];
		linux_derive(NULL, &ddc, 29, a, out);
		T_EQ(out[1].tag, 0);
		T_EQ(out[1].addr, rows[i].req);
		T_EQ(out[2].tag, rows[i].tag);
		T_EQ(out[2].addr, rows[i].len && rows[i].tag ? SLOT + rows[i].ptr : out[2].addr);
		if (rows[i].tag) {
			T_EQ(out[2].base, SLOT + rows[i].ptr);
			T_EQ128(out[2].top, (cap_u128)(SLOT + rows[i].ptr + rows[i].len));
			T_EQ(cap_perms(&out[2]) & (CAP_PERM_LOAD | CAP_PERM_STORE), CAP_PERM_STORE);
		} else if (!rows[i].len) {
			T_EQ(out[2].addr, rows[i].ptr);   /* an integer, as given */
		}
	}
}
