/* x86.h - the few x86-64 instruction encodings the block translator (jit.c) emits.
 *
 * Written from the Intel SDM volume 2 encoding rules: REX (0100WRXB), ModRM (mod, reg, rm), SIB
 * (scale, index, base); rm = 100 needs a SIB byte, base = 101 with mod = 00 means "disp32, no
 * base" (so rbp/r13 bases always carry a displacement). Every function appends to an emitter
 * whose overflow is checked once per instruction by the translator (jit.c keeps a margin).
 */
#ifndef INTRAVISOR_HART_X86_H
#define INTRAVISOR_HART_X86_H

#include <stdint.h>
#include <string.h>

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15, NOREG = -1 };

/* condition codes (the low nibble of Jcc / SETcc) */
enum { CC_O = 0x0, CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6, CC_A = 0x7,
       CC_S = 0x8, CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf };

/* group-1 ALU operations: the /digit of 0x81/0x83 and (digit << 3 | 1) is the "r/m, reg" opcode */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
/* group-2 shifts (the /digit of 0xc1 / 0xd3) */
enum { SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

struct em {
	uint8_t *p, *end;   /* in the writable view of the code buffer */
	ptrdiff_t xdelta;   /* executable view - writable view (W^X, jit.c); rel32 fields between
			     * two points of the buffer are the same in both views */
};

static inline void x_b(struct em *e, uint8_t b) { *e->p++ = b; }
static inline void x_d(struct em *e, uint32_t v) { memcpy(e->p, &v, 4); e->p += 4; }
static inline void x_q(struct em *e, uint64_t v) { memcpy(e->p, &v, 8); e->p += 8; }

/* REX with W, and R/X/B from the high bits of reg/index/base; `force` emits 0x40 even when
 * empty (byte registers sil/dil). */
static inline void x_rex(struct em *e, int w, int reg, int index, int base, int force)
{
	uint8_t r = (uint8_t)(0x40 | w << 3 | (reg >= 8) << 2 | (index >= 8) << 1 | (base >= 8));
	if (r != 0x40 || force)
		x_b(e, r);
}

/* ModRM (+SIB, +disp) for [base + index + disp]; base is never NOREG here */
static inline void x_mem(struct em *e, int reg, int base, int index, int32_t disp)
{
	int mod = disp == 0 && (base & 7) != RBP ? 0 : disp >= -128 && disp <= 127 ? 1 : 2;
	if (index == NOREG && (base & 7) != RSP) {
		x_b(e, (uint8_t)(mod << 6 | (reg & 7) << 3 | (base & 7)));
	} else {
		x_b(e, (uint8_t)(mod << 6 | (reg & 7) << 3 | 4));
		x_b(e, (uint8_t)(((index == NOREG ? RSP : index) & 7) << 3 | (base & 7)));
	}
	if (mod == 1)
		x_b(e, (uint8_t)(int8_t)disp);
	else if (mod == 2)
		x_d(e, (uint32_t)disp);
}

static inline void x_modrr(struct em *e, int reg, int rm) { x_b(e, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7))); }

/* op r/m64, reg  (opcode given: 0x01 add, 0x09 or, 0x21 and, 0x29 sub, 0x31 xor, 0x39 cmp,
 * 0x89 mov, 0x85 test); w = 0 for the 32-bit form */
static inline void x_rr(struct em *e, int w, uint8_t opc, int dst, int src)
{
	x_rex(e, w, src, NOREG, dst, 0);
	x_b(e, opc);
	x_modrr(e, src, dst);
}
static inline void x_mov(struct em *e, int dst, int src)
{
	if (dst != src)
		x_rr(e, 1, 0x89, dst, src);
}
static inline void x_alu(struct em *e, int w, int op, int dst, int src) { x_rr(e, w, (uint8_t)(op << 3 | 1), dst, src); }

