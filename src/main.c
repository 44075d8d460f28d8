/* main.c - the intravisor command line (intravisor.md section 1). The only place that prints
 * errors and chooses the exit status. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void usage(FILE *f)
{
	fprintf(f,
		"Intravisor -- a virtualisation platform for CHERI (emulated CHERI-RISC-V)\n"
		"usage: intravisor -y CONFIG.yaml [-q] [--timings] [--report FILE] [--budget N] [--no-jit]\n"
		"  -y, --yaml FILE   deploy the cVMs of FILE, run them, serve their hostcalls\n"
		"  -q                print only what the cVMs print\n"
		"  --timings         print the deploy phase breakdown on stderr\n"
		"  --report FILE     write the run's faults (cVM, pc, cause, capability, registers)\n"
		"                    and how every cVM thread ended to FILE as JSON\n"
		"  --budget N        stop a cVM thread after N instructions (default: unlimited)\n"
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
		"  4  a cVM thread used its --budget of instructions\n");
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
	status = monitor_run(&mon);
	fflush(stdout);
	monitor_free(&mon);
	return status;
}
