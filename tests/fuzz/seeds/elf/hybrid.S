/* hybrid.S - an ELF seed for fuzz_elf: a hybrid (non pure-cap) image, no __cap_relocs, with
 * the integer dynamic relocations the loader accepts: R_RISCV_RELATIVE (local pointer),
 * R_RISCV_64 against a defined global and against a weak undefined symbol, and the heap
 * symbols deploy looks for. Not meant to run. */
	.text
	.globl outer_c
	.type outer_c, @function
outer_c:
	nop
1:	j 1b
	.size outer_c, . - outer_c

	.globl ret_from_monitor
	.type ret_from_monitor, @function
ret_from_monitor:
	ret
	.size ret_from_monitor, . - ret_from_monitor

	.data
	.balign 16
	.globl shared_counter
	.type shared_counter, @object
shared_counter:
	.quad 41
	.size shared_counter, 8
local_ptr:
	.quad local_ptr          /* R_RISCV_RELATIVE */
global_ptr:
	.quad shared_counter + 8 /* R_RISCV_64 against a preemptible global */
	.weak missing
weak_ptr:
	.quad missing + 4        /* R_RISCV_64 against a weak undefined symbol: 4 */

	.balign 16
	.globl cvm_heap_begin
	.type cvm_heap_begin, @object
cvm_heap_begin:
	.space 16
	.size cvm_heap_begin, 16
	.globl cvm_heap_size
	.type cvm_heap_size, @object
cvm_heap_size:
	.quad 0
	.size cvm_heap_size, 8
