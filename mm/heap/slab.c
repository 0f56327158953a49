// SPDX-License-Identifier: GPL-2.0
/*
 * Object caches (include/mosaic/slab.h) over kmalloc: every heap policy
 * serves them, and the heap's own checks and statistics see each object
 * as the block it is.
 *
 * A cache keeps up to KMEM_CACHE_KEEP freed objects on a LIFO list for
 * reuse, so the kernel's hot fixed-size objects skip the policy, and a
 * constructed object stays constructed. The list link and a free tag
 * (the object's address xor a key, as fixed-block does) live in a
 * trailer after the object when it has a constructor (its contents must
 * survive), otherwise in its first two words. A free whose tag is set is
 * confirmed on the (short) list before it panics as a double free.
 *
 * Locking: each cache's free list and statistics are under its lock;
 * slab_caches_lock protects the list of caches. Neither is held across a
 * kmalloc or kfree (heap_spinlock nests inside nothing of ours), nor
 * taken by interrupt handlers, as with kmalloc itself.
 */
#include <mosaic/errno.h>
#include <mosaic/heap_policy.h>
#include <mosaic/kmalloc.h>
#include <mosaic/list.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/slab.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

#define SLAB_TAG_KEY 0x3c9e5b17a4d2f061ULL

struct free_link {
	struct free_link *next;
	uintptr_t tag;
};

struct kmem_cache {
	spinlock_t lock;		/* free list and statistics */
	struct list_head node;		/* on slab_caches */
	char name[32];
	size_t size, align;
	size_t alloc_size;		/* size asked of kmalloc */
	size_t link_offset;		/* where free_link sits in an object */
	void (*ctor)(void *obj);
	struct free_link *free;
	u64 active, cached, allocs, frees, failures;
	u64 footprint, peak_footprint;
};

static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);

static struct free_link *link_of(const struct kmem_cache *c, void *obj)
{
	return (struct free_link *)((char *)obj + c->link_offset);
}

static void *obj_of(const struct kmem_cache *c, struct free_link *l)
{
	return (char *)l - c->link_offset;
}

static uintptr_t free_tag(const void *obj)
{
	return (uintptr_t)obj ^ SLAB_TAG_KEY;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, void (*ctor)(void *obj))
{
	struct kmem_cache *c;

	if (!align || align < HEAP_MIN_ALIGN)
		align = HEAP_MIN_ALIGN;
	if (!name || !size || size > KMEM_CACHE_MAX_SIZE ||
	    !IS_POWER_OF_2(align) || align > PAGE_SIZE)
		return NULL;
	c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	spin_lock_init(&c->lock);
	strscpy(c->name, name, sizeof(c->name));
	c->size = size;
	c->align = align;
	c->ctor = ctor;
	/* the trailer keeps the link out of a constructed object */
	c->link_offset = ctor ? ALIGN_UP(size, sizeof(void *)) : 0;
	c->alloc_size = ctor ? c->link_offset + sizeof(struct free_link) :
			       MAX(size, sizeof(struct free_link));
	spin_lock(&slab_caches_lock);
	list_add_tail(&c->node, &slab_caches);
	spin_unlock(&slab_caches_lock);
	return c;
}

/* Give the kept objects back to kmalloc. */
static void drain(struct kmem_cache *c)
{
	struct free_link *l, *next;
	void *obj;

	spin_lock(&c->lock);
	l = c->free;
	c->free = NULL;
	c->cached = 0;
	spin_unlock(&c->lock);
	for (; l; l = next) {
		next = l->next;
		obj = obj_of(c, l);
		spin_lock(&c->lock);
		c->footprint -= ksize(obj);
		spin_unlock(&c->lock);
		kfree(obj);
	}
}

int kmem_cache_destroy(struct kmem_cache *c)
{
	if (!c)
		return 0;
	spin_lock(&c->lock);
	if (c->active) {
		spin_unlock(&c->lock);
		pr_warn("kmem_cache_destroy(%s): %llu objects still live\n",
			c->name, (unsigned long long)c->active);
		return -EBUSY;
	}
	spin_unlock(&c->lock);
	drain(c);
	spin_lock(&slab_caches_lock);
	list_del(&c->node);
	spin_unlock(&slab_caches_lock);
	kfree(c);
	return 0;
}

