/*
 * kbd_decode_fuzz.c -- libFuzzer target: chapter 8's scancode decoder.
 *
 * Any bytes go in. The decoder must stay within its documented states,
 * every event must name a key that exists, and afterwards the bytes a
 * real keyboard sends to release everything must bring it back: A then
 * types 'a' with no modifiers. Built from the checkpoint's own
 * kernel/kbd_decode.c (tangle/mk/fuzz.mk).
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include "kbd_decode.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "kbd_decode fuzz: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t release_all[] = {
		0xff, 0xaa, 0xb6, 0x9d, 0xb8, 0xe0, 0x9d, 0xe0, 0xb8, 0xba
	};
	struct kbd_decoder d;
	struct key_event ev;

	kbd_decoder_init(&d);
	for (size_t i = 0; i < size; i++) {
		if (kbd_decode(&d, data[i], &ev)) {
			check(ev.keycode != 0 && ev.keycode != KEY_EXTENDED,
			      "an event with no key");
			check(ev.keycode != (KEY_EXTENDED | KEY_LSHIFT) &&
			      ev.keycode != (KEY_EXTENDED | KEY_RSHIFT),
			      "a fake shift came out as a key");
			check(ev.pressed == !(data[i] & 0x80) || ev.keycode == KEY_PAUSE,
			      "an event's direction is not its byte's");
		}
		check(d.prefix == 0 || d.prefix == 0xe0 || d.prefix == 0xe1,
		      "prefix outside {0, e0, e1}");
		check(d.pause == 0 || d.pause == 0x1d || d.pause == 0x9d,
		      "pause state outside {0, 1d, 9d}");
	}
	for (size_t i = 0; i < sizeof(release_all); i++)
		(void)kbd_decode(&d, release_all[i], &ev);
	if (d.caps) {
		(void)kbd_decode(&d, 0x3a, &ev);
		(void)kbd_decode(&d, 0xba, &ev);
	}
	check(kbd_decode(&d, 0x1e, &ev) && ev.keycode == KEY_A && ev.pressed,
	      "A was not decoded after a reset");
	check(ev.ascii == 'a' && ev.mods == 0, "A after a reset did not type a");
	return 0;
}
