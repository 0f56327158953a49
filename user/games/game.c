// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal, time, input and drawing that snake and flappy share.
 * See game.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "game.h"

#define DEFAULT_COLS 80
#define DEFAULT_ROWS 24
#define MAX_SIDE 1000

static struct termios saved_termios;
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/*
 * Ctrl-C (SIGINT, with ISIG left on), SIGTERM and SIGHUP end the game
 * the normal way: no SA_RESTART, so the poll or sleep it waits in
 * returns, the loop sees KEY_QUIT, and game_end() gives the terminal
 * back.
 */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void usage(FILE *f, const struct game_info *info)
{
	fprintf(f,
		"usage: %s [--seed N] [--script KEYS] [--speed MS] [--size COLSxROWS]\n"
		"%s\n"
		"  --seed N       the same N plays the same game\n"
		"  --script KEYS  one key per frame instead of the keyboard, as typed\n"
		"                 ('.' no key, a count repeats: \"5.d\" = 5 frames, then d);\n"
		"                 the keyboard takes over when the script ends\n"
		"  --speed MS     milliseconds per frame (default %d)\n"
		"  --size CxR     the screen size instead of the terminal's\n"
		"The best score is kept in $TMPDIR/%s.score (/tmp by default).\n",
		info->name, info->keys_help, info->frame_ms, info->name);
}

static bool parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_size(const char *s, int *cols, int *rows)
{
	long c, r;
	char buf[32], *x;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	x = strchr(buf, 'x');
	if (!x)
		return false;
	*x = '\0';
	if (!parse_number(buf, 1, MAX_SIDE, &c) ||
	    !parse_number(x + 1, 1, MAX_SIDE, &r))
		return false;
	*cols = (int)c;
	*rows = (int)r;
	return true;
}

/* Every script item is a count (default 1) then a key or '.'. */
static bool script_valid(const char *s)
{
	while (*s) {
		while (*s >= '0' && *s <= '9')
			s++;
		if (!*s)
			return false;
		s++;
	}
	return true;
}

static bool parse_args(struct game *g, int argc, char **argv, bool *seeded,
		       int *status)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		long v;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout, g->info);
			*status = 0;
			return false;
		}
		if (!val)
			goto bad;
		if (!strcmp(opt, "--seed")) {
			char *end;

			errno = 0;
			g->rng = strtoull(val, &end, 10);
			if (errno || end == val || *end)
				goto bad;
			*seeded = true;
		} else if (!strcmp(opt, "--script")) {
			if (!script_valid(val))
				goto bad;
			g->script = val;
		} else if (!strcmp(opt, "--speed")) {
			if (!parse_number(val, 0, 10000, &v))
				goto bad;
			g->frame_ms = (int)v;
		} else if (!strcmp(opt, "--size")) {
			if (!parse_size(val, &g->cols, &g->rows))
				goto bad;
		} else {
			goto bad;
		}
		i++;
	}
	return true;
bad:
	fprintf(stderr, "%s: bad argument '%s'\n", g->info->name, argv[i]);
	usage(stderr, g->info);
	*status = 2;
	return false;
}

/* The terminal's size from stdout, else stdin, else 80x24. */
static void window_size(struct game *g)
{
	struct winsize ws;

	if (g->cols)
		return;		/* --size */
	if ((ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col &&
	     ws.ws_row) ||
	    (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col &&
	     ws.ws_row)) {
		g->cols = ws.ws_col > MAX_SIDE ? MAX_SIDE : ws.ws_col;
		g->rows = ws.ws_row > MAX_SIDE ? MAX_SIDE : ws.ws_row;
		return;
	}
	g->cols = DEFAULT_COLS;
	g->rows = DEFAULT_ROWS;
}

/* $TMPDIR/<name>.score, /tmp by default (POSIX's TMPDIR convention). */
static void score_path(const struct game *g, char *buf, size_t size)
{
	const char *dir = getenv("TMPDIR");

	snprintf(buf, size, "%s/%s.score", dir && *dir ? dir : "/tmp",
		 g->info->name);
}

