/* allregs.S - a hybrid cVM gets every register back from a Linux system call, served by the
 * monitor or through a handler cVM (the switcher keeps a hybrid caller's x1..x31 and f0..f31
 * in its frame: switcher.c, hart_save_regs). check_regs gives x1 and x5..x31 but a0, a7 and
 * s11 distinct values, f0..f31 too, s11 a capability (DDC), makes getppid, and returns how
 * many differ after it (s11 counts once for each of its tag, address, base, length and
 * permissions that is not DDC's). Called from tests/hybrid/allregs.c. */
#include "cheri.S"

#define XP(n) (0x5a00000000000000 + ((n) << 40) + (n) * 0x01010101)
#define FP(n) (0x3ff0000000000000 + (n) * 0x0000010203040506)
#define FRAME 768   /* 0: ra, s0..s11; 104: fs0..fs11; 256: x after the call; 512: f after it */

	.text
	.globl check_regs
check_regs:
	addi sp, sp, -FRAME
	sd ra, 0(sp)
	.set off, 8
	.irp n, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	sd x\n, off(sp)
	fsd f\n, off + 96(sp)
	.set off, off + 8
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	li t0, FP(\n)
	fmv.d.x f\n, t0
	.endr
	cspecialr cs11, ddc
	.irp n, 1, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31
	li x\n, XP(\n)
	.endr
	li a7, 173                      /* getppid */
	ecall
	.irp n, 1, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31
	sd x\n, 256 + \n * 8(sp)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd f\n, 512 + \n * 8(sp)
	.endr
	li a0, 0
	.irp n, 1, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31
	ld t0, 256 + \n * 8(sp)
	li t1, XP(\n)
	beq t0, t1, 1f
	addi a0, a0, 1
1:
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld t0, 512 + \n * 8(sp)
	li t1, FP(\n)
	beq t0, t1, 1f
	addi a0, a0, 1
1:
	.endr
	cspecialr ct1, ddc
	cgettag t0, cs11
	bnez t0, 1f
	addi a0, a0, 1
1:
	.irp get, cgetaddr, cgetbase, cgetlen, cgetperm
	\get t0, cs11
	\get t2, ct1
	beq t0, t2, 1f
	addi a0, a0, 1
1:
	.endr
	ld ra, 0(sp)
	.set off, 8
	.irp n, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27
	ld x\n, off(sp)
	fld f\n, off + 96(sp)
	.set off, off + 8
	.endr
	addi sp, sp, FRAME
	ret
