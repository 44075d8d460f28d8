/* threads.S - examples/threads: one pure-cap cVM, four threads (hostcall 40) summing disjoint
 * quarters of an array of 1..1024 (u64). Each thread gets a capability bounded to its quarter
 * (2 KiB, read-only) as its argument and nothing else of the main thread's; it ends with its
 * sum as exit value (42); the main thread joins each (41) and prints the partial sums and the
 * total, then joins one again (-ESRCH: already joined). */
#include "cvm.S"

	.section .rodata
s_part:		.ascii "threads: quarter "
s_part_end:
	.equ s_part_len, s_part_end - s_part
s_eq:		.ascii " sums to "
s_eq_end:
	.equ s_eq_len, s_eq_end - s_eq
s_total:	.ascii "threads: total "
s_total_end:
	.equ s_total_len, s_total_end - s_total
s_again:	.ascii "threads: joining quarter 0 again -> "
s_again_end:
	.equ s_again_len, s_again_end - s_again
s_nl:		.ascii "\n"
s_err:		.ascii "threads: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.data
	.balign 4096
numbers:	.zero 8192

	.text
CVM_CAP_GLOBAL numbers_slot, numbers, 8192, CVM_RELOC_DATA
CVM_CAP_GLOBAL worker_slot, worker, 8, CVM_RELOC_FUNCTION
CVM_CAP_GLOBAL s_part_slot, s_part, s_part_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_eq_slot, s_eq, s_eq_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_total_slot, s_total, s_total_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_again_slot, s_again, s_again_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_nl_slot, s_nl, 1, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_len, CVM_RELOC_RODATA


/* worker: LIVE IN ca0 = its quarter (read-only); exits with the sum of its u64s */
CVM_FUNC worker
	cgetlen t0, ca0
	li t1, 0
	li a1, 0
1:	beq t1, t0, 2f
	cincoffset ct2, ca0, t1
	cld t3, 0(ct2)
	add a1, a1, t3
	addi t1, t1, 8
	j 1b
2:	mv a0, a1
	cjal cvm_thread_exit
CVM_END worker

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -96
	/* numbers[i] = i + 1 */
	CVM_LOAD_GLOBAL s1, numbers_slot
	li t0, 0
	li t1, 1024
1:	slli t2, t0, 3
	cincoffset ct2, cs1, t2
	addi t3, t0, 1
	csd t3, 0(ct2)
	addi t0, t0, 1
	bne t0, t1, 1b
	/* four threads: ids at 0(csp) .. 24(csp) */
	li s2, 0
2:	slli t0, s2, 11                   /* quarter k: bytes [2048 k, 2048 k + 2048) */
	cincoffset ca1, cs1, t0
	li t1, 2048
	csetbounds ca1, ca1, t1
	li t1, 5                          /* Global, Load */
	candperm ca1, ca1, t1
	CVM_LOAD_GLOBAL a0, worker_slot
	cjal cvm_thread_create
	blez a0, fail
	slli t0, s2, 3
	cincoffset ct0, csp, t0
	csd a0, 0(ct0)
	addi s2, s2, 1
	li t1, 4
	bne s2, t1, 2b
	/* join them in order, print each sum */
	li s2, 0
	li s3, 0
3:	slli t0, s2, 3
	cincoffset ct0, csp, t0
	cld a0, 0(ct0)
	cincoffsetimm ca1, csp, 64
	li t1, 8
	csetbounds ca1, ca1, t1
	cjal cvm_thread_join
	bnez a0, fail
	cld s4, 64(csp)
	add s3, s3, s4
	CVM_SAY s_part_slot, s_part_len
	mv a0, s2
	cjal print_num
	CVM_SAY s_eq_slot, s_eq_len
	mv a0, s4
	cjal print_num
	CVM_SAY s_nl_slot, 1
	addi s2, s2, 1
	li t1, 4
	bne s2, t1, 3b
	CVM_SAY s_total_slot, s_total_len
	mv a0, s3
	cjal print_num
	CVM_SAY s_nl_slot, 1
	/* a thread is joined once */
	cld a0, 0(csp)
	li a1, 0
	cjal cvm_thread_join
	mv s4, a0
	CVM_SAY s_again_slot, s_again_len
	mv a0, s4
	cjal print_num
	CVM_SAY s_nl_slot, 1
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	mv a2, a0
	CVM_LOAD_GLOBAL a0, s_err_slot
	li a1, s_err_len
	cjal fail_exit
CVM_END cvm_main
