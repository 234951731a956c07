/* Fuzz target: the telnet input path of a VTY: the login's line reader
 * (user name with echo, password without), then the relay that turns
 * the client's bytes into libcli's keys; the same bytes also go through
 * the relay as libcli's output. */
#include <stdlib.h>
#include <string.h>

#include "../cli/telnet_line.h"
#include "../cli/vty_relay.h"
#include "fuzz_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[1 << 16];
	cli_tline t;
	size_t at = 0;

	memset(&t, 0, sizeof t);
	for (int line = 0; at < size && line < 8; line++) {
		size_t used = 0, olen = 0;
		cli_tline_start(&t, line % 2 == 0);
		int ev = cli_tline_feed(&t, data + at, size - at, &used, out, sizeof out, &olen);
		at += used;
		if (ev == CLI_TLINE_EOF || used == 0)
			break;
	}
	cli_vty_relay_opts o = { .client_fd = -1, .inner_fd = -1, .typed = data + at,
				 .ntyped = size - at, .prev = t.prev };
	cli_vty_relay *r = cli_vty_relay_new(&o);
	if (!r)
		return 0;
	cli_vty_relay_feed(r, data, size);
	while (cli_vty_relay_take(r, false, out, sizeof out) > 0)
		;
	cli_vty_relay_output(r, (const char *)data, size);
	while (cli_vty_relay_take(r, true, out, sizeof out) > 0)
		;
	cli_vty_relay_free(r);
	return 0;
}
