/* cvm.h - the monitor and its cVMs: the contract between deploy (this folder, deploy.c) and
 * the runtime (run.c, hostcall.c).
 *
 * Slot layout of one cVM, base B, size S, top T = B+S (intravisor.md section 3), shown for the
 * reference's S = 1 GiB; other sizes scale the stack region (monitor/layout.h, section 10):
 *   [B, B + image_size)            the ELF image (PT_LOAD segments at B + p_vaddr)
 *   [heap_lo, heap_hi)             heap: heap_lo = page after the image's last page (+1 page,
 *                                  as the reference), heap_hi = stacks_lo
 *   [stacks_lo, T) = 32 MiB        64 slots of 512 KiB. Slot 0 (lowest): page 0 unused,
 *                                  capability store at stacks_lo + 0x1000 (4 KiB).
 *                                  Thread j (0..62) owns [T-(j+1)*512K, T-j*512K); its lowest
 *                                  page is an unmapped guard page; TP area at slot + 4 KiB.
 * Everything but the guard pages is mapped read/write (mem_map is lazy: NORESERVE).
 *
 * Capabilities: all derived with cap_build_from_root() from the monitor's root caps (STYLE 11).
 * Every cVM has its own sealing object type (= its id), so a sealed pair only unseals in
 * CInvoke when both halves belong to the same cVM. The monitor's own sealed entry pair uses
 * otype CVM_MONITOR_OTYPE (0; no cVM has id 0).
 */
#ifndef INTRAVISOR_MONITOR_CVM_H
#define INTRAVISOR_MONITOR_CVM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cap/cap.h"
#include "linux/linux.h"
#include "mem/mem.h"
#include "monitor/config.h"
#include "monitor/errors.h"

struct report;
struct share;

/* --- layout (intravisor.md section 3, reference section 2.3.2) --- */
#define RUN_TRACE_INSN     1u
#define RUN_TRACE_HOSTCALL 2u
#define RUN_TRACE_CALL     4u   /* cross-cVM calls and returns (run_trace.c) */
#define RUN_TRACE_CAP      8u   /* capability-creating instructions (hart.h HART_TRACE_CAP) */
#define RUN_TRACE_MEM      16u  /* loads and stores (HART_TRACE_MEM) */
#define CVM_STACK_AREA      0x2000000ULL  /* 32 MiB at the top of the slot */
#define CVM_STACK_SLOT      0x80000ULL    /* 512 KiB per thread slot */
#define CVM_MAX_THREADS     63            /* thread slots 1..63 (slot 0 = cap store) */
#define CVM_CAP_STORE_OFF   0x1000ULL     /* cap store = stacks_lo + 0x1000 */
#define CVM_CAP_STORE_SIZE  0x1000ULL
#define CVM_SP_OFF          0x7c000ULL    /* initial SP = thread slot + 0x7c000 (T - 16 KiB for thread 0) */
#define CVM_TP_OFF          0x1000ULL     /* TP area = thread slot + 4 KiB */
#define CVM_TP_SIZE         0x1000ULL
#define CVM_GUARD_SIZE      0x1000ULL     /* unmapped page at the low end of thread slots */
#define CVM_CAP_STORE_MAGIC 0xabbaULL
/* a hybrid cVM's main stack lies below stacks_lo: v->linux_stack (layout.h) */

/* Cap store slots (byte offsets, reference section 4.2), written by the runtime at start. */
#define CVM_STORE_COMP_DDC      32   /* ca2 */
#define CVM_STORE_HC_PCC        48   /* ca3 */
#define CVM_STORE_HC_DDC        64   /* ca4 */
#define CVM_STORE_RET_PCC       176  /* ca6 */
#define CVM_STORE_RET_DDC       192  /* ca1 */
#define CVM_STORE_OCALL_PCC     208  /* ca5 */

/* --- the monitor's gate: never mapped; a hart whose PCC reaches it exits HART_EXIT_GATE --- */
#define MONITOR_GATE_LO         0x48000ULL
#define MONITOR_GATE_HI         0x49000ULL
#define MONITOR_HOSTCALL_ENTRY  0x482ccULL   /* "hostcall_asm" (address the reference prints) */
#define MONITOR_OCALL_ENTRY     0x482a4ULL   /* "ret_from_cinv2" */
#define MONITOR_RETURN_ENTRY    0x482f0ULL   /* the switcher's return entry (ours) */
#define MONITOR_EXIT_ENTRY      0x48310ULL   /* where a returning entry function lands (ours, 10) */
#define MONITOR_CAP_TOP         0x800000000000ULL  /* root caps cover [0, 2^47) */
#define MONITOR_CAPFILE_LO      0x10000000ULL      /* upstream's capfile area, in slot 0 ... */
#define MONITOR_CAPFILE_HI      0x40000000ULL      /* ... unless a small slot lies there (monitor_init) */
#define MONITOR_CODE_PERMS      0x68117u     /* as CheriBSD's PCC in the reference */
#define MONITOR_DATA_PERMS      0x7817du     /* as CheriBSD's DDC in the reference */
#define CVM_MONITOR_OTYPE       0u           /* otype of the monitor's sealed entry caps */

