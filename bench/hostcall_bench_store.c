/* hostcall_bench_store.c - the bench cVM's capability-store object (sdk/README.md). */
char local_cap_store[0xabba];
