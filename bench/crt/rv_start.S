/* rv_start.S - entry point of the -nostdlib RV64 benchmark programs (BENCH_LIBC=0): set gp, call
 * main(), exit with its return value. The stack pointer comes from the loader. */
	.text
	.globl _start
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	andi sp, sp, -16
	call main
	call bench_exit
1:	j 1b
