/* print.S - small helpers the sharing examples (capfile, stream) share (fail_exit below).
 *   puts_z(ca0 = buffer [Load]): write the bytes of ca0 from its address up to the first NUL
 *                                or its top, whichever comes first; a0 = HC_WRITE's result
 *   memcpy_z(ca0 = dst [Store], ca1 = src [Load]): copy bytes up to and including the first
 *                                NUL of src; every access through the caller's capabilities
 */
#include "cvm.S"

	.text
CVM_FUNC puts_z
	cgetlen t0, ca0
	cgetoffset t1, ca0
	sub t0, t0, t1              /* bytes up to the top */
	li a1, 0
1:	beq a1, t0, 2f
	cincoffset ct2, ca0, a1
	clbu t3, 0(ct2)
	beqz t3, 2f
	addi a1, a1, 1
	j 1b
2:	li t5, HC_WRITE
	/* tail call: c_out_2 returns to our caller through cra */
	j c_out_2
CVM_END puts_z

CVM_FUNC memcpy_z
1:	clbu t0, 0(ca1)
	csb t0, 0(ca0)
	cincoffsetimm ca0, ca0, 1
	cincoffsetimm ca1, ca1, 1
	bnez t0, 1b
	li a0, 0
	cret
CVM_END memcpy_z

/* fail_exit(ca0 = message [Load], a1 = its length, a2 = exit value): write the message and
 * end the thread with that exit value; does not return */
CVM_FUNC fail_exit
	mv s0, a2
	li t5, HC_WRITE
	cjal c_out_2
	mv a0, s0
	li t5, HC_EXIT
	cjal c_out_1
1:	j 1b
CVM_END fail_exit
