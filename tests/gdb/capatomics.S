/* capatomics.S - a pure-cap cVM for --trace=mem (tests/gdb/run.sh, case trace-atomics): the
 * capability atomics on one 16-byte cell: clr.c (the cell holds NULL), csc.c of a capability
 * to the cell (succeeds: a3 = 0), camoswap.c with the result register equal to the operand
 * register (the trace says "(overwritten)"), then exit. */
#include "cvm.S"

	.data
	.balign 16
cell:
	.space 16

	.text
CVM_CAP_GLOBAL cell_slot, cell, 16, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, cell_slot
	clr.c ca2, (ca0)
	csc.c a3, ca0, (ca0)
	cmove ca4, ca0
	camoswap.c ca4, ca4, (ca0)
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
