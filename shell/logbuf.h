/* The log buffer: the recent log messages of every vrpsh process sharing a
 * state directory, in one bounded text file (`display logbuffer`).
 *
 * The file holds one message per line, oldest first, after a first line
 * "!vrpsh logbuffer overwritten=N" that counts the messages dropped to
 * keep it bounded.  Appends take an exclusive flock(2) on the file; when
 * it holds more than twice VSH_LOGBUF_MAX messages it is rewritten with
 * the newest VSH_LOGBUF_MAX (temporary file, rename). */
#ifndef VRPSH_SHELL_LOGBUF_H
#define VRPSH_SHELL_LOGBUF_H

#include <stddef.h>

#define VSH_LOGBUF_MAX 512      /* messages kept (the device's default buffer size) */
#define VSH_LOGBUF_ALLOWED 10240 /* the largest buffer size the device allows */
#define VSH_LOGBUF_FILE "logbuffer"

typedef struct vsh_logbuf {
	char **msg;           /* newest first */
	size_t n;
	unsigned long overwritten;
} vsh_logbuf;

/* Append one message (no newline) to the log buffer file at path.
 * Returns 0, or -1 (errno set) when the file cannot be written. */
int vsh_logbuf_append(const char *path, const char *msg);

/* Read the newest VSH_LOGBUF_MAX messages of the file at path (a missing
 * file is an empty buffer).  Returns 0, or -1 (errno set). */
int vsh_logbuf_read(const char *path, vsh_logbuf *out);
void vsh_logbuf_free(vsh_logbuf *b);

#endif
