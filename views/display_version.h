/* `display version` in the layout of its page, with vrpsh's own name,
 * version and copyright where the device prints its software's; exposed
 * so that tests can pin the layout with the page's example. */
#ifndef VRPSH_VIEWS_DISPLAY_VERSION_H
#define VRPSH_VIEWS_DISPLAY_VERSION_H

typedef struct view_version_info {
	const char *software, *version; /* "vrpsh", "0.1.0" */
	const char *release;            /* "V300R023C00" */
	const char *copyright;          /* after "Copyright (C) " */
	const char *model;              /* "CE6881H" */
	const char *patch;              /* "None" */
	unsigned long uptime;           /* of the device, in seconds */
	unsigned long board_uptime;     /* of its master board */
	const char *startup;            /* "2026/12/04   16:47:00" */
	unsigned long memory_mb, flash_mb;
	const char *board;              /* the master board's name */
	const char *pcb, *mab, *bios, *cpld1, *cpld2;
} view_version_info;

/* The lines of the output, each given to line(). */
void view_version_text(const view_version_info *v, void (*line)(void *arg, const char *text),
		       void *arg);

#endif
