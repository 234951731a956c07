/* Runs a command and prints, on one line, its wall time and the peak
 * resident set of the child (ru_maxrss), for the benchmark script:
 *
 *   rusage wall_s=0.412733 maxrss_kb=52340 user_s=0.390 sys_s=0.020 status=0
 *
 * The command's standard output goes to /dev/null (or to FILE with -o),
 * its standard input comes from /dev/null (or FILE with -i); its standard
 * error is left alone.  The exit status is the command's (128 + signal
 * when it was killed).
 *
 * usage: rusage [-o FILE] [-i FILE] [--] COMMAND [ARG...] */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static int usage(void)
{
	fprintf(stderr, "usage: rusage [-o FILE] [-i FILE] [--] COMMAND [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *outfile = "/dev/null", *infile = "/dev/null";
	int i = 1;

	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "-i") == 0) && i + 1 < argc) {
			if (argv[i][1] == 'o')
				outfile = argv[i + 1];
			else
				infile = argv[i + 1];
			i++;
			continue;
		}
		if (argv[i][0] == '-')
			return usage();
		break;
	}
	if (i >= argc)
		return usage();

	int in = open(infile, O_RDONLY);
	if (in < 0) {
		fprintf(stderr, "rusage: %s: %s\n", infile, strerror(errno));
		return 2;
	}
	int out = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		fprintf(stderr, "rusage: %s: %s\n", outfile, strerror(errno));
		return 2;
	}
	fflush(stdout);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
			_exit(127);
		close(in);
		close(out);
		execvp(argv[i], argv + i);
		fprintf(stderr, "rusage: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	close(in);
	close(out);

	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	printf("rusage wall_s=%.6f maxrss_kb=%ld user_s=%.3f sys_s=%.3f status=%d\n", wall,
	       ru.ru_maxrss, seconds(&ru.ru_utime), seconds(&ru.ru_stime), status);
	return status;
}
