/* cheri_xmem.S - the explicit-address-type LR/SC sub-word and word forms (cheri-riscv.md
 * §5.11): lr.b/h/w/d/c and sc.b/h/w/d/c in .ddc and .cap flavours; an explicit SC writes
 * 0 (success) / 1 (failure) into its value register. */
#include "isa.h"

/* LR then SC through the same explicit form; check the loaded value, the SC result and
 * the memory afterwards (read back with ld) */
.macro XLRSC n, lr, sc, base, init, loaded, val, after
	li x15, \init
	sd x15, 0(s11)
	\lr x14, (\base)
	TEST_EQ \n, x14, \loaded
	li x15, \val
	\sc x15, (\base)
	TEST_EQ \n, x15, 0
	ld x14, 0(s11)
	TEST_EQ \n, x14, \after
	li x15, \val
	\sc x15, (\base)                                            /* no reservation now */
	TEST_EQ \n, x15, 1
.endm

TEST_START
	MKCAPR cs3, s11, 64, 0x7817d
	XLRSC 1, lr.b.ddc, sc.b.ddc, s11, 0x1111111111111180, 0xffffffffffffff80, 0x22, 0x1111111111111122
	XLRSC 2, lr.h.ddc, sc.h.ddc, s11, 0x1111111111118000, 0xffffffffffff8000, 0x3333, 0x1111111111113333
	XLRSC 3, lr.w.ddc, sc.w.ddc, s11, 0x1111111180000000, 0xffffffff80000000, 0x44444444, 0x1111111144444444
	XLRSC 4, lr.d.ddc, sc.d.ddc, s11, 0x8000000000000001, 0x8000000000000001, 0x5555, 0x5555
	XLRSC 5, lr.b.cap, sc.b.cap, cs3, 0x11111111111111ff, 0xffffffffffffffff, 0x66, 0x1111111111111166
	XLRSC 6, lr.h.cap, sc.h.cap, cs3, 0x111111111111ffff, 0xffffffffffffffff, 0x7777, 0x1111111111117777
	XLRSC 7, lr.w.cap, sc.w.cap, cs3, 0x11111111ffffffff, 0xffffffffffffffff, 0x7fffffff, 0x111111117fffffff
	XLRSC 8, lr.d.cap, sc.d.cap, cs3, 0x0123456789abcdef, 0x0123456789abcdef, -1, 0xffffffffffffffff
	/* capability LR/SC through DDC */
	MKCAP ca0, 0x3000, 0x40, 0x7817d
	sc ca0, 16(s11)
	addi x13, s11, 16
	lr.c.ddc ca1, (x13)
	cseqx x14, ca1, ca0
	TEST_EQ 9, x14, 1
	cmove ca5, cs3
	sc.c.ddc ca5, (x13)
	TEST_EQ 10, x15, 0                                          /* ca5 = c15: result */
	lc ca1, 16(s11)
	cseqx x14, ca1, cs3
	TEST_EQ 11, x14, 1
TEST_END
