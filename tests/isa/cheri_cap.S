/* cheri_cap.S - results of the Xcheri register instructions (cheri-riscv.md §5.3-§5.7):
 * NULL and integer-derived values, representability (§8.5 R1-R14, fast vs precise), offsets,
 * sealing and unsealing (success and every failure clearing the tag), CAndPerm, CSetFlags,
 * CBuildCap, CCopyType, CTestSubset, CSetEqualExact, CToPtr/CFromPtr, CSub, CMove, CClearTag,
 * CSpecialRW (PCC, DDC), CClear, FPClear. DDC must cover [0, 2^31) with all permissions;
 * the checks on D11 (around 2^47) and on the root (R13) run only when DDC is the root.
 * Register use: ca0..ca7 / cs2..cs10 capabilities, x14 results, t6 (x31) scratch. */
#include "isa.h"

/* representability: c = src with address changed by op; check the tag (and that the
 * memory form and the new address are kept even when the tag is cleared) */
.macro REP n, op, src, arg, tag
	li t6, \arg
	\op ca7, \src, t6
	CHK \n, cgettag, ca7, \tag
	cgethigh x14, \src
	cgethigh t6, ca7
	TEST_EQR \n, x14, t6
.endm

TEST_START
	/* NULL (c0) */
	CHK 1, cgettag, cnull, 0
	CHK 1, cgetperm, cnull, 0
	CHK 1, cgettype, cnull, -1
	CHK 1, cgetbase, cnull, 0
	CHK 1, cgetlen, cnull, -1
	CHK 1, cgettop, cnull, -1
	CHK 1, cgethigh, cnull, 0
	CHK 1, cgetoffset, cnull, 0
	CHK 1, cgetflags, cnull, 0
	CHK 1, cgetsealed, cnull, 0
	CHK 1, cgetaddr, cnull, 0
	/* an integer write makes a NULL-derived capability */
	li a0, 0x1234
	CHK 2, cgettag, ca0, 0
	CHK 2, cgethigh, ca0, 0
	CHK 2, cgetaddr, ca0, 0x1234
	CHK 2, cgetoffset, ca0, 0x1234
	CHK 2, cgetbase, ca0, 0
	/* writes to c0 are discarded */
	cspecialr ca0, ddc
	cmove cnull, ca0
	CHK 3, cgettag, cnull, 0

	/* D5: data 0x7817d [0x401cf020, +0x1800) */
	MKCAP cs2, 0x401cf020, 0x1800, 0x7817d
	CHK 4, cgethigh, cs2, 0xf17d00000209b024
	CHK 4, cgettag, cs2, 1
	CHK 4, cgetperm, cs2, 0x7817d
	CHK 4, cgettop, cs2, 0x401d0820
	/* D12: [0x40000000, +0x10000) */
	MKCAP cs3, 0x40000000, 0x10000, 0x7817d
	CHK 5, cgethigh, cs3, 0xf17d000000018000
	/* D8: code sentry, capmode, [0x100000, +0x20000), cursor 0x101234 */
	MKCAP cs5, 0x100000, 0x20000, 0x68117
	li t6, 1
	csetflags cs5, cs5, t6
	li t6, 0x101234
	csetaddr cs5, cs5, t6
	csealentry cs5, cs5
	CHK 7, cgethigh, cs5, 0xd117200008018001
	CHK 7, cgettag, cs5, 1
	CHK 7, cgettype, cs5, -2
	CHK 7, cgetsealed, cs5, 1
	CHK 7, cgetflags, cs5, 1
	CHK 7, cgetoffset, cs5, 0x1234

	/* §8.5: CIncOffset (fast check) and CSetAddr (precise check) */
	REP 10, cincoffset, cs2, 0x1800, 1                          /* R1 to top */
	REP 11, csetaddr, cs2, 0x401d0820, 1
	REP 12, cincoffset, cs2, -0x800, 1                          /* R2 */
	REP 13, csetaddr, cs2, 0x401ce820, 1
	REP 14, cincoffset, cs2, 0x3000, 1                          /* R3 */
	REP 15, csetaddr, cs2, 0x401d2020, 1
	REP 16, cincoffset, cs2, 0x4000, 0                          /* R4 */
	REP 17, csetaddr, cs2, 0x401d3020, 0
	REP 18, cincoffset, cs2, -0x1020, 0                         /* R5 */
	REP 19, csetaddr, cs2, 0x401ce000, 0
	REP 20, cincoffset, cs2, -0x2000, 0                         /* R6 */
	REP 21, csetaddr, cs2, 0x401cd020, 0
	REP 22, cincoffset, cs3, -0x8000, 1                         /* R7 */
	REP 23, csetaddr, cs3, 0x3fff8000, 1
	REP 24, cincoffset, cs3, 0x30000, 1                         /* R8 */
	REP 25, csetaddr, cs3, 0x40030000, 1
	REP 26, cincoffset, cs3, 0x38000, 0                         /* R9 */
	REP 27, csetaddr, cs3, 0x40038000, 0
	REP 28, cincoffset, cs3, -0x10000, 0                        /* R10 */
	REP 29, csetaddr, cs3, 0x3fff0000, 0
	IF_DDC_ROOT 5f
	/* D11: perms 0x78ff7, [0x7fffff000000, 2^47) */
	MKCAP cs4, 0x7fffff000000, 0x1000000, 0x78ff7
	CHK 6, cgethigh, cs4, 0xfff700000001f000
	REP 30, cincoffset, cs4, -0x2000000, 0                      /* R11 */
	REP 31, csetaddr, cs4, 0x7ffffd000000, 0
	REP 32, cincoffset, cs4, 0x3000000, 1                       /* R12 */
	REP 33, csetaddr, cs4, 0x800002000000, 1
	cspecialr cs6, ddc
	REP 34, cincoffset, cs6, 0xdeadbeefcafef00d, 1              /* R13 (root) */
	REP 35, csetaddr, cs6, 0xdeadbeefcafef00d, 1
	j 6f
