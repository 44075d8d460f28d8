/* config_index.h - cVMs of a config looked up by name or runtime in O(log n): config_validate
 * and deploy ask thousands of times (callback_out, callback_in, duplicate names), so a linear
 * scan per question would make a config of n cVMs cost O(n^2) (tests/many: 10,000 cVMs). */
#ifndef INTRAVISOR_MONITOR_CONFIG_INDEX_H
#define INTRAVISOR_MONITOR_CONFIG_INDEX_H

#include "monitor/config.h"

/* cfg->by_name and cfg->by_runtime: the cVM indices sorted by (string, index). 0, or -1 (no
 * memory). Built again after any change of names or runtimes; config_free frees them. */
int config_index_build(struct config *cfg);

/* The cVMs whose name (runtime) is s: *count of them, from the lowest index; -1 when none. */
int config_index_name(const struct config *cfg, const char *s, unsigned *count);
int config_index_runtime(const struct config *cfg, const char *s, unsigned *count);

#endif
