/* leak_after_handler - after a hostcall served by a handler cVM (the victim, which forwards it
 * to the monitor) returns, no register may hold a capability that is not ours: nothing of the
 * victim's (its data, stack, TP) and nothing of the monitor's (cvms/leak.h).
 * CALLBACK: victim
 * EXPECT: exit
 * OUT: probe
 * OUT: ok   no leaked capability
 */
#include "leak.h"
