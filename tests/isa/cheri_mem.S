/* cheri_mem.S - capability memory (cheri-riscv.md §4.3, §4.4, §5.8, §5.11, §5.12):
 * LC/SC via DDC, the memory layout (address word + NULL-XORed high word), tag clearing by
 * data stores, CLoadTags, LoadCap stripping, explicit .ddc/.cap loads and stores (sign
 * extension, explicit SC result), LR.C/SC.C/AMOSWAP.C, and in capability mode: CLx/CSx,
 * CLC/CSC, CFLx/CFSx, AUIPCC, CJAL/CJALR sentries, JALR.PCC, the compressed capability forms.
 * Needs DDC = root. s11 = scratch (4 KiB, 64-byte aligned). */
#include "isa.h"
TEST_START
	MKCAP cs2, 0x401cf020, 0x1800, 0x7817d                      /* D5 */
	/* SC / LC in integer mode: EA = x[rs1] + imm, authority DDC */
	sc cs2, 0(s11)
	ld x14, 0(s11)
	TEST_EQ 1, x14, 0x401cf020                                  /* address word */
	ld x14, 8(s11)
	TEST_EQ 2, x14, 0xf17d00000209b024                          /* memory-form high */
	lc ca1, 0(s11)
	cseqx x14, ca1, cs2
	TEST_EQ 3, x14, 1
	addi x13, s11, 64
	sc cs2, -32(x13)                                            /* granule 2 of the line */
	lc ca1, -32(x13)
	CHK 4, cgettag, ca1, 1
	/* CLoadTags: one bit per 16-byte granule of the 64-byte line */
	MKCAPR cs3, s11, 256, 0x7817d
	cloadtags x14, (cs3)
	TEST_EQ 5, x14, 0x5
	/* NULL is all zeros in memory */
	sc cnull, 16(s11)
	ld x14, 16(s11)
	TEST_EQ 6, x14, 0
	ld x14, 24(s11)
	TEST_EQ 6, x14, 0
	/* a data store anywhere in a granule clears its tag, and only its tag */
	sb x0, 13(s11)
	lc ca1, 0(s11)
	CHK 7, cgettag, ca1, 0
	CHK 7, cgethigh, ca1, 0xf17d00000209b024
	cloadtags x14, (cs3)
	TEST_EQ 8, x14, 0x4
	sc cs2, 0(s11)
	fsd f0, 8(s11)                                              /* FP stores too */
	cloadtags x14, (cs3)
	TEST_EQ 9, x14, 0x4
	sc cs2, 0(s11)
	li x15, 1
	amoadd.w x0, x15, (s11)                                     /* and AMOs */
	cloadtags x14, (cs3)
	TEST_EQ 10, x14, 0x4
	/* an untagged capability store clears the tag, a tagged one sets it */
	sc cs2, 0(s11)
	ccleartag ca1, cs2
	sc ca1, 0(s11)
	cloadtags x14, (cs3)
	TEST_EQ 11, x14, 0x4
	/* loading through an authority without Permit_Load_Capability strips the tag */
	sc cs2, 0(s11)
	li t6, ~CHERI_PERM_LOAD_CAP
	candperm ca2, cs3, t6
	lc.cap ca1, (ca2)
	CHK 12, cgettag, ca1, 0
	CHK 12, cgethigh, ca1, 0xf17d00000209b024
	lc.cap ca1, (cs3)
	CHK 13, cgettag, ca1, 1
	/* storing an untagged cap needs no Permit_Store_Capability */
	li t6, ~CHERI_PERM_STORE_CAP
	candperm ca2, cs3, t6
	ccleartag ca1, cs2
	sc.cap ca1, (ca2)
	lc ca4, 0(s11)
	cseqx x14, ca4, ca1
	TEST_EQ 14, x14, 1
	/* lc.ddc / sc.ddc: integer address, DDC authority */
	sc.ddc cs2, (s11)
	lc.ddc ca1, (s11)
	cseqx x14, ca1, cs2
	TEST_EQ 15, x14, 1

	/* explicit integer loads and stores: .cap through cs3, .ddc through s11 */
	li x15, 0x8081828384858687
	sd.cap x15, (cs3)
	lb.cap x14, (cs3)
	TEST_EQ 16, x14, 0xffffffffffffff87
	lbu.cap x14, (cs3)
	TEST_EQ 17, x14, 0x87
	lh.cap x14, (cs3)
	TEST_EQ 18, x14, 0xffffffffffff8687
	lhu.cap x14, (cs3)
	TEST_EQ 19, x14, 0x8687
	lw.cap x14, (cs3)
	TEST_EQ 20, x14, 0xffffffff84858687
	lwu.cap x14, (cs3)
	TEST_EQ 21, x14, 0x84858687
	ld.cap x14, (cs3)
	TEST_EQ 22, x14, 0x8081828384858687
	lb.ddc x14, (s11)
	TEST_EQ 23, x14, 0xffffffffffffff87
	lhu.ddc x14, (s11)
	TEST_EQ 24, x14, 0x8687
	lw.ddc x14, (s11)
	TEST_EQ 25, x14, 0xffffffff84858687
	lwu.ddc x14, (s11)
	TEST_EQ 26, x14, 0x84858687
	ld.ddc x14, (s11)
	TEST_EQ 27, x14, 0x8081828384858687
	lh.ddc x14, (s11)
	TEST_EQ 28, x14, 0xffffffffffff8687
	lbu.ddc x14, (s11)
	TEST_EQ 29, x14, 0x87
	li x15, 0x11
	sb.cap x15, (cs3)
	li x15, 0x2222
	addi x13, s11, 2
	sh.ddc x15, (x13)
	li x15, 0x33333333
	li t6, 4
	cincoffset ca1, cs3, t6
	sw.cap x15, (ca1)
	ld x14, 0(s11)
	TEST_EQ 30, x14, 0x3333333322228611
	li x15, 0x0123456789abcdef
	sd.ddc x15, (s11)
	li x15, 0x44
	sb.ddc x15, (s11)
	ld x14, 0(s11)
	TEST_EQ 31, x14, 0x0123456789abcd44
	li x15, 0x5555
	sh.cap x15, (cs3)
	ld x14, 0(s11)
	TEST_EQ 32, x14, 0x0123456789ab5555
	li x15, 0x66666666
	sw.ddc x15, (s11)
	ld x14, 0(s11)
	TEST_EQ 33, x14, 0x0123456766666666

	/* LR.C / SC.C / AMOSWAP.C (integer mode: DDC, x[rs1]) */
	sc cs2, 0(s11)
	lr.c ca1, (s11)
	cseqx x14, ca1, cs2
	TEST_EQ 34, x14, 1
	MKCAP ca2, 0x1000, 0x20, 0x7817d
	sc.c x15, ca2, (s11)
	TEST_EQ 35, x15, 0
	lc ca1, 0(s11)
	cseqx x14, ca1, ca2
	TEST_EQ 36, x14, 1
	sc.c x15, cs2, (s11)                                        /* no reservation */
	TEST_EQ 37, x15, 1
	lc ca1, 0(s11)
	cseqx x14, ca1, ca2
	TEST_EQ 38, x14, 1
	amoswap.c ca3, cs2, (s11)
	cseqx x14, ca3, ca2
	TEST_EQ 39, x14, 1
	lc ca1, 0(s11)
	cseqx x14, ca1, cs2
	TEST_EQ 40, x14, 1
	/* explicit LR/SC: lr.d.cap, sc.d.cap writes 0/1 into the value register */
	li x15, 7
	sd x15, 32(s11)
	li t6, 32
	cincoffset ca6, cs3, t6
	lr.d.cap x14, (ca6)
	TEST_EQ 41, x14, 7
	li x15, 9
	sc.d.cap x15, (ca6)
	TEST_EQ 42, x15, 0
	ld x14, 32(s11)
	TEST_EQ 43, x14, 9
	li x15, 10
	sc.d.cap x15, (ca6)
	TEST_EQ 44, x15, 1
	addi x13, s11, 32
	lr.w.ddc x14, (x13)
	li x15, 0x80000000
	sc.w.ddc x15, (x13)
	TEST_EQ 45, x15, 0
	lr.w.ddc x14, (x13)
	TEST_EQ 46, x14, 0xffffffff80000000
	sc cs2, 0(s11)
	lr.c.cap ca1, (cs3)
	sc.c.cap ca2, (cs3)
	TEST_EQ 47, x12, 0                                          /* ca2 = c12 got the result */
	lc ca1, 0(s11)
	CHK 48, cgetbase, ca1, 0x1000
	/* sub-word LR/SC (CHERI adds lr.b/lr.h/sc.b/sc.h) */
	li x15, 0x80
	sb x15, 48(s11)
	addi x13, s11, 48
	lr.b x14, (x13)
	TEST_EQ 49, x14, 0xffffffffffffff80
	li x15, 0x7f
	sc.b x16, x15, (x13)
	TEST_EQ 50, x16, 0
	lbu x14, 48(s11)
	TEST_EQ 51, x14, 0x7f

	/* ---------------- capability mode ---------------- */
	mv s10, sp
	MKCAPR cs3, s11, 4096, 0x7817d
	ENTER_CAPMODE
	cspecialr ca0, pcc
	CHK 60, cgetflags, ca0, 1
