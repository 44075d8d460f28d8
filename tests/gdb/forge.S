/* forge.S - an attack cVM for the GDB stub (tests/gdb/run.sh, case attack): its data holds
 * bytes shaped like RSP packets (a forged stop reply, a forged console packet, an interrupt
 * byte), it prints them, and then runs its own ebreak. The debugger must see the bytes only as
 * data (hex in m replies), the ebreak as the guest's own SIGTRAP (not a breakpoint of the
 * debugger's), and the thread must end with a fault report after it. */
#include "cvm.S"

	.section .rodata
msg:
	.ascii "$T05thread:1;swbreak:;#a3+$O41#b4\003$W00#b7\n"
msg_end:
	.equ msg_len, msg_end - msg

	.text
CVM_CAP_GLOBAL msg_slot, msg, msg_len, CVM_RELOC_RODATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, msg_len
	li t5, HC_WRITE
	cjal c_out_2
	CVM_LOAD_GLOBAL a0, msg_slot
	ebreak
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b
CVM_END cvm_main
