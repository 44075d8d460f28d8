/* good.S - a tiny pure-cap-shaped cVM image for the loader tests (not meant to run).
 * Built with riscv64-linux-gnu-gcc -shared -nostdlib -fPIC. It has what deploy needs:
 * entry outer_c, ret_from_monitor, syscall_handler, a captable filled through __cap_relocs
 * (a constant, an object, the 0xabba local_cap_store and a function), and a BSS.
 * -DNO_HANDLER leaves syscall_handler out (a cVM that cannot serve callbacks).
 * __cap_relocs words are link-time offsets (symbol - __ehdr_start), so no dynamic relocation. */
	.text
	.globl outer_c
	.type outer_c, @function
outer_c:
	nop
	unimp		/* not meant to run: a run ends with an illegal-instruction fault */
	.size outer_c, . - outer_c

	.globl helper
	.type helper, @function
helper:
	ret
helper_end:
	.size helper, . - helper

	.globl ret_from_monitor
	.type ret_from_monitor, @function
ret_from_monitor:
	unimp
	unimp
	.size ret_from_monitor, . - ret_from_monitor

#ifndef NO_HANDLER
	.globl syscall_handler
	.type syscall_handler, @function
syscall_handler:
	unimp
	unimp
	.size syscall_handler, . - syscall_handler
#endif

	.section .rodata
msg:
	.asciz "hello good\n"
msg_end:

	.data
	.balign 16
	.globl captable
captable:
	.space 16 * 4
counter:
	.quad 7
ptr:
	.quad counter   /* -> R_RISCV_RELATIVE */
	.balign 16
table:
	.space 48
table_end:

	.bss
	.balign 16
	.globl local_cap_store
	.type local_cap_store, @object
local_cap_store:
	.space 0xabba
	.size local_cap_store, 0xabba

	.section __cap_relocs, "a"
	.balign 8
	/* {location, base, offset, length, perms} */
	.quad captable + 0  - __ehdr_start, msg - __ehdr_start, 0, msg_end - msg, 0x4000000000000000
	.quad captable + 16 - __ehdr_start, table - __ehdr_start, 0, table_end - table, 0
	.quad captable + 32 - __ehdr_start, local_cap_store - __ehdr_start, 0, 0xabba, 0
	.quad captable + 48 - __ehdr_start, helper - __ehdr_start, 0, helper_end - helper, 0x8000000000000000
