/* Messages of the daemon: to stderr in the foreground, else to syslog. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "sockd.h"

static bool use_stderr = true;
static int verbosity;

void sockd_log_open(bool to_stderr, int verbose)
{
	use_stderr = to_stderr;
	verbosity = verbose;
	if (!to_stderr)
		openlog("vrp-sockd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

bool sockd_log_debug(void)
{
	return verbosity > 0;
}

void sockd_log(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio >= LOG_DEBUG && verbosity < 1)
		return;
	va_start(ap, fmt);
	if (use_stderr) {
		char msg[1024];
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		vsnprintf(msg, sizeof msg, fmt, ap);
		fprintf(stderr, "vrp-sockd %02d:%02d:%02d.%03ld %s\n", tm.tm_hour, tm.tm_min,
			tm.tm_sec, ts.tv_nsec / 1000000, msg);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}
