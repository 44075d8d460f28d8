/* run_stream.c - the monitor's side of /dev/capstream/KEY (src/linux/linux_stream.c): a hybrid
 * cVM's stream descriptors reach the sharing registry (share.h) as its own cVM (the thread's
 * home cVM, also when a handler cVM forwarded the call), with 410's checks (a consumer), 409's
 * (a producer: the ring is the monitor's, share_create_stream) and 407/408's waits (which end
 * when the thread is being stopped, or the other side has ended or closed). */
#include "monitor/run_priv.h"
#include "monitor/share.h"

static struct hostcall_env stream_env(struct run_thread *rt)
{
	return (struct hostcall_env){ .m = rt->mon->mem, .t = rt->hart ? hart_mem_thread(rt->hart) : NULL,
				      .share = rt->mon->share, .domain = rt->v->id,
				      .stopping = run_linux_thread_ops.stopping, .stopping_ctx = rt };
}

static int64_t stream_probe(void *ctx, const char *key, struct cap *ring)
{
	struct run_thread *rt = ctx;
	return share_probe_stream(rt->mon->share, rt->v->id, key, ring);
}

static int64_t stream_create(void *ctx, const char *key, uint64_t cap_bytes, struct cap *ring)
{
	struct run_thread *rt = ctx;
	return share_create_stream(rt->mon->share, rt->mon->mem, rt->v->id, key, cap_bytes, ring);
}

static int stream_consumer(void *ctx, int64_t id)
{
	struct run_thread *rt = ctx;
	return share_stream_consumer(rt->mon->share, rt->v->id, id);
}

static int64_t stream_wait(void *ctx, int64_t id, uint64_t seen, int64_t timeout_ns)
{
	struct run_thread *rt = ctx;
	struct hostcall_env env = stream_env(rt);
	return share_wait(rt->mon->share, &env, id, seen, timeout_ns);
}

static int64_t stream_wake(void *ctx, int64_t id)
{
	struct run_thread *rt = ctx;
	return share_wake(rt->mon->share, rt->v->id, id);
}

static void stream_release(void *ctx, int64_t id)
{
	struct run_thread *rt = ctx;
	share_release_stream(rt->mon->share, rt->v->id, id);
}

const struct linux_stream_ops run_linux_stream_ops = {
	.probe = stream_probe,
	.create = stream_create,
	.wait = stream_wait,
	.wake = stream_wake,
	.release = stream_release,
	.consumer = stream_consumer,
};
