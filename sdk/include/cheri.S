/* cheri.S - GNU as macros for every CHERI-RISC-V (ISA v9, RV64) instruction.
 *
 * Include from a .S file (`#include "cheri.S"` with -Isdk/include, or `.include "cheri.S"`).
 * Every instruction is emitted with `.insn`, so Debian's stock binutils is enough; the bit
 * layouts are those of cheri-riscv.md §5.1 (opcode 0x5b), §5.11 (explicit loads/stores) and
 * §5.12 (compressed, capability mode). tests/isa/encodings.S checks the 45 vectors of §8.6.
 *
 * Operands
 *   - Registers: any of x0..x31, c0..c31, f0..f31 and the psABI names (zero ra sp ... t6,
 *     cnull cra csp cgp ctp ct0-ct6 cs0-cs11 ca0-ca7 cfp, ft0-ft11 fs0-fs11 fa0-fa7).
 *     The macros do not check the register kind: `cmove c1, c2` = `cmove x1, x2`.
 *     The capability names are also defined as absolute symbols (`ca0` = 10) so that they can
 *     be used in expressions.
 *   - Memory operands: `off(reg)` or `(reg)`, where off is a decimal or 0x-hex literal,
 *     optionally negative (GNU as cannot split an arbitrary expression from the text). For a
 *     symbolic offset use the three-operand form `clc cd, cs1, expr` (all load/store macros
 *     accept it).
 *   - SCR operands of cspecialrw/r/w: pcc ddc utcc utdc uscratchc uepcc stcc stdc sscratchc
 *     sepcc mtcc mtdc mscratchc mepcc, or a number.
 *
 * Mnemonics are the LLVM ones. Dots are legal in GNU as macro names, so `lc.cap`, `jalr.cap`,
 * `lr.c.aq` are used as is; each dotted name also has an underscore alias (`lc_cap`,
 * `jalr_cap`, `lr_c_aq`, ...) for tools that dislike dots.
 *
 * Capability-mode readings of standard encodings (same bits; meaning depends on PCC.flags):
 *   cjal/cjalr/auipcc = jal/jalr/auipc; clb..clwu, csb..csd, cflw/cfld/cfsw/cfsd = lb..fsd;
 *   clc/csc = lc/sc (the LQ/SQ slots); clr.c/csc.c/camoswap.c = lr.c/sc.c/amoswap.c.
 */
.ifndef .L_cheri_s_included
.set .L_cheri_s_included, 1

/* ---- capability register names as symbols (cheri-riscv.md §4.1) ---- */
.equ cnull, 0
.equ cra, 1
.equ csp, 2
.equ cgp, 3
.equ ctp, 4
.equ ct0, 5
.equ ct1, 6
.equ ct2, 7
.equ cs0, 8
.equ cfp, 8
.equ cs1, 9
.equ ca0, 10
.equ ca1, 11
.equ ca2, 12
.equ ca3, 13
.equ ca4, 14
.equ ca5, 15
.equ ca6, 16
.equ ca7, 17
.equ cs2, 18
.equ cs3, 19
.equ cs4, 20
.equ cs5, 21
.equ cs6, 22
.equ cs7, 23
.equ cs8, 24
.equ cs9, 25
.equ cs10, 26
.equ cs11, 27
.equ ct3, 28
.equ ct4, 29
.equ ct5, 30
.equ ct6, 31

/* ---- operand parsing ----
 * GNU as cannot turn text into a register number, so names are hashed character by
 * character (base 41: digits 1-10, letters 11-36, '-' 37, anything else 38; '(' and ')' are
 * skipped) and compared with precomputed hashes. The hash is injective for the at most
 * 9-character names used here; longer text hashes to -1 and matches no name. */
.macro _cheri_char out, ch
	.set \out, 38
	.set .L_cheri_ci, 1
	.irpc _d, 0123456789abcdefghijklmnopqrstuvwxyz
	.ifc \ch,\_d
	.set \out, .L_cheri_ci
	.endif
	.set .L_cheri_ci, .L_cheri_ci + 1
	.endr
	.ifc \ch,-
	.set \out, 37
	.endif
.endm

.macro _cheri_hash out, text
	.set \out, 0
	.set .L_cheri_hlen, 0
	.irpc _c, \text
	.ifnc \_c,(
	.ifnc \_c,)
	_cheri_char .L_cheri_hc, \_c
	.if .L_cheri_hlen < 9
	.set \out, (\out * 41) + .L_cheri_hc
	.endif
	.set .L_cheri_hlen, .L_cheri_hlen + 1
	.endif
	.endif
	.endr
	.if .L_cheri_hlen > 9
	.set \out, -1
	.endif
.endm

.macro _cheri_name num, nm
	_cheri_hash .L_cheri_h_\nm, \nm
	.set .L_cheri_n_\nm, \num
.endm

