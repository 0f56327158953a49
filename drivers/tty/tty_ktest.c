// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `tty`: a tty with a capturing driver, fed keys through
 * the input hook (tty_receive, what the drivers' input task calls) and read
 * with tty_read: line editing, EOF, the ^C hook, VMIN/VTIME, input and
 * output translation, echo, ioctls, a reader thread that sleeps until
 * a line arrives, the input buffer drivers queue into from their
 * interrupts (fed by the tty's task on the system executor), and the
 * real UART's and keyboard's interrupt-driven receive (the qemu runner
 * types the bytes a `# serial-feed:` line asks for, and presses the keys
 * of a `# key-feed:` line).
 */
#include <mosaic/errno.h>
#include <mosaic/keyboard.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <uapi/linux/poll.h>
#include <uapi/linux/signal.h>

static struct tty tt;
static char out[1024];
static size_t out_len;

static void cap_write(struct tty *tty, const char *s, size_t len)
{
	if (out_len + len < sizeof(out)) {
		memcpy(out + out_len, s, len);
		out_len += len;
		out[out_len] = '\0';
	}
}

static const struct tty_operations cap_ops = { .write = cap_write };

static void setup(void)
{
	tty_register(&tt, "ttytest", 0, 0, &cap_ops, NULL);
	out_len = 0;
	out[0] = '\0';
}

static void teardown(void)
{
	tty_unregister(&tt);
}

static void feed(const char *s)
{
	tty_receive(&tt, (const u8 *)s, strlen(s));
}

/* A non-blocking read as a string; "<EAGAIN>" when nothing is there. */
static const char *rd(size_t len)
{
	static char buf[256];
	ssize_t n = tty_read(&tt, buf, len < sizeof(buf) ? len : sizeof(buf) - 1,
			     true);

	if (n == -EAGAIN)
		return "<EAGAIN>";
	if (n < 0)
		return "<error>";
	buf[n] = '\0';
	return buf;
}

static void set_raw(cc_t vmin, cc_t vtime)
{
	struct termios2 t;

	tty_get_termios(&tt, &t);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	tty_set_termios(&tt, &t);
}

static void test_line_editing(struct ktest *t)
{
	setup();
	feed("helo\x7fp\r");
	KT_EXPECT_STREQ(t, rd(100), "help\n");
	feed("foo bar\x17" "baz\n");
	KT_EXPECT_STREQ(t, rd(100), "foo baz\n");
	feed("junk\x15" "ok\n");
	KT_EXPECT_STREQ(t, rd(100), "ok\n");
	KT_EXPECT_STREQ(t, rd(100), "<EAGAIN>");
	KT_EXPECT_STREQ(t, out, "helo\b \bp\r\nfoo bar\b \b\b \b\b \bbaz\r\n"
				"junk\b \b\b \b\b \b\b \bok\r\n");
	teardown();
}

static void test_eof(struct ktest *t)
{
	setup();
	feed("\x04");
	KT_EXPECT_STREQ(t, rd(100), "");	/* ^D at line start: EOF */
	feed("mid\x04");
	KT_EXPECT_STREQ(t, rd(100), "mid");	/* mid-line: pushes the line */
	KT_EXPECT_STREQ(t, rd(100), "<EAGAIN>");
	teardown();
}

static int hook_sig, hook_pgrp, hook_calls;

static void hook(struct tty *tty, int sig, int pgrp)
{
	if (tty != &tt)
		return;
	hook_sig = sig;
	hook_pgrp = pgrp;
	hook_calls++;
}

static void test_intr_hook(struct ktest *t)
{
	struct tty_caller leader = { .sid = 77, .pgrp = 78,
				     .session_leader = true };
	tty_signal_hook_t old;
	int pg = 0;

	setup();
	hook_calls = 0;
	old = tty_set_signal_hook(hook);
	feed("\x03");
	KT_EXPECT_EQ(t, hook_calls, 0);	/* no foreground group: no signal */
	KT_ASSERT(t, tty_ioctl(&tt, &leader, TIOCSCTTY, NULL) == 0);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, &leader, TIOCGPGRP, &pg), 0);
	KT_EXPECT_EQ(t, pg, 78);
	feed("typed\x03");
	KT_EXPECT_EQ(t, hook_calls, 1);
	KT_EXPECT_EQ(t, hook_sig, SIGINT);
	KT_EXPECT_EQ(t, hook_pgrp, 78);
	KT_EXPECT(t, strstr(out, "typed^C"));	/* ECHOCTL */
	feed("\n");
	KT_EXPECT_STREQ(t, rd(100), "\n");	/* "typed" was flushed */
	feed("\x1c");
	KT_EXPECT_EQ(t, hook_sig, SIGQUIT);
	feed("\x1a");
	KT_EXPECT_EQ(t, hook_sig, SIGTSTP);
	KT_EXPECT_EQ(t, hook_calls, 3);
	tty_set_signal_hook(old);	/* the signal code's */
	teardown();
}

