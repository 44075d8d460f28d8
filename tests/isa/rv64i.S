/* rv64i.S - RV64I: ALU (register, immediate, 32-bit W forms), LUI/AUIPC, branches, JAL/JALR
 * links, loads with sign/zero extension, stores, x0. */
#include "isa.h"
TEST_START
	TEST_RR 1, add, 0x0000000000000003, 1, 2
	TEST_RR 2, add, 0x0000000000000000, -1, 1
	TEST_RR 3, add, 0x8000000000000000, 0x7fffffffffffffff, 1
	TEST_RR 4, sub, 0xffffffffffffffff, 0, 1
	TEST_RR 5, sub, 0x7fffffffffffffff, 0x8000000000000000, 1
	TEST_RR 6, sll, 0x8000000000000000, 1, 63
	TEST_RR 7, sll, 0x0000000000000002, 1, 65          /* shamt is rs2[5:0] */
	TEST_RR 8, srl, 0x0000000000000001, 0x8000000000000000, 63
	TEST_RR 9, sra, 0xffffffffffffffff, 0x8000000000000000, 63
	TEST_RR 10, sra, 0xc000000000000000, 0x8000000000000000, 0x41
	TEST_RR 11, slt, 1, -1, 0
	TEST_RR 12, slt, 0, 0, -1
	TEST_RR 13, sltu, 0, -1, 0
	TEST_RR 14, sltu, 1, 0, -1
	TEST_RR 15, xor, 0xff00ff00ff00ff00, 0xffff0000ffff0000, 0x00ffff0000ffff00
	TEST_RR 16, or, 0xffffff00ffffff00, 0xffff0000ffff0000, 0x00ffff0000ffff00
	TEST_RR 17, and, 0x00ff000000ff0000, 0xffff0000ffff0000, 0x00ffff0000ffff00
	TEST_RI 18, addi, 0xfffffffffffff800, 0, -2048
	TEST_RI 19, addi, 0x00000000000007ff, 0, 2047
	TEST_RI 20, slti, 1, -5, -4
	TEST_RI 21, sltiu, 1, 5, -1                        /* imm sign-extended, then unsigned */
	TEST_RI 22, sltiu, 0, -1, -1
	TEST_RI 23, xori, 0xffffffffffffff00, 0xff, -1
	TEST_RI 24, ori, 0xfffffffffffff8ff, 0xff, -2048
	TEST_RI 25, andi, 0x00000000000000f0, 0xfff0, 0xf0
	TEST_RI 26, slli, 0x8000000000000000, 1, 63
	TEST_RI 27, srli, 0x0000000000000001, 0x8000000000000000, 63
	TEST_RI 28, srai, 0xfffffffffffffff0, 0x8000000000000000, 59
	/* W forms: 32-bit result sign-extended */
	TEST_RR 30, addw, 0xffffffff80000000, 0x7fffffff, 1
	TEST_RR 31, addw, 0x0000000000000000, 0xffffffff, 1
	TEST_RR 32, subw, 0x000000007fffffff, 0x80000000, 1
	TEST_RR 33, sllw, 0xffffffff80000000, 1, 31
	TEST_RR 34, sllw, 0x0000000000000002, 1, 33         /* shamt is rs2[4:0] */
	TEST_RR 35, srlw, 0x0000000000000001, 0x80000000, 31
	TEST_RR 36, srlw, 0x0000000000000001, 0xffffffff80000000, 31
	TEST_RR 37, sraw, 0xffffffffffffffff, 0x80000000, 31
	TEST_RR 38, sraw, 0x0000000000000001, 0x1234567840000000, 30
	TEST_RI 39, addiw, 0xffffffff80000000, 0x7fffffff, 1
	TEST_RI 40, addiw, 0x0000000000000000, 0x12345678ffffffff, 1
	TEST_RI 41, slliw, 0xffffffff80000000, 1, 31
	TEST_RI 42, srliw, 0x0000000000000001, 0xffffffff80000000, 31
	TEST_RI 43, sraiw, 0xffffffffffffffff, 0x0000000080000000, 31
	TEST_RI 44, sraiw, 0x0000000000012345, 0xffffffff12345678, 12
	/* LUI sign-extends bit 31 on RV64 */
	lui x14, 0x80000
	TEST_EQ 45, x14, 0xffffffff80000000
	lui x14, 0x7ffff
	TEST_EQ 46, x14, 0x000000007ffff000
	/* AUIPC: pc-relative */
