/* begin_below_base - the attacker's config says begin one slot below its base (the victim's
 * slot) and end one slot above (ISOLATION: wide). Upstream bounds PCC and DDC by begin/end;
 * here they are a warning and the capabilities cover the slot: int_load_victim's integer load
 * of the victim's secret must still fault on DDC.
 * ISOLATION: wide
 * EXPECT: fault cause=28 cheri=0x01 idx=33 pc=fault
 */
#include "int_load_victim.S"
