/* Files of the state directory that a command's output goes to
 * (`display ... > FILE` replaces FILE, `>> FILE` adds to it).  Only a
 * regular file is replaced or added to: a directory, a link or anything
 * else of that name stays as it is.  A replaced file is written to a
 * temporary file of a unique name and renamed over FILE once all of it is
 * on disk, so that a failed command leaves the old file. */
#ifndef VRPSH_STORE_OUTFILE_H
#define VRPSH_STORE_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct store_outfile store_outfile;

/* What store_outfile_open gives for a name that is not a regular file. */
#define STORE_OUTFILE_NOT_REGULAR (-1)

/* Open file `name` (one name of the directory, no '/') of state directory
 * dir, mode 0644, to replace it or (append) add to it.  NULL with *error
 * set to an errno value, or STORE_OUTFILE_NOT_REGULAR. */
store_outfile *store_outfile_open(const char *dir, const char *name, bool append, int *error);
/* The stream to write to. */
FILE *store_outfile_stream(store_outfile *f);
/* Finish: with `ok` (everything was written) flush it to disk and put the
 * new file in place; without, or when that fails, the old file stays.
 * Frees f.  0, or the errno value of the failure (EIO when !ok). */
int store_outfile_close(store_outfile *f, bool ok);

#endif
