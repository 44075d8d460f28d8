/* cap_copy - hostcall 1000 served by the monitor (cvms/cap_copy.h).
 * EXPECT: exit
 * OUT: ok   untagged-src
 * OUT: ok   untagged-dst
 * OUT: ok   sealed-src
 * OUT: ok   dst-read-only
 * OUT: ok   src-no-load
 * OUT: ok   src-length+1
 * OUT: ok   dst-length+1
 * OUT: ok   length-2^63
 * OUT: ok   below-base
 * OUT: ok   src-guard-page
 * OUT: ok   dst-guard-page
 * OUT: ok   wrote-nothing
 * OUT: ok   copy-ok
 * OUT: ok   bytes-arrived
 * OUT: ok   overlap-up
 * OUT: ok   overlap-down
 * OUT: ok   tag-not-copied
 * OUT: ok   cap-bytes-moved
 * OUT: ok   tag-cleared
 * OUT: ok   byte-clears-tag
 * OUT: ok   smc-before
 * OUT: ok   smc-seen
 * OUT: ok   zero-length
 */
#define CAP_PERM_GLOBAL_ASM 1
#include "cap_copy.h"