/*
 * A blocking read that must take the VTIME of ms: at least its ticks
 * (the clock VTIME counts in; under a loaded TCG host, QEMU may deliver
 * late ticks in a burst), at most 5 s of uptime.
 */
static ssize_t timed_read(struct ktest *t, unsigned int ms)
{
	u64 t0 = timer_ticks(), m0 = uptime_ms(), dt, dm;
	ssize_t n = tty_read(&tt, out, 10, false);

	dt = timer_ticks() - t0;
	dm = uptime_ms() - m0;
	if (dt < ms_to_ticks(ms) || dm >= 5000)
		ktest_log(t, "VTIME %u ms: %llu ticks, %llu ms", ms,
			  (unsigned long long)dt, (unsigned long long)dm);
	KT_EXPECT(t, dt >= ms_to_ticks(ms));
	KT_EXPECT(t, dm < 5000);
	return n;
}

static void test_raw_vmin_vtime(struct ktest *t)
{
	setup();
	set_raw(0, 0);			/* polling read: returns at once */
	KT_EXPECT_EQ(t, tty_read(&tt, out, 10, false), 0);
	feed("ab");
	KT_EXPECT_EQ(t, tty_read(&tt, out, 10, false), 2);

	set_raw(0, 2);			/* read timer: 0.2 s for one byte */
	KT_EXPECT_EQ(t, timed_read(t, 200), 0);

	set_raw(3, 0);			/* MIN bytes, no timer */
	feed("xyz!");
	KT_EXPECT_EQ(t, tty_read(&tt, out, 10, false), 4);

	set_raw(4, 1);			/* inter-byte timer: 0.1 s */
	feed("q");
	KT_EXPECT_EQ(t, timed_read(t, 100), 1);
	KT_EXPECT_EQ(t, out[0], 'q');
	/* Raw input is not edited or translated by ICANON. */
	set_raw(1, 0);
	feed("\x7f\x15");
	KT_EXPECT_STREQ(t, rd(10), "\x7f\x15");
	KT_EXPECT_STREQ(t, rd(10), "<EAGAIN>");
	teardown();
}

static void test_translation_and_echoctl(struct ktest *t)
{
	struct termios2 tio;

	setup();
	feed("a\rb\x01\n");
	KT_EXPECT_STREQ(t, rd(100), "a\n");		/* ICRNL */
	KT_EXPECT_STREQ(t, rd(100), "b\x01\n");
	KT_EXPECT_STREQ(t, out, "a\r\nb^A\r\n");	/* ONLCR, ECHOCTL */
	out_len = 0;
	KT_EXPECT_EQ(t, tty_write(&tt, "x\ny\n", 4), 4);
	KT_EXPECT_STREQ(t, out, "x\r\ny\r\n");
	tty_get_termios(&tt, &tio);
	tio.c_oflag &= ~OPOST;
	tio.c_iflag &= ~ICRNL;
	tty_set_termios(&tt, &tio);
	out_len = 0;
	tty_write(&tt, "x\n", 2);
	KT_EXPECT_STREQ(t, out, "x\n");
	feed("c\r\n");
	KT_EXPECT_STREQ(t, rd(100), "c\r\n");
	teardown();
}

