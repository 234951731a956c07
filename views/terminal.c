/* Commands about the terminal a session runs on: `screen-length N
 * temporary`, `mmi-mode enable` (for programs driving the command line),
 * and the login and shell banners `header login|shell information`. */
#include <stdio.h>
#include <string.h>

#include "edit.h"
#include "order.h"
#include "terminal.h"

#define HEADER_MAX 480

static const ptype pt_screen = {
	.kind = PT_UINT, .help_token = "INTEGER<0-512>", .min = 0, .max = 512,
};
static const ptype pt_header_text = {
	.kind = PT_STRING, .help_token = "STRING<1-480>", .min = 1, .max = HEADER_MAX,
	.flags = PTF_REST_OF_LINE,
};

static const parser_param term_params[] = {
	{ "screen-length", &pt_screen, NULL },
	{ "text", &pt_header_text, NULL },
	{ NULL, NULL, NULL },
};

static int h_screen_temp(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	s->screen_length = (int)parser_arg_get(m, "screen-length")->u;
	vsh_printf(s, "%s\n", VSH_INFO_TERMINAL_ONLY);
	return 0;
}

static int h_undo_screen_temp(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)m, (void)err, (void)errlen;
	s->screen_length = s->screen_length_ui;
	vsh_printf(s, "%s\n", VSH_INFO_TERMINAL_ONLY);
	return 0;
}

static int h_mmi(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	s->mmi_mode = !parser_kw(m, "undo");
	return 0;
}

/* `exit` leaves a view as `quit` does, and logs out of the user view. */
/* ---- banners --------------------------------------------------------- */

static const char *header_id(const parser_match *m)
{
	return parser_kw(m, "login") ? "header login information" : "header shell information";
}

static int h_header(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const char *id = header_id(m);
	const parser_value *v = parser_arg_get(m, "text");
	char text[HEADER_MAX + 64];
	const char *t = v->str;

	while (*t == ' ')
		t++;
	if (!*t)
		return view_fail(err, errlen, "Error: The banner text is empty.");
	snprintf(text, sizeof text, "%s %s", id, t);
	/* login before shell */
	cfg_order ord = { ORD_HEADER, 0, parser_kw(m, "login") ? 0 : 1 };
	return view_line_set(s, cfg_root(s->db), text, strlen(id), ord, 0, NULL, err, errlen);
}

static int h_undo_header(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	const char *id = header_id(m);
	view_line_del(s, cfg_root(s->db), id, strlen(id));
	return 0;
}

bool vsh_header_get(cfg_db *db, bool login, char *buf, size_t buflen)
{
	const char *id = login ? "header login information" : "header shell information";
	size_t n = strlen(id);
	cfg_entry *e = cfg_get(db, cfg_root(db), id, n, CFG_RUNNING);
	const char *t = e ? cfg_text(e, CFG_RUNNING) : NULL;

	if (!t || !t[n] || buflen == 0)
		return false;
	t += n + 1;
	size_t len = strlen(t);
	/* The text is delimited by double quotes when it is written with them. */
	if (len >= 2 && t[0] == '"' && t[len - 1] == '"') {
		t++;
		len -= 2;
	}
	if (len >= buflen)
		len = buflen - 1;
	memcpy(buf, t, len);
	buf[len] = '\0';
	return true;
}

/* ---- the table ------------------------------------------------------- */

#define H_UNDO "Cancel a setting or restore its default\n"
#define H_HEADER "Set a banner\n" \
		 "Shown before the login prompts\n" \
		 "Shown after a successful login\n" \
		 "Banner text\n" \
		 "Text (in double quotes to keep leading blanks)"

const view_cmd view_cmds_terminal[] = {
	{
		.pc = { .format = "screen-length <screen-length> temporary",
			.help = "Set the lines per screen of this terminal\n"
				"Lines (0: no paging)\n"
				"Only for the current session",
			.params = term_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_USER),
		.fn = h_screen_temp,
	},
	{
		.pc = { .format = "undo screen-length temporary",
			.help = H_UNDO "Set the lines per screen of this terminal\n"
				"Only for the current session",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_USER),
		.fn = h_undo_screen_temp,
	},
	{
		.pc = { .format = "mmi-mode enable",
			.help = "Machine interface mode\n"
				"Answer questions with their default and do not page output",
			.level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_USER),
		.fn = h_mmi,
	},
	{
		.pc = { .format = "undo mmi-mode enable",
			.help = H_UNDO "Machine interface mode\n"
				"Answer questions with their default and do not page output",
			.level = LEVEL_MONITOR },
		.views = VIEWS(VIEW_USER),
		.fn = h_mmi,
	},
	{
		.pc = { .format = "header { login | shell } information <text>",
			.help = H_HEADER, .params = term_params, .level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_header,
	},
	{
		.pc = { .format = "undo header { login | shell }",
			.help = H_UNDO "Set a banner\n"
				"Shown before the login prompts\n"
				"Shown after a successful login",
			.level = LEVEL_MANAGE },
		.views = VIEWS(VIEW_SYSTEM),
		.fn = h_undo_header,
	},
	{ .pc = { .format = NULL } },
};
