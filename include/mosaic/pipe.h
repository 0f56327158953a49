/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pipes and FIFOs (fs/pipe.c), as Linux's: a 64 KiB ring of pages,
 * writes of up to PIPE_BUF bytes atomic, EOF once every writer closed,
 * EPIPE (and the SIGPIPE hook) once every reader closed, O_NONBLOCK as
 * EAGAIN. Documentation/filesystems.md, Pipes.
 */
#ifndef _MOSAIC_PIPE_H
#define _MOSAIC_PIPE_H

#include <mosaic/mutex.h>
#include <mosaic/page.h>
#include <mosaic/types.h>
#include <mosaic/wait.h>

struct file;
struct page;

/* POSIX: writes of at most this many bytes are never interleaved. */
#define PIPE_BUF 4096
/* Linux's default capacity: 16 pages. */
#define PIPE_DEF_BUFFERS 16
#define PIPE_SIZE (PIPE_DEF_BUFFERS * PAGE_SIZE)

/* One pipe, shared by its open ends; freed when the last one closes. */
struct pipe_inode_info {
	struct mutex mutex;		/* everything below */
	struct wait_queue rd_wait;	/* readers: data, or no writer */
	struct wait_queue wr_wait;	/* writers: room, or no reader */
	struct page *bufs[PIPE_DEF_BUFFERS];	/* allocated on first use */
	u32 head, tail;			/* bytes written / read, mod 2^32 */
	unsigned int readers, writers;	/* open ends of each kind */
	unsigned int r_counter, w_counter;	/* opens so far (FIFO waits) */
	unsigned int files;		/* open files (i_mutex) */
};

/*
 * pipe2(): f[0] the read end, f[1] the write end; flags O_NONBLOCK
 * and O_CLOEXEC (the caller's, for the descriptors), else -EINVAL.
 */
int vfs_pipe(struct file *f[2], int flags);

/* FIONREAD: the bytes a read would get now; -ENOTTY if not a pipe. */
int pipe_fionread(struct file *f, int *count);

/*
 * Called by a write that fails with EPIPE (no reader left), in the
 * writer's thread; the signal code (signal_init()) sets it to raise
 * SIGPIPE. NULL: no signal, the EPIPE alone. Returns the previous hook,
 * for a test to put back.
 */
typedef void (*pipe_sigpipe_hook_t)(void);
pipe_sigpipe_hook_t pipe_set_sigpipe_hook(pipe_sigpipe_hook_t hook);

extern const struct file_operations pipefifo_fops;

#endif /* _MOSAIC_PIPE_H */