static void test_ioctls(struct ktest *t)
{
	struct tty_caller other = { .sid = 5, .pgrp = 5 };
	struct winsize ws = { .ws_row = 40, .ws_col = 100 }, got;
	struct termios tio;
	int n = -1;

	setup();
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, TCGETS, &tio), 0);
	KT_EXPECT(t, tio.c_lflag & ICANON);
	tio.c_lflag &= ~ECHO;
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, TCSETSF, &tio), 0);
	feed("quiet\n");
	KT_EXPECT_EQ(t, out_len, 0);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, FIONREAD, &n), 0);
	KT_EXPECT_EQ(t, n, 6);
	KT_EXPECT(t, tty_poll_mask(&tt) & POLLIN);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, TCFLSH, (void *)TCIFLUSH), 0);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, FIONREAD, &n), 0);
	KT_EXPECT_EQ(t, n, 0);
	KT_EXPECT_EQ(t, tty_poll_mask(&tt), POLLOUT | POLLWRNORM);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, TCFLSH, (void *)7), -EINVAL);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, TIOCSWINSZ, &ws), 0);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, TIOCGWINSZ, &got), 0);
	KT_EXPECT_EQ(t, got.ws_col, 100);
	KT_EXPECT_EQ(t, got.ws_row, 40);
	/* Not the caller's controlling tty; not a session leader. */
	KT_EXPECT_EQ(t, tty_ioctl(&tt, &other, TIOCGPGRP, &n), -ENOTTY);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, &other, TIOCSCTTY, NULL), -EPERM);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, 0x5499, NULL), -ENOTTY);
	tty_hangup(&tt);
	KT_EXPECT(t, tty_poll_mask(&tt) & POLLHUP);
	KT_EXPECT_STREQ(t, rd(10), "");
	KT_EXPECT_EQ(t, tty_write(&tt, "x", 1), -EIO);
	teardown();
}

static volatile int reader_done;
static char reader_buf[64];

static int reader(void *arg)
{
	ssize_t n = tty_read(&tt, reader_buf, sizeof(reader_buf) - 1, false);

	if (n >= 0)
		reader_buf[n] = '\0';
	WRITE_ONCE(reader_done, 1);
	return (int)n;
}

/* Wait up to ms for the reader; false on timeout. */
static bool wait_reader(unsigned int ms)
{
	u64 end = uptime_ms() + ms;

	while (!READ_ONCE(reader_done) && uptime_ms() < end)
		sleep_ms(5);
	return READ_ONCE(reader_done);
}

/* A reader thread on the test tty, asleep in tty_read() after ms. */
static struct thread *start_reader(struct ktest *t, unsigned int ms)
{
	struct thread *th;

	setup();
	reader_done = 0;
	th = thread_create(reader, NULL, "tty-reader");
	if (!th) {
		KT_EXPECT(t, th);
		teardown();
		return NULL;
	}
	KT_EXPECT(t, !wait_reader(ms));	/* asleep: nothing to read */
	return th;
}

static void test_reader_blocks_until_line(struct ktest *t)
{
	struct thread *th = start_reader(t, 100);
	int status = -1;

	if (!th)
		return;
	feed("part");
	KT_EXPECT(t, !wait_reader(50));		/* half a line wakes nobody */
	feed("ial\n");
	KT_EXPECT(t, wait_reader(2000));
	if (!READ_ONCE(reader_done))
		tty_hangup(&tt);		/* never leave it asleep */
	KT_EXPECT_EQ(t, thread_join(th, &status), 0);
	KT_EXPECT_EQ(t, status, 8);
	KT_EXPECT_STREQ(t, reader_buf, "partial\n");
	teardown();
}

static void test_reader_wakes_on_hangup(struct ktest *t)
{
	struct thread *th = start_reader(t, 50);
	int status = -1;

	if (!th)
		return;
	tty_hangup(&tt);
	KT_EXPECT(t, wait_reader(2000));
	KT_EXPECT_EQ(t, thread_join(th, &status), 0);
	KT_EXPECT_EQ(t, status, 0);		/* EOF */
	teardown();
}

/* Sleep a tick at a time until the tty's task has polled past @polls. */
static bool wait_fed(struct tty *tty, u64 polls)
{
	u64 end = timer_ticks() + 200;

	while (READ_ONCE(tty->input.task.polls) <= polls && timer_ticks() < end)
		sleep_ticks(1);
	return READ_ONCE(tty->input.task.polls) > polls;
}

