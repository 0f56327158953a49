// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the games (user/games/), the static musl programs the
 * initramfs holds, on Linux: each scripted run of user/games/expected.h
 * plays under a pseudo-terminal of the table's size, its output is read
 * through the kernel's own ANSI parser and screen model
 * (drivers/video/ansi.c, vga_screen.c), and the game-over frame, the
 * exit status, the line printed at the end, the score file and the
 * terminal's modes afterwards are checked. The `games` ktest suite
 * plays the same table on Mosaic, so the two systems must agree.
 *
 * `games_test --dump [NAME [SCRIPT]]` prints each run's (or NAME's)
 * game-over frame instead, with the colours of every run of text, for
 * writing the table (SCRIPT, when given, replaces its script).
 */
#define _GNU_SOURCE
#include <mosaic/ansi.h>
#include <mosaic/vga.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "hosttest.h"
#include "expected.h"

#define MAX_CELLS (200 * 100)
#define RUN_TIMEOUT_MS 60000

static const char *bindir, *tmpdir;

struct outcome {
	u16 frame[MAX_CELLS];	/* the screen once GAME OVER showed */
	bool game_over;		/* what the run waited for showed */
	long game_over_ms;	/* when, from the start */
	int status;		/* wait status, -1 if it did not end */
	char summary[256];	/* the row holding "<name>: score" at the end */
	bool modes_restored;	/* the pty's termios as before the game */
	char score_file[32];
};

static u16 cells[MAX_CELLS];
static struct vga_screen screen;
static struct ansi_parser parser;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *row_text(const u16 *c, unsigned int cols, unsigned int y,
			    char *buf)
{
	unsigned int x;

	for (x = 0; x < cols; x++)
		buf[x] = (char)(c[y * cols + x] & 0xff);
	buf[cols] = '\0';
	return buf;
}

static int find_row(const u16 *c, unsigned int cols, unsigned int rows,
		    const char *needle)
{
	char buf[256];
	unsigned int y;

	for (y = 0; y < rows; y++)
		if (strstr(row_text(c, cols, y, buf), needle))
			return (int)y;
	return -1;
}

static void feed(const char *buf, size_t n)
{
	ansi_write(&parser, &screen, buf, n);
}

static void start_child(const struct game_run *r)
{
	char path[512];
	const char *argv[GAME_RUN_ARGS + 2];
	int i;

	snprintf(path, sizeof(path), "%s/%s", bindir, r->name);
	argv[0] = r->name;
	for (i = 0; r->argv[i]; i++)
		argv[i + 1] = r->argv[i];
	argv[i + 1] = NULL;
	setenv("TMPDIR", tmpdir, 1);
	setenv("TERM", "linux", 1);
	execv(path, (char *const *)argv);
	_exit(127);
}

/*
 * Read what the game wrote within @ms: 1 when something came, 0 when
 * nothing did, -1 at the end of output.
 */
static int pump(int master, int ms)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	n = read(master, buf, sizeof(buf));
	if (n <= 0)
		return n < 0 && errno == EINTR ? 0 : -1;
	feed(buf, (size_t)n);
	return 1;
}

static void read_score_file(const struct game_run *r, char *out, size_t size)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s.score", tmpdir, r->name);
	out[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
}

