/* csr.S - Zicsr on the user CSRs: counters (readable, increasing), CSR instruction forms
 * (read-only when rs1 = x0 / uimm = 0; old value returned; set/clear bit masks). */
#include "isa.h"
TEST_START
	rdinstret x11
	rdinstret x12
	li gp, 1
	bgeu x11, x12, fail                                        /* strictly increasing */
	rdcycle x11
	nop
	rdcycle x12
	li gp, 2
	bltu x12, x11, fail
	rdtime x11
	rdtime x12
	li gp, 3
	bltu x12, x11, fail
	/* read/modify/write forms on fflags (5 bits) */
	csrrwi x0, fflags, 0x15
	csrrw x14, fflags, x0
	TEST_EQ 4, x14, 0x15
	li x11, 0x3
	csrrs x14, fflags, x11
	TEST_EQ 5, x14, 0
	csrrc x14, fflags, x0                                      /* rs1 = x0: pure read */
	TEST_EQ 6, x14, 0x3
	li x11, 0x1
	csrrc x14, fflags, x11
	frflags x14
	TEST_EQ 7, x14, 0x2
	csrrsi x14, fflags, 0x10
	frflags x14
	TEST_EQ 8, x14, 0x12
	csrrci x14, fflags, 0x12
	TEST_EQ 9, x14, 0x12
	frflags x14
	TEST_EQ 10, x14, 0
	/* frm is 3 bits, fflags 5; fcsr views both */
	li x11, 0x7
	csrw frm, x11
	csrr x14, fcsr
	TEST_EQ 11, x14, 0xe0
	csrwi fflags, 0x1f
	csrr x14, fcsr
	TEST_EQ 12, x14, 0xff
	csrw fcsr, x0
	csrr x14, frm
	TEST_EQ 13, x14, 0
TEST_END
