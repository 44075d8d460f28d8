/* decode.c - operand extraction, the decode index (a decision tree built once) and the
 * disassembler, all driven by insns.def.
 * Bit positions: RISC-V unprivileged spec ch. 2 (base formats) and 16 (RVC), cheri-riscv.md 5.12.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hart/hart_priv.h"

enum fmt {
	F_NONE, F_R, F_R4, F_RM, F_I, F_IU, F_S, F_B, F_U, F_J, F_SH, F_CSR, F_AMO, F_FENCE, F_XSC,
	F_C_ADDI4SPN, F_C_LW, F_C_LD, F_C_LQ, F_C_SW, F_C_SD, F_C_SQ, F_C_ADDI, F_C_ADDIW, F_C_LI,
	F_C_LUI, F_C_ADDI16SP, F_C_SHIFT, F_C_ANDI, F_C_CA, F_C_J, F_C_B, F_C_SLLI, F_C_LWSP,
	F_C_LDSP, F_C_FLDSP, F_C_LQSP, F_C_SWSP, F_C_SDSP, F_C_SQSP, F_C_MV, F_C_JR, F_C_ADD, F_C_JALR,
};

char hart_insn_writes(int id)
{
	const struct insn_row *r = &hart_insns[id];
	if (r->fmt == F_C_JALR)   /* c.jalr / c.cjalr: the link register, implicitly */
		return r->mode == MODE_CAP ? 'c' : 'x';
	switch (r->operands[0]) {
	case 'd': return 'x';
	case 'D': return 'c';
	case 'F': return 'f';
	default: return 0;
	}
}

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
	case F_FENCE: d->imm = BITS(w, 31, 20); break;   /* fm, pred, succ (hart_fence_orders_store_load) */
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

/* The linear reference: the row of the largest mask among those matching in this mode (the
 * first such row on equal masks). Used by hart_decode until the index exists and by the tests. */
static int lookup_linear(uint32_t insn, bool capmode)
{
	unsigned want = capmode ? MODE_CAP : MODE_INT;
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
	return best;
}

/* ---- the index: one decision tree per mode, built once from hart_insns ----
 * An inner node splits on a bit field of the word (its children are contiguous nodes, one per
 * field value); a leaf lists the rows that can still match, most fixed bits first and in table
 * order on equal masks, so the first leaf row that matches is the row lookup_linear picks. A row
 * whose mask leaves some of a field's bits free is listed under every value it allows. */
struct dnode {
	uint8_t shift, width;       /* width 0: leaf */
	uint16_t count;             /* leaf: entries [first, first + count) */
	uint32_t first;             /* inner: first child node */
};
struct dentry {
	uint32_t match, mask;
	int id;
};
struct field { uint8_t shift, width; };

/* fields a subtree may split on: 32-bit (opcode, funct3, funct7, rs2, rd, rs1) and RVC
 * (funct3, bit 12, bits 11:10, bits 6:5, rd/rs1, rs2) */
static const struct field fields32[] = { { 2, 5 }, { 12, 3 }, { 25, 7 }, { 20, 5 }, { 7, 5 }, { 15, 5 } };
static const struct field fields16[] = { { 13, 3 }, { 12, 1 }, { 10, 2 }, { 5, 2 }, { 7, 5 }, { 2, 5 } };
#define LEAF_MAX 4   /* rows a leaf may keep without a further split (measured: 2..8 alike) */

/* The one file-scope state of the hart (STYLE 8): written once, under ix_once, before any
 * lookup (at load time by the constructor, or by the first hart_decode), read-only after. */
static struct {
	struct dnode *nodes;
	struct dentry *entries;
	uint32_t n_nodes, cap_nodes, n_entries, cap_entries;
	uint32_t root[2];           /* [capmode] */
	bool ok;
} ix;
static pthread_once_t ix_once = PTHREAD_ONCE_INIT;

static bool grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	uint32_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, (size_t)c * elem);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static bool row_allows(const struct insn_row *r, struct field f, uint32_t v)
{
	uint32_t m = (1u << f.width) - 1;
	return ((v ^ (r->match >> f.shift)) & (r->mask >> f.shift) & m) == 0;
}

/* fill node `at` for the candidate rows cand[0..n) (already in priority order); `used` = bits
 * fixed by the splits above; returns false when out of memory */
