/* hc_time.h - hostcalls 200 nanosleep and 800 gettimeofday (hc_time.c). */
#ifndef INTRAVISOR_MONITOR_HC_TIME_H
#define INTRAVISOR_MONITOR_HC_TIME_H

#include "monitor/hostcall.h"

int64_t hc_nanosleep(const struct hostcall_env *e, const struct hostcall_request *r);
int64_t hc_gettimeofday(const struct hostcall_env *e, const struct hostcall_request *r);

#endif
