/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static keys: a branch that is almost always one way, compiled as a
 * patched no-op instead of a load, a test and a conditional jump.
 *
 *	static struct static_key tracing_key = STATIC_KEY_INIT_FALSE;
 *
 *	if (static_branch_unlikely(&tracing_key))
 *		slow_path();
 *
 *	static_key_enable(&tracing_key);	// rewrites every site
 *
 * Off, a site costs one no-op instruction and the out-of-line block
 * sits behind it; enabling rewrites each site of the key into a jmp.
 * Changing a key is slow (every site is patched and the CPU serialised):
 * for switches set at boot or by an operator, never on a hot path.
 */
#ifndef _MOSAIC_JUMP_LABEL_H
#define _MOSAIC_JUMP_LABEL_H

#include <asm/jump_label.h>
#include <mosaic/types.h>

struct static_key {
	bool enabled;
};

#define STATIC_KEY_INIT_FALSE { .enabled = false }

#define static_branch_unlikely(key) unlikely(arch_static_branch(key))

static inline bool static_key_enabled(const struct static_key *key)
{
	return READ_ONCE(key->enabled);
}

/* Set @key and patch its sites; both sleep-free, interrupts kept. */
void static_key_enable(struct static_key *key);
void static_key_disable(struct static_key *key);
void static_key_set(struct static_key *key, bool on);

/* Check that every site holds the no-op the compiler left (boot). */
void jump_label_init(void);

/* The sites of @key in the table (for tests). */
unsigned int jump_label_sites(const struct static_key *key);
/* Site @e holds the jmp (@on) or the no-op (!@on). */
bool jump_label_site_is(const struct jump_entry *e, bool on);
/* Every site of @key holds what the key's state asks for. */
bool static_key_sites_follow(const struct static_key *key);
/* The first site of @key in the table, or NULL. */
const struct jump_entry *jump_label_first(const struct static_key *key);

#endif /* _MOSAIC_JUMP_LABEL_H */