5:	NOTE "cheri_cap: DDC is not the root: skipped checks 6 and 30-35 (R11-R13)"
6:
	REP 36, csetaddr, cs5, 0, 0                                 /* R14 (sentry) */
	REP 37, cincoffset, cs5, 0, 0                               /* sealed: even +0 clears */
	li t6, 0x1800
	cincoffset ca7, cs2, t6
	CHK 38, cgetaddr, ca7, 0x401d0820
	li t6, 0x4000
	cincoffset ca7, cs2, t6                                     /* unrepresentable */
	CHK 39, cgetaddr, ca7, 0x401d3020
	/* immediate form */
	cincoffset ca7, cs2, -1
	CHK 40, cgetaddr, ca7, 0x401cf01f
	CHK 40, cgettag, ca7, 1
	cincoffset ca7, cs2, 2047
	CHK 41, cgetoffset, ca7, 2047
	/* CSetOffset: address = base + offset, fast check */
	li t6, 0x10
	csetoffset ca7, cs2, t6
	CHK 42, cgetaddr, ca7, 0x401cf030
	CHK 42, cgetoffset, ca7, 0x10
	CHK 42, cgettag, ca7, 1
	li t6, 0x4000
	csetoffset ca7, cs2, t6
	CHK 43, cgettag, ca7, 0
	csetoffset ca7, cs5, x0
	CHK 44, cgettag, ca7, 0                                     /* sealed */

	/* CAndPerm: hw bits 0..11 and user bits 15..18; bits 12..14 ignored */
	li t6, 0x7ffff
	candperm ca7, cs2, t6
	CHK 45, cgetperm, ca7, 0x7817d
	li t6, 0x40005
	candperm ca7, cs2, t6
	CHK 46, cgetperm, ca7, 0x40005
	CHK 46, cgettag, ca7, 1
	candperm ca7, cs5, t6
	CHK 47, cgettag, ca7, 0                                     /* sealed */
	/* CSetFlags */
	li t6, 1
	csetflags ca7, cs2, t6
	CHK 48, cgetflags, ca7, 1
	CHK 48, cgettag, ca7, 1
	li t6, 2                                                    /* only bit 0 counts */
	csetflags ca7, cs2, t6
	CHK 49, cgetflags, ca7, 0
	li t6, 0
	csetflags ca7, cs5, t6
	CHK 50, cgettag, ca7, 0                                     /* sealed */

	/* sealing: authority = DDC with address = otype */
	cspecialr cs7, ddc
	li t6, 5
	csetaddr cs7, cs7, t6                                       /* sealing authority, otype 5 */
	MKCAP cs8, 0x12340, 0x40, 0x817d
	cseal ca0, cs8, cs7
	CHK 51, cgethigh, ca0, 0x117d1fffd4e1a344                   /* D9 */
	CHK 51, cgettag, ca0, 1
	CHK 51, cgettype, ca0, 5
	CHK 51, cgetsealed, ca0, 1
	cmove ca1, ca0
	CHK 52, cgettag, ca1, 1                                     /* CMove copies sealed caps */
	cunseal ca1, ca0, cs7
	CHK 53, cgettag, ca1, 1
	CHK 53, cgettype, ca1, -1
	CHK 53, cgetperm, ca1, 0x817d
	li t6, ~1
	candperm ca2, cs7, t6                                       /* authority without Global */
	cunseal ca1, ca0, ca2
	CHK 54, cgettag, ca1, 1
	CHK 54, cgetperm, ca1, 0x817c                               /* Global = both Globals */
	li t6, 6
	csetaddr ca2, cs7, t6
	cunseal ca1, ca0, ca2
	CHK 55, cgettag, ca1, 0                                     /* wrong otype */
	li t6, ~CHERI_PERM_UNSEAL
	candperm ca2, cs7, t6
	cunseal ca1, ca0, ca2
	CHK 56, cgettag, ca1, 0                                     /* no Permit_Unseal */
	cunseal ca1, cs8, cs7
	CHK 57, cgettag, ca1, 0                                     /* not sealed */
	cunseal ca1, cs5, cs7
	CHK 58, cgettag, ca1, 0                                     /* sentry: reserved otype */
	li t6, ~CHERI_PERM_SEAL
	candperm ca2, cs7, t6
	cseal ca1, cs8, ca2
	CHK 59, cgettag, ca1, 0                                     /* no Permit_Seal */
	li t6, 0x3fffc
	csetaddr ca2, cs7, t6
	cseal ca1, cs8, ca2
	CHK 60, cgettag, ca1, 0                                     /* otype above 0x3fffb */
	li t6, 0x3fffb
	csetaddr ca2, cs7, t6
	cseal ca1, cs8, ca2
	CHK 61, cgettag, ca1, 1
	CHK 61, cgettype, ca1, 0x3fffb
	cseal ca1, ca0, cs7
	CHK 62, cgettag, ca1, 0                                     /* already sealed */
	cseal ca1, cs8, ca0
	CHK 63, cgettag, ca1, 0                                     /* sealed authority */
	MKCAP ca2, 0x0, 0x100, 0x78fff
	li t6, 0x100
	csetaddr ca2, ca2, t6
	cseal ca1, cs8, ca2
	CHK 64, cgettag, ca1, 0                                     /* authority address = top */
	ccleartag ca2, cs7
	cseal ca1, cs8, ca2
	CHK 65, cgettag, ca1, 0                                     /* untagged authority */
	/* CCSeal: pass-through cases, then a real seal */
	ccseal ca1, cs8, ca2                                        /* untagged authority */
	cseqx x14, ca1, cs8
	TEST_EQ 66, x14, 1
	li t6, -1
	csetaddr ca2, cs7, t6
	ccseal ca1, cs8, ca2                                        /* address -1 */
	cseqx x14, ca1, cs8
	TEST_EQ 67, x14, 1
	ccseal ca1, ca0, cs7                                        /* already sealed */
	cseqx x14, ca1, ca0
	TEST_EQ 68, x14, 1
	ccseal ca1, cs8, cs7
	CHK 69, cgettype, ca1, 5
	CHK 69, cgettag, ca1, 1
	li t6, ~CHERI_PERM_SEAL
	candperm ca2, cs7, t6
	ccseal ca1, cs8, ca2
	CHK 70, cgettype, ca1, 5                                    /* sealed but untagged */
	CHK 70, cgettag, ca1, 0
	/* CSealEntry */
	csealentry ca1, cs8
	CHK 71, cgettype, ca1, -2
	CHK 71, cgettag, ca1, 1
	csealentry ca1, ca0
	CHK 72, cgettag, ca1, 0                                     /* already sealed */
	/* CCopyType */
	cspecialr ca2, ddc
	ccopytype ca1, ca2, ca0
	CHK 73, cgetaddr, ca1, 5
	CHK 73, cgettag, ca1, 1
	ccopytype ca1, ca2, cs8                                     /* unsealed: reserved otype */
	CHK 74, cgetaddr, ca1, -1
	CHK 74, cgettag, ca1, 0
	ccopytype ca1, ca0, ca0                                     /* sealed cs1 */
	CHK 75, cgettag, ca1, 0

	/* CBuildCap: re-derive an untagged copy from DDC (cs1 = 0) */
	ccleartag ca1, cs2
	cbuildcap ca3, cnull, ca1
	cseqx x14, ca3, cs2
	TEST_EQ 76, x14, 1
	ccleartag ca1, cs5                                          /* a sentry stays a sentry */
	cbuildcap ca3, cnull, ca1
	cseqx x14, ca3, cs5
	TEST_EQ 77, x14, 1
	cbuildcap ca3, cs3, ca1                                     /* not a subset of cs3 */
	CHK 78, cgettag, ca3, 0
	li t6, 0x5
	candperm ca4, cs2, t6
	ccleartag ca1, cs2
	cbuildcap ca3, ca4, ca1                                     /* perms not a subset */
	CHK 79, cgettag, ca3, 0
	ccleartag ca4, ca4
	cbuildcap ca3, ca4, ca4                                     /* untagged authority */
	CHK 80, cgettag, ca3, 0
	li x15, 0xf17d40000209b024                                  /* reserved bit 46 set */
	li t6, 0x401cf020
	csethigh ca1, ct6, x15
	cbuildcap ca3, cnull, ca1
	CHK 81, cgettag, ca3, 0

	/* CTestSubset (cs1 = 0 means DDC), CSetEqualExact */
	ctestsubset x14, cnull, cs2
	TEST_EQ 82, x14, 1
	ctestsubset x14, cs2, cs3
	TEST_EQ 83, x14, 0
	li t6, 0x100
	csetbounds ca1, cs2, t6
	ctestsubset x14, cs2, ca1
	TEST_EQ 84, x14, 1
	ctestsubset x14, ca1, cs2
	TEST_EQ 85, x14, 0
	li t6, 0x4
	candperm ca2, ca1, t6
	ctestsubset x14, ca1, ca2
	TEST_EQ 86, x14, 1
	ctestsubset x14, ca2, ca1                                   /* more perms */
	TEST_EQ 87, x14, 0
	ccleartag ca2, ca1
	ctestsubset x14, cs2, ca2                                   /* tags differ */
	TEST_EQ 88, x14, 0
	ctestsubset x14, cs8, ca0                                   /* otype ignored */
	TEST_EQ 89, x14, 1
	cmove ca1, cs2
	cseqx x14, ca1, cs2
	TEST_EQ 90, x14, 1
	ccleartag ca1, cs2
	cseqx x14, ca1, cs2
	TEST_EQ 91, x14, 0
	li a1, 0
	cseqx x14, ca1, cnull
	TEST_EQ 92, x14, 1
	/* CClearTag keeps the bits */
	ccleartag ca1, cs2
	CHK 93, cgethigh, ca1, 0xf17d00000209b024
	CHK 93, cgetaddr, ca1, 0x401cf020
	CHK 93, cgettag, ca1, 0

	/* CToPtr, CFromPtr, CSub, CGetAddr */
	li t6, 0x10
	cincoffset ca1, cs2, t6
	ctoptr x14, ca1, cnull                                      /* DDC base 0 */
	TEST_EQ 94, x14, 0x401cf030
	ctoptr x14, ca1, cs3
	TEST_EQ 95, x14, 0x1cf030
	ccleartag ca2, ca1
	ctoptr x14, ca2, cnull
	TEST_EQ 96, x14, 0
	csub x14, ca1, cs2
	TEST_EQ 97, x14, 0x10
	li t6, 0x1234
	cfromptr ca1, cnull, t6
	CHK 98, cgetaddr, ca1, 0x1234
	CHK 98, cgettag, ca1, 1
	cfromptr ca1, cnull, x0
	CHK 99, cgettag, ca1, 0
	CHK 99, cgethigh, ca1, 0
	CHK 99, cgetaddr, ca1, 0
	li t6, 0x20
	cfromptr ca1, cs2, t6
	CHK 100, cgetaddr, ca1, 0x401cf040
	CHK 100, cgettag, ca1, 1
	CHK 101, cgetaddr, cs2, 0x401cf020

	/* CSpecialRW: PCC reads give the pc of the instruction; DDC write and read back */
