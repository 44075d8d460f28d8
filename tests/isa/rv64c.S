/* rv64c.S - RV64C: every RV64 compressed instruction written explicitly (c.* mnemonics),
 * checked for the same results as its 32-bit expansion. */
#include "isa.h"
TEST_START
	.option push
	.option rvc
	c.li x14, -32
	TEST_EQ 1, x14, 0xffffffffffffffe0
	c.li x14, 31
	c.addi x14, -1
	TEST_EQ 2, x14, 30
	li x14, 0x7fffffff
	c.addiw x14, 1
	TEST_EQ 3, x14, 0xffffffff80000000
	c.lui x14, 0xfffff                                 /* nzimm[17:12] = -1 -> 0xfffffffffffff000 */
	TEST_EQ 4, x14, 0xfffffffffffff000
	c.lui x14, 0x1f
	TEST_EQ 5, x14, 0x1f000
	li x14, 1
	c.slli x14, 63
	TEST_EQ 6, x14, 0x8000000000000000
	li x8, 0x8000000000000000
	c.srli x8, 63
	TEST_EQ 7, x8, 1
	li x8, 0x8000000000000000
	c.srai x8, 62
	TEST_EQ 8, x8, 0xfffffffffffffffe
	li x8, 0xff
	c.andi x8, -16
	TEST_EQ 9, x8, 0xf0
	li x15, 1234
	c.mv x14, x15
	TEST_EQ 10, x14, 1234
	c.add x14, x15
	TEST_EQ 11, x14, 2468
	li x8, 10
	li x9, 3
	c.sub x8, x9
	TEST_EQ 12, x8, 7
	c.xor x8, x9
	TEST_EQ 13, x8, 4
	c.or x8, x9
	TEST_EQ 14, x8, 7
	c.and x8, x9
	TEST_EQ 15, x8, 3
	li x8, 0x80000000
	li x9, 1
	c.subw x8, x9
	TEST_EQ 16, x8, 0x7fffffff
	c.addw x8, x9
	TEST_EQ 17, x8, 0xffffffff80000000
	/* loads/stores: base x8..x15 and sp */
	mv x8, s11
	li x9, 0x8000000180000002
	c.sd x9, 8(x8)
	c.lw x10, 8(x8)
	TEST_EQ 18, x10, 0xffffffff80000002
	c.ld x10, 8(x8)
	TEST_EQ 19, x10, 0x8000000180000002
	c.sw x9, 16(x8)
	c.lw x10, 16(x8)
	TEST_EQ 20, x10, 0xffffffff80000002
	mv x12, sp
	mv sp, s11
	li x13, 0x0123456789abcdef
	c.sdsp x13, 24(sp)
	c.ldsp x14, 24(sp)
	TEST_EQ 21, x14, 0x0123456789abcdef
	c.swsp x13, 32(sp)
	c.lwsp x14, 32(sp)
	TEST_EQ 22, x14, 0xffffffff89abcdef
	c.fldsp fa5, 24(sp)
	c.fsdsp fa5, 40(sp)
	c.ldsp x14, 40(sp)
	TEST_EQ 23, x14, 0x0123456789abcdef
	c.fld fa4, 24(x8)
	c.fsd fa4, 48(x8)
	c.ld x10, 48(x8)
	TEST_EQ 24, x10, 0x0123456789abcdef
	/* stack-pointer adjustments */
	c.addi16sp sp, -32
	addi x14, s11, -32
	TEST_EQR 25, sp, x14
	c.addi16sp sp, 496
	addi x14, s11, 464
	TEST_EQR 26, sp, x14
	c.addi4spn x8, sp, 1020
	addi x14, sp, 1020
	TEST_EQR 27, x8, x14
	mv sp, x12
	/* jumps and branches */
	li gp, 28
	c.j 1f
	j fail
1:	la x11, 2f
	c.jr x11
	j fail
2:	la x11, 3f
	c.jalr x11
4:	j fail
3:	la x14, 4b
	TEST_EQR 29, x1, x14
	li x8, 0
	li gp, 30
	c.bnez x8, fail
	c.beqz x8, 5f
	j fail
5:	li x8, 1
	c.beqz x8, fail
	c.bnez x8, 6f
	j fail
6:	c.nop
	/* a compressed backward loop */
	li x8, 5
	li x9, 0
7:	c.addi x9, 3
	c.addi x8, -1
	c.bnez x8, 7b
	TEST_EQ 31, x9, 15
	.option pop
TEST_END