/* Named permission sets (STYLE 11; cheri-riscv.md section 2) */
#define CVM_CODE_PERMS   (CAP_PERM_GLOBAL | CAP_PERM_EXECUTE | CAP_PERM_LOAD | CAP_PERM_LOAD_CAP | \
			  CAP_PERM_CINVOKE | CAP_PERM_SW0)                              /* 0x8117 */
#define CVM_DATA_PERMS   (CAP_PERM_GLOBAL | CAP_PERM_LOAD | CAP_PERM_STORE | CAP_PERM_LOAD_CAP | \
			  CAP_PERM_STORE_CAP | CAP_PERM_STORE_LOCAL_CAP | CAP_PERM_CINVOKE | \
			  CAP_PERM_SW0)                                                 /* 0x817d */
/* Relocated constants and functions: ELF_PERMS_CONST / ELF_PERMS_FUNC in loader/elf.h. */
#define MONITOR_SEAL_PERMS (CAP_PERM_GLOBAL | CAP_PERM_SEAL | CAP_PERM_UNSEAL)

/* The start capabilities, intravisor.md section 4 (index = register caN). */
enum cvm_ca {
	CVM_CA_SEALED_COMP_PCC = 0,  /* code: whole slot, addr = entry, sealed (otype = id), 0x8117 */
	CVM_CA_SEALED_COMP_DDC = 1,  /* data: whole slot, sealed, 0x817d */
	CVM_CA_COMP_DDC = 2,         /* data: whole slot, unsealed */
	CVM_CA_SEALED_HC_PCC = 3,    /* hostcall target code: monitor entry or handler cVM's syscall_handler */
	CVM_CA_SEALED_HC_DDC = 4,    /* hostcall target data: monitor data or handler cVM's sealed DDC */
	CVM_CA_SEALED_OCALL_PCC = 5, /* monitor ocall entry (callback = monitor), else untagged NULL */
	CVM_CA_SEALED_RET = 6,       /* code cap, addr = ret_from_monitor, sealed */
	CVM_CA_SP = 7,               /* main stack [T-512K, T), addr T-0x4000, unsealed */
	CVM_CA_TP = 8,               /* TLS area [T-512K+4K, +4K), unsealed */
	CVM_NCA = 9
};

