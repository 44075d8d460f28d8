/* hart.h - one RV64GC + Xcheri (v9) hart, user level. Public API.
 *
 * The hart knows nothing about cVMs: its embedder (rvrun, the monitor) gives it an address
 * space, initial registers and "gate" ranges, runs it with an instruction budget, and gets back
 * an exit record. The struct and the fast paths are in hart_priv.h.
 */
#ifndef INTRAVISOR_HART_H
#define INTRAVISOR_HART_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cap/cap.h"
#include "mem/mem.h"

struct hart;

struct hart_options {
	bool legacy;        /* pre-v9 trapping semantics (cheri-riscv.md 9); default v9 */
	/* Gate range: when PCC passes all fetch checks (tag, unsealed, Execute, bounds) at an
	 * address in [gate_lo, gate_hi), the hart does not fetch there but returns
	 * HART_EXIT_GATE. Empty when gate_lo == gate_hi. */
	uint64_t gate_lo, gate_hi;
	/* Optional: called when PCC reaches the gate range between two blocks, on the hart's own
	 * thread, before hart_run would return HART_EXIT_GATE. It may change registers and PCC;
	 * true = handled, the hart runs on from its new PCC; false = nothing was changed, hart_run
	 * returns HART_EXIT_GATE. It must not call hart_run. (A gate reached while tracing or
	 * single-stepping always returns HART_EXIT_GATE.) */
	bool (*gate_hook)(void *ctx, struct hart *h, uint64_t pc);
	void *gate_ctx;
	/* Optional: called with gate_ctx when an ecall traps (pc at the ecall), on the hart's own
	 * thread, before hart_run would return that trap; the host FP environment is the
	 * monitor's. It may change registers, PCC and DDC; true = served, the hart runs on from
	 * its new PCC (without leaving hart_run); false = nothing was changed, hart_run returns the
	 * trap. It must not call hart_run. Not called while tracing. Inside it (as in gate_hook)
	 * hart_instret does not yet count this hart_run's instructions. */
	bool (*ecall_hook)(void *ctx, struct hart *h);
	/* interpret only: no block translation (jit.h). Results are the same either way; this
	 * exists for comparison and debugging. */
	bool no_jit;
	/* DDC/PCC relocation (intravisor.md 9, pre-v9 CHERI-RISC-V; cheri-riscv.md 0.1): integer-mode
	 * loads/stores/AMOs at address a access DDC.base + a (checked against DDC), and auipc, jal/jalr
	 * links and jalr targets are offsets from PCC.base. Capabilities keep absolute addresses.
	 * For hybrid cVMs; off (v9) by default. hart_set_relocate() changes it on a live hart. */
	bool relocate;
};

/* RISC-V exception causes used in trap records */
enum hart_cause {
	HART_CAUSE_FETCH_MISALIGNED = 0,
	HART_CAUSE_FETCH_ACCESS = 1,
	HART_CAUSE_ILLEGAL = 2,
	HART_CAUSE_BREAKPOINT = 3,
	HART_CAUSE_LOAD_MISALIGNED = 4,
	HART_CAUSE_LOAD_ACCESS = 5,
	HART_CAUSE_STORE_MISALIGNED = 6,
	HART_CAUSE_STORE_ACCESS = 7,
	HART_CAUSE_ECALL_U = 8,
	HART_CAUSE_CHERI = 28,
};
const char *hart_cause_name(unsigned cause);

enum hart_exit {
	HART_EXIT_TRAP,     /* a synchronous exception (incl. ecall/ebreak): see trap */
	HART_EXIT_GATE,     /* PCC reached the gate range: trap.pc is the gate address */
	HART_EXIT_BUDGET,   /* the instruction budget ran out (between instructions) */
	HART_EXIT_STOP,     /* hart_request_stop() was called from another thread */
};

struct hart_trap {
	unsigned cause;        /* enum hart_cause */
	uint64_t pc;           /* pc of the faulting instruction (gate: the gate address) */
	uint32_t insn;         /* instruction bits (16-bit ones zero-extended), 0 if fetch failed */
	uint64_t tval;         /* xtval: cause 28: (cap_index << 5) | cheri_cause; else address/insn */
	unsigned cheri_cause;  /* enum cap_cause, cause 28 only */
	unsigned cap_index;    /* 0..31 = c0..c31, 32 = PCC, 33 = DDC, 32+n = SCR n */
	struct cap cap;        /* the offending capability (cause 28) */
	bool has_addr;         /* a data access failed: addr is its absolute effective address */
	uint64_t addr;
};

