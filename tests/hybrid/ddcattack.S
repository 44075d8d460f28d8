/* ddcattack.S - CHERI instructions (sdk/include/cheri.S) in a hybrid cVM, aimed at its stack
 * region (capability store with the switcher's sealed pairs, TP areas), which its DDC and PCC
 * do not cover (intravisor.md 9; docs/config.md "Hybrid cVMs"). Integer mode: called from C
 * (tests/hybrid/ddcattack.c); a0 = an offset in the cVM's view. Each must fault. */
#include "cheri.S"

	.text
/* a DDC-relative capability load (clc in integer mode): 1 if a tagged capability came back */
	.globl atk_clc
atk_clc:
	clc ct0, 0(a0)
	cgettag a0, ct0
	ret

/* the same through a capability derived from PCC (Load, LoadCap), explicit form lc.cap */
	.globl atk_pcc_clc
atk_pcc_clc:
	cspecialr ct1, pcc
	cgetbase t2, ct1
	add a0, a0, t2
	csetaddr ct1, ct1, a0
	lc.cap ct0, (ct1)
	cgettag a0, ct0
	ret

/* overwrite a pair with a capability of our own (DDC-relative csc) */
	.globl atk_csc
atk_csc:
	cspecialr ct0, ddc
	csc ct0, 0(a0)
	li a0, 0
	ret

/* CInvoke of our own (unsealed) PCC and DDC: not a sealed pair */
	.globl atk_cinvoke
atk_cinvoke:
	cspecialr ct0, ddc
	cspecialr ct1, pcc
	cinvoke ct1, ct0
	li a0, 0
	ret

/* widen DDC back over the slot: CSetBounds from our DDC (the region is past its top) */
	.globl atk_widen
atk_widen:
	cspecialr ct0, ddc
	cgetbase t2, ct0
	csetaddr ct0, ct0, t2
	csetbounds ct0, ct0, a0
	cgettag a0, ct0
	ret