/*
 * What the drivers' interrupt handlers do: queued bytes reach the line
 * discipline only when the tty's task runs, all of them in one poll
 * however many queueings came first; a full buffer drops and counts the
 * excess; TCIFLUSH leaves nothing queued before it to read.
 */
static void test_queued_input_fed_by_task(struct ktest *t)
{
	static char flood[TTY_INPUT_SIZE + 100];
	int avail = -1;
	u64 polls;

	setup();
	preempt_disable();	/* as in an interrupt: the task cannot run */
	polls = tt.input.task.polls;
	tty_queue_input(&tt, (const u8 *)"ab", 2);
	tty_queue_input(&tt, (const u8 *)"c\n", 2);
	KT_EXPECT_STREQ(t, rd(100), "<EAGAIN>");
	preempt_enable();
	KT_EXPECT(t, wait_fed(&tt, polls));
	KT_EXPECT_STREQ(t, rd(100), "abc\n");
	sleep_ticks(2);
	KT_EXPECT_EQ(t, tt.input.task.polls, polls + 1);

	set_raw(0, 0);
	memset(flood, 'x', sizeof(flood));
	preempt_disable();
	polls = tt.input.task.polls;
	tty_queue_input(&tt, (const u8 *)flood, sizeof(flood));
	preempt_enable();
	KT_EXPECT(t, wait_fed(&tt, polls));
	sleep_ticks(2);		/* a flood is fed over several polls */
	KT_EXPECT_EQ(t, tty_input_dropped(&tt), 100);
	KT_EXPECT_EQ(t, n_tty_inq(&tt.ldisc), TTY_INPUT_SIZE);

	tty_ioctl(&tt, NULL, TCFLSH, (void *)TCIFLUSH);
	preempt_disable();
	tty_queue_input(&tt, (const u8 *)"zz", 2);
	preempt_enable();
	tty_ioctl(&tt, NULL, TCFLSH, (void *)TCIFLUSH);
	sleep_ticks(2);
	KT_EXPECT_EQ(t, tty_ioctl(&tt, NULL, FIONREAD, &avail), 0);
	KT_EXPECT_EQ(t, avail, 0);
	teardown();
}

/*
 * Ask the runner for input with @feed (a `# serial-feed:` or `# key-feed:`
 * line) and read @len bytes from @tty in raw mode, echo off (KTAP shares
 * the line). The read spins with yields rather than sleeps: under
 * -icount an idle guest's clock would run out the wait before the runner
 * has typed. Returns the bytes read, NUL-terminated in @got.
 */
static size_t read_fed_input(struct ktest *t, struct tty *tty,
			     const char *feed, char *got, size_t len)
{
	struct termios2 saved, raw;
	size_t n = 0;
	u64 end;

	tty_get_termios(tty, &saved);
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG);
	raw.c_iflag &= ~ICRNL;
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	tty_set_termios(tty, &raw);
	tty_ioctl(tty, NULL, TCFLSH, (void *)TCIFLUSH);
	ktest_log(t, "%s", feed);
	end = uptime_ms() + 20000;
	while (n < len && uptime_ms() < end) {
		ssize_t r = tty_read(tty, got + n, len - n, true);

		if (r > 0)
			n += (size_t)r;
		else
			yield();
	}
	tty_set_termios(tty, &saved);
	got[n] = '\0';
	return n;
}

/*
 * The keyboard's IRQ 1 path: the runner presses keys on the PS/2
 * keyboard; tty1 gets the bytes a Linux console sends for them, raw.
 */
static void test_keyboard_receive(struct ktest *t)
{
	static const char want[] = "Kb\x7f\r\x1b[A";
	struct tty *vt = vt_tty();
	char got[16];
	size_t n;

	if (!vt || !kbd_present()) {
		ktest_skip(t, "no PS/2 keyboard and screen tty");
		return;
	}
	n = read_fed_input(t, vt, "key-feed: shift-k b backspace ret up", got,
			   sizeof(want) - 1);
	KT_EXPECT_EQ(t, n, sizeof(want) - 1);
	KT_EXPECT_STREQ(t, got, want);
}

