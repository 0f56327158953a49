// SPDX-License-Identifier: GPL-2.0
/*
 * flappy: keep a falling bird in the air through the gaps of the pipes
 * that come from the right. Row 0 is the score line, rows 1 to rows-3
 * the sky, rows-2 the ground, the last row is left for the line printed
 * at the end. Positions are integers (sixteenths of a row), so a seed
 * and a script give the same flight everywhere.
 */
#include <stdio.h>
#include <string.h>

#include "game.h"

static const struct game_info flappy_info = {
	.name = "flappy",
	.keys_help = "Flap with space, the up arrow, w or k; p pauses, q quits.",
	.frame_ms = 70,
	.min_cols = 30,
	.min_rows = 12,
};

#define SUB 16			/* sub-row steps */
#define GRAVITY 2		/* per frame, in SUB steps per frame */
#define FLAP (-12)		/* the speed a flap gives */
#define MAX_FALL 12
#define PIPE_W 3
#define PIPE_SPACING 18		/* columns between two pipes */
#define MAX_PIPES 64

struct pipe {
	int x;			/* left column */
	int gap_top, gap;	/* sky rows of the opening */
	bool passed;
};

struct flappy {
	struct game *g;
	int sky;		/* rows of sky */
	int bird_x, y, vy;	/* y in SUB steps from the top of the sky */
	struct pipe pipes[MAX_PIPES];
	int npipes;
	int score;
	bool started, dead;
};

static void reset(struct flappy *f)
{
	f->bird_x = f->g->cols / 4;
	f->y = f->sky / 2 * SUB;
	f->vy = 0;
	f->npipes = 0;
	f->score = 0;
	f->started = false;
	f->dead = false;
}

static void add_pipe(struct flappy *f)
{
	struct pipe *p;
	int gap = f->sky * 2 / 5 > 6 ? f->sky * 2 / 5 : 6;

	if (f->npipes == MAX_PIPES)
		return;
	p = &f->pipes[f->npipes++];
	p->x = f->g->cols;
	p->gap = gap;
	p->gap_top = 2 + (int)game_rand(f->g, (unsigned int)(f->sky - gap - 3));
	p->passed = false;
}

static void move_pipes(struct flappy *f)
{
	int i, kept = 0;

	for (i = 0; i < f->npipes; i++) {
		f->pipes[i].x--;
		if (f->pipes[i].x + PIPE_W > 0)
			f->pipes[kept++] = f->pipes[i];
	}
	f->npipes = kept;
	if (!f->npipes ||
	    f->pipes[f->npipes - 1].x <= f->g->cols - PIPE_SPACING)
		add_pipe(f);
}

static bool hits(const struct flappy *f, const struct pipe *p)
{
	int row = f->y / SUB;

	return f->bird_x >= p->x && f->bird_x < p->x + PIPE_W &&
	       (row < p->gap_top || row >= p->gap_top + p->gap);
}

/* One frame of flight; false when the bird crashed. */
static bool step(struct flappy *f, bool flap)
{
	int i;

	if (flap)
		f->vy = FLAP;
	f->vy += GRAVITY;
	if (f->vy > MAX_FALL)
		f->vy = MAX_FALL;
	f->y += f->vy;
	if (f->y < 0) {
		f->y = 0;	/* the sky has a lid */
		f->vy = 0;
	}
	move_pipes(f);
	if (f->y >= f->sky * SUB) {
		f->y = f->sky * SUB - 1;
		return false;	/* the ground */
	}
	for (i = 0; i < f->npipes; i++) {
		struct pipe *p = &f->pipes[i];

		if (hits(f, p))
			return false;
		if (!p->passed && p->x + PIPE_W <= f->bird_x) {
			p->passed = true;
			f->score++;
		}
	}
	return true;
}

static void draw_pipe(struct flappy *f, const struct pipe *p)
{
	int x, row;

	for (row = 0; row < f->sky; row++) {
		if (row >= p->gap_top && row < p->gap_top + p->gap)
			continue;
		for (x = p->x; x < p->x + PIPE_W; x++)
			game_put(f->g, x, row + 1, '#', GREEN, DEFAULT, false);
	}
}

static void draw(struct flappy *f, const char *banner)
{
	struct game *g = f->g;
	char line[96];
	int x, i;

	game_clear(g);
	snprintf(line, sizeof(line), " FLAPPY  score %d  high %d ", f->score,
		 f->score > g->high ? f->score : g->high);
	game_text(g, 0, 0, line, WHITE, BLUE, true);
	for (i = 0; i < f->npipes; i++)
		draw_pipe(f, &f->pipes[i]);
	for (x = 0; x < g->cols; x++)
		game_put(g, x, f->sky + 1, '=', YELLOW, DEFAULT, false);
	game_put(g, f->bird_x, f->y / SUB + 1, f->dead ? 'x' : '>', YELLOW,
		 DEFAULT, true);
	if (!f->started)
		game_text_centred(g, f->sky / 2 - 1, " space: flap ", BLACK,
				  YELLOW, false);
	if (banner)
		game_over_box(g, f->sky / 2 - 1, banner, f->score);
	game_show(g);
}

/* This frame's keys: whether to flap; false in *go_on for quit. */
static bool read_keys(struct flappy *f, bool *go_on)
{
	bool flap = false;
	int key;

	*go_on = true;
	while ((key = game_key(f->g)) != KEY_NONE) {
		if (key == KEY_QUIT) {
			*go_on = false;
			return false;
		}
		if (key == ' ' || key == KEY_UP)
			flap = true;
		if (key == 'p' && !game_pause(f->g)) {
			*go_on = false;
			return false;
		}
	}
	return flap;
}

/* One game; false when the player quits. */
static bool play(struct flappy *f)
{
	bool go_on, flap;

	reset(f);
	for (;;) {
		draw(f, NULL);
		game_sleep(f->g);
		flap = read_keys(f, &go_on);
		if (!go_on)
			return false;
		if (!f->started && !flap)
			continue;	/* waiting for the first flap */
		f->started = true;
		if (!step(f, flap))
			break;
	}
	f->dead = true;
	game_record_score(f->g, f->score);
	draw(f, " GAME OVER ");
	return game_again(f->g);
}

int main(int argc, char **argv)
{
	struct flappy f;
	struct game g;
	int status;

	if (!game_start(&g, &flappy_info, argc, argv, &status))
		return status;
	memset(&f, 0, sizeof(f));
	f.g = &g;
	f.sky = g.rows - 3;
	while (play(&f))
		;
	return game_end(&g, f.score);
}
