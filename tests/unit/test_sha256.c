// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* SHA-256: FIPS 180-4 example vectors, padding boundaries, streaming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

static void hex(const uint8_t d[JH_SHA256_LEN], char out[2 * JH_SHA256_LEN + 1])
{
	for (int i = 0; i < JH_SHA256_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_digest(const void *msg, size_t len, const char *want)
{
	uint8_t d[JH_SHA256_LEN];
	char got[2 * JH_SHA256_LEN + 1];

	jh_sha256(msg, len, d, NULL);
	hex(d, got);
	assert_string_equal(got, want);
}

static void test_empty(void **state)
{
	(void)state;
	check_digest("", 0,
		     "e3b0c44298fc1c149afbf4c8996fb924"
		     "27ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
	(void)state;
	check_digest("abc", 3,
		     "ba7816bf8f01cfea414140de5dae2223"
		     "b00361a396177a9cb410ff61f20015ad");
}

static void test_448bit(void **state)
{
	const char *m =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	check_digest(m, strlen(m),
		     "248d6a61d20638b8e5c026930c3e6039"
		     "a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896bit(void **state)
{
	const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
			"ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
			"mnopqrstnopqrstu";

	(void)state;
	check_digest(m, strlen(m),
		     "cf5b16a778af8380036ce59e7b049237"
		     "0b249b11e8f07a51afac45037afee9d1");
}

/* one million 'a', fed in uneven pieces so that the buffered path, the
 * whole-block path and the tail path are all used */
static void test_million_a(void **state)
{
	static const char want[] = "cdc76e5c9914fb9281a1c7e284d73e67"
				   "f1809a48a497200e046d39ccc7112cd0";
	static const size_t pieces[] = { 1, 63, 64, 65, 7, 1000, 3, 4096 };
	uint8_t buf[4096], d[JH_SHA256_LEN];
	char got[2 * JH_SHA256_LEN + 1];
	struct jh_sha256 c;
	size_t done = 0, i = 0;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	jh_sha256_init(&c, NULL);
	while (done < 1000000) {
		size_t n = pieces[i++ % JH_ARRAY_SIZE(pieces)];

		if (n > 1000000 - done)
			n = 1000000 - done;
		jh_sha256_update(&c, buf, n);
		done += n;
	}
	jh_sha256_final(&c, d);
	hex(d, got);
	assert_string_equal(got, want);
}

/* lengths around the 55/56/64-byte padding boundaries (values from an
 * independent implementation: Python's hashlib) */
static void test_padding_boundaries(void **state)
{
	static const struct {
		size_t len;
		const char *want;
	} v[] = {
		{ 55, "16fa57a0a3423a715d594516339f36189d6b5f93754a9714fef20261"
		      "6a9fabfe" },
		{ 56, "c37b44e5f1b18554b36966f4f8e08bfbf3164c4b6c10374d12d89850"
		      "892073c5" },
		{ 57, "12b234922502022f755ab8550a3d4e202ad39c81d961a4f59ec39d5f"
		      "d83d15a7" },
		{ 63, "bbba992d2c85af960fb2987a1fd05e0aa82a3db3c740dd8982a9e273"
		      "b75e36a3" },
		{ 64, "66bd4633ed6f71c4ecfa4763bf7ba1c8ec7612de9aa6c0578a7b6752"
		      "07c71e0b" },
		{ 65, "9f7dc47107b750a1f3d35db5d9547f24ef40da5b731b9540d4f43710"
		      "a154f6c9" },
		{ 119, "a3ed307b730fa77c07531300c6e4a282330011d4d4caf6bb7b63ae0"
		       "5950f4b66" },
		{ 120, "8e3b15d9fea7472655aa069620b7f8c2e55ee1499f763200a7515fe"
		       "826e99d20" },
		{ 127, "44480fb9672845177f5368a08b69ea263275f2a5ec42e06a933370f"
		       "e0d2968a4" },
		{ 128, "e462c130fef8c97e34f7dc3ff3ad2f8b3533ab849af21c10531552a"
		       "2852387a4" },
	};
	uint8_t msg[128];

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < JH_ARRAY_SIZE(v); i++)
		check_digest(msg, v[i].len, v[i].want);
}

/* every split point of a 200-byte message gives the one-shot digest */
static void test_split_anywhere(void **state)
{
	uint8_t msg[200], once[JH_SHA256_LEN], twice[JH_SHA256_LEN];
	struct jh_sha256 c;

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i ^ 0x5a);
	jh_sha256(msg, sizeof(msg), once, NULL);
	for (size_t cut = 0; cut <= sizeof(msg); cut++) {
		jh_sha256_init(&c, NULL);
		jh_sha256_update(&c, msg, cut);
		jh_sha256_update(&c, msg + cut, sizeof(msg) - cut);
		jh_sha256_final(&c, twice);
		assert_memory_equal(once, twice, JH_SHA256_LEN);
	}
}

/* the `blocks` hook is what does the compression */
static size_t hook_blocks;

static void counting_blocks(uint32_t st[8], const uint8_t *p, size_t n)
{
	hook_blocks += n;
	jh_sha256_blocks_portable(st, p, n);
}

static void test_blocks_hook(void **state)
{
	uint8_t msg[300] = { 0 }, a[JH_SHA256_LEN], b[JH_SHA256_LEN];

	(void)state;
	hook_blocks = 0;
	jh_sha256(msg, sizeof(msg), a, counting_blocks);
	/* 300 bytes + 9 bytes of padding = 5 blocks */
	assert_int_equal(hook_blocks, 5);
	jh_sha256(msg, sizeof(msg), b, NULL);
	assert_memory_equal(a, b, JH_SHA256_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_448bit),
		cmocka_unit_test(test_896bit),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_padding_boundaries),
		cmocka_unit_test(test_split_anywhere),
		cmocka_unit_test(test_blocks_hook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
