/* Output of display commands: buffered, through the chain of output
 * filters of the command line (outchain.h: `| include REGEX | count`,
 * `| section`, `> FILE` ...), and (for configuration renderings) a
 * selection of top-level blocks. */
#ifndef VRPSH_VIEWS_OUTPUT_H
#define VRPSH_VIEWS_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../store/outfile.h"
#include "linefilter.h"
#include "outchain.h"
#include "session.h"

/* Which top-level blocks of the configuration to show. */
enum vsh_sel_kind { VSH_SEL_ALL, VSH_SEL_NONE, VSH_SEL_PREFIX, VSH_SEL_SYSTEM };

typedef struct vsh_out {
	vsh_session *s;
	/* top-level block selection */
	enum vsh_sel_kind sel;
	const char *prefix;   /* VSH_SEL_PREFIX: "bgp", "interface", "ip vpn-instance" */
	const char *instance; /* NULL = every instance */
	bool keep;            /* the current block is shown */
	bool sep_pending;     /* a top-level "#" waits for a shown line */
	/* the filters */
	vsh_chain chain;
	vsh_filter flt[VSH_CHAIN_MAX];
	size_t passed;        /* lines that passed (| count) */
	char *sec;            /* | section: the lines of the current section */
	size_t seclen, seccap;
	/* > FILE, >> FILE */
	store_outfile *file;  /* the state directory's file (store/outfile.h) */
	bool file_failed;
	/* output buffer */
	size_t n;
	char buf[16384];
} vsh_out;

/* Start the output of the command matched in m (its filters); -1 with a
 * message when a filter is invalid or the file cannot be opened. */
int vsh_out_init(vsh_out *o, vsh_session *s, const parser_match *m, char *err, size_t errlen);
/* Write what is left (the count, the last section), close the file, and
 * free the filters. */
void vsh_out_fini(vsh_out *o);
/* One line (without '\n') through the filters. */
void vsh_out_line(vsh_out *o, const char *line, size_t len);
/* cfg_emit_fn: the block selection, then the filters. */
void vsh_out_emit(void *arg, const char *line, size_t len);
/* Formatted text, cut into lines at '\n' (a last line without one is
 * written as a line too). */
void vsh_out_printf(vsh_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* vsh_out_init on a new heap object (the buffer is large), NULL with a
 * message; vsh_out_free finishes and frees it. */
vsh_out *vsh_out_new(vsh_session *s, const parser_match *m, char *err, size_t errlen);
void vsh_out_free(vsh_out *o);

#endif
