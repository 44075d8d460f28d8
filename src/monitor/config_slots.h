/* config_slots.h - slot conflicts of a whole config in O(n log n) (config_slots.c). */
#ifndef INTRAVISOR_MONITOR_CONFIG_SLOTS_H
#define INTRAVISOR_MONITOR_CONFIG_SLOTS_H

#include <limits.h>

struct config;

#define CONFIG_NO_CONFLICT UINT_MAX

/* first[i] (cfg->ncvms entries) = the smallest j < i whose slot overlaps cVM i's or has its
 * id, or CONFIG_NO_CONFLICT; slots with a bad size or alignment take no part. 0, or -1 (no
 * memory). */
int config_slot_conflicts(const struct config *cfg, unsigned *first) __attribute__((warn_unused_result));

#endif