static int read_high_score(const struct game *g)
{
	char path[512], buf[32];
	ssize_t n;
	long v;
	int fd;

	score_path(g, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return parse_number(buf, 0, 1000000000, &v) ? (int)v : 0;
}

static void write_high_score(const struct game *g, int score)
{
	char path[512], buf[32];
	int fd, len;

	score_path(g, path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;		/* no /tmp: the score is not kept */
	len = snprintf(buf, sizeof(buf), "%d\n", score);
	if (write(fd, buf, (size_t)len) != len)
		fprintf(stderr, "%s: cannot write %s\n", g->info->name, path);
	close(fd);
}

/*
 * Raw input without echo, keys one by one (VMIN 1 after poll), no CR
 * or NL translation either way; ISIG stays on so Ctrl-C is SIGINT.
 * TCSANOW, not TCSAFLUSH: keys typed ahead stay for the game.
 */
static void terminal_raw(struct game *g)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_termios))
		return;		/* not a terminal: nothing to set or restore */
	t = saved_termios;
	t.c_lflag &= ~(ICANON | ECHO | IEXTEN);
	t.c_iflag &= ~(IXON | ICRNL | INLCR | IGNCR | ISTRIP);
	t.c_oflag &= ~OPOST;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		g->raw = true;
}

static void terminal_restore(struct game *g)
{
	if (g->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
	g->raw = false;
}

static void out_grow(struct game *g, size_t more)
{
	if (g->out_len + more <= g->out_cap)
		return;
	g->out_cap = (g->out_len + more) * 2;
	g->out = realloc(g->out, g->out_cap);
	if (!g->out) {
		terminal_restore(g);
		fprintf(stderr, "%s: out of memory\n", g->info->name);
		exit(1);
	}
}

static void out_str(struct game *g, const char *s)
{
	size_t n = strlen(s);

	out_grow(g, n);
	memcpy(g->out + g->out_len, s, n);
	g->out_len += n;
}

static void out_flush(struct game *g)
{
	size_t done = 0;

	while (done < g->out_len) {
		ssize_t n = write(STDOUT_FILENO, g->out + done,
				  g->out_len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	g->out_len = 0;
}

static void out_move(struct game *g, int x, int y)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "\033[%d;%dH", y + 1, x + 1);
	out_str(g, buf);
}

/*
 * A call the game cannot do without failed (no clock, no poll): the
 * terminal back as it was, the reason, exit status 1.
 */
static void __attribute__((noreturn)) fail(struct game *g, const char *call,
					   int err)
{
	out_str(g, "\033[0m\033[?25h\033[?1049l\r\n");
	out_flush(g);
	terminal_restore(g);
	fprintf(stderr, "%s: %s: %s\n", g->info->name, call, strerror(err));
	exit(1);
}

static struct timespec now(struct game *g)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		fail(g, "clock_gettime", errno);
	return ts;
}

static void add_ms(struct timespec *ts, int ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static uint64_t time_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^
	       (uint64_t)getpid() << 32;
}

bool game_start(struct game *g, const struct game_info *info, int argc,
		char **argv, int *status)
{
	bool seeded = false;
	size_t cells;
	int i;

	memset(g, 0, sizeof(*g));
	g->info = info;
	g->frame_ms = info->frame_ms;
	if (!parse_args(g, argc, argv, &seeded, status))
		return false;
	if (!seeded)
		g->rng = time_seed();
	g->rng = g->rng * 6364136223846793005ULL + 1442695040888963407ULL;
	if (!g->rng)
		g->rng = 1;
	window_size(g);
	if (g->cols < info->min_cols || g->rows < info->min_rows) {
		fprintf(stderr, "%s: the screen is %dx%d, at least %dx%d is needed\n",
			info->name, g->cols, g->rows, info->min_cols,
			info->min_rows);
		*status = 2;
		return false;
	}
	cells = (size_t)g->cols * (size_t)g->rows;
	g->screen = calloc(cells, sizeof(struct cell));
	g->shown = calloc(cells, sizeof(struct cell));
	if (!g->screen || !g->shown) {
		fprintf(stderr, "%s: out of memory\n", info->name);
		*status = 1;
		return false;
	}
	if (clock_gettime(CLOCK_MONOTONIC, &g->next_frame)) {
		/* no clock, no game: said before the screen is taken */
		fprintf(stderr, "%s: clock_gettime: %s\n", info->name,
			strerror(errno));
		*status = 1;
		return false;
	}
	game_clear(g);
	for (i = 0; i < (int)cells; i++)
		g->shown[i] = g->screen[i];
	g->high = read_high_score(g);
	catch_signals();
	terminal_raw(g);
	/* The alternate screen (where there is one), no cursor, blank. */
	out_str(g, "\033[?1049h\033[?25l\033[0m\033[2J\033[H");
	out_flush(g);
	add_ms(&g->next_frame, g->frame_ms);
	return true;
}

unsigned int game_rand(struct game *g, unsigned int n)
{
	/* xorshift64*: the same sequence for a seed on every system. */
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return n ? (unsigned int)((g->rng * 2685821657736338717ULL) >> 33) % n :
		   0;
}

