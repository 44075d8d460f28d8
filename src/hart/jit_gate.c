/* jit_gate.c - the instructions of the call path in translated blocks: CInvoke and CClear
 * (cheri-riscv.md 5.7, 7; intravisor.md 5.1). The SDK trampolines (sdk/crt/crt.S c_out_N,
 * ret_from_monitor) are CClear, CLC, CInvoke and CJALR: with these two the whole way from a
 * cVM's `cjal c_out_N` to the switcher's entry runs translated, and the hart reaches the gate
 * (exec.c, hart_options.gate_hook) from the block's exit without an interpreted instruction.
 *
 * CInvoke ends its block. It is a call (gate_cinvoke: the passing case on the register fields,
 * else the interpreter's own body, sem_xcheri.h instantiated in jit_cap.c: jit_cap_cinvoke),
 * made after every cached register is written back: it either passes every check of
 * cheri-riscv.md 7 and takes effect (c31 and PCC unsealed, pc = the target), or changes nothing
 * and the block leaves to the interpreter before the CInvoke, which runs it again and reports
 * the trap in order. The
 * block then jumps to the jump cache's translation of the target for the new PCC and domain
 * (jit_emit_pcc_continue, as CJALR to another PCC: only a block entered before under them,
 * after exec.c's checks between blocks, is there, and never one in the gate range), or returns
 * the new pc unchained, and exec.c makes those checks (fetch window, domain, the gate range)
 * before anything runs under it.
 *
 * CClear (of the general registers; a mask with DDC is the interpreter's, jit.c scan) is
 * straight-line: each named register becomes NULL, i.e. the integer 0 with cvalid clear
 * (cheri-riscv.md 4.1), in memory and in its host register.
 */
#include "hart/access.h"
#include "hart/jit_priv.h"

/* CInvoke from translated code: the common case (both operands capabilities that pass every
 * check) on the registers' fields without building struct caps (their copies through the stack
 * stalled on store forwarding); anything else is the interpreter's body, which checks in order.
 * The conjunction below is exactly cheri-riscv.md 7's checks (tags; cs1 not reserved and the
 * otypes equal, so neither is; Permit_CInvoke on both; Execute on cs1 and not on cs2; cs1's
 * address in bounds), and the effect is the body's: c31 = cs2 unsealed, PCC = cs1 unsealed
 * at its address with bit 0 cleared. test_hart_jit_gate.c fails each check alone. */
/* c[i] (cvalid set) as a struct cap; one a translated CLC left undecoded (CV_LAZY: the pair of
 * a trampoline, just loaded) through the bounds memo, without settling the register: nothing
 * reads the pair's windows after the call */
static inline struct cap gate_operand(struct hart *h, unsigned i)
{
	if (h->cvalid[i] == CV_LAZY)
		return hart_cap_from_mem(h, h->cm[i].pesbt ^ CAP_NULL_XOR_MASK, h->x[i], h->cm[i].tag);
	return creg_to_cap(&h->cm[i], h->x[i]);
}

/* the memo set of a CInvoke of c[a], c[b] (both as CLC left them: the caller checks) */
static inline unsigned gate_memo_set(const struct hart *h, unsigned a, unsigned b)
{
	return jump_memo_set(h->cm[a].pesbt ^ h->x[a] ^ h->x[b], h->pcc_gen);
}

static inline bool gate_memo_is(const struct hart *h, const struct cinvoke_memo *m, unsigned a, unsigned b)
{
	return m->from_gen == h->pcc_gen && m->code_addr == h->x[a] && m->code_pesbt == h->cm[a].pesbt &&
	       m->data_addr == h->x[b] && m->data_pesbt == h->cm[b].pesbt;
}

