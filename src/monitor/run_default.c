/* run_default.c - monitor_run until run.c lands: deploy only, exit status 0.
 *
 * WARNING: this weak default must stay in its own file that sorts AFTER run.c. The monitor is
 * linked from a static archive, and ld never replaces a weak definition it already pulled in
 * with a strong one from a later archive member: had the default been in deploy.c (pulled in
 * for monitor_deploy_all), run.o's monitor_run would be silently ignored. Here run.o comes
 * first in the archive, so its strong definition is the one extracted. */
#include "monitor/cvm.h"

__attribute__((weak)) int monitor_run(struct monitor *mon)
{
	(void)mon;
	return 0;
}