static bool build_node(uint32_t at, const uint16_t *cand, unsigned n, uint32_t used, bool rvc)
{
	const struct field *fl = rvc ? fields16 : fields32;
	unsigned nf = rvc ? sizeof fields16 / sizeof fields16[0] : sizeof fields32 / sizeof fields32[0];
	int best = -1;
	unsigned best_max = n, best_sum = 0;
	for (unsigned k = 0; n > LEAF_MAX && k < nf; k++) {
		uint32_t bits = ((1u << fl[k].width) - 1) << fl[k].shift;
		if (bits & used)
			continue;
		unsigned mx = 0, sum = 0;
		for (uint32_t v = 0; v < 1u << fl[k].width; v++) {
			unsigned c = 0;
			for (unsigned i = 0; i < n; i++)
				c += row_allows(&hart_insns[cand[i]], fl[k], v);
			mx = c > mx ? c : mx;
			sum += c;
		}
		if (mx < n && (best < 0 || sum < best_sum || (sum == best_sum && mx < best_max))) {
			best = (int)k;
			best_max = mx;
			best_sum = sum;
		}
	}
	if (best < 0) {
		if (!grow((void **)&ix.entries, &ix.cap_entries, ix.n_entries + n, sizeof *ix.entries))
			return false;
		ix.nodes[at] = (struct dnode){ 0, 0, (uint16_t)n, ix.n_entries };
		for (unsigned i = 0; i < n; i++) {
			const struct insn_row *r = &hart_insns[cand[i]];
			ix.entries[ix.n_entries++] = (struct dentry){ r->match, r->mask, cand[i] };
		}
		return true;
	}
	struct field f = fl[best];
	uint32_t kids = 1u << f.width, first = ix.n_nodes;
	if (!grow((void **)&ix.nodes, &ix.cap_nodes, ix.n_nodes + kids, sizeof *ix.nodes))
		return false;
	ix.n_nodes += kids;
	ix.nodes[at] = (struct dnode){ f.shift, f.width, 0, first };
	uint16_t sub[ID_COUNT];
	for (uint32_t v = 0; v < kids; v++) {
		unsigned m = 0;
		for (unsigned i = 0; i < n; i++)
			if (row_allows(&hart_insns[cand[i]], f, v))
				sub[m++] = cand[i];
		if (!build_node(first + v, sub, m, used | ((kids - 1) << f.shift), rvc))
			return false;
	}
	return true;
}

static void build_index(void)
{
	/* rows by decreasing popcount(mask), table order on ties (insertion sort: stable) */
	uint16_t order[ID_COUNT], cand[ID_COUNT];
	for (int i = 0; i < ID_COUNT; i++) {
		int j = i;
		while (j > 0 && __builtin_popcount(hart_insns[order[j - 1]].mask) < __builtin_popcount(hart_insns[i].mask)) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = (uint16_t)i;
	}
	/* root of each mode: a split on bits 1:0 (3 = 32-bit, else RVC; see hart_decode) */
	const struct field low = { 0, 2 };
	for (int capmode = 0; capmode < 2; capmode++) {
		unsigned want = capmode ? MODE_CAP : MODE_INT;
		if (!grow((void **)&ix.nodes, &ix.cap_nodes, ix.n_nodes + 5, sizeof *ix.nodes))
			return;
		uint32_t root = ix.n_nodes, first = root + 1;
		ix.n_nodes += 5;
		ix.root[capmode] = root;
		ix.nodes[root] = (struct dnode){ low.shift, low.width, 0, first };
		for (uint32_t v = 0; v < 4; v++) {
			unsigned m = 0;
			for (int i = 0; i < ID_COUNT; i++) {
				const struct insn_row *r = &hart_insns[order[i]];
				if ((r->mode == MODE_ANY || r->mode == want) && row_allows(r, low, v))
					cand[m++] = order[i];
			}
			if (!build_node(first + v, cand, m, 3, v != 3))
				return;
		}
	}
	ix.ok = true;
}

static int lookup_index(uint32_t insn, bool capmode)
{
	const struct dnode *nd = &ix.nodes[ix.root[capmode]];
	while (nd->width)
		nd = &ix.nodes[nd->first + ((insn >> nd->shift) & ((1u << nd->width) - 1))];
	const struct dentry *e = &ix.entries[nd->first], *end = e + nd->count;
	for (; e < end; e++)
		if ((insn & e->mask) == e->match)
			return e->id;
	return -1;
}

__attribute__((constructor)) static void index_at_load(void) { pthread_once(&ix_once, build_index); }

static bool finish(uint32_t insn, int best, struct decoded *d)
{
	d->id = -1;
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

bool hart_decode(uint32_t insn, bool capmode, struct decoded *d)
{
	bool compressed = (insn & 3) != 3;
	if (compressed)
		insn &= 0xffff;
	d->len = compressed ? 2 : 4;
	pthread_once(&ix_once, build_index);
	return finish(insn, ix.ok ? lookup_index(insn, capmode) : lookup_linear(insn, capmode), d);
}

/* The same decode by the linear search (the reference for tests/unit and bench/decode_bench.c;
 * no header declares it, its users declare it themselves). */
bool hart_decode_slow(uint32_t insn, bool capmode, struct decoded *d);
bool hart_decode_slow(uint32_t insn, bool capmode, struct decoded *d)
{
	bool compressed = (insn & 3) != 3;
	if (compressed)
		insn &= 0xffff;
	d->len = compressed ? 2 : 4;
	return finish(insn, lookup_linear(insn, capmode), d);
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
