// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * SHA-256 as specified in FIPS 180-4 §6.2. The block function is
 * replaceable (struct jh_sha256.blocks) so that the firmware can use the
 * Armv8 SHA-256 instructions; everything else (padding, length, byte order)
 * lives here once.
 */
#include "sha256.h"

/* FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
const uint32_t jh_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* §5.3.3: initial hash value */
static const uint32_t H0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* §4.1.2 functions */
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define BSIG1(x) (ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define SSIG0(x) (ror32(x, 7) ^ ror32(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ror32(x, 17) ^ ror32(x, 19) ^ ((x) >> 10))

void jh_sha256_blocks_portable(uint32_t state[8], const uint8_t *p,
			       size_t nblocks)
{
	uint32_t w[64];

	for (; nblocks; nblocks--, p += 64) {
		uint32_t a = state[0], b = state[1], c = state[2], d = state[3],
			 e = state[4], f = state[5], g = state[6], h = state[7];
		unsigned int t;

		/* §6.2.2 step 1: message schedule */
		for (t = 0; t < 16; t++)
			w[t] = load_be32(p + 4 * t);
		for (; t < 64; t++)
			w[t] = SSIG1(w[t - 2]) + w[t - 7] + SSIG0(w[t - 15]) +
			       w[t - 16];

		/* steps 2-3 */
		for (t = 0; t < 64; t++) {
			uint32_t t1 = h + BSIG1(e) + CH(e, f, g) +
				      jh_sha256_k[t] + w[t];
			uint32_t t2 = BSIG0(a) + MAJ(a, b, c);

			h = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}

		/* step 4 */
		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
		state[4] += e;
		state[5] += f;
		state[6] += g;
		state[7] += h;
	}
}

void jh_sha256_init(struct jh_sha256 *c, jh_sha256_blocks_fn blocks)
{
	memcpy(c->state, H0, sizeof(H0));
	c->total = 0;
	c->fill = 0;
	c->blocks = blocks ? blocks : jh_sha256_blocks_portable;
}

void jh_sha256_update(struct jh_sha256 *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	c->total += len;

	if (c->fill) {
		n = 64 - c->fill;
		if (n > len)
			n = len;
		memcpy(c->buf + c->fill, p, n);
		c->fill += n;
		p += n;
		len -= n;
		if (c->fill < 64)
			return;
		c->blocks(c->state, c->buf, 1);
		c->fill = 0;
	}

	/* whole blocks straight from the caller's buffer */
	n = len / 64;
	if (n) {
		c->blocks(c->state, p, n);
		p += n * 64;
		len -= n * 64;
	}

	if (len) {
		memcpy(c->buf, p, len);
		c->fill = len;
	}
}

void jh_sha256_final(struct jh_sha256 *c, uint8_t out[JH_SHA256_LEN])
{
	/* §5.1.1: a 1 bit, zeros, then the message length in bits (64-bit
	 * big-endian) so that the padded message is a multiple of 512 bits */
	uint64_t bits = c->total * 8;
	unsigned int i;

	c->buf[c->fill++] = 0x80;
	if (c->fill > 56) {
		memset(c->buf + c->fill, 0, 64 - c->fill);
		c->blocks(c->state, c->buf, 1);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, 56 - c->fill);
	store_be32(c->buf + 56, (uint32_t)(bits >> 32));
	store_be32(c->buf + 60, (uint32_t)bits);
	c->blocks(c->state, c->buf, 1);

	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->state[i]);

	/* do not leave message material behind */
	memset(c, 0, sizeof(*c));
}

void jh_sha256(const void *data, size_t len, uint8_t out[JH_SHA256_LEN],
	       jh_sha256_blocks_fn blocks)
{
	struct jh_sha256 c;

	jh_sha256_init(&c, blocks);
	jh_sha256_update(&c, data, len);
	jh_sha256_final(&c, out);
}
