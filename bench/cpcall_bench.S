/* cpcall_bench.S - the CP_Call null round trip (bench/hostcall_bench.sh, path "cpcall").
 * -DCALLEE: registers `null` (returns 0) under "null" and `quit` under "quit", waits until
 * quit is called, exits. Else the caller: waits for "null", makes ITER calls of it by id
 * (no key to read, no budget), calls quit, exits. An ITER = 0 build times everything else. */
#include "cvm.S"

#ifndef ITER
#define ITER 1000000
#endif

	.section .rodata
k_null:	.asciz "null"
k_quit:	.asciz "quit"

	.text
CVM_CAP_GLOBAL k_null_slot, k_null, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL k_quit_slot, k_quit, 5, CVM_RELOC_RODATA

#ifdef CALLEE
	.data
	.balign 16
quit_id: .dword 0, 0
	.text
CVM_CAP_GLOBAL quit_id_slot, quit_id, 16, CVM_RELOC_DATA
CVM_CAP_GLOBAL null_fn, null, 8, CVM_RELOC_FUNCTION
CVM_CAP_GLOBAL quit_fn, quit, 8, CVM_RELOC_FUNCTION

CVM_FUNC null
	li a0, 0
	cret
CVM_END null

CVM_FUNC quit
	cincoffsetimm csp, csp, -16
	csc cra, 0(csp)
	CVM_LOAD_GLOBAL t0, quit_id_slot
	cld a0, 0(ct0)
	li t5, HC_CAP_WAKE
	cjal c_out_1
	clc cra, 0(csp)
	cincoffsetimm csp, csp, 16
	cret
CVM_END quit

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, quit_fn
	CVM_LOAD_GLOBAL a1, k_quit_slot
	cjal cvm_call_register
	bltz a0, 9f
	mv s1, a0
	CVM_LOAD_GLOBAL t0, quit_id_slot
	csd s1, 0(ct0)
	CVM_LOAD_GLOBAL a0, null_fn
	CVM_LOAD_GLOBAL a1, k_null_slot
	cjal cvm_call_register
	bltz a0, 9f
	mv a0, s1
	li a1, 0
	li a2, 600000000000               /* 10 min */
	li t5, HC_CAP_WAIT
	cjal c_out_3
	li a0, 0
9:	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
#else
CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -32
1:	CVM_LOAD_GLOBAL a0, k_null_slot
	cjal cvm_call_lookup
	bgez a0, 2f
	li t0, 100000                     /* 100 us */
	csd zero, 0(csp)
	csd t0, 8(csp)
	cincoffsetimm ca0, csp, 0
	li t1, 16
	csetbounds ca0, ca0, t1
	li a1, 0
	li t5, HC_NANOSLEEP
	cjal c_out_2
	j 1b
2:	mv s2, a0                         /* null's id */
	li s1, ITER
	beqz s1, 4f
3:	mv a0, s2
	li a1, 0
	cjal cvm_call
	addi s1, s1, -1
	bnez s1, 3b
4:	CVM_LOAD_GLOBAL a0, k_quit_slot
	li a1, 0
	cjal cvm_call
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
CVM_END cvm_main
#endif
