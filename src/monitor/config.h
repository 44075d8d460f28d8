/* config.h - the deployment description (YAML, intravisor.md section 2), decoded (STYLE 9).
 *
 * config_parse() reads the YAML with libyaml into a plain struct config, rejecting unknown keys,
 * duplicate keys, wrong types and missing required keys (file:line:col). config_validate()
 * then checks the deployment as a whole (regions, runtime files, callback links). Neither maps
 * memory or loads images.
 *
 * callback_out decision: "monitor" (also when absent), or the `runtime` value of ANY other cVM
 * of the file (earlier or later: every cVM is deployed before any runs, so order does not
 * matter, unlike the reference which needs an earlier one). That cVM must serve calls itself:
 * its image must export syscall_handler (checked at deploy, E_CALLBACK_NO_HANDLER) and the
 * chain of callback_out links starting there must end at "monitor" (no cycle: E_CFG_CYCLE).
 */
#ifndef INTRAVISOR_MONITOR_CONFIG_H
#define INTRAVISOR_MONITOR_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "monitor/errors.h"

#define CVM_MAX_SIZE   0x40000000ULL  /* the reference's slot size (1 GiB), printed when chosen */
#define CVM_SLOT_MIN   0x1000000ULL   /* slot sizes: powers of two, 16 MiB .. 64 GiB (intravisor.md 10) */
#define CVM_SLOT_MAX   0x1000000000ULL
/* ids (base / size) 1..CVM_MAX_ID: a cVM's id is its sealing otype, so the largest sealing otype
 * of v9 (cheri-riscv.md 3: 2^18 - 1 - 4 reserved = 0x3fffb) bounds it; id 0 holds the gate.
 * (The reference stops at MAX_CVMS = 200.) Structures indexed by id are sized by the config's
 * largest id (monitor.c, share.c), never by this constant. */
#define CVM_MAX_ID     0x3fffbu
#define CONFIG_MAX_CVMS CVM_MAX_ID    /* cVMs per config: one per usable id */
/* Slots end below CVM_SPACE_TOP: the emulated address space holds 2^46 bytes (mem.c
 * MEM_MAX_SIZE) and keeps its last 1 GiB for the capfile area (monitor_init). */
#define CVM_SPACE_TOP  0x3fffc0000000ULL
#define CONFIG_MAX_CAPFILES 64
#define CONFIG_MAX_ENV  32            /* entries of `env` */
#define CONFIG_MAX_ARGS 15            /* words in `args` (reference strtok limit) */
#define CONFIG_MAX_MOUNTS 16          /* entries of `mounts` (LINUX_MAX_MOUNTS) */
#define CONFIG_DEFAULT_THREADS 64     /* `threads:` when absent */
#define CONFIG_MAX_THREADS 1024       /* largest `threads:` */

struct config_pos {
	unsigned line, col;       /* 1-based position in the YAML file (0: absent) */
};

struct config_isolation {
	uint64_t base, size, begin, end;   /* hex with 0x in YAML; see intravisor.md section 2 */
	bool has_base, has_size, has_begin, has_end;
	struct config_pos pos;             /* the isolation item's mapping */
	struct config_pos base_pos, size_pos, begin_pos, end_pos;
};

/* one item of a cVM's `mounts:` list (intravisor.md 9 "Files") */
struct config_mount {
	char *host;          /* a folder, relative to the config's folder */
	char *guest;         /* an absolute guest path */
	long readonly;       /* 0/1 (YAML true/false) */
	char *host_path;     /* host resolved against the config's folder (set by config_validate) */
	struct config_pos pos, host_pos, guest_pos;
};

