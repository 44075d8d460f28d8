/* main.c - the intravisor command line (intravisor.md section 1). The only place that prints
 * errors and chooses the exit status. */
#define _GNU_SOURCE   /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/config.h"
#include "monitor/cvm.h"
#include "monitor/errors.h"
#include "monitor/report.h"
#include "monitor/run_cmd.h"

#define INTRAVISOR_VERSION "0.1.0"

/* Exit statuses: REPORT_STATUS_* (monitor/report.h) */
#define EXIT_OK     REPORT_STATUS_OK
#define EXIT_INPUT  REPORT_STATUS_INPUT

/* CLI options: the only globals of the program (STYLE 8). */
static const char *opt_yaml;
static const char *opt_report;
static uint64_t opt_budget;
static bool opt_no_jit;
static bool opt_quiet, opt_timings;
static double opt_timeout;
static bool opt_verbose, opt_strace;   /* intravisor run: -v, --strace */

/* Signal state. A signal handler can reach nothing but file-scope objects, so these two are
 * the one exception to STYLE 8 besides the CLI options: the write end of the stop pipe (the
 * monitor's stop_fd is its read end, run_stop.c) and how many stop signals came. The handler
 * only writes one byte, or _exits: both async-signal-safe. */
static int stop_pipe[2] = { -1, -1 };
static volatile sig_atomic_t stop_signals;

static void on_stop_signal(int sig)
{
	if (stop_signals++)
		_exit(128 + sig);   /* a second SIGINT/SIGTERM while stopping: at once, no report */
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	(void)!write(stop_pipe[1], &b, 1);
	errno = saved;
}

/* SIGINT and SIGTERM stop every hart at its next block (monitor_run); -1 if the pipe fails. */
static int catch_stop_signals(void)
{
	if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return stop_pipe[0];
}

