/* Fuzz target: command lines typed into a session.  The input is split
 * into lines; each runs as typed at the prompt, or, ending in '?', asks
 * for help, or, holding a TAB, asks for the completions of the text
 * before it.  Every outcome is fine but a crash, a sanitizer report or a
 * leak. */
#include <stdlib.h>
#include <string.h>

#include "../parser/matcher.h"
#include "fuzz_session.h"

#define MAX_LINES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vsh_session *s = fuzz_session_open();
	const char *p = (const char *)data, *end = p + size;

	for (int n = 0; p < end && n < MAX_LINES; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		const char *tab = memchr(p, '\t', len);
		if (tab) {
			char **v = NULL;
			size_t k = vsh_complete(s, p, (size_t)(tab - p), &v);
			parser_completions_free(v, k);
		} else if (len > 0 && p[len - 1] == '?') {
			vsh_help(s, p, len - 1, 0);
		} else {
			vsh_exec(s, p, len, 0);
		}
		if (s->quit_requested)
			break;
		p += len + (nl != NULL);
	}
	fuzz_session_close(s);
	return 0;
}
