// SPDX-License-Identifier: GPL-2.0
/*
 * Static keys (<mosaic/jump_label.h>): each static_branch_unlikely()
 * site is a 5-byte no-op listed in __jump_table; changing a key rewrites
 * every one of its sites into a jmp to the site's out-of-line block, or
 * back into the no-op.
 *
 * The kernel's text is mapped read-only (W^X), so the bytes are written
 * through the direct map's alias of the same frames, with interrupts off
 * so no handler runs a half-written site, and the CPU serialised after
 * (CPUID) before anything runs the new code. One CPU runs kernel code
 * today; other CPUs would need the breakpoint-first rewrite Linux's
 * text_poke_bp() does, with an IPI to serialise each of them.
 */
#include <asm/jump_label.h>
#include <asm/page.h>
#include <mosaic/irq.h>
#include <mosaic/jump_label.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>

extern const struct jump_entry __start___jump_table[];
extern const struct jump_entry __stop___jump_table[];

#define JMP_REL32 0xe9

static const u8 site_nop[JUMP_LABEL_SITE_SIZE] = { JUMP_LABEL_NOP5 };
/* Serialises key changes: two of them must not interleave their sites. */
static DEFINE_SPINLOCK_IRQ(jump_label_lock);

#define for_each_jump_entry(e) \
	for (e = __start___jump_table; e < __stop___jump_table; e++)

static void serialize_cpu(void)
{
	u32 eax = 0, ebx, ecx = 0, edx;

	__asm__ __volatile__("cpuid"
			     : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx)
			     :
			     : "memory");
}

/* Interrupts off: the bytes at @addr, through the writable alias. */
static void text_poke(unsigned long addr, const u8 *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		u8 *alias = phys_to_virt(virt_to_phys((void *)(addr + i)));

		WRITE_ONCE(*alias, bytes[i]);
	}
	serialize_cpu();
}

static void site_bytes(const struct jump_entry *e, bool on,
		       u8 out[JUMP_LABEL_SITE_SIZE])
{
	s32 rel;

	if (!on) {
		memcpy(out, site_nop, sizeof(site_nop));
		return;
	}
	rel = (s32)(long)(e->target - (e->code + JUMP_LABEL_SITE_SIZE));
	out[0] = JMP_REL32;
	memcpy(out + 1, &rel, sizeof(rel));
}

bool jump_label_site_is(const struct jump_entry *e, bool on)
{
	u8 bytes[JUMP_LABEL_SITE_SIZE];

	site_bytes(e, on, bytes);
	return !memcmp((const void *)e->code, bytes, sizeof(bytes));
}

bool static_key_sites_follow(const struct static_key *key)
{
	const struct jump_entry *e;

	for_each_jump_entry(e)
		if (e->key == key && !jump_label_site_is(e, key->enabled))
			return false;
	return true;
}

void static_key_set(struct static_key *key, bool on)
{
	const struct jump_entry *e;
	unsigned long flags = spin_lock_irqsave(&jump_label_lock);

	if (key->enabled != on) {
		WRITE_ONCE(key->enabled, on);
		for_each_jump_entry(e) {
			u8 bytes[JUMP_LABEL_SITE_SIZE];

			if (e->key != key)
				continue;
			site_bytes(e, on, bytes);
			text_poke(e->code, bytes, sizeof(bytes));
		}
	}
	spin_unlock_irqrestore(&jump_label_lock, flags);
}

void static_key_enable(struct static_key *key)
{
	static_key_set(key, true);
}

void static_key_disable(struct static_key *key)
{
	static_key_set(key, false);
}

unsigned int jump_label_sites(const struct static_key *key)
{
	const struct jump_entry *e;
	unsigned int n = 0;

	for_each_jump_entry(e)
		n += e->key == key;
	return n;
}

const struct jump_entry *jump_label_first(const struct static_key *key)
{
	const struct jump_entry *e;

	for_each_jump_entry(e)
		if (e->key == key)
			return e;
	return NULL;
}

/*
 * A site that is not the no-op, or a target outside the text, means the
 * table and the code disagree: patching it would corrupt an instruction.
 */
void jump_label_init(void)
{
	extern char _text[], _etext[];
	const struct jump_entry *e;
	unsigned long text = (unsigned long)_text, etext = (unsigned long)_etext;

	for_each_jump_entry(e) {
		if (e->code < text || e->code + JUMP_LABEL_SITE_SIZE > etext ||
		    e->target < text || e->target >= etext ||
		    !jump_label_site_is(e, false))
			panic("jump_label: bad site %#lx -> %#lx in __jump_table",
			      e->code, e->target);
		if (e->key->enabled)
			panic("jump_label: key of site %#lx enabled before boot",
			      e->code);
	}
	pr_info("jump_label: %ld static branch sites\n",
		(long)(__stop___jump_table - __start___jump_table));
}
