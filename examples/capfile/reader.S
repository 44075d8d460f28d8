/* reader.S - examples/capfile: waits until the writer has shared "board", reads it through
 * the capability the probe gave it, finds it read-only, writes a line into the monitor's
 * capfile "motd" with its own stores and wakes the writer. */
#include "cvm.S"

	.section .rodata
motd_key:	.asciz "motd"
board_key:	.asciz "board"
s_board:	.ascii "reader: board says: "
s_board_end:
	.equ s_board_len, s_board_end - s_board
s_ro:		.ascii "reader: board is read-only, 64 bytes\n"
s_ro_end:
	.equ s_ro_len, s_ro_end - s_ro
s_new:		.asciz "reader was here\n"
s_err:		.ascii "reader: a hostcall failed\n"
s_err_end:
	.equ s_err_len, s_err_end - s_err

	.text
CVM_CAP_GLOBAL motd_key_slot, motd_key, 5, CVM_RELOC_RODATA
CVM_CAP_GLOBAL board_key_slot, board_key, 6, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_board_slot, s_board, s_board_end - s_board, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_ro_slot, s_ro, s_ro_end - s_ro, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_new_slot, s_new, 17, CVM_RELOC_RODATA
CVM_CAP_GLOBAL s_err_slot, s_err, s_err_end - s_err, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	cincoffsetimm csp, csp, -64
	/* motd: capability at 0(csp) */
	CVM_LOAD_GLOBAL a0, motd_key_slot
	cincoffsetimm ca1, csp, 0
	li a2, 0
	li t5, HC_CAPFILE_PROBE
	cjal c_out_3
	bltz a0, fail
	mv s1, a0
	/* until the writer has shared board (it wakes motd once) */
	mv a0, s1
	li a1, 0
	li a2, 10000000000
	li t5, HC_CAP_WAIT
	cjal c_out_3
	bltz a0, fail
	/* board: capability at 32(csp), size at 48(csp) */
	CVM_LOAD_GLOBAL a0, board_key_slot
	cincoffsetimm ca1, csp, 32
	cincoffsetimm ca2, csp, 48
	li t5, HC_CAPFILE_PROBE
	cjal c_out_3
	bltz a0, fail
	mv s2, a0
	CVM_LOAD_GLOBAL a0, s_board_slot
	li a1, s_board_len
	li t5, HC_WRITE
	cjal c_out_2
	clc ca0, 32(csp)
	cjal puts_z
	/* read-only and 64 bytes? */
	clc ct0, 32(csp)
	cgetperm t1, ct0
	andi t1, t1, 8                  /* Store */
	bnez t1, 1f
	cld t2, 48(csp)
	li t3, 64
	bne t2, t3, 1f
	CVM_LOAD_GLOBAL a0, s_ro_slot
	li a1, s_ro_len
	li t5, HC_WRITE
	cjal c_out_2
1:	/* write into motd with our own stores */
	clc ca0, 0(csp)
	CVM_LOAD_GLOBAL a1, s_new_slot
	cjal memcpy_z
	mv a0, s2
	li t5, HC_CAP_WAKE
	cjal c_out_1
	bltz a0, fail
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
fail:
	mv a2, a0
	CVM_LOAD_GLOBAL a0, s_err_slot
	li a1, s_err_len
	cjal fail_exit
CVM_END cvm_main