/* op r/m, imm (sign-extended 32) */
static inline void x_alui(struct em *e, int w, int op, int dst, int32_t imm)
{
	x_rex(e, w, 0, NOREG, dst, 0);
	if (imm >= -128 && imm <= 127) {
		x_b(e, 0x83);
		x_modrr(e, op, dst);
		x_b(e, (uint8_t)(int8_t)imm);
	} else {
		x_b(e, 0x81);
		x_modrr(e, op, dst);
		x_d(e, (uint32_t)imm);
	}
}
/* op reg, qword [base + disp] (0x03 add, 0x2b sub, 0x3b cmp, 0x8b mov ...) */
static inline void x_rm(struct em *e, int w, uint8_t opc, int reg, int base, int index, int32_t disp)
{
	x_rex(e, w, reg, index, base, 0);
	x_b(e, opc);
	x_mem(e, reg, base, index, disp);
}
static inline void x_load64(struct em *e, int reg, int base, int32_t disp) { x_rm(e, 1, 0x8b, reg, base, NOREG, disp); }
static inline void x_store64(struct em *e, int base, int32_t disp, int reg) { x_rm(e, 1, 0x89, reg, base, NOREG, disp); }

/* mov reg, imm: the shortest form for the value */
static inline void x_movi(struct em *e, int reg, uint64_t v)
{
	if (v <= UINT32_MAX) {          /* mov r32, imm32 zero-extends */
		x_rex(e, 0, 0, NOREG, reg, 0);
		x_b(e, (uint8_t)(0xb8 + (reg & 7)));
		x_d(e, (uint32_t)v);
	} else if ((int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX) {   /* mov r/m64, simm32 */
		x_rex(e, 1, 0, NOREG, reg, 0);
		x_b(e, 0xc7);
		x_modrr(e, 0, reg);
		x_d(e, (uint32_t)v);
	} else {
		x_rex(e, 1, 0, NOREG, reg, 0);
		x_b(e, (uint8_t)(0xb8 + (reg & 7)));
		x_q(e, v);
	}
}
/* mov qword [base + disp], simm32 / mov byte [base + disp], imm8 */
static inline void x_store_imm64(struct em *e, int base, int32_t disp, int32_t imm)
{
	x_rex(e, 1, 0, NOREG, base, 0);
	x_b(e, 0xc7);
	x_mem(e, 0, base, NOREG, disp);
	x_d(e, (uint32_t)imm);
}
static inline void x_store_imm8(struct em *e, int base, int32_t disp, uint8_t imm)
{
	x_rex(e, 0, 0, NOREG, base, 0);
	x_b(e, 0xc6);
	x_mem(e, 0, base, NOREG, disp);
	x_b(e, imm);
}

/* lea reg, [base + disp] */
static inline void x_lea(struct em *e, int reg, int base, int32_t disp) { x_rm(e, 1, 0x8d, reg, base, NOREG, disp); }

/* shifts by immediate / by cl; w = 0: 32-bit */
static inline void x_shi(struct em *e, int w, int op, int reg, uint8_t n)
{
	x_rex(e, w, 0, NOREG, reg, 0);
	x_b(e, 0xc1);
	x_modrr(e, op, reg);
	x_b(e, n);
}
static inline void x_shcl(struct em *e, int w, int op, int reg)
{
	x_rex(e, w, 0, NOREG, reg, 0);
	x_b(e, 0xd3);
	x_modrr(e, op, reg);
}

/* imul reg, r/m64 */
static inline void x_imul(struct em *e, int w, int dst, int src)
{
	x_rex(e, w, dst, NOREG, src, 0);
	x_b(e, 0x0f);
	x_b(e, 0xaf);
	x_modrr(e, dst, src);
}
/* group 3 on a register: 4 mul, 5 imul, 6 div, 7 idiv (rdx:rax), 2 not, 3 neg */
static inline void x_grp3(struct em *e, int w, int digit, int reg)
{
	x_rex(e, w, 0, NOREG, reg, 0);
	x_b(e, 0xf7);
	x_modrr(e, digit, reg);
}
static inline void x_cqo(struct em *e) { x_b(e, 0x48); x_b(e, 0x99); }
/* cmovcc dst, src (64-bit) */
static inline void x_cmov(struct em *e, int cc, int dst, int src)
{
	x_rex(e, 1, dst, NOREG, src, 0);
	x_b(e, 0x0f);
	x_b(e, (uint8_t)(0x40 | cc));
	x_modrr(e, dst, src);
}
static inline void x_cdq(struct em *e) { x_b(e, 0x99); }

/* sign/zero extensions register to register */
static inline void x_movsxd(struct em *e, int dst, int src) { x_rex(e, 1, dst, NOREG, src, 0); x_b(e, 0x63); x_modrr(e, dst, src); }
static inline void x_mov32(struct em *e, int dst, int src) { x_rr(e, 0, 0x89, dst, src); }   /* zero-extends */
/* loads [base + index] into reg: size 1/2/4/8, sign-extended to 64 bits or zero-extended */
static inline void x_load_bi(struct em *e, int reg, int base, int index, unsigned size, int sign)
{
	switch (size) {
	case 1: x_rex(e, sign, reg, index, base, 0); x_b(e, 0x0f); x_b(e, sign ? 0xbe : 0xb6); break;
	case 2: x_rex(e, sign, reg, index, base, 0); x_b(e, 0x0f); x_b(e, sign ? 0xbf : 0xb7); break;
	case 4:
		if (sign) {
			x_rex(e, 1, reg, index, base, 0);
			x_b(e, 0x63);
		} else {
			x_rex(e, 0, reg, index, base, 0);
			x_b(e, 0x8b);
		}
		break;
	default: x_rex(e, 1, reg, index, base, 0); x_b(e, 0x8b); break;
	}
	x_mem(e, reg, base, index, 0);
}
/* stores the low `size` bytes of reg to [base + index] */
static inline void x_store_bi(struct em *e, int base, int index, int reg, unsigned size)
{
	if (size == 2)
		x_b(e, 0x66);
	x_rex(e, size == 8, reg, index, base, size == 1 && reg >= RSP);
	x_b(e, size == 1 ? 0x88 : 0x89);
	x_mem(e, reg, base, index, 0);
}

/* test byte [base + index], imm8 / cmp byte [base + index], imm8 */
static inline void x_test8_bi(struct em *e, int base, int index, uint8_t imm)
{
	x_rex(e, 0, 0, index, base, 0);
	x_b(e, 0xf6);
	x_mem(e, 0, base, index, 0);
	x_b(e, imm);
}
static inline void x_cmp8_bi(struct em *e, int base, int index, uint8_t imm)
{
	x_rex(e, 0, 0, index, base, 0);
	x_b(e, 0x80);
	x_mem(e, 7, base, index, 0);
	x_b(e, imm);
}
/* cmp byte [base + disp], imm8 */
static inline void x_cmp8_m(struct em *e, int base, int32_t disp, uint8_t imm)
{
	x_rex(e, 0, 0, NOREG, base, 0);
	x_b(e, 0x80);
	x_mem(e, 7, base, NOREG, disp);
	x_b(e, imm);
}

/* movzx reg32, byte [base + disp] */
static inline void x_movzx8_m(struct em *e, int reg, int base, int32_t disp)
{
	x_rex(e, 0, reg, NOREG, base, 0);
	x_b(e, 0x0f);
	x_b(e, 0xb6);
	x_mem(e, reg, base, NOREG, disp);
}
/* cmp dword [base + disp], imm32 */
static inline void x_cmp32_mi(struct em *e, int base, int32_t disp, uint32_t imm)
{
	x_rex(e, 0, 0, NOREG, base, 0);
	x_b(e, 0x81);
	x_mem(e, 7, base, NOREG, disp);
	x_d(e, imm);
}

/* mov byte [base + index], imm8 */
static inline void x_store_imm8_bi(struct em *e, int base, int index, uint8_t imm)
{
	x_rex(e, 0, 0, index, base, 0);
	x_b(e, 0xc6);
	x_mem(e, 0, base, index, 0);
	x_b(e, imm);
}
static inline void x_test_al(struct em *e, uint8_t imm) { x_b(e, 0xa8); x_b(e, imm); }
/* test r8, imm8 (al, cl, dl, bl: no REX) */
static inline void x_test_ri8(struct em *e, int reg, uint8_t imm) { x_b(e, 0xf6); x_modrr(e, 0, reg); x_b(e, imm); }

/* SSE scalar: prefix (f2 = sd, 66), 0f opc, xmm reg, [base + disp] / xmm, xmm */
static inline void x_sse(struct em *e, uint8_t prefix, uint8_t opc, int xmm, int base, int32_t disp)
{
	x_b(e, prefix);
	x_rex(e, 0, xmm, NOREG, base, 0);
	x_b(e, 0x0f);
	x_b(e, opc);
	x_mem(e, xmm, base, NOREG, disp);
}
static inline void x_sse_rr(struct em *e, uint8_t prefix, uint8_t opc, int xa, int xb)
{
	x_b(e, prefix);
	x_b(e, 0x0f);
	x_b(e, opc);
	x_modrr(e, xa, xb);
}
/* FMA3 "231" scalar double, VEX.LIG.66.0F38.W1 opc: xd = +-(xs * [base + disp]) +- xd
 * (xd, xs < 8, base < 8) */
static inline void x_fma231(struct em *e, uint8_t opc, int xd, int xs, int base, int32_t disp)
{
	x_b(e, 0xc4);
	x_b(e, (uint8_t)(0xe0 | 0x02));                      /* R X B inverted (all 0), map 0F38 */
	x_b(e, (uint8_t)(0x80 | (~xs & 15) << 3 | 0x01));    /* W1, vvvv = ~xs, L0, pp = 66 */
	x_b(e, opc);
	x_mem(e, xd, base, NOREG, disp);
}

/* setcc al..bl only (reg < 4): the caller zeroes the register first */
static inline void x_setcc(struct em *e, int cc, int reg)
{
	x_b(e, 0x0f);
	x_b(e, (uint8_t)(0x90 | cc));
	x_modrr(e, 0, reg);
}

/* NOPs up to the next multiple of `to` (a power of two): the recommended multi-byte forms
 * (0f 1f /0 with a 66 prefix for 6 and 9 bytes), at most 9 bytes each */
static inline void x_align(struct em *e, uintptr_t to)
{
	static const uint8_t nops[9][9] = {
		{ 0x90 }, { 0x66, 0x90 }, { 0x0f, 0x1f, 0x00 }, { 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 }, { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 }, { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	unsigned pad = (unsigned)(-(uintptr_t)(e->p + e->xdelta) & (to - 1));
	while (pad) {
		unsigned n = pad < 9 ? pad : 9;
		for (unsigned k = 0; k < n; k++)
			x_b(e, nops[n - 1][k]);
		pad -= n;
	}
}

/* branches with rel32; return the address of the rel32 field for patching */
static inline uint8_t *x_jcc(struct em *e, int cc)
{
	x_b(e, 0x0f);
	x_b(e, (uint8_t)(0x80 | cc));
	uint8_t *f = e->p;
	x_d(e, 0);
	return f;
}
static inline uint8_t *x_jmp(struct em *e)
{
	x_b(e, 0xe9);
	uint8_t *f = e->p;
	x_d(e, 0);
	return f;
}
static inline void x_jmp_mi(struct em *e, int base, int index, int32_t disp)   /* jmp [base + index + disp] */
{
	x_rex(e, 0, 0, index, base, 0);
	x_b(e, 0xff);
	x_mem(e, 4, base, index, disp);
}
/* lea reg, [rip + (target - next)] */
static inline void x_lea_rip(struct em *e, int reg, const uint8_t *target)
{
	x_rex(e, 1, reg, NOREG, 0, 0);
	x_b(e, 0x8d);
	x_b(e, (uint8_t)((reg & 7) << 3 | 5));
	x_d(e, (uint32_t)(int32_t)(target - (e->p + 4)));
}
static inline void x_jmp_r(struct em *e, int reg) { x_rex(e, 0, 0, NOREG, reg, 0); x_b(e, 0xff); x_modrr(e, 4, reg); }
/* point a rel32 field at target */
static inline void x_patch(uint8_t *field, const uint8_t *target)
{
	int32_t rel = (int32_t)(target - (field + 4));
	memcpy(field, &rel, 4);
}
static inline void x_push(struct em *e, int reg) { x_rex(e, 0, 0, NOREG, reg, 0); x_b(e, (uint8_t)(0x50 + (reg & 7))); }
static inline void x_pop(struct em *e, int reg) { x_rex(e, 0, 0, NOREG, reg, 0); x_b(e, (uint8_t)(0x58 + (reg & 7))); }
static inline void x_ret(struct em *e) { x_b(e, 0xc3); }
static inline void x_mfence(struct em *e) { x_b(e, 0x0f); x_b(e, 0xae); x_b(e, 0xf0); }

#endif
