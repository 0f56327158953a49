// SPDX-License-Identifier: GPL-2.0
/*
 * snake: steer a growing snake to the food without hitting the walls or
 * itself. Row 0 is the score line, rows 1 and rows-2 the walls, the last
 * row is left for the line printed at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "game.h"

static const struct game_info snake_info = {
	.name = "snake",
	.keys_help = "Steer with the arrow keys, wasd or hjkl; p pauses, q quits.",
	.frame_ms = 100,
	.min_cols = 20,
	.min_rows = 10,
};

#define START_LENGTH 4

struct point {
	int x, y;
};

struct snake {
	struct game *g;
	int w, h;		/* the field inside the walls */
	struct point *body;	/* a ring of w * h, body[head] the head */
	unsigned char *taken;	/* w * h: a segment is there */
	int head, len;
	struct point dir, food;
	int score;
	bool won;
};

static unsigned char *cell(struct snake *s, struct point p)
{
	return &s->taken[p.y * s->w + p.x];
}

static struct point segment(const struct snake *s, int i)
{
	int cap = s->w * s->h;

	return s->body[((s->head - i) % cap + cap) % cap];
}

/* A random free cell; false when the snake fills the field. */
static bool place_food(struct snake *s)
{
	int cells = s->w * s->h, i, start;

	for (i = 0; i < 64; i++) {
		struct point p = { (int)game_rand(s->g, (unsigned int)s->w),
				   (int)game_rand(s->g, (unsigned int)s->h) };

		if (!*cell(s, p)) {
			s->food = p;
			return true;
		}
	}
	start = (int)game_rand(s->g, (unsigned int)cells);
	for (i = 0; i < cells; i++) {
		int c = (start + i) % cells;

		if (!s->taken[c]) {
			s->food = (struct point){ c % s->w, c / s->w };
			return true;
		}
	}
	return false;
}

static void reset(struct snake *s)
{
	int i;

	memset(s->taken, 0, (size_t)(s->w * s->h));
	s->len = START_LENGTH;
	s->head = START_LENGTH - 1;
	for (i = 0; i < START_LENGTH; i++) {
		s->body[i] = (struct point){ s->w / 2 - (START_LENGTH - 1) + i,
					     s->h / 2 };
		*cell(s, s->body[i]) = 1;
	}
	s->dir = (struct point){ 1, 0 };
	s->score = 0;
	s->won = false;
	place_food(s);
}

static void steer(struct snake *s, int key)
{
	struct point d = s->dir;

	if (key == KEY_UP)
		d = (struct point){ 0, -1 };
	else if (key == KEY_DOWN)
		d = (struct point){ 0, 1 };
	else if (key == KEY_LEFT)
		d = (struct point){ -1, 0 };
	else if (key == KEY_RIGHT)
		d = (struct point){ 1, 0 };
	if (d.x != -s->dir.x || d.y != -s->dir.y)	/* never straight back */
		s->dir = d;
}

/* One step; false when the snake hit something. */
static bool step(struct snake *s)
{
	struct point next = segment(s, 0);
	int cap = s->w * s->h;
	bool eats;

	next.x += s->dir.x;
	next.y += s->dir.y;
	if (next.x < 0 || next.y < 0 || next.x >= s->w || next.y >= s->h)
		return false;
	eats = next.x == s->food.x && next.y == s->food.y;
	if (!eats) {
		/* The tail moves on first: the head may take its cell. */
		*cell(s, segment(s, s->len - 1)) = 0;
		s->len--;
	}
	if (*cell(s, next))
		return false;
	s->head = (s->head + 1) % cap;
	s->body[s->head] = next;
	*cell(s, next) = 1;
	s->len++;
	if (eats) {
		s->score++;
		if (!place_food(s)) {
			s->won = true;
			return false;
		}
	}
	return true;
}

static void draw(struct snake *s, const char *banner)
{
	struct game *g = s->g;
	char line[96];
	int x, y, i;

	game_clear(g);
	snprintf(line, sizeof(line), " SNAKE  score %d  high %d ", s->score,
		 s->score > g->high ? s->score : g->high);
	game_text(g, 0, 0, line, WHITE, BLUE, true);
	for (x = 0; x < g->cols; x++) {
		game_put(g, x, 1, '#', CYAN, DEFAULT, false);
		game_put(g, x, s->h + 2, '#', CYAN, DEFAULT, false);
	}
	for (y = 2; y < s->h + 2; y++) {
		game_put(g, 0, y, '#', CYAN, DEFAULT, false);
		game_put(g, g->cols - 1, y, '#', CYAN, DEFAULT, false);
	}
	game_put(g, s->food.x + 1, s->food.y + 2, '*', RED, DEFAULT, true);
	for (i = s->len - 1; i >= 0; i--) {
		struct point p = segment(s, i);

		game_put(g, p.x + 1, p.y + 2, i ? 'o' : '@', GREEN, DEFAULT,
			 !i);
	}
	if (banner)
		game_over_box(g, s->h / 2 + 1, banner, s->score);
	game_show(g);
}

/* One game; false when the player quits. */
static bool play(struct snake *s)
{
	reset(s);
	for (;;) {
		int key;

		draw(s, NULL);
		game_sleep(s->g);
		key = game_key(s->g);
		if (key == KEY_QUIT)
			return false;
		if (key == 'p' && !game_pause(s->g))
			return false;
		steer(s, key);
		if (!step(s))
			break;
	}
	game_record_score(s->g, s->score);
	draw(s, s->won ? " YOU WIN " : " GAME OVER ");
	return game_again(s->g);
}

int main(int argc, char **argv)
{
	struct snake s = { 0 };
	struct game g;
	int status;

	if (!game_start(&g, &snake_info, argc, argv, &status))
		return status;
	s.g = &g;
	s.w = g.cols - 2;
	s.h = g.rows - 4;
	s.body = calloc((size_t)(s.w * s.h), sizeof(*s.body));
	s.taken = calloc((size_t)(s.w * s.h), 1);
	if (!s.body || !s.taken) {
		game_end(&g, 0);
		fprintf(stderr, "snake: out of memory\n");
		return 1;
	}
	while (play(&s))
		;
	status = game_end(&g, s.score);
	free(s.body);
	free(s.taken);
	return status;
}
