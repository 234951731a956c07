/* The log buffer: the recent log messages of every vrpsh process sharing a
 * state directory, in one bounded text file (`display logbuffer`).
 *
 *   logbuffer  one message per line, oldest first, after a first line
 *              "!vrpsh logbuffer overwritten=N" that counts the messages
 *              dropped to keep it bounded.  Appends take an exclusive
 *              flock(2) on the file; when it holds more than twice
 *              STORE_LOGBUF_MAX messages it is rewritten with the newest
 *              STORE_LOGBUF_MAX (temporary file, rename).  Only its last
 *              STORE_LOGBUF_FILE_MAX bytes are ever read; a symbolic link
 *              in its place is neither read nor written through. */
#ifndef VRPSH_STORE_LOGBUF_H
#define VRPSH_STORE_LOGBUF_H

#include <stddef.h>

#define STORE_LOGBUF_MAX 512      /* messages kept (the device's default buffer size) */
#define STORE_LOGBUF_ALLOWED 10240 /* the largest buffer size the device allows */
#define STORE_LOGBUF_NAME "logbuffer"
#define STORE_LOGBUF_MSG_MAX 2047 /* bytes of a message kept */
#define STORE_LOGBUF_FILE_MAX (8u << 20)

typedef struct store_logbuf {
	char **msg;           /* newest first */
	size_t n;
	unsigned long overwritten;
} store_logbuf;

/* Append one message (newlines in it become blanks) to the log buffer of
 * state directory dir.  Returns 0, or -1 (errno set) when the file cannot
 * be written. */
int store_logbuf_append(const char *dir, const char *msg);

/* Read the newest STORE_LOGBUF_MAX messages of the log buffer of state
 * directory dir (a missing file is an empty buffer).  Returns 0, or -1
 * (errno set). */
int store_logbuf_read(const char *dir, store_logbuf *out);
void store_logbuf_free(store_logbuf *b);

#endif
