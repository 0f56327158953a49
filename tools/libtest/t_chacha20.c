// SPDX-License-Identifier: GPL-2.0
/*
 * lib/chacha20.c against the test vectors of RFC 8439: the block function
 * (2.3.2), the encryption example (2.4.2) and the keystream vectors of
 * Appendix A.1, plus the xor path split at every length and in place.
 */
#include <mosaic/chacha20.h>

#include <stdio.h>
#include <string.h>

#include "libtest.h"

/* Parse a hex string (spaces allowed) into out; returns bytes written. */
static size_t unhex(const char *hex, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned int v;

	while (*hex && n < max) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		if (sscanf(hex, "%2x", &v) != 1)
			break;
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return n;
}

static void key_0_to_31(u8 *key)
{
	for (int i = 0; i < CHACHA20_KEY_SIZE; i++)
		key[i] = (u8)i;
}

struct block_vector {
	const char *name;
	const char *key;	/* NULL: bytes 0x00..0x1f */
	u32 counter;
	const char *nonce;
	const char *keystream;
};

static const struct block_vector block_vectors[] = {
	{ "2.3.2", NULL, 1, "000000090000004a00000000",
	  "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
	  "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e" },
	{ "A.1 #1",
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  0, "000000000000000000000000",
	  "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	  "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586" },
	{ "A.1 #2",
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  1, "000000000000000000000000",
	  "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
	  "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f" },
	{ "A.1 #3",
	  "0000000000000000000000000000000000000000000000000000000000000001",
	  1, "000000000000000000000000",
	  "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
	  "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0" },
	{ "A.1 #4",
	  "00ff000000000000000000000000000000000000000000000000000000000000",
	  2, "000000000000000000000000",
	  "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
	  "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096" },
	{ "A.1 #5",
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  0, "000000000000000000000002",
	  "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
	  "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d" },
};

HOSTTEST(chacha20_rfc8439_block_vectors)
{
	for (size_t v = 0; v < sizeof(block_vectors) / sizeof(block_vectors[0]); v++) {
		const struct block_vector *bv = &block_vectors[v];
		u8 key[CHACHA20_KEY_SIZE], nonce[CHACHA20_NONCE_SIZE];
		u8 want[CHACHA20_BLOCK_SIZE], got[CHACHA20_BLOCK_SIZE];

		if (bv->key)
			CHECK_EQ(unhex(bv->key, key, sizeof(key)), sizeof(key));
		else
			key_0_to_31(key);
		CHECK_EQ(unhex(bv->nonce, nonce, sizeof(nonce)), sizeof(nonce));
		CHECK_EQ(unhex(bv->keystream, want, sizeof(want)), sizeof(want));
		chacha20_block(key, bv->counter, nonce, got);
		if (memcmp(got, want, sizeof(want)) != 0)
			hosttest_fail(__FILE__, __LINE__,
				      "RFC 8439 %s: keystream differs", bv->name);
	}
}

static const char sunscreen[] =
	"Ladies and Gentlemen of the class of '99: If I could offer you only "
	"one tip for the future, sunscreen would be it.";

static const char sunscreen_ciphertext[] =
	"6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	"f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	"07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	"5af90bbf74a35be6b40b8eedf2785e42874d";

/* RFC 8439 2.4.2: 114 bytes from counter 1. */
HOSTTEST(chacha20_rfc8439_encryption)
{
	u8 key[CHACHA20_KEY_SIZE], nonce[CHACHA20_NONCE_SIZE];
	u8 want[sizeof(sunscreen) - 1], got[sizeof(sunscreen) - 1];

	key_0_to_31(key);
	unhex("000000000000004a00000000", nonce, sizeof(nonce));
	CHECK_EQ(unhex(sunscreen_ciphertext, want, sizeof(want)), 114);
	chacha20_xor(key, 1, nonce, (const u8 *)sunscreen, got, sizeof(got));
	CHECK(memcmp(got, want, sizeof(want)) == 0);
	/* Decrypting in place gives the text back. */
	chacha20_xor(key, 1, nonce, got, got, sizeof(got));
	CHECK(memcmp(got, sunscreen, sizeof(got)) == 0);
}

/* Any length: the stream is the concatenated blocks, cut where asked. */
HOSTTEST(chacha20_xor_lengths)
{
	u8 key[CHACHA20_KEY_SIZE], nonce[CHACHA20_NONCE_SIZE] = { 7 };
	u8 stream[3 * CHACHA20_BLOCK_SIZE], zero[sizeof(stream)] = { 0 };
	u8 out[sizeof(stream)];

	key_0_to_31(key);
	for (int b = 0; b < 3; b++)
		chacha20_block(key, 5 + (u32)b, nonce,
			       stream + b * CHACHA20_BLOCK_SIZE);
	for (size_t len = 0; len <= sizeof(stream); len++) {
		memset(out, 0xa5, sizeof(out));
		chacha20_xor(key, 5, nonce, zero, out, len);
		CHECK(memcmp(out, stream, len) == 0);
		if (len < sizeof(out))
			CHECK_EQ(out[len], 0xa5);	/* nothing past len */
	}
}

HOSTTEST(chacha20_wipe_zeroes)
{
	u8 buf[37];

	memset(buf, 0xff, sizeof(buf));
	chacha20_wipe(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0);
}