1:	cspecialr ca1, pcc
	la x13, 1b
	cgetaddr x14, ca1
	TEST_EQR 102, x14, x13
	CHK 103, cgettag, ca1, 1
	CHK 103, cgetflags, ca1, 0                                  /* integer mode */
	cgetperm x14, ca1
	andi x14, x14, CHERI_PERM_EXECUTE
	TEST_EQ 104, x14, CHERI_PERM_EXECUTE
	cspecialr cs10, ddc
	cspecialrw ca2, ddc, cs2                                    /* swap DDC */
	cspecialr ca3, ddc
	cseqx x14, ca3, cs2
	TEST_EQ 105, x14, 1
	cspecialw ddc, ca2                                          /* restore */
	cspecialr ca3, ddc
	cseqx x14, ca3, cs10
	TEST_EQ 106, x14, 1

	/* CClear q=1 (c8..c15) mask 0x0c: clears c10, c11 only */
	cmove ca0, cs2
	cmove ca1, cs2
	cmove ca2, cs2
	cmove cs1, cs2
	cclear 1, 0x0c
	CHK 107, cgettag, ca0, 0
	CHK 107, cgethigh, ca0, 0
	CHK 107, cgetaddr, ca1, 0
	CHK 108, cgettag, ca2, 1
	CHK 108, cgettag, cs1, 1
	/* FPClear q=0 mask 0x06: f1, f2 <- 0 */
	li t6, 0x3ff0000000000000
	fmv.d.x f1, t6
	fmv.d.x f2, t6
	fmv.d.x f3, t6
	fpclear 0, 0x06
	fmv.x.d x14, f1
	TEST_EQ 109, x14, 0
	fmv.x.d x14, f2
	TEST_EQ 109, x14, 0
	fmv.x.d x14, f3
	TEST_EQ 110, x14, 0x3ff0000000000000
TEST_END
