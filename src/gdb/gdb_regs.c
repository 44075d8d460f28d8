/* gdb_regs.c - registers as GDB sees them: the target description (the standard RISC-V cpu and
 * fpu features, and a feature of our own with the capability registers) and the g/p/G/P
 * payloads.
 *
 * Remote register numbers: 0-31 x0-x31, 32 pc, 33-64 f0-f31, 65 fflags, 66 frm, 67 fcsr,
 * 68-99 c0-c31, 100 pcc, 101 ddc, 102 cycle, 103 time, 104 instret (the user counters, as
 * rdcycle/rdtime/rdinstret read them; read-only: a G packet's values for them are ignored).
 * A capability register is a struct of eight 64-bit fields, {tag, addr, high, base, top, perms, otype, flags}: high is the 64-bit metadata word as
 * CGetHigh gives it (the memory form), top is CGetTop (saturated), otype is CGetType (-1 when
 * unsealed). They are read-only: the debugger changes x registers (an integer write: the
 * register becomes NULL-derived, cheri-riscv.md 4.1), never forges a capability.
 */
#include <string.h>
#include <stdlib.h>

#include "gdb/gdb_priv.h"

enum { REG_PC = 32, REG_F0 = 33, REG_FFLAGS = 65, REG_FRM = 66, REG_FCSR = 67, REG_C0 = 68, REG_PCC = 100,
       REG_DDC = 101, REG_CYCLE = 102, REG_TIME = 103, REG_INSTRET = 104, REG_COUNT = 105 };

