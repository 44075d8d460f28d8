/* cheri_llvm.S - a pure-cap program with the properties of one CHERI clang builds
 * (`--config cheribsd-riscv64-purecap -nostdlib -ffreestanding`, linked by LLD), written by
 * hand because we have no CHERI compiler (issue 11, intravisor.md section 10):
 *   - e_entry 0 (nothing is called _start; LLD's separate code segment leaves the ELF header
 *     in a read-only one) and a function `main`: the loader starts at main;
 *   - no ret_from_monitor, no SDK crt: main returns, through cra, with its status in a0;
 *   - a .captable of 16-byte slots filled by __cap_relocs entries (image-relative
 *     {location, base, offset, length, permissions}): two objects whose bounds are not
 *     representable (1,600,000 bytes at an unaligned base, 150,000 bytes), a read-only
 *     constant, a results object and two functions (sentries);
 *   - a compressed capability-mode prologue and epilogue (c.cincoffset16csp, c.csccsp and
 *     c.clccsp on csp), as clang emits with the C extension;
 *   - main returns ret3() = 3; zero_main (YAML `entry: zero_main`, rvrun --entry zero_main)
 *     returns ret0() = 0; hostcall_main makes a hostcall it cannot return from (a fault).
 * What main leaves in memory (tests/images/run.sh and check_image.c read it back):
 *   big1[0] = 0x11, big1[1599999] = 0x22, big2[0] = 0x33, big2[149999] = 0x44;
 *   results[0..7] = CGetLen/CGetBase of the big1 and big2 capabilities, CGetPerm of the
 *   constant's capability, the constant read through it, ret0() + 100 * ret3() = 300, and
 *   CGetType of the ret3 sentry (-2).
 * A failed self-check returns 20 + k instead of 3 (so rvrun sees it too).
 * Register atlas: cs0 = the capability being used, cs1 = scratch capability, ct0/ct1 = values.
 */
#include "cvm.S"      /* cheri.S, CVM_LOAD_GLOBAL; it sets norvc and norelax: only the explicit
                      * compressed forms below (several RVC encodings mean something else in
                      * capability mode, cheri-riscv.md 5.12) */

#define BIG1 1600000
#define BIG2 150000
#define FUNCTION 0x8000000000000000
#define READONLY 0x4000000000000000

/* CAPRELOC slot, target, length, perms: one __cap_relocs entry with link-time addresses in
 * place, as LLD writes them: image-relative in a shared object (a difference, so that GNU ld
 * resolves it at link time instead of leaving a zero and a dynamic relocation), absolute in a
 * static executable (-DSTATIC_IMAGE). */
#ifdef STATIC_IMAGE
#define IMAGE_REL(sym) sym
#else
#define IMAGE_REL(sym) sym - __ehdr_start
#endif
#ifdef CHERI_RELA
/* the newer form (-DCHERI_RELA, then tests/fuzz/seeds/elf/cheri_rela.py): each slot holds the
 * symbol's address, an R_RISCV_64 that becomes R_RISCV_CHERI_CAPABILITY (bounds = the symbol's
 * st_value/st_size, a function's are a sentry); no __cap_relocs */
#define SLOT(sym) .dword sym, 0
#define LOCAL(sym)
.macro CAPRELOC slot, target, length, perms
.endm
#else
#define SLOT(sym) .dword 0, 0
#define LOCAL(sym) .hidden sym
.macro CAPRELOC slot, target, length, perms
	CAPRELOC_ENTRY \slot, \target, \length, \perms
.endm
#endif
.macro CAPRELOC_ENTRY slot, target, length, perms
	.pushsection __cap_relocs, "aw"
	.balign 8
	.dword IMAGE_REL(\slot)
	.dword IMAGE_REL(\target)
	.dword 0
	.dword \length
	.dword \perms
	.popsection
.endm

	.section .captable, "aw"
	.balign 16
cap_big1:    SLOT(big1)
cap_big2:    SLOT(big2)
cap_answer:  SLOT(answer)
cap_results: SLOT(results)
cap_ret0:    SLOT(ret0)
cap_ret3:    SLOT(ret3)
	CAPRELOC cap_big1, big1, BIG1, 0
	CAPRELOC cap_big2, big2, BIG2, 0
	CAPRELOC cap_answer, answer, 8, READONLY
	CAPRELOC cap_results, results, 64, 0
	CAPRELOC cap_ret0, ret0, ret0_end - ret0, FUNCTION
	CAPRELOC cap_ret3, ret3, ret3_end - ret3, FUNCTION

	.section .rodata
	.balign 8
	.globl answer
	LOCAL(answer)
	.type answer, @object
	.size answer, 8
