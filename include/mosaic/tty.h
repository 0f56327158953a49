/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tty layer (drivers/tty/tty_io.c, tty_ioctl.c): a terminal device
 * with the N_TTY line discipline, a window size, a foreground process
 * group and a session. Drivers (the UART, the keyboard + screen console)
 * register a struct tty, queue received bytes with tty_queue_input() from
 * their interrupt handler (the tty's task on the system executor feeds
 * them to tty_receive()) and send bytes in ops->write. Readers block on the tty's wait
 * queue; the poll mechanism asks tty_poll_mask(). Documentation/tty.md.
 *
 * Locks: tty->lock (irqsave) protects the line discipline, winsize, pgrp,
 * session and hung_up; it nests outside the driver's write and is never
 * held across a sleep or while waking a queue. tty->input.lock (irqsave,
 * a leaf; the drivers' interrupts take it) protects the input buffer;
 * tty->input.feed_lock (mutex, outside tty->lock) is held while queued
 * bytes go to the discipline. tty_list_lock (mutex) protects the list
 * of ttys.
 */
#ifndef _MOSAIC_TTY_H
#define _MOSAIC_TTY_H

#include <mosaic/executor.h>
#include <mosaic/list.h>
#include <mosaic/mutex.h>
#include <mosaic/n_tty.h>
#include <mosaic/semaphore.h>
#include <mosaic/spinlock.h>
#include <mosaic/types.h>
#include <mosaic/wait.h>
#include <uapi/linux/termios.h>

struct file;
struct file_operations;
struct tty;

struct tty_operations {
	/*
	 * Send bytes (already output-processed) to the device. Called with
	 * tty->lock held and interrupts off, from any context: no sleeping.
	 */
	void (*write)(struct tty *tty, const char *s, size_t len);
	/* optional: the termios changed (line speed, ...); tty->lock held */
	void (*set_termios)(struct tty *tty, const struct termios2 *old);
};

/*
 * Bytes received in interrupts, on their way to the line discipline: a
 * ring the handler copies into, and the task that empties it.
 */
#define TTY_INPUT_SIZE 1024	/* a power of two */

struct tty_input {
	spinlock_t lock;		/* buf, head, tail, dropped */
	struct mutex feed_lock;		/* a chunk taken and not yet fed */
	u8 buf[TTY_INPUT_SIZE];
	unsigned int head, tail;	/* free-running */
	unsigned long dropped;		/* bytes lost to a full ring */
	struct ktask task;		/* on system_executor */
};

struct tty {
	const char *name;		/* "ttyS0", "tty1" */
	u32 major, minor;
	const struct tty_operations *ops;
	void *driver_data;
	spinlock_t lock;
	struct n_tty ldisc;
	struct winsize winsize;
	int pgrp;			/* foreground process group, 0: none */
	int session;			/* controlling session, 0: none */
	bool hung_up;			/* reads return 0, writes -EIO */
	unsigned int pending_signals;	/* bit per signal, sent after unlock */
	u64 last_rx_tick;		/* VMIN/VTIME inter-byte timer */
	unsigned int sleepers;		/* readers that sleep on data_sem */
	struct semaphore data_sem;	/* up()ed on input while sleepers */
	struct wait_queue poll_wait;	/* woken on input and hangup */
	struct tty_input input;		/* tty_queue_input() */
	struct list_head node;		/* tty_list_lock */
};

/*
 * A tty whose device is also a printk console (the UART, the screen)
 * writes under console ownership, so echo never lands inside a console
 * driver's own write. When an interrupt finds the consoles owned (by
 * the context it stopped), the bytes wait here until the next write.
 */
struct tty_console_out {
	char pending[256];
	size_t len;
	unsigned long dropped;		/* pending was full */
};
void tty_console_out(struct tty_console_out *o,
		     void (*emit)(const char *s, size_t len),
		     const char *s, size_t len);

/* Who is asking (the syscall layer fills it from the calling process). */
struct tty_caller {
	int sid;		/* the caller's session */
	int pgrp;		/* the caller's process group */
	bool session_leader;
};

/*
 * Called for ISIG characters and SIGWINCH; thread or interrupt context.
 * The signal code sets it (signal_init()); returns the previous hook,
 * for a test to put back.
 */
typedef void (*tty_signal_hook_t)(struct tty *tty, int sig, int pgrp);
tty_signal_hook_t tty_set_signal_hook(tty_signal_hook_t hook);
/* Send sig to pgrp through the hook (nothing when pgrp <= 0). */
void tty_signal(struct tty *tty, int sig, int pgrp);

/* Set up a tty and list it (tty_find); call once per device. */
void tty_register(struct tty *tty, const char *name, u32 major, u32 minor,
		  const struct tty_operations *ops, void *driver_data);
void tty_unregister(struct tty *tty);
struct tty *tty_find(u32 major, u32 minor);
/* The tty a session controls, or NULL. */
struct tty *tty_find_session(int sid);

/*
 * The input hook: received bytes through the line discipline now. Any
 * context; drivers call tty_queue_input() instead.
 */
void tty_receive(struct tty *tty, const u8 *s, size_t len);
/*
 * What a driver's interrupt handler calls: queue the bytes (a full
 * buffer drops the rest, counted) and wake the tty's task, which feeds
 * them to tty_receive() in thread context. Any context.
 */
void tty_queue_input(struct tty *tty, const u8 *s, size_t len);
/* Drop queued and unread input (TCIFLUSH). Thread context. */
void tty_flush_input(struct tty *tty);
unsigned long tty_input_dropped(struct tty *tty);
/* tty_register() and tty_unregister() start and stop the input task. */
void tty_input_start(struct tty *tty);
void tty_input_stop(struct tty *tty);
/* Kernel reads and writes (kernel pointers); nonblock: -EAGAIN, no sleep. */
ssize_t tty_read(struct tty *tty, void *buf, size_t len, bool nonblock);
ssize_t tty_write(struct tty *tty, const void *buf, size_t len);
/* ioctl with a kernel pointer @arg; -ENOTTY for an unknown command. */
int tty_ioctl(struct tty *tty, const struct tty_caller *who,
	      unsigned int cmd, void *arg);
/* POLLIN|POLLRDNORM, POLLOUT|POLLWRNORM, POLLHUP as they hold now. */
unsigned int tty_poll_mask(struct tty *tty);
/* Someone waits for input now: a reader asleep in read, or a poller. */
bool tty_has_waiting_reader(struct tty *tty);
/* Line gone: readers wake and see EOF, writers get -EIO; SIGHUP to pgrp. */
void tty_hangup(struct tty *tty);
/* Undo a hangup (a test, or a device that came back). */
void tty_reset(struct tty *tty);
void tty_get_termios(struct tty *tty, struct termios2 *t);
/* The Bnnn code of a speed, BOTHER when it has none. */
tcflag_t tty_baud_code(speed_t speed);
void tty_set_termios(struct tty *tty, const struct termios2 *t);

/* Device numbers (Linux's): /dev/tty 5,0, /dev/console 5,1, tty1 4,1, ttyS0 4,64. */
#define TTY_MAJOR 4
#define TTYAUX_MAJOR 5
#define TTY_CURRENT_MINOR 0
#define TTY_CONSOLE_MINOR 1
#define TTYS_MINOR_BASE 64

/*
 * Files: open finds the tty by i_rdev (5,0 the caller's controlling
 * tty, 5,1 the boot console), read/write/release as usual; ioctl is a
 * separate entry because file_operations has none yet.
 */
extern const struct file_operations tty_fops;
long tty_file_ioctl(struct file *file, const struct tty_caller *who,
		    unsigned int cmd, void *arg);
/* For /dev/tty: the calling process's session (processes set it). */
void tty_set_session_hook(int (*current_sid)(void));
/*
 * The device registry's entry: call @add for console, tty, ttyS0 and
 * tty1 (whichever exist) with their numbers. Returns 0 or add's error.
 */
int tty_register_devices(int (*add)(const char *name, u32 major, u32 minor,
				    const struct file_operations *fops));

/* The boot console tty (/dev/console): console= or the first console. */
struct tty *tty_console(void);
/* The drivers' ttys, NULL when absent; their part of tty_init(). */
#ifdef CONFIG_SERIAL_CONSOLE
struct tty *serial_tty(void);
void serial_tty_init(void);
#else
static inline struct tty *serial_tty(void) { return NULL; }
static inline void serial_tty_init(void) { }
#endif
struct tty *vt_tty(void);
void vt_init(void);
/* Bring up ttyS0 (IRQ 4) and tty1 (keyboard + screen), then /dev/console. */
void tty_init(void);

#endif /* _MOSAIC_TTY_H */
