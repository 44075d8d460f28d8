/* stale_return - reuse a stale return capability. We are the victim's handler cVM (its
 * callback_out); every call it makes arrives at our syscall_handler with its return pair in
 * ct0/ct1 (sealed with the victim's otype: we can only CInvoke it). We keep a copy and forward
 * the call to the monitor with the victim's pair (a tail call: the monitor returns straight to
 * the victim). After the victim has exited, our own thread CInvokes the kept pair: it lands in
 * the victim's ret_from_monitor, which finds no call in flight in the victim's save area (the
 * monitor returned its write once; the monitor cleared the word when the victim's thread ended
 * with exit) and stops at the ebreak of __cvm_stale_return (FINDINGS.md F2, fixed): our
 * thread faults with a breakpoint, pc in the victim, before any of the victim's state is
 * loaded. Before the fix the victim's code resumed after its exit call on our thread (and spun
 * there until --budget stopped it).
 * VICTIM_CALLBACK: attacker
 * ORDER: victim-first
 * BUDGET: 200000
 * EXPECT: fault cause=3 pc=victim:__cvm_stale_return in=victim
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

/* FROM: the victim's c_call (CInvoke of its hostcall pair = our entry). LIVE IN: t5, ca0..ca6,
 * ct0/ct1 = the victim's return pair, ct6 = our data capability. The pair of the last write
 * is kept (run.py's nested_stale_return also uses this image: there the last write comes from
 * a handler context of the cVM between, and its exit arrives with another pair). */
CVM_FUNC syscall_handler
	li t3, HC_WRITE
	bne t5, t3, 1f
	CVM_LOAD_GLOBAL t2, kept_slot
	csc ct0, 0(ct2)
	csc ct1, 16(ct2)
1:	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_HC_DDC
	cinvoke ct3, ct4
CVM_END syscall_handler