struct cvm {
	/* from the config (pointers into the monitor's struct config) */
	const char *name;            /* config name */
	const char *runtime;         /* runtime as written (the callback name) */
	const char *runtime_path;    /* runtime resolved against the config's folder */
	const char *args;            /* args string as written, or NULL */
	const struct config_cvm *cfg;/* the whole config record (disk, net, callback_in, flags...) */
	long wait;                   /* -1: join before starting the next; N: sleep N s */
	bool clean_room;             /* SW0 dropped from every cap */
	/* identity and layout (guest addresses) */
	unsigned id;                 /* base / size (16 for 0x400000000 in 1 GiB slots) */
	uint32_t otype;              /* this cVM's sealing otype (= id) */
	uint64_t base, size;         /* slot [base, base+size); size a power of two (layout.h) */
	uint64_t stack_slot, sp_off; /* one thread slot's size, initial sp in it (layout.h) */
	uint64_t linux_stack;        /* hybrid: main stack size below stacks_lo (layout.h) */
	uint64_t begin, end;         /* bounds of the compartment caps (= base, base+size) */
	uint64_t image_size;         /* MAP SIZE: extent of the PT_LOAD segments (not rounded) */
	uint64_t end_of_ro;          /* vaddr of the first writable segment (offset), 0 if none */
	uint64_t entry;              /* e_entry (offset from base) */
	const char *entry_from;      /* "e_entry", "main" or the YAML `entry:` symbol */
	uint64_t ret;                /* ret_from_monitor (offset), valid if has_ret */
	bool has_ret;                /* image exports ret_from_monitor (needed for hostcalls only) */
	uint64_t syscall_handler;    /* syscall_handler (offset), valid if has_syscall_handler */
	bool has_syscall_handler;    /* image exports syscall_handler: can serve others' hostcalls */
	bool is_purecap;             /* image has capability relocations */
	/* hybrid cVM (intravisor.md 9): integer-mode code, relocated by DDC/PCC, Linux system calls */
	bool is_hybrid;
	uint64_t phdr;               /* AT_PHDR offset, 0 if the headers are not loaded */
	unsigned phnum, phent;       /* AT_PHNUM, AT_PHENT */
	uint64_t image_lo;           /* offset of the first PT_LOAD page (below: unmapped) */
	struct linux_proc lx;        /* its Linux process state (run.c makes it at start) */
	struct linux_mount mounts[LINUX_MAX_MOUNTS]; /* its folders (YAML `mounts`, then --mount) */
	unsigned nmounts;
	bool strace;                 /* YAML `strace: true`: its system calls on stderr */
	uint64_t heap_begin_sym, heap_size_sym; /* cvm_heap_begin/cvm_heap_size offsets, 0 if absent */
	uint64_t heap_lo, heap_hi;   /* heap range [lo, hi) */
	uint64_t stacks_lo, stacks_hi; /* stack area [T - 32 MiB, T) in 1 GiB (layout.h) */
	unsigned ncontexts;          /* handler contexts (a handler cVM: `threads:`, else HCTX_COUNT; others 0) */
	uint64_t cap_store;          /* capability store address (stacks_lo + 0x1000) */
	uint8_t sha256[32];          /* of the MAP SIZE image bytes before relocation */
	double deploy_seconds;       /* measured deploy time of this cVM (printed) */
	struct cvm_deploy_times {    /* its breakdown, seconds (clock_gettime MONOTONIC) */
		double read, parse, derive;          /* phase 1: file, elf_parse, capabilities */
		double map, load, hash, relocate, layout; /* phase 2: mem_map, copy, SHA-256, relocs, stacks+heap */
	} times;
	/* capabilities */
	struct cap ca[CVM_NCA];      /* the start capabilities, enum cvm_ca */
	struct cap code;             /* unsealed code cap over [begin, end), addr = base (cap mode) */
	struct cap data;             /* = ca[CVM_CA_COMP_DDC] */
	struct cvm *callback;        /* cVM serving our hostcalls; NULL = the monitor */
	/* runtime state (owned by run.c; deploy zeroes it) */
	void *run;                   /* runtime helper's per-cVM state */
};

struct monitor_options {
	bool quiet;                  /* -q: only what the cVMs print */
	bool timings;                /* --timings: deploy phase breakdown on stderr */
	FILE *out;                   /* where the log and cVM output go (stdout) */
};

struct monitor {
	struct mem *mem;             /* the emulated address space [0, mem->size) */
	struct cap root_code;        /* code root: [0, 2^47), perms 0x68117, addr 0 */
	struct cap root_data;        /* data root: [0, 2^47), perms 0x7817d, addr 0 */
	struct cap seal_auth;        /* sealing authority: otypes [0, 2^18), Seal+Unseal (never given out) */
	uint64_t gate_lo, gate_hi;   /* gate range given to every hart (never mapped) */
	uint64_t hostcall_entry;     /* gate address of the hostcall entry (0x482cc) */
	uint64_t ocall_entry;        /* gate address of the ocall entry (0x482a4) */
	uint64_t return_entry;       /* gate address of the switcher's return entry (0x482f0) */
	struct cap hc_pcc;           /* the switcher's call pair: root_code @ hostcall_entry, sealed otype 0 */
	struct cap hc_ddc;           /* its data half (also the return pair's): root_data, sealed otype 0 */
	struct cap ret_pcc;          /* the switcher's return pair: root_code @ return_entry, sealed otype 0 */
	struct cap ocall_pcc;        /* root_code @ ocall_entry, sealed otype 0 */
	uint64_t exit_entry;         /* gate address where a returning entry function lands (0x48310) */
	struct cap exit_sentry;      /* cra at a cVM's entry: a sentry to exit_entry (intravisor.md 10) */
	bool quiet;                  /* -q */
	bool timings;                /* --timings */
	FILE *out;                   /* log + cVM output */
	struct config *cfg;          /* the decoded config (owned) */
	struct cvm *cvms;            /* ncvms cVMs in file order */
	unsigned ncvms;
	struct cvm **by_id;          /* id -> cVM, NULL if none; max_id + 1 entries (monitor_cvm_by_id) */
	unsigned max_id;             /* the largest id of the config */
	uint64_t capfile_lo, capfile_hi; /* the capfile area: no slot overlaps it (monitor_init) */
	void *run;                   /* runtime helper's global state */
	/* reports (report.c); main.c sets these after monitor_init */
	const char *report_path;     /* --report FILE: the run's faults as JSON, or NULL */
	uint64_t budget;             /* --budget N: instructions per cVM thread, 0 = unlimited */
	bool no_jit;                 /* --no-jit: the harts only interpret */
	double timeout;              /* --timeout SECONDS: stop every hart after that; 0 = never */
	double context_wait;         /* --context-wait SECONDS: a call's wait for a handler context; 0 = default */
	int stop_fd;                 /* readable when a stop signal arrived: one byte per signal,
	                              * its number (main.c's handler writes it); -1 = none */
	struct report *report;       /* faults so far (report.c), NULL until the first */
	bool program_status;         /* intravisor run: exit with the program's status (run_cmd.h) */
	bool program_exited;         /* ... and the status is the program's own exit status */
	bool strace;                 /* --strace: each Linux call on stderr as strace prints it */
	const char *gdb_addr;        /* --gdb [HOST:]PORT, or NULL (run_debug.c) */
	struct gdb *gdb;             /* the stub while the run goes on (run_debug.c) */
	unsigned trace;              /* --trace: RUN_TRACE_INSN | RUN_TRACE_HOSTCALL (run_trace.c) */
	FILE *trace_file;            /* --trace-file, or NULL = stderr */
	const char *trace_cvm;       /* --trace-cvm NAME, or NULL = every cVM */
	uint64_t trace_limit;        /* --trace-limit N instructions per thread, 0 = the default */
	uint64_t trace_pc_lo, trace_pc_len;   /* --trace-pc LO-HI: [lo, lo + len); len 0 = every pc */
	struct share *share;         /* capfiles and streams (share.h), made by monitor_deploy_all */
};

