/* The saved configuration files: display saved-configuration [ last ],
 * display configuration FILE, startup saved-configuration FILE.
 *
 * The files are those `save` writes into the state directory; which one
 * the next start would use, and which was saved last, is the store's
 * (store/files.c).  A file is shown as it is, line by line, through the
 * output filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/output.h"
#include "../shell/session.h"
#include "state.h"
#include "store.h"

static int need_store(vsh_session *s, char *err, size_t errlen)
{
	if (s->store)
		return 0;
	snprintf(err, errlen, "Error: There is no storage for the configuration.");
	return -1;
}

/* Show file `name` of the state directory. */
static int show_file(vsh_session *s, const parser_match *m, const char *name, char *err,
		     size_t errlen)
{
	char *buf;
	size_t len;
	int rc = store_read_file(s->store->st, name, &buf, &len);
	if (rc == 1) {
		snprintf(err, errlen, "Error: The file %s does not exist.", name);
		return -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "Error: The file %s cannot be read.", name);
		return -1;
	}
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (o) {
		for (size_t i = 0; i < len;) {
			const char *nl = memchr(buf + i, '\n', len - i);
			size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;
			size_t shown = n && buf[i + n - 1] == '\r' ? n - 1 : n;
			vsh_out_line(o, buf + i, shown);
			i += n + 1;
		}
		vsh_out_free(o);
	}
	free(buf);
	return o ? 0 : -1;
}

static int h_display_saved(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char next[STORE_FILE_NAME_MAX + 1], last[STORE_FILE_NAME_MAX + 1];
	const parser_value *v = parser_arg_get(m, "configuration-file");

	if (v) { /* display configuration FILE */
		if (vsh_check_file_name(v->str, err, errlen) != 0 || need_store(s, err, errlen) != 0)
			return -1;
		return show_file(s, m, v->str, err, errlen);
	}
	if (parser_kw(m, "configuration")) {
		/* The parameters of saving by itself: vrpsh saves only when told. */
		vsh_printf(s, "Auto save configuration status                    : Disable\n");
		return 0;
	}
	if (need_store(s, err, errlen) != 0)
		return -1;
	if (store_startup_get(s->store->st, next, last) != 0) {
		snprintf(err, errlen, "Error: The state directory cannot be read.");
		return -1;
	}
	bool want_last = parser_kw(m, "last");
	const char *name = want_last ? last : next;
	if (!name[0]) {
		vsh_printf(s, want_last ? "Info: No configuration has been saved.\n"
					: "Info: No configuration file is set for the next startup.\n");
		return 0;
	}
	return show_file(s, m, name, err, errlen);
}

static int h_startup_saved(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const parser_value *v = parser_arg_get(m, "configuration-file");
	char e[256];

	if (vsh_check_file_name(v->str, err, errlen) != 0 || need_store(s, err, errlen) != 0)
		return -1;
	if (store_startup_set(s->store->st, v->str, e, sizeof e) != 0) {
		snprintf(err, errlen, "Error: The configuration file cannot be set (%s).", e);
		return -1;
	}
	return 0;
}

static const ptype pt_cfg_file = {
	.kind = PT_STRING, .help_token = "STRING<5-64>", .min = 5, .max = 64,
};

static const parser_param file_params[] = {
	{ "configuration-file", &pt_cfg_file, NULL },
	{ NULL, NULL, NULL },
};

const view_cmd view_cmds_display_saved[] = {
	{
		.pc = { .format = "display { saved-configuration [ last | configuration ] | "
				  "configuration <configuration-file> }",
			.help = "Show information\n"
				"The configuration file the next start uses\n"
				"The configuration file saved last\n"
				"Whether the configuration is saved by itself\n"
				"A saved configuration file\n"
				"File name (*.cfg, *.zip or *.dat)",
			.params = file_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE | PARSER_CMD_OWN_LOAD },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_saved,
	},
	{
		.pc = { .format = "startup saved-configuration <configuration-file>",
			.help = "Set what the next start uses\n"
				"The configuration file of the next start\n"
				"File name (*.cfg, *.zip or *.dat) of a saved file",
			.params = file_params,
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_OWN_LOAD },
		.views = VIEWS(VIEW_USER),
		.fn = h_startup_saved,
	},
	{ .pc = { .format = NULL } },
};
