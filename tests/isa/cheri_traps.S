/* cheri_traps.S - one expected trap per build variant (-DCASE=n): each CHERI exception cause,
 * its capability index (xtval = idx << 5 | cause, cheri-riscv.md §6.2) and the check order of
 * §4.4 / §5.9 / §7 when several checks fail at once. `fault` labels the faulting instruction.
 * Reaching the end is a failure (exit 1). Base-ISA traps are at the end (cases 40..).
 *
 * EXPECT-TRAP(1): cause=28 cheri=0x02 idx=11 pc=fault      load via an untagged cap
 * EXPECT-TRAP(2): cause=28 cheri=0x03 idx=11 pc=fault      sealed and out of bounds: seal first
 * EXPECT-TRAP(3): cause=28 cheri=0x02 idx=11 pc=fault      untagged and sealed: tag first
 * EXPECT-TRAP(4): cause=28 cheri=0x12 idx=11 pc=fault      no Permit_Load
 * EXPECT-TRAP(5): cause=28 cheri=0x13 idx=11 pc=fault      no Permit_Store
 * EXPECT-TRAP(6): cause=28 cheri=0x01 idx=11 pc=fault      8-byte load crossing top
 * EXPECT-TRAP(7): cause=28 cheri=0x15 idx=11 pc=fault      tagged cap store, no Permit_Store_Cap
 * EXPECT-TRAP(8): cause=28 cheri=0x16 idx=11 pc=fault      local cap store, no Store_Local_Cap
 * EXPECT-TRAP(9): cause=28 cheri=0x13 idx=11 pc=fault      no Store and no StoreCap: Store first
 * EXPECT-TRAP(10): cause=4 pc=fault                        misaligned capability load
 * EXPECT-TRAP(11): cause=6 pc=fault                        misaligned capability store
 * EXPECT-TRAP(12): cause=28 cheri=0x01 idx=11 pc=fault     out of bounds and misaligned: bounds first
 * EXPECT-TRAP(13): cause=28 cheri=0x01 idx=33 pc=fault     integer load beyond DDC
 * EXPECT-TRAP(14): cause=28 cheri=0x02 idx=33 pc=fault     integer store through untagged DDC
 * EXPECT-TRAP(15): cause=28 cheri=0x02 idx=10 pc=fault     jalr.cap to an untagged cap
 * EXPECT-TRAP(16): cause=28 cheri=0x11 idx=10 pc=fault     jalr.cap without Permit_Execute
 * EXPECT-TRAP(17): cause=28 cheri=0x01 idx=10 pc=fault     jalr.cap target beyond the bounds
 * EXPECT-TRAP(18): cause=28 cheri=0x03 idx=10 pc=fault     cjalr to a sentry with imm != 0
 * EXPECT-TRAP(19): cause=28 cheri=0x04 idx=10 pc=fault     cinvoke otype mismatch
 * EXPECT-TRAP(20): cause=28 cheri=0x11 idx=11 pc=fault     cinvoke data cap has Execute
 * EXPECT-TRAP(21): cause=28 cheri=0x03 idx=10 pc=fault     cinvoke code cap unsealed
 * EXPECT-TRAP(22): cause=28 cheri=0x19 idx=10 pc=fault     cinvoke code cap lacks Permit_CInvoke
 * EXPECT-TRAP(23): cause=28 cheri=0x02 idx=10 pc=fault     cinvoke both untagged: cs1 first
 * EXPECT-TRAP(24): cause=28 cheri=0x03 idx=11 pc=fault     cinvoke data unsealed
 * EXPECT-TRAP(25): cause=2 pc=fault                        cspecialrw writing PCC
 * EXPECT-TRAP(26): cause=2 pc=fault                        cspecialr of a nonexistent SCR (2)
 * EXPECT-TRAP(27): cause=2 pc=fault                        cspecialr mtcc from user mode
 * EXPECT-TRAP(28): cause=4 pc=fault                        cloadtags not 64-byte aligned
 * EXPECT-TRAP(29): cause=28 cheri=0x14 idx=11 pc=fault     cloadtags without Permit_Load_Cap
 * EXPECT-TRAP(30): cause=28 cheri=0x02 idx=11 pc=fault     capability-mode clw, untagged base
 * EXPECT-TRAP(31): cause=28 cheri=0x13 idx=33 pc=fault     sd.ddc with DDC lacking Store
 * EXPECT-TRAP(32): cause=28 cheri=0x02 idx=10 pc=fault     c.clc with an untagged base
 * EXPECT-TRAP(33): cause=28 cheri=0x01 idx=11 pc=fault     load below the base
 * EXPECT-TRAP(34): cause=28 cheri=0x12 idx=33 pc=fault     amoswap.c via DDC without Load: Load first
 * EXPECT-TRAP(35): cause=28 cheri=0x01 idx=2 pc=fault      capability-mode csd below csp's base
 * EXPECT-TRAP(36): cause=28 cheri=0x01 idx=32 pc=fault     fetch runs off the end of PCC
 * EXPECT-TRAP(37): cause=28 cheri=0x01 idx=32 pc=fault     integer jalr beyond PCC: checked at the jump
 * EXPECT-TRAP(38): cause=28 cheri=0x01 idx=32 pc=fault     branch beyond PCC: checked at the branch
 * EXPECT-TRAP(40): cause=2 pc=fault                        frm = 5 then a dynamic-rm fadd
 * EXPECT-TRAP(41): cause=3 pc=fault                        ebreak
 * EXPECT-TRAP(42): cause=2 pc=fault                        an all-zero instruction
 */