static int key_of_byte(unsigned char c)
{
	switch (c) {
	case 'w':
	case 'k':
		return KEY_UP;
	case 's':
	case 'j':
		return KEY_DOWN;
	case 'a':
	case 'h':
		return KEY_LEFT;
	case 'd':
	case 'l':
		return KEY_RIGHT;
	case 'q':
	case 'Q':
	case 3:		/* Ctrl-C as a byte: ISIG off, or no signals */
		return KEY_QUIT;
	default:
		return c;
	}
}

static void queue_key(struct game *g, int key)
{
	if (g->nkeys < KEY_QUEUE)
		g->keys[g->nkeys++] = key;
}

/* Bytes from the terminal: arrows (ESC [ A or ESC O A) and plain keys. */
static void decode(struct game *g, const unsigned char *buf, size_t len)
{
	unsigned char all[sizeof(g->pending) + 64];
	size_t n = 0, i = 0;

	memcpy(all, g->pending, (size_t)g->npending);
	n = (size_t)g->npending;
	if (len > sizeof(all) - n)
		len = sizeof(all) - n;
	memcpy(all + n, buf, len);
	n += len;
	g->npending = 0;
	while (i < n) {
		size_t left = n - i;

		if (all[i] != 0x1b) {
			queue_key(g, key_of_byte(all[i++]));
			continue;
		}
		if (left >= 2 && all[i + 1] != '[' && all[i + 1] != 'O') {
			i++;	/* a lone Esc: the next byte is a key */
			continue;
		}
		if (left < 3) {	/* the rest may come with the next read */
			memcpy(g->pending, all + i, left);
			g->npending = (int)left;
			return;
		}
		if (all[i + 2] >= 'A' && all[i + 2] <= 'D') {
			static const int arrows[] = { KEY_UP, KEY_DOWN,
						      KEY_RIGHT, KEY_LEFT };

			queue_key(g, arrows[all[i + 2] - 'A']);
			i += 3;
		} else {
			i += 2;	/* another sequence: its other bytes as keys */
		}
	}
}

/* Read what the terminal has, waiting up to @timeout_ms (-1: forever). */
static bool read_keys(struct game *g, int timeout_ms)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	int ready = poll(&pfd, 1, timeout_ms);
	unsigned char buf[64];
	ssize_t n;

	if (ready < 0 && errno != EINTR)
		fail(g, "poll", errno);
	if (ready <= 0)
		return false;
	if (!(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
		return false;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		queue_key(g, KEY_QUIT);	/* end of input */
		return true;
	}
	if (n > 0)
		decode(g, buf, (size_t)n);
	return n > 0;
}

static int take_key(struct game *g)
{
	int key = g->keys[0];

	g->nkeys--;
	memmove(g->keys, g->keys + 1, (size_t)g->nkeys * sizeof(int));
	return key;
}

/* This frame's script item; false once the script is over. */
static bool script_key(struct game *g, int *key)
{
	if (!g->script)
		return false;
	if (g->script_used) {
		*key = KEY_NONE;
		return true;
	}
	if (!g->script_repeat) {
		int count = 0;

		while (*g->script >= '0' && *g->script <= '9')
			count = count * 10 + (*g->script++ - '0');
		if (!*g->script) {
			g->script = NULL;
			return false;
		}
		g->script_repeat = count ? count : 1;
	}
	g->script_used = true;
	*key = *g->script == '.' ? KEY_NONE :
				   key_of_byte((unsigned char)*g->script);
	if (!--g->script_repeat)
		g->script++;	/* at its end: the keyboard from the next frame */
	return true;
}

int game_key(struct game *g)
{
	int key;

	if (stop_signal)
		return KEY_QUIT;
	if (script_key(g, &key))
		return key;
	if (!g->nkeys)
		read_keys(g, 0);
	return g->nkeys ? take_key(g) : KEY_NONE;
}

int game_wait_key(struct game *g)
{
	out_flush(g);
	while (!g->nkeys) {
		if (stop_signal)
			return KEY_QUIT;
		read_keys(g, -1);
	}
	return take_key(g);
}

void game_sleep(struct game *g)
{
	struct timespec t;
	int err;

	do {
		if (stop_signal)
			break;
		err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
				      &g->next_frame, NULL);
		if (err && err != EINTR)
			fail(g, "clock_nanosleep", err);
	} while (err);
	add_ms(&g->next_frame, g->frame_ms);
	t = now(g);
	if (before(&g->next_frame, &t)) {
		/* Late (a slow terminal): no catching up in a burst. */
		g->next_frame = t;
		add_ms(&g->next_frame, g->frame_ms);
	}
	g->frame++;
	g->script_used = false;
}

