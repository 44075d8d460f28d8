/* run_cmd.h - `intravisor run PROGRAM [ARGS...]` (intravisor.md 9 "One command"): the config of
 * one cVM made from the command line instead of a YAML file.
 *
 * The program runs alone, in the first slot (id 1, base 0x40000000), served by the monitor;
 * hybrid or pure-cap as its ELF flags say. Its argv is exactly the command line's (no splitting
 * of words, no limit of 15 words); its envp is the --env list. --mount becomes the YAML
 * `mounts:` list of the config (host, guest, readonly), so the mount code reads one format.
 */
#ifndef INTRAVISOR_MONITOR_RUN_CMD_H
#define INTRAVISOR_MONITOR_RUN_CMD_H

#include "monitor/config.h"
#include "monitor/errors.h"

#define RUN_CMD_MAX_MOUNTS 16

struct run_cmd {
	const char *program;            /* the ELF file, as given */
	const char *const *argv;        /* argv[0] = program, as given; argc words */
	unsigned argc;
	const char *env[CONFIG_MAX_ENV];/* "K=V" */
	unsigned nenv;
	const char *mount[RUN_CMD_MAX_MOUNTS]; /* "HOST:GUEST[:ro]" */
	unsigned nmount;
};

/* Decode one --mount value into host, guest and readonly (host relative to the cwd). 0, or -1
 * with *why set (a fixed string). */
int run_cmd_split_mount(const char *spec, char *host, size_t host_len, char *guest, size_t guest_len, int *readonly,
			const char **why) __attribute__((warn_unused_result));

/* The config of the one cVM (parsed and validated as a YAML file is). On error *err is set and
 * *cfg holds nothing; a --mount that this build's config does not know is E_CFG_UNSUPPORTED. */
int run_cmd_config(const struct run_cmd *rc, struct config *cfg, struct error *err) __attribute__((warn_unused_result));

/* The process exit status of `intravisor run` from the monitor's own (run_summary.c). */
#define RUN_CMD_STATUS_TRAP    139   /* the program trapped: 128 + SIGSEGV, as a shell shows it */
#define RUN_CMD_STATUS_BUDGET  152   /* --budget used up: 128 + SIGXCPU (a CPU-time limit) */
#define RUN_CMD_STATUS_ABORT   134   /* tgkill(self, SIGABRT): 128 + SIGABRT */

#endif