static uint64_t gate_cinvoke(struct hart *h, uint64_t f, uint64_t pc)
{
	unsigned a = (unsigned)(f >> 8 & 0xff), b = (unsigned)(f >> 16 & 0xff);
	if (a && b && h->cvalid[a] && h->cvalid[b]) {
		bool lazy = h->cvalid[a] == CV_LAZY && h->cvalid[b] == CV_LAZY && h->cm[a].tag && h->cm[b].tag;
		unsigned set = lazy ? gate_memo_set(h, a, b) : 0;
		struct cinvoke_memo *m = !lazy ? NULL : gate_memo_is(h, &h->cimemo[set], a, b) ? &h->cimemo[set] :
						 gate_memo_is(h, &h->cimemo[set + 1], a, b) ? &h->cimemo[set + 1] : NULL;
		if (m) {
			/* this CInvoke passed before from here: the same effect (as emit_cinvoke_memo) */
			uint64_t target = h->x[a] & ~1ULL;   /* before c31 changes: cs1 may be c31 */
			h->x[31] = h->x[b];
			creg_copy(&h->cm[31], &m->c31);
			h->cvalid[31] = CV_CAP;
			h->pc = target;
			pcc_after_apply(h, &m->to);
			return target;
		}
		struct cinvoke_memo key = { .from_gen = h->pcc_gen, .code_addr = h->x[a], .code_pesbt = h->cm[a].pesbt,
					    .data_addr = h->x[b], .data_pesbt = h->cm[b].pesbt };
		struct cap c = gate_operand(h, a), d = gate_operand(h, b);
		uint64_t target = c.addr & ~1ULL;
		if (c.tag && d.tag && !cap_has_reserved_otype(&c) && cap_otype(&c) == cap_otype(&d) &&
		    cap_has_perm(&c, CAP_PERM_CINVOKE | CAP_PERM_EXECUTE) && cap_has_perm(&d, CAP_PERM_CINVOKE) &&
		    !cap_has_perm(&d, CAP_PERM_EXECUTE) && cap_in_bounds(&c, target, 2)) {
			d.pesbt = cap_field_otype_set(d.pesbt, CAP_OTYPE_UNSEALED);
			c.pesbt = cap_field_otype_set(c.pesbt, CAP_OTYPE_UNSEALED);
			c.addr = target;
			hart_setcap(h, 31, &d);
			hart_pcc_set(h, &c);
			if (lazy) {
				m = JUMP_MEMO_NEW(h, h->cimemo, set);
				m->from_gen = key.from_gen;
				m->code_addr = key.code_addr;
				m->code_pesbt = key.code_pesbt;
				m->data_addr = key.data_addr;
				m->data_pesbt = key.data_pesbt;
				creg_copy(&m->c31, &h->cm[31]);
				pcc_after_keep(h, &m->to);
			}
			return target;
		}
	}
	return jit_cap_cinvoke(h, f, pc);
}

#define CI(f) ((int32_t)offsetof(struct cinvoke_memo, f))

/* A CInvoke that passed before from this PCC and domain, inline (after writeback): both
 * operands as CLC left them (CV_LAZY) and tagged, and the cimemo entry for them under the
 * current pcc_gen made under it for their addresses and pesbts: c31 and the new PCC as
 * gate_cinvoke's hit writes them. Else on to its call. */
