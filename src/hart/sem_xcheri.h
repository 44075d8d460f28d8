/* sem_xcheri.h - Xcheri v9 bodies (cheri-riscv.md 5, 7). Capability manipulation goes through
 * cap.h; under CAP_LEGACY those calls may return a status, which CAP_CHECK turns into a CHERI
 * exception on the named operand (cheri-riscv.md 9). Register 0 as cs1 of CBuildCap/CFromPtr/
 * CTestSubset and as cs2 of CToPtr means DDC (4.1). */

/* ---- inspection (5.3): never fault ---- */
OP(cgetperm)   { struct cap c = GETCAP(RS1); SETX(RD, cap_perms(&c)); }
OP(cgettype)   { struct cap c = GETCAP(RS1); SETX(RD, cap_get_type(&c)); }
OP(cgetbase)   { struct cap c = GETCAP(RS1); SETX(RD, c.base); }
OP(cgetlen)    { struct cap c = GETCAP(RS1); SETX(RD, cap_get_len(&c)); }
OP(cgettop)    { struct cap c = GETCAP(RS1); SETX(RD, cap_get_top(&c)); }
OP(cgettag)    { struct cap c = GETCAP(RS1); SETX(RD, c.tag); }
OP(cgetsealed) { struct cap c = GETCAP(RS1); SETX(RD, cap_is_sealed(&c)); }
OP(cgetoffset) { struct cap c = GETCAP(RS1); SETX(RD, cap_get_offset(&c)); }
OP(cgetflags)  { struct cap c = GETCAP(RS1); SETX(RD, cap_flags(&c)); }
OP(cgetaddr)   { SETX(RD, X(RS1)); }
OP(cgethigh)   { struct cap c = GETCAP(RS1); SETX(RD, cap_get_high(&c)); }
OP(crrl)       { SETX(RD, cap_crrl(X(RS1))); }
OP(cram)       { SETX(RD, cap_cram(X(RS1))); }
OP(csub)       { SETX(RD, X(RS1) - X(RS2)); }
OP(ctestsubset) {
	struct cap a = RS1 ? GETCAP(RS1) : GETCAP(REG_DDC), b = GETCAP(RS2);
	SETX(RD, cap_test_subset(&a, &b));
}
OP(csetequalexact) { struct cap a = GETCAP(RS1), b = GETCAP(RS2); SETX(RD, cap_set_equal_exact(&a, &b)); }
OP(ctoptr) {
	struct cap a = GETCAP(RS1), b = RS2 ? GETCAP(RS2) : GETCAP(REG_DDC);
	uint64_t v;
	CAP_CHECK(cap_to_ptr(&v, &a, &b, CAPSEM), RS1, a, RS2 ? RS2 : CAP_INDEX_DDC, b);
	SETX(RD, v);
}

/* ---- modification (5.4-5.6) ---- */
#define CAP_UNARY(call) { struct cap c = GETCAP(RS1), o; CAP_CHECK(call, RS1, c, RS1, c); SETCAP(RD, &o); }
#define CAP_BINARY(call) { struct cap c = GETCAP(RS1), d = GETCAP(RS2), o; CAP_CHECK(call, RS1, c, RS2, d); SETCAP(RD, &o); }
OP(cmove)         { struct cap c = GETCAP(RS1); SETCAP(RD, &c); }
OP(ccleartag)     { struct cap c = GETCAP(RS1); c.tag = false; SETCAP(RD, &c); }
/* in bounds of a tagged, unsealed capability, or at its top: only the address moves (hart_cap_move_in_bounds) */
#define CAP_INC(inc) { \
	uint64_t a_ = X(RS1) + (inc); \
	if (likely(hart_cap_move_in_bounds(h, RS1, a_))) { \
		struct cap m_ = creg_to_cap(&h->cm[RS1], a_); \
		SETCAP(RD, &m_); \
	} else CAP_UNARY(cap_inc_offset(&o, &c, (inc), CAPSEM)) }
OP(cincoffset)    CAP_INC(X(RS2))
OP(cincoffsetimm) CAP_INC((uint64_t)IMM)
OP(csetoffset)    CAP_UNARY(cap_set_offset(&o, &c, X(RS2), CAPSEM))
OP(csetaddr)      CAP_UNARY(cap_set_addr(&o, &c, X(RS2), CAPSEM))
/* a small length inside the bounds of a decoded capability: hart_set_bounds_small */
#define CAP_SET_BOUNDS(len, exact) { \
	if (likely(hart_set_bounds_small(h, RD, RS1, (len)))) \
		CAP_WRITTEN(); \
	else \
		CAP_UNARY(cap_set_bounds(&o, &c, (len), (exact), CAPSEM)) }