/* A fresh object from kmalloc, constructed. */
static void *grow(struct kmem_cache *c)
{
	void *obj = kmalloc_aligned(c->alloc_size, c->align);

	if (!obj)
		return NULL;
	if (c->ctor)
		c->ctor(obj);
	spin_lock(&c->lock);
	c->footprint += ksize(obj);
	if (c->footprint > c->peak_footprint)
		c->peak_footprint = c->footprint;
	spin_unlock(&c->lock);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	struct free_link *l;
	void *obj;

	spin_lock(&c->lock);
	l = c->free;
	if (likely(l)) {
		c->free = l->next;
		c->cached--;
		l->tag = 0;	/* live now */
		c->active++;
		c->allocs++;
		spin_unlock(&c->lock);
		return obj_of(c, l);
	}
	spin_unlock(&c->lock);
	obj = grow(c);
	spin_lock(&c->lock);
	if (obj) {
		c->active++;
		c->allocs++;
	} else {
		c->failures++;
	}
	spin_unlock(&c->lock);
	return obj;
}

static bool on_free_list(const struct kmem_cache *c, const void *obj)
{
	const struct free_link *l;

	for (l = c->free; l; l = l->next)
		if (obj_of(c, (struct free_link *)l) == obj)
			return true;
	return false;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct free_link *l;
	int err;

	if (!obj)
		return;
	/* the heap's own check: a block it handed out, live, big enough */
	err = heap_check_block(obj);
	if (err || ksize(obj) < c->alloc_size)
		panic("kmem_cache_free(%s, %p) called from %p: %s", c->name,
		      obj, (void *)RET_IP,
		      err ? heap_strerror(err) : "not an object of this cache");
	l = link_of(c, obj);
	spin_lock(&c->lock);
	if (unlikely(l->tag == free_tag(obj)) && on_free_list(c, obj)) {
		spin_unlock(&c->lock);
		panic("kmem_cache_free(%s, %p) called from %p: double free",
		      c->name, obj, (void *)RET_IP);
	}
	c->active--;
	c->frees++;
	if (c->cached < KMEM_CACHE_KEEP) {
		l->next = c->free;
		l->tag = free_tag(obj);
		c->free = l;
		c->cached++;
		obj = NULL;
	} else {
		c->footprint -= ksize(obj);
	}
	spin_unlock(&c->lock);
	kfree(obj);
}

void kmem_cache_get_stats(struct kmem_cache *c, struct kmem_cache_stats *st)
{
	spin_lock(&c->lock);
	st->name = c->name;
	st->object_size = c->size;
	st->align = c->align;
	st->active = c->active;
	st->cached = c->cached;
	st->allocs = c->allocs;
	st->frees = c->frees;
	st->failures = c->failures;
	st->footprint_bytes = c->footprint;
	st->peak_footprint_bytes = c->peak_footprint;
	spin_unlock(&c->lock);
}

size_t slabinfo_show(char *buf, size_t size)
{
	struct kmem_cache_stats st;
	struct heap_stats hs;
	struct kmem_cache *c;
	size_t len;

	heap_get_stats(&hs);
	len = snprintf(buf, size,
		       "slabinfo - version: mosaic 1 (heap policy %s)\n"
		       "# name            <active_objs> <num_objs> <objsize> <align> <bytes> <peak_bytes> <allocs> <frees> <failures>\n",
		       hs.policy);
	spin_lock(&slab_caches_lock);
	list_for_each_entry(c, &slab_caches, node) {
		kmem_cache_get_stats(c, &st);
		len += snprintf(len < size ? buf + len : NULL,
				len < size ? size - len : 0,
				"%-17s %13llu %10llu %9zu %7zu %7llu %12llu %8llu %7llu %10llu\n",
				st.name, (unsigned long long)st.active,
				(unsigned long long)(st.active + st.cached),
				st.object_size, st.align,
				(unsigned long long)st.footprint_bytes,
				(unsigned long long)st.peak_footprint_bytes,
				(unsigned long long)st.allocs,
				(unsigned long long)st.frees,
				(unsigned long long)st.failures);
	}
	spin_unlock(&slab_caches_lock);
	return len;
}
