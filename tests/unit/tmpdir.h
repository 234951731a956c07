/* Scratch directories for the suites that need files (state directories,
 * lockout records). */
#ifndef VRPSH_TESTS_TMPDIR_H
#define VRPSH_TESTS_TMPDIR_H

/* A new directory /tmp/vrpsh-TAG-XXXXXX (malloc'ed path). */
char *unit_tmpdir(const char *tag);
/* Remove it with everything in it, and free the path. */
void unit_rmdir(char *dir);

#endif