static void usage(FILE *f)
{
	fprintf(f,
		"Intravisor -- a virtualisation platform for CHERI (emulated CHERI-RISC-V)\n"
		"usage: intravisor -y CONFIG.yaml [-q] [--timings] [--report FILE] [--budget N] [--timeout SECONDS]\n"
		"                  [--no-jit] [--strace]\n"
		"  -y, --yaml FILE   deploy the cVMs of FILE, run them, serve their hostcalls\n"
		"                    (every config key: docs/config.md)\n"
		"  -q                print only what the cVMs print (no deploy log, no summary)\n"
		"  --timings         print the deploy phase breakdown on stderr\n"
		"  --report FILE     write the run's faults (cVM, pc, cause, capability, registers)\n"
		"                    and how every cVM thread ended to FILE as JSON; FILE is\n"
		"                    created before anything is deployed (exit 3 if it cannot be)\n"
		"  --budget N        stop a cVM thread after N instructions (default: unlimited)\n"
		"  --timeout SECONDS stop every cVM thread after SECONDS of wall-clock time (from the\n"
		"                    first cVM's start; a positive number, e.g. 2 or 0.5); exit 124\n"
		"  --no-jit          interpret only: no translation of guest blocks to host code\n"
		"                    (same results, slower; for comparison and debugging)\n"
		"  --strace          print each Linux system call of a hybrid cVM on stderr (name,\n"
		"                    decoded arguments, result), as strace does\n"
		"  -h, --help        this text\n"
		"  --version         the version\n"
		"  --OPTION=VALUE works as --OPTION VALUE. Upstream Intravisor's -d, -t, -c, -r (with a\n"
		"  value) and -a are accepted and ignored, with a warning; words after -y FILE too.\n"
		"exit status:\n"
		"  0  every cVM thread ended with hostcall 13 (exit)\n"
		"  1  usage, config or image error: nothing was deployed (one line on stderr)\n"
		"  2  a cVM thread trapped: stderr (and --report) say which cVM, where and why;\n"
		"     the other cVMs ran to their end\n"
		"  3  the monitor could not start a cVM thread or write the --report file\n"
		"  4  a cVM thread used its --budget of instructions\n"
		"  124  --timeout expired   130  SIGINT   143  SIGTERM: every hart stopped at its next\n"
		"     block; the report says \"timeout\" or \"interrupted\". A second SIGINT or SIGTERM\n"
		"     while stopping ends the process at once (128 + the signal, no report)\n"
		"  when several apply: 130/143, 124, then 3, then 2, then 4\n"
		"\n"
		"usage: intravisor run [OPTIONS] PROGRAM [ARGS...]\n"
		"  run one program (riscv64-linux-gnu-gcc -static, or a pure-cap image) in a cVM served\n"
		"  by the monitor; print only what it prints; exit with its exit status\n"
		"  --mount HOST:GUEST[:ro]  show host folder HOST to the program as GUEST (read-only\n"
		"                    with :ro); repeatable\n"
		"  --env KEY=VALUE   add KEY=VALUE to the program's environment (empty otherwise);\n"
		"                    repeatable\n"
		"  --budget N        stop the program after N instructions (exit 152)\n"
		"  --timeout SECONDS stop it after SECONDS of wall-clock time (exit 124)\n"
		"  --strace          its system calls on stderr, as strace prints them\n"
		"  --report FILE     how it ended (and any fault) as JSON, as above\n"
		"  --no-jit          interpret only\n"
		"  -v                also print the deploy log and the summary line (stdout)\n"
		"  --                ends the options (a PROGRAM whose name starts with '-')\n"
		"  exit status: the program's (exit or exit_group, 0..255); 139 after a trap (the\n"
		"  report is on stderr); 152 when --budget ran out; 124/130/143 as above; 1 when the\n"
		"  program cannot be loaded (one line on stderr); 3 when the monitor fails\n"
		"\n"
		"after the run (unless -q), one line per cVM on stdout:\n"
		"  summary: cvm='NAME' id=N thread=N end=exit|fault|budget|interrupted|timeout|error|not-started\n"
		"           exit_value=A0|- instructions=N wall=SECONDSs hostcalls=N\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "intravisor: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'intravisor --help'.\n");
	return EXIT_INPUT;
}

/* Upstream Intravisor's flags (intravisor-reference.md 1.1): accepted so that its command
 * lines work, each with one warning saying what we do with it. */
static const struct upstream_flag {
	const char *shrt, *lng;
	bool has_value;        /* the next word is its value (skipped) */
	const char *what;
} upstream_flags[] = {
	{ "-d", "--disk", true, "upstream's LKL disk image, and this build has no LKL" },
	{ "-t", "--timer", true, "upstream's LKL timer count, and this build has no LKL" },
	{ "-c", "--debug_calls", true, "upstream's hostcall tracing level" },
	{ "-r", "--runtime", true, "upstream lists it but never reads it; runtimes come from the config" },
	{ "-a", "--args", false, "upstream's legacy flag (upstream stops reading options there; we read on)" },
};

static const char *const our_options[] = { "-h", "--help", "--version", "-q", "--timings", "--no-jit", "--budget",
					   "--timeout", "-y", "--yaml", "--report", "--strace", NULL };

static bool is_option(const char *w)
{
	size_t n = strcspn(w, "=");
	for (const char *const *o = our_options; *o; o++)
		if (strlen(*o) == n && !strncmp(*o, w, n))
			return true;
	for (size_t k = 0; k < sizeof upstream_flags / sizeof upstream_flags[0]; k++)
		if (!strcmp(w, upstream_flags[k].shrt) || (strlen(upstream_flags[k].lng) == n &&
							    !strncmp(upstream_flags[k].lng, w, n)))
			return true;
	return false;
}

static const struct upstream_flag *upstream_flag(const char *name)
{
	for (size_t k = 0; k < sizeof upstream_flags / sizeof upstream_flags[0]; k++)
		if (!strcmp(name, upstream_flags[k].shrt) || !strcmp(name, upstream_flags[k].lng))
			return &upstream_flags[k];
	return NULL;
}

/* 0: run; -1: exit with *status */
static int parse_args(int argc, char **argv, int *status)
{
	char ignored[256] = "";   /* words after -y FILE, as upstream ignores them */
	for (int i = 1; i < argc; i++) {
		/* --name=value is --name value */
		char name[64];
		const char *a = argv[i], *inline_value = NULL;
		if (a[0] == '-' && a[1] == '-' && strchr(a, '=') && (size_t)(strchr(a, '=') - a) < sizeof name) {
			snprintf(name, sizeof name, "%.*s", (int)(strchr(a, '=') - a), a);
			inline_value = strchr(a, '=') + 1;
			a = name;
		}
		bool has_value = inline_value || i + 1 < argc;
		const char *value = inline_value ? inline_value : i + 1 < argc ? argv[i + 1] : "";
		const struct upstream_flag *up = upstream_flag(a);
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			*status = EXIT_OK;
			return -1;
		} else if (!strcmp(a, "--version")) {
			printf("intravisor %s\n", INTRAVISOR_VERSION);
			*status = EXIT_OK;
			return -1;
		} else if (!strcmp(a, "-q")) {
			opt_quiet = true;
			continue;
		} else if (!strcmp(a, "--timings")) {
			opt_timings = true;
			continue;
		} else if (!strcmp(a, "--no-jit")) {
			opt_no_jit = true;
			continue;
		} else if (!strcmp(a, "--strace")) {
			opt_strace = true;
			continue;
		} else if (up) {
			bool skip = up->has_value && has_value && (inline_value || !is_option(value));
			fprintf(stderr, "intravisor: warning: '%s%s%s' ignored: %s\n", argv[i], skip && !inline_value ? " " : "",
				skip && !inline_value ? value : "", up->what);
			i += skip && !inline_value;
			continue;
		} else if (a[0] != '-' && opt_yaml) {
			size_t n = strlen(ignored);
			snprintf(ignored + n, sizeof ignored - n, "%s%s", n ? " " : "", a);
			continue;
		} else if (a[0] != '-' || !is_option(a)) {
			*status = usage_error(a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", argv[i]);
			return -1;
		}
		/* the options with a value */
		if (!inline_value && has_value && is_option(value)) {
			char msg[160];
			snprintf(msg, sizeof msg, "option '%s' took '%%s' as its value: give it one first, e.g. %s",
				 a, !strcmp(a, "--report") ? "--report FILE -y CONFIG.yaml" : !strcmp(a, "--budget") ?
				 "--budget N" : !strcmp(a, "--timeout") ? "--timeout SECONDS" : "-y CONFIG.yaml");
			*status = usage_error(msg, value);
			return -1;
		}
		i += !inline_value;
		if (!strcmp(a, "--budget")) {
			char *end = NULL;
			if (!has_value || !value[0] || value[0] == '-' ||
			    (opt_budget = strtoull(value, &end, 0), *end) || opt_budget == 0) {
				*status = usage_error("option '%s' needs a number of instructions > 0", a);
				return -1;
			}
		} else if (!strcmp(a, "--timeout")) {
			char *end = NULL;
			if (!has_value || !value[0] || value[0] == '-' || (opt_timeout = strtod(value, &end), *end) ||
			    !isfinite(opt_timeout) || opt_timeout <= 0 || opt_timeout > 1e9) {
				*status = usage_error("option '%s' needs a number of seconds > 0", a);
				return -1;
			}
		} else {   /* -y, --yaml, --report */
			if (!has_value || !value[0]) {
				*status = usage_error("option '%s' needs a file name", a);
				return -1;
			}
			const char **dst = !strcmp(a, "--report") ? &opt_report : &opt_yaml;
			if (*dst) {
				*status = usage_error("option '%s' given twice", a);
				return -1;
			}
			*dst = value;
		}
	}
	if (!opt_yaml) {
		*status = usage_error("%s", "a config is required: intravisor -y CONFIG.yaml");
		return -1;
	}
	if (ignored[0])
		fprintf(stderr, "intravisor: warning: '%s' after -y %s ignored (as upstream does)\n", ignored, opt_yaml);
	return 0;
}

static int fail(const struct error *e)
{
	char buf[1200];
	error_format(buf, sizeof buf, e);
	fflush(stdout);
	fprintf(stderr, "intravisor: error: %s\n", buf);
	if (opt_report)
		report_write_error(opt_report, EXIT_INPUT, buf);
	return EXIT_INPUT;
}

/* intravisor run [OPTIONS] PROGRAM [ARGS...]: 0, or -1 with *status */
static int parse_run_args(int argc, char **argv, struct run_cmd *rc, int *status)
{
	int i = 2;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-')
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			*status = EXIT_OK;
			return -1;
		}
		if (!strcmp(a, "-v")) {
			opt_verbose = true;
			continue;
		}
		if (!strcmp(a, "--strace")) {
			opt_strace = true;
			continue;
		}
		if (!strcmp(a, "--no-jit")) {
			opt_no_jit = true;
			continue;
		}
		bool known = !strcmp(a, "--mount") || !strcmp(a, "--env") || !strcmp(a, "--budget") ||
			     !strcmp(a, "--timeout") || !strcmp(a, "--report");
		if (!known) {
			*status = usage_error("unknown option '%s' for 'intravisor run'", a);
			return -1;
		}
		if (i + 1 >= argc) {
			*status = usage_error("option '%s' needs a value", a);
			return -1;
		}
		const char *value = argv[++i];
		char *end = NULL;
		if (!strcmp(a, "--mount")) {
			char h[4096], g[4096];
			int ro;
			const char *why = NULL;
			if (rc->nmount == RUN_CMD_MAX_MOUNTS || run_cmd_split_mount(value, h, sizeof h, g, sizeof g, &ro, &why)) {
				*status = usage_error(why ? "--mount '%s': expected HOST:GUEST[:ro], GUEST absolute"
						      : "too many --mount options ('%s')", value);
				return -1;
			}
			rc->mount[rc->nmount++] = value;
		} else if (!strcmp(a, "--env")) {
			if (rc->nenv == CONFIG_MAX_ENV || !strchr(value, '=') || value[0] == '=') {
				*status = usage_error("--env '%s': expected KEY=VALUE (at most 32)", value);
				return -1;
			}
			rc->env[rc->nenv++] = value;
		} else if (!strcmp(a, "--budget")) {
			if (!value[0] || value[0] == '-' || (opt_budget = strtoull(value, &end, 0), *end) || opt_budget == 0) {
				*status = usage_error("option '%s' needs a number of instructions > 0", a);
				return -1;
			}
		} else if (!strcmp(a, "--timeout")) {
			if (!value[0] || value[0] == '-' || (opt_timeout = strtod(value, &end), *end) ||
			    !isfinite(opt_timeout) || opt_timeout <= 0 || opt_timeout > 1e9) {
				*status = usage_error("option '%s' needs a number of seconds > 0", a);
				return -1;
			}
		} else {
			opt_report = value;
		}
	}
	if (i >= argc) {
		*status = usage_error("%s", "a program is required: intravisor run PROGRAM [ARGS...]");
		return -1;
	}
	rc->program = argv[i];
	rc->argv = (const char *const *)&argv[i];
	rc->argc = (unsigned)(argc - i);
	return 0;
}

