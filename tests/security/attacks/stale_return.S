/* stale_return - a callee returns twice: once for the call it served, then again later from
 * its own thread. We are the victim's handler cVM (its callback_out). The victim's write
 * arrives on the victim's thread at our syscall_handler; we forward it (c_out_2: a nested call
 * through the switcher to the monitor) and return with the switcher's return pair, keeping a
 * copy of that pair. After the victim has exited (ORDER victim-first, wait -1), our own thread
 * CInvokes the kept pair. The old design handed callees a return pair that resumed the caller
 * (F2: the victim's code ran again after its exit, on our thread). Now the pair names nobody:
 * the switcher looks at our hart's trusted stack, finds no call in flight and ends our thread
 * with a bad-return report; the victim's output is exactly once.
 * VICTIM_CALLBACK: attacker
 * ORDER: victim-first
 * BUDGET: 200000
 * EXPECT: fault cause=1 pc=0x482f0 kind=bad-return
 */
#include "attack.h"
	.data
	.balign 16
kept:	.space 32
	.text
CVM_CAP_GLOBAL kept_slot, kept, 32, CVM_RELOC_DATA

CVM_FUNC cvm_main
	CVM_LOAD_GLOBAL t2, kept_slot
	clc ct0, 0(ct2)
	clc ct1, 16(ct2)
	li a0, 0
	cinvoke ct0, ct1
	AFTER_FAULT
CVM_END cvm_main

/* FROM: the switcher (the victim's call). LIVE IN: t5, ca0..ca6, csp/ctp = our context. */
CVM_FUNC syscall_handler
	cjal c_out_2                       /* forward (write, exit) with the victim's arguments */
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DDC
	CVM_LOAD_GLOBAL t2, kept_slot
	csc ct0, 0(ct2)
	csc ct1, 16(ct2)
	cinvoke ct0, ct1
CVM_END syscall_handler