1:	auipcc ca0, 0
	CHK 61, cgettag, ca0, 1
	CHK 61, cgetflags, ca0, 1
	cgetaddr x14, ca0
	la x15, 1b
	TEST_EQR 62, x14, x15
	/* loads/stores take capability bases */
	li x15, 0xfedcba9876543210
	csd x15, 64(cs3)
	cld x14, 64(cs3)
	TEST_EQ 63, x14, 0xfedcba9876543210
	clw x14, 68(cs3)
	TEST_EQ 64, x14, 0xfffffffffedcba98
	clwu x14, 68(cs3)
	TEST_EQ 65, x14, 0xfedcba98
	clh x14, 70(cs3)
	TEST_EQ 66, x14, 0xfffffffffffffedc
	clhu x14, 70(cs3)
	TEST_EQ 67, x14, 0xfedc
	clb x14, 71(cs3)
	TEST_EQ 68, x14, 0xfffffffffffffffe
	clbu x14, 71(cs3)
	TEST_EQ 69, x14, 0xfe
	li x15, 0x12
	csb x15, 64(cs3)
	li x15, 0x3456
	csh x15, 66(cs3)
	li x15, 0x789abcde
	csw x15, 68(cs3)
	cld x14, 64(cs3)
	TEST_EQ 70, x14, 0x789abcde34563212
	cfld fa0, 64(cs3)
	cfsd fa0, 72(cs3)
	cld x14, 72(cs3)
	TEST_EQ 71, x14, 0x789abcde34563212
	cflw fa1, 64(cs3)
	cfsw fa1, 80(cs3)
	clwu x14, 80(cs3)
	TEST_EQ 72, x14, 0x34563212
	/* standard mnemonics assemble to the same bits: lw with a capability base */
	lw x14, 68(x19)                                             /* = clw x14, 68(cs3) */
	TEST_EQ 73, x14, 0x789abcde
	/* CLC / CSC */
	csc cs2, 96(cs3)
	clc ca1, 96(cs3)
	cseqx x14, ca1, cs2
	TEST_EQ 74, x14, 1
	/* compressed capability forms: C.CSC/C.CLC (c8..c15), C.CSCCSP/C.CLCCSP, C.CIncOffset* */
	cmove ca5, cs3
	c.csc cs0, 128(ca5)                                         /* cs0 = c8 (integer, untagged) */
	cmove cs0, cs2
	c.csc cs0, 144(ca5)
	c.clc ca4, 144(ca5)
	cseqx x14, ca4, cs2
	TEST_EQ 75, x14, 1
	li t6, 2048
	cincoffset csp, cs3, t6
	c.cincoffset16csp csp, -32
	cgetaddr x14, csp
	addi x15, s11, 2016
	TEST_EQR 76, x14, x15
	CHK 76, cgettag, csp, 1
	c.csccsp cs2, 16(csp)
	c.clccsp ca3, 16(csp)
	cseqx x14, ca3, cs2
	TEST_EQ 77, x14, 1
	c.cincoffset4cspn ca1, csp, 16
	CHK 78, cgettag, ca1, 1
	cgetaddr x14, ca1
	addi x15, s11, 2032
	TEST_EQR 78, x14, x15
	c.clc ca2, 0(ca1)                                           /* ca1 = csp + 16 */
	cseqx x14, ca2, cs2
	TEST_EQ 79, x14, 1
	li x15, 0x1111222233334444
	cmove ca0, ca1                                              /* C.SD/C.LD, base ca0 (c10) */
	.option push
	.option rvc
	c.sd x15, 0(x10)
	c.ld x14, 0(x10)
	.option pop
	TEST_EQ 80, x14, 0x1111222233334444
	/* capability atomics in capability mode */
	li t6, 160
	cincoffset ca6, cs3, t6
	csc cs2, 0(ca6)
	clr.c ca1, (ca6)
	cseqx x14, ca1, cs2
	TEST_EQ 81, x14, 1
	MKCAP ca2, 0x2000, 0x40, 0x7817d
	csc.c x15, ca2, (ca6)
	TEST_EQ 82, x15, 0
	camoswap.c ca3, cs2, (ca6)
	cseqx x14, ca3, ca2
	TEST_EQ 83, x14, 1
	/* CJAL: link is a sentry of PCC with address = next pc */
	cjal cra, 2f
