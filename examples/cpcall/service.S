/* service.S - examples/cpcall, the callee: registers three of its functions under keys
 * (hostcall 411) and waits until a caller has called "quit". The functions run on the
 * caller's thread, on a stack of this cVM's own (a callee context the switcher chose), with
 * nothing of the caller's but the arguments; they return with `cret` (cra = the switcher's
 * return sentry), the result in a0.
 *   sum(ca0 = bytes [Load], a1 = count)  -> their sum
 *   upper(ca0 = text [Load, Store])      -> letters made upper case, in place, up to NUL/top
 *   quit()                               -> 0; wakes the waiting main thread (408 on quit's id)
 */
#include "cvm.S"

	.section .rodata
k_sum:		.asciz "sum"
k_upper:	.asciz "upper"
k_quit:		.asciz "quit"
s_reg:		.ascii "service: registering sum, upper and quit\n"
s_reg_end:
	.equ s_reg_len, s_reg_end - s_reg
s_done:		.ascii "service: told to quit, exiting\n"
s_done_end:
	.equ s_done_len, s_done_end - s_done
s_err:		.ascii "service: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.data
	.balign 16
quit_id:	.dword 0, 0

	.text
CVM_CAP_GLOBAL k_sum_slot, k_sum, 4, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_upper_slot, k_upper, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_quit_slot, k_quit, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_reg_slot, s_reg, s_reg_end - s_reg, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_done_slot, s_done, s_done_end - s_done, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_end - s_err, CVM_RELOC_RODATA
CVM_CAP_GLOBAL quit_id_slot, quit_id, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL sum_fn_slot, sum, 8, CVM_RELOC_FUNCTION
CVM_CAP_GLOBAL upper_fn_slot, upper, 8, CVM_RELOC_FUNCTION
CVM_CAP_GLOBAL quit_fn_slot, quit, 8, CVM_RELOC_FUNCTION

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, s_reg_slot
	li a1, s_reg_len
	li t5, HC_WRITE
	cjal c_out_2
	/* quit first, its id stored where quit() finds it: callers start once "sum" exists */
	CVM_LOAD_GLOBAL a0, quit_fn_slot
	CVM_LOAD_GLOBAL a1, k_quit_slot
	cjal cvm_call_register
	bltz a0, fail
	mv s1, a0
	CVM_LOAD_GLOBAL t0, quit_id_slot
	csd s1, 0(ct0)
	CVM_LOAD_GLOBAL a0, upper_fn_slot
	CVM_LOAD_GLOBAL a1, k_upper_slot
	cjal cvm_call_register
	bltz a0, fail
	CVM_LOAD_GLOBAL a0, sum_fn_slot
	CVM_LOAD_GLOBAL a1, k_sum_slot
	cjal cvm_call_register
	bltz a0, fail
	/* until quit() wakes us: a fresh entry's count is 0, so a wake that comes first is not lost */
	mv a0, s1
	li a1, 0                          /* the count a fresh entry starts with */
	li a2, 20000000000                /* 20 s: never a wait that cannot end */
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, fail
	CVM_LOAD_GLOBAL a0, s_done_slot
	li a1, s_done_len
	li t5, HC_WRITE
	cjal c_out_2
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	mv a2, a0
	CVM_LOAD_GLOBAL a0, s_err_slot
	li a1, s_err_len
	cjal fail_exit
CVM_END cvm_main

/* sum: LIVE IN ca0 = bytes, a1 = count (every load through ca0: a count beyond its bounds
 * faults here, in the callee, and the caller gets -ECONNABORTED) */
CVM_FUNC sum
	li t0, 0
	li t1, 0
1:	beq t1, a1, 2f
	cincoffset ct2, ca0, t1
	clbu t3, 0(ct2)
	add t0, t0, t3
	addi t1, t1, 1
	j 1b
2:	mv a0, t0
	cret
CVM_END sum

CVM_FUNC upper
	cgetlen t0, ca0
	cgetoffset t1, ca0
	sub t0, t0, t1
	li t1, 0
	li a1, 0
1:	beq t1, t0, 3f
	cincoffset ct2, ca0, t1
	clbu t3, 0(ct2)
	beqz t3, 3f
	li t4, 'a'
	blt t3, t4, 2f
	li t4, 'z'
	bgt t3, t4, 2f
	addi t3, t3, 'A' - 'a'
	csb t3, 0(ct2)
	addi a1, a1, 1
2:	addi t1, t1, 1
	j 1b
3:	mv a0, a1
	cret
CVM_END upper

/* quit: wake our main thread; a nested hostcall from the callee (to its own callback_out) */
CVM_FUNC quit
	cincoffsetimm csp, csp, -16
	csc cra, 0(csp)
	CVM_LOAD_GLOBAL t0, quit_id_slot
	cld a0, 0(ct0)
	li t5, HC_CAP_WAKE
	cjal c_out_1
	clc cra, 0(csp)
	cincoffsetimm csp, csp, 16
	slti a0, a0, 0                    /* 0, or 1 if the wake failed */
	cret
CVM_END quit
