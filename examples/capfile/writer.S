/* writer.S - examples/capfile: reads the monitor's capfile "motd", shares a buffer of its own
 * read-only under the key "board" (hostcall 405), tells the reader (a wake on motd's id),
 * waits until the reader is done (a wait on board's id) and prints motd again: the reader
 * wrote it with its own stores, through its own capability, and nothing was copied. */
#include "cvm.S"

	.section .rodata
motd_key:	.asciz "motd"
board_key:	.asciz "board"
s_motd:		.ascii "writer: motd says: "
s_motd_end:
	.equ s_motd_len, s_motd_end - s_motd
s_now:		.ascii "writer: motd now: "
s_now_end:
	.equ s_now_len, s_now_end - s_now
s_err:		.ascii "writer: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.data
	.balign 64
board:		.ascii "numbers from writer: 1 2 3\n"
	.balign 64

	.text
CVM_CAP_GLOBAL motd_key_slot, motd_key, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL board_key_slot, board_key, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_motd_slot, s_motd, s_motd_end - s_motd, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_now_slot, s_now, s_now_end - s_now, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_end - s_err, CVM_RELOC_RODATA
CVM_CAP_GLOBAL board_slot, board, 64, CVM_RELOC_DATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -64
	/* probe "motd": its capability at 0(csp), its size at 16(csp) */
	CVM_LOAD_GLOBAL a0, motd_key_slot
	cincoffsetimm ca1, csp, 0
	cincoffsetimm ca2, csp, 16
	li t5, HC_CAPFILE_PROBE
	cjal c_out_3
	bltz a0, fail
	mv s1, a0                       /* motd's id */
	CVM_LOAD_GLOBAL a0, s_motd_slot
	li a1, s_motd_len
	li t5, HC_WRITE
	cjal c_out_2
	clc ca0, 0(csp)
	cjal puts_z
	/* share "board", read-only */
	CVM_LOAD_GLOBAL a0, board_slot
	li a1, 64
	CVM_LOAD_GLOBAL a2, board_key_slot
	li a3, HC_CF_READONLY
	li t5, HC_CAPFILE_ADV
	cjal c_out_4
	bltz a0, fail
	mv s2, a0                       /* board's id */
	/* the reader may go on */
	mv a0, s1
	li t5, HC_CAP_WAKE
	cjal c_out_1
	bltz a0, fail
	/* until the reader wakes board (10 s at most) */
	mv a0, s2
	li a1, 0
	li a2, 10000000000
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, fail
	CVM_LOAD_GLOBAL a0, s_now_slot
	li a1, s_now_len
	li t5, HC_WRITE
	cjal c_out_2
	clc ca0, 0(csp)
	cjal puts_z
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	mv a2, a0
	CVM_LOAD_GLOBAL a0, s_err_slot
	li a1, s_err_len
	cjal fail_exit
CVM_END cvm_main