static const char *const xname[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

#define R(n, t) "<reg name=\"" n "\" bitsize=\"64\" type=\"" t "\"/>"
#define F(n) "<reg name=\"" n "\" bitsize=\"64\" type=\"riscv_double\"/>"
#define C(n) "<reg name=\"" n "\" bitsize=\"512\" type=\"cheri_cap\"/>"
const char gdb_target_xml[] =
	"<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
	"<architecture>riscv:rv64</architecture>\n"
	"<feature name=\"org.gnu.gdb.riscv.cpu\">\n"
	"<reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>" R("ra", "code_ptr") R("sp", "data_ptr")
	R("gp", "data_ptr") R("tp", "data_ptr") R("t0", "int") R("t1", "int") R("t2", "int") R("fp", "data_ptr")
	R("s1", "int") R("a0", "int") R("a1", "int") R("a2", "int") R("a3", "int") R("a4", "int") R("a5", "int")
	R("a6", "int") R("a7", "int") R("s2", "int") R("s3", "int") R("s4", "int") R("s5", "int") R("s6", "int")
	R("s7", "int") R("s8", "int") R("s9", "int") R("s10", "int") R("s11", "int") R("t3", "int") R("t4", "int")
	R("t5", "int") R("t6", "int") R("pc", "code_ptr") "\n</feature>\n"
	"<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
	"<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/>"
	"<field name=\"double\" type=\"ieee_double\"/></union>\n"
	"<reg name=\"ft0\" bitsize=\"64\" type=\"riscv_double\" regnum=\"33\"/>" F("ft1") F("ft2") F("ft3") F("ft4")
	F("ft5") F("ft6") F("ft7") F("fs0") F("fs1") F("fa0") F("fa1") F("fa2") F("fa3") F("fa4") F("fa5") F("fa6")
	F("fa7") F("fs2") F("fs3") F("fs4") F("fs5") F("fs6") F("fs7") F("fs8") F("fs9") F("fs10") F("fs11")
	F("ft8") F("ft9") F("ft10") F("ft11")
	"<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"65\"/>"
	"<reg name=\"frm\" bitsize=\"32\" type=\"int\"/><reg name=\"fcsr\" bitsize=\"32\" type=\"int\"/>\n"
	"</feature>\n"
	"<feature name=\"org.intravisor.cheri\">\n"
	"<struct id=\"cheri_cap\"><field name=\"tag\" type=\"uint64\"/><field name=\"addr\" type=\"uint64\"/>"
	"<field name=\"high\" type=\"uint64\"/><field name=\"base\" type=\"uint64\"/>"
	"<field name=\"top\" type=\"uint64\"/><field name=\"perms\" type=\"uint64\"/>"
	"<field name=\"otype\" type=\"int64\"/><field name=\"flags\" type=\"uint64\"/></struct>\n"
	"<reg name=\"c0\" bitsize=\"512\" type=\"cheri_cap\" regnum=\"68\" group=\"cheri\"/>"
	C("c1") C("c2") C("c3") C("c4") C("c5") C("c6") C("c7") C("c8") C("c9") C("c10") C("c11") C("c12") C("c13")
	C("c14") C("c15") C("c16") C("c17") C("c18") C("c19") C("c20") C("c21") C("c22") C("c23") C("c24") C("c25")
	C("c26") C("c27") C("c28") C("c29") C("c30") C("c31") C("pcc") C("ddc") "\n</feature>\n"
	"<feature name=\"org.gnu.gdb.riscv.csr\">\n"
	"<reg name=\"cycle\" bitsize=\"64\" type=\"uint64\" regnum=\"102\" group=\"system\"/>"
	"<reg name=\"time\" bitsize=\"64\" type=\"uint64\" group=\"system\"/>"
	"<reg name=\"instret\" bitsize=\"64\" type=\"uint64\" group=\"system\"/>\n</feature>\n</target>\n";
#undef R
#undef F
#undef C

size_t gdb_target_xml_len(void) { return sizeof gdb_target_xml - 1; }

static unsigned reg_bytes(unsigned r)
{
	if (r >= REG_FFLAGS && r <= REG_FCSR)
		return 4;
	return r >= REG_C0 && r <= REG_DDC ? 64 : 8;
}

static void cap_of(struct hart *h, unsigned r, struct cap *c)
{
	if (r == REG_PCC)
		hart_get_pcc(h, c);
	else if (r == REG_DDC)
		hart_get_ddc(h, c);
	else
		hart_get_creg(h, r - REG_C0, c);
}

/* little-endian bytes of register r; returns the size */
static unsigned reg_bytes_of(struct hart *h, unsigned r, uint8_t *out)
{
	uint64_t w[8];
	unsigned n = reg_bytes(r);
	if (r < 32)
		w[0] = hart_get_x(h, r);
	else if (r == REG_PC) {
		struct cap p;
		hart_get_pcc(h, &p);
		w[0] = hart_relocates(h) ? p.addr - p.base : p.addr;   /* the hybrid view (gdb_priv.h) */
	} else if (r < REG_FFLAGS)
		w[0] = hart_get_f(h, r - REG_F0);
	else if (r <= REG_FCSR) {
		uint32_t fcsr = hart_get_fcsr(h);
		w[0] = r == REG_FFLAGS ? (fcsr & 0x1f) : r == REG_FRM ? (fcsr >> 5 & 7) : fcsr;
	} else if (r == REG_CYCLE || r == REG_INSTRET) {
		w[0] = hart_instret(h);   /* one cycle per instruction, as rdcycle reads it */
	} else if (r == REG_TIME) {
		w[0] = hart_time();
	} else {
		struct cap c;
		cap_of(h, r, &c);
		w[0] = c.tag;
		w[1] = c.addr;
		w[2] = cap_get_high(&c);
		w[3] = c.base;
		w[4] = cap_get_top(&c);
		w[5] = cap_perms(&c);
		w[6] = cap_get_type(&c);
		w[7] = cap_flags(&c);
	}
	memcpy(out, w, n);   /* x86-64 host: little-endian, as the target */
	return n;
}

void gdb_regs_read_all(struct hart *h, char *out, size_t n)
{
	size_t pos = 0;
	out[0] = 0;
	for (unsigned r = 0; r < REG_COUNT; r++) {
		uint8_t b[64];
		unsigned k = reg_bytes_of(h, r, b);
		if (pos + 2 * k + 1 > n)
			return;
		rsp_hex(out + pos, b, k);
		pos += 2 * k;
	}
}

int gdb_reg_read(struct hart *h, unsigned regno, char *out, size_t n)
{
	if (regno >= REG_COUNT || n < 129)
		return -1;
	uint8_t b[64];
	rsp_hex(out, b, reg_bytes_of(h, regno, b));
	return 0;
}

int gdb_reg_write(struct hart *h, unsigned regno, const char *hex)
{
	if (regno >= REG_COUNT)
		return -1;
	uint8_t cur[64], nw[64] = { 0 };
	unsigned k = reg_bytes_of(h, regno, cur);
	if (strlen(hex) != 2 * k || rsp_unhex(nw, hex, k) != 0)
		return -1;
	if (!memcmp(cur, nw, k))
		return 0;   /* unchanged (a G packet writes every register): keep tags */
	uint64_t v = 0;
	memcpy(&v, nw, k < 8 ? k : 8);
	if (regno == 0)
		return 0;
	if (regno < 32)
		hart_set_x(h, regno, v);
	else if (regno == REG_PC) {
		struct cap p;
		hart_get_pcc(h, &p);
		hart_set_pc(h, hart_relocates(h) ? p.base + v : v);
	}
	else if (regno < REG_FFLAGS)
		hart_set_f(h, regno - REG_F0, v);
	else if (regno <= REG_FCSR) {
		uint32_t f = hart_get_fcsr(h);
		if (regno == REG_FFLAGS)
			f = (f & ~0x1fu) | (uint32_t)(v & 0x1f);
		else if (regno == REG_FRM)
			f = (f & 0x1f) | (uint32_t)(v & 7) << 5;
		else
			f = (uint32_t)(v & 0xff);
		hart_set_fcsr(h, f);
	} else
		return -1;
	return 0;
}

uint64_t gdb_view_addr(struct hart *h, uint64_t addr, uint64_t len)
{
	if (!h || !hart_relocates(h))
		return addr;
	struct cap ddc;
	hart_get_ddc(h, &ddc);
	/* [0, DDC length): the program's own addresses; anything above is absolute (the slot
	 * bases are above any slot's length, so the two never overlap: docs in gdb_priv.h) */
	uint64_t size = (uint64_t)(cap_get_top(&ddc) - ddc.base);
	if (!ddc.tag || len > size || addr > size - len)
		return addr;
	return ddc.base + addr;
}

int gdb_regs_write_all(struct hart *h, const char *hex)
{
	for (unsigned r = 0; r < REG_COUNT && *hex; r++) {
		unsigned k = reg_bytes(r);
		char one[129];
		if (strlen(hex) < 2 * k)
			return -1;
		memcpy(one, hex, 2 * k);
		one[2 * k] = 0;
		if (r < REG_CYCLE && gdb_reg_write(h, r, one) != 0)   /* the counters: read-only, time moves */
			return -1;
		hex += 2 * k;
	}
	return 0;
}

int gdb_cap_by_name(struct hart *h, const char *name, struct cap *out)
{
	unsigned r = 0;
	if (!strcmp(name, "pcc"))
		r = REG_PCC;
	else if (!strcmp(name, "ddc"))
		r = REG_DDC;
	else if (name[0] == 'c' && name[1] >= '0' && name[1] <= '9') {
		char *end;
		unsigned long i = strtoul(name + 1, &end, 10);
		if (*end || i > 31)
			return -1;
		r = REG_C0 + (unsigned)i;
	} else {
		/* psABI names with a leading c: csp, ca0, cra, ... */
		const char *n = name[0] == 'c' ? name + 1 : name;
		for (unsigned i = 0; i < 32 && !r; i++)
			if (!strcmp(n, xname[i]))
				r = REG_C0 + i;
		if (!r && !strcmp(n, "s0"))
			r = REG_C0 + 8;
		if (!r)
			return -1;
	}
	cap_of(h, r, out);
	return 0;
}