.set .L_cheri_ni, 0
.irp _nm, zero,ra,sp,gp,tp,t0,t1,t2,s0,s1,a0,a1,a2,a3,a4,a5,a6,a7,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,t3,t4,t5,t6
	_cheri_name .L_cheri_ni, \_nm
	.set .L_cheri_ni, .L_cheri_ni + 1
.endr
.set .L_cheri_ni, 0
.irp _nm, cnull,cra,csp,cgp,ctp,ct0,ct1,ct2,cs0,cs1,ca0,ca1,ca2,ca3,ca4,ca5,ca6,ca7,cs2,cs3,cs4,cs5,cs6,cs7,cs8,cs9,cs10,cs11,ct3,ct4,ct5,ct6
	_cheri_name .L_cheri_ni, \_nm
	.set .L_cheri_ni, .L_cheri_ni + 1
.endr
.set .L_cheri_ni, 0
.irp _nm, ft0,ft1,ft2,ft3,ft4,ft5,ft6,ft7,fs0,fs1,fa0,fa1,fa2,fa3,fa4,fa5,fa6,fa7,fs2,fs3,fs4,fs5,fs6,fs7,fs8,fs9,fs10,fs11,ft8,ft9,ft10,ft11
	_cheri_name .L_cheri_ni, \_nm
	.set .L_cheri_ni, .L_cheri_ni + 1
.endr
.irp _i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	_cheri_name \_i, x\_i
	_cheri_name \_i, c\_i
	_cheri_name \_i, f\_i
.endr
_cheri_name 8, fp
_cheri_name 8, cfp
/* SCR numbers (cheri-riscv.md §4.2) */
_cheri_name 0, pcc
_cheri_name 1, ddc
_cheri_name 4, utcc
_cheri_name 5, utdc
_cheri_name 6, uscratchc
_cheri_name 7, uepcc
_cheri_name 12, stcc
_cheri_name 13, stdc
_cheri_name 14, sscratchc
_cheri_name 15, sepcc
_cheri_name 28, mtcc
_cheri_name 29, mtdc
_cheri_name 30, mscratchc
_cheri_name 31, mepcc

/* _cheri_find out, text: integer/capability register number of text (with or without
 * parentheses), or -1 */
.macro _cheri_find out, text
	_cheri_hash .L_cheri_fh, \text
	.set \out, -1
	.irp _nm, zero,ra,sp,gp,tp,fp,t0,t1,t2,t3,t4,t5,t6,s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,a0,a1,a2,a3,a4,a5,a6,a7
	.if .L_cheri_fh == .L_cheri_h_\_nm
	.set \out, .L_cheri_n_\_nm
	.endif
	.endr
	.irp _nm, cnull,cra,csp,cgp,ctp,cfp,ct0,ct1,ct2,ct3,ct4,ct5,ct6,cs0,cs1,cs2,cs3,cs4,cs5,cs6,cs7,cs8,cs9,cs10,cs11,ca0,ca1,ca2,ca3,ca4,ca5,ca6,ca7
	.if .L_cheri_fh == .L_cheri_h_\_nm
	.set \out, .L_cheri_n_\_nm
	.endif
	.endr
	.irp _i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.if (.L_cheri_fh == .L_cheri_h_x\_i) || (.L_cheri_fh == .L_cheri_h_c\_i)
	.set \out, \_i
	.endif
	.endr
.endm

/* _cheri_reg out, text: like _cheri_find, but an unknown name is an error */
.macro _cheri_reg out, text
	_cheri_find \out, \text
	.if \out < 0
	.error "cheri.S: expected an integer or capability register"
	.set \out, 0
	.endif
.endm

/* _cheri_freg out, text: floating-point register number */
.macro _cheri_freg out, text
	_cheri_hash .L_cheri_fh, \text
	.set \out, -1
	.irp _nm, ft0,ft1,ft2,ft3,ft4,ft5,ft6,ft7,ft8,ft9,ft10,ft11,fs0,fs1,fs2,fs3,fs4,fs5,fs6,fs7,fs8,fs9,fs10,fs11,fa0,fa1,fa2,fa3,fa4,fa5,fa6,fa7
	.if .L_cheri_fh == .L_cheri_h_\_nm
	.set \out, .L_cheri_n_\_nm
	.endif
	.endr
	.irp _i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.if .L_cheri_fh == .L_cheri_h_f\_i
	.set \out, \_i
	.endif
	.endr
	.if \out < 0
	.error "cheri.S: expected a floating-point register"
	.set \out, 0
	.endif
.endm

/* _cheri_scr out, text: SCR name or number expression */
.macro _cheri_scr out, text
	_cheri_hash .L_cheri_fh, \text
	.set \out, -1
	.irp _nm, pcc,ddc,utcc,utdc,uscratchc,uepcc,stcc,stdc,sscratchc,sepcc,mtcc,mtdc,mscratchc,mepcc
	.if .L_cheri_fh == .L_cheri_h_\_nm
	.set \out, .L_cheri_n_\_nm
	.endif
	.endr
	.if \out < 0
	.set \out, (\text)
	.endif
.endm

