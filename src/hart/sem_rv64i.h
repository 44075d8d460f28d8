/* sem_rv64i.h - RV64I, M and Zicsr/Zifencei bodies (STYLE 3: only OP bodies).
 * The macros (RD, X, SETX, LOAD, STORE, GO, BRANCH, ...) are defined by each instantiation in
 * exec.c; BRANCH(t) is a PC-relative transfer (target checked against PCC bounds).
 * Integer-mode loads/stores go through DDC (index 33), capability-mode ones through c[rs1]
 * (cheri-riscv.md 4.3); the explicit .ddc/.cap forms share these bodies with imm = 0. */

OP(lui)    { SETX(RD, (uint64_t)IMM); }
/* PCC_RELOC: PCC.base with relocation (intravisor.md 9), else 0 */
OP(auipc)  { SETX(RD, PC + (uint64_t)IMM - PCC_RELOC); }
OP(jal)    {
	if (RD == REG_SINK)   /* j: no link to write before the target check */
		BRANCH(PC + (uint64_t)IMM);
	uint64_t t = PC + (uint64_t)IMM;
	PCC_TARGET_CHECK(t);
	SETX(RD, PC + LEN - PCC_RELOC);
	GO(t);
}
OP(jalr)   {
	uint64_t t = ((X(RS1) + (uint64_t)IMM) & ~1ULL) + PCC_RELOC;
	PCC_TARGET_CHECK(t);
	SETX(RD, PC + LEN - PCC_RELOC);
	GO(t);
}
OP(beq)    { if (X(RS1) == X(RS2)) BRANCH(PC + (uint64_t)IMM); }
OP(bne)    { if (X(RS1) != X(RS2)) BRANCH(PC + (uint64_t)IMM); }
OP(blt)    { if ((int64_t)X(RS1) < (int64_t)X(RS2)) BRANCH(PC + (uint64_t)IMM); }
OP(bge)    { if ((int64_t)X(RS1) >= (int64_t)X(RS2)) BRANCH(PC + (uint64_t)IMM); }
OP(bltu)   { if (X(RS1) < X(RS2)) BRANCH(PC + (uint64_t)IMM); }
OP(bgeu)   { if (X(RS1) >= X(RS2)) BRANCH(PC + (uint64_t)IMM); }

