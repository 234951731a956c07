/* What every front end shares: the start-up options, the exit statuses and
 * the one editing session a vrpsh process serves. */
#ifndef VRPSH_CLI_SHELL_H
#define VRPSH_CLI_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../shell/session.h"

/* Process exit statuses. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,  /* a command failed (replay, -c) or the commit was refused */
	CLI_EXIT_USAGE = 2, /* bad options or an unusable argument (file, model, directory) */
};

typedef struct cli_opts {
	const char *file;          /* -f FILE ("-" = standard input), or NULL */
	const char **cmds;         /* -c COMMAND, in order */
	int ncmds;
	bool transcript;           /* --transcript */
	const vsh_model *model;    /* --model, default model_default() */
	bool low_latency;          /* --forwarding-mode low-latency */
	int level;                 /* --level, default LEVEL_MANAGE */
	const char *state_dir;     /* --state-dir, or NULL */
	bool backend_none;         /* --backend none */
	uint32_t sockd_port_id;    /* --sockd-port-id, 0 = default */
	bool login;                /* started as a login shell (argv[0] begins with '-') */
	const char *vty_listen;    /* --vty-listen ADDR:PORT, or NULL */
	bool check;                /* --check */
	bool keep_going;           /* -f FILE --continue */
	bool check_json;           /* --format json */
	char *const *files;        /* --check's files */
	int nfiles;
	bool recover;              /* --recover */
	bool yes;                  /* --yes */
	bool sockd_resync;         /* --sockd-resync */
} cli_opts;

typedef struct cli_shell {
	cfg_db *db;
	view_set *vs;
	vsh_session s;
	bool open;
} cli_shell;

/* Build the database (embedded factory configuration), the command graphs
 * for the model and one session in the user view that talks through io.
 * Returns 0, or -1 with a message (CLI_SHELL_BAD_STATE when the state
 * directory cannot be used). */
#define CLI_SHELL_BAD_STATE (-2)
int cli_shell_open(cli_shell *sh, const cli_opts *o, vsh_io io, char *err, size_t errlen);
void cli_shell_close(cli_shell *sh);

/* Mark the session as non-interactive (file replay, -c): nothing asks the
 * exit question. */
void cli_shell_set_batch(cli_shell *sh, bool batch);

#endif
