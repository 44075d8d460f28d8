/* hc_files.h - upstream's file hostcalls 801..814 over the Linux personality's file layer
 * (hc_files.c). */
#ifndef INTRAVISOR_MONITOR_HC_FILES_H
#define INTRAVISOR_MONITOR_HC_FILES_H

#include "linux/linux.h"
#include "monitor/hostcall.h"

/* 801..814 but the unused 805 */
bool hc_is_file_call(uint64_t nr);
/* how many of ca0.. the call reads */
unsigned hc_file_nargs(uint64_t nr);
/* Linux call nr (riscv64 number) on the caller's files with arguments a[0..n) (the rest 0):
 * the result, or a negated errno. */
int64_t hc_file_linux(const struct hostcall_env *e, uint64_t nr, const struct cap *a, unsigned n);
/* Serve one: the result, or a negated errno. */
int64_t hc_file(const struct hostcall_env *e, const struct hostcall_request *r);

#endif