/* _cheri_mem off, base, text [, expr]: split "off(reg)" / "(reg)" into numbers. With a
 * fourth operand, text is the base register and expr the offset (any expression). */
.macro _cheri_mem off, base, text, expr
	.ifnb \expr
	_cheri_reg \base, \text
	.set \off, (\expr)
	.else
	.set .L_cheri_mst, 0
	.set .L_cheri_mneg, 0
	.set .L_cheri_mradix, 10
	.set \off, 0
	.set .L_cheri_mh, 0
	.irpc _c, \text
	.ifc \_c,(
	.set .L_cheri_mst, 1
	.else
	.ifc \_c,)
	.set .L_cheri_mst, 2
	.else
	.if .L_cheri_mst == 1
	_cheri_char .L_cheri_hc, \_c
	.set .L_cheri_mh, (.L_cheri_mh * 41) + .L_cheri_hc
	.elseif .L_cheri_mst == 0
	.ifc \_c,-
	.set .L_cheri_mneg, 1
	.else
	.ifc \_c,x
	.set .L_cheri_mradix, 16
	.else
	.ifc \_c,X
	.set .L_cheri_mradix, 16
	.else
	.ifnc \_c,+
	_cheri_char .L_cheri_hc, \_c
	.if (.L_cheri_hc < 1) || (.L_cheri_hc > 16) || ((.L_cheri_mradix == 10) && (.L_cheri_hc > 10))
	.error "cheri.S: memory offset must be a decimal or 0x-hex literal (use the 3-operand form)"
	.endif
	.set \off, (\off * .L_cheri_mradix) + .L_cheri_hc - 1
	.endif
	.endif
	.endif
	.endif
	.endif
	.endif
	.endif
	.endr
	.if .L_cheri_mst != 2
	.error "cheri.S: expected a memory operand off(reg) or (reg)"
	.endif
	.if .L_cheri_mneg
	.set \off, -(\off)
	.endif
	/* look the hashed base name up through _cheri_find's tables */
	.set \base, -1
	.irp _nm, zero,ra,sp,gp,tp,fp,t0,t1,t2,t3,t4,t5,t6,s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,a0,a1,a2,a3,a4,a5,a6,a7
	.if .L_cheri_mh == .L_cheri_h_\_nm
	.set \base, .L_cheri_n_\_nm
	.endif
	.endr
	.irp _nm, cnull,cra,csp,cgp,ctp,cfp,ct0,ct1,ct2,ct3,ct4,ct5,ct6,cs0,cs1,cs2,cs3,cs4,cs5,cs6,cs7,cs8,cs9,cs10,cs11,ca0,ca1,ca2,ca3,ca4,ca5,ca6,ca7
	.if .L_cheri_mh == .L_cheri_h_\_nm
	.set \base, .L_cheri_n_\_nm
	.endif
	.endr
	.irp _i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.if (.L_cheri_mh == .L_cheri_h_x\_i) || (.L_cheri_mh == .L_cheri_h_c\_i)
	.set \base, \_i
	.endif
	.endr
	.if \base < 0
	.error "cheri.S: bad base register in memory operand"
	.set \base, 0
	.endif
	.endif
.endm

/* ---- encoders (numbers in, one .insn out) ---- */
/* R-type, opcode 0x5b */
.macro _cheri_r f7, f3, rd, rs1, rs2
	.insn 4, (((\f7) << 25) | ((\rs2) << 20) | ((\rs1) << 15) | ((\f3) << 12) | ((\rd) << 7) | 0x5b)
.endm
/* I-type */
.macro _cheri_i opc, f3, rd, rs1, imm
	.if ((\imm) < -2048) || ((\imm) > 2047)
	.error "cheri.S: 12-bit signed immediate out of range"
	.endif
	.insn 4, ((((\imm) & 0xfff) << 20) | ((\rs1) << 15) | ((\f3) << 12) | ((\rd) << 7) | (\opc))
.endm
/* S-type */
.macro _cheri_s opc, f3, rs2, rs1, imm
	.if ((\imm) < -2048) || ((\imm) > 2047)
	.error "cheri.S: 12-bit signed immediate out of range"
	.endif
	.insn 4, (((((\imm) >> 5) & 0x7f) << 25) | ((\rs2) << 20) | ((\rs1) << 15) | ((\f3) << 12) | (((\imm) & 0x1f) << 7) | (\opc))
.endm

/* three register operands, funct3 0, funct7 selects */
.macro _cheri_r3 f7, a, b, c
	_cheri_reg .L_cheri_ra, \a
	_cheri_reg .L_cheri_rb, \b
	_cheri_reg .L_cheri_rc, \c
	_cheri_r \f7, 0, .L_cheri_ra, .L_cheri_rb, .L_cheri_rc
.endm
/* funct7 0x7f, rs2 field selects: rd, rs1 */
.macro _cheri_r2 sel, a, b
	_cheri_reg .L_cheri_ra, \a
	_cheri_reg .L_cheri_rb, \b
	_cheri_r 0x7f, 0, .L_cheri_ra, .L_cheri_rb, \sel
