/* mem_test.h - test-only hooks into the address space. Never used outside tests/ and bench/.
 *
 * They switch off parts of the multi-thread protocol of mem.c so that the stress test can show
 * it detects their absence (tests/unit/test_mem_stress.c). A mem with any hook set is unsafe.
 */
#ifndef INTRAVISOR_MEM_TEST_H
#define INTRAVISOR_MEM_TEST_H

#include "mem/mem.h"

#define MEM_TEST_BREAK_LOCKS     0x1u /* page seqlocks are no-ops; capability loads never retry */
#define MEM_TEST_BREAK_SAFEPOINT 0x2u /* the first tag of a page does not wait for other threads */
#define MEM_TEST_BREAK_SHADOW    0x4u /* capability loads trust the tag byte alone (no shadow compare) */
#define MEM_TEST_BREAK_BARRIER   0x8u /* mem_barrier does nothing */
#define MEM_TEST_HANDSHAKE      0x10u /* mem_barrier takes the handshake, not membarrier(2) (not a break) */

void mem_test_break(struct mem *m, unsigned bits);

#endif
