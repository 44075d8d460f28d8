/* check_image.c - deploy and run a config of tests/images (the monitor's own code path, as
 * `intravisor -y` does), then print what each cVM left in its memory, for run.sh to compare
 * with exact values:
 *   check_image CONFIG.yaml RESULTS BIG1 BIG2     (image offsets of the symbols, from nm)
 * prints per cVM, in file order:
 *   <name> base=0x.. status=<summary exit value> big1=<first>,<last> big2=<first>,<last>
 *   <name> results=<the 8 words of `results`, hex>
 *   <name> ret_pair_tag=<0|1>
 * and exits with monitor_run's status (0: every cVM returned or exited). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "monitor/cvm.h"

#define BIG1 1600000
#define BIG2 150000

static uint8_t byte_at(struct mem *m, uint64_t a)
{
	uint8_t b = 0xee;
	if (mem_read(m, a, &b, 1) != MEM_OK)
		return 0xee;
	return b;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: check_image CONFIG.yaml RESULTS BIG1 BIG2\n");
		return 64;
	}
	uint64_t results = strtoull(argv[2], NULL, 0), big1 = strtoull(argv[3], NULL, 0),
		 big2 = strtoull(argv[4], NULL, 0);
	struct error err = { 0 };
	struct config cfg;
	if (config_parse(argv[1], &cfg, &err) || config_validate(&cfg, &err)) {
		fprintf(stderr, "check_image: %s: %s\n", err.where, err.detail);
		return 65;
	}
	FILE *devnull = fopen("/dev/null", "w");
	struct monitor mon;
	struct monitor_options opt = { .quiet = true, .out = devnull };
	if (monitor_init(&mon, &cfg, &opt, &err) || monitor_deploy_all(&mon, &err)) {
		fprintf(stderr, "check_image: %s: %s\n", err.where, err.detail);
		return 66;
	}
	int status = monitor_run(&mon);
	for (unsigned i = 0; i < mon.ncvms; i++) {
		const struct cvm *v = &mon.cvms[i];
		uint64_t b = v->base;
		printf("%s base=0x%" PRIx64 " big1=0x%02x,0x%02x big2=0x%02x,0x%02x\n", v->name, b,
		       byte_at(mon.mem, b + big1), byte_at(mon.mem, b + big1 + BIG1 - 1), byte_at(mon.mem, b + big2),
		       byte_at(mon.mem, b + big2 + BIG2 - 1));
		printf("%s results=", v->name);
		for (unsigned k = 0; k < 8; k++) {
			uint64_t w = 0;
			if (mem_read(mon.mem, b + results + 8 * k, &w, 8) != MEM_OK)
				w = 0xdeaddeaddeaddeadULL;
			printf("%s%" PRIx64, k ? "," : "", w);
		}
		printf("\n%s ret_pair_tag=%d\n", v->name, v->ca[CVM_CA_SEALED_RET].tag ? 1 : 0);
	}
	monitor_free(&mon);
	fclose(devnull);
	return status;
}