.endm
/* explicit loads: funct7 0x7d, rs2 field selects; rd, (rs1) */
.macro _cheri_xld sel, a, b
	_cheri_reg .L_cheri_ra, \a
	_cheri_reg .L_cheri_rb, \b
	_cheri_r 0x7d, 0, .L_cheri_ra, .L_cheri_rb, \sel
.endm
/* explicit stores: funct7 0x7c, rd field selects; rs2, (rs1) */
.macro _cheri_xst sel, a, b
	_cheri_reg .L_cheri_ra, \a
	_cheri_reg .L_cheri_rb, \b
	_cheri_r 0x7c, 0, \sel, .L_cheri_rb, .L_cheri_ra
.endm

/* ---- §5.3 inspection, §5.4 address, §5.5 bounds/perms, §5.6 sealing ---- */
.macro cgetperm rd, cs1
	_cheri_r2 0x00, \rd, \cs1
.endm
.macro cgettype rd, cs1
	_cheri_r2 0x01, \rd, \cs1
.endm
.macro cgetbase rd, cs1
	_cheri_r2 0x02, \rd, \cs1
.endm
.macro cgetlen rd, cs1
	_cheri_r2 0x03, \rd, \cs1
.endm
.macro cgettag rd, cs1
	_cheri_r2 0x04, \rd, \cs1
.endm
.macro cgetsealed rd, cs1
	_cheri_r2 0x05, \rd, \cs1
.endm
.macro cgetoffset rd, cs1
	_cheri_r2 0x06, \rd, \cs1
.endm
.macro cgetflags rd, cs1
	_cheri_r2 0x07, \rd, \cs1
.endm
.macro crrl rd, rs1
	_cheri_r2 0x08, \rd, \rs1
.endm
.macro cram rd, rs1
	_cheri_r2 0x09, \rd, \rs1
.endm
.macro cmove cd, cs1
	_cheri_r2 0x0a, \cd, \cs1
.endm
.macro ccleartag cd, cs1
	_cheri_r2 0x0b, \cd, \cs1
.endm
.macro cgetaddr rd, cs1
	_cheri_r2 0x0f, \rd, \cs1
.endm
.macro csealentry cd, cs1
	_cheri_r2 0x11, \cd, \cs1
.endm
/* cloadtags rd, (cs1) */
.macro cloadtags rd, cs1
	_cheri_r2 0x12, \rd, \cs1
.endm
.macro cgethigh rd, cs1
	_cheri_r2 0x17, \rd, \cs1
.endm
.macro cgettop rd, cs1
	_cheri_r2 0x18, \rd, \cs1
.endm

.macro cspecialrw cd, scr, cs1
	_cheri_reg .L_cheri_ra, \cd
	_cheri_scr .L_cheri_rb, \scr
	_cheri_reg .L_cheri_rc, \cs1
	_cheri_r 0x01, 0, .L_cheri_ra, .L_cheri_rc, .L_cheri_rb
.endm
.macro cspecialr cd, scr
	cspecialrw \cd, \scr, c0
.endm
.macro cspecialw scr, cs1
	cspecialrw c0, \scr, \cs1
.endm

/* csetbounds cd, cs1, rs2 | uimm12 */
.macro csetbounds cd, cs1, x
	_cheri_find .L_cheri_rc, \x
	.if .L_cheri_rc >= 0
	_cheri_r3 0x08, \cd, \cs1, \x
	.else
	csetboundsimm \cd, \cs1, \x
	.endif
.endm
.macro csetboundsimm cd, cs1, imm
	_cheri_reg .L_cheri_ra, \cd
	_cheri_reg .L_cheri_rb, \cs1
	.if ((\imm) < 0) || ((\imm) > 4095)
	.error "cheri.S: csetbounds immediate is unsigned 12-bit"
	.endif
	.insn 4, ((((\imm) & 0xfff) << 20) | (.L_cheri_rb << 15) | (2 << 12) | (.L_cheri_ra << 7) | 0x5b)
.endm
.macro csetboundsexact cd, cs1, rs2
	_cheri_r3 0x09, \cd, \cs1, \rs2
.endm
.macro cseal cd, cs1, cs2
	_cheri_r3 0x0b, \cd, \cs1, \cs2
.endm
.macro cunseal cd, cs1, cs2
	_cheri_r3 0x0c, \cd, \cs1, \cs2
.endm
.macro candperm cd, cs1, rs2
	_cheri_r3 0x0d, \cd, \cs1, \rs2
.endm
.macro csetflags cd, cs1, rs2
	_cheri_r3 0x0e, \cd, \cs1, \rs2
.endm
.macro csetoffset cd, cs1, rs2
	_cheri_r3 0x0f, \cd, \cs1, \rs2
.endm
.macro csetaddr cd, cs1, rs2
	_cheri_r3 0x10, \cd, \cs1, \rs2
