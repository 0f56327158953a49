// SPDX-License-Identifier: GPL-2.0
/*
 * copy_{from,to}_user and friends against a mapped, a read-only and an
 * unmapped page of a hand-made address space loaded in the test thread,
 * and addresses outside the user half; and SMAP against plain access.
 */
#include <asm/page.h>
#include <asm/smap.h>
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/mmap.h>
#include <mosaic/mm_types.h>
#include <mosaic/page.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/uaccess.h>
#include <mosaic/vmm.h>

#include "user_space_ktest.h"

#define USER_DATA_VA 0x500000UL	/* read-write */
#define USER_RO_VA 0x501000UL		/* read-only */
#define USER_HOLE_VA 0x502000UL		/* never mapped */

void *us_map(struct user_space *us, unsigned long va, unsigned long flags)
{
	phys_addr_t pa;
	void *kva;

	if (us->pages == USER_SPACE_PAGES || frame_alloc(0, &pa))
		return NULL;
	if (vmm_map_page(us->mm, va, pa, flags | VMM_USER)) {
		frame_free(pa, 0);
		return NULL;
	}
	kva = phys_to_virt(pa);
	memset(kva, 0, PAGE_SIZE);
	us->va[us->pages] = va;
	us->pa[us->pages++] = pa;
	return kva;
}

void us_destroy(struct user_space *us)
{
	for (int i = 0; i < us->pages; i++) {
		vmm_unmap_page(us->mm, us->va[i], NULL);
		frame_free(us->pa[i], 0);
	}
	mm_put(us->mm);
}

/* The uaccess cases run in the test thread with a hand-made mm loaded. */
struct uaccess_env {
	struct user_space us;
	char *data, *ro;
};

static bool uaccess_env_begin(struct ktest *t, struct uaccess_env *e)
{
	memset(e, 0, sizeof(*e));
	e->us.mm = mm_create();
	if (e->us.mm) {
		e->data = us_map(&e->us, USER_DATA_VA, VMM_WRITE | VMM_NX);
		e->ro = us_map(&e->us, USER_RO_VA, VMM_NX);
	}
	if (!e->data || !e->ro) {
		if (e->us.mm)
			us_destroy(&e->us);
		ktest_fail_at(t, __FILE__, __LINE__, "no memory");
		return false;
	}
	current()->mm = e->us.mm;
	mm_activate(e->us.mm);
	return true;
}

static void uaccess_env_end(struct uaccess_env *e)
{
	current()->mm = NULL;
	mm_activate(&init_mm);
	us_destroy(&e->us);
}

#define UPTR(va) ((void __user *)(va))

static void test_copy_user_good_and_bad(struct ktest *t)
{
	struct uaccess_env e;
	char buf[16], back[16];
	int faults = last_fixed_fault.count;

	if (!uaccess_env_begin(t, &e))
		return;
	memcpy(buf, "0123456789abcdef", 16);
	KT_EXPECT_EQ(t, copy_to_user(UPTR(USER_DATA_VA + 8), buf, 16), 0);
	KT_EXPECT(t, !memcmp(e.data + 8, buf, 16));
	KT_EXPECT_EQ(t, copy_from_user(back, UPTR(USER_DATA_VA + 8), 16), 0);
	KT_EXPECT(t, !memcmp(back, buf, 16));
	/* A read-only page refuses the write (CR0.WP), reads work. */
	KT_EXPECT_EQ(t, copy_to_user(UPTR(USER_RO_VA), buf, 16), 16);
	KT_EXPECT_EQ(t, copy_from_user(back, UPTR(USER_RO_VA), 16), 0);
	/* A copy running off the end stops at the hole and says so. */
	KT_EXPECT_EQ(t, copy_from_user(back, UPTR(USER_HOLE_VA - 8), 16), 8);
	KT_EXPECT_EQ(t, back[8], 0);	/* the rest zeroed */
	KT_EXPECT_EQ(t, copy_to_user(UPTR(USER_RO_VA - 4), buf, 16), 12);
	KT_EXPECT(t, !memcmp(e.data + PAGE_SIZE - 4, buf, 4));
	KT_EXPECT(t, last_fixed_fault.count > faults);
	/* Outside the user half: refused before any access. */
	faults = last_fixed_fault.count;
	KT_EXPECT_EQ(t, copy_from_user(back, UPTR(0UL), 16), 16);
	KT_EXPECT_EQ(t, copy_from_user(back, UPTR(0xffffffff80100000UL), 16),
		     16);
	KT_EXPECT_EQ(t, copy_to_user(UPTR(0x0000800000000000UL), buf, 1), 1);
	KT_EXPECT_EQ(t, copy_to_user(UPTR(TASK_SIZE_MAX - 8), buf, 16), 16);
	/* A length that wraps past the user half (the buffer is never read). */
	KT_EXPECT_EQ(t, copy_to_user(UPTR(USER_DATA_VA), buf, ~0UL >> 1),
		     ~0UL >> 1);
	KT_EXPECT_EQ(t, copy_to_user(UPTR(USER_DATA_VA), buf, ~0UL), ~0UL);
	KT_EXPECT_EQ(t, last_fixed_fault.count, faults + 1);	/* NULL only */
	uaccess_env_end(&e);
}

