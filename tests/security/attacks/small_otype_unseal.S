/* small_otype_unseal - at id 0x3fffb (the largest sealing otype, 16 MiB slots) our own pairs
 * are sealed with exactly our id, the switcher's with 0, and nothing we hold can unseal: our
 * DDC moved to the victim's otype (0x3fffa) or ours has no PermitUnseal, so CUnseal clears the
 * tag; jumping to the result then faults (Tag violation on ct5).
 * SLOTS: small
 * EXPECT: fault cause=28 cheri=0x02 idx=30 pc=fault
 * OUT: ok   own-otype-is-id
 * OUT: ok   hc-otype-is-0
 * OUT: ok   unseal-own-untagged
 * OUT: ok   unseal-victim-untagged
 */
#include "attack.h"
	.section .rodata
n1:	.ascii "own-otype-is-id"
n2:	.ascii "hc-otype-is-0"
n3:	.ascii "unseal-own-untagged"
n4:	.ascii "unseal-victim-untagged"
n5:
	.equ l1, n2 - n1
	.equ l2, n3 - n2
	.equ l3, n4 - n3
	.equ l4, n5 - n4
	.text
CVM_CAP_GLOBAL n1_slot, n1, n2 - n1, CVM_RELOC_RODATA
CVM_CAP_GLOBAL n2_slot, n2, n3 - n2, CVM_RELOC_RODATA
CVM_CAP_GLOBAL n3_slot, n3, n4 - n3, CVM_RELOC_RODATA
CVM_CAP_GLOBAL n4_slot, n4, n5 - n4, CVM_RELOC_RODATA
CVM_FUNC cvm_main
	cincoffset csp, csp, -32
	/* our sealed return pair: otype = our id */
	FROM_STORE t3, CS_RET_PCC
	csc ct3, csp, 0
	cgettype a0, ct3
	li a1, SMALL_SELF_ID
	CVM_LOAD_GLOBAL a2, n1_slot
	li a3, l1
	cjal verdict
	/* the switcher's call pair: otype 0 (the monitor's) */
	FROM_STORE t3, CS_HC_PCC
	cgettype a0, ct3
	li a1, 0
	CVM_LOAD_GLOBAL a2, n2_slot
	li a3, l2
	cjal verdict
	/* CUnseal with our DDC at address = our otype: no PermitUnseal, tag cleared */
	clc ct3, csp, 0
	SELF_DDC t4
	li t0, SMALL_SELF_ID
	csetaddr ct4, ct4, t0
	cunseal ct5, ct3, ct4
	cgettag a0, ct5
	li a1, 0
	CVM_LOAD_GLOBAL a2, n3_slot
	li a3, l3
	cjal verdict
	/* the same at the victim's otype */
	clc ct3, csp, 0
	SELF_DDC t4
	li t0, SMALL_VICTIM_ID
	csetaddr ct4, ct4, t0
	cunseal ct5, ct3, ct4
	csc ct5, csp, 16
	cgettag a0, ct5
	li a1, 0
	CVM_LOAD_GLOBAL a2, n4_slot
	li a3, l4
	cjal verdict
	clc ct5, csp, 16
FAULT_HERE
	cjalr cra, ct5
	AFTER_FAULT
CVM_END cvm_main