OP(lb_ddc)  { SETX(RD, (uint64_t)(int8_t)LOAD(8, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(lh_ddc)  { SETX(RD, (uint64_t)(int16_t)LOAD(16, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(lw_ddc)  { SETX(RD, (uint64_t)(int32_t)LOAD(32, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(ld_ddc)  { SETX(RD, LOAD(64, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(lbu_ddc) { SETX(RD, LOAD(8, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(lhu_ddc) { SETX(RD, LOAD(16, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(lwu_ddc) { SETX(RD, LOAD(32, REG_DDC, X(RS1) + (uint64_t)IMM)); }
OP(lb_cap)  { SETX(RD, (uint64_t)(int8_t)LOAD(8, RS1, X(RS1) + (uint64_t)IMM)); }
OP(lh_cap)  { SETX(RD, (uint64_t)(int16_t)LOAD(16, RS1, X(RS1) + (uint64_t)IMM)); }
OP(lw_cap)  { SETX(RD, (uint64_t)(int32_t)LOAD(32, RS1, X(RS1) + (uint64_t)IMM)); }
OP(ld_cap)  { SETX(RD, LOAD(64, RS1, X(RS1) + (uint64_t)IMM)); }
OP(lbu_cap) { SETX(RD, LOAD(8, RS1, X(RS1) + (uint64_t)IMM)); }
OP(lhu_cap) { SETX(RD, LOAD(16, RS1, X(RS1) + (uint64_t)IMM)); }
OP(lwu_cap) { SETX(RD, LOAD(32, RS1, X(RS1) + (uint64_t)IMM)); }
OP(sb_ddc)  { STORE(8, REG_DDC, X(RS1) + (uint64_t)IMM, (uint8_t)X(RS2)); }
OP(sh_ddc)  { STORE(16, REG_DDC, X(RS1) + (uint64_t)IMM, (uint16_t)X(RS2)); }
OP(sw_ddc)  { STORE(32, REG_DDC, X(RS1) + (uint64_t)IMM, (uint32_t)X(RS2)); }
OP(sd_ddc)  { STORE(64, REG_DDC, X(RS1) + (uint64_t)IMM, X(RS2)); }
OP(sb_cap)  { STORE(8, RS1, X(RS1) + (uint64_t)IMM, (uint8_t)X(RS2)); }
OP(sh_cap)  { STORE(16, RS1, X(RS1) + (uint64_t)IMM, (uint16_t)X(RS2)); }
OP(sw_cap)  { STORE(32, RS1, X(RS1) + (uint64_t)IMM, (uint32_t)X(RS2)); }
OP(sd_cap)  { STORE(64, RS1, X(RS1) + (uint64_t)IMM, X(RS2)); }

OP(addi)   { SETX(RD, X(RS1) + (uint64_t)IMM); }
OP(slti)   { SETX(RD, (int64_t)X(RS1) < IMM); }
OP(sltiu)  { SETX(RD, X(RS1) < (uint64_t)IMM); }
OP(xori)   { SETX(RD, X(RS1) ^ (uint64_t)IMM); }
OP(ori)    { SETX(RD, X(RS1) | (uint64_t)IMM); }
OP(andi)   { SETX(RD, X(RS1) & (uint64_t)IMM); }
OP(slli)   { SETX(RD, X(RS1) << IMM); }
OP(srli)   { SETX(RD, X(RS1) >> IMM); }
OP(srai)   { SETX(RD, (uint64_t)((int64_t)X(RS1) >> IMM)); }
OP(addiw)  { SETX(RD, (uint64_t)(int32_t)(uint32_t)(X(RS1) + (uint64_t)IMM)); }
OP(slliw)  { SETX(RD, (uint64_t)(int32_t)((uint32_t)X(RS1) << IMM)); }
OP(srliw)  { SETX(RD, (uint64_t)(int32_t)((uint32_t)X(RS1) >> IMM)); }
OP(sraiw)  { SETX(RD, (uint64_t)((int32_t)X(RS1) >> IMM)); }
OP(add)    { SETX(RD, X(RS1) + X(RS2)); }
OP(sub)    { SETX(RD, X(RS1) - X(RS2)); }
OP(sll)    { SETX(RD, X(RS1) << (X(RS2) & 63)); }
OP(slt)    { SETX(RD, (int64_t)X(RS1) < (int64_t)X(RS2)); }
OP(sltu)   { SETX(RD, X(RS1) < X(RS2)); }
OP(xor)    { SETX(RD, X(RS1) ^ X(RS2)); }
OP(srl)    { SETX(RD, X(RS1) >> (X(RS2) & 63)); }
OP(sra)    { SETX(RD, (uint64_t)((int64_t)X(RS1) >> (X(RS2) & 63))); }
OP(or)     { SETX(RD, X(RS1) | X(RS2)); }
OP(and)    { SETX(RD, X(RS1) & X(RS2)); }
OP(addw)   { SETX(RD, (uint64_t)(int32_t)(uint32_t)(X(RS1) + X(RS2))); }
OP(subw)   { SETX(RD, (uint64_t)(int32_t)(uint32_t)(X(RS1) - X(RS2))); }
OP(sllw)   { SETX(RD, (uint64_t)(int32_t)((uint32_t)X(RS1) << (X(RS2) & 31))); }
OP(srlw)   { SETX(RD, (uint64_t)(int32_t)((uint32_t)X(RS1) >> (X(RS2) & 31))); }
OP(sraw)   { SETX(RD, (uint64_t)((int32_t)X(RS1) >> (X(RS2) & 31))); }

/* M */
OP(mul)    { SETX(RD, X(RS1) * X(RS2)); }
OP(mulh)   { SETX(RD, (uint64_t)(((__int128)(int64_t)X(RS1) * (__int128)(int64_t)X(RS2)) >> 64)); }
OP(mulhsu) { SETX(RD, (uint64_t)(((__int128)(int64_t)X(RS1) * (__int128)(unsigned __int128)X(RS2)) >> 64)); }
OP(mulhu)  { SETX(RD, (uint64_t)(((unsigned __int128)X(RS1) * X(RS2)) >> 64)); }
OP(div)    {
	int64_t a = (int64_t)X(RS1), b = (int64_t)X(RS2);
	SETX(RD, b == 0 ? UINT64_MAX : (a == INT64_MIN && b == -1) ? (uint64_t)a : (uint64_t)(a / b));
}
OP(divu)   { uint64_t a = X(RS1), b = X(RS2); SETX(RD, b == 0 ? UINT64_MAX : a / b); }
OP(rem)    {
	int64_t a = (int64_t)X(RS1), b = (int64_t)X(RS2);
	SETX(RD, b == 0 ? (uint64_t)a : (a == INT64_MIN && b == -1) ? 0 : (uint64_t)(a % b));
}
OP(remu)   { uint64_t a = X(RS1), b = X(RS2); SETX(RD, b == 0 ? a : a % b); }
OP(mulw)   { SETX(RD, (uint64_t)(int32_t)(uint32_t)(X(RS1) * X(RS2))); }
OP(divw)   {
	int32_t a = (int32_t)X(RS1), b = (int32_t)X(RS2);
	SETX(RD, (uint64_t)(int64_t)(b == 0 ? -1 : (a == INT32_MIN && b == -1) ? a : a / b));
}
OP(divuw)  {
	uint32_t a = (uint32_t)X(RS1), b = (uint32_t)X(RS2);
	SETX(RD, (uint64_t)(int32_t)(b == 0 ? UINT32_MAX : a / b));
}
OP(remw)   {
	int32_t a = (int32_t)X(RS1), b = (int32_t)X(RS2);
	SETX(RD, (uint64_t)(int64_t)(b == 0 ? a : (a == INT32_MIN && b == -1) ? 0 : a % b));
}
OP(remuw)  {
	uint32_t a = (uint32_t)X(RS1), b = (uint32_t)X(RS2);
	SETX(RD, (uint64_t)(int32_t)(b == 0 ? a : a % b));
}

/* system */
/* store->load ordering is the one x86-TSO lacks (hart_fence_orders_store_load) */
OP(fence)   { if (hart_fence_orders_store_load((int32_t)IMM)) __atomic_thread_fence(__ATOMIC_SEQ_CST); }
OP(fence_i) { CODE_SYNC(); }
OP(ecall)   { hart_raise(h, HART_CAUSE_ECALL_U, 0); RAISE(); }
OP(ebreak)  { hart_raise(h, HART_CAUSE_BREAKPOINT, PC); RAISE(); }

/* Zicsr: rd = x0 does not read, rs1 = x0 / uimm = 0 does not write (RISC-V priv spec 2.1) */
OP(csrrw)   { uint64_t v = X(RS1), old; if (!hart_csr(h, (unsigned)IMM & 0xfff, RD != REG_SINK, true, 0, v, &old, INSTRET_NOW)) RAISE(); SETX(RD, old); }
OP(csrrs)   { uint64_t v = X(RS1), old; if (!hart_csr(h, (unsigned)IMM & 0xfff, true, RS1 != 0, 1, v, &old, INSTRET_NOW)) RAISE(); SETX(RD, old); }
OP(csrrc)   { uint64_t v = X(RS1), old; if (!hart_csr(h, (unsigned)IMM & 0xfff, true, RS1 != 0, 2, v, &old, INSTRET_NOW)) RAISE(); SETX(RD, old); }
OP(csrrwi)  { uint64_t old; if (!hart_csr(h, (unsigned)IMM & 0xfff, RD != REG_SINK, true, 0, RS1, &old, INSTRET_NOW)) RAISE(); SETX(RD, old); }
OP(csrrsi)  { uint64_t old; if (!hart_csr(h, (unsigned)IMM & 0xfff, true, RS1 != 0, 1, RS1, &old, INSTRET_NOW)) RAISE(); SETX(RD, old); }
OP(csrrci)  { uint64_t old; if (!hart_csr(h, (unsigned)IMM & 0xfff, true, RS1 != 0, 2, RS1, &old, INSTRET_NOW)) RAISE(); SETX(RD, old); }