/* The UART's IRQ 4 path: the runner types bytes into COM1. */
static void test_serial_receive(struct ktest *t)
{
	static const char want[] = "tty\x7fok\r";
	struct tty *s = serial_tty();
	char got[16];
	size_t n;

	if (!s) {
		ktest_skip(t, "no UART");
		return;
	}
	n = read_fed_input(t, s, "serial-feed: 747479 7f 6f6b 0d", got,
			   sizeof(want) - 1);
	KT_EXPECT_EQ(t, n, sizeof(want) - 1);
	KT_EXPECT_STREQ(t, got, want);
	KT_EXPECT(t, irq_count(4) > 0);
}

/* termios speeds: codes and termios2 speeds agree; ttyS0 refuses what
 * its clock cannot divide to and keeps its speed. */
static void test_speeds(struct ktest *t)
{
	struct tty *s = serial_tty();
	struct termios2 t2, saved;
	struct termios t1;

	KT_EXPECT_EQ(t, tty_baud_code(9600), B9600);
	KT_EXPECT_EQ(t, tty_baud_code(115200), B115200);
	KT_EXPECT_EQ(t, tty_baud_code(12345), BOTHER);
	if (!s) {
		ktest_skip(t, "no UART");
		return;
	}
	tty_get_termios(s, &saved);
	KT_EXPECT_EQ(t, saved.c_ospeed, CONFIG_SERIAL_BAUD);
	KT_EXPECT_EQ(t, saved.c_cflag & CBAUD, tty_baud_code(CONFIG_SERIAL_BAUD));
	t2 = saved;
	t2.c_cflag = (t2.c_cflag & ~CBAUD) | BOTHER;
	t2.c_ospeed = 12345;
	KT_EXPECT_EQ(t, tty_ioctl(s, NULL, TCSETS2, &t2), 0);
	KT_EXPECT_EQ(t, tty_ioctl(s, NULL, TCGETS2, &t2), 0);
	KT_EXPECT_EQ(t, t2.c_ospeed, saved.c_ospeed);
	KT_EXPECT_EQ(t, t2.c_cflag & CBAUD, saved.c_cflag & CBAUD);
	/* A TCSETS of the same speed by code keeps the line as it is. */
	KT_EXPECT_EQ(t, tty_ioctl(s, NULL, TCGETS, &t1), 0);
	KT_EXPECT_EQ(t, tty_ioctl(s, NULL, TCSETS, &t1), 0);
	KT_EXPECT_EQ(t, tty_ioctl(s, NULL, TCGETS2, &t2), 0);
	KT_EXPECT_EQ(t, t2.c_ospeed, saved.c_ospeed);
	KT_EXPECT_EQ(t, t2.c_ispeed, saved.c_ospeed);
	/* A divisible speed by code: the divisor changes, termios says so. */
	t1.c_cflag = (t1.c_cflag & ~CBAUD) | B57600;
	KT_EXPECT_EQ(t, tty_ioctl(s, NULL, TCSETS, &t1), 0);
	tty_get_termios(s, &t2);
	tty_set_termios(s, &saved);	/* back before anything is printed */
	KT_EXPECT_EQ(t, t2.c_ospeed, 57600);
	KT_EXPECT_EQ(t, t2.c_ispeed, 57600);
}

static struct ktest_case tty_cases[] = {
	KTEST_CASE(test_line_editing),
	KTEST_CASE(test_eof),
	KTEST_CASE(test_intr_hook),
	KTEST_CASE(test_raw_vmin_vtime),
	KTEST_CASE(test_translation_and_echoctl),
	KTEST_CASE(test_ioctls),
	KTEST_CASE(test_reader_blocks_until_line),
	KTEST_CASE(test_reader_wakes_on_hangup),
	KTEST_CASE(test_queued_input_fed_by_task),
	KTEST_CASE(test_serial_receive),
	KTEST_CASE(test_keyboard_receive),
	KTEST_CASE(test_speeds),
	{},
};
KTEST_SUITE(tty, tty_cases);
