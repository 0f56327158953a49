// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of lib/rbtree.c: random insertions and erasures, each
 * followed by a full check of the red-black invariants, the parent links
 * and the in-order sequence against a sorted-array model.
 */
#include <stdlib.h>

#include <mosaic/rbtree.h>

#include "hosttest.h"

#define MAX_KEYS 2000

struct item {
	long key;
	struct rb_node rb;
	bool in_tree;
};

static struct item items[MAX_KEYS];
static struct rb_root root;
static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void insert(struct item *it)
{
	struct rb_node **link = &root.node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (it->key < rb_entry(parent, struct item, rb)->key)
			link = &parent->left;
		else
			link = &parent->right;
	}
	rb_link_node(&it->rb, parent, link);
	rb_insert_color(&it->rb, &root);
	it->in_tree = true;
}

static void erase(struct item *it)
{
	rb_erase(&it->rb, &root);
	it->in_tree = false;
}

/* Black height of n's subtree, or -1 (and a failure) if it is broken. */
static int check_node(const struct rb_node *n, const struct rb_node *parent,
		      int *count, int *depth_max, int depth)
{
	int lh, rh;

	if (!n) {
		if (depth > *depth_max)
			*depth_max = depth;
		return 1;
	}
	(*count)++;
	CHECK(n->parent == parent);
	CHECK(n->color == RB_RED || n->color == RB_BLACK);
	if (n->color == RB_RED) {
		CHECK(!n->left || n->left->color == RB_BLACK);
		CHECK(!n->right || n->right->color == RB_BLACK);
	}
	if (n->left)
		CHECK(rb_entry(n->left, struct item, rb)->key <=
		      rb_entry(n, struct item, rb)->key);
	if (n->right)
		CHECK(rb_entry(n->right, struct item, rb)->key >=
		      rb_entry(n, struct item, rb)->key);
	lh = check_node(n->left, n, count, depth_max, depth + 1);
	rh = check_node(n->right, n, count, depth_max, depth + 1);
	CHECK_EQ(lh, rh);
	return lh + (n->color == RB_BLACK);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Invariants, height bound, and in-order keys equal to the model's. */
static void check_tree(void)
{
	static long model[MAX_KEYS];
	int n = 0, count = 0, depth = 0, i = 0, log2 = 0;
	const struct rb_node *node;

	for (int k = 0; k < MAX_KEYS; k++)
		if (items[k].in_tree)
			model[n++] = items[k].key;
	qsort(model, n, sizeof(model[0]), cmp_long);
	if (root.node)
		CHECK_EQ(root.node->color, RB_BLACK);
	check_node(root.node, NULL, &count, &depth, 0);
	CHECK_EQ(count, n);
	while ((1 << log2) <= n + 1)
		log2++;
	CHECK(depth <= 2 * log2);
	for (node = rb_first(&root); node; node = rb_next(node), i++)
		CHECK_EQ(rb_entry(node, struct item, rb)->key, model[i]);
	CHECK_EQ(i, n);
	i = n - 1;
	for (node = rb_last(&root); node; node = rb_prev(node), i--)
		CHECK_EQ(rb_entry(node, struct item, rb)->key, model[i]);
	CHECK_EQ(i, -1);
}

static void reset(void)
{
	root = RB_ROOT;
	for (int k = 0; k < MAX_KEYS; k++)
		items[k] = (struct item){ .key = k };
}

HOSTTEST(empty_tree)
{
	reset();
	CHECK(rb_empty(&root));
	CHECK(rb_first(&root) == NULL);
	CHECK(rb_last(&root) == NULL);
}

HOSTTEST(ascending_then_descending_erase)
{
	reset();
	for (int k = 0; k < MAX_KEYS; k++) {
		insert(&items[k]);
		if (k % 97 == 0)
			check_tree();
	}
	check_tree();
	for (int k = MAX_KEYS - 1; k >= 0; k--) {
		erase(&items[k]);
		if (k % 89 == 0)
			check_tree();
	}
	CHECK(rb_empty(&root));
}

HOSTTEST(random_insert_erase_against_model)
{
	reset();
	for (int k = 0; k < MAX_KEYS; k++)
		items[k].key = (long)(next_rand() % 500); /* duplicates too */
	for (int step = 0; step < 20000; step++) {
		struct item *it = &items[next_rand() % MAX_KEYS];

		if (it->in_tree)
			erase(it);
		else
			insert(it);
		if (step % 211 == 0)
			check_tree();
		if (!hosttest_ok())
			return;
	}
	check_tree();
}

HOSTTEST(erase_root_repeatedly)
{
	reset();
	for (int k = 0; k < 300; k++)
		insert(&items[(k * 37) % 300]);
	while (root.node) {
		erase(rb_entry(root.node, struct item, rb));
		check_tree();
		if (!hosttest_ok())
			return;
	}
}

int main(int argc, char **argv)
{
	return hosttest_main("rbtree", argc, argv);
}
