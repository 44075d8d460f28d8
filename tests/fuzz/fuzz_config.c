/* fuzz_config.c - libFuzzer harness for the deployment YAML (src/monitor/config.h).
 *
 * Input: the bytes of a YAML file. The harness decodes it with config_parse_string and, if
 * that succeeds, checks the whole deployment with config_validate, exactly as main.c does
 * before deploy. The config is named <harness folder>/config-root/fuzz.yaml, so relative
 * runtimes resolve into that folder (the makefile puts libfirst.so, libsecond.so, ... there).
 *
 * Invariants (beyond ASan/UBSan/LeakSanitizer): a failure sets an error code with a sentence
 * and leaves the config empty; a success yields a config that holds what config.h promises
 * (required keys present, at most CONFIG_MAX_CVMS cVMs, and after validation: slots in range,
 * no two cVMs in one slot, callback_out links ending at the monitor, runtime_path set).
 */
#include <limits.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "monitor/config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char config_path[PATH_MAX + 32];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[PATH_MAX];
	fuzz_exe_dir(dir, sizeof dir);
	snprintf(config_path, sizeof config_path, "%s/config-root/fuzz.yaml", dir);
	return 0;
}

static bool is_empty(const struct config *cfg)
{
	return !cfg->path && !cfg->dir && !cfg->cvms && !cfg->ncvms && !cfg->capfiles && !cfg->ncapfiles;
}

static void check_error(const struct config *cfg, const struct error *err)
{
	FUZZ_CHECK(err->code != E_OK && err->code < E_COUNT);
	FUZZ_CHECK(memchr(err->where, 0, sizeof err->where) && memchr(err->detail, 0, sizeof err->detail));
	char buf[1200];
	error_format(buf, sizeof buf, err);
	FUZZ_CHECK(strstr(buf, error_message(err->code)) != NULL);
	FUZZ_CHECK(is_empty(cfg));
}

static void check_decoded(const struct config *cfg)
{
	FUZZ_CHECK(cfg->path && cfg->dir);
	FUZZ_CHECK(cfg->ncvms >= 1 && cfg->ncvms <= CONFIG_MAX_CVMS && cfg->cvms);
	FUZZ_CHECK(cfg->ncapfiles <= CONFIG_MAX_CAPFILES);
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		const struct config_cvm *c = &cfg->cvms[i];
		FUZZ_CHECK(c->name && *c->name && c->runtime && *c->runtime);
		FUZZ_CHECK(c->nisolation >= 1 && c->isolation.has_base && c->isolation.has_size);
		FUZZ_CHECK(!c->runtime_path);
	}
	for (unsigned i = 0; i < cfg->ncapfiles; i++)
		FUZZ_CHECK(cfg->capfiles[i].name && *cfg->capfiles[i].name);
}

/* What config_validate promises (config_check.c header). */
static void check_valid(const struct config *cfg)
{
	for (unsigned i = 0; i < cfg->ncvms; i++) {
		const struct config_cvm *c = &cfg->cvms[i];
		const struct config_isolation *iso = &c->isolation;
		FUZZ_CHECK(c->runtime_path && *c->runtime_path);
		FUZZ_CHECK(iso->size >= CVM_SLOT_MIN && iso->size <= CVM_SLOT_MAX && !(iso->size & (iso->size - 1)) &&
			   iso->base % iso->size == 0);
		FUZZ_CHECK(iso->base / iso->size >= 1 && iso->base / iso->size <= CVM_MAX_ID);
		FUZZ_CHECK(c->wait >= -1 && (c->clean_room | 1) == 1 && (c->libvirt | 1) == 1 && (c->fork | 1) == 1);
		for (unsigned j = 0; j < i; j++) {
			const struct config_isolation *o = &cfg->cvms[j].isolation;
			FUZZ_CHECK(iso->base >= o->base + o->size || o->base >= iso->base + iso->size);   /* no overlap */
			FUZZ_CHECK(iso->base / iso->size != o->base / o->size);                          /* ids differ */
			FUZZ_CHECK(strcmp(cfg->cvms[j].name, c->name) != 0);
		}
		/* callback_out chain reaches the monitor in at most ncvms steps */
		unsigned at = i, steps = 0;
		while (cfg->cvms[at].callback_out && strcmp(cfg->cvms[at].callback_out, "monitor") != 0) {
			int next = config_find_runtime(cfg, cfg->cvms[at].callback_out);
			FUZZ_CHECK(next >= 0 && (unsigned)next != at);
			at = (unsigned)next;
			FUZZ_CHECK(++steps <= cfg->ncvms);
		}
	}
	for (unsigned i = 0; i < cfg->ncapfiles; i++) {
		const struct config_capfile *f = &cfg->capfiles[i];
		FUZZ_CHECK(f->size > 0);
		/* a pre-defined addr is accepted with a warning (as upstream): one was given */
		if (f->addr) {
			bool warned = false;
			for (unsigned k = 0; k < cfg->nwarnings; k++)
				warned |= strstr(cfg->warnings[k], "pre-defined addresses") != NULL;
			FUZZ_CHECK(warned || cfg->nwarnings == CONFIG_MAX_WARNINGS);
		}
		FUZZ_CHECK(!f->data || strlen(f->data) < f->size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct error err;
	if (config_parse_string(config_path, (const char *)data, size, &cfg, &err)) {
		check_error(&cfg, &err);
		return 0;
	}
	check_decoded(&cfg);
	if (config_validate(&cfg, &err)) {
		FUZZ_CHECK(err.code != E_OK && err.code < E_COUNT);
		char buf[1200];
		error_format(buf, sizeof buf, &err);
	} else {
		check_valid(&cfg);
	}
	config_free(&cfg);
	FUZZ_CHECK(is_empty(&cfg));
	return 0;
}
