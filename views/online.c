/* The table of login sessions: one fixed-size record per slot in a file,
 * a slot taken while its owner holds a write lock on the record's bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "online.h"

/* Room for the record to grow without changing the file layout. */
#define REC_SIZE 256

struct vsh_online {
	int fd;
	uint32_t owned; /* slots this process holds (its own locks do not show to F_GETLK) */
};

_Static_assert(sizeof(vsh_online_rec) <= REC_SIZE, "online record too large");
_Static_assert(VSH_ONLINE_SLOTS <= 32, "owned mask too small");

vsh_online *vsh_online_open(const char *path)
{
	vsh_online *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	if (path) {
		o->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	} else {
		const char *dir = getenv("TMPDIR");
		o->fd = open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	}
	if (o->fd < 0) {
		int e = errno;
		free(o);
		errno = e;
		return NULL;
	}
	return o;
}

void vsh_online_close(vsh_online *o)
{
	if (!o)
		return;
	close(o->fd); /* drops this process's locks too */
	free(o);
}

static int lock_op(vsh_online *o, int cmd, short type, int slot, struct flock *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = (off_t)slot * REC_SIZE;
	fl->l_len = REC_SIZE;
	return fcntl(o->fd, cmd, fl);
}

static bool taken(vsh_online *o, int slot)
{
	struct flock fl;

	if (o->owned & (1u << slot))
		return true;
	if (lock_op(o, F_GETLK, F_WRLCK, slot, &fl) < 0)
		return false;
	return fl.l_type != F_UNLCK;
}

static int put(vsh_online *o, int slot, const vsh_online_rec *r)
{
	char buf[REC_SIZE];

	memset(buf, 0, sizeof buf);
	memcpy(buf, r, sizeof *r);
	return pwrite(o->fd, buf, sizeof buf, (off_t)slot * REC_SIZE) == (ssize_t)sizeof buf ? 0
											       : -1;
}

int vsh_online_claim(vsh_online *o, int first, int last, const vsh_online_rec *r)
{
	struct flock fl;

	if (!o)
		return -1;
	if (first < 0)
		first = 0;
	if (last >= VSH_ONLINE_SLOTS)
		last = VSH_ONLINE_SLOTS - 1;
	for (int slot = first; slot <= last; slot++) {
		if (o->owned & (1u << slot))
			continue;
		if (lock_op(o, F_SETLK, F_WRLCK, slot, &fl) < 0)
			continue; /* someone else's */
		o->owned |= 1u << slot;
		if (put(o, slot, r) == 0)
			return slot;
		vsh_online_release(o, slot);
		return -1;
	}
	return -1;
}

int vsh_online_set(vsh_online *o, int slot, const vsh_online_rec *r)
{
	if (!o || slot < 0 || slot >= VSH_ONLINE_SLOTS || !(o->owned & (1u << slot)))
		return -1;
	return put(o, slot, r);
}

void vsh_online_release(vsh_online *o, int slot)
{
	struct flock fl;

	if (!o || slot < 0 || slot >= VSH_ONLINE_SLOTS || !(o->owned & (1u << slot)))
		return;
	lock_op(o, F_SETLK, F_UNLCK, slot, &fl);
	o->owned &= ~(1u << slot);
}

bool vsh_online_get(vsh_online *o, int slot, vsh_online_rec *r)
{
	char buf[REC_SIZE];

	if (!o || slot < 0 || slot >= VSH_ONLINE_SLOTS || !taken(o, slot))
		return false;
	if (pread(o->fd, buf, sizeof buf, (off_t)slot * REC_SIZE) != (ssize_t)sizeof buf)
		return false;
	memcpy(r, buf, sizeof *r);
	r->kind[sizeof r->kind - 1] = '\0';
	r->addr[sizeof r->addr - 1] = '\0';
	r->user[sizeof r->user - 1] = '\0';
	return true;
}

void vsh_online_touch(vsh_online *o, int slot)
{
	int64_t now = (int64_t)time(NULL);

	if (!o || slot < 0 || slot >= VSH_ONLINE_SLOTS || !(o->owned & (1u << slot)))
		return;
	(void)!pwrite(o->fd, &now, sizeof now,
		      (off_t)slot * REC_SIZE + (off_t)offsetof(vsh_online_rec, last_input));
}

int vsh_online_count(vsh_online *o, int first, int last)
{
	int n = 0;

	if (!o)
		return 0;
	for (int slot = first < 0 ? 0 : first; slot <= last && slot < VSH_ONLINE_SLOTS; slot++)
		n += taken(o, slot);
	return n;
}