struct hart *hart_new(struct mem *m, const struct hart_options *opt) __attribute__((warn_unused_result));
void hart_free(struct hart *h);

/* Registers. c0 reads as NULL; writes to c0 are ignored. */
void hart_get_creg(const struct hart *h, unsigned i, struct cap *out);
void hart_set_creg(struct hart *h, unsigned i, const struct cap *c);
uint64_t hart_get_x(const struct hart *h, unsigned i);
void hart_set_x(struct hart *h, unsigned i, uint64_t v);   /* integer write: cN = NULL-derived */
void hart_clear_x(struct hart *h);   /* hart_set_x(h, i, 0) for i = 1..31, in one go */
/* Bulk forms for the monitor's switcher (bit i of a mask = register i; bit 0 is ignored):
 * clear every x register not in keep_x (NULL) and every f register not in keep_f (0); copy the
 * capability registers in mask, in ascending order, out of / into an array (returns the count). */
void hart_clear_except(struct hart *h, uint32_t keep_x, uint32_t keep_f);
/* The switcher's return keeps the psABI's preserved registers and cra: cra, csp, cgp, ctp,
 * cs0..cs11 and fs0..fs11. hart_clear_except with exactly these masks is straight-line stores
 * of zero (no loads: nothing waits on the stores just made to the same registers). */
#define HART_PSABI_SAVED_X ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 8) | (1u << 9) | (0x3ffu << 18))
/* ca0..ca6: a call's arguments (kept as they are into a handler cVM, switcher.c) */
#define HART_ARGS_X (0x7fu << 10)
#define HART_PSABI_SAVED_F ((1u << 8) | (1u << 9) | (0x3ffu << 18))
/* A copy of exactly those registers in the hart's own form (the switcher's frames):
 * hart_restore_preserved gives back the state hart_save_preserved found, bit for bit (a
 * capability CLC left undecoded stays so), with nothing decoded, encoded or recomputed. */
#define HART_PSABI_NSAVED_X 16
#define HART_PSABI_NSAVED_F 12
struct hart_saved {
	uint64_t x[HART_PSABI_NSAVED_X];
	uint64_t f[HART_PSABI_NSAVED_F];
	uint8_t cvalid[HART_PSABI_NSAVED_X];
	_Alignas(16) unsigned char cm[HART_PSABI_NSAVED_X][64];   /* the metadata, opaque */
};
/* A capability in register form for the harts of one mem, made once (hart_prepare) for
 * values the switcher sets on every call (a context's stack and TP, a cVM's data capability,
 * landing and entry): setting it is a copy, with no windows to compute. */
struct hart_prepared {
	uint64_t addr;
	bool integer;                            /* NULL-derived: only the address */
	_Alignas(16) unsigned char creg[64];     /* the metadata, opaque */
};
void hart_prepare(const struct mem *m, const struct cap *c, struct hart_prepared *out);
void hart_set_creg_prepared(struct hart *h, unsigned i, const struct hart_prepared *p);
void hart_set_pcc_prepared(struct hart *h, const struct hart_prepared *p);   /* as hart_set_pcc */
void hart_save_preserved(const struct hart *h, struct hart_saved *s);
void hart_restore_preserved(struct hart *h, const struct hart_saved *s);
/* Every register, x1..x31 and f0..f31, in the hart's own form: what a hybrid caller gets back
 * from a handler call (a Linux ecall keeps every register). A register without metadata (an
 * integer: most of a hybrid cVM's) costs its address and a byte; its cm is not copied. */
struct hart_regs {
	uint64_t x[32];
	uint64_t f[32];
	uint8_t cvalid[32];
	_Alignas(16) unsigned char cm[32][64];   /* the metadata where cvalid[i] != 0, opaque */
};
void hart_save_regs(const struct hart *h, struct hart_regs *s);
void hart_restore_regs(struct hart *h, const struct hart_regs *s);
/* c[i] (1..31) of a hart_regs, decoded (as hart_get_creg) */
void hart_regs_cap(const struct hart_regs *s, unsigned i, struct cap *out);
unsigned hart_save_cregs(const struct hart *h, uint32_t mask, struct cap *out);
void hart_restore_cregs(struct hart *h, uint32_t mask, const struct cap *in);
void hart_get_pcc(const struct hart *h, struct cap *out);  /* address = pc */
void hart_set_pcc(struct hart *h, const struct cap *c);    /* mode from its flag; checks at next fetch */
void hart_get_ddc(const struct hart *h, struct cap *out);
void hart_set_ddc(struct hart *h, const struct cap *c);
/* A domain change at once (the switcher's): the state hart_set_ddc(ddc), hart_set_relocate
 * and then hart_set_pcc(pcc) or hart_set_pcc_prepared(pcc_p) (one of the two non-NULL) leave,
 * with the DDC view and PCC's generation worked out once, for the end state only. */
