/* The handler of every generated command that has no hand-written one
 * (views/generic.c). */
#ifndef VRPSH_VIEWS_GENERIC_H
#define VRPSH_VIEWS_GENERIC_H

#include "../shell/session.h"

/* "Info: This command is not supported by vrpsh.": display and action
 * commands that vrpsh does not carry out. */
extern const char view_unsupported_msg[];

int view_generic(vsh_session *s, const parser_match *m, char *err, size_t errlen);

#endif