static void test_strncpy_and_clear_user(struct ktest *t)
{
	struct uaccess_env e;
	char s[16];

	if (!uaccess_env_begin(t, &e))
		return;
	strscpy(e.data, "hello", 16);
	KT_EXPECT_EQ(t, strncpy_from_user(s, UPTR(USER_DATA_VA), 16), 5);
	KT_EXPECT(t, !strcmp(s, "hello"));
	KT_EXPECT_EQ(t, strncpy_from_user(s, UPTR(USER_DATA_VA), 3), 3);
	/* Unterminated up to the hole: a fault, not a read beyond. */
	memset(e.ro, 'x', PAGE_SIZE);
	KT_EXPECT_EQ(t, strncpy_from_user(s, UPTR(USER_HOLE_VA - 4), 16),
		     -EFAULT);
	KT_EXPECT_EQ(t, strncpy_from_user(s, UPTR(0xffff800000000000UL), 16),
		     -EFAULT);
	KT_EXPECT_EQ(t, clear_user(UPTR(USER_DATA_VA), 3), 0);
	KT_EXPECT_EQ(t, e.data[0] | e.data[1] | e.data[2], 0);
	KT_EXPECT_EQ(t, e.data[3], 'l');
	KT_EXPECT_EQ(t, clear_user(UPTR(USER_RO_VA), 8), 8);
	KT_EXPECT_EQ(t, e.ro[0], 'x');
	uaccess_env_end(&e);
}

/* With SMAP the kernel's own plain access to a user page faults. */
static void test_smap_blocks_plain_access(struct ktest *t)
{
	struct uaccess_env e;
	u8 val = 0;

	if (!uaccess_env_begin(t, &e))
		return;
	e.data[0] = 7;
	ktest_log(t, "SMAP %s, SMEP %s", x86_smap_enabled ? "on" : "off",
		  x86_smep_enabled ? "on" : "off");
	KT_EXPECT_EQ(t, probe_read_byte((const void *)USER_DATA_VA, &val),
		     x86_smap_enabled ? -EFAULT : 0);
	KT_EXPECT_EQ(t, val, x86_smap_enabled ? 0 : 7);
	uaccess_env_end(&e);
}

/*
 * A user copy into an area nothing has touched yet pages it in through
 * vm_fault() (under the demand pager) and succeeds; once the area is
 * read-only the same copy fails with nothing written.
 */
static void test_copy_user_pages_in_areas(struct ktest *t)
{
	struct mm *mm = mm_create();
	char buf[16] = "fault me in ok!", back[16];
	long addr;

	KT_ASSERT(t, mm);
	current()->mm = mm;
	mm_activate(mm);
	addr = vm_mmap(mm, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	KT_EXPECT(t, addr > 0 && !(addr & (PAGE_SIZE - 1)));
	if (addr > 0) {
		void __user *p = UPTR(addr + PAGE_SIZE - 8);

		KT_EXPECT_EQ(t, copy_to_user(p, buf, 16), 0);
		KT_EXPECT_EQ(t, copy_from_user(back, p, 16), 0);
		KT_EXPECT(t, !memcmp(back, buf, 16));
		KT_EXPECT_EQ(t, strncpy_from_user(back, p, 16), 15);
		KT_EXPECT_EQ(t, vm_mprotect(mm, addr, 2 * PAGE_SIZE,
					    PROT_READ), 0);
		KT_EXPECT_EQ(t, copy_to_user(UPTR(addr), buf, 16), 16);
		KT_EXPECT_EQ(t, clear_user(p, 16), 16);
		KT_EXPECT_EQ(t, copy_from_user(back, p, 16), 0);
		KT_EXPECT(t, !memcmp(back, buf, 16));
		KT_EXPECT_EQ(t, vm_munmap(mm, addr, 2 * PAGE_SIZE), 0);
		KT_EXPECT_EQ(t, copy_from_user(back, p, 16), 16);
	}
	current()->mm = NULL;
	mm_activate(&init_mm);
	mm_put(mm);
}

static struct ktest_case uaccess_cases[] = {
	KTEST_CASE(test_copy_user_good_and_bad),
	KTEST_CASE(test_strncpy_and_clear_user),
	KTEST_CASE(test_smap_blocks_plain_access),
	KTEST_CASE(test_copy_user_pages_in_areas),
	{}
};
KTEST_SUITE(uaccess, uaccess_cases);
