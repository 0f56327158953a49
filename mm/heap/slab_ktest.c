// SPDX-License-Identifier: GPL-2.0
/*
 * ktests for the object caches (suite "slab"), on whichever heap policy
 * this kernel has: constructor semantics, reuse, statistics, the keep
 * limit, destroy with live objects, bad arguments and the slabinfo text.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/page.h>
#include <mosaic/slab.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

struct kt_obj {
	u32 magic;
	u32 generation;
	char payload[40];
};

#define KT_OBJ_MAGIC 0x51ab0b1eU

static int ctor_calls;

static void kt_obj_ctor(void *p)
{
	struct kt_obj *o = p;

	o->magic = KT_OBJ_MAGIC;
	o->generation = 0;
	ctor_calls++;
}

/* Constructed once; a freed object comes back still constructed. */
static void slab_ctor_and_reuse(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("kt_obj", sizeof(struct kt_obj),
						 64, kt_obj_ctor);
	struct kt_obj *a, *b;

	KT_ASSERT(t, c);
	ctor_calls = 0;
	a = kmem_cache_alloc(c);
	KT_ASSERT(t, a);
	KT_EXPECT(t, IS_ALIGNED((unsigned long)a, 64));
	KT_EXPECT_EQ(t, a->magic, KT_OBJ_MAGIC);
	KT_EXPECT_EQ(t, ctor_calls, 1);
	a->generation = 7;		/* state an object keeps while free */
	kmem_cache_free(c, a);
	b = kmem_cache_alloc(c);
	KT_EXPECT(t, b == a);		/* LIFO reuse */
	KT_EXPECT_EQ(t, b->magic, KT_OBJ_MAGIC);
	KT_EXPECT_EQ(t, b->generation, 7);
	KT_EXPECT_EQ(t, ctor_calls, 1);
	kmem_cache_free(c, b);
	KT_EXPECT_EQ(t, kmem_cache_destroy(c), 0);
}

/* Figures per cache, the keep limit, and the heap back at its baseline
 * once the cache is gone. */
static void slab_stats_and_keep(struct ktest *t)
{
	enum { N = KMEM_CACHE_KEEP + 16 };
	struct kmem_cache_stats st;
	struct heap_stats before, after;
	struct kmem_cache *c;
	static void *objs[N];
	u64 one;
	int i;

	heap_get_stats(&before);
	c = kmem_cache_create("kt_plain", 100, 0, NULL);
	KT_ASSERT(t, c);
	for (i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c);
		KT_ASSERT(t, objs[i]);
		memset(objs[i], 0x5a, 100);
	}
	kmem_cache_get_stats(c, &st);
	KT_EXPECT_EQ(t, st.active, N);
	KT_EXPECT_EQ(t, st.cached, 0);
	KT_EXPECT_EQ(t, st.allocs, N);
	KT_EXPECT_EQ(t, st.object_size, 100);
	KT_EXPECT_EQ(t, st.align, HEAP_MIN_ALIGN);
	one = ksize(objs[0]);
	KT_EXPECT(t, one >= 100);
	KT_EXPECT(t, st.footprint_bytes >= N * 100);
	KT_EXPECT_EQ(t, kmem_cache_destroy(c), -EBUSY);
	for (i = 0; i < N; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_get_stats(c, &st);
	KT_EXPECT_EQ(t, st.active, 0);
	KT_EXPECT_EQ(t, st.frees, N);
	KT_EXPECT_EQ(t, st.cached, KMEM_CACHE_KEEP);
	KT_EXPECT(t, st.footprint_bytes >= KMEM_CACHE_KEEP * 100);
	KT_EXPECT(t, st.footprint_bytes <= st.peak_footprint_bytes);
	ktest_log(t, "%d objects of 100 B: peak %llu B, %llu B kept for reuse",
		  N, (unsigned long long)st.peak_footprint_bytes,
		  (unsigned long long)st.footprint_bytes);
	KT_EXPECT_EQ(t, kmem_cache_destroy(c), 0);
	heap_get_stats(&after);
	KT_EXPECT_EQ(t, after.live_blocks, before.live_blocks);
	KT_EXPECT_EQ(t, after.live_bytes, before.live_bytes);
}

static void slab_bad_args(struct ktest *t)
{
	KT_EXPECT(t, !kmem_cache_create("kt_bad", 0, 0, NULL));
	KT_EXPECT(t, !kmem_cache_create("kt_bad", 64, 24, NULL));
	KT_EXPECT(t, !kmem_cache_create("kt_bad", 64, 2 * PAGE_SIZE, NULL));
	KT_EXPECT(t, !kmem_cache_create("kt_bad", KMEM_CACHE_MAX_SIZE + 1, 0,
					NULL));
	KT_EXPECT(t, !kmem_cache_create(NULL, 64, 0, NULL));
	KT_EXPECT_EQ(t, kmem_cache_destroy(NULL), 0);
	kmem_cache_free(NULL, NULL);	/* nothing to free: no panic */
}

/* One line per cache, with its figures; a short buffer still gets the
 * length the whole text needs. */
static void slab_slabinfo(struct ktest *t)
{
	static char buf[4096];
	char want[80];
	struct kmem_cache *c = kmem_cache_create("kt_info", 48, 0, NULL);
	void *a, *b;
	size_t len, short_len;
	char *line;

	KT_ASSERT(t, c);
	a = kmem_cache_alloc(c);
	b = kmem_cache_alloc(c);
	KT_ASSERT(t, a && b);
	kmem_cache_free(c, b);
	len = slabinfo_show(buf, sizeof(buf));
	KT_EXPECT(t, len < sizeof(buf));
	KT_EXPECT(t, !strncmp(buf, "slabinfo - version:", 19));
	/* the kernel's own caches are there too (sched_init made it) */
	KT_EXPECT(t, strstr(buf, "\nthread "));
	line = strstr(buf, "\nkt_info ");
	KT_ASSERT(t, line);
	/* active 1, objects 2 (one kept), size 48, align 16 */
	snprintf(want, sizeof(want), "%-17s %13d %10d %9d %7d ", "kt_info",
		 1, 2, 48, 16);
	KT_EXPECT(t, !strncmp(line + 1, want, strlen(want)));
	short_len = slabinfo_show(buf, 10);
	KT_EXPECT_EQ(t, short_len, len);
	KT_EXPECT_EQ(t, strlen(buf), 9);
	kmem_cache_free(c, a);
	KT_EXPECT_EQ(t, kmem_cache_destroy(c), 0);
	slabinfo_show(buf, sizeof(buf));
	KT_EXPECT(t, !strstr(buf, "\nkt_info "));
}

static struct ktest_case slab_cases[] = {
	KTEST_CASE(slab_ctor_and_reuse),
	KTEST_CASE(slab_stats_and_keep),
	KTEST_CASE(slab_bad_args),
	KTEST_CASE(slab_slabinfo),
	{}
};
KTEST_SUITE(slab, slab_cases);
