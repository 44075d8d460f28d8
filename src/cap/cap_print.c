/* cap_print.c - printing capabilities and naming permissions and CHERI causes.
 *
 * cap_print reproduces the reference monitor's CHERI_CAP_PRINT exactly (two-pure.expected;
 * intravisor-reference.md 3.4): "ofset" is the reference's spelling.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "cap/cap.h"

void cap_print(FILE *f, const struct cap *c)
{
	fprintf(f, "tag %d s %d perms %08" PRIx32 " type %016" PRIx64 "\n", c->tag ? 1 : 0,
		cap_is_sealed(c) ? 1 : 0, cap_perms(c), cap_get_type(c));
	fprintf(f, "    base %016" PRIx64 " length %016" PRIx64 " ofset %016" PRIx64 "\n", c->base,
		cap_get_len(c), cap_get_offset(c));
}

/* Permission names in CGetPerm bit order (cheri-riscv.md 2.1); NULL = reserved bit. */
static const char *const perm_names[19] = {
	"Global", "Execute", "Load", "Store", "LoadCap", "StoreCap", "StoreLocalCap", "Seal",
	"CInvoke", "Unseal", "ASR", "SetCID", NULL, NULL, NULL, "SW0", "SW1", "SW2", "SW3",
};

/* Short forms for the one-line format */
static const char *const perm_short[19] = {
	"G", "X", "L", "S", "LC", "SC", "SLC", "Se", "I", "U", "ASR", "CID", NULL, NULL, NULL,
	"SW0", "SW1", "SW2", "SW3",
};

/* snprintf at buf + *pos, keeping *pos the length that would have been written */
__attribute__((format(printf, 4, 5)))
static void append(char *buf, size_t n, int *pos, const char *fmt, ...)
{
	size_t used = (size_t)*pos < n ? (size_t)*pos : n;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(n ? buf + used : NULL, n - used, fmt, ap);
	va_end(ap);
	if (k > 0)
		*pos += k;
}

static int format_perm_list(char *buf, size_t n, uint32_t perms, const char *const *names)
{
	int pos = 0;
	if (n)
		buf[0] = 0;
	for (unsigned i = 0; i < 19; i++) {
		if (!(perms >> i & 1) || !names[i])
			continue;
		append(buf, n, &pos, "%s%s", pos ? "," : "", names[i]);
	}
	return pos;
}

int cap_format_perms(char *buf, size_t n, uint32_t perms)
{
	return format_perm_list(buf, n, perms, perm_names);
}

int cap_format(char *buf, size_t n, const struct cap *c)
{
	char plist[80];
	format_perm_list(plist, sizeof plist, cap_perms(c), perm_short);
	int pos = 0;
	append(buf, n, &pos, "v:%d s:%d p:%08" PRIx32 "(%s) b:0x%" PRIx64 " t:", c->tag ? 1 : 0,
	       cap_is_sealed(c) ? 1 : 0, cap_perms(c), plist, c->base);
	if (c->top >> 64)
		append(buf, n, &pos, "0x%" PRIx64 "%016" PRIx64, (uint64_t)(c->top >> 64), (uint64_t)c->top);
	else
		append(buf, n, &pos, "0x%" PRIx64, (uint64_t)c->top);
	append(buf, n, &pos, " a:0x%" PRIx64 " o:%" PRId64, c->addr, (int64_t)cap_get_type(c));
	if (cap_flags(c))
		append(buf, n, &pos, " f:1");
	return pos;
}

const char *cap_cause_name(unsigned cause)
{
	switch (cause) {
	case CAP_CAUSE_NONE: return "None";
	case CAP_CAUSE_LENGTH: return "Length violation";
	case CAP_CAUSE_TAG: return "Tag violation";
	case CAP_CAUSE_SEAL: return "Seal violation";
	case CAP_CAUSE_TYPE: return "Type violation";
	case CAP_CAUSE_USER_PERM: return "Software-defined permission violation";
	case CAP_CAUSE_INEXACT: return "Inexact bounds";
	case CAP_CAUSE_UNALIGNED_BASE: return "Unaligned base";
	case CAP_CAUSE_GLOBAL: return "Global violation";
	case CAP_CAUSE_EXECUTE: return "Permit_Execute violation";
	case CAP_CAUSE_LOAD: return "Permit_Load violation";
	case CAP_CAUSE_STORE: return "Permit_Store violation";
	case CAP_CAUSE_LOAD_CAP: return "Permit_Load_Capability violation";
	case CAP_CAUSE_STORE_CAP: return "Permit_Store_Capability violation";
	case CAP_CAUSE_STORE_LOCAL_CAP: return "Permit_Store_Local_Capability violation";
	case CAP_CAUSE_SEAL_PERM: return "Permit_Seal violation";
	case CAP_CAUSE_ASR: return "Access_System_Registers violation";
	case CAP_CAUSE_CINVOKE: return "Permit_CInvoke violation";
	case CAP_CAUSE_UNSEAL_PERM: return "Permit_Unseal violation";
	case CAP_CAUSE_SET_CID: return "Permit_Set_CID violation";
	}
	return "unknown CHERI cause";
}