3:	j fail
2:	CHK 84, cgettype, cra, -2
	CHK 84, cgettag, cra, 1
	cgetaddr x14, cra
	la x15, 3b
	TEST_EQR 85, x14, x15
	/* CJALR through a sentry (imm 0) */
	cspecialr ca0, pcc
	la x15, 4f
	csetaddr ca0, ca0, x15
	csealentry ca0, ca0
	cjalr cra, ca0
	j fail
4:	cspecialr ca1, pcc
	CHK 86, cgettype, ca1, -1                                   /* PCC is unsealed */
	CHK 86, cgetflags, ca1, 1
	/* C.CJALR / C.CJR */
	cspecialr ca0, pcc
	la x15, 5f
	csetaddr ca0, ca0, x15
	c.cjalr ca0
6:	j fail
5:	cgetaddr x14, cra
	la x15, 6b
	TEST_EQR 87, x14, x15
	CHK 87, cgettype, cra, -2
	la x15, 7f
	csetaddr ca0, ca0, x15
	c.cjr ca0
	j fail
7:	/* JALR.PCC: an integer jump, stays in capability mode, integer link */
	la x15, 8f
	jalr.pcc x13, x15
9:	j fail
8:	la x15, 9b
	TEST_EQR 88, x13, x15
	CHK 88, cgettag, ca3, 0
	cspecialr ca1, pcc
	CHK 89, cgetflags, ca1, 1
	LEAVE_CAPMODE
	mv sp, s10
	cspecialr ca1, pcc
	CHK 90, cgetflags, ca1, 0                                   /* back in integer mode */
	/* JALR.CAP in integer mode to a capability with flag 0 stays in integer mode */
	cspecialr ca0, pcc
	la x15, 10f
	csetaddr ca0, ca0, x15
	jalr.cap cra, ca0
11:	j fail
10:	CHK 91, cgettype, cra, -2
	cgetaddr x14, cra
	la x15, 11b
	TEST_EQR 91, x14, x15
	cspecialr ca1, pcc
	CHK 92, cgetflags, ca1, 0
TEST_END
