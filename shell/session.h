/* One editing session: its view stack over a configuration database, its
 * terminal settings, and the engine entry points that run lines in it
 * (execution, help, completion, commit).  Command handlers in views/ work
 * through this interface. */
#ifndef VRPSH_SHELL_SESSION_H
#define VRPSH_SHELL_SESSION_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../views/view.h"
#include "cmdset.h"

/* ---- sessions ------------------------------------------------------- */

typedef struct view_frame {
	view_id view;
	cfg_entry *sect;      /* the view instance's section in the config tree (root for system) */
	char suffix[96];      /* prompt suffix, e.g. "-bgp-6-vpn1" */
} view_frame;

#define VSH_MAX_DEPTH 8

/* Front ends supply output and questions. */
typedef struct vsh_io {
	void (*write)(void *ctx, const char *buf, size_t len); /* '\n' line ends */
	/* Ask a question (the text is already written); return the answer line
	 * (without newline) in buf, or -1 on end of input. */
	int (*ask)(void *ctx, char *buf, size_t buflen);
	/* The same for an answer that must not be shown (a password); NULL
	 * where the front end cannot hide what is typed. */
	int (*ask_secret)(void *ctx, char *buf, size_t buflen);
	/* The rest of the current command's output is not paged (`| no-more`);
	 * NULL where the front end does not page. */
	void (*page_off)(void *ctx);
	void *ctx;
} vsh_io;

typedef struct vsh_session {
	cfg_db *db;
	view_set *vs;
	const vsh_model *model;
	bool low_latency;
	int level;                 /* user privilege level */
	bool matched_upper_view;   /* `undo` commands also walk up */
	bool immediate;            /* system-view immediately: one-stage mode */
	bool quit_requested;       /* `quit` in the user view: the front end ends the session */
	int depth;                 /* frames in use; stack[0] is the user view */
	view_frame stack[VSH_MAX_DEPTH];
	vsh_io io;
	void *backend;             /* reserved for the backend client */
	bool batch;                /* replay: leaving the system view asks nothing and
				      discards nothing; the replay commits at the end */
	struct vsh_work *work;     /* per-session scratch (lexed line, match results) */
	struct vsh_store *store;   /* the state directory (views/store.h), or NULL */
	/* The terminal a login session runs on (views/terminal.c, views/ui.c;
	 * the front end sets these at login and applies them). */
	int screen_length;         /* lines per screen before the pager stops, 0 = none */
	int screen_length_ui;      /* the user interface's value (`undo screen-length temporary`) */
	bool mmi_mode;             /* mmi-mode enable: questions take their default answer */
	unsigned idle_seconds;     /* the login ends after this long without input, 0 = never */
	char user[64];             /* login user name, "" when not authenticated by AAA */
	char ui_name[16];          /* user interface: "VTY 0", "CON 0", "" */
	struct store_online *online; /* login sessions of the device (store/online.h), or NULL */
	int online_slot;           /* this session's slot in it (when online is set) */
} vsh_session;

/* Create a session in the user view over db.  Returns 0, or -1 when out of
 * memory. */
int vsh_session_init(vsh_session *s, cfg_db *db, view_set *vs, const vsh_model *m,
		     bool low_latency, int level, vsh_io io);
void vsh_session_fini(vsh_session *s);

/* Seed a fresh database with the factory configuration (sysname HUAWEI)
 * and register the views' commit hooks. */
int vsh_db_init(cfg_db *db, char *err, size_t errlen);

/* The prompt for the current view: "<HUAWEI>", "[~HUAWEI-bgp]", "[*HUAWEI]".
 * Returns the length of the text stored in buf (truncated to buflen - 1). */
size_t vsh_prompt(const vsh_session *s, char *buf, size_t buflen);

/* The host name shown in prompts: the running configuration's sysname. */
const char *vsh_hostname(const vsh_session *s, size_t *len);

/* Commit the candidate as the `commit` command does: nothing to do prints
 * nothing; a refusal prints the error and "Failed to generate committed
 * config." and returns -1 with the candidate intact. */
int vsh_commit(vsh_session *s);

/* Leave the system-view hierarchy for the user view (`quit` in the system
 * view, `return`, Ctrl+Z).  With uncommitted changes (and not in batch
 * mode) asks whether to commit them: Y commits, N discards, C stays.
 * Returns 0 when the session is now in the user view, 1 when it stayed
 * (cancelled), -1 when it stayed because the commit failed. */