.endm
/* cincoffset cd, cs1, rs2 | simm12 */
.macro cincoffset cd, cs1, x
	_cheri_find .L_cheri_rc, \x
	.if .L_cheri_rc >= 0
	_cheri_r3 0x11, \cd, \cs1, \x
	.else
	cincoffsetimm \cd, \cs1, \x
	.endif
.endm
.macro cincoffsetimm cd, cs1, imm
	_cheri_reg .L_cheri_ra, \cd
	_cheri_reg .L_cheri_rb, \cs1
	_cheri_i 0x5b, 1, .L_cheri_ra, .L_cheri_rb, \imm
.endm
.macro ctoptr rd, cs1, cs2
	_cheri_r3 0x12, \rd, \cs1, \cs2
.endm
.macro cfromptr cd, cs1, rs2
	_cheri_r3 0x13, \cd, \cs1, \rs2
.endm
.macro csub rd, cs1, cs2
	_cheri_r3 0x14, \rd, \cs1, \cs2
.endm
.macro csethigh cd, cs1, rs2
	_cheri_r3 0x16, \cd, \cs1, \rs2
.endm
.macro cbuildcap cd, cs1, cs2
	_cheri_r3 0x1d, \cd, \cs1, \cs2
.endm
.macro ccopytype cd, cs1, cs2
	_cheri_r3 0x1e, \cd, \cs1, \cs2
.endm
.macro ccseal cd, cs1, cs2
	_cheri_r3 0x1f, \cd, \cs1, \cs2
.endm
.macro ctestsubset rd, cs1, cs2
	_cheri_r3 0x20, \rd, \cs1, \cs2
.endm
.macro csetequalexact rd, cs1, cs2
	_cheri_r3 0x21, \rd, \cs1, \cs2
.endm
.macro cseqx rd, cs1, cs2
	_cheri_r3 0x21, \rd, \cs1, \cs2
.endm

/* ---- §5.7 clearing: cclear q, mask / fpclear q, mask (rs1 = q:mask[7:5], rd = mask[4:0]) ---- */
.macro _cheri_clear sel, q, mask
	.if ((\q) < 0) || ((\q) > 3) || ((\mask) < 0) || ((\mask) > 255)
	.error "cheri.S: cclear/fpclear: q is 0..3, mask is 0..255"
	.endif
	_cheri_r 0x7f, 0, ((\mask) & 0x1f), ((((\q) & 3) << 3) | (((\mask) >> 5) & 7)), \sel
.endm
.macro cclear q, mask
	_cheri_clear 0x0e, \q, \mask
.endm
.macro fpclear q, mask
	_cheri_clear 0x10, \q, \mask
.endm

/* ---- §5.9 jumps, §7 CInvoke ---- */
.macro cinvoke cs1, cs2
	_cheri_reg .L_cheri_ra, \cs1
	_cheri_reg .L_cheri_rb, \cs2
	_cheri_r 0x7e, 0, 1, .L_cheri_ra, .L_cheri_rb
.endm
.macro jalr.cap cd, cs1
	_cheri_r2 0x0c, \cd, \cs1
.endm
.macro jalr.pcc rd, rs1
	_cheri_r2 0x14, \rd, \rs1
.endm
/* cjalr cs1 | cjalr cd, cs1 | cjalr cd, off(cs1) | cjalr cd, cs1, imm  (JALR bits) */
.macro cjalr a, b, c
	.ifb \b
	_cheri_reg .L_cheri_rb, \a
	_cheri_i 0x67, 0, 1, .L_cheri_rb, 0
	.else
	_cheri_reg .L_cheri_ra, \a
	.ifnb \c
	_cheri_reg .L_cheri_rb, \b
	_cheri_i 0x67, 0, .L_cheri_ra, .L_cheri_rb, \c
	.else
	_cheri_find .L_cheri_rb, \b
	.if .L_cheri_rb >= 0
	_cheri_i 0x67, 0, .L_cheri_ra, .L_cheri_rb, 0
	.else
	_cheri_mem .L_cheri_off, .L_cheri_rb, \b
	_cheri_i 0x67, 0, .L_cheri_ra, .L_cheri_rb, .L_cheri_off
	.endif
	.endif
	.endif
.endm
.macro cjr cs1
	cjalr cnull, \cs1
.endm
.macro cret
	cjalr cnull, cra
.endm
/* emit `op x<n>, rest` with n a number: for JAL/AUIPC, which need assembler relocations */
.macro _cheri_xop op, n, rest
	.irp _i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.if (\n) == \_i
	\op x\_i, \rest
	.endif
	.endr
.endm
/* cjal target | cjal cd, target  (JAL bits) */
.macro cjal a, b
	.ifb \b
	_cheri_xop jal, 1, \a
	.else
	_cheri_reg .L_cheri_ra, \a
	_cheri_xop jal, .L_cheri_ra, \b
	.endif
.endm
/* auipcc cd, imm20  (AUIPC bits; imm may be %pcrel_hi(sym)) */
.macro auipcc cd, imm
	_cheri_reg .L_cheri_ra, \cd
	_cheri_xop auipc, .L_cheri_ra, \imm
