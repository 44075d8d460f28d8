/* cheri_vectors.S - the test vectors of cheri-riscv.md §8 run through the instructions:
 * §8.2 decode (CSetHigh + CGetBase/Top/Len/Perm/Type/Flags/High/Addr/Tag), §8.3 CSetBounds /
 * CSetBoundsExact on the root capability (DDC), §8.4 CRRL/CRAM. Rows generated from the spec
 * tables (check numbers 10.., 40.., 60..). DDC must be tagged with all permissions; a
 * CSetBounds result is expected tagged only if the request also lies inside DDC (rvrun's DDC
 * is [0, 2^40), the vectors were computed on the root). */
#include "isa.h"

/* c10 (ca0) = untagged cap with memory-form high `pesbt` and address `cursor`;
 * top and len are the CGetTop/CGetLen (saturated) values */
.macro DECODE n, pesbt, cursor, base, top, len, perms, type, flag
	li x13, \cursor
	li x15, \pesbt
	csethigh ca0, ca3, x15
	cgettag x14, ca0
	TEST_EQ \n, x14, 0
	cgethigh x14, ca0
	TEST_EQ \n, x14, \pesbt
	cgetaddr x14, ca0
	TEST_EQ \n, x14, \cursor
	cgetbase x14, ca0
	TEST_EQ \n, x14, \base
	cgettop x14, ca0
	TEST_EQ \n, x14, \top
	cgetlen x14, ca0
	TEST_EQ \n, x14, \len
	cgetperm x14, ca0
	TEST_EQ \n, x14, \perms
	cgettype x14, ca0
	TEST_EQ \n, x14, \type
	cgetflags x14, ca0
	TEST_EQ \n, x14, \flag
	cgetsealed x14, ca0
	li t2, \type
	addi t2, t2, 1
	snez t2, t2                                                 /* sealed iff type != -1 */
	bne x14, t2, fail
.endm

/* CSetBounds / CSetBoundsExact with address `base`, length `len` on DDC; tag/etag are the
 * spec's values on the root, and-ed here with "request inside DDC" (x19) */
.macro SETBOUNDS n, base, len, nbase, nlen, tag, etag, pesbt
	cspecialr ca1, ddc
	li x13, \base
	li x15, \len
	cgetbase x16, ca1
	cgettop x17, ca1
	add x18, x13, x15
	sltu x19, x13, x16                                          /* base < ddc base */
	sltu x20, x17, x18                                          /* top > ddc top */
	or x19, x19, x20
	xori x19, x19, 1                                            /* x19 = inside DDC */
	csetaddr ca1, ca1, x13
	csetbounds ca0, ca1, x15
	cgetbase x14, ca0
	TEST_EQ \n, x14, \nbase
	cgetlen x14, ca0
	TEST_EQ \n, x14, \nlen
	cgetaddr x14, ca0
	TEST_EQ \n, x14, \base
	cgethigh x14, ca0
	TEST_EQ \n, x14, \pesbt
	cgettag x14, ca0
	li t2, \tag
	and t2, t2, x19
	li gp, \n
	bne x14, t2, fail
	csetboundsexact ca2, ca1, x15
	cgettag x14, ca2
	li t2, \etag
	and t2, t2, x19
	bne x14, t2, fail
	cgethigh x14, ca2
	TEST_EQ \n, x14, \pesbt
.endm

.macro TEST_CRRL n, len, rrl, ram
	li x13, \len
	crrl x14, x13
	TEST_EQ \n, x14, \rrl
	cram x14, x13
	TEST_EQ \n, x14, \ram
.endm