static void emit_cinvoke_memo(struct tr *t, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned a = in->rs1, b = in->rs2;
	uint8_t *miss[5];
	int n = 0;
	x_cmp8_m(e, RBX, OFF_CV(a), CV_LAZY);
	miss[n++] = x_jcc(e, CC_NE);
	x_cmp8_m(e, RBX, OFF_CV(b), CV_LAZY);
	miss[n++] = x_jcc(e, CC_NE);
	x_cmp8_m(e, RBX, OFF_CM(a, tag), 1);
	miss[n++] = x_jcc(e, CC_NE);
	x_cmp8_m(e, RBX, OFF_CM(b, tag), 1);
	miss[n++] = x_jcc(e, CC_NE);
	x_load64(e, RCX, RBX, OFF_CM(a, pesbt));
	x_rm(e, 1, 0x33, RCX, RBX, NOREG, OFF_X(a));   /* xor rcx, x[a] */
	x_rm(e, 1, 0x33, RCX, RBX, NOREG, OFF_X(b));   /* xor rcx, x[b]: gate_memo_set's key word */
	jit_emit_memo_entry(t, (int32_t)offsetof(struct hart, cimemo));
	static const int32_t hart_off[5] = { OFF_GEN, OFF_X(0), OFF_CM(0, pesbt), OFF_X(0), OFF_CM(0, pesbt) };
	static const int32_t key[5] = { CI(from_gen), CI(code_addr), CI(code_pesbt), CI(data_addr), CI(data_pesbt) };
	const int32_t reg[5] = { 0, 8 * (int32_t)a, (int32_t)(a * sizeof(struct creg)), 8 * (int32_t)b,
				 (int32_t)(b * sizeof(struct creg)) };
	uint8_t *hit[2];
	for (int w = 0; w < 2; w++) {   /* each way of the set */
		int32_t o = w * (int32_t)sizeof(struct cinvoke_memo);
		uint8_t *next[5];
		for (int f = 0; f < 5; f++) {
			x_load64(e, RCX, RBX, hart_off[f] + reg[f]);
			x_rm(e, 1, 0x3b, RCX, RDX, NOREG, o + key[f]);
			next[f] = x_jcc(e, CC_NE);
		}
		if (w)
			x_alui(e, 1, ALU_ADD, RDX, o);
		hit[w] = x_jmp(e);
		for (int f = 0; f < 5; f++)
			x_patch(next[f], e->p);
	}
	miss[n++] = x_jmp(e);
	x_patch(hit[0], e->p);
	x_patch(hit[1], e->p);
	x_load64(e, RAX, RBX, OFF_X(a));
	x_alui(e, 1, ALU_AND, RAX, -2);   /* the target, before c31 changes (cs1 may be c31) */
	x_load64(e, RCX, RBX, OFF_X(b));
	x_store64(e, RBX, OFF_X(31), RCX);
	x_store_imm8(e, RBX, OFF_CV(31), CV_CAP);
	jit_copy64(e, RBX, OFF_CM(31, pesbt), RDX, CI(c31));
	jit_emit_jump_memo_hit(t, CI(to));
	for (int k = 0; k < n; k++)
		x_patch(miss[k], e->p);
}

/* the body reads c[rs1], c[rs2] from the hart: every register the block wrote goes back first */
static void emit_cinvoke(struct tr *t, unsigned i, const struct ti *in)
{
	if (in->rs1 && in->rs2) {
		jit_emit_writeback(t);
		emit_cinvoke_memo(t, in);
	}
	jit_emit_pcc_call(t, i, jit_cap_fields(in->rd, in->rs1, in->rs2, in->imm), gate_cinvoke);
	jit_emit_pcc_continue(t);   /* a target in the gate range is never in the jump cache */
}

static void emit_cclear(struct tr *t, const struct ti *in)
{
	struct em *e = &t->e;
	unsigned q = in->rs1 >> 3, mask = (in->rs1 & 7u) << 5 | (in->rd == REG_SINK ? 0 : in->rd);
	for (; mask; mask &= mask - 1) {
		unsigned r = 8 * q + (unsigned)__builtin_ctz(mask);
		if (r == 0)
			continue;   /* DDC: never here (jit.c scan) */
		if (t->map[r] != NOREG)
			x_alu(e, 0, ALU_XOR, t->map[r], t->map[r]);
		x_store_imm64(e, RBX, OFF_X(r), 0);
		if (!t->cv_done[r]) {
			x_store_imm8(e, RBX, OFF_CV(r), 0);
			t->cv_done[r] = true;
		}
	}
}

void jit_emit_gate(struct tr *t, unsigned i, const struct ti *in)
{
	if (in->b.kind == K_CINVOKE)
		emit_cinvoke(t, i, in);
	else
		emit_cclear(t, in);
}
