/* Fuzz target: a configuration file as `vrpsh -f` loads it: every line
 * replayed in one batch session (indentation, "#", walk-up), then the
 * commit, and the configuration rendered again. */
#include "../shell/replay.h"
#include "fuzz_session.h"

static void discard_line(void *arg, const char *line, size_t len)
{
	(void)arg, (void)line, (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vsh_session *s = fuzz_session_open();
	vsh_replay r;

	s->batch = true;
	vsh_replay_init(&r, s, NULL, NULL);
	if (vsh_replay_text(&r, (const char *)data, size, false, NULL) == 0)
		vsh_commit(s);
	cfg_render(s->db, CFG_RUNNING, discard_line, NULL);
	fuzz_session_close(s);
	return 0;
}
