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
		"                  [--no-jit]\n"
		"  -y, --yaml FILE   deploy the cVMs of FILE, run them, serve their hostcalls\n"
		"  -q                print only what the cVMs print\n"
		"  --timings         print the deploy phase breakdown on stderr\n"
		"  --report FILE     write the run's faults (cVM, pc, cause, capability, registers)\n"
		"                    and how every cVM thread ended to FILE as JSON\n"
		"  --budget N        stop a cVM thread after N instructions (default: unlimited)\n"
		"  --timeout SECONDS stop every cVM thread after SECONDS of wall-clock time (from the\n"
		"                    first cVM's start; a positive number, e.g. 2 or 0.5); exit 124\n"
		"  --no-jit          interpret only: no translation of guest blocks to host code\n"
		"                    (same results, slower; for comparison and debugging)\n"
		"  -h, --help        this text\n"
		"  --version         the version\n"
		"exit status (if several apply: 3, then 2, then 4):\n"
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

/* 0: run; -1: exit with *status */
static int parse_args(int argc, char **argv, int *status)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
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
		} else if (!strcmp(a, "--timings")) {
			opt_timings = true;
		} else if (!strcmp(a, "--no-jit")) {
			opt_no_jit = true;
		} else if (!strcmp(a, "--budget")) {
			char *end = NULL;
			if (i + 1 >= argc || !argv[i + 1][0] || argv[i + 1][0] == '-' ||
			    (opt_budget = strtoull(argv[i + 1], &end, 0), *end) || opt_budget == 0) {
				*status = usage_error("option '%s' needs a number of instructions > 0", a);
				return -1;
			}
			i++;
		} else if (!strcmp(a, "--timeout")) {
			char *end = NULL;
			if (i + 1 >= argc || !argv[i + 1][0] || argv[i + 1][0] == '-' ||
			    (opt_timeout = strtod(argv[i + 1], &end), *end) || !isfinite(opt_timeout) ||
			    opt_timeout <= 0 || opt_timeout > 1e9) {
				*status = usage_error("option '%s' needs a number of seconds > 0", a);
				return -1;
			}
			i++;
		} else if (!strcmp(a, "-y") || !strcmp(a, "--yaml") || !strcmp(a, "--report")) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				*status = usage_error("option '%s' needs a file name", a);
				return -1;
			}
			const char **dst = !strcmp(a, "--report") ? &opt_report : &opt_yaml;
			if (*dst) {
				*status = usage_error("option '%s' given twice", a);
				return -1;
			}
			*dst = argv[++i];
		} else {
			*status = usage_error(a[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", a);
			return -1;
		}
	}
	if (!opt_yaml) {
		*status = usage_error("%s", "a config is required: intravisor -y CONFIG.yaml");
		return -1;
	}
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

int main(int argc, char **argv)
{
	int status;
	if (parse_args(argc, argv, &status))
		return status;
	if (opt_report) {   /* fail before deploying anything, not after the run */
		FILE *f = fopen(opt_report, "w");
		if (!f) {
			fprintf(stderr, "intravisor: error: %s: cannot write the report: %s\n", opt_report, strerror(errno));
			return EXIT_INPUT;
		}
		fclose(f);
	}
	if (!opt_quiet)
		printf("Using yaml.cfg = %s\n", opt_yaml);

	struct error err = { 0 };
	struct config cfg;
	if (config_parse(opt_yaml, &cfg, &err))
		return fail(&err);
	if (config_validate(&cfg, &err)) {
		config_free(&cfg);
		return fail(&err);
	}
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
	status = monitor_run(&mon);
	fflush(stdout);
	monitor_free(&mon);
	return status;
}
