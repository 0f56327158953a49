// SPDX-License-Identifier: GPL-2.0
/*
 * Red-black tree rebalancing (the classic algorithm: Bayer's symmetric
 * B-trees in Guibas and Sedgewick's colouring). Invariants: the root and
 * every NULL leaf are black, a red node has black children, and every
 * path from a node down to a leaf passes the same number of black nodes.
 */
#include <mosaic/rbtree.h>

static bool is_red(const struct rb_node *n)
{
	return n && n->color == RB_RED;
}

/* Make parent's link to old (or the root) point at new. */
static void replace_child(struct rb_root *root, struct rb_node *parent,
			  struct rb_node *old, struct rb_node *new)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/* x's right child y takes x's place; x becomes y's left child. */
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	replace_child(root, x->parent, x, y);
	y->left = x;
	x->parent = y;
}

static void rotate_right(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	replace_child(root, x->parent, x, y);
	y->right = x;
	x->parent = y;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent;

	/* A red node with a red parent: push the conflict up or rotate. */
	while ((parent = node->parent) && parent->color == RB_RED) {
		struct rb_node *gparent = parent->parent;
		bool left = parent == gparent->left;
		struct rb_node *uncle = left ? gparent->right : gparent->left;

		if (is_red(uncle)) {
			parent->color = uncle->color = RB_BLACK;
			gparent->color = RB_RED;
			node = gparent;
			continue;
		}
		if (left && node == parent->right) {
			rotate_left(root, parent);
			node = parent;
			parent = node->parent;
		} else if (!left && node == parent->left) {
			rotate_right(root, parent);
			node = parent;
			parent = node->parent;
		}
		parent->color = RB_BLACK;
		gparent->color = RB_RED;
		if (left)
			rotate_right(root, gparent);
		else
			rotate_left(root, gparent);
	}
	root->node->color = RB_BLACK;
}

/*
 * x (possibly NULL) below parent is one black short on its paths: borrow
 * from the sibling's side or push the shortage up.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *x,
			struct rb_node *parent)
{
	while (x != root->node && !is_red(x)) {
		bool left = x == parent->left;
		struct rb_node *w = left ? parent->right : parent->left;

		if (is_red(w)) {
			w->color = RB_BLACK;
			parent->color = RB_RED;
			if (left)
				rotate_left(root, parent);
			else
				rotate_right(root, parent);
			w = left ? parent->right : parent->left;
		}
		if (!is_red(w->left) && !is_red(w->right)) {
			w->color = RB_RED;
			x = parent;
			parent = x->parent;
			continue;
		}
		if (left && !is_red(w->right)) {
			w->left->color = RB_BLACK;
			w->color = RB_RED;
			rotate_right(root, w);
			w = parent->right;
		} else if (!left && !is_red(w->left)) {
			w->right->color = RB_BLACK;
			w->color = RB_RED;
			rotate_left(root, w);
			w = parent->left;
		}
		w->color = parent->color;
		parent->color = RB_BLACK;
		if (left) {
			w->right->color = RB_BLACK;
			rotate_left(root, parent);
		} else {
			w->left->color = RB_BLACK;
			rotate_right(root, parent);
		}
		x = root->node;
	}
	if (x)
		x->color = RB_BLACK;
}

static struct rb_node *leftmost(struct rb_node *n)
{
	while (n && n->left)
		n = n->left;
	return n;
}

static struct rb_node *rightmost(struct rb_node *n)
{
	while (n && n->right)
		n = n->right;
	return n;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *succ;
	int color;

	if (!node->left || !node->right) {
		child = node->left ? node->left : node->right;
		parent = node->parent;
		color = node->color;
		if (child)
			child->parent = parent;
		replace_child(root, parent, node, child);
	} else {
		/* The successor (no left child) takes node's place and colour. */
		succ = leftmost(node->right);
		color = succ->color;
		child = succ->right;
		if (succ->parent == node) {
			parent = succ;
		} else {
			parent = succ->parent;
			parent->left = child;
			if (child)
				child->parent = parent;
			succ->right = node->right;
			node->right->parent = succ;
		}
		succ->left = node->left;
		node->left->parent = succ;
		succ->parent = node->parent;
		succ->color = node->color;
		replace_child(root, node->parent, node, succ);
	}
	if (color == RB_BLACK)
		erase_fixup(root, child, parent);
	node->parent = node->left = node->right = NULL;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return leftmost(root->node);
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return rightmost(root->node);
}

struct rb_node *rb_next(const struct rb_node *node)
{
	const struct rb_node *p;

	if (node->right)
		return leftmost(node->right);
	while ((p = node->parent) && node == p->right)
		node = p;
	return (struct rb_node *)p;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	const struct rb_node *p;

	if (node->left)
		return rightmost(node->left);
	while ((p = node->parent) && node == p->left)
		node = p;
	return (struct rb_node *)p;
}
