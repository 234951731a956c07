/* Threads of the library's own (memory faulted in ahead, checkpoints and
 * state files synced beside the work): they take no signals, which stay
 * with the thread that handles them. */
#ifndef VRPSH_CONFIG_THREAD_H
#define VRPSH_CONFIG_THREAD_H

#include <pthread.h>

/* pthread_create with every signal blocked in the new thread.  0, or the
 * error pthread_create returned. */
int cfg_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