#include "isa.h"
TEST_START
	MKCAPR ca1, s11, 64, 0x7817d                 /* ca1 = scratch[0, 64), data perms */
	cspecialr cs7, ddc
	li t6, 7
	csetaddr cs7, cs7, t6                        /* sealing authority, otype 7 */
#if CASE == 1
	li a1, 0x1000
fault:	ld.cap x14, (ca1)
#elif CASE == 2
	li t6, 64
	cincoffset ca1, ca1, t6                      /* address = top: representable, tagged */
	cseal ca1, ca1, cs7
fault:	ld.cap x14, (ca1)
#elif CASE == 3
	cseal ca1, ca1, cs7
	ccleartag ca1, ca1
fault:	ld.cap x14, (ca1)
#elif CASE == 4
	li t6, ~CHERI_PERM_LOAD
	candperm ca1, ca1, t6
fault:	ld.cap x14, (ca1)
#elif CASE == 5
	li t6, ~CHERI_PERM_STORE
	candperm ca1, ca1, t6
fault:	sd.cap x14, (ca1)
#elif CASE == 6
	li t6, 60
	cincoffset ca1, ca1, t6
fault:	ld.cap x14, (ca1)
#elif CASE == 7
	li t6, ~CHERI_PERM_STORE_CAP
	candperm ca1, ca1, t6
fault:	sc.cap ca1, (ca1)
#elif CASE == 8
	li t6, ~CHERI_PERM_STORE_LOCAL_CAP
	candperm ca1, ca1, t6
	li t6, ~CHERI_PERM_GLOBAL
	candperm ca2, ca1, t6                        /* a local capability */
fault:	sc.cap ca2, (ca1)
#elif CASE == 9
	li t6, ~(CHERI_PERM_STORE | CHERI_PERM_STORE_CAP)
	candperm ca1, ca1, t6
fault:	sc.cap ca1, (ca1)
#elif CASE == 10
	li t6, 8
	cincoffset ca1, ca1, t6
fault:	lc.cap ca2, (ca1)
#elif CASE == 11
	li t6, 8
	cincoffset ca1, ca1, t6
fault:	sc.cap ca2, (ca1)
#elif CASE == 12
	li t6, 56
	cincoffset ca1, ca1, t6                      /* [56, 72) crosses top and is misaligned */
fault:	lc.cap ca2, (ca1)
#elif CASE == 13
	cspecialw ddc, ca1
fault:	ld x14, 64(s11)
#elif CASE == 14
	cspecialr ca2, ddc
	ccleartag ca2, ca2
	cspecialw ddc, ca2
fault:	sd x0, 0(s11)
#elif CASE == 15
	la a0, 1f
fault:	jalr.cap cra, ca0
1:
#elif CASE == 16
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
	li t6, ~CHERI_PERM_EXECUTE
	candperm ca0, ca0, t6
