// SPDX-License-Identifier: GPL-2.0
/*
 * The ipc benchmark (`bench=ipc`): round trips between two user
 * processes, measured by /bin/ipcbench (user/ipcbench.c) with rdtsc, so
 * each figure includes both system calls, both switches and the return
 * to user mode, as a program sees them. The same kernel runs it with the
 * fastpath off and, if built, on (ipc_fastpath_enabled), next to a pipe
 * ping-pong. Under -icount the cycles are 32 per guest instruction.
 *
 *	call_reply_slow		Call + ReplyRecv of one word, no fastpath
 *	call_reply_fast		the same with it (fast_calls: how often it ran)
 *	send			one-way Send of one word, per message
 *	signal_wait		Signal + Wait both ways on two notifications
 *	pipe_pingpong		one byte each way through two pipes
 *	futex_pingpong		FUTEX_WAKE + FUTEX_WAIT both ways between two
 *				threads of one process (no CR3 switch)
 */
#include <mosaic/bench.h>
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/fs.h>
#include <mosaic/ipc.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>
#include <mosaic/vsprintf.h>

#define ROUNDS 2000
#define OUT "/tmp/ipcbench.out"

struct results {
	s64 call_reply, send, signal_wait, pipe, futex;
};

/* "name value" lines of OUT into r; the values not found stay -1. */
static void parse(char *text, struct results *r)
{
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
		{ "call_reply", offsetof(struct results, call_reply) },
		{ "send", offsetof(struct results, send) },
		{ "signal_wait", offsetof(struct results, signal_wait) },
		{ "pipe", offsetof(struct results, pipe) },
		{ "futex", offsetof(struct results, futex) },
	};
	char *line = text;

	while (line && *line) {
		char *nl = strchr(line, '\n'), *sp = strchr(line, ' ');

		if (nl)
			*nl = '\0';
		if (sp) {
			*sp = '\0';
			for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
				if (!strcmp(line, keys[i].name) &&
				    kstrtoll(sp + 1, 10,
					     (s64 *)((char *)r + keys[i].off)))
					*(s64 *)((char *)r + keys[i].off) = -1;
		}
		line = nl ? nl + 1 : NULL;
	}
}

/* One run of the program; false if it failed. */
static bool run(const char *what, struct results *r)
{
	char rounds[16], buf[256];
	const char *argv[] = { "/bin/ipcbench", OUT, rounds, what, NULL };
	int status;

	snprintf(rounds, sizeof(rounds), "%d", ROUNDS);
	r->call_reply = r->send = r->signal_wait = r->pipe = r->futex = -1;
	status = run_program(argv, NULL);
	if (status) {
		pr_err("ipc bench: /bin/ipcbench %s: status %d\n", what, status);
		return false;
	}
	kernel_read_small_file(OUT, buf, sizeof(buf));
	parse(buf, r);
	vfs_unlink(vfs_kernel_fs(), NULL, OUT);
	return true;
}

static void emit(const char *name, const char *member, s64 cycles,
		 const char *extra)
{
	bench_emit("\"family\":\"ipc\",\"name\":\"%s\",\"policy\":\"%s\",\"rounds\":%d,\"%s\":%lld%s",
		   name, sched_selected_policy->name, ROUNDS, member,
		   (long long)cycles, extra);
}

static void ipc_bench(void)
{
	struct results slow, fast = { -1, -1, -1, -1, -1 };
	char extra[160] = "";
	bool ok;

	vfs_mkdir(vfs_kernel_fs(), NULL, "/tmp", 01777);
#ifdef CONFIG_IPC_FASTPATH
	bool was = ipc_fastpath_enabled;
	u64 calls = ipc_fastpath_count();

	ipc_fastpath_enabled = false;
	ok = run("all", &slow);
	ipc_fastpath_enabled = true;
	if (ok && run("call", &fast)) {
		calls = ipc_fastpath_count() - calls;
		snprintf(extra, sizeof(extra),
			 ",\"fast_calls\":%llu,\"vs_slow_permille\":%lld,\"vs_pipe_permille\":%lld",
			 (unsigned long long)calls,
			 slow.call_reply > 0 ? fast.call_reply * 1000 /
						       slow.call_reply : -1,
			 slow.pipe > 0 ? fast.call_reply * 1000 / slow.pipe :
					 -1);
	}
	ipc_fastpath_enabled = was;
#else
	ok = run("all", &slow);
#endif
	if (!ok)
		return;
	emit("call_reply_slow", "cycles_per_round_trip", slow.call_reply, "");
	if (fast.call_reply >= 0)
		emit("call_reply_fast", "cycles_per_round_trip",
		     fast.call_reply, extra);
	emit("send", "cycles_per_msg", slow.send, "");
	emit("signal_wait", "cycles_per_round_trip", slow.signal_wait, "");
	emit("pipe_pingpong", "cycles_per_round_trip", slow.pipe, "");
	emit("futex_pingpong", "cycles_per_round_trip", slow.futex, "");
}
BENCH_REGISTER(ipc, ipc_bench);
