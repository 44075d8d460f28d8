/* victim.S - the cVM every attack aims at (see attack.h). It runs after the attacker and checks
 * its secret: 64 words 0x5ec2e700 + i in .data (victim_secret, global: module.mk reads its
 * offset with nm). Prints "victim: secret intact" or "victim: SECRET CHANGED". It also serves
 * hostcalls for other cVMs (sdk/crt/handler.S + examples/two-pure/forward.S: write, nop, exit
 * are forwarded to the monitor with the caller's capabilities). */
#include "cvm.S"

	.data
	.balign 16
	.globl victim_secret
victim_secret:
	.set i, 0
	.rept 64
	.word 0x5ec2e700 + i
	.set i, i + 1
	.endr
victim_secret_end:

	.section .rodata
ok_msg:
	.ascii "victim: secret intact\n"
ok_end:
	.equ ok_len, ok_end - ok_msg
bad_msg:
	.ascii "victim: SECRET CHANGED\n"
bad_end:
	.equ bad_len, bad_end - bad_msg

	.text
CVM_CAP_GLOBAL secret_slot, victim_secret, victim_secret_end - victim_secret, CVM_RELOC_DATA
CVM_CAP_GLOBAL ok_slot, ok_msg, ok_end - ok_msg, CVM_RELOC_RODATA
CVM_CAP_GLOBAL bad_slot, bad_msg, bad_end - bad_msg, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, secret_slot
	li t1, 0
	li t2, 64
	li t3, 0x5ec2e700
1:	clw t0, 0(ca0)
	bne t0, t3, 2f
	cincoffset ca0, ca0, 4
	addi t3, t3, 1
	addi t1, t1, 1
	blt t1, t2, 1b
	CVM_LOAD_GLOBAL a0, ok_slot
	li a1, ok_len
	j 3f
2:	CVM_LOAD_GLOBAL a0, bad_slot
	li a1, bad_len
3:	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
