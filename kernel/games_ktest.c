// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `games`: snake and flappy (user/games/) played by script as
 * user processes on a tty, as a user at the terminal would play them:
 * the runs of user/games/expected.h, the table tools/games holds Linux
 * to, so both systems must agree.
 *
 * - On the serial console (ttyS0): the game's output goes out of the
 *   UART as usual and through a tap on the tty's driver into a screen
 *   model (the kernel's ANSI parser), where the game-over frame is
 *   compared with the table, texts and colours.
 * - On the screen (tty1, VGA text or the framebuffer console): the
 *   console's own screen model is compared, and QEMU's screendump is
 *   read back by the runner (scripts/qemu-run, screencheck.py).
 *
 * In both the test then types `q` through the tty's input path (the
 * executor's task), and checks the exit status, the end line, the score
 * file in /tmp, and that the terminal's modes are as before the game.
 * On demand (ktest=games): it needs the programs, and the screen cases
 * need the runner at the other end of COM1. Deterministic under -icount.
 */
#include <mosaic/ansi.h>
#include <mosaic/console.h>
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_screen.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/serial.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/tty.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>
#include <mosaic/vga.h>
#include <mosaic/vsprintf.h>
#include <uapi/linux/signal.h>

#include "../user/games/expected.h"

/*
 * A scripted run takes a few seconds of guest time (the serial line is
 * the slow part); this is plenty, and within the runner's time limit.
 */
#define GAME_WAIT_TICKS (30 * CONFIG_HZ)
#define TAP_COLS 80
#define TAP_ROWS 25

/* The game process: /bin/<name> with the tty as fds 0-2. */
struct game_proc {
	const struct game_run *run;
	const char *tty_path;
	bool ctty;		/* the tty controls its session, as a shell's */
};

static int stdio_on(const char *path)
{
	struct fdtable *files = current_process()->files;
	struct file *f = vfs_open(vfs_kernel_fs(), NULL, path, O_RDWR, 0);
	int fd, err = 0;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	for (fd = 0; fd < 3; fd++)
		fd_close(files, fd);
	for (fd = 0; fd < 3 && !err; fd++)
		if (fd_install(files, get_file(f), 0) != fd)
			err = -EBADF;
	fput(f);
	return err;
}

/*
 * TIOCSCTTY for the new session: the tty's foreground group becomes
 * the game's, so the tty's ^C is SIGINT to the game, as under a shell.
 */
static int control_tty(const char *path)
{
	struct process *p = current_process();
	struct tty_caller who;
	struct file *f = vfs_open(vfs_kernel_fs(), NULL, path, O_RDWR, 0);
	unsigned long flags;
	long err;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	flags = spin_lock_irqsave(&process_lock);
	who.sid = p->sid;
	who.pgrp = p->pgid;
	who.session_leader = p->sid == p->pid;
	spin_unlock_irqrestore(&process_lock, flags);
	err = tty_file_ioctl(f, &who, TIOCSCTTY, NULL);
	fput(f);
	return (int)err;
}

static int game_fn(void *arg)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const struct game_proc *gp = arg;
	const char *argv[GAME_RUN_ARGS + 2];
	char path[32];
	int i, err = process_attach_kernel_thread();

	if (!err)
		err = stdio_on(gp->tty_path);
	if (!err && gp->ctty)
		err = control_tty(gp->tty_path);
	if (err)
		return err;
	snprintf(path, sizeof(path), "/bin/%s", gp->run->name);
	argv[0] = path;
	for (i = 0; gp->run->argv[i]; i++)
		argv[i + 1] = gp->run->argv[i];
	argv[i + 1] = NULL;
	return kernel_execve(path, argv, envp);
}

static void score_path(const struct game_run *r, char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/%s.score", r->name);
}

/* Does row @y of @s hold @needle? */
static bool row_has(const struct vga_screen *s, unsigned int y,
		    const char *needle)
{
	char text[TAP_COLS + 1];
	unsigned int x, n = MIN(s->cols, (unsigned int)TAP_COLS);

	for (x = 0; x < n; x++)
		text[x] = (char)(s->cells[y * s->cols + x] & 0xff);
	text[n] = '\0';
	return strstr(text, needle) != NULL;
}

static bool screen_has(const struct vga_screen *s, const char *needle)
{
	unsigned int y;

	for (y = 0; y < s->rows; y++)
		if (row_has(s, y, needle))
			return true;
	return false;
}

