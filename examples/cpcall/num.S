/* num.S - small helpers of examples/cpcall, examples/threads and tests/security/cpcall:
 *   print_num(a0 = a signed 64-bit value): write it in decimal (HC_WRITE); a0 = the write's
 *     result. Digits are built on our own stack and written through a capability bounded to them.
 *   sleep_ms(): nanosleep 1 ms (HC_NANOSLEEP), the timespec at 0(csp) of the caller's frame
 *     (16 bytes the caller does not need) */
#include "cvm.S"

	.text
CVM_FUNC print_num
	cincoffsetimm csp, csp, -48
	csc cra, 32(csp)
	mv t0, a0
	li t3, 0                     /* 1: negative */
	bgez t0, 1f
	li t3, 1
	neg t0, t0
1:	li t1, 31                    /* digits fill 0(csp)..31(csp) from the end */
	li t2, 10
2:	remu t4, t0, t2
	divu t0, t0, t2
	addi t4, t4, '0'
	addi t1, t1, -1
	cincoffset ct5, csp, t1
	csb t4, 0(ct5)
	bnez t0, 2b
	beqz t3, 3f
	addi t1, t1, -1
	cincoffset ct5, csp, t1
	li t4, '-'
	csb t4, 0(ct5)
3:	cincoffset ca0, csp, t1
	li a1, 31
	sub a1, a1, t1
	csetbounds ca0, ca0, a1
	li t5, HC_WRITE
	cjal c_out_2
	clc cra, 32(csp)
	cincoffsetimm csp, csp, 48
	cret
CVM_END print_num

CVM_FUNC sleep_ms
	li t0, 1000000
	csd zero, 0(csp)
	csd t0, 8(csp)
	cincoffsetimm ca0, csp, 0
	li t1, 16
	csetbounds ca0, ca0, t1
	li a1, 0
	li t5, HC_NANOSLEEP
	j c_out_2
CVM_END sleep_ms
