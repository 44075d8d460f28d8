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

/* the memo entry of a CInvoke of c[a], c[b] (both as CLC left them: the caller checks) when
 * both are tagged, or NULL */
static inline struct cinvoke_memo *gate_memo_find(struct hart *h, unsigned a, unsigned b)
{
	if (!h->cm[a].tag || !h->cm[b].tag)
		return NULL;
	for (unsigned k = 0; k < 4; k++) {
		struct cinvoke_memo *m = &h->cimemo[k];
		if (m->valid && m->from_gen == h->pcc_gen && m->code_addr == h->x[a] && m->code_pesbt == h->cm[a].pesbt &&
		    m->data_addr == h->x[b] && m->data_pesbt == h->cm[b].pesbt)
			return m;
	}
	return NULL;
}

/* m's PCC was just set, under the PCC generation `before`: keep what followed from it */
static void gate_memo_record(const struct hart *h, struct cinvoke_memo *m, uint64_t before)
{
	m->from_gen = before;
	m->to_gen = h->pcc_gen;
	m->fetch_lo = h->fetch_lo;
	m->fetch_hi = h->fetch_hi;
	m->capmode = h->capmode;
	m->pcc_reloc = h->pcc_reloc;
}

static uint64_t gate_cinvoke(struct hart *h, uint64_t f, uint64_t pc)
{
	unsigned a = (unsigned)(f >> 8 & 0xff), b = (unsigned)(f >> 16 & 0xff);
	if (a && b && h->cvalid[a] && h->cvalid[b]) {
		bool lazy = h->cvalid[a] == CV_LAZY && h->cvalid[b] == CV_LAZY;
		struct cinvoke_memo *m = lazy ? gate_memo_find(h, a, b) : NULL;
		if (m) {   /* this CInvoke passed before: the same effect */
			h->x[31] = h->x[b];
			creg_copy(&h->cm[31], &m->c31);
			h->cvalid[31] = CV_CAP;
			creg_copy(&h->pcc, &m->pcc);
			h->pc = h->x[a] & ~1ULL;
			h->pcc_gen = m->to_gen;
			h->fetch_lo = m->fetch_lo;
			h->fetch_hi = m->fetch_hi;
			h->capmode = m->capmode;
			h->pcc_reloc = m->pcc_reloc;
			return h->pc;
		}
		struct cinvoke_memo key = { .code_addr = h->x[a], .code_pesbt = h->cm[a].pesbt, .data_addr = h->x[b],
					    .data_pesbt = h->cm[b].pesbt, .valid = true };
		struct cap c = gate_operand(h, a), d = gate_operand(h, b);
		uint64_t target = c.addr & ~1ULL;
		if (c.tag && d.tag && !cap_has_reserved_otype(&c) && cap_otype(&c) == cap_otype(&d) &&
		    cap_has_perm(&c, CAP_PERM_CINVOKE | CAP_PERM_EXECUTE) && cap_has_perm(&d, CAP_PERM_CINVOKE) &&
		    !cap_has_perm(&d, CAP_PERM_EXECUTE) && cap_in_bounds(&c, target, 2)) {
			d.pesbt = cap_field_otype_set(d.pesbt, CAP_OTYPE_UNSEALED);
			c.pesbt = cap_field_otype_set(c.pesbt, CAP_OTYPE_UNSEALED);
			c.addr = target;
			hart_setcap(h, 31, &d);
			if (lazy) {
				struct cinvoke_memo *n = &h->cimemo[h->cimemo_next++ & 3];
				*n = key;
				creg_copy(&n->c31, &h->cm[31]);
				uint64_t before = h->pcc_gen;
				hart_pcc_set(h, &c);
				creg_copy(&n->pcc, &h->pcc);
				gate_memo_record(h, n, before);
			} else {
				hart_pcc_set(h, &c);
			}
			return target;
		}
	}
	return jit_cap_cinvoke(h, f, pc);
}

/* the body reads c[rs1], c[rs2] from the hart: every register the block wrote goes back first */
static void emit_cinvoke(struct tr *t, unsigned i, const struct ti *in)
{
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