/* Create the address space (large enough for every cVM of cfg) and the monitor's root caps.
 * Takes ownership of *cfg (validated) on success. */
int monitor_init(struct monitor *mon, struct config *cfg, const struct monitor_options *opt,
		 struct error *err) __attribute__((warn_unused_result));
/* Deploy every cVM in file order, printing the log of two-pure.expected, then the link step,
 * up to "ALL cVMs loaded". Validates every image first; on error nothing is left mapped. */
int monitor_deploy_all(struct monitor *mon, struct error *err) __attribute__((warn_unused_result));
/* After the images are parsed, before anything is mapped: an error at the first cVM past the
 * kernel's limit on mappings (vm.max_map_count) by the estimate of map_budget.c. 0, or -1. */
int monitor_check_map_budget(const struct monitor *mon, struct error *err) __attribute__((warn_unused_result));
/* The YAML capfiles (capfiles.c): map, fill and register each; makes mon->share. On error
 * nothing is left mapped. Called by monitor_deploy_all before the first cVM is built. */
int monitor_deploy_capfiles(struct monitor *mon, struct error *err) __attribute__((warn_unused_result));
/* Start the cVMs and serve them (run.c). Returns the process exit status. run_default.c has a
 * weak default returning 0 until run.c lands (see there why it is not in deploy.c). */
int monitor_run(struct monitor *mon);
void monitor_free(struct monitor *mon);
/* --mount HOST:GUEST[:ro] (intravisor.md 9): add a mount to every hybrid cVM (after
 * monitor_deploy_all). The strings must outlive the run. 0, or -1 with *err (E_CFG_MOUNT). */
int monitor_add_mount(struct monitor *mon, const char *host, const char *guest, bool readonly, struct error *err)
	__attribute__((warn_unused_result));

/* Seal c with otype using the monitor's sealing authority (at: first set the address).
 * 0, or -1 if the result is untagged. */
int monitor_seal(const struct monitor *mon, const struct cap *c, uint32_t otype, struct cap *out)
	__attribute__((warn_unused_result));
int monitor_seal_at(const struct monitor *mon, const struct cap *c, uint64_t addr, uint32_t otype,
		    struct cap *out) __attribute__((warn_unused_result));

/* The cVM with id `id`, or NULL. */
static inline struct cvm *monitor_cvm_by_id(const struct monitor *mon, uint64_t id)
{
	return id <= mon->max_id ? mon->by_id[id] : NULL;
}

/* Thread slot j (0 = main thread) of v: [lo, lo + v->stack_slot). */
static inline uint64_t cvm_thread_slot(const struct cvm *v, unsigned j)
{
	return v->base + v->size - (uint64_t)(j + 1) * v->stack_slot;
}

#endif
