/* decode.c - operand extraction and the disassembler, both driven by insns.def.
 * Bit positions: RISC-V unprivileged spec ch. 2 (base formats) and 16 (RVC), cheri-riscv.md 5.12.
 */
#include <string.h>

#include "hart/hart_priv.h"

enum fmt {
	F_NONE, F_R, F_R4, F_RM, F_I, F_IU, F_S, F_B, F_U, F_J, F_SH, F_CSR, F_AMO, F_FENCE, F_XSC,
	F_C_ADDI4SPN, F_C_LW, F_C_LD, F_C_LQ, F_C_SW, F_C_SD, F_C_SQ, F_C_ADDI, F_C_ADDIW, F_C_LI,
	F_C_LUI, F_C_ADDI16SP, F_C_SHIFT, F_C_ANDI, F_C_CA, F_C_J, F_C_B, F_C_SLLI, F_C_LWSP,
	F_C_LDSP, F_C_FLDSP, F_C_LQSP, F_C_SWSP, F_C_SDSP, F_C_SQSP, F_C_MV, F_C_JR, F_C_ADD, F_C_JALR,
};

const struct insn_row hart_insns[ID_COUNT] = {
#define INSN(id, body, mn, match, mask, fmt, ops, mode) \
	[ID_##id] = { mn, (uint32_t)(match), (uint32_t)(mask), fmt, MODE_##mode, ops, #id },
#include "hart/insns.def"
#undef INSN
};

/* bit field helpers: BITS(x, hi, lo) and a sign extension */
#define BITS(x, hi, lo) (((x) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
static inline int32_t sext(uint32_t v, unsigned bits) { return (int32_t)(v << (32 - bits)) >> (32 - bits); }

static bool extract(uint32_t w, unsigned fmt, struct decoded *d)
{
	unsigned rd = BITS(w, 11, 7), rs1 = BITS(w, 19, 15), rs2 = BITS(w, 24, 20);
	unsigned crd = BITS(w, 4, 2) + 8, crs1 = BITS(w, 9, 7) + 8;  /* rd', rs1'/rs2' */
	unsigned c_rd = BITS(w, 11, 7), c_rs2 = BITS(w, 6, 2);
	d->rd = d->rs1 = d->rs2 = 0;
	d->imm = 0;
	switch (fmt) {
	case F_NONE: break;
	case F_R: d->rd = rd; d->rs1 = rs1; d->rs2 = rs2; break;
	case F_XSC: d->rd = rs2; d->rs1 = rs1; d->rs2 = rs2; break;
	case F_RM: d->rd = rd; d->rs1 = rs1; d->rs2 = rs2; d->imm = BITS(w, 14, 12); break;
	case F_R4: d->rd = rd; d->rs1 = rs1; d->rs2 = rs2; d->imm = BITS(w, 14, 12) | BITS(w, 31, 27) << 3; break;
	case F_AMO: d->rd = rd; d->rs1 = rs1; d->rs2 = rs2; d->imm = BITS(w, 26, 25); break;
	case F_I: d->rd = rd; d->rs1 = rs1; d->imm = sext(w >> 20, 12); break;
	case F_IU: d->rd = rd; d->rs1 = rs1; d->imm = (int32_t)(w >> 20); break;
	case F_SH: d->rd = rd; d->rs1 = rs1; d->imm = BITS(w, 25, 20); break;
	case F_CSR: d->rd = rd; d->rs1 = rs1; d->imm = (int32_t)(w >> 20); break;
	case F_FENCE: d->imm = BITS(w, 27, 20); break;
	case F_S: d->rs1 = rs1; d->rs2 = rs2; d->imm = sext(BITS(w, 31, 25) << 5 | BITS(w, 11, 7), 12); break;
	case F_B:
		d->rs1 = rs1; d->rs2 = rs2;
		d->imm = sext(BITS(w, 31, 31) << 12 | BITS(w, 7, 7) << 11 | BITS(w, 30, 25) << 5 | BITS(w, 11, 8) << 1, 13);
		break;
	case F_U: d->rd = rd; d->imm = (int32_t)(w & 0xfffff000u); break;
	case F_J:
		d->rd = rd;
		d->imm = sext(BITS(w, 31, 31) << 20 | BITS(w, 19, 12) << 12 | BITS(w, 20, 20) << 11 | BITS(w, 30, 21) << 1, 21);
		break;
	/* ---- compressed ---- */
	case F_C_ADDI4SPN:
		d->rd = crd; d->rs1 = 2;
		d->imm = BITS(w, 12, 11) << 4 | BITS(w, 10, 7) << 6 | BITS(w, 6, 6) << 2 | BITS(w, 5, 5) << 3;
		return d->imm != 0;
	case F_C_LW: case F_C_SW:
		d->rd = crd; d->rs2 = crd; d->rs1 = crs1;
		d->imm = BITS(w, 12, 10) << 3 | BITS(w, 6, 6) << 2 | BITS(w, 5, 5) << 6;
		break;
	case F_C_LD: case F_C_SD:
		d->rd = crd; d->rs2 = crd; d->rs1 = crs1;
		d->imm = BITS(w, 12, 10) << 3 | BITS(w, 6, 5) << 6;
		break;
	case F_C_LQ: case F_C_SQ:   /* [12:11]=uimm[5:4], [10]=uimm[8], [6:5]=uimm[7:6] */
		d->rd = crd; d->rs2 = crd; d->rs1 = crs1;
		d->imm = BITS(w, 12, 11) << 4 | BITS(w, 10, 10) << 8 | BITS(w, 6, 5) << 6;
		break;
	case F_C_ADDI: case F_C_ADDIW: case F_C_LI:
		d->rd = c_rd; d->rs1 = fmt == F_C_LI ? 0 : c_rd;
		d->imm = sext(BITS(w, 12, 12) << 5 | BITS(w, 6, 2), 6);
		if (fmt == F_C_ADDIW)
			return c_rd != 0;
		break;
	case F_C_LUI:
		d->rd = c_rd;
		d->imm = sext(BITS(w, 12, 12) << 17 | BITS(w, 6, 2) << 12, 18);
		return d->imm != 0 && c_rd != 2;
	case F_C_ADDI16SP:
		d->rd = 2; d->rs1 = 2;
		d->imm = sext(BITS(w, 12, 12) << 9 | BITS(w, 6, 6) << 4 | BITS(w, 5, 5) << 6 | BITS(w, 4, 3) << 7 | BITS(w, 2, 2) << 5, 10);
		return d->imm != 0;
	case F_C_SHIFT: case F_C_ANDI:
		d->rd = crs1; d->rs1 = crs1;
		d->imm = BITS(w, 12, 12) << 5 | BITS(w, 6, 2);
		if (fmt == F_C_ANDI)
			d->imm = sext((uint32_t)d->imm, 6);
		break;
	case F_C_CA: d->rd = crs1; d->rs1 = crs1; d->rs2 = crd; break;
	case F_C_J:
		d->rd = REG_SINK;
		d->imm = sext(BITS(w, 12, 12) << 11 | BITS(w, 11, 11) << 4 | BITS(w, 10, 9) << 8 | BITS(w, 8, 8) << 10 |
			      BITS(w, 7, 7) << 6 | BITS(w, 6, 6) << 7 | BITS(w, 5, 3) << 1 | BITS(w, 2, 2) << 5, 12);
		break;
	case F_C_B:
		d->rs1 = crs1; d->rs2 = 0;
		d->imm = sext(BITS(w, 12, 12) << 8 | BITS(w, 11, 10) << 3 | BITS(w, 6, 5) << 6 | BITS(w, 4, 3) << 1 | BITS(w, 2, 2) << 5, 9);
		break;
	case F_C_SLLI: d->rd = c_rd; d->rs1 = c_rd; d->imm = BITS(w, 12, 12) << 5 | BITS(w, 6, 2); break;
	case F_C_LWSP:
		d->rd = c_rd; d->rs1 = 2;
		d->imm = BITS(w, 12, 12) << 5 | BITS(w, 6, 4) << 2 | BITS(w, 3, 2) << 6;
		return c_rd != 0;
	case F_C_LDSP: case F_C_FLDSP:
		d->rd = c_rd; d->rs1 = 2;
		d->imm = BITS(w, 12, 12) << 5 | BITS(w, 6, 5) << 3 | BITS(w, 4, 2) << 6;
		return c_rd != 0 || fmt == F_C_FLDSP;
	case F_C_LQSP:   /* [12]=uimm[5], [6]=uimm[4], [5:2]=uimm[9:6] */
		d->rd = c_rd; d->rs1 = 2;
		d->imm = BITS(w, 12, 12) << 5 | BITS(w, 6, 6) << 4 | BITS(w, 5, 2) << 6;
		return c_rd != 0;
	case F_C_SWSP: d->rs1 = 2; d->rs2 = c_rs2; d->imm = BITS(w, 12, 9) << 2 | BITS(w, 8, 7) << 6; break;
	case F_C_SDSP: d->rs1 = 2; d->rs2 = c_rs2; d->imm = BITS(w, 12, 10) << 3 | BITS(w, 9, 7) << 6; break;
	case F_C_SQSP: d->rs1 = 2; d->rs2 = c_rs2; d->imm = BITS(w, 12, 11) << 4 | BITS(w, 10, 7) << 6; break;
	case F_C_MV: d->rd = c_rd; d->rs1 = 0; d->rs2 = c_rs2; break;
	case F_C_ADD: d->rd = c_rd; d->rs1 = c_rd; d->rs2 = c_rs2; break;
	case F_C_JR: d->rd = REG_SINK; d->rs1 = c_rd; return c_rd != 0;
	case F_C_JALR: d->rd = 1; d->rs1 = c_rd; break;
	}
	return true;
}

static bool writes_xrd(const struct insn_row *r)
{
	return r->operands[0] == 'd' || r->operands[0] == 'D';
}

bool hart_decode(uint32_t insn, bool capmode, struct decoded *d)
{
	unsigned want = capmode ? MODE_CAP : MODE_INT;
	bool compressed = (insn & 3) != 3;
	if (compressed)
		insn &= 0xffff;
	int best = -1, best_bits = -1;
	for (int i = 0; i < ID_COUNT; i++) {
		const struct insn_row *r = &hart_insns[i];
		if ((insn & r->mask) != r->match || (r->mode != MODE_ANY && r->mode != want))
			continue;
		int bits = __builtin_popcount(r->mask);
		if (bits > best_bits) {
			best = i;
			best_bits = bits;
		}
	}
	d->id = -1;
	d->len = compressed ? 2 : 4;
	if (best < 0 || !extract(insn, hart_insns[best].fmt, d)) {
		d->rd = d->rs1 = d->rs2 = 0;
		d->imm = 0;
		return false;
	}
	/* c.mv / c.add with rs2 = 0 are c.jr / c.jalr / c.ebreak (refined rows); c.jr rs1=0 reserved */
	d->id = best;
	if (d->rd == 0 && (writes_xrd(&hart_insns[best]) || hart_insns[best].fmt == F_XSC))
		d->rd = REG_SINK;
	return true;
}

/* ---- disassembler ---- */
static const char *const xname[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};
static const char *const cname[32] = {
	"cnull", "cra", "csp", "cgp", "ctp", "ct0", "ct1", "ct2", "cs0", "cs1", "ca0", "ca1", "ca2", "ca3", "ca4", "ca5",
	"ca6", "ca7", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "cs8", "cs9", "cs10", "cs11", "ct3", "ct4", "ct5", "ct6",
};
static const char *const fname[32] = {
	"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
	"fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static const char *scr_name(unsigned n)
{
	switch (n) {
	case 0: return "pcc";
	case 1: return "ddc";
	case 4: return "utcc";
	case 5: return "utdc";
	case 6: return "uscratchc";
	case 7: return "uepcc";
	case 12: return "stcc";
	case 13: return "stdc";
	case 14: return "sscratchc";
	case 15: return "sepcc";
	case 28: return "mtcc";
	case 29: return "mtdc";
	case 30: return "mscratchc";
	case 31: return "mepcc";
	}
	return NULL;
}

static const char *const rm_name[8] = { "rne", "rtz", "rdn", "rup", "rmm", "frm5", "frm6", "dyn" };

int hart_disasm(char *buf, size_t n, uint32_t insn, bool capmode)
{
	struct decoded d;
	if (n == 0)
		return (insn & 3) == 3 ? 4 : 2;
	buf[0] = 0;
	bool ok = hart_decode(insn, capmode, &d);
	if (!ok) {
		if (d.len == 2)
			snprintf(buf, n, "unknown 0x%04x", insn & 0xffff);
		else
			snprintf(buf, n, "unknown 0x%08x", insn);
		return d.len;
	}
	const struct insn_row *r = &hart_insns[d.id];
	unsigned rd = d.rd == REG_SINK ? 0 : d.rd;
	size_t o = 0;
#define PUT(...) do { int k_ = snprintf(buf + o, o < n ? n - o : 0, __VA_ARGS__); if (k_ > 0) o += (size_t)k_; } while (0)
	PUT("%s", r->mnemonic);
	if (r->fmt == F_AMO)
		PUT("%s", (const char *[]){ "", ".rl", ".aq", ".aqrl" }[d.imm & 3]);
	if (r->operands[0])
		PUT(" ");
	for (const char *p = r->operands; *p; p++) {
		switch (*p) {
		case 'd': PUT("%s", xname[rd]); break;
		case 'D': PUT("%s", cname[rd]); break;
		case 'F': PUT("%s", fname[d.rd]); break;
		case 's': PUT("%s", xname[d.rs1]); break;
		case 'S': PUT("%s", cname[d.rs1]); break;
		case 'G': PUT("%s", fname[d.rs1]); break;
		case 't': PUT("%s", xname[d.rs2]); break;
		case 'T': PUT("%s", cname[d.rs2]); break;
		case 'H': PUT("%s", fname[d.rs2]); break;
		case 'R': PUT("%s", fname[(d.imm >> 3) & 31]); break;
		case 'i': PUT("%d", d.imm); break;
		case 'x': PUT("0x%x", (unsigned)d.imm); break;
		case 'z': PUT("%u", d.rs1); break;
		case 'U': PUT("%u", ((uint32_t)d.imm >> 12) & 0xfffff); break;
		case 'm':
			if ((d.imm & 7) != 7)
				PUT(", %s", rm_name[d.imm & 7]);
			break;
		case 'c': {
			const char *nm = hart_csr_name((unsigned)d.imm & 0xfff);
			if (nm)
				PUT("%s", nm);
			else
				PUT("0x%x", (unsigned)d.imm & 0xfff);
			break;
		}
		case 'e': {
			const char *nm = scr_name(d.rs2);
			if (nm)
				PUT("%s", nm);
			else
				PUT("%u", d.rs2);
			break;
		}
		case 'q': PUT("%u, 0x%x", d.rs1 >> 3, (d.rs1 & 7) << 5 | d.rd); break;
		case 'p': {
			static const char sets[] = "wroi";
			for (int half = 1; half >= 0; half--) {
				unsigned v = (unsigned)(d.imm >> (4 * half)) & 15;
				for (int b = 3; b >= 0; b--)
					if (v >> b & 1)
						PUT("%c", sets[b]);
				if (half)
					PUT(", ");
			}
			break;
		}
		default: PUT("%c", *p); break;
		}
	}
#undef PUT
	(void)rm_name;
	return d.len;
}