OP(csetbounds)      CAP_SET_BOUNDS(X(RS2), false)
OP(csetboundsexact) CAP_SET_BOUNDS(X(RS2), true)
OP(csetboundsimm)   CAP_SET_BOUNDS((uint64_t)IMM, false)
OP(candperm)      CAP_UNARY(cap_and_perm(&o, &c, X(RS2), CAPSEM))
OP(csetflags)     CAP_UNARY(cap_set_flags(&o, &c, X(RS2), CAPSEM))
OP(csealentry)    CAP_UNARY(cap_seal_entry(&o, &c, CAPSEM))
OP(csethigh)      { struct cap c = GETCAP(RS1), o = cap_set_high(&c, X(RS2)); SETCAP(RD, &o); }
OP(cseal)         CAP_BINARY(cap_seal(&o, &c, &d, CAPSEM))
OP(cunseal)       CAP_BINARY(cap_unseal(&o, &c, &d, CAPSEM))
OP(ccseal)        CAP_BINARY(cap_cseal(&o, &c, &d, CAPSEM))
OP(ccopytype)     CAP_BINARY(cap_copy_type(&o, &c, &d, CAPSEM))
OP(cbuildcap) {
	struct cap a = RS1 ? GETCAP(RS1) : GETCAP(REG_DDC), q = GETCAP(RS2), o;
	CAP_CHECK(cap_build(&o, &a, &q, CAPSEM), RS1 ? RS1 : CAP_INDEX_DDC, a, RS2, q);
	SETCAP(RD, &o);
}
OP(cfromptr) {
	struct cap a = RS1 ? GETCAP(RS1) : GETCAP(REG_DDC), o;
	CAP_CHECK(cap_from_ptr(&o, &a, X(RS2), CAPSEM), RS1 ? RS1 : CAP_INDEX_DDC, a, RS1, a);
	SETCAP(RD, &o);
}
OP(auipcc) {
	/* cd = PCC with address pc + imm; tag cleared if not representable (precise) */
	struct cap p = PCC_CAP(PC), o;
	(void)cap_set_addr(&o, &p, PC + (uint64_t)IMM, CAP_V9);
	SETCAP(RD, &o);
}

/* ---- special registers, clearing (5.7) ---- */
OP(cspecialrw) {
	/* U-mode: only PCC (read-only) and DDC exist; the others are above our privilege */
	if (RS2 > 1 || (RS2 == 0 && RS1 != 0)) {
		hart_raise_illegal(h);
		RAISE();
	}
	struct cap old = RS2 == 0 ? PCC_CAP(PC) : GETCAP(REG_DDC);
	if (RS2 == 1 && RS1 != 0) {
		struct cap n = GETCAP(RS1);
		hart_ddc_write(h, &n);
	}
	SETCAP(RD, &old);
}
OP(cclear) {
	unsigned q = RS1 >> 3, mask = (RS1 & 7u) << 5 | (RD == REG_SINK ? 0 : RD);
	if (q == 0 && (mask & 1)) {   /* bit 0 of quarter 0 is DDC, not c0 */
		struct cap n = cap_null();
		hart_ddc_write(h, &n);
		mask &= ~1u;
	}
	for (; mask; mask &= mask - 1)
		SETX(8 * q + (unsigned)__builtin_ctz(mask), 0);
}
OP(fpclear) {
	unsigned q = RS1 >> 3, mask = (RS1 & 7u) << 5 | (RD == REG_SINK ? 0 : RD);
	for (; mask; mask &= mask - 1)
		SETF(8 * q + (unsigned)__builtin_ctz(mask), 0);
}

