/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scripted games the tests play, and what the game-over frame must
 * show: tools/games plays them on Linux under a pseudo-terminal, the
 * `games` ktest suite on Mosaic's serial console (the bytes read back
 * through the kernel's ANSI parser) and on its screen (QEMU's screendump
 * read back by scripts/screencheck.py). One table, so the three agree.
 *
 * Colours are VGA numbers (what the console draws SGR colours with:
 * SGR 31 red is VGA 4, bold makes a colour bright, +8). Plain C for the
 * kernel and the host alike.
 */
#ifndef GAMES_EXPECTED_H
#define GAMES_EXPECTED_H

struct game_text {
	unsigned char row, col, fg, bg;
	const char *text;
};

#define GAME_RUN_ARGS 12
#define GAME_RUN_TEXTS 16

struct game_run {
	const char *name;		/* the program, /bin/<name> */
	const char *argv[GAME_RUN_ARGS];	/* after argv[0]; NULL-ended */
	unsigned int cols, rows;	/* the window size the tty reports */
	int score;			/* the score file holds it after */
	const char *summary;		/* the line printed at the end */
	struct game_text texts[GAME_RUN_TEXTS];	/* {0} ends */
};

static const struct game_run game_runs[] = {
	{
		/* four pieces of food, then into the right wall */
		.name = "snake",
		.argv = { "--seed", "7", "--speed", "10", "--script",
			  "s5.a17.w12.d19.s6.a17.s6.d32.", NULL },
		.cols = 60,
		.rows = 20,
		.score = 4,
		.summary = "snake: score 4, high score 4",
		.texts = {
			{ 0, 0, 15, 1, " SNAKE  score 4  high 4 " },
			{ 1, 0, 3, 0, "############################################################" },
			{ 18, 0, 3, 0, "############################################################" },
			{ 2, 0, 3, 0, "#" },
			{ 2, 59, 3, 0, "#" },
			{ 17, 0, 3, 0, "#" },
			{ 17, 51, 2, 0, "ooooooo" },
			{ 17, 58, 10, 0, "@" },
			{ 17, 59, 3, 0, "#" },
			{ 8, 36, 12, 0, "*" },
			{ 9, 24, 15, 4, " GAME OVER " },
			{ 10, 25, 15, 4, " score 4 " },
			{ 11, 20, 15, 4, " r: again  q: quit " },
			{ 5, 1, 7, 0, "                    " },
			{ 16, 40, 7, 0, "                  " },
		},
	},
	{
		/* through three pipes, then down to the ground */
		.name = "flappy",
		.argv = { "--seed", "7", "--speed", "10", "--script",
			  " 21. 10. 9. 8. 10. 12. 8.", NULL },
		.cols = 60,
		.rows = 20,
		.score = 3,
		.summary = "flappy: score 3, high score 3",
		.texts = {
			{ 0, 0, 15, 1, " FLAPPY  score 3  high 3 " },
			{ 1, 8, 2, 0, "###" },
			{ 9, 8, 2, 0, "###" },
			{ 10, 8, 7, 0, "   " },
			{ 16, 8, 2, 0, "###" },
			{ 3, 26, 2, 0, "###" },
			{ 4, 26, 7, 0, "   " },
			{ 10, 26, 2, 0, "###" },
			{ 17, 44, 2, 0, "###" },
			{ 17, 15, 14, 0, "x" },
			{ 18, 0, 6, 0, "============================================================" },
			{ 7, 24, 15, 4, " GAME OVER " },
			{ 8, 25, 15, 4, " score 3 " },
			{ 9, 20, 15, 4, " r: again  q: quit " },
			{ 12, 30, 7, 0, "          " },
		},
	},
};

#define GAME_RUNS (sizeof(game_runs) / sizeof(game_runs[0]))

/* The value after option @opt in the run's command line, or 0 (NULL). */
static inline const char *game_run_option(const struct game_run *r,
					  const char *opt)
{
	int i, j;

	for (i = 0; r->argv[i] && r->argv[i + 1]; i++) {
		for (j = 0; opt[j] && r->argv[i][j] == opt[j]; j++)
			;
		if (!opt[j] && !r->argv[i][j])
			return r->argv[i + 1];
	}
	return 0;
}

/*
 * How long the run lasts at least, in ms: each frame of the script waits
 * for its time (--speed ms after the one before), so the game-over
 * frame cannot come sooner than the script's frames allow. A game that
 * did not wait for its frames (no clock_nanosleep) comes too soon.
 */
static inline unsigned long game_run_min_ms(const struct game_run *r)
{
	const char *script = game_run_option(r, "--script");
	const char *speed = game_run_option(r, "--speed");
	unsigned long frames = 0, ms = 0, count;

	for (; speed && *speed >= '0' && *speed <= '9'; speed++)
		ms = ms * 10 + (unsigned long)(*speed - '0');
	while (script && *script) {
		for (count = 0; *script >= '0' && *script <= '9'; script++)
			count = count * 10 + (unsigned long)(*script - '0');
		frames += count ? count : 1;
		if (*script)
			script++;
	}
	return frames * ms;
}

#endif
