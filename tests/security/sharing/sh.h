/* sh.h - macros of the sharing scenarios (tests/security/sharing.py). */
#include "cvm.S"

/* SAY "text": write text and a newline (clobbers what a hostcall clobbers) */
.macro SAY text
	.pushsection .rodata
.Lsay\@:
	.ascii "\text\n"
.Lsay_end\@:
	.equ .Lsay_len\@, .Lsay_end\@ - .Lsay\@
	.popsection
	CVM_CAP_GLOBAL .Lsay_slot\@, .Lsay\@, .Lsay_len\@, CVM_RELOC_RODATA
	CVM_LOAD_GLOBAL a0, .Lsay_slot\@
	li a1, .Lsay_len\@
	li t5, HC_WRITE
	cjal c_out_2
.endm

/* EXPECT value, tag: "ok tag" when a0 == value, else "BAD tag" */
.macro EXPECT val, tag
	li t0, \val
	beq a0, t0, .Lok\@
	SAY "BAD \tag"
	j .Lnext\@
.Lok\@:
	SAY "ok \tag"
.Lnext\@:
.endm

/* KEY label, "text": a read-only capability to the NUL-terminated key in ca0 */
.macro KEY_CAP reg, text
	.pushsection .rodata
.Lkey\@:
	.asciz "\text"
.Lkey_end\@:
	.popsection
	CVM_CAP_GLOBAL .Lkey_slot\@, .Lkey\@, .Lkey_end\@ - .Lkey\@, CVM_RELOC_RODATA
	CVM_LOAD_GLOBAL \reg, .Lkey_slot\@
.endm

/* HC n, nr: hostcall nr with n arguments already in ca0.. */
.macro HC n, nr
	li t5, \nr
	cjal c_out_\n
.endm

.macro EXIT0
	li a0, 0
	li t5, HC_EXIT
	cjal c_out_1
.endm
