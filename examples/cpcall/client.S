/* client.S - examples/cpcall, the caller: finds the service's functions by key and calls
 * them (hostcall 403) on its own thread. Only the argument capabilities cross, each bounded to
 * what the call needs: sum gets 10 bytes of our stack, read-only; upper gets 13 bytes, read
 * and write. Then: an unknown key, 1000 calls by id, quit, and a call once the service has
 * ended (its functions went with it). */
#include "cvm.S"

	.section .rodata
k_sum:		.asciz "sum"
k_upper:	.asciz "upper"
k_quit:		.asciz "quit"
k_nope:		.asciz "nope"
hello:		.asciz "hello cpcall"
s_sum:		.ascii "client: sum(1..10) = "
s_sum_end:
	.equ s_sum_len, s_sum_end - s_sum
s_upper:	.ascii "client: upper(\"hello cpcall\") = \""
s_upper_end:
	.equ s_upper_len, s_upper_end - s_upper
s_changed:	.ascii "\", letters changed: "
s_changed_end:
	.equ s_changed_len, s_changed_end - s_changed
s_nope:		.ascii "client: call \"nope\" -> "
s_nope_end:
	.equ s_nope_len, s_nope_end - s_nope
s_many:		.ascii "client: 1000 calls of sum by id, total "
s_many_end:
	.equ s_many_len, s_many_end - s_many
s_quit:		.ascii "client: quit -> "
s_quit_end:
	.equ s_quit_len, s_quit_end - s_quit
s_gone:		.ascii "client: sum once the service has ended -> "
s_gone_end:
	.equ s_gone_len, s_gone_end - s_gone
s_nl:		.ascii "\n"
s_err:		.ascii "client: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.text
CVM_CAP_GLOBAL k_sum_slot, k_sum, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_upper_slot, k_upper, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_quit_slot, k_quit, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_nope_slot, k_nope, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL hello_slot, hello, 13, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_sum_slot, s_sum, s_sum_end - s_sum, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_upper_slot, s_upper, s_upper_end - s_upper, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_changed_slot, s_changed, s_changed_end - s_changed, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_nope_slot, s_nope, s_nope_end - s_nope, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_many_slot, s_many, s_many_end - s_many, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_quit_slot, s_quit, s_quit_end - s_quit, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_gone_slot, s_gone, s_gone_end - s_gone, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_nl_slot, s_nl, 1, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_end - s_err, CVM_RELOC_RODATA



CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -128
	/* the service registers "sum" last: wait for it (1 ms steps, at most 10 s) */
	li s2, 10000
1:	CVM_LOAD_GLOBAL a0, k_sum_slot
	cjal cvm_call_lookup
	bgez a0, 2f
	li t0, HC_ENOENT
	bne a0, t0, fail
	cjal sleep_ms
	addi s2, s2, -1
	bnez s2, 1b
	j fail
2:	mv s1, a0                         /* sum's id */

	/* sum: 1..10 at 32(csp), passed as a 10-byte read-only capability */
	li t0, 1
3:	addi t1, t0, 31
	cincoffset ct1, csp, t1
	csb t0, 0(ct1)
	addi t0, t0, 1
	li t2, 11
	bne t0, t2, 3b
	CVM_SAY s_sum_slot, s_sum_len
	cincoffsetimm ca2, csp, 32
	li t0, 10
	csetbounds ca2, ca2, t0
	li t0, 5                          /* Global, Load */
	candperm ca2, ca2, t0
	li a3, 10
	CVM_LOAD_GLOBAL a0, k_sum_slot
	li a1, 0                          /* no budget of its own */
	cjal cvm_call
	cjal print_num
	CVM_SAY s_nl_slot, 1

	/* upper: "hello cpcall" copied to 64(csp), 13 bytes read/write */
	cincoffsetimm ca0, csp, 64
	CVM_LOAD_GLOBAL a1, hello_slot
	cjal memcpy_z
	cincoffsetimm ca2, csp, 64
	li t0, 13
	csetbounds ca2, ca2, t0
	li t0, 13                         /* Global, Load, Store */
	candperm ca2, ca2, t0
	CVM_LOAD_GLOBAL a0, k_upper_slot
	li a1, 0
	cjal cvm_call
	mv s3, a0
	CVM_SAY s_upper_slot, s_upper_len
	cincoffsetimm ca0, csp, 64
	li t0, 13
	csetbounds ca0, ca0, t0
	cjal puts_z
	CVM_SAY s_changed_slot, s_changed_len
	mv a0, s3
	cjal print_num
	CVM_SAY s_nl_slot, 1

	/* a key nobody registered */
	CVM_LOAD_GLOBAL a0, k_nope_slot
	li a1, 0
	cjal cvm_call
	mv s3, a0
	CVM_SAY s_nope_slot, s_nope_len
	mv a0, s3
	cjal print_num
	CVM_SAY s_nl_slot, 1

	/* 1000 calls by id (an untagged integer in ca0: no key to read) */
	li s4, 1000
	li s5, 0
4:	cincoffsetimm ca2, csp, 32
	li t0, 10
	csetbounds ca2, ca2, t0
	li a3, 10
	mv a0, s1
	li a1, 0
	cjal cvm_call
	add s5, s5, a0
	addi s4, s4, -1
	bnez s4, 4b
	CVM_SAY s_many_slot, s_many_len
	mv a0, s5
	cjal print_num
	CVM_SAY s_nl_slot, 1

	/* quit, then call sum until the service has ended (ENOENT; at most 10 s) */
	CVM_LOAD_GLOBAL a0, k_quit_slot
	li a1, 0
	cjal cvm_call
	mv s6, a0                         /* printed once the service has ended: its own line comes first */
	li s2, 10000
5:	cincoffsetimm ca2, csp, 32
	li t0, 10
	csetbounds ca2, ca2, t0
	li a3, 10
	mv a0, s1
	li a1, 0
	cjal cvm_call
	bltz a0, 6f
	cjal sleep_ms
	addi s2, s2, -1
	bnez s2, 5b
	j fail
6:	mv s3, a0
	CVM_SAY s_quit_slot, s_quit_len
	mv a0, s6
	cjal print_num
	CVM_SAY s_nl_slot, 1
	CVM_SAY s_gone_slot, s_gone_len
	mv a0, s3
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
