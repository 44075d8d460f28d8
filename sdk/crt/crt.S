/* crt.S - entry, hostcall trampolines and return landing of a pure-cap cVM (sdk/README.md).
 *
 * Everything here runs in capability mode (PCC flag 1): every load and store goes through the
 * capability register named in it. Register atlas used below:
 *   csp, ctp   the current context's stack and TP area (sdk/include/cvm_abi.h: TP_*)
 *   ct0, ct1   the return pair handed to the callee (TP_RET_PCC, TP_RET_DATA)
 *   ct2        the capability store (CS_*), then scratch
 *   ct3, ct4   the hostcall pair (CS_HC_PCC, CS_HC_DDC): the callee's sealed entry
 *   t5         hostcall number; ca0..ca6 arguments; a0 result
 *   ct6        on arrival from a CInvoke: the unsealed data half (for ret_from_monitor: the save area)
 */
#include "cvm.S"

	.text

/* The capability store: `char local_cap_store[0xabba]` is defined by the cVM; the relocation
 * of exactly that length is replaced by the loader with a capability to the cVM's 4 KiB
 * capability store (intravisor.md section 3, "RISCV USES OUTDATED ABI"). */
	.globl __cvm_cap_store_slot
CVM_CAP_GLOBAL __cvm_cap_store_slot, local_cap_store, 0xabba, CVM_RELOC_DATA

/* ---- outer_c: the first instruction of the cVM ----
 * FROM: the monitor, "CInvoke (sealed COMP PCC, sealed COMP DDC)".
 * LIVE IN: csp = main stack (address = slot + 0x7c000), ctp = TP area, DDC = COMP DDC,
 *          ct6 = COMP DDC, ca0..ca7 = start capabilities, t0 = cap store address.
 * Keeps csp and ctp, clears everything else including DDC (a pure-cap cVM never uses it, and a
 * NULL DDC cannot leak to a callee), and calls cvm_main; if that returns, hostcall 13. */
CVM_FUNC outer_c
	CVM_CCLEAR cra, cgp, ct0, ct1, ct2, ct3, ct4, ct5, ct6, cs0, cs1, cs2, cs3, cs4, cs5, cs6, cs7, cs8, cs9, cs10, cs11, ca0, ca1, ca2, ca3, ca4, ca5, ca6, ca7
	cspecialw ddc, ct0                /* DDC <- NULL (ct0 just cleared) */
	cjal cvm_main
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b                              /* exit does not return */
CVM_END outer_c

/* ---- c_out_N: hostcall with N arguments, C calling convention ----
 * FROM: cVM code, `cjal c_out_N` (cra = return sentry).
 * LIVE IN: t5 = number, ca0..ca(N-1) = arguments (capabilities; integers untagged).
 * OUT: a0 = result; cs0..cs11, csp, ctp preserved (saved on our stack around c_call).
 * The unused argument registers are cleared: they must not carry anything across. */
CVM_FUNC c_out_0
	CVM_CCLEAR ca0
CVM_FUNC c_out_1
	CVM_CCLEAR ca1
CVM_FUNC c_out_2
	CVM_CCLEAR ca2
CVM_FUNC c_out_3
	CVM_CCLEAR ca3
CVM_FUNC c_out_4
	CVM_CCLEAR ca4
CVM_FUNC c_out_5
	CVM_CCLEAR ca5
CVM_FUNC c_out_6
	CVM_CCLEAR ca6
CVM_FUNC c_out_7
	CVM_CCLEAR ca7
CVM_FUNC c_out
	cincoffset csp, csp, -208
	csc cra, csp, 0
	csc cs0, csp, 16
	csc cs1, csp, 32
	csc cs2, csp, 48
	csc cs3, csp, 64
	csc cs4, csp, 80
	csc cs5, csp, 96
	csc cs6, csp, 112
	csc cs7, csp, 128
	csc cs8, csp, 144
	csc cs9, csp, 160
	csc cs10, csp, 176
	csc cs11, csp, 192
	cjal c_call                       /* resumes at the next instruction, csp/ctp restored */
	clc cra, csp, 0
	clc cs0, csp, 16
	clc cs1, csp, 32
	clc cs2, csp, 48
	clc cs3, csp, 64
	clc cs4, csp, 80
	clc cs5, csp, 96
	clc cs6, csp, 112
	clc cs7, csp, 128
	clc cs8, csp, 144
	clc cs9, csp, 160
	clc cs10, csp, 176
	clc cs11, csp, 192
	cincoffset csp, csp, 208
	cret
