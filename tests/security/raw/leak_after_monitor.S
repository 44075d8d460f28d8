/* leak_after_monitor - after a hostcall served by the monitor returns, no register may hold a
 * capability that is not ours (cvms/leak.h).
 * EXPECT: exit
 * OUT: probe
 * OUT: ok   no leaked capability
 */
#include "leak.h"