1:	auipc x14, 0
	la x15, 1b
	TEST_EQR 47, x14, x15
2:	auipc x14, 0x1
	la x15, 2b
	sub x14, x14, x15
	TEST_EQ 48, x14, 0x1000
	/* x0 ignores writes */
	li x1, 5
	add x0, x1, x1
	TEST_EQ 49, x0, 0
	/* branches: taken and not taken, signed vs unsigned */
	li gp, 50
	li x11, -1
	li x12, 1
	blt x12, x11, fail
	bge x11, x12, fail
	bltu x11, x12, fail
	bgeu x12, x11, fail
	beq x11, x12, fail
	bne x11, x11, fail
	li gp, 51
	blt x11, x12, 3f
	j fail
3:	bge x12, x11, 3f
	j fail
3:	bltu x12, x11, 3f
	j fail
3:	bgeu x11, x12, 3f
	j fail
3:	beq x11, x11, 3f
	j fail
3:	bne x11, x12, 3f
	j fail
3:	bge x11, x11, 3f                                 /* equal: bge/bgeu taken */
	j fail
3:	bgeu x11, x11, 3f
	j fail
3:	blt x11, x11, fail
	bltu x11, x11, fail
	/* backward branch loop: sum 1..10 */
	li x11, 10
	li x14, 0
4:	add x14, x14, x11
	addi x11, x11, -1
	bnez x11, 4b
	TEST_EQ 52, x14, 55
	/* JAL / JALR links and targets */
	jal x1, 5f
6:	j fail
5:	la x15, 6b
	TEST_EQR 53, x1, x15
	la x11, 7f
	jalr x5, 1(x11)                                  /* bit 0 of the target is cleared */
8:	j fail
7:	la x15, 8b
	TEST_EQR 54, x5, x15
	la x11, 9f
	jalr x11, 0(x11)                                 /* rd == rs1: target uses the old value */
10:	j fail
9:	la x15, 10b
	TEST_EQR 55, x11, x15
	/* loads: sign and zero extension */
	li x11, 0x8081828384858687
	sd x11, 0(s11)
	lb x14, 0(s11)
	TEST_EQ 56, x14, 0xffffffffffffff87
	lbu x14, 0(s11)
	TEST_EQ 57, x14, 0x87
	lh x14, 2(s11)
	TEST_EQ 58, x14, 0xffffffffffff8485
	lhu x14, 2(s11)
	TEST_EQ 59, x14, 0x8485
	lw x14, 4(s11)
	TEST_EQ 60, x14, 0xffffffff80818283
	lwu x14, 4(s11)
	TEST_EQ 61, x14, 0x80818283
	ld x14, 0(s11)
	TEST_EQ 62, x14, 0x8081828384858687
	lb x14, 6(s11)
	TEST_EQ 63, x14, 0xffffffffffffff81
	li x11, 0x7f7e
	sh x11, 8(s11)
	lh x14, 8(s11)
	TEST_EQ 64, x14, 0x7f7e
	/* stores: only the addressed bytes change */
	li x11, -1
	sd x11, 16(s11)
	sb x0, 17(s11)
	sh x0, 20(s11)
	ld x14, 16(s11)
	TEST_EQ 65, x14, 0xffff0000ffff00ff
	li x11, 0x12345678
	sw x11, 16(s11)
	ld x14, 16(s11)
	TEST_EQ 66, x14, 0xffff000012345678
	/* negative offsets */
	addi x12, s11, 24
	sd x11, -8(x12)
	ld x14, 16(s11)
	TEST_EQ 67, x14, 0x12345678
	/* load into x0 is discarded */
	ld x0, 16(s11)
	TEST_EQ 68, x0, 0
	/* fence is a no-op for a single hart */
	fence
	fence.i
	TEST_EQ 69, x0, 0
TEST_END
