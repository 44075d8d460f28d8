/* unknown.S - calls hostcall 12345, which nobody serves. Through the monitor it returns
 * HC_ENOSYS (-38): prints "enosys ok" (or "enosys BAD") and exits. Through first's
 * syscall_handler, first prints "unknown t5" and exits this thread: nothing else is printed. */
#include "cvm.S"

	.section .rodata
ok_msg:
	.ascii "enosys ok\n"
bad_msg:
	.ascii "enosys BAD\n"
end_msg:
	.equ ok_len, bad_msg - ok_msg
	.equ bad_len, end_msg - bad_msg

	.text
CVM_CAP_GLOBAL ok_slot, ok_msg, ok_len, CVM_RELOC_RODATA
CVM_CAP_GLOBAL bad_slot, bad_msg, bad_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	li t5, 12345
	cjal c_out_0
	li t0, HC_ENOSYS
	bne a0, t0, 1f
	CVM_LOAD_GLOBAL a0, ok_slot
	li a1, ok_len
	j 2f
1:	CVM_LOAD_GLOBAL a0, bad_slot
	li a1, bad_len
2:	li t5, HC_WRITE
	cjal c_out_2
	li t5, HC_EXIT
	cjal c_out_0
3:	j 3b
CVM_END cvm_main