static int main_deploy_run(struct config *cfg, bool program_status);

int main(int argc, char **argv)
{
	int status;
	if (argc >= 2 && !strcmp(argv[1], "run")) {
		struct run_cmd rc = { 0 };
		if (parse_run_args(argc, argv, &rc, &status))
			return status;
		opt_quiet = !opt_verbose;
		if (opt_report) {
			FILE *f = fopen(opt_report, "w");
			if (!f) {
				fprintf(stderr, "intravisor: error: %s: cannot write the report: %s\n", opt_report, strerror(errno));
				return REPORT_STATUS_MONITOR;
			}
			fclose(f);
		}
		struct error err = { 0 };
		struct config cfg;
		if (run_cmd_config(&rc, &cfg, &err))
			return fail(&err);
		return main_deploy_run(&cfg, true);
	}
	if (parse_args(argc, argv, &status))
		return status;
	if (opt_report) {   /* fail before deploying anything, not after the run */
		FILE *f = fopen(opt_report, "w");
		if (!f) {
			fprintf(stderr, "intravisor: error: %s: cannot write the report: %s\n", opt_report, strerror(errno));
			return REPORT_STATUS_MONITOR;
		}
		fclose(f);
	}
	if (!opt_quiet)
		printf("Using yaml.cfg = %s\n", opt_yaml);

	struct error err = { 0 };
	struct config cfg;
	if (config_parse(opt_yaml, &cfg, &err))
		return fail(&err);
	for (unsigned i = 0; i < cfg.nwarnings; i++)
		fprintf(stderr, "intravisor: warning: %s\n", cfg.warnings[i]);
	if (config_validate(&cfg, &err)) {
		config_free(&cfg);
		return fail(&err);
	}
	return main_deploy_run(&cfg, false);
}

/* Deploy and run a validated config (owned from here); the process exit status. */
static int main_deploy_run(struct config *cfgp, bool program_status)
{
	struct error err = { 0 };
	struct config cfg = *cfgp;
	int status;
	struct monitor mon;
	struct monitor_options opt = { .quiet = opt_quiet, .timings = opt_timings, .out = stdout };
	if (monitor_init(&mon, &cfg, &opt, &err)) {
		config_free(&cfg);
		return fail(&err);
	}
	if (monitor_deploy_all(&mon, &err)) {
		monitor_free(&mon);
		return fail(&err);
	}
	mon.report_path = opt_report;
	mon.budget = opt_budget;
	mon.no_jit = opt_no_jit;
	mon.timeout = opt_timeout;
	mon.stop_fd = catch_stop_signals();
	mon.program_status = program_status;
	mon.strace = opt_strace;
	status = monitor_run(&mon);
	fflush(stdout);
	monitor_free(&mon);
	return status;
}
