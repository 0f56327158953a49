/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Red-black trees, intrusive like Linux's: the caller embeds a struct
 * rb_node in its object, walks down from root->node to find the link
 * where a new node belongs (it owns the ordering), calls rb_link_node()
 * and then rb_insert_color() to rebalance. rb_erase() unlinks. Height
 * stays below 2 log2(n + 1), so a descent is O(log n). No locking: the
 * owner of the tree serialises access. Freestanding (lib/rbtree.c), so
 * the host test in tools/rbtree checks the very same code.
 */
#ifndef _MOSAIC_RBTREE_H
#define _MOSAIC_RBTREE_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

#define RB_RED 0
#define RB_BLACK 1

struct rb_node {
	struct rb_node *parent;
	struct rb_node *left, *right;
	int color;
};

struct rb_root {
	struct rb_node *node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define rb_entry(ptr, type, member) container_of(ptr, type, member)

static inline bool rb_empty(const struct rb_root *root)
{
	return root->node == NULL;
}

/* Attach node (red, no children) below parent at *link (&parent->left...). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->parent = parent;
	node->left = node->right = NULL;
	node->color = RB_RED;
	*link = node;
}

/* Restore the red-black properties after rb_link_node(). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Unlink node from the tree and rebalance. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order neighbours; NULL past either end. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif /* _MOSAIC_RBTREE_H */
