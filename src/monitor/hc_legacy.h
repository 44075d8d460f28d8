/* hc_legacy.h - upstream's 29, 300..302 and deprecated numbers (hc_legacy.c). */
#ifndef INTRAVISOR_MONITOR_HC_LEGACY_H
#define INTRAVISOR_MONITOR_HC_LEGACY_H

#include "monitor/hostcall.h"

/* one of the numbers hc_legacy.c answers */
bool hc_is_legacy(uint64_t nr);
/* 300..302 (the others are refused) */
bool hc_legacy_is_served(uint64_t nr);
unsigned hc_legacy_nargs(uint64_t nr);
/* Why a refused number is refused (the tail of the one-time warning), or NULL. libvirt: the
 * caller's config has `libvirt: 1`. */
const char *hc_legacy_warning(uint64_t nr, bool libvirt);
int64_t hc_legacy(const struct hostcall_env *e, const struct hostcall_request *r);

#endif
