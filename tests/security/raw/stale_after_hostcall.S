/* stale_after_hostcall - a capability register used for loads (so the hart may remember its
 * window) is left set across a hostcall: the monitor clears every register on its way back
 * (intravisor.md 5.1: a5 is not a preserved register), so at the return landing a load through it must fail on the tag:
 * Tag violation on ca5 (index 15). This cVM brings its own entry and return landing.
 * EXPECT: fault cause=28 cheri=0x02 idx=15 pc=fault
 */
#include "attack.h"
	.data
	.balign 16
obj:	.space 64
	.section .rodata
msg:	.ascii "probe\n"
	.text
CVM_CAP_GLOBAL obj_slot, obj, 64, CVM_RELOC_DATA
CVM_CAP_GLOBAL msg_slot, msg, 6, CVM_RELOC_RODATA

CVM_FUNC outer_c
	CVM_LOAD_GLOBAL a5, obj_slot
	cld a1, 0(ca5)
	cld a1, 8(ca5)
	CVM_LOAD_GLOBAL a0, msg_slot
	li a1, 6
	li t5, HC_WRITE
	clc ct3, ctp, TP_HC_PCC
	clc ct4, ctp, TP_HC_DDC
	cinvoke ct3, ct4
CVM_END outer_c

CVM_FUNC ret_from_monitor
FAULT_HERE
	cld a1, 8(ca5)
	/* reached only if ca5 survived the return: say so (no stack: stop with a different fault) */
	ebreak
CVM_END ret_from_monitor