/* ---- memory (5.8, 5.11) ---- */
OP(lc_ddc) { struct cap c; if (!hart_lc(h, REG_DDC, X(RS1) + (uint64_t)IMM, &c)) RAISE(); SETCAP(RD, &c); }
OP(lc_cap) { struct cap c; if (!hart_lc(h, RS1, X(RS1) + (uint64_t)IMM, &c)) RAISE(); SETCAP(RD, &c); }
OP(sc_ddc) { struct cap v = GETCAP(RS2); if (!hart_sc_cap(h, REG_DDC, X(RS1) + (uint64_t)IMM, &v)) RAISE(); }
OP(sc_cap) { struct cap v = GETCAP(RS2); if (!hart_sc_cap(h, RS1, X(RS1) + (uint64_t)IMM, &v)) RAISE(); }
OP(cloadtags) {
	uint64_t ea = X(RS1), v = 0;
	if (!hart_check_access(h, RS1, ea, 64, ACC_LOAD | ACC_LOADTAGS | ACC_ALIGNED, NULL))
		RAISE();
	if (!mem_is_mapped(h->m, ea, 64)) {
		hart_raise(h, HART_CAUSE_LOAD_ACCESS, ea);
		RAISE();
	}
	for (unsigned i = 0; i < 4; i++)
		v |= (uint64_t)mem_get_tag(h->m, ea + 16 * i) << i;
	SETX(RD, v);
}

/* ---- jumps (5.9) and CInvoke (7) ---- */
OP(cjal) {
	uint64_t t = PC + (uint64_t)IMM;
	PCC_TARGET_CHECK(t);
	struct cap link = PCC_CAP(PC + LEN);
	link = cap_with_otype(&link, CAP_OTYPE_SENTRY);
	SETCAP(RD, &link);
	GO(t);
}
OP(cjalr) {
	/* CJALR, JALR.CAP (imm 0), C.CJR, C.CJALR: checks in the order of 5.9 */
	struct cap c = GETCAP(RS1);
	uint64_t t = (c.addr + (uint64_t)IMM) & ~1ULL;
	unsigned cause = 0;
	if (!c.tag)
		cause = CAP_CAUSE_TAG;
	else if (cap_is_sealed(&c) && (!cap_is_sentry(&c) || IMM != 0))
		cause = CAP_CAUSE_SEAL;
	else if (!cap_has_perm(&c, CAP_PERM_EXECUTE))
		cause = CAP_CAUSE_EXECUTE;
	else if (!cap_in_bounds(&c, t, 2))
		cause = CAP_CAUSE_LENGTH;
	if (cause) {
		hart_raise_cheri(h, RS1, cause, &c);
		RAISE();
	}
	struct cap link = PCC_CAP(PC + LEN);
	link = cap_with_otype(&link, CAP_OTYPE_SENTRY);
	SETCAP(RD, &link);
	c = cap_with_otype(&c, CAP_OTYPE_UNSEALED);
	c.addr = t;
	GO_PCC(&c, t);
}
OP(cinvoke) {
	struct cap c = GETCAP(RS1), d = GETCAP(RS2);
	uint64_t t = c.addr & ~1ULL;
	unsigned cause = 0, who = RS1;
	const struct cap *bad = &c;
	if (!c.tag)
		cause = CAP_CAUSE_TAG;
	else if (!d.tag)
		cause = CAP_CAUSE_TAG, who = RS2, bad = &d;
	else if (cap_has_reserved_otype(&c))
		cause = CAP_CAUSE_SEAL;
	else if (cap_has_reserved_otype(&d))
		cause = CAP_CAUSE_SEAL, who = RS2, bad = &d;
	else if (cap_otype(&c) != cap_otype(&d))
		cause = CAP_CAUSE_TYPE;
	else if (!cap_has_perm(&c, CAP_PERM_CINVOKE))
		cause = CAP_CAUSE_CINVOKE;
	else if (!cap_has_perm(&d, CAP_PERM_CINVOKE))
		cause = CAP_CAUSE_CINVOKE, who = RS2, bad = &d;
	else if (!cap_has_perm(&c, CAP_PERM_EXECUTE))
		cause = CAP_CAUSE_EXECUTE;
	else if (cap_has_perm(&d, CAP_PERM_EXECUTE))
		cause = CAP_CAUSE_EXECUTE, who = RS2, bad = &d;
	else if (!cap_in_bounds(&c, t, 2))
		cause = CAP_CAUSE_LENGTH;
	if (cause) {
		hart_raise_cheri(h, who, cause, bad);
		RAISE();
	}
	d = cap_with_otype(&d, CAP_OTYPE_UNSEALED);
	SETCAP(31, &d);
	c = cap_with_otype(&c, CAP_OTYPE_UNSEALED);
	c.addr = t;
	GO_PCC(&c, t);
}

#undef CAP_UNARY
#undef CAP_BINARY
