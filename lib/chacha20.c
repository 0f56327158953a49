// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20 as RFC 8439 specifies it: a 4x4 matrix of 32-bit words (four
 * constants, the key, the counter, the nonce) through 20 rounds of
 * add-rotate-xor, added back to itself. Words are read and written
 * little-endian byte by byte, so the result does not depend on the host.
 */
#include <mosaic/chacha20.h>
#include <mosaic/compiler.h>

#define CHACHA20_WORDS 16

static inline u32 rotl32(u32 v, unsigned int n)
{
	return (v << n) | (v >> (32 - n));
}

static inline u32 load_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline void store_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline void quarter_round(u32 *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 7);
}

/* "expand 32-byte k", key, counter, nonce (RFC 8439, 2.3). */
static void init_state(u32 *s, const u8 *key, u32 counter, const u8 *nonce)
{
	s[0] = 0x61707865;
	s[1] = 0x3320646e;
	s[2] = 0x79622d32;
	s[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		s[4 + i] = load_le32(key + 4 * i);
	s[12] = counter;
	for (int i = 0; i < 3; i++)
		s[13 + i] = load_le32(nonce + 4 * i);
}

void chacha20_block(const u8 key[CHACHA20_KEY_SIZE], u32 counter,
		    const u8 nonce[CHACHA20_NONCE_SIZE],
		    u8 out[CHACHA20_BLOCK_SIZE])
{
	u32 s[CHACHA20_WORDS], x[CHACHA20_WORDS];

	init_state(s, key, counter, nonce);
	for (int i = 0; i < CHACHA20_WORDS; i++)
		x[i] = s[i];
	for (int round = 0; round < 20; round += 2) {
		/* a column round, then a diagonal round */
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < CHACHA20_WORDS; i++)
		store_le32(out + 4 * i, x[i] + s[i]);
	chacha20_wipe(s, sizeof(s));
	chacha20_wipe(x, sizeof(x));
}

void chacha20_xor(const u8 key[CHACHA20_KEY_SIZE], u32 counter,
		  const u8 nonce[CHACHA20_NONCE_SIZE], const u8 *in, u8 *out,
		  size_t len)
{
	u8 ks[CHACHA20_BLOCK_SIZE];

	while (len) {
		size_t n = len < sizeof(ks) ? len : sizeof(ks);

		chacha20_block(key, counter++, nonce, ks);
		for (size_t i = 0; i < n; i++)
			out[i] = in[i] ^ ks[i];
		in += n;
		out += n;
		len -= n;
	}
	chacha20_wipe(ks, sizeof(ks));
}

void chacha20_wipe(void *p, size_t len)
{
	volatile u8 *b = p;

	while (len--)
		*b++ = 0;
	barrier();
}
