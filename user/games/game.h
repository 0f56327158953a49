/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What snake and flappy share (game.c): the command line, the terminal
 * in raw mode and back, frames timed with clock_nanosleep, keys read
 * with poll (or taken from a script), a seeded random generator, a
 * screen of coloured cells drawn with ANSI escapes (only what changed
 * since the last frame), and the high score in /tmp/<game>.score
 * ($TMPDIR instead of /tmp when it is set).
 *
 * Plain POSIX and Linux's termios and ioctls: the same program runs on
 * Mosaic and on Linux and, given --seed and --script, draws the same
 * frames on both.
 */
#ifndef GAME_H
#define GAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Keys as the games see them; ordinary keys are their byte. */
enum {
	KEY_NONE = -1,
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_QUIT,		/* q, Q, Ctrl-C, or the end of input */
};

/* SGR colour numbers (30 + n foreground, 40 + n background). */
enum colour {
	BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE,
	DEFAULT = 9,
};

struct cell {
	char ch;
	unsigned char fg, bg;
	bool bold;
};

struct game_info {
	const char *name;	/* "snake": the score file, the messages */
	const char *keys_help;	/* the controls, for --help */
	int frame_ms;		/* default time per frame */
	int min_cols, min_rows;
};

#define KEY_QUEUE 16

struct game {
	const struct game_info *info;
	int cols, rows;		/* the screen: TIOCGWINSZ, or --size */
	int frame_ms;
	uint64_t rng;
	long frame;		/* frames shown so far */
	int high;		/* the best score before this game */
	/* --script: one item per frame, "[count]key", '.' for no key */
	const char *script;
	int script_repeat;	/* frames the current item still lasts */
	bool script_used;	/* this frame's item was taken */
	bool raw;		/* the terminal is in raw mode */
	int keys[KEY_QUEUE];	/* decoded, not yet taken */
	int nkeys;
	unsigned char pending[8];	/* an escape sequence cut by a read */
	int npending;
	struct timespec next_frame;
	struct cell *screen, *shown;	/* being drawn; on the terminal */
	char *out;		/* one write per frame */
	size_t out_len, out_cap;
};

/*
 * Parse the command line (--seed N, --script KEYS, --speed MS,
 * --size COLSxROWS, --help), read the high score, put the terminal in
 * raw mode and clear the screen. False when the program must exit at
 * once, with *status (0 after --help, 2 for a bad command line or a
 * screen too small).
 */
bool game_start(struct game *g, const struct game_info *info, int argc,
		char **argv, int *status);
/*
 * The next key for this frame: the script's item (once per frame) while
 * the script lasts, then the keyboard without waiting. KEY_NONE when
 * there is none; KEY_QUIT after Ctrl-C or a signal that ends the game.
 */
int game_key(struct game *g);
/* Wait for a key on the terminal (the end of a game). */
int game_wait_key(struct game *g);
/* Sleep until the next frame is due (clock_nanosleep, absolute time). */
void game_sleep(struct game *g);
/* A number in [0, n), from the seeded generator. */
unsigned int game_rand(struct game *g, unsigned int n);

/* Drawing into the frame being built, then showing it. */
void game_clear(struct game *g);
void game_put(struct game *g, int x, int y, char ch, enum colour fg,
	      enum colour bg, bool bold);
void game_text(struct game *g, int x, int y, const char *s, enum colour fg,
	       enum colour bg, bool bold);
/* @s centred on row @y. */
void game_text_centred(struct game *g, int y, const char *s, enum colour fg,
		       enum colour bg, bool bold);
void game_show(struct game *g);

/*
 * The game-over box, centred on rows @y to @y + 2: @banner, the score,
 * the keys that go on. Drawn into the frame being built.
 */
void game_over_box(struct game *g, int y, const char *banner, int score);
/* After a game over: true for r (play again), false to quit. */
bool game_again(struct game *g);
/* Paused (shown on row 0) until p again: true, or false to quit. */
bool game_pause(struct game *g);

/* At a game over: keep @score in the score file if it is a new best. */
void game_record_score(struct game *g, int score);
/*
 * Keep the score if it is a new best, give the terminal back as it was
 * and print "<name>: score N, high score M" on the last row. Returns
 * the exit status: 0, or 128 + the signal that ended the game.
 */
int game_end(struct game *g, int score);

#endif
