/* errors.h - every monitor error, with its sentence (STYLE 12).
 *
 * Library code fills a struct error and returns -1; only main.c prints (error_format) and
 * exits. The message says what; `where` says where (config file:line:col, or the cVM and its
 * runtime file); `detail` says why, with the numbers. ELF problems found by src/loader have
 * their own table (loader/elf.h ELF_ERRORS, lower layer) and arrive here as E_IMAGE with the
 * loader's sentence as detail.
 */
#ifndef INTRAVISOR_MONITOR_ERRORS_H
#define INTRAVISOR_MONITOR_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

#define ERRORS(ERR) \
	ERR(E_OK, "no error") \
	ERR(E_USAGE, "bad command line") \
	ERR(E_NOMEM, "out of memory") \
	ERR(E_CFG_OPEN, "cannot read the config file") \
	ERR(E_CFG_SYNTAX, "the config is not valid YAML") \
	ERR(E_CFG_ROOT, "the config must be a mapping with the keys 'cVMs' and 'capfiles'") \
	ERR(E_CFG_UNKNOWN_KEY, "unknown key") \
	ERR(E_CFG_DUP_KEY, "duplicate key") \
	ERR(E_CFG_TYPE, "wrong type") \
	ERR(E_CFG_NUMBER, "not a valid number") \
	ERR(E_CFG_NO_CVMS, "config has no 'cVMs' list, or it is empty") \
	ERR(E_CFG_TOO_MANY, "too many entries") \
	ERR(E_CFG_MISSING, "missing required key") \
	ERR(E_CFG_DUP_NAME, "duplicate cVM name") \
	ERR(E_CFG_AMBIGUOUS, "callback name is ambiguous: several cVMs use that runtime") \
	ERR(E_CFG_SIZE, "isolation size must be a power of two from 16 MiB (0x1000000) to 64 GiB (0x1000000000)") \
	ERR(E_CFG_ALIGN, "isolation base must be a multiple of the slot size") \
	ERR(E_CFG_RANGE, "cVM region outside the address space") \
	ERR(E_CFG_OVERLAP, "cVM regions overlap") \
	ERR(E_CFG_DUP_ID, "two cVMs have the same id (base / size)") \
	ERR(E_CFG_ARGS, "bad args") \
	ERR(E_CFG_WAIT, "wait must be -1 or a number of seconds >= 0") \
	ERR(E_CFG_FLAG, "flag must be 0 or 1") \
	ERR(E_CFG_UNSUPPORTED, "not supported by this build") \
	ERR(E_CFG_RUNTIME, "cannot read the runtime file") \
	ERR(E_CFG_CALLBACK, "callback_out names no cVM runtime and is not 'monitor'") \
	ERR(E_CFG_CALLBACK_SELF, "callback_out names the cVM itself") \
	ERR(E_CFG_CYCLE, "callback_out links form a cycle") \
	ERR(E_CFG_CAPFILE, "bad capfile") \
	ERR(E_IMAGE, "bad runtime image") \
	ERR(E_IMAGE_DYNAMIC, "the program needs a dynamic loader (PT_INTERP): build it with -static") \
	ERR(E_CFG_MODE, "mode must be 'hybrid' or 'purecap'") \
	ERR(E_CFG_MOUNT, "bad mount") \
	ERR(E_CALLBACK_NO_HANDLER, "callback_out names a cVM whose image has no 'syscall_handler'") \
	ERR(E_MEM, "cannot set up the emulated address space") \
	ERR(E_MAP_LIMIT, "the config needs more host memory mappings than the kernel allows (vm.max_map_count)") \
	ERR(E_CAP, "capability derivation failed (monitor bug)")

enum err_code {
#define ERR_ENUM(name, msg) name,
	ERRORS(ERR_ENUM)
#undef ERR_ENUM
	E_COUNT
};

struct error {
	enum err_code code;
	char where[512];   /* "cvm.yaml:12:5", "cVM 'first' (libfirst.so)", or "" */
	char detail[512];  /* why, with values; may be "" */
};

const char *error_message(enum err_code code);   /* the table's sentence; never NULL */
/* Fill *e and return -1 (so callers can `return error_set(...)`). detail is printf-style. */
int error_vset(struct error *e, enum err_code code, const char *where, const char *fmt, va_list ap);
int error_set(struct error *e, enum err_code code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "<where>: <message>: <detail>" (parts omitted when empty) into buf. */
void error_format(char *buf, size_t n, const struct error *e);

#endif
