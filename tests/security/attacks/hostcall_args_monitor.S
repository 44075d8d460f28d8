/* hostcall_args_monitor - argument capabilities the monitor must refuse (cvms/hostcall_args.h):
 * every case returns HC_EFAULT (an unknown number HC_ENOSYS), the cVM keeps running.
 * EXPECT: exit
 * OUT: ok   untagged-victim
 * OUT: ok   sealed-monitor 
 * OUT: ok   sealed-own     
 * OUT: ok   no-load        
 * OUT: ok   length+1       
 * OUT: ok   length-huge    
 * OUT: ok   length-wraps   
 * OUT: ok   below-base     
 * OUT: ok   untagged-len0  
 * OUT: ok   unknown-number 
 * OUT: ok   guard-page     
 * OUT: ok   valid-control  
 */
#define UNKNOWN_NUMBER 1
#define CAP_PERM_GLOBAL_ASM 1
#include "hostcall_args.h"
