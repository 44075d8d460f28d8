/* tiny.S - an ELF seed for fuzz_elf: the smallest image the loader accepts (one executable
 * segment, a symbol table, one capability relocation to a function). Not meant to run. */
	.text
	.globl outer_c
	.type outer_c, @function
outer_c:
	ret
outer_c_end:
	.size outer_c, . - outer_c

	.data
	.balign 16
fnptr:
	.space 16

	.section __cap_relocs, "a"
	.balign 8
	.quad fnptr - __ehdr_start, outer_c - __ehdr_start, 0, outer_c_end - outer_c, 0x8000000000000000