CVM_END c_out_0

/* ---- c_call: the way out through the hostcall pair, lean convention ----
 * FROM: c_out, or cVM code that wants the cheapest call (`cjal c_call`).
 * LIVE IN: t5 = number, ca0..ca6 = arguments (the caller clears the unused ones), csp, ctp, cra.
 * OUT: a0 = result; only csp and ctp are preserved; every other register comes back cleared.
 * Saves csp, ctp and cra (where to resume) in this context's save area (reachable only through
 * ctp, and through the sealed data half of our return pair), marks a call in flight there
 * (SAVE_CALL = the resume address, never 0: ret_from_monitor accepts one return for it), loads
 * the hostcall pair and the return pair from the TP area, clears every register that is not an argument, the number or
 * one of the pairs, and CInvokes the hostcall pair.
 * WARNING: the callee gets ct0/ct1 (our return pair: it can only CInvoke it) and ct3/ct4 (its
 * own sealed entry pair). It gets no capability to our memory except the arguments: DDC is
 * NULL (outer_c), csp/ctp/cra are cleared. */
CVM_FUNC c_call
	csc csp, ctp, (TP_SAVE + SAVE_CSP)
	csc ctp, ctp, (TP_SAVE + SAVE_CTP)
	csc cra, ctp, (TP_SAVE + SAVE_RESUME)
	csd ra, ctp, (TP_SAVE + SAVE_CALL)   /* a call is in flight (ra != 0): one return may land */
	clc ct3, ctp, TP_HC_PCC
	clc ct4, ctp, TP_HC_DDC
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DATA
	CVM_CCLEAR cra, csp, cgp, ctp, ct2, ct6, cs0, cs1, cs2, cs3, cs4, cs5, cs6, cs7, cs8, cs9, cs10, cs11
	cinvoke ct3, ct4
CVM_END c_call

/* ---- ret_from_monitor: where every return pair of this cVM lands ----
 * FROM: the callee's "CInvoke ct0, ct1" with our return pair.
 * LIVE IN: ct6 = the save area of the context that called (unsealed by the CInvoke),
 *          a0 = result. Everything else is the callee's and is cleared.
 * A return pair is the same capability pair for every call of its context, and CHERI sealing
 * has no "use once": a callee can keep it and CInvoke it again later, from any of its threads
 * (tests/security/FINDINGS.md F2). So the landing first takes the context's "call in flight"
 * word atomically (amoswap.d: of several returns racing for one call, exactly one finds it set); a
 * return with no call in flight (a replay, or a return into a thread that has ended: the
 * monitor clears the word then) stops at the ebreak of __cvm_stale_return, before anything of
 * the caller's is loaded: the thread that made the return (the callee's) ends with a
 * breakpoint fault whose pc is in this cVM. */
CVM_FUNC ret_from_monitor
	amoswap.d.aq t3, zero, (t6)       /* capability mode: the base is ct6 (SAVE_CALL = 0) */
	beqz t3, __cvm_stale_return
	clc csp, ct6, SAVE_CSP
	clc ctp, ct6, SAVE_CTP
	clc ct2, ct6, SAVE_RESUME
	CVM_CCLEAR cra, cgp, ct0, ct1, ct3, ct4, ct5, ct6, cs0, cs1, cs2, cs3, cs4, cs5, cs6, cs7, cs8, cs9, cs10, cs11, ca1, ca2, ca3, ca4, ca5, ca6, ca7
	cjr ct2                           /* back to c_call's caller (a sentry) */
	.globl __cvm_stale_return
__cvm_stale_return:
	ebreak                            /* no call in flight: a stale or replayed return pair */
CVM_END ret_from_monitor
