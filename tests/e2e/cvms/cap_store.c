/* cap_store.c - the object whose capability relocation the monitor replaces with a capability
 * to the cVM's capability store (intravisor.md section 3: a length of exactly 0xabba). Data
 * only: gcc cannot generate capability-mode code, so cVM code is assembly. */
char local_cap_store[0xabba];