/* A game in progress on @tty, its modes and window size saved. */
struct game_session {
	const struct game_run *run;
	struct tty *tty;
	struct game_proc proc;
	struct thread *thread;
	u64 start_ns;
	struct termios2 modes;
	struct winsize winsize;
	int session, pgrp;	/* the tty's, given back after */
};

/*
 * Run @r's score line is on the screen, and with @game_over the
 * game-over box too.
 */
static bool frame_shown(const struct vga_screen *s, const struct game_run *r,
			bool game_over)
{
	return (!game_over || screen_has(s, "GAME OVER")) &&
	       screen_has(s, r->texts[0].text);
}

/*
 * The game waits (for a key, or for its next frame's time), so the frame
 * it drew last is all written: the start of a frame on the screen is
 * not the frame.
 */
static bool game_waits(const struct game_session *gs)
{
	enum thread_state st = READ_ONCE(gs->thread->state);

	return st == THREAD_BLOCKED || st == THREAD_SLEEPING;
}

/*
 * Sleep a tick at a time until @s shows the frame (frame_shown()) and
 * the game waits; false on timeout or when the game has exited. *@ms:
 * how long it took.
 */
static bool wait_for_frame(struct ktest *t, const struct game_session *gs,
			   const struct vga_screen *s, bool game_over, u64 *ms)
{
	u64 end = timer_ticks() + GAME_WAIT_TICKS;

	/* A game that gave up (exited) shows nothing more. */
	while (!(frame_shown(s, gs->run, game_over) && game_waits(gs)) &&
	       timer_ticks() < end &&
	       READ_ONCE(gs->thread->state) != THREAD_ZOMBIE)
		sleep_ticks(1);
	*ms = (ktime_get_ns() - gs->start_ns) / 1000000;
	if (!frame_shown(s, gs->run, game_over)) {
		ktest_fail_at(t, __FILE__, __LINE__,
			      "%s: no %s frame after %llu ms", gs->run->name,
			      game_over ? "game-over" : "first",
			      (unsigned long long)*ms);
		return false;
	}
	return true;
}

/* The game-over frame came no sooner than the script's frames allow. */
static void expect_timed(struct ktest *t, const struct game_run *r, u64 ms)
{
	ktest_log(t, "%s: game over after %llu ms (at least %lu)", r->name,
		  (unsigned long long)ms, game_run_min_ms(r));
	KT_EXPECT(t, ms >= game_run_min_ms(r));
}

/* Every text of the run is in @s at its place, in its colours. */
static void expect_texts(struct ktest *t, const struct game_run *r,
			 const struct vga_screen *s)
{
	const struct game_text *gt;

	for (gt = r->texts; gt->text; gt++) {
		size_t i, n = strlen(gt->text);
		u8 attr = vga_attr(gt->fg, gt->bg);

		for (i = 0; i < n; i++) {
			u16 c = s->cells[gt->row * s->cols + gt->col + i];

			if ((char)(c & 0xff) == gt->text[i] && c >> 8 == attr)
				continue;
			ktest_fail_at(t, __FILE__, __LINE__,
				      "%s: row %u col %zu: '%c' attr %#x, expected '%c' attr %#x",
				      r->name, gt->row, gt->col + i,
				      (char)(c & 0xff), c >> 8, gt->text[i],
				      attr);
			break;
		}
	}
}


static bool start_game(struct ktest *t, struct game_session *gs,
		       const struct game_run *r, struct tty *tty,
		       const char *tty_path, bool ctty)
{
	struct winsize ws = { .ws_row = (unsigned short)r->rows,
			      .ws_col = (unsigned short)r->cols };
	unsigned long flags;
	char path[32];

	gs->run = r;
	gs->tty = tty;
	vfs_mkdir(vfs_kernel_fs(), NULL, "/tmp", 01777);
	score_path(r, path, sizeof(path));
	vfs_unlink(vfs_kernel_fs(), NULL, path);
	tty_get_termios(tty, &gs->modes);
	tty_ioctl(tty, NULL, TIOCGWINSZ, &gs->winsize);
	/* The table's window size: the game must take it from the tty. */
	tty_ioctl(tty, NULL, TIOCSWINSZ, &ws);
	tty_flush_input(tty);
	flags = spin_lock_irqsave(&tty->lock);
	gs->session = tty->session;
	gs->pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	gs->proc = (struct game_proc){ r, tty_path, ctty };
	gs->start_ns = ktime_get_ns();
	gs->thread = thread_create(game_fn, &gs->proc, r->name);
	if (!gs->thread) {
		tty_ioctl(tty, NULL, TIOCSWINSZ, &gs->winsize);
		ktest_fail_at(t, __FILE__, __LINE__, "no thread for %s",
			      r->name);
		return false;
	}
	return true;
}