TEST_START
	/* DDC: tagged, unsealed, all permissions (the root's, §1.3) */
	cspecialr ca0, ddc
	cgettag x14, ca0
	TEST_EQ 1, x14, 1
	cgetperm x14, ca0
	TEST_EQ 2, x14, 0x78fff
	cgettype x14, ca0
	TEST_EQ 3, x14, -1
	cgethigh x14, ca0
	srli x14, x14, 48
	TEST_EQ 4, x14, 0xffff                                      /* perms in the high word */
	/* §8.2 decode vectors: csethigh (untagged) then every getter */
	DECODE 10, 0x0000000000000000, 0x0, 0x0, 0xffffffffffffffff, 0xffffffffffffffff, 0x00000, 0xffffffffffffffff, 0 /* D1 */
	DECODE 11, 0x0000000000000000, 0x1234, 0x0, 0xffffffffffffffff, 0xffffffffffffffff, 0x00000, 0xffffffffffffffff, 0 /* D2 */
	DECODE 12, 0xffff000000000000, 0x0, 0x0, 0xffffffffffffffff, 0xffffffffffffffff, 0x78fff, 0xffffffffffffffff, 0 /* D3 */
	DECODE 13, 0xffff200000000000, 0x10000, 0x0, 0xffffffffffffffff, 0xffffffffffffffff, 0x78fff, 0xffffffffffffffff, 1 /* D4 */
	DECODE 14, 0xf17d00000209b024, 0x401cf020, 0x401cf020, 0x401d0820, 0x1800, 0x7817d, 0xffffffffffffffff, 0 /* D5 */
	DECODE 15, 0xf17d00000209b024, 0x401d0820, 0x401cf020, 0x401d0820, 0x1800, 0x7817d, 0xffffffffffffffff, 0 /* D6 */
	DECODE 16, 0xf17d00000401bffc, 0x401ffff8, 0x401ffff8, 0x40200000, 0x8, 0x7817d, 0xffffffffffffffff, 0 /* D7 */
	DECODE 17, 0xd117200008018001, 0x101234, 0x100000, 0x120000, 0x20000, 0x68117, 0xfffffffffffffffe, 1 /* D8 */
	DECODE 18, 0x117d1fffd4e1a344, 0x12340, 0x12340, 0x12380, 0x40, 0x0817d, 0x5, 0 /* D9 */
	DECODE 19, 0xf17d000000018805, 0x2000, 0x1000, 0x4000, 0x3000, 0x7817d, 0xffffffffffffffff, 0 /* D10 */
	DECODE 20, 0xfff700000001f000, 0x7ffffff00000, 0x7fffff000000, 0x800000000000, 0x1000000, 0x78ff7, 0xffffffffffffffff, 0 /* D11 */
	DECODE 21, 0xf17d000000018000, 0x3fffe000, 0x40000000, 0x40010000, 0x10000, 0x7817d, 0xffffffffffffffff, 0 /* D12 */
	DECODE 22, 0xf17d000000018000, 0x50000000, 0x50000000, 0x50010000, 0x10000, 0x7817d, 0xffffffffffffffff, 0 /* D13 */
	DECODE 23, 0xf17d00000001f000, 0xffffffffff000000, 0xffffffffff000000, 0xffffffffffffffff, 0x1000000, 0x7817d, 0xffffffffffffffff, 0 /* D14 */
	DECODE 24, 0xffff000003ffffff, 0x0, 0xffffffffffffc000, 0xffffffffffffffff, 0x800000, 0x78fff, 0xffffffffffffffff, 0 /* D15 */
	DECODE 25, 0xffff000003ffffff, 0xffff002d02013ff6, 0xffff002d01ffc000, 0xffff002d027fc000, 0x800000, 0x78fff, 0xffffffffffffffff, 0 /* D16 */
	DECODE 26, 0xf000000000000000, 0x40, 0x0, 0xffffffffffffffff, 0xffffffffffffffff, 0x78000, 0xffffffffffffffff, 0 /* D17 */
	DECODE 27, 0x305bc180a00a091d, 0x47b6516348f5ccd3, 0x1230000000000000, 0x4050000000000000, 0x2e20000000000000, 0x1805b, 0x3cfeb, 0 /* D18 */
	DECODE 28, 0x6d7847abd8bf64c8, 0x968a907b906dbbf5, 0x968a8e4c80000000, 0x968a902f80000000, 0x1e300000000, 0x30d78, 0x30a84, 0 /* D19 */
	DECODE 29, 0x19248375a06752a7, 0x849b1cd05bdcaed9, 0x849b1c9500000000, 0x849b1d8cc0000000, 0xf7c0000000, 0x08924, 0x3914b, 0 /* D20 */
	DECODE 30, 0x06ea55bcd4251c87, 0xa973c5c6c0665616, 0xa973c5c6c0665c83, 0xa973c5c6c0666092, 0x40f, 0x006ea, 0x14865, 0 /* D21 */
	DECODE 31, 0xc113402b3a9cde9c, 0x49ca0fab724bc004, 0x499e980000000000, 0x49ba700000000000, 0x1bd80000000000, 0x60113, 0x3fa98, 0 /* D22 */
	DECODE 32, 0x4c16e5ae7a4ae67a, 0x498999c69940ca1d, 0x499e000000000000, 0x4e4a000000000000, 0x4ac000000000000, 0x20c16, 0x34a30, 1 /* D23 */
	DECODE 33, 0x1029c4f93c313f0f, 0xf188aefd99bcd0aa, 0xf188aefd99bcbf0b, 0xf188aefd99bcc0c2, 0x1b7, 0x08029, 0x360d8, 0 /* D24 */
	DECODE 34, 0x2257e551c975707f, 0x8afaf58ba2480810, 0x8afaf583c0000000, 0x8afaf62e80000000, 0xaac0000000, 0x10257, 0x355c6, 1 /* D25 */
	/* §8.3 CSetBounds on the root capability (DDC): base, len -> new base, length, tag, exact tag, high */
	SETBOUNDS 40, 0x1000, 0x20, 0x1000, 0x20, 1, 1, 0xffff000004099004 /* S1 */
	SETBOUNDS 41, 0x1001, 0xfff, 0x1001, 0xfff, 1, 1, 0xffff000004019005 /* S2 */
	SETBOUNDS 42, 0x1000, 0x1000, 0x1000, 0x1000, 1, 1, 0xffff000000019004 /* S3 */
	SETBOUNDS 43, 0x1004, 0x1000, 0x1000, 0x1008, 1, 0, 0xffff000000039004 /* S4 */
	SETBOUNDS 44, 0x1000, 0x3001, 0x1000, 0x3010, 1, 0, 0xffff000000038805 /* S5 */
	SETBOUNDS 45, 0x12345, 0x10000, 0x12300, 0x10080, 1, 0, 0xffff0000008f9230 /* S6 */
	SETBOUNDS 46, 0x160600000, 0x300000, 0x160600000, 0x300000, 1, 1, 0xffff00000201f005 /* S7 */
	SETBOUNDS 47, 0x7, 0x10000000, 0x0, 0x10080000, 1, 0, 0xffff000000030004 /* S8 */
	SETBOUNDS 48, 0xffffffffff000000, 0xffffff, 0xffffffffff000000, 0x1000000, 1, 0, 0xffff00000001f000 /* S9 */
	SETBOUNDS 49, 0xfffffffffffff934, 0xcb1, 0xfffffffffffff934, 0xcb1, 0, 0, 0xffff00000578f930 /* S10 */
	SETBOUNDS 50, 0x4b, 0x7cf18f50, 0x0, 0x7d000000, 1, 0, 0xffff000003d10006 /* S11 */
	SETBOUNDS 51, 0x6d6a8, 0x7ffff8, 0x6c000, 0x804000, 1, 0, 0xffff00000039c0df /* S12 */
	SETBOUNDS 52, 0xea, 0x5432, 0xe0, 0x5440, 1, 0, 0xffff00000153803e /* S13 */
	SETBOUNDS 53, 0x412, 0x1969, 0x410, 0x1970, 1, 0, 0xffff000003618414 /* S14 */
	SETBOUNDS 54, 0x2590c, 0x750b18fb7688, 0x0, 0x752000000000, 1, 0, 0xffff000003528006 /* S15 */
	SETBOUNDS 55, 0x0, 0xffffffffffffffff, 0x0, 0xffffffffffffffff, 1, 0, 0xffff000000000000 /* S16 */
	SETBOUNDS 56, 0x7fffffffe000, 0x2000, 0x7fffffffe000, 0x2000, 1, 1, 0xffff00000001b005 /* S17 */
	SETBOUNDS 57, 0x3ff8, 0x3ff8, 0x3fe0, 0x4020, 1, 0, 0xffff000000018ffe /* S18 */
	/* §8.4 CRRL / CRAM */
	TEST_CRRL 60, 0x0, 0x0, 0xffffffffffffffff
	TEST_CRRL 61, 0x1, 0x1, 0xffffffffffffffff
	TEST_CRRL 62, 0xfff, 0xfff, 0xffffffffffffffff
	TEST_CRRL 63, 0x1000, 0x1000, 0xfffffffffffffff8
	TEST_CRRL 64, 0x1001, 0x1008, 0xfffffffffffffff8
	TEST_CRRL 65, 0x3001, 0x3010, 0xfffffffffffffff0
	TEST_CRRL 66, 0x4000, 0x4000, 0xffffffffffffffe0
	TEST_CRRL 67, 0x4001, 0x4020, 0xffffffffffffffe0
	TEST_CRRL 68, 0x12345, 0x12380, 0xffffffffffffff80
	TEST_CRRL 69, 0x10000001, 0x10080000, 0xfffffffffff80000
	TEST_CRRL 70, 0xffffff, 0x1000000, 0xffffffffffff8000
	TEST_CRRL 71, 0x7fffffffffff, 0x800000000000, 0xffffffc000000000
	TEST_CRRL 72, 0xfffffffffffff000, 0x0, 0xff80000000000000
	TEST_CRRL 73, 0xffffffffffffffff, 0x0, 0xff80000000000000
	/* CSetBoundsImm = CSetBounds with a zero-extended 12-bit length */
	cspecialr ca1, ddc
	li x13, 0x1000
	csetaddr ca1, ca1, x13
	csetbounds ca0, ca1, 0xfff
	cgetlen x14, ca0
	TEST_EQ 80, x14, 0xfff
	cgettag x14, ca0
	TEST_EQ 81, x14, 1
	csetbounds ca0, ca1, 0x20
	cgethigh x14, ca0
	TEST_EQ 82, x14, 0xffff000004099004                         /* = S1 */
	/* a sealed source clears the tag; an untagged source stays untagged */
	li x13, 5
	cspecialr ca2, ddc
	csetaddr ca2, ca2, x13
	cseal ca3, ca1, ca2
	cgettag x14, ca3
	TEST_EQ 83, x14, 1
	csetbounds ca0, ca3, 0x20
	cgettag x14, ca0
	TEST_EQ 84, x14, 0
	ccleartag ca3, ca1
	csetbounds ca0, ca3, 0x20
	cgettag x14, ca0
	TEST_EQ 85, x14, 0
	/* bounds that only partly overlap the source clear the tag */
	csetbounds ca0, ca1, 0x20
	li x13, 0x1010
	csetaddr ca0, ca0, x13
	csetbounds ca2, ca0, 0x10
	cgettag x14, ca2
	TEST_EQ 86, x14, 1
	csetbounds ca2, ca0, 0x11
	cgettag x14, ca2
	TEST_EQ 87, x14, 0
	li x13, 0x0fff
	csetaddr ca0, ca0, x13
	csetbounds ca2, ca0, 1                                      /* below the base */
	cgettag x14, ca2
	TEST_EQ 88, x14, 0
TEST_END
