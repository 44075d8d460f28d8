/* cheri_legacy.S - the pre-v9 trapping semantics (cheri-riscv.md §9), run with
 * `rvrun --legacy`: capability manipulations that v9 answers by clearing the tag trap instead.
 * RVRUN-FLAGS: --legacy
 *
 * EXPECT-TRAP(1): cause=28 cheri=0x02 idx=11 pc=fault      csetbounds on an untagged cap
 * EXPECT-TRAP(2): cause=28 cheri=0x03 idx=11 pc=fault      csetbounds on a sealed cap
 * EXPECT-TRAP(3): cause=28 cheri=0x01 idx=11 pc=fault      csetbounds beyond the source
 * EXPECT-TRAP(4): cause=28 cheri=0x0a idx=11 pc=fault      csetboundsexact, inexact
 * EXPECT-TRAP(5): cause=28 cheri=0x03 idx=11 pc=fault      cincoffset on a sealed cap
 * EXPECT-TRAP(6): cause=28 cheri=0x02 idx=11 pc=fault      candperm on an untagged cap
 * EXPECT-TRAP(7): cause=28 cheri=0x17 idx=12 pc=fault      cseal, authority without Permit_Seal
 * EXPECT-TRAP(8): cause=28 cheri=0x04 idx=12 pc=fault      cunseal, authority address != otype
 * EXPECT-TRAP(9): cause=28 cheri=0x11 idx=11 pc=fault      csealentry without Permit_Execute
 * EXPECT-TRAP(10): cause=28 cheri=0x03 idx=11 pc=fault     csetaddr on a sealed cap
 */
#include "isa.h"
TEST_START
	MKCAPR ca1, s11, 64, 0x7817d                 /* scratch[0, 64), no Execute */
	cspecialr cs7, ddc
	li t6, 7
	csetaddr cs7, cs7, t6                        /* sealing authority, otype 7 */
#if CASE == 1
	ccleartag ca1, ca1
fault:	csetbounds ca0, ca1, 16
#elif CASE == 2
	cseal ca1, ca1, cs7
fault:	csetbounds ca0, ca1, 16
#elif CASE == 3
fault:	csetbounds ca0, ca1, 65
#elif CASE == 4
	li t6, 0x1001
	cspecialr ca1, ddc
	li t5, 0x10000
	csetaddr ca1, ca1, t5
fault:	csetboundsexact ca0, ca1, t6
#elif CASE == 5
	cseal ca1, ca1, cs7
fault:	cincoffset ca0, ca1, 1
#elif CASE == 6
	ccleartag ca1, ca1
	li t6, 5
fault:	candperm ca0, ca1, t6
#elif CASE == 7
	li t6, ~CHERI_PERM_SEAL
	candperm ca2, cs7, t6
fault:	cseal ca0, ca1, ca2
#elif CASE == 8
	cseal ca1, ca1, cs7
	li t6, 8
	csetaddr ca2, cs7, t6
fault:	cunseal ca0, ca1, ca2
#elif CASE == 9
fault:	csealentry ca0, ca1
#elif CASE == 10
	cseal ca1, ca1, cs7
	li t6, 0x10
	add t6, t6, s11
fault:	csetaddr ca0, ca1, t6
#else
#error unknown CASE
#endif
	TRAP_EXPECTED_BUT_NONE
TEST_END
