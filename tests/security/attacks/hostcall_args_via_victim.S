/* hostcall_args_via_victim - the same arguments, through the victim handler cVM (it forwards
 * them unchanged to the monitor): the monitor must refuse them the same way (cvms/hostcall_args.h):
 * every case returns HC_EFAULT (an unknown number HC_ENOSYS), the cVM keeps running.
 * CALLBACK: victim
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
 * OUT: ok   guard-page     
 * OUT: ok   valid-control  
 */
#define CAP_PERM_GLOBAL_ASM 1
#include "hostcall_args.h"
