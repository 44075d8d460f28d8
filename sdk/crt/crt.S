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
 * Calls cvm_main (no arguments); if it returns, hostcall 13 ends the thread. */
CVM_FUNC outer_c
	/* keep csp and ctp only; cvm_main reaches everything else through its globals */
	CVM_CLEAR ra, gp, t0, t1, t2, t3, t4, t5, t6, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11
	CVM_CLEAR a0, a1, a2, a3, a4, a5, a6, a7
	cjal cvm_main
	li t5, HC_EXIT
	cjal c_out_0
1:	j 1b                          /* exit does not return */
CVM_END outer_c

/* ---- c_out_N: hostcall with N arguments ----
 * FROM: cVM code, `cjal c_out_N` (cra = return sentry).
 * LIVE IN: t5 = number, ca0..ca(N-1) = arguments (capabilities; integers untagged).
 * The unused argument registers are cleared: they must not carry anything across. */
CVM_FUNC c_out_0
	CVM_CLEAR a0
CVM_FUNC c_out_1
	CVM_CLEAR a1
CVM_FUNC c_out_2
	CVM_CLEAR a2
CVM_FUNC c_out_3
	CVM_CLEAR a3
CVM_FUNC c_out_4
	CVM_CLEAR a4
CVM_FUNC c_out_5
	CVM_CLEAR a5
CVM_FUNC c_out_6
	CVM_CLEAR a6
CVM_FUNC c_out_7
	CVM_CLEAR a7
CVM_END c_out_0

/* ---- c_out: the way out through the hostcall pair ----
 * LIVE IN: t5, ca0..ca6, cra, csp, ctp.
 * Saves cra and cs0..cs11 on our stack, csp/ctp/DDC in this context's save area (reachable
 * only through ctp, and through the sealed data half of our return pair), clears every
 * register that is not an argument, the number or the two pairs, and CInvokes the pair.
 * WARNING: the callee gets ct0/ct1 (our return pair: it can only CInvoke it) and ct3/ct4 (its
 * own sealed entry pair). It gets no capability to our memory except the arguments: DDC is
 * NULL while it runs (restored by ret_from_monitor). */
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
	csc csp, ctp, (TP_SAVE + SAVE_CSP)
	csc ctp, ctp, (TP_SAVE + SAVE_CTP)
	cspecialr ct2, ddc
	csc ct2, ctp, (TP_SAVE + SAVE_DDC)
	CVM_LOAD_GLOBAL t2, __cvm_cap_store_slot
	clc ct3, ct2, CS_HC_PCC
	clc ct4, ct2, CS_HC_DDC
	clc ct0, ctp, TP_RET_PCC
	clc ct1, ctp, TP_RET_DATA
	CVM_CLEAR t2
	cspecialw ddc, ct2            /* DDC <- NULL (ct2 was just cleared) */
	CVM_CLEAR ra, sp, gp, tp, t6, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11
	cinvoke ct3, ct4
CVM_END c_out

/* ---- ret_from_monitor: where every return pair of this cVM lands ----
 * FROM: the callee's "CInvoke ct0, ct1" with our return pair.
 * LIVE IN: ct6 = the save area of the context that called (unsealed by the CInvoke),
 *          a0 = result. Everything else is the callee's and is cleared. */
CVM_FUNC ret_from_monitor
	clc csp, ct6, SAVE_CSP
	clc ctp, ct6, SAVE_CTP
	clc ct2, ct6, SAVE_DDC
	cspecialw ddc, ct2
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
	CVM_CLEAR gp, t0, t1, t2, t3, t4, t5, t6, a1, a2, a3, a4, a5, a6, a7
	cret
CVM_END ret_from_monitor