/* Has the game's process exited, within @ticks? */
static bool game_exited(const struct game_session *gs, u64 ticks)
{
	u64 end = timer_ticks() + ticks;

	while (READ_ONCE(gs->thread->state) != THREAD_ZOMBIE &&
	       timer_ticks() < end)
		sleep_ticks(1);
	return READ_ONCE(gs->thread->state) == THREAD_ZOMBIE;
}

/*
 * Type @key as the keyboard or the UART would (the tty's input buffer
 * and task), wait for the game to exit with @code, and check what it
 * left behind.
 */
static void quit_game(struct ktest *t, struct game_session *gs, char key,
		      int code)
{
	const struct game_run *r = gs->run;
	char path[32], file[32], want[32];
	struct termios2 after;
	unsigned long flags;
	int status = -1;

	/* Only to a game still there: a key nobody reads would stay queued. */
	if (!game_exited(gs, 0))
		tty_queue_input(gs->tty, (const u8 *)&key, 1);
	if (!game_exited(gs, GAME_WAIT_TICKS)) {
		ktest_fail_at(t, __FILE__, __LINE__,
			      "%s: still running after key %#x", r->name, key);
		tty_queue_input(gs->tty, (const u8 *)"q", 1);
	}
	KT_EXPECT_EQ(t, thread_join(gs->thread, &status), 0);
	KT_EXPECT_EQ(t, status, W_EXITCODE(code));
	flags = spin_lock_irqsave(&gs->tty->lock);
	gs->tty->session = gs->session;	/* the game's session is gone */
	gs->tty->pgrp = gs->pgrp;
	spin_unlock_irqrestore(&gs->tty->lock, flags);
	tty_get_termios(gs->tty, &after);
	KT_EXPECT_EQ(t, after.c_lflag, gs->modes.c_lflag);
	KT_EXPECT_EQ(t, after.c_iflag, gs->modes.c_iflag);
	KT_EXPECT_EQ(t, after.c_oflag, gs->modes.c_oflag);
	KT_EXPECT_EQ(t, after.c_cc[VMIN], gs->modes.c_cc[VMIN]);
	tty_ioctl(gs->tty, NULL, TIOCSWINSZ, &gs->winsize);
	score_path(r, path, sizeof(path));
	kernel_read_small_file(path, file, sizeof(file));
	snprintf(want, sizeof(want), "%d\n", r->score);
	KT_EXPECT_STREQ(t, file, r->score ? want : "");
	vfs_unlink(vfs_kernel_fs(), NULL, path);
}

/*
 * The serial console: a tap on ttyS0's driver feeds what the game
 * writes to a screen model as well as to the UART.
 */
static u16 tap_cells[TAP_COLS * TAP_ROWS];
static struct vga_screen tap_screen;
static struct ansi_parser tap_parser;
static const struct tty_operations *tapped_ops;
static struct tty_operations tap_ops;

/* tty->lock held, interrupts off, as the driver's write always is. */
static void tap_write(struct tty *tty, const char *s, size_t len)
{
	ansi_write(&tap_parser, &tap_screen, s, len);
	tapped_ops->write(tty, s, len);
}

static void tap_tty(struct tty *tty, const struct game_run *r)
{
	unsigned long flags;

	vga_screen_init(&tap_screen, tap_cells, r->cols, r->rows,
			vga_attr(COLOR_LIGHT_GREY, COLOR_BLACK));
	vga_screen_clear(&tap_screen);
	ansi_init(&tap_parser);
	flags = spin_lock_irqsave(&tty->lock);
	tapped_ops = tty->ops;
	tap_ops = *tty->ops;
	tap_ops.write = tap_write;
	tty->ops = &tap_ops;
	spin_unlock_irqrestore(&tty->lock, flags);
}

static void untap_tty(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	tty->ops = tapped_ops;
	spin_unlock_irqrestore(&tty->lock, flags);
}

/*
 * Play @r on ttyS0 to its game-over frame and quit with q; or, with
 * @ctrl_c, from its first frame press Ctrl-C, which must reach the game
 * as SIGINT (the tty controls the game's session, the game's group is
 * in the foreground) and end it with 128 + 2, the terminal given back.
 */
