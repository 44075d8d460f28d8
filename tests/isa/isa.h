/* isa.h - riscv-tests style macros for the self-checking guest programs in tests/isa.
 *
 * A program is TEST_START, checks, TEST_END. gp (x3) holds the number of the check being run;
 * the first failing check exits with that number (1..255), success exits 0 (exit, syscall 93).
 * Scratch registers used by the macros: t2 (expected value), x11/x12 (operands), x14 (result),
 * a0/a1 in the FP checks. Data goes in the 4 KiB, 64-byte aligned `scratch` buffer.
 *
 * Programs that must end in a trap carry, in a comment, one line per build variant:
 *   EXPECT-TRAP(CASE): cause=N [cheri=0xNN idx=N] pc=LABEL
 * and are built once per CASE with -DCASE=n (tests/isa/module.mk); the runner
 * (run-isa.sh) compares rvrun's trap report with it. Reaching TEST_END in such a program is
 * a failure (exit 1 via TRAP_EXPECTED_BUT_NONE).
 */
#include "cheri.S"
#include "cheri_regs.h"

.macro TEST_START
	.text
	.globl _start
_start:
	li gp, 0
	la s11, scratch
.endm

.macro TEST_END
	li a0, 0
	li a7, 93
	ecall
fail:
	mv a0, gp
	bnez a0, 1f
	li a0, 255
1:	li a7, 93
	ecall
	.data
	.balign 64
	.globl scratch
scratch:
	.space 4096
	.text
.endm

/* in a trap test: reached the end without the expected trap */
.macro TRAP_EXPECTED_BUT_NONE
	li a0, 1
	li a7, 93
	ecall
.endm

/* compare a register with a constant; clobbers t2 */
.macro TEST_EQ n, reg, exp
	li gp, \n
	li t2, \exp
	bne \reg, t2, fail
.endm
/* compare two registers */
.macro TEST_EQR n, reg, reg2
	li gp, \n
	bne \reg, \reg2, fail
.endm

/* register-register: x14 = op(a, b) */
.macro TEST_RR n, op, exp, a, b
	li x11, \a
	li x12, \b
	\op x14, x11, x12
	TEST_EQ \n, x14, \exp
.endm
/* register-immediate: x14 = op(a, imm) */
.macro TEST_RI n, op, exp, a, imm
	li x11, \a
	\op x14, x11, \imm
	TEST_EQ \n, x14, \exp
.endm

/* FP: fa2 = op(fa0, fa1 [, fa3]) [rm]; check the 64-bit register bits and fflags.
 * Operands and results are raw 64-bit patterns (singles must be NaN-boxed by the caller). */
.macro FP_SETUP a, b, c
	li a0, \a
	fmv.d.x fa0, a0
	li a0, \b
	fmv.d.x fa1, a0
	li a0, \c
	fmv.d.x fa3, a0
	fsflags x0
.endm
.macro FP_CHECK n, exp, flags
	fmv.x.d a0, fa2
	TEST_EQ \n, a0, \exp
	frflags a1
	TEST_EQ \n, a1, \flags
.endm
.macro TEST_FP2 n, op, exp, flags, a, b, rm=dyn
	FP_SETUP \a, \b, 0
	\op fa2, fa0, fa1, \rm
	FP_CHECK \n, \exp, \flags
.endm
/* two-operand ops without a rounding mode (fmin, fmax, fsgnj*) */
.macro TEST_FP2N n, op, exp, flags, a, b
	FP_SETUP \a, \b, 0
	\op fa2, fa0, fa1
	FP_CHECK \n, \exp, \flags
.endm
.macro TEST_FP1 n, op, exp, flags, a, rm=dyn
	FP_SETUP \a, 0, 0
	\op fa2, fa0, \rm
	FP_CHECK \n, \exp, \flags
.endm
.macro TEST_FP3 n, op, exp, flags, a, b, c, rm=dyn
	FP_SETUP \a, \b, \c
	\op fa2, fa0, fa1, fa3, \rm
	FP_CHECK \n, \exp, \flags