struct config_cvm {
	char *name;          /* required, unique */
	char *disk;          /* optional, printed only */
	char *runtime;       /* required: ELF .so, relative to the config's folder; also the callback name */
	char *net;           /* optional, printed only */
	char *args;          /* optional: argv, words separated by spaces (first word ignored by the cVM) */
	char *callback_in;   /* optional: printed, linked in "Link Inner<-->Outer" (no other effect) */
	char *callback_out;  /* optional: "monitor" or another cVM's runtime; NULL = monitor */
	long wait;           /* -1: run to its end before starting the next; N >= 0: start, sleep N s */
	long clean_room;     /* 0/1: 1 drops SW0 from every capability made for the cVM */
	long libvirt;        /* 0/1: printed; hostcall 29 is refused either way (hc_legacy.c), with -1 without it */
	long fork;           /* 0/1: accepted; nothing else in this build */
	char *mode;          /* optional: "hybrid" or "purecap" (else the ELF flags decide; intravisor.md 9) */
	char *env[CONFIG_MAX_ENV];  /* optional `env:` list of "K=V" strings (hybrid cVMs' envp) */
	unsigned nenv;
	long threads;               /* `threads:` most threads at once (hybrid: clone), 1..CONFIG_MAX_THREADS */
	bool has_threads;           /* else CONFIG_DEFAULT_THREADS */
	struct config_pos threads_pos;
	const char *const *argv;    /* `intravisor run`: the program's argv as given (not owned), else NULL */
	unsigned argc;
	struct config_pos mode_pos, env_pos;
	struct config_mount mounts[CONFIG_MAX_MOUNTS]; /* optional `mounts:` list */
	unsigned nmounts;
	long strace;         /* 0/1: `strace: true` prints the cVM's system calls on stderr */
	char *entry;         /* optional: the symbol a pure-cap cVM starts at (intravisor.md 10) */
	struct config_pos entry_pos, disk_pos, net_pos;
	struct config_pos mounts_pos, strace_pos;
	struct config_isolation isolation; /* the last item of the `isolation` list (as the reference) */
	unsigned nisolation; /* number of isolation items seen (must be >= 1) */
	char *runtime_path;  /* runtime resolved against the config's folder (set by config_validate) */
	struct config_pos pos, name_pos, runtime_pos, callback_in_pos, callback_out_pos, args_pos, wait_pos;
	struct config_pos clean_room_pos, libvirt_pos, fork_pos;
};

struct config_capfile {
	char *name;          /* required, unique */
	uint64_t size;       /* required, hex, > 0 */
	char *data;          /* optional initial text (strlen(data) < size) */
	uint64_t addr;       /* optional; non-zero is rejected (as the reference: unsupported) */
	struct config_pos pos, name_pos, size_pos, data_pos, addr_pos;
};

#define CONFIG_MAX_WARNINGS 16

struct config {
	char *path;                      /* as given on the command line */
	char *dir;                       /* its folder: runtimes are relative to it */
	struct config_cvm *cvms;         /* in file order */
	unsigned ncvms;
	struct config_capfile *capfiles;
	unsigned ncapfiles;
	/* "file:line:col: what" of things accepted as upstream does that look like mistakes
	 * (a second isolation item); main.c prints them as warnings */
	char warnings[CONFIG_MAX_WARNINGS][400];
	unsigned nwarnings;
	unsigned *by_name, *by_runtime;  /* config_index.h (config_validate builds them) */
};

/* Read and decode `path`. On error *err is set (where = path:line:col), cfg holds nothing. */
/* Internal to config*.c: fill *err with "path:line:col" (or "path") and a printf-style detail;
 * returns -1. */
__attribute__((format(printf, 5, 6)))
int config_fail_at(const char *path, struct config_pos pos, struct error *err, enum err_code code,
		   const char *fmt, ...);
int config_parse(const char *path, struct config *cfg, struct error *err) __attribute__((warn_unused_result));
/* Internal to config*.c: add a warning "path:line:col: detail" (at most CONFIG_MAX_WARNINGS). */
__attribute__((format(printf, 3, 4)))
void config_warn(struct config *cfg, struct config_pos pos, const char *fmt, ...);
/* Same, from a buffer (tests); `path` names it in messages and gives the runtime folder. */
int config_parse_string(const char *path, const char *text, uint64_t len, struct config *cfg,
			struct error *err) __attribute__((warn_unused_result));
/* Whole-deployment checks; sets runtime_path of every cVM. */
int config_validate(struct config *cfg, struct error *err) __attribute__((warn_unused_result));
void config_free(struct config *cfg);

/* config_mount.c: a cVM's mounts (host resolved into host_path); 0 or -1 with *err. */
int config_check_mounts(struct config *cfg, unsigned i, struct error *err) __attribute__((warn_unused_result));
/* Why a guest path / host folder cannot be mounted (a phrase), or NULL. */
const char *config_mount_guest_problem(const char *guest);
const char *config_mount_host_problem(const char *host_path);
bool config_mount_same_guest(const char *a, const char *b);

/* Index of the cVM whose runtime is `name`, or -1. */
int config_find_runtime(const struct config *cfg, const char *name);

#endif
