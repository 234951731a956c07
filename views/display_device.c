/* The device and its files: display device, display startup, dir.
 *
 * display device lists the one board of the model (slot 1, the board type
 * of views/models.c); vrpsh stands in for no fans or power supplies.
 * display startup names the software (vrpsh and its version) and the
 * configuration file `save` writes (vrpcfg.cfg) when it exists: the file a
 * device would start from (vrpsh itself starts from its state directory's
 * journal).  dir lists the configuration files of the state directory (the
 * names `save` accepts) with the file system's size and free space. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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
	char cfg[PATH_MAX + 16], path[PATH_MAX];
	const char *dir = vsh_store_dir(s);
	struct stat st;

	snprintf(cfg, sizeof cfg, "NULL");
	if (dir && snprintf(path, sizeof path, "%s/%s", dir, VSH_STARTUP_FILE) < (int)sizeof path &&
	    stat(path, &st) == 0 && S_ISREG(st.st_mode))
		snprintf(cfg, sizeof cfg, "flash:/%s", VSH_STARTUP_FILE);

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

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int h_dir(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	const char *dir = vsh_store_dir(s);
	char **names = NULL;
	size_t n = 0, cap = 0;
	char ignore[160];

	if (!dir) {
		snprintf(err, errlen, "Error: There is no storage for the configuration.");
		return -1;
	}
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "Error: The directory cannot be read.");
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (vsh_check_file_name(de->d_name, ignore, sizeof ignore) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(names, cap * sizeof *nv);
			if (!nv)
				break;
			names = nv;
		}
		if ((names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);

	vsh_out *o = vsh_out_new(s, m, err, errlen);
	if (o) {
		vsh_out_printf(o, "Directory of flash:/");
		vsh_out_line(o, "", 0);
		vsh_out_printf(o, "  Idx  Attr     Size(Byte)  Date        Time       FileName");
		unsigned idx = 0;
		for (size_t i = 0; i < n; i++) {
			char path[PATH_MAX], size[32], when[32];
			struct stat st;
			struct tm tm;
			if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path ||
			    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			thousands((unsigned long long)st.st_size, size, sizeof size);
			localtime_r(&st.st_mtime, &tm);
			strftime(when, sizeof when, "%b %d %Y %H:%M:%S", &tm);
			vsh_out_printf(o, "%5u  %-4s%15s  %s   %s", idx++, "-rw-", size, when,
				       names[i]);
		}
		struct statvfs vf;
		if (statvfs(dir, &vf) == 0) {
			char total[32], avail[32];
			thousands((unsigned long long)vf.f_blocks * vf.f_frsize / 1024, total,
				  sizeof total);
			thousands((unsigned long long)vf.f_bavail * vf.f_frsize / 1024, avail,
				  sizeof avail);
			vsh_out_line(o, "", 0);
			vsh_out_printf(o, "%s KB total (%s KB free)", total, avail);
		}
		vsh_out_free(o);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
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
