/* The table of login sessions: one fixed-size record per slot in a file,
 * a slot taken while its owner holds a write lock on the record's bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir.h"
#include "online.h"

/* Room for the record to grow without changing the file layout. */
#define REC_SIZE 256

struct store_online {
	int fd;
	uint32_t owned; /* slots this process holds (its own locks do not show to F_GETLK) */
};

_Static_assert(sizeof(store_online_rec) <= REC_SIZE, "online record too large");
_Static_assert(STORE_ONLINE_SLOTS <= 32, "owned mask too small");

store_online *store_online_open(const char *state_dir)
{
	store_online *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	if (state_dir) {
		store_dir d;
		char err[256];
		o->fd = -1;
		if (store_dir_open(&d, state_dir, 0, err, sizeof err) == 0) {
			o->fd = store_dir_openat(&d, STORE_ONLINE_NAME, O_RDWR | O_CREAT, 0600);
			int e = errno;
			store_dir_close(&d);
			errno = e;
		} else {
			errno = EACCES;
		}
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

void store_online_close(store_online *o)
{
	if (!o)
		return;
	close(o->fd); /* drops this process's locks too */
	free(o);
}

static int lock_op(store_online *o, int cmd, short type, int slot, struct flock *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = (off_t)slot * REC_SIZE;
	fl->l_len = REC_SIZE;
	return fcntl(o->fd, cmd, fl);
}

static bool taken(store_online *o, int slot)
{
	struct flock fl;

	if (o->owned & (1u << slot))
		return true;
	if (lock_op(o, F_GETLK, F_WRLCK, slot, &fl) < 0)
		return false;
	return fl.l_type != F_UNLCK;
}

static int put(store_online *o, int slot, const store_online_rec *r)
{
	char buf[REC_SIZE];

	memset(buf, 0, sizeof buf);
	memcpy(buf, r, sizeof *r);
	return pwrite(o->fd, buf, sizeof buf, (off_t)slot * REC_SIZE) == (ssize_t)sizeof buf ? 0
											       : -1;
}

int store_online_claim(store_online *o, int first, int last, const store_online_rec *r)
{
	struct flock fl;

	if (!o)
		return -1;
	if (first < 0)
		first = 0;
	if (last >= STORE_ONLINE_SLOTS)
		last = STORE_ONLINE_SLOTS - 1;
	for (int slot = first; slot <= last; slot++) {
		if (o->owned & (1u << slot))
			continue;
		if (lock_op(o, F_SETLK, F_WRLCK, slot, &fl) < 0)
			continue; /* someone else's */
		o->owned |= 1u << slot;
		if (put(o, slot, r) == 0)
			return slot;
		store_online_release(o, slot);
		return -1;
	}
	return -1;
}

int store_online_set(store_online *o, int slot, const store_online_rec *r)
{
	if (!o || slot < 0 || slot >= STORE_ONLINE_SLOTS || !(o->owned & (1u << slot)))
		return -1;
	return put(o, slot, r);
}

void store_online_release(store_online *o, int slot)
{
	struct flock fl;

	if (!o || slot < 0 || slot >= STORE_ONLINE_SLOTS || !(o->owned & (1u << slot)))
		return;
	lock_op(o, F_SETLK, F_UNLCK, slot, &fl);
	o->owned &= ~(1u << slot);
}

bool store_online_get(store_online *o, int slot, store_online_rec *r)
{
	char buf[REC_SIZE];

	if (!o || slot < 0 || slot >= STORE_ONLINE_SLOTS || !taken(o, slot))
		return false;
	if (pread(o->fd, buf, sizeof buf, (off_t)slot * REC_SIZE) != (ssize_t)sizeof buf)
		return false;
	memcpy(r, buf, sizeof *r);
	r->kind[sizeof r->kind - 1] = '\0';
	r->addr[sizeof r->addr - 1] = '\0';
	r->user[sizeof r->user - 1] = '\0';
	return true;
}

void store_online_touch(store_online *o, int slot)
{
	int64_t now = (int64_t)time(NULL);

	if (!o || slot < 0 || slot >= STORE_ONLINE_SLOTS || !(o->owned & (1u << slot)))
		return;
	(void)!pwrite(o->fd, &now, sizeof now,
		      (off_t)slot * REC_SIZE + (off_t)offsetof(store_online_rec, last_input));
}

int store_online_count(store_online *o, int first, int last)
{
	int n = 0;

	if (!o)
		return 0;
	for (int slot = first < 0 ? 0 : first; slot <= last && slot < STORE_ONLINE_SLOTS; slot++)
		n += taken(o, slot);
	return n;
}
