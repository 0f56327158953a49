// SPDX-License-Identifier: GPL-2.0
/*
 * File system benchmark (bench=vfs): name operations and data transfers
 * through ramfs, whose data pages come from the frame allocator, and
 * pipe throughput between two threads, so the frame, heap and scheduler
 * policies all show. Integer figures from rdtsc; the per-second ones use
 * the TSC rate measured against the tick. Under -icount (make bench
 * ICOUNT=1) they repeat exactly.
 *
 *   create_unlink     open(O_CREAT|O_EXCL) + close + unlink of one name
 *   seq_write_{4k,64k}, seq_read_{4k,64k}
 *                     a SEQ_BYTES file written, then read, in 4 KiB or
 *                     64 KiB calls
 *   pipe_{4k,64k}     PIPE_BYTES through a pipe, a writer thread to the
 *                     bench thread, in 4 KiB or 64 KiB calls
 */
#include <mosaic/bench.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/pipe.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/timer.h>
#include <mosaic/vfs.h>

#define BENCH_DIR "/.vfsbench"
#define CREATE_OPS 500
#define SEQ_BYTES (4UL << 20)
#define PIPE_BYTES (4UL << 20)
#define BIG_CHUNK (64 * 1024UL)

#define KFS vfs_kernel_fs()

static u64 tsc_per_sec(void)
{
	return sched_tsc_per_tick() * CONFIG_HZ;
}

/* x per second when x took @cycles; 0 before the TSC rate is known. */
static u64 per_sec(u64 x, u64 cycles)
{
	return cycles ? x * tsc_per_sec() / cycles : 0;
}

static void emit_ops(const char *name, u64 ops, u64 cycles, u64 errors)
{
	bench_emit("\"family\":\"vfs\",\"name\":\"%s\",\"frame_policy\":\"%s\",\"ops\":%llu,\"cycles\":%llu,\"cycles_per_op\":%llu,\"throughput_ops_per_s\":%llu,\"errors\":%llu",
		   name, frame_policy_name(), (unsigned long long)ops,
		   (unsigned long long)cycles,
		   (unsigned long long)(ops ? cycles / ops : 0),
		   (unsigned long long)per_sec(ops, cycles),
		   (unsigned long long)errors);
}

static void emit_bytes(const char *name, u64 ops, u64 bytes, u64 cycles,
		       u64 errors)
{
	bench_emit("\"family\":\"vfs\",\"name\":\"%s\",\"frame_policy\":\"%s\",\"ops\":%llu,\"bytes\":%llu,\"cycles\":%llu,\"cycles_per_op\":%llu,\"throughput_kib_per_s\":%llu,\"errors\":%llu",
		   name, frame_policy_name(), (unsigned long long)ops,
		   (unsigned long long)bytes, (unsigned long long)cycles,
		   (unsigned long long)(ops ? cycles / ops : 0),
		   (unsigned long long)per_sec(bytes / 1024, cycles),
		   (unsigned long long)errors);
}

static void bench_create_unlink(void)
{
	u64 errors = 0, start = rdtsc();

	for (int i = 0; i < CREATE_OPS; i++) {
		struct file *f = vfs_open(KFS, NULL, BENCH_DIR "/f",
					  O_CREAT | O_EXCL | O_WRONLY, 0644);

		if (IS_ERR(f)) {
			errors++;
			continue;
		}
		fput(f);
		errors += vfs_unlink(KFS, NULL, BENCH_DIR "/f") != 0;
	}
	emit_ops("create_unlink", CREATE_OPS, rdtsc() - start, errors);
}

/* SEQ_BYTES in @chunk-byte calls, from the start of @f. */
static void seq_pass(const char *name, struct file *f, u8 *buf, size_t chunk,
		     bool write)
{
	u64 ops = 0, errors = 0, done = 0, start;

	if (vfs_lseek(f, 0, SEEK_SET) != 0)
		errors++;
	start = rdtsc();
	while (done < SEQ_BYTES) {
		ssize_t n = write ? vfs_write(f, buf, chunk) :
				    vfs_read(f, buf, chunk);

		ops++;
		if (n <= 0) {
			errors++;
			break;
		}
		done += (u64)n;
	}
	emit_bytes(name, ops, done, rdtsc() - start, errors);
}

static void bench_seq(u8 *buf)
{
	struct file *f = vfs_open(KFS, NULL, BENCH_DIR "/seq",
				  O_CREAT | O_TRUNC | O_RDWR, 0644);

	if (IS_ERR(f)) {
		pr_err("bench vfs: cannot create %s/seq: %ld\n", BENCH_DIR,
		       PTR_ERR(f));
		return;
	}
	seq_pass("seq_write_4k", f, buf, 4096, true);
	seq_pass("seq_read_4k", f, buf, 4096, false);
	vfs_ftruncate(f, 0);		/* the 64 KiB pass allocates again */
	seq_pass("seq_write_64k", f, buf, BIG_CHUNK, true);
	seq_pass("seq_read_64k", f, buf, BIG_CHUNK, false);
	fput(f);
	vfs_unlink(KFS, NULL, BENCH_DIR "/seq");
}

struct pipe_feeder {
	struct file *f;
	const u8 *buf;
	size_t chunk;
	u64 errors;
};

static int pipe_feed(void *arg)
{
	struct pipe_feeder *w = arg;

	for (u64 done = 0; done < PIPE_BYTES;) {
		ssize_t n = vfs_write(w->f, w->buf, w->chunk);

		if (n <= 0) {
			w->errors++;
			break;
		}
		done += (u64)n;
	}
	return 0;
}

static void bench_pipe(const char *name, u8 *buf, size_t chunk)
{
	struct pipe_feeder w = { .buf = buf, .chunk = chunk };
	u64 ops = 0, done = 0, start;
	struct file *p[2];
	struct thread *th;

	if (vfs_pipe(p, 0)) {
		pr_err("bench vfs: no pipe\n");
		return;
	}
	w.f = p[1];
	start = rdtsc();
	th = thread_create(pipe_feed, &w, "pipefeed");
	while (th && done < PIPE_BYTES) {
		ssize_t n = vfs_read(p[0], buf + BIG_CHUNK, chunk);

		ops++;
		if (n <= 0) {
			w.errors++;
			break;
		}
		done += (u64)n;
	}
	/* The feeder is done or, if we stopped early, gets EPIPE. */
	fput(p[0]);
	if (th)
		thread_join(th, NULL);
	else
		w.errors++;
	emit_bytes(name, ops, done, rdtsc() - start, w.errors);
	fput(p[1]);
}

static void vfs_bench(void)
{
	u8 *buf = kzalloc(2 * BIG_CHUNK);
	int err;

	if (!buf) {
		pr_err("bench vfs: no memory\n");
		return;
	}
	err = vfs_mkdir(KFS, NULL, BENCH_DIR, 0755);
	if (!err)
		err = vfs_mount(KFS, "vfsbench", BENCH_DIR, "ramfs", "size=0");
	if (err) {
		pr_err("bench vfs: cannot mount ramfs at %s: %d\n", BENCH_DIR,
		       err);
		kfree(buf);
		return;
	}
	bench_create_unlink();
	bench_seq(buf);
	bench_pipe("pipe_4k", buf, 4096);
	bench_pipe("pipe_64k", buf, BIG_CHUNK);
	vfs_umount(KFS, BENCH_DIR);
	vfs_rmdir(KFS, NULL, BENCH_DIR);
	kfree(buf);
}
BENCH_REGISTER(vfs, vfs_bench);
