/* hostcall_args.h - the body of the hostcall-argument attacks (attacks/hostcall_args*.S).
 * Each case calls write (HC_WRITE) with an argument capability the monitor must refuse, and
 * checks the result is HC_EFAULT (-14): the monitor checks tag, seal, Load permission and
 * bounds of [address, address + length) before it touches guest memory (intravisor.md
 * section 5). A wrong result prints "BAD <case>"; a host access outside the capability would
 * print the victim's secret or crash the monitor. */
#include "attack.h"

	.section .rodata
obj:	.ascii "0123456789abcdef"
names:
	.ascii "untagged-victim"     /* 0 */
	.ascii "sealed-monitor "     /* 15 */
	.ascii "sealed-own     "     /* 30 */
	.ascii "no-load        "     /* 45 */
	.ascii "length+1       "     /* 60 */
	.ascii "length-huge    "     /* 75 */
	.ascii "length-wraps   "     /* 90 */
	.ascii "below-base     "     /* 105 */
	.ascii "untagged-len0  "     /* 120 */
	.ascii "unknown-number "     /* 135 */
	.ascii "valid-control  "     /* 150 */
	.ascii "guard-page     "     /* 165 */
names_end:

	.text
CVM_CAP_GLOBAL obj_slot, obj, 16, CVM_RELOC_RODATA
CVM_CAP_GLOBAL names_slot, names, names_end - names, CVM_RELOC_RODATA

/* CASE n, want: a0/a1 are the write's arguments (set by the caller), t5 the number. */
.macro CASE n, want
	cjal c_out_2
	VERDICT \n, \want
.endm

CVM_FUNC cvm_main
	/* an integer (untagged) "pointer" to the victim's secret */
	li a0, VICTIM_SECRET
	li a1, 16
	li t5, HC_WRITE
	CASE 0, HC_EFAULT
	/* the monitor's (or handler's) sealed data capability, as found in our cap store */
	FROM_STORE a0, CS_HC_DDC
	li a1, 16
	li t5, HC_WRITE
	CASE 1, HC_EFAULT
	/* our own sealed data capability */
	FROM_STORE a0, CS_RET_DDC
	li a1, 16
	li t5, HC_WRITE
	CASE 2, HC_EFAULT
	/* no Permit_Load */
	CVM_LOAD_GLOBAL a0, obj_slot
	li t0, CAP_PERM_GLOBAL_ASM
	candperm ca0, ca0, t0
	li a1, 4
	li t5, HC_WRITE
	CASE 3, HC_EFAULT
	/* one byte more than the capability covers */
	CVM_LOAD_GLOBAL a0, obj_slot
	li a1, 17
	li t5, HC_WRITE
	CASE 4, HC_EFAULT
	/* length 2^64 - 1 */
	CVM_LOAD_GLOBAL a0, obj_slot
	li a1, -1
	li t5, HC_WRITE
	CASE 5, HC_EFAULT
	/* address + length wraps around to the base */
	CVM_LOAD_GLOBAL a0, obj_slot
	cincoffset ca0, ca0, 8
	li a1, -8
	li t5, HC_WRITE
	CASE 6, HC_EFAULT
	/* address one below the base (still tagged: representable) */
	CVM_LOAD_GLOBAL a0, obj_slot
	cincoffset ca0, ca0, -1
	li a1, 2
	li t5, HC_WRITE
	CASE 7, HC_EFAULT
	/* untagged with length 0 */
	li a0, VICTIM_SECRET
	li a1, 0
	li t5, HC_WRITE
	CASE 8, HC_EFAULT
#ifdef UNKNOWN_NUMBER
	/* a number nobody serves */
	CVM_LOAD_GLOBAL a0, obj_slot
	li a1, 4
	li t5, 999
	CASE 9, HC_ENOSYS
#endif
	/* a capability that allows the read (our stack: csp's bounds include the thread slot's
	 * lowest page) over memory that does not exist (the unmapped guard page): the monitor's
	 * copy fails cleanly, no host fault */
	cgetbase t0, csp
	csetaddr ca0, csp, t0
	li a1, 16
	li t5, HC_WRITE
	CASE 11, HC_EFAULT
	/* control: a valid write of 0 bytes returns 0 */
	CVM_LOAD_GLOBAL a0, obj_slot
	li a1, 0
	li t5, HC_WRITE
	CASE 10, 0
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
