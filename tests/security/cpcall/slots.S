/* slots.S - tests/security/cpcall.py pthread_slots: a handler cVM (it links the SDK's
 * syscall_handler) with `threads: 30` handler contexts in its stack region makes threads
 * (hostcall 40) until the monitor says -EAGAIN. Each thread waits until the main thread sets
 * `stop`, so every one holds its slot meanwhile. A thread's stack must never be a slot a
 * handler context may use (contexts are made lazily, later, over the same slots: layout.h):
 * with 30 contexts (slots 1..30 of 64) threads get slots 63..32 from the bottom, 32 of them,
 * not the 46 a cVM with the default 16 contexts gets. Prints "created N", then "joined N". */
#include "sh.h"

	.data
	.balign 16
stop:	.zero 16
ids:	.zero 8 * 64

	.text
CVM_CAP_GLOBAL stop_slot, stop, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL ids_slot, ids, 8 * 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL waiter_slot, waiter, 8, CVM_RELOC_FUNCTION

/* waiter(ca0 = a capability to stop): sleep 1 ms until stop != 0, then exit with 7 */
CVM_FUNC waiter
	cmove cs1, ca0
	cincoffsetimm csp, csp, -32
1:	cld t0, 0(cs1)
	bnez t0, 2f
	li t0, 1000000                    /* 1 ms */
	csd zero, 0(csp)
	csd t0, 8(csp)
	cmove ca0, csp
	li t1, 16
	csetbounds ca0, ca0, t1
	cmove ca1, cnull
	HC 2, HC_NANOSLEEP
	j 1b
2:	li a0, 7
	cjal cvm_thread_exit
CVM_END waiter

/* SAY_N "text": print "text NN" with a0 (< 100) as NN */
.macro SAY_N text
	mv s4, a0
	li t0, 10
	divu t1, s4, t0
	remu t2, s4, t0
	addi t1, t1, '0'
	addi t2, t2, '0'
	.pushsection .data
.Lbuf\@: .ascii "\text NN\n"
.Lbuf_end\@:
	.equ .Lbuf_len\@, .Lbuf_end\@ - .Lbuf\@
	.popsection
	CVM_CAP_GLOBAL .Lbuf_slot\@, .Lbuf\@, .Lbuf_len\@, CVM_RELOC_DATA
	CVM_LOAD_GLOBAL a0, .Lbuf_slot\@
	li t3, .Lbuf_len\@ - 3
	cincoffset ct4, ca0, t3
	csb t1, 0(ct4)
	csb t2, 1(ct4)
	li a1, .Lbuf_len\@
	HC 2, HC_WRITE
.endm

/* syscall (for the SDK's syscall_handler): nobody calls this cVM; -ENOSYS if one did */
CVM_FUNC syscall
	li a0, -38
	cret
CVM_END syscall

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL s1, stop_slot
	CVM_LOAD_GLOBAL s2, ids_slot
	li s3, 0                          /* threads made */
1:	CVM_LOAD_GLOBAL a0, waiter_slot
	cmove ca1, cs1
	cjal cvm_thread_create
	blez a0, 2f
	slli t0, s3, 3
	cincoffset ct0, cs2, t0
	csd a0, 0(ct0)
	addi s3, s3, 1
	li t0, 64
	bne s3, t0, 1b
2:	mv s5, a0                         /* the refusal */
	mv a0, s3
	SAY_N "created"
	mv a0, s5
	EXPECT HC_EAGAIN, refused-with-eagain
	li t0, 1
	csd t0, 0(cs1)
	li s6, 0                          /* joined with value 7 */
	li s7, 0
3:	beq s7, s3, 4f
	slli t0, s7, 3
	cincoffset ct0, cs2, t0
	cld a0, 0(ct0)
	cincoffsetimm csp, csp, -16
	cmove ca1, csp
	li t1, 8
	csetbounds ca1, ca1, t1
	cjal cvm_thread_join
	bnez a0, 5f
	cld t0, 0(csp)
	li t1, 7
	bne t0, t1, 5f
	addi s6, s6, 1
5:	cincoffsetimm csp, csp, 16
	addi s7, s7, 1
	j 3b
4:	mv a0, s6
	SAY_N "joined"
	EXIT0
CVM_END cvm_main
