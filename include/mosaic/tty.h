/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tty layer (drivers/tty/tty_io.c, tty_ioctl.c): a terminal device
 * with the N_TTY line discipline, a window size, a foreground process
 * group and a session. Drivers (the UART, the keyboard + screen console)
 * register a struct tty, feed received bytes to tty_receive() (any
 * context) and send bytes in ops->write. Readers block on the tty's wait
 * queue; the poll mechanism asks tty_poll_mask(). Documentation/tty.md.
 *
 * Locks: tty->lock (irqsave; the driver's interrupt takes it) protects
 * the line discipline, winsize, pgrp, session and hung_up; it nests
 * outside the driver's write and is never held across a sleep or while
 * waking a queue. tty_list_lock (mutex) protects the list of ttys.
 */
#ifndef _MOSAIC_TTY_H
#define _MOSAIC_TTY_H

#include <mosaic/list.h>
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

/* The input hook: received bytes through the line discipline. Any context. */
void tty_receive(struct tty *tty, const u8 *s, size_t len);
/* Kernel reads and writes (kernel pointers); nonblock: -EAGAIN, no sleep. */
ssize_t tty_read(struct tty *tty, void *buf, size_t len, bool nonblock);
ssize_t tty_write(struct tty *tty, const void *buf, size_t len);
/* ioctl with a kernel pointer @arg; -ENOTTY for an unknown command. */
int tty_ioctl(struct tty *tty, const struct tty_caller *who,
	      unsigned int cmd, void *arg);
/* POLLIN|POLLRDNORM, POLLOUT|POLLWRNORM, POLLHUP as they hold now. */
unsigned int tty_poll_mask(struct tty *tty);
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