.endm

/* ---- §5.8 capability loads/stores in standard opcode space ---- */
/* _cheri_load opc, f3, rd, mem [, expr] / _cheri_store opc, f3, rs2, mem [, expr] */
.macro _cheri_load opc, f3, rd, mem, expr
	_cheri_reg .L_cheri_ra, \rd
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem, \expr
	_cheri_i \opc, \f3, .L_cheri_ra, .L_cheri_rb, .L_cheri_off
.endm
.macro _cheri_store opc, f3, rs2, mem, expr
	_cheri_reg .L_cheri_ra, \rs2
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem, \expr
	_cheri_s \opc, \f3, .L_cheri_ra, .L_cheri_rb, .L_cheri_off
.endm
.macro _cheri_fload opc, f3, rd, mem, expr
	_cheri_freg .L_cheri_ra, \rd
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem, \expr
	_cheri_i \opc, \f3, .L_cheri_ra, .L_cheri_rb, .L_cheri_off
.endm
.macro _cheri_fstore opc, f3, rs2, mem, expr
	_cheri_freg .L_cheri_ra, \rs2
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem, \expr
	_cheri_s \opc, \f3, .L_cheri_ra, .L_cheri_rb, .L_cheri_off
.endm

/* lc/clc: MISC-MEM funct3 010 (LQ slot); sc/csc: STORE funct3 100 (SQ slot) */
.macro lc cd, mem, expr
	_cheri_load 0x0f, 2, \cd, \mem, \expr
.endm
.macro clc cd, mem, expr
	_cheri_load 0x0f, 2, \cd, \mem, \expr
.endm
.macro sc cs2, mem, expr
	_cheri_store 0x23, 4, \cs2, \mem, \expr
.endm
.macro csc cs2, mem, expr
	_cheri_store 0x23, 4, \cs2, \mem, \expr
.endm

/* capability-mode readings of the standard integer/FP loads and stores */
.macro clb rd, mem, expr
	_cheri_load 0x03, 0, \rd, \mem, \expr
.endm
.macro clh rd, mem, expr
	_cheri_load 0x03, 1, \rd, \mem, \expr
.endm
.macro clw rd, mem, expr
	_cheri_load 0x03, 2, \rd, \mem, \expr
.endm
.macro cld rd, mem, expr
	_cheri_load 0x03, 3, \rd, \mem, \expr
.endm
.macro clbu rd, mem, expr
	_cheri_load 0x03, 4, \rd, \mem, \expr
.endm
.macro clhu rd, mem, expr
	_cheri_load 0x03, 5, \rd, \mem, \expr
.endm
.macro clwu rd, mem, expr
	_cheri_load 0x03, 6, \rd, \mem, \expr
.endm
.macro csb rs2, mem, expr
	_cheri_store 0x23, 0, \rs2, \mem, \expr
.endm
.macro csh rs2, mem, expr
	_cheri_store 0x23, 1, \rs2, \mem, \expr
.endm
.macro csw rs2, mem, expr
	_cheri_store 0x23, 2, \rs2, \mem, \expr
.endm
.macro csd rs2, mem, expr
	_cheri_store 0x23, 3, \rs2, \mem, \expr
.endm
.macro cflw rd, mem, expr
	_cheri_fload 0x07, 2, \rd, \mem, \expr
.endm
.macro cfld rd, mem, expr
	_cheri_fload 0x07, 3, \rd, \mem, \expr
.endm
.macro cfsw rs2, mem, expr
	_cheri_fstore 0x27, 2, \rs2, \mem, \expr
.endm
.macro cfsd rs2, mem, expr
	_cheri_fstore 0x27, 3, \rs2, \mem, \expr
.endm

/* ---- atomics (opcode 0x2f): lr/sc/amoswap on capabilities (funct3 100) and the CHERI
 * sub-word LR/SC (funct3 000/001). Each has .aq/.rl/.aqrl variants. ---- */
.macro _cheri_amo f5, f3, aqrl, rd, rs2, mem
	_cheri_reg .L_cheri_ra, \rd
	_cheri_reg .L_cheri_rc, \rs2
	_cheri_reg .L_cheri_rb, \mem
	.insn 4, (((\f5) << 27) | ((\aqrl) << 25) | (.L_cheri_rc << 20) | (.L_cheri_rb << 15) | ((\f3) << 12) | (.L_cheri_ra << 7) | 0x2f)
.endm
/* _cheri_amo_set sfx, usfx, bits: define every atomic name with the ordering suffix sfx
 * (dotted) / usfx (underscore alias); bits = aq:rl */
.macro _cheri_amo_def name, f5, f3, bits, nops
.if \nops == 2
.macro \name rd, mem
	_cheri_amo \f5, \f3, \bits, \rd, x0, \mem
.endm
.else
.macro \name rd, rs2, mem
	_cheri_amo \f5, \f3, \bits, \rd, \rs2, \mem
