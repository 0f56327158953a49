/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ChaCha20 stream cipher of RFC 8439 (lib/chacha20.c): 256-bit key,
 * 96-bit nonce, 32-bit block counter. Freestanding, so the host tests
 * check it against the RFC's test vectors; the kernel's random number
 * generator (drivers/char/random.c) is built on chacha20_block().
 */
#ifndef _MOSAIC_CHACHA20_H
#define _MOSAIC_CHACHA20_H

#include <mosaic/types.h>

#define CHACHA20_KEY_SIZE 32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64

/* One 64-byte block of keystream for @counter (RFC 8439, 2.3). */
void chacha20_block(const u8 key[CHACHA20_KEY_SIZE], u32 counter,
		    const u8 nonce[CHACHA20_NONCE_SIZE],
		    u8 out[CHACHA20_BLOCK_SIZE]);

/* Encrypt or decrypt @len bytes from block @counter on (RFC 8439, 2.4);
 * @in and @out may be the same buffer. */
void chacha20_xor(const u8 key[CHACHA20_KEY_SIZE], u32 counter,
		  const u8 nonce[CHACHA20_NONCE_SIZE], const u8 *in, u8 *out,
		  size_t len);

/* Overwrite @len bytes in a way the compiler keeps (key material). */
void chacha20_wipe(void *p, size_t len);

#endif /* _MOSAIC_CHACHA20_H */
