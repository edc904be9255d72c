/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Fault injection for tests: a 256-byte NUL-padded ASCII buffer in .data
 * that starts with the marker and is patched in a copy of standin.bin
 * (tests/standin/standin_faults.py). Grammar (space-separated items):
 *   STEP=ERRNO | STEP@NAME=ERRNO | lose-start@NAME=N | no-banner
 *   STEP = entry | create | loadable | start | destroy | getstate
 * ERRNO is a decimal errno, negative as returned (a positive one is
 * negated). Unknown items are reported and ignored.
 */
#include "standin.h"

#define MARKER_LEN 15 /* "STANDIN-FAULTS:" */
#define MAX_FAULTS 8

char standin_faults[256] = "STANDIN-FAULTS:";

static struct fault {
	u8 step;
	bool any_name;
	char name[JH_CELL_NAME_MAXLEN + 1];
	long value; /* errno, or remaining lost starts */
} faults[MAX_FAULTS];
static unsigned int num_faults;
static bool no_banner;

static const char step_names[] =
	"entry\0create\0loadable\0start\0destroy\0getstate\0lose-start\0";

static const char *step_name(unsigned int step)
{
	const char *s = step_names;

	while (step--)
		while (*s++)
			;
	return s;
}

static bool word_is(const char *w, unsigned int len, const char *lit)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		if (lit[i] != w[i])
			return false;
	return lit[i] == 0;
}

static bool parse_long(const char *s, unsigned int len, long *out)
{
	bool neg = false;
	long v = 0;
	unsigned int i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i++;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > 100000)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

static bool parse_item(const char *w, unsigned int len)
{
	unsigned int k = 0, at = len, eq = len, step;
	struct fault *f = &faults[num_faults];

	if (word_is(w, len, "no-banner")) {
		no_banner = true;
		return true;
	}
	for (k = 0; k < len; k++) {
		if (w[k] == '@' && at == len && eq == len)
			at = k;
		if (w[k] == '=' && eq == len)
			eq = k;
	}
	if (eq == len || num_faults == MAX_FAULTS)
		return false;
	for (step = 0; step < F_NUM_STEPS; step++)
		if (word_is(w, at < eq ? at : eq, step_name(step)))
			break;
	if (step == F_NUM_STEPS || (step == F_LOSE_START && at == len) ||
	    (step == F_ENTRY && at != len) ||
	    !parse_long(w + eq + 1, len - eq - 1, &f->value))
		return false;
	if (at < eq && (eq - at - 1 == 0 || eq - at - 1 > JH_CELL_NAME_MAXLEN))
		return false;
	f->step = (u8)step;
	f->any_name = at == len;
	if (!f->any_name)
		mem_cpy(f->name, w + at + 1, eq - at - 1);
	if (step != F_LOSE_START && f->value > 0)
		f->value = -f->value;
	num_faults++;
	return true;
}

void faults_parse(void)
{
	const char *s = standin_faults + MARKER_LEN;
	const char *end = standin_faults + sizeof(standin_faults);

	while (s < end && *s) {
		unsigned int len = 0;

		if (*s == ' ') {
			s++;
			continue;
		}
		while (s + len < end && s[len] && s[len] != ' ')
			len++;
		if (!parse_item(s, len))
			pr("standin: ignoring bad fault item at offset %u\n",
			   (unsigned int)(s - standin_faults));
		s += len;
	}
}

bool faults_no_banner(void)
{
	return no_banner;
}

static struct fault *find(enum fault_step step, const char *name)
{
	for (unsigned int i = 0; i < num_faults; i++) {
		struct fault *f = &faults[i];

		if (f->step == step &&
		    (f->any_name ||
		     (name && str_eq(f->name, name, sizeof(f->name)))))
			return f;
	}
	return NULL;
}

/* 0, or the errno the step must fail with (printed when it fires). */
long fault_check(enum fault_step step, const char *name)
{
	struct fault *f = find(step, name);

	if (!f)
		return 0;
	pr("standin: injecting %s failure %ld\n", step_name(step), f->value);
	return f->value;
}

/* True while the lost-START budget of this cell is not used up. */
bool fault_lose_start(const char *name)
{
	struct fault *f = find(F_LOSE_START, name);

	if (!f || f->value <= 0)
		return false;
	f->value--;
	pr("standin: injecting lose-start of cell \"%s\" (%ld left)\n", name,
	   f->value);
	return true;
}