.endm
.endif
.endm
.macro _cheri_amo_set sfx, usfx, bits
	_cheri_amo_def lr.c\sfx, 2, 4, \bits, 2
	_cheri_amo_def sc.c\sfx, 3, 4, \bits, 3
	_cheri_amo_def amoswap.c\sfx, 1, 4, \bits, 3
	_cheri_amo_def clr.c\sfx, 2, 4, \bits, 2
	_cheri_amo_def csc.c\sfx, 3, 4, \bits, 3
	_cheri_amo_def camoswap.c\sfx, 1, 4, \bits, 3
	_cheri_amo_def lr.b\sfx, 2, 0, \bits, 2
	_cheri_amo_def lr.h\sfx, 2, 1, \bits, 2
	_cheri_amo_def sc.b\sfx, 3, 0, \bits, 3
	_cheri_amo_def sc.h\sfx, 3, 1, \bits, 3
	_cheri_amo_def lr_c\usfx, 2, 4, \bits, 2
	_cheri_amo_def sc_c\usfx, 3, 4, \bits, 3
	_cheri_amo_def amoswap_c\usfx, 1, 4, \bits, 3
	_cheri_amo_def clr_c\usfx, 2, 4, \bits, 2
	_cheri_amo_def csc_c\usfx, 3, 4, \bits, 3
	_cheri_amo_def camoswap_c\usfx, 1, 4, \bits, 3
	_cheri_amo_def lr_b\usfx, 2, 0, \bits, 2
	_cheri_amo_def lr_h\usfx, 2, 1, \bits, 2
	_cheri_amo_def sc_b\usfx, 3, 0, \bits, 3
	_cheri_amo_def sc_h\usfx, 3, 1, \bits, 3
.endm
_cheri_amo_set , , 0
_cheri_amo_set .rl, _rl, 1
_cheri_amo_set .aq, _aq, 2
_cheri_amo_set .aqrl, _aqrl, 3

/* ---- §5.11 explicit-address-type loads and stores: lX.ddc rd, (rs1); sX.cap rs2, (cs1) ---- */
.macro _cheri_xdefs dn, un, sel
.macro \dn\().ddc a, b
	_cheri_xld \sel, \a, \b
.endm
.macro \dn\().cap a, b
	_cheri_xld (\sel + 8), \a, \b
.endm
.macro \un\()_ddc a, b
	_cheri_xld \sel, \a, \b
.endm
.macro \un\()_cap a, b
	_cheri_xld (\sel + 8), \a, \b
.endm
.endm
_cheri_xdefs lb, lb, 0x00
_cheri_xdefs lh, lh, 0x01
_cheri_xdefs lw, lw, 0x02
_cheri_xdefs ld, ld, 0x03
_cheri_xdefs lbu, lbu, 0x04
_cheri_xdefs lhu, lhu, 0x05
_cheri_xdefs lwu, lwu, 0x06
_cheri_xdefs lr.b, lr_b, 0x10
_cheri_xdefs lr.h, lr_h, 0x11
_cheri_xdefs lr.w, lr_w, 0x12
_cheri_xdefs lr.d, lr_d, 0x13
_cheri_xdefs lr.c, lr_c, 0x14
_cheri_xdefs lc, lc, 0x17
.macro _cheri_xdefs_st dn, un, sel
.macro \dn\().ddc a, b
	_cheri_xst \sel, \a, \b
.endm
.macro \dn\().cap a, b
	_cheri_xst (\sel + 8), \a, \b
.endm
.macro \un\()_ddc a, b
	_cheri_xst \sel, \a, \b
.endm
.macro \un\()_cap a, b
	_cheri_xst (\sel + 8), \a, \b
.endm
.endm
_cheri_xdefs_st sb, sb, 0x00
_cheri_xdefs_st sh, sh, 0x01
_cheri_xdefs_st sw, sw, 0x02
_cheri_xdefs_st sd, sd, 0x03
_cheri_xdefs_st sc, sc, 0x04
_cheri_xdefs_st sc.b, sc_b, 0x10
_cheri_xdefs_st sc.h, sc_h, 0x11
_cheri_xdefs_st sc.w, sc_w, 0x12
_cheri_xdefs_st sc.d, sc_d, 0x13
_cheri_xdefs_st sc.c, sc_c, 0x14

/* ---- §5.12 compressed capability-mode instructions (RV64) ---- */
.macro _cheri_creg out, text    /* c8..c15 -> 0..7 */
	_cheri_reg \out, \text
	.if (\out < 8) || (\out > 15)
	.error "cheri.S: compressed form needs a register in c8..c15"
	.endif
	.set \out, \out - 8
