/* fuzz_hart.c - libFuzzer harness for the hart (src/hart/hart.h): random instruction bytes in
 * a sandboxed 64 KiB slot.
 *
 * Layout of the emulated address space (all mapped, everything else unmapped):
 *   [LOW,  SLOT)  4 KiB neighbour: a byte pattern and tagged capabilities over itself
 *   [SLOT, HIGH)  the slot: the input's code at SLOT, tagged capabilities at SLOT + CAPS_OFF
 *   [HIGH, END)   4 KiB neighbour, like LOW
 * The authority is cap_build_from_root(cap_root(), SLOT, 64 KiB, perms); PCC and DDC, the
 * initial registers and the capabilities in the slot are all derived from it. The slot lies
 * below 2^18, so the authority can also seal and unseal (its addresses are valid otypes).
 *
 * Input: a 20-byte header, then the code.
 *   byte 0  bit 0: capability mode (PCC.flags = 1); bit 1: legacy (trapping) semantics;
 *           bit 2: DDC = NULL (else the authority); bit 3: cVM permissions (else every
 *           permission, incl. ASR); bit 4: PCC bounded to the code half of the slot;
 *           bit 5: keep going after a trap (pc += insn length), up to MAX_TRAPS;
 *           bit 6: run twice, fast and traced (hart_set_trace), and compare the outcomes
 *   byte 1..3  reserved (kept so the format can grow)
 *   byte 4..19 register recipes: c[i] is made from recipe byte 4 + i % 16 (see make_reg)
 *
 * After the run (budget BUDGET instructions), the invariants, each a crash if broken:
 *   - no host fault (ASan/UBSan), hart_run returns a valid exit;
 *   - no access fault (causes 1, 5, 7): every address the authority covers is mapped, so an
 *     access the capability checks let through can only fault if it left the slot (this
 *     catches escapes beyond the neighbours too);
 *   - every tagged capability in c1..c31, PCC and DDC is a subset of the authority
 *     (cap_test_subset: bounds inside the slot, permissions a subset);
 *   - every tagged granule of the slot (mem_load_cap) is a subset of the authority;
 *   - both neighbours are unchanged, bytes and tags (nothing was stored outside the slot);
 *   - (bit 6) the fast and the traced run agree: registers, PCC, DDC, FP registers, instret,
 *     the trap records, and the slot's bytes and tags (unless the code reads `time` or
 *     modifies code the hart has decoded).
 * FUZZ_TRACE=1 in the environment traces every instruction to stderr (for replaying one input;
 * never set while fuzzing).
 */
#include <stdint.h>

#include "cap/cap.h"
#include "fuzz_check.h"
#include "hart/hart.h"
#include "mem/mem.h"

#define SLOT       0x20000ULL
#define SLOT_SIZE  0x10000ULL
#define NB_SIZE    0x1000ULL        /* each neighbour */
#define LOW        (SLOT - NB_SIZE)
#define HIGH       (SLOT + SLOT_SIZE)
#define END        (HIGH + NB_SIZE)
#define MEM_SIZE   (END + 0x10000ULL)
#define CAPS_OFF   0xf000ULL        /* 16 capabilities for CLC to find */
#define CODE_MAX   0x8000ULL        /* the code half */
#define HEADER     20
#define BUDGET     2000
#define MAX_TRAPS  32

#define CVM_PERMS (CAP_PERM_GLOBAL | CAP_PERM_EXECUTE | CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | \
		   CAP_PERM_STORE_CAP | CAP_PERM_STORE_LOCAL_CAP | CAP_PERM_SEAL | CAP_PERM_CINVOKE | \
		   CAP_PERM_UNSEAL | CAP_PERM_SW0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Made once: the address space and the neighbours' expected contents. */
static struct mem *fuzz_mem;
static uint8_t neighbour_bytes[2][NB_SIZE];
static bool neighbour_tags[2][NB_SIZE / MEM_GRANULE];

static const uint64_t neighbour_base[2] = { LOW, HIGH };
static bool fuzz_trace;   /* FUZZ_TRACE=1 in the environment: trace every instruction to stderr */
static FILE *fuzz_devnull; /* where the traced run of the fast/traced comparison writes */

/* Fill both neighbours: a pattern, and every 256 bytes a tagged capability over the
 * neighbour itself (what another cVM's memory would hold). */
