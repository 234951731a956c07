/* Output files of the state directory (see outfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir.h"
#include "outfile.h"

struct store_outfile {
	store_dir d;
	FILE *f;
	char name[NAME_MAX + 1];
	char tmp[NAME_MAX + 1];   /* "" when adding to the file itself */
};

static void give_up(store_outfile *o, int fd)
{
	if (fd >= 0)
		close(fd);
	if (o->tmp[0])
		unlinkat(o->d.fd, o->tmp, 0);
	store_dir_close(&o->d);
	free(o);
}

store_outfile *store_outfile_open(const char *dir, const char *name, bool append, int *error)
{
	char err[256];
	struct stat sb;
	size_t nl = name ? strlen(name) : 0;

	if (!dir || nl == 0 || nl > NAME_MAX || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		*error = EINVAL;
		return NULL;
	}
	store_outfile *o = calloc(1, sizeof *o);
	if (!o) {
		*error = ENOMEM;
		return NULL;
	}
	memcpy(o->name, name, nl + 1);
	errno = 0;
	if (store_dir_open(&o->d, dir, 0, err, sizeof err) != 0) {
		*error = errno ? errno : EACCES;
		free(o);
		return NULL;
	}
	if (fstatat(o->d.fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(sb.st_mode)) {
		*error = STORE_OUTFILE_NOT_REGULAR;
		give_up(o, -1);
		return NULL;
	}
	int fd = append ? store_dir_openat(&o->d, name, O_WRONLY | O_CREAT | O_APPEND, 0644)
			: store_dir_mktemp(&o->d, name, o->tmp, sizeof o->tmp);
	if (fd < 0)
		o->tmp[0] = '\0';
	else if (!append)
		(void)fchmod(fd, 0644); /* the temporary file is made 0600 */
	if (fd < 0 || !(o->f = fdopen(fd, append ? "a" : "w"))) {
		*error = errno ? errno : EIO;
		give_up(o, fd);
		return NULL;
	}
	return o;
}

FILE *store_outfile_stream(store_outfile *f)
{
	return f->f;
}

int store_outfile_close(store_outfile *o, bool ok)
{
	int e = ok ? 0 : EIO;

	if (ok && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0))
		e = errno ? errno : EIO;
	if (fclose(o->f) != 0 && !e)
		e = errno ? errno : EIO;
	if (o->tmp[0]) {
		if (!e && store_dir_rename(&o->d, o->tmp, o->name) != 0)
			e = errno ? errno : EIO;
		if (e)
			unlinkat(o->d.fd, o->tmp, 0);
	}
	store_dir_close(&o->d);
	free(o);
	return e;
}
