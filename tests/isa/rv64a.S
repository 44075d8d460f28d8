/* rv64a.S - RV64A: AMOs (.w results sign-extended, memory updated), LR/SC success and
 * failure (no reservation, reservation consumed, different address). */
#include "isa.h"

/* AMO check: mem = init; x14 = amo(x12 = src); check x14 = old value (sign-extended for .w)
 * and the new memory contents (read back with ld) */
.macro TEST_AMO n, op, init, src, old, new
	li x11, \init
	sd x11, 0(s11)
	li x12, \src
	\op x14, x12, (s11)
	TEST_EQ \n, x14, \old
	ld x14, 0(s11)
	TEST_EQ \n, x14, \new
.endm

TEST_START
	TEST_AMO 1, amoswap.d, 0x1111111111111111, 0x2222222222222222, 0x1111111111111111, 0x2222222222222222
	TEST_AMO 2, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000
	TEST_AMO 3, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00
	TEST_AMO 4, amoor.d, 0xff00000000000000, 0x00000000000000ff, 0xff00000000000000, 0xff000000000000ff
	TEST_AMO 5, amoxor.d, 0xffff0000ffff0000, 0xff00ff00ff00ff00, 0xffff0000ffff0000, 0x00ffff0000ffff00
	TEST_AMO 6, amomax.d, -5, 3, 0xfffffffffffffffb, 3
	TEST_AMO 7, amomaxu.d, -5, 3, 0xfffffffffffffffb, 0xfffffffffffffffb
	TEST_AMO 8, amomin.d, -5, 3, 0xfffffffffffffffb, 0xfffffffffffffffb
	TEST_AMO 9, amominu.d, -5, 3, 0xfffffffffffffffb, 3
	/* .w: low word only, result sign-extended, upper word of memory untouched */
	TEST_AMO 10, amoswap.w, 0xaaaaaaaa80000000, 0x1234567812345678, 0xffffffff80000000, 0xaaaaaaaa12345678
	TEST_AMO 11, amoadd.w, 0xaaaaaaaa7fffffff, 1, 0x000000007fffffff, 0xaaaaaaaa80000000
	TEST_AMO 12, amoadd.w, 0xaaaaaaaaffffffff, 1, 0xffffffffffffffff, 0xaaaaaaaa00000000 /* no carry out */
	TEST_AMO 13, amoand.w, 0x00000000f0f0f0f0, 0xffffffff0ff00ff0, 0xfffffffff0f0f0f0, 0x0000000000f000f0
	TEST_AMO 14, amoor.w, 0x5555555500000001, 0x80000000, 0x0000000000000001, 0x5555555580000001
	TEST_AMO 15, amoxor.w, 0x00000000ffffffff, 0x0f0f0f0f, 0xffffffffffffffff, 0x00000000f0f0f0f0
	TEST_AMO 16, amomax.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x000000007fffffff
	TEST_AMO 17, amomaxu.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x0000000080000000
	TEST_AMO 18, amomin.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x0000000080000000
	TEST_AMO 19, amominu.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x000000007fffffff
	TEST_AMO 20, amomax.w, 0x0000000100000005, 0xffffffff00000003, 0x0000000000000005, 0x0000000100000005 /* compares low words */
	TEST_AMO 21, amoadd.d.aqrl, 10, 20, 10, 30
	TEST_AMO 22, amoswap.w.aq, 0, -1, 0, 0x00000000ffffffff
	/* amo with rd = x0: memory still updated */
	li x11, 7
	sd x11, 0(s11)
	li x12, 5
	amoadd.d x0, x12, (s11)
	ld x14, 0(s11)
	TEST_EQ 23, x14, 12
	/* amo with rd == rs2 */
	li x12, 1
	amoadd.d x12, x12, (s11)
	TEST_EQ 24, x12, 12
	ld x14, 0(s11)
	TEST_EQ 24, x14, 13

	/* LR/SC: success writes and returns 0 */
	li x11, 100
	sd x11, 8(s11)
	addi x13, s11, 8
	lr.d x14, (x13)
	TEST_EQ 30, x14, 100
	addi x14, x14, 1
	sc.d x15, x14, (x13)
	TEST_EQ 31, x15, 0
	ld x14, 8(s11)
	TEST_EQ 32, x14, 101
	/* a second SC without a new LR fails and does not write */
	li x14, 555
	sc.d x15, x14, (x13)
	TEST_EQ 33, x15, 1
	ld x14, 8(s11)
	TEST_EQ 34, x14, 101
	/* lr.w sign-extends; sc.w writes the low word only */
	li x11, 0x1234567880000000
	sd x11, 16(s11)
	addi x13, s11, 16
	lr.w x14, (x13)
	TEST_EQ 35, x14, 0xffffffff80000000
	li x14, 0x7fffffff
	sc.w x15, x14, (x13)
	TEST_EQ 36, x15, 0
	ld x14, 16(s11)
	TEST_EQ 37, x14, 0x123456787fffffff
	/* SC to an address other than the reserved one fails (2 KiB away: outside any
	 * reasonable reservation set) */
	addi x13, s11, 16
	lr.d x14, (x13)
	addi x13, s11, 2040
	addi x13, x13, 8
	li x14, 77
	sd x0, 0(x13)
	sc.d x15, x14, (x13)
	TEST_EQ 38, x15, 1
	ld x14, 0(x13)
	TEST_EQ 39, x14, 0
	/* a retry loop (the common idiom) */
	addi x13, s11, 32
	sd x0, 0(x13)
	li x16, 5
1:	lr.d.aq x14, (x13)
	addi x14, x14, 3
	sc.d.rl x15, x14, (x13)
	bnez x15, 1b
	addi x16, x16, -1
	bnez x16, 1b
	ld x14, 32(s11)
	TEST_EQ 40, x14, 15
TEST_END
