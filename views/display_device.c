/* The device and its files: display device, display startup, dir.
 *
 * display device lists the one board of the model (slot 1, the board type
 * of views/models.c); vrpsh stands in for no fans or power supplies.
 * display startup names the software (vrpsh and its version) and the
 * configuration file chosen for the next start (store/files.c): the file a
 * device would start from (vrpsh itself starts from its state directory's
 * journal).  dir lists the configuration files of the state directory (the
 * names `save` accepts) with the file system's size and free space. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../shell/output.h"
#include "../shell/session.h"
#include "models.h"
#include "state.h"
#include "store.h"

#ifndef VRPSH_VERSION
#define VRPSH_VERSION "0.0.0"
#endif

#define RULE "--------------------------------------------------------------------------------"

/* ---- display device --------------------------------------------------- */

static int h_display_device(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	vsh_out_printf(o, "%s's Device status:", model_name(s->model));
	vsh_out_line(o, RULE, strlen(RULE));
	vsh_out_printf(o, "%-6s%-7s%-25s%-9s%-6s%-13s%-10s%-15s", "Slot", "Card", "Type", "Online",
		       "Power", "Register", "Alarm", "Primary");
	vsh_out_line(o, RULE, strlen(RULE));
	vsh_out_printf(o, "%-6s%-7s%-25s%-9s%-6s%-13s%-10s%-15s", "1", "-",
		       model_board_type(s->model), "Present", "On", "Registered", "Normal",
		       "Master");
	vsh_out_line(o, RULE, strlen(RULE));
	vsh_out_free(o);
	return 0;
}

/* ---- display startup ---------------------------------------------------- */

static int h_display_startup(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	char cfg[STORE_FILE_NAME_MAX + 16] = "NULL", next[STORE_FILE_NAME_MAX + 1] = "";

	if (s->store && store_startup_get(s->store->st, next, NULL) == 0 && next[0])
		snprintf(cfg, sizeof cfg, "flash:/%s", next);

	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (!o)
		return -1;
	static const char sw[] = "vrpsh-" VRPSH_VERSION;
	const struct {
		const char *item, *value;
	} rows[] = {
		{ "Configured startup system software:", sw },
		{ "Startup system software:", sw },
		{ "Next startup system software:", sw },
		{ "Startup saved-configuration file:", cfg },
		{ "Next startup saved-configuration file:", cfg },
		{ "Startup paf file:", "default" },
		{ "Next startup paf file:", "default" },
		{ "Startup patch package:", "NULL" },
		{ "Next startup patch package:", "NULL" },
		{ "Startup feature software:", "NULL" },
		{ "Next startup feature software:", "NULL" },
		{ "Startup extended-system software:", "NULL" },
		{ "Next startup extended-system software:", "NULL" },
	};
	vsh_out_printf(o, "MainBoard:");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		vsh_out_printf(o, "  %-43s%s", rows[i].item, rows[i].value);
	vsh_out_free(o);
	return 0;
}

/* ---- dir ------------------------------------------------------------------ */

/* 1234567 -> "1,234,567". */
static void thousands(unsigned long long v, char *buf, size_t len)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static bool config_file_name(const char *name)
{
	char ignore[160];
	return vsh_check_file_name(name, ignore, sizeof ignore) == 0;
}

static int h_dir(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	store_file *files;
	size_t n;

	if (!s->store) {
		snprintf(err, errlen, "Error: There is no storage for the configuration.");
		return -1;
	}
	if (store_files(s->store->st, config_file_name, &files, &n) != 0) {
		snprintf(err, errlen, "Error: The directory cannot be read.");
		return -1;
	}
	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (o) {
		vsh_out_printf(o, "Directory of flash:/");
		vsh_out_line(o, "", 0);
		vsh_out_printf(o, "  Idx  Attr     Size(Byte)  Date        Time       FileName");
		for (size_t i = 0; i < n; i++) {
			char size[32], when[32];
			struct tm tm;
			time_t t = (time_t)files[i].mtime;
			thousands((unsigned long long)files[i].size, size, sizeof size);
			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%b %d %Y %H:%M:%S", &tm);
			vsh_out_printf(o, "%5zu  %-4s%15s  %s   %s", i, "-rw-", size, when,
				       files[i].name);
		}
		uint64_t total, avail;
		if (store_fs_space(s->store->st, &total, &avail) == 0) {
			char t[32], a[32];
			thousands((unsigned long long)(total / 1024), t, sizeof t);
			thousands((unsigned long long)(avail / 1024), a, sizeof a);
			vsh_out_line(o, "", 0);
			vsh_out_printf(o, "%s KB total (%s KB free)", t, a);
		}
		vsh_out_free(o);
	}
	free(files);
	return o ? 0 : -1;
}

const view_cmd view_cmds_display_device[] = {
	{
		.pc = { .format = "display device",
			.help = "Show information\n"
				"Boards and their states",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_device,
	},
	{
		.pc = { .format = "display startup",
			.help = "Show information\n"
				"Software and configuration file for this and the next start",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_startup,
	},
	{
		.pc = { .format = "dir",
			.help = "List the configuration files of the storage",
			.level = LEVEL_MANAGE,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_USER),
		.fn = h_dir,
	},
	{ .pc = { .format = NULL } },
};