.endm
/* c.clc cd', uimm(cs1') / c.csc cs2', uimm(cs1'): uimm multiple of 16, 0..496 */
.macro _cheri_c_lcsc f3, r, mem
	_cheri_creg .L_cheri_ra, \r
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem
	.if (.L_cheri_rb < 8) || (.L_cheri_rb > 15) || (.L_cheri_off & 15) || (.L_cheri_off < 0) || (.L_cheri_off > 496)
	.error "cheri.S: c.clc/c.csc: base c8..c15, offset 0..496 step 16"
	.endif
	.insn 2, (((\f3) << 13) | (((.L_cheri_off >> 4) & 3) << 11) | (((.L_cheri_off >> 8) & 1) << 10) | ((.L_cheri_rb - 8) << 7) | (((.L_cheri_off >> 6) & 3) << 5) | (.L_cheri_ra << 2) | 0)
.endm
.macro c.clc cd, mem
	_cheri_c_lcsc 1, \cd, \mem
.endm
.macro c.csc cs2, mem
	_cheri_c_lcsc 5, \cs2, \mem
.endm
/* c.clccsp cd, uimm(csp): 0..1008 step 16, cd != 0 */
.macro c.clccsp cd, mem
	_cheri_reg .L_cheri_ra, \cd
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem
	.if (.L_cheri_ra == 0) || (.L_cheri_rb != 2) || (.L_cheri_off & 15) || (.L_cheri_off < 0) || (.L_cheri_off > 1008)
	.error "cheri.S: c.clccsp: cd != 0, base csp, offset 0..1008 step 16"
	.endif
	.insn 2, ((1 << 13) | (((.L_cheri_off >> 5) & 1) << 12) | (.L_cheri_ra << 7) | (((.L_cheri_off >> 4) & 1) << 6) | (((.L_cheri_off >> 6) & 15) << 2) | 2)
.endm
.macro c.cscsp cs2, mem
	c.csccsp \cs2, \mem
.endm
.macro c.clcsp cd, mem
	c.clccsp \cd, \mem
.endm
/* c.csccsp cs2, uimm(csp) */
.macro c.csccsp cs2, mem
	_cheri_reg .L_cheri_ra, \cs2
	_cheri_mem .L_cheri_off, .L_cheri_rb, \mem
	.if (.L_cheri_rb != 2) || (.L_cheri_off & 15) || (.L_cheri_off < 0) || (.L_cheri_off > 1008)
	.error "cheri.S: c.csccsp: base csp, offset 0..1008 step 16"
	.endif
	.insn 2, ((5 << 13) | (((.L_cheri_off >> 4) & 3) << 11) | (((.L_cheri_off >> 6) & 15) << 7) | (.L_cheri_ra << 2) | 2)
.endm
/* c.cincoffset16csp csp, nzimm (multiple of 16, -512..496, != 0) */
.macro c.cincoffset16csp csp_, imm
	.if ((\imm) == 0) || ((\imm) & 15) || ((\imm) < -512) || ((\imm) > 496)
	.error "cheri.S: c.cincoffset16csp: nonzero multiple of 16 in -512..496"
	.endif
	.insn 2, ((3 << 13) | ((((\imm) >> 9) & 1) << 12) | (2 << 7) | ((((\imm) >> 4) & 1) << 6) | ((((\imm) >> 6) & 1) << 5) | ((((\imm) >> 7) & 3) << 3) | ((((\imm) >> 5) & 1) << 2) | 1)
.endm
/* c.cincoffset4cspn cd', csp, nzuimm (multiple of 4, 4..1020) */
.macro c.cincoffset4cspn cd, csp_, imm
	_cheri_creg .L_cheri_ra, \cd
	.if ((\imm) <= 0) || ((\imm) & 3) || ((\imm) > 1020)
	.error "cheri.S: c.cincoffset4cspn: nonzero multiple of 4 in 4..1020"
	.endif
	.insn 2, (((((\imm) >> 4) & 3) << 11) | ((((\imm) >> 6) & 15) << 7) | ((((\imm) >> 2) & 1) << 6) | ((((\imm) >> 3) & 1) << 5) | (.L_cheri_ra << 2) | 0)
.endm
/* c.cjr cs1 / c.cjalr cs1 (C.JR / C.JALR bits) */
.macro c.cjr cs1
	_cheri_reg .L_cheri_ra, \cs1
	.insn 2, ((8 << 12) | (.L_cheri_ra << 7) | 2)
.endm
.macro c.cjalr cs1
	_cheri_reg .L_cheri_ra, \cs1
	.insn 2, ((9 << 12) | (.L_cheri_ra << 7) | 2)
.endm

/* ---- underscore aliases of the dotted names ---- */
.macro jalr_cap cd, cs1
	jalr.cap \cd, \cs1
.endm
.macro jalr_pcc rd, rs1
	jalr.pcc \rd, \rs1
.endm
.macro c_clc cd, mem
	c.clc \cd, \mem
.endm
.macro c_csc cs2, mem
	c.csc \cs2, \mem
.endm
.macro c_clccsp cd, mem
	c.clccsp \cd, \mem
.endm
.macro c_csccsp cs2, mem
	c.csccsp \cs2, \mem
.endm
.macro c_cjr cs1
	c.cjr \cs1
.endm
.macro c_cjalr cs1
	c.cjalr \cs1
.endm

.endif /* .L_cheri_s_included */
