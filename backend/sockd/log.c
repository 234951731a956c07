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

static void vlog(int prio, const char *fmt, va_list ap)
{
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
}

void sockd_log(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio >= LOG_DEBUG && verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog(prio, fmt, ap);
	va_end(ap);
}

static void report_skipped(sockd_ratelimit *rl, int prio)
{
	if (rl->skipped)
		sockd_log(prio, "%lu more line%s of %s not logged", rl->skipped,
			  rl->skipped == 1 ? "" : "s", rl->what);
	rl->skipped = 0;
}

void sockd_log_limited(sockd_ratelimit *rl, int prio, const char *fmt, ...)
{
	va_list ap;
	uint64_t now = sockd_now_ms();

	if (now - rl->start >= SOCKD_LOG_WINDOW_MS) {
		report_skipped(rl, prio);
		rl->start = now;
		rl->lines = 0;
	}
	if (rl->lines >= SOCKD_LOG_BURST) {
		rl->skipped++;
		return;
	}
	rl->lines++;
	va_start(ap, fmt);
	vlog(prio, fmt, ap);
	va_end(ap);
}

void sockd_log_limited_tick(sockd_ratelimit *rl, int prio)
{
	if (rl->skipped && sockd_now_ms() - rl->start >= SOCKD_LOG_WINDOW_MS) {
		report_skipped(rl, prio);
		rl->start = sockd_now_ms();
		rl->lines = 0;
	}
}
