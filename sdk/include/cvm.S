/* cvm.S - what a pure-cap cVM's assembly includes: the Xcheri macros (cheri.S), the hostcall
 * numbers, the ABI layout, and the SDK's own macros below. See sdk/README.md for the ABI.
 *
 * Every file that includes this assembles without RVC and without linker relaxation: in
 * capability mode several compressed encodings mean something else (C.ADDI16SP is
 * CIncOffset16CSP, ...), and relaxation could rewrite the auipcc/clc pairs below.
 */
#ifndef INTRAVISOR_SDK_CVM_S
#define INTRAVISOR_SDK_CVM_S

#include "cheri.S"
#include "hostcalls.h"
#include "cvm_abi.h"

	.option norvc
	.option norelax

/* CVM_CAP_RELOC slot, target, offset, length, perms
 * One 40-byte __cap_relocs entry (intravisor.md section 3): the loader writes at `slot` a
 * capability with bounds [target, target + length) and address target + offset, derived from
 * the cVM's authority. perms: 0 = data object, CVM_RELOC_RODATA = read-only (no Store),
 * CVM_RELOC_FUNCTION = executable, sealed as a sentry. Addresses are relative to the image
 * (__image_base, sdk/cvm.ld), resolved at link time: no dynamic relocation. */
#define CVM_RELOC_DATA     0
#define CVM_RELOC_RODATA   0x4000000000000000
#define CVM_RELOC_FUNCTION 0x8000000000000000
.macro CVM_CAP_RELOC slot, target, offset, length, perms
	.pushsection __cap_relocs, "aw"
	.balign 8
	.dword \slot - __image_base
	.dword \target - __image_base
	.dword \offset
	.dword \length
	.dword \perms
	.popsection
.endm

/* CVM_CAP_GLOBAL slot, target, length, perms
 * A 16-byte, 16-aligned slot in .data named `slot` that the loader fills with a capability to
 * [target, target + length) (CVM_CAP_RELOC with offset 0). Load it with CVM_LOAD_GLOBAL. */
.macro CVM_CAP_GLOBAL slot, target, length, perms
	.pushsection .data.cvm_caps, "aw"
	.balign 16
\slot:
	.dword 0, 0
	.popsection
	CVM_CAP_RELOC \slot, \target, 0, \length, \perms
.endm

/* CVM_LOAD_GLOBAL xd, slot
 * cd <- the capability stored in `slot`, PC-relative: auipcc cd, %pcrel_hi(slot) then
 * clc cd, %pcrel_lo(cd). xd is the INTEGER name (t2, a0, ...) of the capability register cd:
 * cheri.S's encoders take numbers, and only .insn with register names carries the
 * %pcrel_lo relocation. Needs a PCC whose bounds cover the slot (the whole-slot code cap). */
.macro CVM_LOAD_GLOBAL xd, slot
.Lcvm_pcrel\@:
	auipc \xd, %pcrel_hi(\slot)
	.insn i 0x0f, 2, \xd, %pcrel_lo(.Lcvm_pcrel\@)(\xd)
.endm

/* CVM_CLEAR reg, ...: make each register NULL. An integer write to xN sets cN to NULL with
 * address 0 (cheri-riscv.md 4.1), so `li xN, 0` clears tag, bounds and permissions. */
.macro CVM_CLEAR regs:vararg
	.irp r, \regs
	li \r, 0
	.endr
.endm

/* CVM_CCLEAR creg, ...: make each capability register (cra..ct6, by its c-name) NULL with
 * CClear, one instruction per quarter of the register file (cheri-riscv.md 5.1: q = reg / 8,
 * mask bit = reg % 8). cnull is refused: in quarter 0 mask bit 0 means DDC; NULL DDC with
 * `cspecialw ddc, cX` from a cleared cX. */
.macro CVM_CCLEAR regs:vararg
	.set _cvm_q0, 0
	.set _cvm_q1, 0
	.set _cvm_q2, 0
	.set _cvm_q3, 0
	.irp r, \regs
	.set _cvm_n, \r
	.if (_cvm_n < 1) || (_cvm_n > 31)
	.error "CVM_CCLEAR: expected a capability register cra..ct6"
	.endif
	.if _cvm_n < 8
	.set _cvm_q0, _cvm_q0 | (1 << _cvm_n)
	.elseif _cvm_n < 16
	.set _cvm_q1, _cvm_q1 | (1 << (_cvm_n - 8))
	.elseif _cvm_n < 24
	.set _cvm_q2, _cvm_q2 | (1 << (_cvm_n - 16))
	.else
	.set _cvm_q3, _cvm_q3 | (1 << (_cvm_n - 24))
	.endif
	.endr
	.if _cvm_q0
	cclear 0, _cvm_q0
	.endif
	.if _cvm_q1
	cclear 1, _cvm_q1
	.endif
	.if _cvm_q2
	cclear 2, _cvm_q2
	.endif
	.if _cvm_q3
	cclear 3, _cvm_q3
	.endif
.endm

/* CVM_SAY slot, len: write len bytes of the constant a CVM_CAP_GLOBAL slot points to to
 * stdout (hostcall HC_WRITE through c_out_2; a0 = its result, the caller-saved registers
 * clobbered as by any hostcall). */
.macro CVM_SAY slot, len
	CVM_LOAD_GLOBAL a0, \slot
	li a1, \len
	li t5, HC_WRITE
	cjal c_out_2
.endm

/* CVM_FUNC name / CVM_END name: a global function symbol with its size. */
.macro CVM_FUNC name
	.globl \name
	.type \name, @function
	.balign 4
\name:
.endm
.macro CVM_END name
	.size \name, . - \name
.endm

#endif
