/* cheri_invoke.S - CInvoke success (cheri-riscv.md §7): code and data sealed with the same
 * otype; the jump unseals the code into PCC (its flag selects the mode), c31 receives the
 * unsealed data capability, no link register is written. Also CBuildCap of a sentry and
 * jumping through it from integer mode with jalr.cap. Needs DDC = root. */
#include "isa.h"
TEST_START
	cspecialr cs7, ddc
	li t6, 9
	csetaddr cs7, cs7, t6                        /* sealing authority, otype 9 */
	MKCAPR cs2, s11, 64, 0x7817d                 /* data */
	cseal ca1, cs2, cs7
	cspecialr ca0, pcc
	la t6, 1f
	csetaddr ca0, ca0, t6
	cseal ca0, ca0, cs7
	li ra, 0x5555                                /* must survive: no link */
	cinvoke ca0, ca1
	j fail
1:	cseqx x14, ct6, cs2                          /* c31 = unsealed data */
	TEST_EQ 1, x14, 1
	TEST_EQ 2, ra, 0x5555
5:	cspecialr ca2, pcc
	CHK 3, cgettype, ca2, -1
	CHK 3, cgettag, ca2, 1
	CHK 3, cgetflags, ca2, 0
	cgetaddr x14, ca2
	la x15, 5b
	TEST_EQR 4, x14, x15
	/* cinvoke into capability mode: the code cap carries flag 1 */
	cspecialr ca0, pcc
	la t6, 2f
	csetaddr ca0, ca0, t6
	li t6, 1
	csetflags ca0, ca0, t6
	cseal ca0, ca0, cs7
	cseal ca1, cs2, cs7
	cspecialr cs9, pcc
	la t6, 3f
	csetaddr cs9, cs9, t6                        /* way back (flag 0) */
	cinvoke ca0, ca1
	j fail
2:	cspecialr ca2, pcc
	CHK 5, cgetflags, ca2, 1
	cld x14, 0(ct6)                              /* capability-mode load through c31 */
	jalr.cap cnull, cs9
3:	cspecialr ca2, pcc
	CHK 6, cgetflags, ca2, 0
	/* a sentry rebuilt by CBuildCap can be jumped to */
	cspecialr ca0, pcc
	la t6, 4f
	csetaddr ca0, ca0, t6
	csealentry ca0, ca0
	ccleartag ca1, ca0
	cbuildcap ca3, cnull, ca1
	CHK 7, cgettag, ca3, 1
	CHK 7, cgettype, ca3, -2
	jalr.cap cra, ca3
	j fail
4:	cspecialr ca2, pcc
	CHK 8, cgettype, ca2, -1
TEST_END
