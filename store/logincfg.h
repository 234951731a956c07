/* The login configuration file of the state directory: the part of the
 * running configuration a login needs first, as text the views render
 * and read back (views/logincfg.h), so that a telnet connection can be
 * authenticated without the directory's lock and without loading the
 * whole configuration.
 *
 *   login-config  the text, at most STORE_LOGINCFG_MAX bytes; written by
 *                 the commit that changes it, or by a refresh, while the
 *                 directory's lock is held, replaced atomically (temporary
 *                 file, fsync, rename).  A symbolic link in its place is
 *                 never followed, a longer file never read. */
#ifndef VRPSH_STORE_LOGINCFG_H
#define VRPSH_STORE_LOGINCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define STORE_LOGINCFG_NAME "login-config"
#define STORE_LOGINCFG_MAX (4u << 20)

/* The file's text (malloc'ed, NUL-terminated).  0, 1 when there is no
 * file, -1 when it cannot be read (a link, too large, an I/O error); a
 * message either way but 0. */
int store_logincfg_read(const char *dir, char **text, size_t *len, char *err, size_t errlen);

/* Make the file hold text[0..len) (nothing is written when it does).
 * Returns 0, or -1 with a message. */
int store_logincfg_write(const char *dir, const char *text, size_t len, char *err,
			 size_t errlen);

/* What identifies one version of the file: two differ when it was
 * replaced or written meanwhile. */
typedef struct store_logincfg_ver {
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns;
} store_logincfg_ver;
/* The version of the file as it is now; false when there is none (or it
 * is not a regular file). */
bool store_logincfg_version(const char *dir, store_logincfg_ver *v);
bool store_logincfg_same(const store_logincfg_ver *a, const store_logincfg_ver *b);

#endif
