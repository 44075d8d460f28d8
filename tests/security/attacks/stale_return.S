/* stale_return - reuse a stale return capability. We are the victim's handler cVM (its
 * callback_out); every call it makes arrives at our syscall_handler with its return pair in
 * ct0/ct1 (sealed with the victim's otype: we can only CInvoke it). We keep a copy and forward
 * the call to the monitor with the victim's pair (a tail call: the monitor returns straight to
 * the victim). After the victim has exited, our own thread CInvokes the kept pair: it lands in
 * the victim's ret_from_monitor, which resumes the victim's code after its last call, on our
 * thread, with the victim's stack and authority. A stale return pair must not be usable: the
 * ideal end is a fault at that CInvoke or at the victim's landing (FINDINGS.md F2); today the
 * victim's code runs on our thread (here it spins in the loop after its exit call until
 * --budget stops it; the report shows the pc in the victim).
 * VICTIM_CALLBACK: attacker
 * ORDER: victim-first
 * BUDGET: 200000
 * XFAIL: F2 (a return pair can be replayed by the callee)
 * EXPECT: fault
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
 * ct0/ct1 = the victim's return pair, ct6 = our data capability. */
CVM_FUNC syscall_handler
	CVM_LOAD_GLOBAL t2, kept_slot
	csc ct0, 0(ct2)
	csc ct1, 16(ct2)
	FROM_STORE t3, CS_HC_PCC
	FROM_STORE t4, CS_HC_DDC
	cinvoke ct3, ct4
CVM_END syscall_handler