static void play_on_serial(struct ktest *t, const struct game_run *r,
			   bool ctrl_c)
{
	struct tty *s = serial_tty();
	struct game_session gs;
	u64 ms;

	if (!s) {
		ktest_skip(t, "no UART");
		return;
	}
	KT_ASSERT(t, r->cols <= TAP_COLS && r->rows <= TAP_ROWS);
	tap_tty(s, r);
	if (!start_game(t, &gs, r, s, "/dev/ttyS0", ctrl_c)) {
		untap_tty(s);
		return;
	}
	if (wait_for_frame(t, &gs, &tap_screen, !ctrl_c, &ms) && !ctrl_c) {
		expect_timed(t, r, ms);
		expect_texts(t, r, &tap_screen);
	}
	if (ctrl_c)
		quit_game(t, &gs, '\003', 128 + SIGINT);
	else
		quit_game(t, &gs, 'q', 0);
	untap_tty(s);
	/* The game's last line; then KTAP goes on at the start of a line. */
	KT_EXPECT(t, screen_has(&tap_screen, r->summary));
	serial_write("\n", 1);
}

/*
 * The screen: the console's model must hold the frame, and QEMU's
 * screendump must read back as the table says.
 */
static void play_on_screen(struct ktest *t, const struct game_run *r)
{
	static const char clear[] = "\x1b[0m\x1b[2J\x1b[H";
	struct tty *vt = vt_tty();
	struct vga_screen *scr;
	struct game_session gs;
	const struct game_text *gt;
	struct console *con;
	const char *font;
	char name[32];
	int answer;
	u64 ms;

	con = ktest_screen_console(&scr, &font);
	if (!vt || !con) {
		ktest_skip(t, "no screen console");
		return;
	}
	if (r->cols > scr->cols || r->rows > scr->rows) {
		ktest_skip(t, "screen smaller than the run's window");
		return;
	}
	/* Nothing of an earlier game may pass for this one's frame. */
	con->write(con, clear, strlen(clear));
	if (!start_game(t, &gs, r, vt, "/dev/tty1", false))
		return;
	/*
	 * The screendump first: whatever the test prints (printk) reaches
	 * the screen too.
	 */
	if (wait_for_frame(t, &gs, scr, true, &ms)) {
		for (gt = r->texts; gt->text; gt++)
			ktest_screen_expect(gt->row, gt->col, gt->fg, gt->bg,
					    gt->text, strlen(gt->text));
		snprintf(name, sizeof(name), "game_%s", r->name);
		answer = ktest_screendump(name, scr->cols, scr->rows, font);
		expect_texts(t, r, scr);
		KT_EXPECT_EQ(t, answer, 'Y');
		expect_timed(t, r, ms);
	}
	quit_game(t, &gs, 'q', 0);
	KT_EXPECT(t, screen_has(scr, r->summary));
}

static char ctrl_c_summary[64];

static void test_snake_on_serial(struct ktest *t)
{
	play_on_serial(t, &game_runs[0], false);
}

static void test_flappy_on_serial(struct ktest *t)
{
	play_on_serial(t, &game_runs[1], false);
}

/* Interactive (no script), on the table's window. */
static void ctrl_c_run(const char *name, const char *score_line,
		       struct game_run *r)
{
	*r = (struct game_run){ .name = name, .cols = 40, .rows = 15 };
	r->texts[0] = (struct game_text){ 0, 0, 15, 1, score_line };
	snprintf(ctrl_c_summary, sizeof(ctrl_c_summary),
		 "%s: score 0, high score 0", name);
	r->summary = ctrl_c_summary;
}

static void test_ctrl_c_ends_snake(struct ktest *t)
{
	struct game_run r;

	ctrl_c_run("snake", " SNAKE  score 0  high 0 ", &r);
	play_on_serial(t, &r, true);
}

static void test_ctrl_c_ends_flappy(struct ktest *t)
{
	struct game_run r;

	ctrl_c_run("flappy", " FLAPPY  score 0  high 0 ", &r);
	play_on_serial(t, &r, true);
}

static void test_snake_on_screen(struct ktest *t)
{
	play_on_screen(t, &game_runs[0]);
}

static void test_flappy_on_screen(struct ktest *t)
{
	play_on_screen(t, &game_runs[1]);
}

static struct ktest_case games_cases[] = {
	KTEST_CASE(test_snake_on_serial),
	KTEST_CASE(test_flappy_on_serial),
	KTEST_CASE(test_ctrl_c_ends_snake),
	KTEST_CASE(test_ctrl_c_ends_flappy),
	KTEST_CASE(test_snake_on_screen),
	KTEST_CASE(test_flappy_on_screen),
	{}
};
/* On demand: it needs the programs, and the runner for the screendumps. */
KTEST_SUITE_FULL(games, games_cases, NULL, NULL, KTEST_ON_DEMAND);
