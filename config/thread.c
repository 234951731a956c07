/* Starting the library's helper threads (thread.h). */
#include <signal.h>

#include "thread.h"

int cfg_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	/* the new thread inherits the mask in force when it is made */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
