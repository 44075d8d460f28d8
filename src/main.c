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
static bool opt_strace;
#define MAX_CLI_MOUNTS 16
static char *opt_mounts[MAX_CLI_MOUNTS];   /* --mount HOST:GUEST[:ro], split in place */
static unsigned opt_nmounts;

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
		"                  [--no-jit] [--mount HOST:GUEST[:ro]]... [--strace]\n"
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
		"  --mount HOST:GUEST[:ro]  show host folder HOST to every hybrid cVM at GUEST (an\n"
		"                    absolute path); :ro makes it read-only (writes: EROFS); repeatable\n"
		"  --strace          print each system call of every hybrid cVM on stderr, as strace\n"
		"                    does (also per cVM in YAML: strace: true)\n"
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
					   "--timeout", "-y", "--yaml", "--report", "--mount", "--strace", NULL };

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
		} else if (!strcmp(a, "--mount")) {
			if (!has_value || !strchr(value, ':') || opt_nmounts == MAX_CLI_MOUNTS) {
				*status = usage_error("option '%s' needs HOST:GUEST[:ro] (at most 16)", a);
				return -1;
			}
			opt_mounts[opt_nmounts++] = (char *)value;
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

int main(int argc, char **argv)
{
	int status;
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
	for (unsigned i = 0; i < opt_nmounts; i++) {
		char *host = opt_mounts[i], *guest = strchr(host, ':') + 1, *ro = strchr(guest, ':');
		guest[-1] = 0;
		if (ro)
			*ro++ = 0;
		if ((ro && strcmp(ro, "ro") && strcmp(ro, "rw")) ||
		    monitor_add_mount(&mon, host, guest, ro && !strcmp(ro, "ro"), &err)) {
			if (ro && strcmp(ro, "ro") && strcmp(ro, "rw"))
				error_set(&err, E_CFG_MOUNT, "--mount", "'%s' after the guest path: only 'ro' or 'rw'", ro);
			monitor_free(&mon);
			return fail(&err);
		}
	}
	mon.strace = opt_strace;
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