/* The row that starts with "<name>: score", trailing blanks cut. */
static void summary_line(const struct game_run *r, char *out, size_t size)
{
	char needle[64], buf[256];
	int y;

	snprintf(needle, sizeof(needle), "%s: score", r->name);
	out[0] = '\0';
	y = find_row(cells, r->cols, r->rows, needle);
	if (y < 0)
		return;
	snprintf(out, size, "%s", row_text(cells, r->cols, (unsigned int)y, buf));
	for (size_t n = strlen(out); n && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
}

static bool same_modes(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	       a->c_lflag == b->c_lflag &&
	       a->c_cc[VMIN] == b->c_cc[VMIN] &&
	       a->c_cc[VTIME] == b->c_cc[VTIME];
}

/* A game under a pseudo-terminal of the run's size. */
struct child {
	pid_t pid;
	int master;
	int slave;		/* our own hold: its modes outlive the game */
	struct termios before;
	long start, end;	/* ms */
};

static bool spawn(const struct game_run *r, struct child *c)
{
	struct winsize ws = { .ws_row = (unsigned short)r->rows,
			      .ws_col = (unsigned short)r->cols };
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.score", tmpdir, r->name);
	unlink(path);
	vga_screen_init(&screen, cells, r->cols, r->rows, 0x07);
	vga_screen_clear(&screen);
	ansi_init(&parser);
	/*
	 * The modes before the game are read before it exists: read after
	 * the fork, they could already be the game's raw ones.
	 */
	if (openpty(&c->master, &c->slave, NULL, NULL, &ws))
		return false;
	if (tcgetattr(c->slave, &c->before)) {
		close(c->master);
		close(c->slave);
		return false;
	}
	c->start = now_ms();
	c->end = c->start + RUN_TIMEOUT_MS;
	c->pid = fork();
	if (c->pid < 0) {
		close(c->master);
		close(c->slave);
		return false;
	}
	if (c->pid == 0) {
		close(c->master);
		if (login_tty(c->slave))
			_exit(126);
		start_child(r);
	}
	return true;
}

/* Read the game's output until @text is on the screen (or, with
 * @gone, no longer is); false on timeout. */
static bool wait_text(struct child *c, const struct game_run *r,
		      const char *text, bool gone)
{
	while (now_ms() < c->end && pump(c->master, 200) >= 0)
		if ((find_row(cells, r->cols, r->rows, text) >= 0) != gone)
			return true;
	return false;
}

static void type(struct child *c, const char *keys)
{
	if (write(c->master, keys, strlen(keys)) != (ssize_t)strlen(keys))
		kill(c->pid, SIGTERM);
}

/* Until the game has exited: its status, end line, modes, score file. */
static void finish(struct child *c, const struct game_run *r,
		   struct outcome *o)
{
	struct termios after;
	int wstatus;

	o->status = -1;
	while (now_ms() < c->end) {
		pump(c->master, 50);
		if (waitpid(c->pid, &wstatus, WNOHANG) == c->pid) {
			o->status = wstatus;
			break;
		}
	}
	if (o->status == -1) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &wstatus, 0);
	}
	/* What the game wrote last; the slave is ours, so no end of file. */
	while (pump(c->master, 200) > 0)
		;
	summary_line(r, o->summary, sizeof(o->summary));
	o->modes_restored = c->slave >= 0 && !tcgetattr(c->slave, &after) &&
			    same_modes(&c->before, &after);
	close(c->slave);
	close(c->master);
	read_score_file(r, o->score_file, sizeof(o->score_file));
}

/*
 * Play one run: until @until is on the screen (and, with @settle, the
 * game has gone quiet: the frame is all there), keep that frame, type
 * @keys, then wait until the game has exited.
 */
static void play(const struct game_run *r, struct outcome *o,
		 const char *until, bool settle, const char *keys)
{
	struct child c;

	memset(o, 0, sizeof(*o));
	o->status = -1;
	if (!spawn(r, &c))
		return;
	if (wait_text(&c, r, until, false)) {
		o->game_over = true;
		o->game_over_ms = now_ms() - c.start;
	}
	/* The rest of that frame: until the game is quiet (it waits). */
	while (settle && o->game_over && pump(c.master, 200) > 0)
		;
	memcpy(o->frame, cells, sizeof(u16) * r->cols * r->rows);
	type(&c, keys);
	finish(&c, r, o);
}

/* Every stated text is in the frame, in its colours. */
static int check_texts(const struct game_run *r, const u16 *frame)
{
	const struct game_text *t;
	int bad = 0;

	for (t = r->texts; t->text; t++) {
		size_t i, n = strlen(t->text);

		for (i = 0; i < n; i++) {
			u16 c = frame[t->row * r->cols + t->col + i];
			u8 attr = (u8)(t->bg << 4 | t->fg);

			if ((char)(c & 0xff) != t->text[i] || c >> 8 != attr) {
				fprintf(stderr,
					"  %s: row %u col %zu: '%c' attr %#x, expected '%c' attr %#x\n",
					r->name, t->row, t->col + i,
					(char)(c & 0xff), c >> 8, t->text[i],
					attr);
				bad++;
				break;
			}
		}
	}
	return bad;
}

static struct outcome result;

static void check_run(const struct game_run *r)
{
	char want[32];

	play(r, &result, "GAME OVER", true, "q");
	CHECK(result.game_over);
	/* The frames were timed (clock_nanosleep), not run flat out. */
	CHECK(result.game_over_ms >= (long)game_run_min_ms(r));
	CHECK(WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0);
	CHECK_EQ(check_texts(r, result.frame), 0);
	CHECK_STREQ(result.summary, r->summary);
	CHECK(result.modes_restored);
	snprintf(want, sizeof(want), "%d\n", r->score);
	CHECK_STREQ(result.score_file, r->score ? want : "");
}

