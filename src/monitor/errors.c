/* errors.c - the sentences of errors.h and their formatting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "monitor/errors.h"

static const char *const messages[E_COUNT] = {
#define ERR_MSG(name, msg) [name] = msg,
	ERRORS(ERR_MSG)
#undef ERR_MSG
};

const char *error_message(enum err_code code)
{
	return (unsigned)code < E_COUNT ? messages[code] : "unknown error";
}

int error_vset(struct error *e, enum err_code code, const char *where, const char *fmt, va_list ap)
{
	e->code = code;
	snprintf(e->where, sizeof e->where, "%s", where ? where : "");
	e->detail[0] = 0;
	if (fmt)
		vsnprintf(e->detail, sizeof e->detail, fmt, ap);
	return -1;
}

int error_set(struct error *e, enum err_code code, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(e, code, where, fmt, ap);
	va_end(ap);
	return -1;
}

void error_format(char *buf, size_t n, const struct error *e)
{
	snprintf(buf, n, "%s%s%s%s%s", e->where, e->where[0] ? ": " : "", error_message(e->code),
		 e->detail[0] ? ": " : "", e->detail);
}
