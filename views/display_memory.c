/* display memory: the host's memory (MemTotal, and MemTotal less
 * MemAvailable as used, from /proc/meminfo) as the memory of the device's
 * one board, in the layout of the command's reference page.  vrpsh
 * watches no memory thresholds: the state is "Unoverload" and the
 * thresholds are the device's defaults the page shows. */
#include <stdio.h>
#include <string.h>

#include "../shell/output.h"
#include "../shell/session.h"
#include "display_memory.h"
#include "params.h"

void view_memory_text(unsigned long total_kb, unsigned long used_kb,
		      void (*line)(void *arg, const char *text), void *arg)
{
	char buf[128];
	/* The device truncates: 2297184 of 3857648 Kbytes is 59%. */
	unsigned long pct = total_kb ? (unsigned long)((unsigned long long)used_kb * 100 / total_kb) : 0;

	line(arg, "Slot: 1   CPU: 0");
	snprintf(buf, sizeof buf, "Total Physical Available Memory: %lu Kbytes", total_kb);
	line(arg, buf);
	snprintf(buf, sizeof buf, "Total Physical Memory Used: %lu Kbytes", used_kb);
	line(arg, buf);
	snprintf(buf, sizeof buf, "Physical Memory Using Percentage: %lu%%", pct);
	line(arg, buf);
	line(arg, "State: Unoverload");
	line(arg, "Overload threshold:  95%, Overload clear threshold:  75%, Duration: 60s");
	memset(buf, '-', 89);
	buf[89] = '\0';
	line(arg, buf);
}

/* MemTotal and MemTotal - MemAvailable, in kB; 0 and 0 when unknown. */
static void host_memory(unsigned long *total, unsigned long *used)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	unsigned long t = 0, avail = 0, v;

	*total = *used = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "MemTotal: %lu kB", &v) == 1)
			t = v;
		else if (sscanf(line, "MemAvailable: %lu kB", &v) == 1)
			avail = v;
	}
	fclose(f);
	*total = t;
	*used = avail <= t ? t - avail : 0;
}

static void out_text(void *arg, const char *text)
{
	vsh_out_line(arg, text, strlen(text));
}

static int h_display_memory(vsh_session *s, const parser_match *m, char *err, size_t errlen)
{
	unsigned long total, used;
	vsh_out *o = vsh_out_new(s, m, err, errlen);

	if (!o)
		return -1;
	host_memory(&total, &used);
	view_memory_text(total, used, out_text, o);
	vsh_out_free(o);
	return 0;
}

const view_cmd view_cmds_display_memory[] = {
	{
		.pc = { .format = "display memory",
			.help = "Show information\n"
				"Memory usage",
			.level = LEVEL_MONITOR,
			.flags = PARSER_CMD_PIPE },
		.views = VIEWS(VIEW_ANY),
		.fn = h_display_memory,
	},
	{ .pc = { .format = NULL } },
};