void hart_set_domain(struct hart *h, const struct cap *ddc, bool relocate, const struct cap *pcc,
		     const struct hart_prepared *pcc_p);
uint64_t hart_get_f(const struct hart *h, unsigned i);
void hart_set_f(struct hart *h, unsigned i, uint64_t bits);
/* fcsr = frm << 5 | fflags (the debugger's view) */
uint32_t hart_get_fcsr(const struct hart *h);
void hart_set_fcsr(struct hart *h, uint32_t v);
uint64_t hart_instret(const struct hart *h);
/* the time CSR (rdtime): the host's CLOCK_MONOTONIC in a 10 MHz timebase */
uint64_t hart_time(void);
/* Relocation on or off (hart_options.relocate), e.g. when the monitor switches between a hybrid
 * and a pure-cap cVM on the same hart. */
void hart_set_relocate(struct hart *h, bool on);
bool hart_relocates(const struct hart *h);

/* Run until an exit; at most `budget` instructions (UINT64_MAX: unbounded). After a TRAP the
 * pc still points at the faulting instruction (the caller decides: e.g. for ecall, serve it and
 * hart_set_pc(pc + 4)). */
enum hart_exit hart_run(struct hart *h, uint64_t budget, struct hart_trap *trap);
void hart_set_pc(struct hart *h, uint64_t pc);  /* PCC.address = pc, no other change */
/* Thread-safe: make a running hart return HART_EXIT_STOP at its next block boundary. */
void hart_request_stop(struct hart *h);
/* Whether a stop was requested and hart_run has not returned HART_EXIT_STOP for it yet (for
 * an embedder that blocks outside hart_run on the hart's behalf). */
bool hart_stop_pending(const struct hart *h);
/* The mem_thread this hart's host thread attached (hart_new attaches; hart_free detaches). */
struct mem_thread *hart_mem_thread(struct hart *h);

/* Trace: when f is non-NULL, hart_run single-steps and prints one line per retired instruction
 * (pc, bits, disassembly, written register). NULL (the default) runs the fast interpreter. */
void hart_set_trace(struct hart *h, FILE *f);
/* What the trace prints (trace.c), for instructions at pc in [pc_lo, pc_lo + pc_len) only
 * (pc_len 0: every pc): 0 or HART_TRACE_INSN = the instruction line; HART_TRACE_CAP: a line
 * with the capability a capability-creating instruction made (CSetBounds, CAndPerm, CSeal,
 * CBuildCap, AUIPCC, a CSpecialRW write, ...) decoded; HART_TRACE_MEM: a line per load and
 * store (address, width, value; capabilities decoded, with their tag). */
#define HART_TRACE_INSN 1u
#define HART_TRACE_CAP  2u
#define HART_TRACE_MEM  4u
void hart_set_trace_filter(struct hart *h, unsigned what, uint64_t pc_lo, uint64_t pc_len);
/* Instructions traced so far (those in the pc range, while a trace file was set). */
uint64_t hart_traced(const struct hart *h);

/* Blocks translated to host code so far (0 when the translator is off): for tests and --stats */
uint64_t hart_jit_blocks(const struct hart *h);

/* Execute one instruction given as bits at the current pc (no fetch): testing hook. */
enum hart_exit hart_step_injected(struct hart *h, uint32_t insn, struct hart_trap *trap);

/* Disassemble one instruction; `capmode` selects the capability-mode reading.
 * Writes e.g. "cincoffset csp, csp, -16" and returns the instruction length (2 or 4). */
int hart_disasm(char *buf, size_t n, uint32_t insn, bool capmode);

/* Print "pc insn cause name (code) cap-index cap..." for a trap, and the register file. */
void hart_print_trap(FILE *f, const struct hart_trap *t, bool capmode);
void hart_print_regs(FILE *f, const struct hart *h);

#endif