static void fill_neighbours(void)
{
	struct cap root = cap_root();
	for (int k = 0; k < 2; k++) {
		uint64_t b = neighbour_base[k];
		for (uint64_t off = 0; off < NB_SIZE; off += 8)
			FUZZ_CHECK(mem_store64(fuzz_mem, b + off, 0x5a5aa5a500000000ULL | (b + off)) == MEM_OK);
		struct cap other = cap_build_from_root(&root, b, NB_SIZE, CAP_PERMS_ALL);
		FUZZ_CHECK(other.tag);
		for (uint64_t off = 0; off < NB_SIZE; off += 256)
			FUZZ_CHECK(mem_store_cap(fuzz_mem, NULL, b + off, b + off, cap_to_mem_pesbt(&other), true) == MEM_OK);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_trace = getenv("FUZZ_TRACE") && *getenv("FUZZ_TRACE") == '1';
	fuzz_devnull = fopen("/dev/null", "w");
	FUZZ_CHECK(fuzz_devnull != NULL);
	fuzz_mem = mem_new(MEM_SIZE);
	FUZZ_CHECK(fuzz_mem != NULL);
	FUZZ_CHECK(mem_map(fuzz_mem, LOW, END - LOW) == MEM_OK);
	fill_neighbours();
	for (int k = 0; k < 2; k++) {
		FUZZ_CHECK(mem_read(fuzz_mem, neighbour_base[k], neighbour_bytes[k], NB_SIZE) == MEM_OK);
		for (uint64_t g = 0; g < NB_SIZE / MEM_GRANULE; g++)
			neighbour_tags[k][g] = mem_get_tag(fuzz_mem, neighbour_base[k] + g * MEM_GRANULE);
	}
	return 0;
}

/* Register recipe r (one byte) -> a value derived from the authority:
 *   r & 3 == 0: an integer, an address in the slot;
 *   r & 3 == 1: the authority with its address moved into the slot;
 *   r & 3 == 2: a 256-byte sub-object of the slot with data permissions;
 *   r & 3 == 3: a sentry into the code half (r & 4: in capability mode). */
static struct cap make_reg(const struct cap *auth, uint8_t r)
{
	uint64_t at = SLOT + (uint64_t)(r >> 2) * 0x100;
	struct cap c, t;
	switch (r & 3) {
	case 0:
		return cap_from_int(at + (r & 0xf));
	case 1:
		(void)cap_set_addr(&c, auth, at, CAP_V9);
		return c;
	case 2:
		return cap_build_from_root(auth, at, 0x100, CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE |
							      CAP_PERM_LOAD_CAP | CAP_PERM_STORE_CAP);
	default:
		(void)cap_set_addr(&c, auth, SLOT + (uint64_t)(r >> 3) * 4, CAP_V9);
		(void)cap_set_flags(&t, &c, (r >> 2) & 1, CAP_V9);
		(void)cap_seal_entry(&c, &t, CAP_V9);
		return c;
	}
}

static void check_cap(const struct cap *auth, const struct cap *c, const char *what, unsigned i)
{
	if (!c->tag)
		return;
	if (cap_test_subset(auth, c))
		return;
	char buf[200];
	cap_format(buf, sizeof buf, c);
	fprintf(stderr, "fuzz: %s %u escapes the slot: %s\n", what, i, buf);
	FUZZ_CHECK(cap_test_subset(auth, c));
}

static void check_after(struct hart *h, const struct cap *auth)
{
	struct cap c;
	for (unsigned i = 0; i < 32; i++) {
		hart_get_creg(h, i, &c);
		if (i == 0)
			FUZZ_CHECK(!c.tag);
		check_cap(auth, &c, "register c", i);
	}
	hart_get_pcc(h, &c);
	check_cap(auth, &c, "PCC", 0);
	hart_get_ddc(h, &c);
	check_cap(auth, &c, "DDC", 0);
	for (uint64_t a = SLOT; a < HIGH; a += MEM_GRANULE) {
		/* a page without MEM_PAGE_TAGS holds no tag (mem.c, protocol point 1) */
		if (!(fuzz_mem->page_flags[a >> MEM_PAGE_SHIFT] & MEM_PAGE_TAGS)) {
			a = (a | (MEM_PAGE_SIZE - 1)) + 1 - MEM_GRANULE;
			continue;
		}
		uint64_t lo, hi;
		bool tag;
		FUZZ_CHECK(mem_load_cap(fuzz_mem, a, &lo, &hi, &tag) == MEM_OK);
		if (tag) {
			c = cap_from_mem(hi, lo, tag);
			check_cap(auth, &c, "slot granule at offset", (unsigned)(a - SLOT));
		}
	}
	for (int k = 0; k < 2; k++) {
		FUZZ_CHECK(memcmp(mem_host(fuzz_mem, neighbour_base[k]), neighbour_bytes[k], NB_SIZE) == 0);
		for (uint64_t g = 0; g < NB_SIZE / MEM_GRANULE; g++)
			FUZZ_CHECK(mem_get_tag(fuzz_mem, neighbour_base[k] + g * MEM_GRANULE) == neighbour_tags[k][g]);
	}
}

/* What one run leaves behind, for the fast/traced comparison. */
struct outcome {
	struct cap c[32], pcc, ddc;
	uint64_t f[32], instret;
	bool smc;      /* a store hit a page the hart had decoded code from (mem code_epoch bumped) */
	unsigned ntraps;
	struct { unsigned cause, cheri_cause, cap_index; uint64_t pc, tval; uint32_t insn; } trap[MAX_TRAPS + 1];
	uint8_t mem[SLOT_SIZE];
	bool tags[SLOT_SIZE / MEM_GRANULE];
};

static struct outcome fuzz_out[2];   /* [0] fast, [1] traced (large: not on the stack) */

/* Set up the slot and a fresh hart from the input, run, check the invariants, and record the
 * outcome in *out if it is not NULL. trace: run the traced instantiation (single-step). */
static void run_once(const uint8_t *data, size_t size, FILE *trace, struct outcome *out)
{
	const uint8_t flags = data[0], *recipe = data + 4, *code = data + HEADER;
	uint64_t code_len = size - HEADER < CODE_MAX ? size - HEADER : CODE_MAX;
	bool capmode = flags & 1, legacy = flags & 2, ddc_null = flags & 4, cvm_perms = flags & 8;
	bool narrow_pcc = flags & 16, resume = flags & 32;

	/* a fresh slot: zero, tags clear */
	FUZZ_CHECK(mem_map(fuzz_mem, SLOT, SLOT_SIZE) == MEM_OK);
	FUZZ_CHECK(mem_write(fuzz_mem, SLOT, code, code_len) == MEM_OK);

	struct cap root = cap_root();
	struct cap auth = cap_build_from_root(&root, SLOT, SLOT_SIZE, cvm_perms ? CVM_PERMS : CAP_PERMS_ALL);
	FUZZ_CHECK(auth.tag);
	for (unsigned i = 0; i < 16; i++) {
		struct cap c = make_reg(&auth, recipe[i]);
		FUZZ_CHECK(mem_store_cap(fuzz_mem, NULL, SLOT + CAPS_OFF + 16 * i, c.addr, cap_to_mem_pesbt(&c), c.tag) ==
			   MEM_OK);
	}

	struct hart_options opt = { .legacy = legacy };
	struct hart *h = hart_new(fuzz_mem, &opt);
	FUZZ_CHECK(h != NULL);
	if (trace)
		hart_set_trace(h, trace);
	for (unsigned i = 1; i < 32; i++) {
		struct cap c = make_reg(&auth, recipe[i % 16]);
		hart_set_creg(h, i, &c);
	}
	struct cap pcc, t;
	if (narrow_pcc)
		t = cap_build_from_root(&auth, SLOT, CODE_MAX, cap_perms(&auth));
	else
		t = auth;
	FUZZ_CHECK(cap_set_flags(&pcc, &t, capmode, CAP_V9) == 0 && pcc.tag);
	hart_set_pcc(h, &pcc);
	struct cap ddc = ddc_null ? cap_null() : auth;
	hart_set_ddc(h, &ddc);

	uint64_t left = BUDGET, epoch = __atomic_load_n(&fuzz_mem->code_epoch, __ATOMIC_RELAXED);
	unsigned ntraps = 0;
	for (unsigned traps = 0; left > 0; traps++) {
		uint64_t before = hart_instret(h);
		struct hart_trap trap;
		enum hart_exit e = hart_run(h, left, &trap);
		uint64_t ran = hart_instret(h) - before;
		FUZZ_CHECK(ran <= left);
		left -= ran;
		FUZZ_CHECK(e == HART_EXIT_TRAP || e == HART_EXIT_BUDGET);
		if (e != HART_EXIT_TRAP)
			break;
		if (trace == stderr)
			hart_print_trap(stderr, &trap, capmode);
		if (out && ntraps <= MAX_TRAPS)
			out->trap[ntraps] = (__typeof__(out->trap[0])){ trap.cause, trap.cheri_cause, trap.cap_index, trap.pc,
									 trap.tval, trap.insn };
		ntraps++;
		if (trap.cause == HART_CAUSE_FETCH_ACCESS || trap.cause == HART_CAUSE_LOAD_ACCESS ||
		    trap.cause == HART_CAUSE_STORE_ACCESS) {
			fprintf(stderr, "fuzz: access fault (cause %u) at pc 0x%llx, tval 0x%llx: an access left the slot\n",
				trap.cause, (unsigned long long)trap.pc, (unsigned long long)trap.tval);
			FUZZ_CHECK(!"access fault inside the authority");
		}
		/* fetch faults have no instruction to skip (insn 0; but 0x0000 itself is an illegal
		 * instruction that can be skipped); otherwise step over it */
		if (!resume || traps == MAX_TRAPS || (trap.insn == 0 && trap.cause != HART_CAUSE_ILLEGAL) || left == 0)
			break;
		left--;
		hart_set_pc(h, trap.pc + ((trap.insn & 3) == 3 ? 4 : 2));
	}
	check_after(h, &auth);
	if (out) {
		for (unsigned i = 0; i < 32; i++) {
			hart_get_creg(h, i, &out->c[i]);
			out->f[i] = hart_get_f(h, i);
		}
		hart_get_pcc(h, &out->pcc);
		hart_get_ddc(h, &out->ddc);
		out->instret = hart_instret(h);
		out->ntraps = ntraps;
		out->smc = __atomic_load_n(&fuzz_mem->code_epoch, __ATOMIC_RELAXED) != epoch;
		FUZZ_CHECK(mem_read(fuzz_mem, SLOT, out->mem, SLOT_SIZE) == MEM_OK);
		for (uint64_t g = 0; g < SLOT_SIZE / MEM_GRANULE; g++)
			out->tags[g] = mem_get_tag(fuzz_mem, SLOT + g * MEM_GRANULE);
	}
	hart_free(h);
}

static void check_same_cap(const struct cap *a, const struct cap *b, const char *what, unsigned i)
{
	if (cap_set_equal_exact(a, b))
		return;
	char x[200], y[200];
	cap_format(x, sizeof x, a);
	cap_format(y, sizeof y, b);
	fprintf(stderr, "fuzz: fast and traced runs differ in %s %u:\n  fast   %s\n  traced %s\n", what, i, x, y);
	FUZZ_CHECK(cap_set_equal_exact(a, b));
}

/* STYLE 5: the fast and the traced instantiation run the same bodies, so they must agree. */
static void check_same(const struct outcome *a, const struct outcome *b)
{
	FUZZ_CHECK(a->instret == b->instret);
	FUZZ_CHECK(a->ntraps == b->ntraps);
	for (unsigned k = 0; k < a->ntraps && k <= MAX_TRAPS; k++)
		FUZZ_CHECK(memcmp(&a->trap[k], &b->trap[k], sizeof a->trap[k]) == 0);
	for (unsigned i = 0; i < 32; i++) {
		check_same_cap(&a->c[i], &b->c[i], "register c", i);
		FUZZ_CHECK(a->f[i] == b->f[i]);
	}
	check_same_cap(&a->pcc, &b->pcc, "PCC", 0);
	check_same_cap(&a->ddc, &b->ddc, "DDC", 0);
	for (uint64_t k = 0; k < SLOT_SIZE; k++)
		if (a->mem[k] != b->mem[k]) {
			fprintf(stderr, "fuzz: fast and traced runs differ in memory at 0x%llx: %02x vs %02x\n",
				(unsigned long long)(SLOT + k), a->mem[k], b->mem[k]);
			break;
		}
	FUZZ_CHECK(memcmp(a->mem, b->mem, SLOT_SIZE) == 0);
	FUZZ_CHECK(memcmp(a->tags, b->tags, sizeof a->tags) == 0);
}

/* Whether bytes hold a CSR instruction on `time` (0xc01, the host clock: the one source of
 * nondeterminism; `cycle` is instret) at any 16-bit offset. The comparison is skipped for
 * such code. (Code that writes such an instruction and overwrites it again escapes this scan;
 * the fuzzer would then report a false difference: check the trace with FUZZ_TRACE=1.) */
static bool reads_time(const uint8_t *p, size_t n)
{
	for (size_t k = 0; k + 4 <= n; k += 2) {
		uint32_t w;
		memcpy(&w, p + k, 4);
		unsigned funct3 = (w >> 12) & 7;
		if ((w & 0x7f) == 0x73 && (w >> 20) == 0xc01 && funct3 != 0 && funct3 != 4)
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HEADER)
		return 0;
	if (fuzz_trace) {
		run_once(data, size, stderr, NULL);
		return 0;
	}
	if (!(data[0] & 64)) {
		run_once(data, size, NULL, NULL);
		return 0;
	}
	memset(fuzz_out, 0, sizeof fuzz_out);
	run_once(data, size, NULL, &fuzz_out[0]);
	run_once(data, size, fuzz_devnull, &fuzz_out[1]);
	/* Self-modifying code is not compared: without FENCE.I, RISC-V lets a hart fetch either the
	 * old or the new bytes, and the fast interpreter finishes its current block with the old
	 * decode while the traced one re-decodes every step. */
	if (!fuzz_out[0].smc && !fuzz_out[1].smc && !reads_time(data + HEADER, size - HEADER) &&
	    !reads_time(fuzz_out[0].mem, SLOT_SIZE) && !reads_time(fuzz_out[1].mem, SLOT_SIZE))
		check_same(&fuzz_out[0], &fuzz_out[1]);
	return 0;
}