int vsh_leave_config(vsh_session *s);

/* Execute one line.  Empty lines and comments ('#' or '!' first) do
 * nothing.  A line the current view does not know runs in the nearest upper
 * view that does (never the user view; `undo` lines only with
 * matched_upper_view), which becomes the current view; if that handler
 * refuses, the session stays where it was.  Syntax errors print the caret
 * line (under the token, `caret_base` columns added for whatever precedes
 * the line on screen: the prompt interactively, the "FILE:LINE: " prefix in
 * replay) and the current view's VRP message; semantic errors print the
 * handler's one-line message.  In immediate mode a change is committed at
 * once.  Returns 0 on success, -1 on any error. */
int vsh_exec(vsh_session *s, const char *line, size_t len, size_t caret_base);

/* Why the last vsh_exec failed, for front ends that report errors their
 * own way (vrpsh --check): a syntax error (the VRP message and the column
 * of the caret in the line), a line the lexer refused, or a command that
 * refused (its one-line message, column 0). */
enum vsh_error_kind { VSH_ERR_NONE, VSH_ERR_SYNTAX, VSH_ERR_LEX, VSH_ERR_REFUSED };
typedef struct vsh_error {
	enum vsh_error_kind kind;
	parser_status status;  /* VSH_ERR_SYNTAX */
	size_t col;            /* byte column in the line */
	char msg[512];
} vsh_error;
const vsh_error *vsh_last_error(const vsh_session *s);

/* Does line[0..len), in view v, match a command (on any model) that enters
 * a view?  Returns that view, or VIEW_LIST_END.  Nothing is run: replays
 * use it to follow a script past a view-entering line that failed. */
uint16_t vsh_line_enters(vsh_session *s, view_id v, const char *line, size_t len);

/* Is line[0..len), in view v, the command `quit` (1) or `return` (2)?
 * 0 for anything else. */
int vsh_line_leaves(vsh_session *s, view_id v, const char *line, size_t len);
/* Is line a command of view v itself (on any model), or does at least its
 * first word belong to one?  (Not a command of a view above v, which the
 * line would walk up to.) */
bool vsh_line_known(vsh_session *s, view_id v, const char *line, size_t len);

/* '?' for the typed text: prints the listing, or the caret and error when
 * the words before the cursor do not match.  TAB: completions.  Both look
 * in upper views when the current one offers nothing, as vsh_exec does. */
void vsh_help(vsh_session *s, const char *line, size_t len, size_t caret_base);
size_t vsh_complete(vsh_session *s, const char *line, size_t len, char ***out);

/* View stack operations, used by handlers.  vsh_push takes the suffix
 * either whole ("-bgp-6-vpn1") or as the part after the parent's suffix
 * ("-6-vpn1"); the frame stores it whole.  When the current view is not
 * the new view's parent, frames are popped down to the parent first (a
 * sibling view replaces the current one).  Returns -1 when no frame of
 * the parent type is on the stack or the stack is full. */
int vsh_push(vsh_session *s, view_id v, cfg_entry *sect, const char *suffix);
/* vsh_push with the suffix taken as the whole suffix (whole) or as the
 * part after the parent's (not whole). */
int vsh_push_as(vsh_session *s, view_id v, cfg_entry *sect, const char *suffix, bool whole);
void vsh_pop(vsh_session *s);
void vsh_to_user(vsh_session *s);
const view_frame *vsh_top(const vsh_session *s);

/* Output helpers for handlers. */
void vsh_printf(vsh_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vsh_write(vsh_session *s, const char *buf, size_t len);

/* Ask a Y/N question; returns 1 yes, 0 no, -1 no answer (end of input). */
int vsh_ask_yn(vsh_session *s, const char *question);

/* Timed work that must not wait for the next command (a trial commit that
 * runs out reverts).  Front ends call it while they wait for input, at
 * least once a second; vsh_exec calls it before each command.  Returns
 * true when a trial commit the session knew of has just been rolled back
 * by its timer (by this process or another): front ends that wait for
 * input then show VSH_TRIAL_EXPIRED_MSG and the prompt again (vsh_exec
 * shows it before the command's output). */
#define VSH_TRIAL_EXPIRED_MSG \
	"Info: The trial configuration was not confirmed in time and has been rolled back."
bool vsh_tick(vsh_session *s);

#endif