fault:	jalr.cap cra, ca0
1:
#elif CASE == 17
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
	li t6, 4
	csetbounds ca0, ca0, t6                      /* [1f, 1f+4) */
	li t6, 8
	cincoffset ca0, ca0, t6                      /* target 1f+8: beyond top */
fault:	jalr.cap cra, ca0
1:	nop
	nop
	nop
#elif CASE == 18
	ENTER_CAPMODE
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
	csealentry ca0, ca0
fault:	cjalr cra, ca0, 4
1:	nop
	nop
	LEAVE_CAPMODE
#elif CASE >= 19 && CASE <= 24
	/* code: PCC at 1f sealed with otype 7; data: scratch cap sealed with otype 7 */
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
#if CASE == 22
	li t6, ~CHERI_PERM_INVOKE
	candperm ca0, ca0, t6
#endif
#if CASE != 21
	cseal ca0, ca0, cs7
#endif
#if CASE == 20
	li t6, 0x7817f                               /* + Execute */
	cspecialr ca1, ddc
	candperm ca1, ca1, t6
#endif
#if CASE == 19
	li t6, 8
	csetaddr ca2, cs7, t6
	cseal ca1, ca1, ca2                          /* otype 8 */
#elif CASE != 24
	cseal ca1, ca1, cs7
#endif
#if CASE == 23
	ccleartag ca0, ca0
	ccleartag ca1, ca1
#endif
fault:	cinvoke ca0, ca1
1:	nop
#elif CASE == 25
	cspecialr ca0, ddc
fault:	cspecialrw ca2, pcc, ca0
#elif CASE == 26
fault:	cspecialr ca2, 2
#elif CASE == 27
fault:	cspecialr ca2, mtcc
#elif CASE == 28
	MKCAPR ca1, s11, 256, 0x7817d
	li t6, 16
	cincoffset ca1, ca1, t6
fault:	cloadtags x14, (ca1)
#elif CASE == 29
	li t6, ~CHERI_PERM_LOAD_CAP
	candperm ca1, ca1, t6
fault:	cloadtags x14, (ca1)
#elif CASE == 30
	mv a1, s11
	ENTER_CAPMODE
fault:	clw x14, 0(ca1)
	LEAVE_CAPMODE
#elif CASE == 31
	cspecialr ca2, ddc
	li t6, ~CHERI_PERM_STORE
	candperm ca2, ca2, t6
	cspecialw ddc, ca2
fault:	sd.ddc x0, (s11)
#elif CASE == 32
	mv a0, s11
	ENTER_CAPMODE
fault:	c.clc ca2, 0(ca0)
	LEAVE_CAPMODE
#elif CASE == 33
	li t6, -1
	cincoffset ca1, ca1, t6
fault:	lbu.cap x14, (ca1)
#elif CASE == 34
	cspecialr ca2, ddc
	li t6, ~CHERI_PERM_LOAD
	candperm ca2, ca2, t6
	cspecialw ddc, ca2
fault:	amoswap.c ca3, ca1, (s11)
#elif CASE == 35
	cmove csp, ca1
	ENTER_CAPMODE
fault:	csd x0, -8(csp)
	LEAVE_CAPMODE
#elif CASE == 36
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
	li t6, 8
	csetbounds ca0, ca0, t6                      /* PCC will be [1f, 1f+8) */
	jalr.cap cnull, ca0
	j 2f
	.option push
	.option norvc
1:	nop
	nop
fault:	nop                                          /* first instruction outside PCC */
	.option pop
2:
#elif CASE == 37
	cspecialr ca0, pcc
	cgettop t6, ca0
	li t5, 0x1000
	add t6, t6, t5
fault:	jalr ra, 0(t6)
#elif CASE == 38
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
	li t6, 8
	csetbounds ca0, ca0, t6                      /* PCC [1f, 1f+8): the branch target is outside */
	jalr.cap cnull, ca0
	j 3f
1:
fault:	beq x0, x0, 2f
	nop
	nop
	nop
2:	nop
3:
#elif CASE == 40
	fsrmi 5
fault:	fadd.d fa0, fa1, fa2, dyn
#elif CASE == 41
fault:	ebreak
#elif CASE == 42
fault:	.4byte 0
#else
#error unknown CASE
#endif
	TRAP_EXPECTED_BUT_NONE
TEST_END