void game_clear(struct game *g)
{
	size_t i, cells = (size_t)g->cols * (size_t)g->rows;

	for (i = 0; i < cells; i++)
		g->screen[i] = (struct cell){ ' ', DEFAULT, DEFAULT, false };
}

void game_put(struct game *g, int x, int y, char ch, enum colour fg,
	      enum colour bg, bool bold)
{
	if (x < 0 || y < 0 || x >= g->cols || y >= g->rows)
		return;
	g->screen[y * g->cols + x] = (struct cell){ ch, (unsigned char)fg,
						     (unsigned char)bg, bold };
}

void game_text(struct game *g, int x, int y, const char *s, enum colour fg,
	       enum colour bg, bool bold)
{
	for (; *s; s++, x++)
		game_put(g, x, y, *s, fg, bg, bold);
}

void game_text_centred(struct game *g, int y, const char *s, enum colour fg,
		       enum colour bg, bool bold)
{
	game_text(g, (g->cols - (int)strlen(s)) / 2, y, s, fg, bg, bold);
}

static bool same_pen(const struct cell *a, const struct cell *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->bold == b->bold;
}

static void out_pen(struct game *g, const struct cell *c)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "\033[0%s", c->bold ? ";1" : "");
	out_str(g, buf);
	if (c->fg != DEFAULT) {
		snprintf(buf, sizeof(buf), ";%d", 30 + c->fg);
		out_str(g, buf);
	}
	if (c->bg != DEFAULT) {
		snprintf(buf, sizeof(buf), ";%d", 40 + c->bg);
		out_str(g, buf);
	}
	out_str(g, "m");
}

/*
 * Only the cells that changed: a frame costs a few bytes, not the
 * screen (a 115200-baud line carries about 11 KB a second).
 */
void game_show(struct game *g)
{
	struct cell pen = { ' ', DEFAULT, DEFAULT, false };
	int x, y, cx = -1, cy = -1;
	bool changed = false;

	for (y = 0; y < g->rows; y++) {
		for (x = 0; x < g->cols; x++) {
			struct cell *c = &g->screen[y * g->cols + x];
			struct cell *s = &g->shown[y * g->cols + x];
			char ch[2] = { c->ch, '\0' };

			if (c->ch == s->ch && same_pen(c, s))
				continue;
			if (!changed)
				out_str(g, "\033[0m");
			changed = true;
			if (x != cx || y != cy)
				out_move(g, x, y);
			if (!same_pen(c, &pen)) {
				out_pen(g, c);
				pen = *c;
			}
			out_str(g, ch);
			*s = *c;
			/* After the last column the cursor waits to wrap. */
			cx = x + 1 < g->cols ? x + 1 : -1;
			cy = y;
		}
	}
	if (!changed)
		return;		/* a still frame costs nothing */
	out_str(g, "\033[0m");
	out_flush(g);
}

void game_over_box(struct game *g, int y, const char *banner, int score)
{
	char line[32];

	game_text_centred(g, y, banner, WHITE, RED, true);
	snprintf(line, sizeof(line), " score %d ", score);
	game_text_centred(g, y + 1, line, WHITE, RED, true);
	game_text_centred(g, y + 2, " r: again  q: quit ", WHITE, RED, true);
}

bool game_again(struct game *g)
{
	for (;;) {
		int key = game_wait_key(g);

		if (key == 'r')
			return true;
		if (key == KEY_QUIT)
			return false;
	}
}

bool game_pause(struct game *g)
{
	int key;

	game_text_centred(g, 0, " PAUSED - p goes on ", BLACK, YELLOW, false);
	game_show(g);
	while ((key = game_wait_key(g)) != 'p' && key != KEY_QUIT)
		;
	return key != KEY_QUIT;
}

void game_record_score(struct game *g, int score)
{
	if (score <= g->high)
		return;
	write_high_score(g, score);
	g->high = score;
}

int game_end(struct game *g, int score)
{
	char line[128];

	game_record_score(g, score);
	/* The last row was left free for this line. */
	out_str(g, "\033[0m");
	out_move(g, 0, g->rows - 1);
	out_str(g, "\033[K\033[?25h\033[?1049l");
	snprintf(line, sizeof(line), "%s: score %d, high score %d\r\n",
		 g->info->name, score, g->high);
	out_str(g, line);
	out_flush(g);
	terminal_restore(g);
	free(g->screen);
	free(g->shown);
	free(g->out);
	return stop_signal ? 128 + stop_signal : 0;
}
