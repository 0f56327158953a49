/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intrusive circular doubly linked list, as in Linux: embed a list_head
 * in your struct and get back to the struct with list_entry().
 * An empty list is a head pointing to itself.
 */
#ifndef _MOSAIC_LIST_H
#define _MOSAIC_LIST_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/* Poison values: a use after list_del() faults on a non-canonical address. */
#define LIST_POISON1 ((struct list_head *)0xdead000000000100UL)
#define LIST_POISON2 ((struct list_head *)0xdead000000000200UL)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Insert after head (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/* Insert before head, i.e. at the end (queue order). */
static inline void list_add_tail(struct list_head *entry,
				 struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

static inline void list_del(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

/* Remove and reinitialise, so list_empty(entry) is true afterwards. */
static inline void list_del_init(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	INIT_LIST_HEAD(entry);
}

static inline void list_move(struct list_head *entry, struct list_head *head)
{
	__list_del(entry->prev, entry->next);
	list_add(entry, head);
}

static inline void list_move_tail(struct list_head *entry,
				  struct list_head *head)
{
	__list_del(entry->prev, entry->next);
	list_add_tail(entry, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

static inline bool list_is_last(const struct list_head *entry,
				const struct list_head *head)
{
	return entry->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) \
	list_entry((head)->prev, type, member)
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)

#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_for_each_entry(pos, head, member)                              \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member);    \
	     &(pos)->member != (head); (pos) = list_next_entry(pos, member))

#define list_for_each_entry_reverse(pos, head, member)                      \
	for ((pos) = list_last_entry(head, __typeof__(*(pos)), member);     \
	     &(pos)->member != (head); (pos) = list_prev_entry(pos, member))

/* Safe against removal of pos: n caches the next entry. */
#define list_for_each_entry_safe(pos, n, head, member)                      \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member),    \
	    (n) = list_next_entry(pos, member);                             \
	     &(pos)->member != (head);                                      \
	     (pos) = (n), (n) = list_next_entry(n, member))

static inline size_t list_count(const struct list_head *head)
{
	const struct list_head *p;
	size_t n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

#endif /* _MOSAIC_LIST_H */
