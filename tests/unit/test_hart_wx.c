/* test_hart_wx.c - W^X: the translator's code buffer is never writable and executable at once.
 *
 * A hart with the translator runs a counting loop (so blocks are translated, linked and run
 * from the executable view), then /proc/self/maps of this process must show no mapping with
 * both w and x, and the code buffer's two views of one memfd: "memfd:intravisor-jit" once
 * r-x (harts run there) and once rw- (the translator writes there). A translator that mapped
 * its buffer RWX again would show an rwx line here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hart/hart.h"
#include "test.h"

#include "rv_enc.h"

#define CODE 0x10000ULL

struct maps_scan {
	unsigned rwx, jit_rx, jit_rw;
	char first_rwx[160];
};

static struct maps_scan scan_maps(void)
{
	struct maps_scan s = { 0 };
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	if (!f)
		return s;
	while (fgets(line, sizeof line, f)) {
		char perms[8] = "";
		if (sscanf(line, "%*s %7s", perms) != 1)
			continue;
		if (strchr(perms, 'w') && strchr(perms, 'x') && !s.rwx++)
			snprintf(s.first_rwx, sizeof s.first_rwx, "%.150s", line);
		if (strstr(line, "memfd:intravisor-jit")) {
			if (!strcmp(perms, "r-xs"))
				s.jit_rx++;
			if (!strcmp(perms, "rw-s"))
				s.jit_rw++;
		}
	}
	fclose(f);
	return s;
}

TEST(hart_jit_wx)
{
	/* t0 = 0; t1 = 1000; loop: t0 += 3; t1 -= 1; bnez t1, loop; ecall */
	const uint32_t code[] = {
		ENC_I(0x13, 0, 5, 0, 0), ENC_I(0x13, 0, 6, 0, 1000),
		ENC_I(0x13, 0, 5, 5, 3), ENC_I(0x13, 0, 6, 6, -1), ENC_B(1, 6, 0, -8),
		0x00000073u,
	};
	struct mem *m = mem_new(1ULL << 24);
	if (!m || mem_map(m, CODE, 0x1000) != MEM_OK || mem_write(m, CODE, code, sizeof code) != MEM_OK)
		abort();
	struct hart_options opt = { .no_jit = false };
	struct hart *h = hart_new(m, &opt);
	struct cap root = cap_root(), pcc = root;
	pcc.addr = CODE;
	hart_set_pcc(h, &pcc);
	hart_set_ddc(h, &root);
	struct hart_trap tr;
	memset(&tr, 0, sizeof tr);
	t_case("a translated loop runs from the executable view");
	T_EQ(hart_run(h, 1000000, &tr), HART_EXIT_TRAP);
	struct cap t0;
	hart_get_creg(h, 5, &t0);
	T_EQ(t0.addr, 3000);
	T_EQ(hart_instret(h), 2 + 3 * 1000); /* the ecall traps: not retired */
	T_TRUE(hart_jit_blocks(h) > 0);
	struct maps_scan s = scan_maps();
	t_case("/proc/self/maps: no rwx mapping; the code buffer once r-x and once rw-");
	T_EQ(s.rwx, 0);
	if (s.rwx)
		printf("  rwx mapping: %s", s.first_rwx);
	T_EQ(s.jit_rx, 1);
	T_EQ(s.jit_rw, 1);
	hart_free(h);
	mem_free(m);
}