HOSTTEST(snake_scripted_run)
{
	check_run(&game_runs[0]);
}

HOSTTEST(flappy_scripted_run)
{
	check_run(&game_runs[1]);
}

/*
 * Ctrl-C in the middle of a game: SIGINT (ISIG stays on), and the game
 * still gives the terminal back and says its score, exiting 128 + 2.
 */
HOSTTEST(ctrl_c_restores_the_terminal)
{
	static const char *const names[] = { "snake", "flappy" };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct game_run r = { .name = names[i], .cols = 40, .rows = 15,
				      .argv = { NULL } };
		char summary[64];

		snprintf(summary, sizeof(summary), "%s: score 0, high score 0",
			 names[i]);
		play(&r, &result, " score 0 ", false, "\003");
		CHECK(result.game_over);
		CHECK(WIFEXITED(result.status) &&
		      WEXITSTATUS(result.status) == 128 + SIGINT);
		CHECK_STREQ(result.summary, summary);
		CHECK(result.modes_restored);
	}
}

/*
 * Keys from the terminal, not a script: an arrow cut in two by the
 * reads (ESC, then "[A") flaps and starts flappy; a lone Esc is nothing,
 * and the q after it still quits (exit 0, the terminal given back).
 */
HOSTTEST(keys_from_the_terminal)
{
	struct game_run r = { .name = "flappy", .cols = 40, .rows = 15,
			      .argv = { "--seed", "1", NULL } };
	struct child c;

	memset(&result, 0, sizeof(result));
	CHECK(spawn(&r, &c));
	BAIL();
	CHECK(wait_text(&c, &r, " space: flap ", false));
	type(&c, "\033");
	usleep(200 * 1000);
	type(&c, "[A");
	CHECK(wait_text(&c, &r, " space: flap ", true));
	type(&c, "\033");
	usleep(200 * 1000);
	type(&c, "q");
	finish(&c, &r, &result);
	CHECK(WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0);
	CHECK_STREQ(result.summary, "flappy: score 0, high score 0");
	CHECK(result.modes_restored);
}

/*
 * The frame as rows, then each run of one colour as a table entry;
 * @script instead of the table's, when given.
 */
static void dump(const struct game_run *table_run, const char *script)
{
	struct game_run run = *table_run, *r = &run;
	char buf[256];
	unsigned int y, x;
	int i;

	for (i = 0; script && r->argv[i]; i++)
		if (!strcmp(r->argv[i], "--script") && r->argv[i + 1])
			r->argv[i + 1] = script;
	play(r, &result, "GAME OVER", true, "q");
	printf("%s: game over %s, status %#x, summary \"%s\", score file \"%s\", modes %s\n",
	       r->name, result.game_over ? "seen" : "NOT seen", result.status,
	       result.summary, result.score_file,
	       result.modes_restored ? "restored" : "NOT restored");
	for (y = 0; y < r->rows; y++)
		printf("%2u|%s|\n", y, row_text(result.frame, r->cols, y, buf));
	for (y = 0; y < r->rows; y++) {
		for (x = 0; x < r->cols;) {
			u16 c = result.frame[y * r->cols + x];
			unsigned int start = x, n = 0;

			if ((c & 0xff) == ' ' && c >> 8 == 0x07) {
				x++;
				continue;
			}
			while (x < r->cols &&
			       result.frame[y * r->cols + x] >> 8 == c >> 8)
				buf[n++] = (char)(result.frame[y * r->cols + x++] & 0xff);
			buf[n] = '\0';
			printf("\t\t{ %u, %u, %u, %u, \"%s\" },\n", y, start,
			       c >> 8 & 0xf, c >> 12, buf);
		}
	}
}

int main(int argc, char **argv)
{
	bindir = getenv("GAMES_BINDIR");
	tmpdir = getenv("GAMES_TMPDIR");
	if (!bindir || !tmpdir) {
		fprintf(stderr, "games_test: GAMES_BINDIR and GAMES_TMPDIR must be set\n");
		return 2;
	}
	if (argc > 1 && !strcmp(argv[1], "--dump")) {
		size_t i;

		for (i = 0; i < GAME_RUNS; i++)
			if (argc < 3 || !strcmp(argv[2], game_runs[i].name))
				dump(&game_runs[i], argc > 3 ? argv[3] : NULL);
		return 0;
	}
	return hosttest_main("games", argc, argv);
}
