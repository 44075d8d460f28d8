/* call.S - CP_Call and thread helpers of a pure-cap cVM (sdk/README.md "Calls between cVMs",
 * "Threads"; numbers and arguments in include/hostcalls.h, monitor side src/monitor/run_call.c
 * and run_pthread.c). Each is a tail call of c_out_N: cra is untouched, so c_out_N returns
 * straight to our caller; the unused argument registers are cleared by c_out_N.
 * FROM: cVM code, `cjal cvm_...`.  OUT: a0 = the hostcall's result.
 *
 *   cvm_call_register(ca0 = function sentry, ca1 = key)       -> id
 *   cvm_call_lookup(ca0 = key)                                 -> id
 *   cvm_call_unregister(a0 = id)                               -> 0
 *   cvm_call(ca0 = key or id, a1 = budget, ca2..ca6 = args)    -> the callee's a0
 *   cvm_thread_create(ca0 = function sentry, ca1 = argument)   -> thread id
 *   cvm_thread_join(a0 = thread id, ca1 = value location|NULL) -> 0
 *   cvm_thread_exit(a0 = value)                                   does not return
 *
 * A function registered with 411 is entered with ca0..ca4 = the caller's ca2..ca6, csp/ctp =
 * a callee context of its own cVM, cra = a return sentry: it returns with `cret`, a0 = result.
 * A thread function gets ca0 = the argument; it ends with cvm_thread_exit (or returns: then
 * a0 as a C int is its value).
 */
#include "cvm.S"

	.text
CVM_FUNC cvm_call_register
	li t5, HC_CALL_REGISTER
	j c_out_2
CVM_END cvm_call_register

CVM_FUNC cvm_call_lookup
	li t5, HC_CALL_LOOKUP
	j c_out_1
CVM_END cvm_call_lookup

CVM_FUNC cvm_call_unregister
	li t5, HC_CALL_UNREGISTER
	j c_out_1
CVM_END cvm_call_unregister

CVM_FUNC cvm_call
	li t5, HC_MAKE_CALL
	j c_out_7
CVM_END cvm_call

CVM_FUNC cvm_thread_create
	li t5, HC_THREAD_CREATE
	j c_out_2
CVM_END cvm_thread_create

CVM_FUNC cvm_thread_join
	li t5, HC_THREAD_JOIN
	j c_out_2
CVM_END cvm_thread_join

CVM_FUNC cvm_thread_exit
	li t5, HC_THREAD_EXIT
	cjal c_out_1
1:	j 1b                              /* exit does not return */
CVM_END cvm_thread_exit