.endm
/* FP -> integer register (compares, fclass, fcvt to int, fmv.x): x14 = op(fa0 [, fa1]) */
.macro TEST_FX n, op, exp, flags, a, b
	FP_SETUP \a, \b, 0
	\op x14, fa0, fa1
	TEST_EQ \n, x14, \exp
	frflags a1
	TEST_EQ \n, a1, \flags
.endm
.macro TEST_FX1 n, op, exp, flags, a, rm=dyn
	FP_SETUP \a, 0, 0
	\op x14, fa0, \rm
	TEST_EQ \n, x14, \exp
	frflags a1
	TEST_EQ \n, a1, \flags
.endm
.macro TEST_FX1N n, op, exp, flags, a
	FP_SETUP \a, 0, 0
	\op x14, fa0
	TEST_EQ \n, x14, \exp
	frflags a1
	TEST_EQ \n, a1, \flags
.endm
/* integer -> FP: fa2 = op(x11) */
.macro TEST_XF n, op, exp, flags, a, rm=dyn
	li x11, \a
	fsflags x0
	\op fa2, x11, \rm
	FP_CHECK \n, \exp, \flags
.endm
/* forms without a rounding-mode operand */
.macro TEST_XFN n, op, exp, flags, a
	li x11, \a
	fsflags x0
	\op fa2, x11
	FP_CHECK \n, \exp, \flags
.endm
.macro TEST_FP1N n, op, exp, flags, a
	FP_SETUP \a, 0, 0
	\op fa2, fa0
	FP_CHECK \n, \exp, \flags
.endm

/* ---- capability helpers (CHERI programs; DDC must be able to derive them) ---- */
/* cd = DDC restricted to [base, base+len) with perms, address = base; t6 scratch */
.macro MKCAP cd, base, len, perms
	cspecialr \cd, ddc
	li t6, \base
	csetaddr \cd, \cd, t6
	li t6, \len
	csetbounds \cd, \cd, t6
	li t6, \perms
	candperm \cd, \cd, t6
.endm
/* the same with the base in an integer register */
.macro MKCAPR cd, basereg, len, perms
	cspecialr \cd, ddc
	csetaddr \cd, \cd, \basereg
	li t6, \len
	csetbounds \cd, \cd, t6
	li t6, \perms
	candperm \cd, \cd, t6
.endm
/* x14 = getter(c); check */
.macro CHK n, getter, c, exp
	\getter x14, \c
	TEST_EQ \n, x14, \exp
.endm
/* switch to capability mode: jump through PCC with flag 1 to the next instruction; the
 * sentry to return to integer mode is left in cs9 (c25). t1/ct1 scratch. */
.macro ENTER_CAPMODE
	cspecialr ct1, pcc
	la t0, 98f
	csetaddr ct1, ct1, t0
	li t0, 1
	csetflags ct1, ct1, t0
	jalr.cap cs9, ct1
	j 99f
98:
.endm
/* back to integer mode, continuing after the matching ENTER_CAPMODE */
.macro LEAVE_CAPMODE
	cjalr cnull, cs9
99:
.endm
/* print a note to stderr (clobbers a0, a1, a2, a7) */
.macro NOTE msg
	.pushsection .rodata
97:	.ascii "\msg"
	.byte 10
96:
	.set _note_len, 96b - 97b
	.popsection
	li a0, 2
	la a1, 97b
	li a2, _note_len
	li a7, 64
	ecall
.endm
/* branch to skip unless DDC is the root capability (length 2^64); some spec vectors use
 * addresses that only the root covers (rvrun's DDC is [0, 2^40)). Clobbers ca7, x16, x17. */
.macro IF_DDC_ROOT skip
	cspecialr ca7, ddc
	cgetlen x16, ca7
	li x17, -1
	bne x16, x17, \skip
.endm