answer:	.dword 0x0123456789abcdef

	.data
	.balign 16
	.globl results
	LOCAL(results)
	.type results, @object
	.size results, 64
results: .skip 64

	.bss
	.balign 4096
	.skip 24                /* big1 starts 24 bytes into a page: not representable */
	.globl big1
	LOCAL(big1)
	.type big1, @object
	.size big1, BIG1
big1:	.skip BIG1
	.skip 40
	.globl big2
	LOCAL(big2)
	.type big2, @object
	.size big2, BIG2
big2:	.skip BIG2

	.text
	.globl ret0, ret3, main, zero_main
	LOCAL(ret0)
	LOCAL(ret3)
	.type ret0, @function
ret0:	li a0, 0
	cret
ret0_end:
	.size ret0, ret0_end - ret0
	.type ret3, @function
ret3:	li a0, 3
	cret
ret3_end:
	.size ret3, ret3_end - ret3

	.type main, @function
main:
	c.cincoffset16csp csp, -48
	c.csccsp cra, 32(csp)
	c.csccsp cs0, 16(csp)
	c.csccsp cs1, 0(csp)
	/* big1: first and last byte, read back through the rounded capability */
	CVM_LOAD_GLOBAL s0, cap_big1
	li t0, 0x11
	sb t0, 0(s0)
	li t1, BIG1 - 1
	cincoffset cs1, cs0, t1
	li t0, 0x22
	sb t0, 0(s1)
	lbu t2, 0(s1)
	li a0, 21
	bne t0, t2, .Lout
	cgetlen t1, cs0
	li t2, BIG1
	li a0, 22
	bltu t1, t2, .Lout
	CVM_LOAD_GLOBAL s1, cap_results
	sd t1, 0(s1)
	cgetbase t1, cs0
	sd t1, 8(s1)
	/* big2 */
	CVM_LOAD_GLOBAL s0, cap_big2
	li t0, 0x33
	sb t0, 0(s0)
	li t1, BIG2 - 1
	cincoffset cs0, cs0, t1
	li t0, 0x44
	sb t0, 0(s0)
	CVM_LOAD_GLOBAL s0, cap_big2
	cgetlen t1, cs0
	sd t1, 16(s1)
	cgetbase t1, cs0
	sd t1, 24(s1)
	/* the constant: read-only capability */
	CVM_LOAD_GLOBAL s0, cap_answer
	cgetperm t1, cs0
	sd t1, 32(s1)
	ld t1, 0(s0)
	sd t1, 40(s1)
	/* the two functions, called through their sentries */
	CVM_LOAD_GLOBAL s0, cap_ret0
	cjalr cra, cs0
	sd a0, 48(s1)
	CVM_LOAD_GLOBAL s0, cap_ret3
	cgettype t1, cs0
	sd t1, 56(s1)
	cjalr cra, cs0
	li t0, 100
	mul t0, t0, a0
	ld t1, 48(s1)
	add t0, t0, t1
	sd t0, 48(s1)
	li t1, 300
	li a0, 23
	bne t0, t1, .Lout
	li a0, 3
.Lout:
	c.clccsp cs1, 0(csp)
	c.clccsp cs0, 16(csp)
	c.clccsp cra, 32(csp)
	c.cincoffset16csp csp, 48
	cret
	.size main, . - main

	.type zero_main, @function
zero_main:
	c.cincoffset16csp csp, -32
	c.csccsp cra, 16(csp)
	c.csccsp cs0, 0(csp)
	CVM_LOAD_GLOBAL s0, cap_ret0
	cjalr cra, cs0
	c.clccsp cs0, 0(csp)
	c.clccsp cra, 16(csp)
	c.cincoffset16csp csp, 32
	cret
	.size zero_main, . - zero_main

/* hostcall_main (YAML `entry: hostcall_main`): a hostcall through the switcher's pair the
 * monitor passes in ca3/ca4, from an image without ret_from_monitor: a clean fault report, no
 * landing at offset 0 (intravisor.md 10). */
	.globl hostcall_main
	.type hostcall_main, @function
hostcall_main:
	li t5, 13
	cinvoke ca3, ca4
	cret
	.size hostcall_main, . - hostcall_main
