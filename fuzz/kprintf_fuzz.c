/*
 * kprintf_fuzz.c -- libFuzzer target: chapter 2's formatter, kvformat, through
 * ksnprintf.
 *
 * The input is read as a list of conversions within the formatter's
 * contract: flags '-' and '0', a width (digits, or '*' with an int
 * argument), a length ('', 'l', 'll', 'z'), and a conversion from
 * d i u x X p s c % or any other byte (printed as is). Each gets an
 * argument of the type it promises, taken from the input. Checks:
 *   - ksnprintf writes nothing past its buffer (AddressSanitizer: the
 *     buffer is a malloc of exactly the size passed), always terminates
 *     it, and returns the length of the whole output;
 *   - for the conversions C defines the same way (d i u x X s c, with
 *     '-', '0' on numbers only, width), the text is exactly what the C
 *     library's snprintf prints.
 * Built from the checkpoint's own kernel/kprintf.c (chapter 2's; its
 * formatter is the same text in every later checkpoint).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kprintf.h"

void console_putc(char c);
void console_putc(char c)
{
	(void)c;
}

struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t byte(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint64_t word(struct input *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | byte(in);
	return v;
}

static void fail(const char *fmt, const char *why, const char *seen,
		 const char *want)
{
	fprintf(stderr, "kprintf fuzz: format \"%s\": %s\n  kernel: \"%s\"\n  libc:   \"%s\"\n",
		fmt, why, seen, want ? want : "");
	abort();
}

/* Format one conversion with ksnprintf into a buffer of n bytes, and
 * with the C library into a big one; compare when C agrees by contract. */
#define ONE(comparable, ...)						\
	do {								\
		char *buf = malloc(n ? n : 1);				\
		char want[8192];					\
		int len = ksnprintf(buf, n, fmt, __VA_ARGS__);		\
		int full = ksnprintf(big, sizeof(big), fmt, __VA_ARGS__); \
									\
		if (len != full || len != (int)strlen(big))		\
			fail(fmt, "the returned length is not the output's", big, NULL); \
		if (n && (strlen(buf) >= n || strncmp(buf, big, n - 1)))	\
			fail(fmt, "the truncated buffer is not a prefix", buf, big); \
		if (comparable) {					\
			snprintf(want, sizeof(want), fmt, __VA_ARGS__);	\
			if (strcmp(big, want))				\
				fail(fmt, "differs from the C library", big, want); \
		}							\
		free(buf);						\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char convs[] = "diuxXpsc%";
	static char big[8192];
	struct input in = { data, size };

	while (in.left) {
		char fmt[32], *f = fmt;
		uint8_t flags = byte(&in), c = byte(&in);
		size_t n = byte(&in) % 64;
		int width = byte(&in) % 40;
		int w = (int)(int8_t)byte(&in);	/* for '*': negative means '-' */
		uint8_t b = byte(&in);
		uint64_t v = word(&in);
		char s[17];
		int star = flags & 0x40;
		char conv = c < 200 ? convs[c % 9] : (char)(c | 1);
		int len_mod = (flags >> 3) & 3;	/* 0 none, 1 l, 2 ll, 3 z */
		int numeric = strchr("diuxX", conv) != NULL;
		int comparable = conv && strchr("diuxXsc", conv) && !(flags & 0x80) &&
			(numeric || !(flags & 2));

		if (conv == '\0' || conv == '%')
			comparable = 0;
		*f++ = '%';
		if (flags & 1)
			*f++ = '-';
		if (flags & 2)
			*f++ = '0';
		if (star)
			*f++ = '*';
		else if (flags & 4)
			f += sprintf(f, "%d", width);
		if (numeric && len_mod == 1)
			*f++ = 'l';
		if (numeric && len_mod == 2)
			f += sprintf(f, "ll");
		if (numeric && len_mod == 3)
			*f++ = 'z';
		*f++ = conv;
		*f = '\0';
		snprintf(s, sizeof(s), "%.*s", (int)(b % 17), "abcdefghijklmnop");
		if (star) {
			switch (conv) {
			case 'd': case 'i': case 'u': case 'x': case 'X':
				if (len_mod == 2)
					ONE(comparable, w, (long long)v);
				else if (len_mod == 1 || len_mod == 3)
					ONE(comparable, w, (long)v);
				else
					ONE(comparable, w, (int)v);
				break;
			case 's':
				ONE(comparable, w, s);
				break;
			case 'c':
				ONE(comparable, w, (int)(b | 1));
				break;
			case 'p':
				ONE(0, w, (void *)(uintptr_t)v);
				break;
			default:
				break;	/* no argument: '%' and unknown ones */
			}
			continue;
		}
		switch (conv) {
		case 'd': case 'i': case 'u': case 'x': case 'X':
			if (len_mod == 2)
				ONE(comparable, (long long)v);
			else if (len_mod == 1 || len_mod == 3)
				ONE(comparable, (long)v);
			else
				ONE(comparable, (int)v);
			break;
		case 's':
			ONE(comparable, s);
			break;
		case 'c':
			ONE(comparable, (int)(b | 1));
			break;
		case 'p':
			ONE(0, (void *)(uintptr_t)v);
			break;
		default:
			ONE(0, 0);	/* '%' and unknown conversions take none */
			break;
		}
	}
	return 0;
}
