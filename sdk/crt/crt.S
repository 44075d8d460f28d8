/* crt.S - entry, hostcall trampolines and return landing of a pure-cap cVM (sdk/README.md).
 *
 * Everything here runs in capability mode (PCC flag 1): every load and store goes through the
 * capability register named in it. Register atlas used below:
 *   csp, ctp   the current context's stack and TP area (sdk/include/cvm_abi.h: TP_*)
 *   ct3, ct4   the switcher's call pair (TP_HC_PCC, TP_HC_DDC), sealed with the monitor's otype
 *   t5         hostcall number; ca0..ca6 arguments; a0 result
 *   ct6        on arrival from the monitor: this cVM's data capability (cleared at once)
 * No call or return state is kept here: the switcher holds it (intravisor.md 5.1).
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
 * NULL DDC cannot leak to a callee), and calls cvm_main; if that returns, hostcall 13 with
 * its a0 as the exit value. */
CVM_FUNC outer_c
	CVM_CCLEAR cra, cgp, ct0, ct1, ct2, ct3, ct4, ct5, ct6, cs0, cs1, cs2, cs3, cs4, cs5, cs6, cs7, cs8, cs9, cs10, cs11, ca0, ca1, ca2, ca3, ca4, ca5, ca6, ca7
	cspecialw ddc, ct0                /* DDC <- NULL (ct0 just cleared) */
	cjal cvm_main
	li t5, HC_EXIT                    /* exit value: what cvm_main returned in a0 */
	cjal c_out_1
1:	j 1b                              /* exit does not return */
CVM_END outer_c

/* ---- c_out_N: hostcall with N arguments, C calling convention ----
 * FROM: cVM code, `cjal c_out_N` (cra = return sentry).
 * LIVE IN: t5 = number, ca0..ca(N-1) = arguments (capabilities; integers untagged), ctp.
 * OUT: a0 = result (an integer); cra, csp, cgp, ctp, cs0..cs11, fs0..fs11 and DDC preserved
 * (the switcher keeps them in its trusted frame, not here); every other register NULL.
 * The unused argument registers are cleared: they must not carry anything across. The call
 * is one CInvoke of the switcher's call pair (TP_HC_PCC/TP_HC_DDC); the switcher routes it to
 * this cVM's callback_out (the monitor or a handler cVM) and, when the callee returns, resumes
 * us at ret_from_monitor with the preserved registers back, which returns to cra. */
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
CVM_FUNC c_call
	clc ct3, ctp, TP_HC_PCC
	clc ct4, ctp, TP_HC_DDC
	cinvoke ct3, ct4
CVM_END c_out_0

/* ---- ret_from_monitor: where the switcher resumes a caller ----
 * FROM: the switcher, after the callee of our call returned (or the monitor served it).
 * LIVE IN: a0 = result; cra, csp, cgp, ctp, cs0..cs11, DDC as they were at the call;
 *          ct6 = our data capability (intravisor.md section 5); everything else NULL.
 * The landing holds no state of its own: nothing a cVM writes decides where a return goes. */
CVM_FUNC ret_from_monitor
	CVM_CCLEAR ct6
	cret
CVM_END ret_from_monitor
