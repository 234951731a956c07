/* vrpsh: options and the choice of front end.
 *
 *   -f FILE            replay FILE (or "-" for standard input)
 *   --transcript       commands from standard input, device-style transcript
 *   a terminal         the readline console
 *   anything else      replay standard input (also as a login shell
 *                      without a terminal: `ssh -T host < script`)
 *   --check FILE...    validate files offline (cli/check.c)
 * -c commands run from the user view after the replay of -f; without -f
 * they run on the running configuration of the state directory, and
 * standard input is not read.  Changes they leave uncommitted are
 * reported and make the exit status 1.
 *
 * Output that cannot be written (a full disk, a closed standard output) is
 * reported at the end and makes the exit status 1; SIGPIPE keeps its
 * default action. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "../shell/audit.h"
#include "../views/bgp_backend.h"
#include "../views/models.h"
#include "../views/store.h"
#include "check.h"
#include "console.h"
#include "login.h"
#include "replay.h"
#include "shell.h"
#include "transcript.h"
#include "vty.h"

#ifndef VRPSH_VERSION
#define VRPSH_VERSION "unknown"
#endif

enum {
	OPT_TRANSCRIPT = 256,
	OPT_MODEL,
	OPT_FORWARDING,
	OPT_LEVEL,
	OPT_STATE_DIR,
	OPT_BACKEND,
	OPT_SOCKD_PORT,
	OPT_VTY_LISTEN,
	OPT_CHECK,
	OPT_FORMAT,
	OPT_CONTINUE,
	OPT_SYSLOG_FACILITY,
	OPT_RECOVER,
	OPT_YES,
	OPT_SOCKD_RESYNC,
};

static const struct option long_opts[] = {
	{ "transcript", no_argument, NULL, OPT_TRANSCRIPT },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "forwarding-mode", required_argument, NULL, OPT_FORWARDING },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "sockd-port-id", required_argument, NULL, OPT_SOCKD_PORT },
	{ "vty-listen", required_argument, NULL, OPT_VTY_LISTEN },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "continue", no_argument, NULL, OPT_CONTINUE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "syslog-facility", required_argument, NULL, OPT_SYSLOG_FACILITY },
	{ "recover", no_argument, NULL, OPT_RECOVER },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "sockd-resync", no_argument, NULL, OPT_SOCKD_RESYNC },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* One model a line, with its physical ports. */
static void list_models(FILE *f, const char *indent)
{
	const char *name;
	char ports[256];

	for (size_t i = 0; (name = model_nth(i)) != NULL; i++) {
		model_port_layout(model_find(name), ports, sizeof ports);
		fprintf(f, "%s%-17s %s\n", indent, name, ports);
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vrpsh [OPTION]...\n"
		"  or:  vrpsh --check [--model NAME] [--format text|json] FILE...\n"
		"A Huawei VRP (CloudEngine) style configuration shell.\n"
		"\n"
		"Without -f or --transcript, vrpsh is an interactive console when standard\n"
		"input is a terminal, and replays standard input otherwise.\n"
		"\n"
		"  -f FILE                 replay FILE (\"-\": standard input) as one\n"
		"                          transaction, committed if every line succeeds\n"
		"      --continue          with -f: load FILE as the device loads a\n"
		"                          configuration file: failing lines are reported\n"
		"                          and skipped, the rest is committed (exit status 1\n"
		"                          when any line failed)\n"
		"  -c COMMAND              run COMMAND from the user view after the replay\n"
		"                          of -f (repeatable); without -f, on the running\n"
		"                          configuration of the state directory, and\n"
		"                          standard input is not read; changes left\n"
		"                          uncommitted are discarded with exit status 1\n"
		"      --transcript        read commands from standard input and print the\n"
		"                          session as a device shows it\n"
		"      --model NAME        device model (default %s)\n"
		"      --forwarding-mode standard|low-latency\n"
		"                          forwarding mode of a CE6885-LL (default standard)\n"
		"      --level N           user privilege level 0-3 (default 3)\n"
		"      --state-dir DIR     state directory (created if missing; default\n"
		"                          $VRPSH_STATE_DIR, else $XDG_STATE_HOME/vrpsh or\n"
		"                          ~/.local/state/vrpsh, /var/lib/vrpsh for root)\n"
		"      --recover           repair a damaged state directory: keep what is\n"
		"                          intact, move the damaged file aside (asks first)\n"
		"      --yes               answer yes to --recover's question\n"
		"      --backend none      do not push BGP bindings to vrp-sockd\n"
		"      --sockd-port-id N   netlink port id of vrp-sockd (default 1448235091)\n"
		"      --sockd-resync      send vrp-sockd the bindings of the whole running\n"
		"                          configuration now, and exit\n"
		"      --vty-listen ADDR:PORT\n"
		"                          serve telnet VTY sessions on ADDR:PORT (\"[IPV6]:PORT\";\n"
		"                          port 0: any free one), one process per session;\n"
		"                          with -f, FILE is the configuration they start from\n"
		"      --check FILE...     validate configuration files (\"-\": standard\n"
		"                          input) offline for the model: every error is\n"
		"                          reported as FILE:LINE:COLUMN; no state directory\n"
		"                          is used.  Exit status 0 clean, 1 errors, 2 usage\n"
		"                          or I/O errors\n"
		"      --format text|json  --check's diagnostics: text (default) or one JSON\n"
		"                          object per line\n"
		"      --syslog-facility NAME\n"
		"                          syslog facility of commits and rollbacks: local0 to\n"
		"                          local7 (default), user or daemon; logins go to\n"
		"                          authpriv\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n"
		"\n"
		"Exit status: 0 success; 1 a command failed, the commit was refused,\n"
		"changes of -c were left uncommitted or the output could not be written;\n"
		"2 usage error or an unusable (or damaged) state directory.\n"
		"\n"
		"Models:\n",
		model_name(model_default()));
	list_models(f, "  ");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("vrpsh: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'vrpsh --help' for more information.\n", stderr);
	return CLI_EXIT_USAGE;
}

/* A facility name of --syslog-facility, or -1. */
static int syslog_facility(const char *name)
{
	static const struct {
		const char *name;
		int facility;
	} names[] = {
		{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
		{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
		{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 }, { "user", LOG_USER },
		{ "daemon", LOG_DAEMON },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].facility;
	return -1;
}

static int parse_options(int argc, char **argv, cli_opts *o, int *exit_now)
{
	const char *model = NULL, *fwd = NULL;

	*exit_now = -1;
	o->model = model_default();
	o->level = LEVEL_MANAGE;
	o->cmds = calloc((size_t)argc + 1, sizeof(*o->cmds));
	if (!o->cmds) {
		fputs("vrpsh: out of memory\n", stderr);
		return CLI_EXIT_USAGE;
	}
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, ":f:c:hV", long_opts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'f':
			if (o->file)
				return usage_error("-f given twice%s", "");
			o->file = optarg;
			break;
		case 'c':
			o->cmds[o->ncmds++] = optarg;
			break;
		case OPT_TRANSCRIPT:
			o->transcript = true;
			break;
		case OPT_MODEL:
			model = optarg;
			break;
		case OPT_FORWARDING:
			fwd = optarg;
			break;
		case OPT_LEVEL: {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < LEVEL_VISIT || v > LEVEL_MANAGE)
				return usage_error("--level: '%s' is not a level from 0 to 3", optarg);
			o->level = (int)v;
			break;
		}
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case OPT_BACKEND:
			if (strcmp(optarg, "none") == 0)
				o->backend_none = true;
			else if (strcmp(optarg, "netlink") != 0)
				return usage_error("--backend: '%s' is neither none nor netlink", optarg);
			break;
		case OPT_SOCKD_PORT: {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 0);
			if (errno || end == optarg || *end || v == 0 || v > 0xffffffffUL)
				return usage_error("--sockd-port-id: '%s' is not a port id", optarg);
			o->sockd_port_id = (uint32_t)v;
			break;
		}
		case OPT_VTY_LISTEN:
			o->vty_listen = optarg;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_CONTINUE:
			o->keep_going = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				o->check_json = true;
			else if (strcmp(optarg, "text") != 0)
				return usage_error("--format: '%s' is neither text nor json", optarg);
			break;
		case OPT_SYSLOG_FACILITY: {
			int f = syslog_facility(optarg);
			if (f < 0)
				return usage_error("--syslog-facility: '%s' is not local0 to local7, "
						   "user or daemon",
						   optarg);
			vsh_audit_set_facility(f);
			break;
		}
		case OPT_RECOVER:
			o->recover = true;
			break;
		case OPT_YES:
			o->yes = true;
			break;
		case OPT_SOCKD_RESYNC:
			o->sockd_resync = true;
			break;
		case 'h':
			usage(stdout);
			*exit_now = CLI_EXIT_OK;
			return 0;
		case 'V':
			printf("vrpsh %s\n", VRPSH_VERSION);
			*exit_now = CLI_EXIT_OK;
			return 0;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt && optopt < 256) {
				char s[3] = { '-', (char)optopt, '\0' };
				return usage_error("unknown option '%s'", s);
			}
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (o->check) {
		if (optind == argc)
			return usage_error("--check needs at least one FILE%s", "");
		if (o->file || o->ncmds || o->transcript || o->vty_listen)
			return usage_error("--check goes with no -f, -c, --transcript or "
					   "--vty-listen%s", "");
		o->files = argv + optind;
		o->nfiles = argc - optind;
	} else if (optind < argc) {
		return usage_error("unexpected argument '%s'", argv[optind]);
	} else if (o->check_json) {
		return usage_error("--format goes with --check%s", "");
	}
	if (o->keep_going && !o->file)
		return usage_error("--continue goes with -f FILE%s", "");

	if (model) {
		o->model = model_find(model);
		if (!o->model) {
			fprintf(stderr, "vrpsh: unknown model '%s'; the models are:\n", model);
			list_models(stderr, "  ");
			return CLI_EXIT_USAGE;
		}
	}
	if (fwd) {
		if (strcasecmp(fwd, "low-latency") == 0)
			o->low_latency = true;
		else if (strcasecmp(fwd, "standard") != 0)
			return usage_error("--forwarding-mode: '%s' is neither standard nor low-latency",
					   fwd);
		if (!model_has_low_latency(o->model)) {
			fprintf(stderr,
				"vrpsh: --forwarding-mode applies only to models with a low-latency "
				"mode (CE6885-LL), not to %s\n",
				model_name(o->model));
			return CLI_EXIT_USAGE;
		}
	}
	if (o->check)
		return 0; /* no state directory at all */
	if (!o->state_dir) {
		/* VRPSH_STATE_DIR, then the per-user (or root's) default */
		static char dflt[PATH_MAX];
		const char *env = getenv("VRPSH_STATE_DIR");
		if (env && *env)
			o->state_dir = env;
		else if (vsh_state_dir_default(dflt, sizeof dflt) == 0)
			o->state_dir = dflt;
	}
	if (o->recover && !o->state_dir)
		return usage_error("--recover needs a state directory%s", "");
	if (o->yes && !o->recover)
		return usage_error("--yes goes with --recover%s", "");
	return 0;
}

/* Standard descriptors that are closed get a read-only /dev/null, so that
 * no file the program opens takes their number (a state file receiving
 * the output) and writing to them still fails (EBADF) as it would have. */
static void hold_closed_stdio(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int nfd = open("/dev/null", O_RDONLY);
		if (nfd >= 0 && nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
}

/* Standard output goes through a stream of our own that keeps the reason
 * of the first failed write: stdio keeps only an error flag, and the
 * output may fail long before the final flush. */
static int stdout_errno;

static ssize_t stdout_cookie_write(void *cookie, const char *buf, size_t len)
{
	size_t done = 0;

	(void)cookie;
	while (done < len) {
		ssize_t n = write(STDOUT_FILENO, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!stdout_errno)
				stdout_errno = n < 0 ? errno : EIO;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)len;
}

static void stdout_track_errors(void)
{
	static const cookie_io_functions_t io = { .write = stdout_cookie_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (!f)
		return; /* errors are still found, without their reason */
	setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
	fflush(stdout);
	stdout = f;
}

/* Flush standard output; on a write error (now or earlier) say so on
 * standard error.  Returns 0, or -1 after a write error. */
static int close_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (stdout_errno)
		fprintf(stderr, "vrpsh: write error: %s\n", strerror(stdout_errno));
	else
		fputs("vrpsh: write error\n", stderr);
	return -1;
}

/* -c commands left changes in the candidate: they are not kept. */
static int check_uncommitted(vsh_session *s, int rc)
{
	if (rc != CLI_EXIT_OK || !cfg_pending(s->db))
		return rc;
	fputs("vrpsh: the configuration changes of -c were not committed and are discarded "
	      "(add -c commit)\n",
	      stderr);
	return CLI_EXIT_FAIL;
}

static void write_stdout(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	fwrite(buf, 1, len, stdout);
}

static int no_answer(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	(void)buf;
	(void)buflen;
	return -1;
}

/* --recover's question, answered on standard input. */
static int stdin_answer(void *ctx, char *buf, size_t buflen)
{
	(void)ctx;
	fflush(stdout);
	if (!fgets(buf, (int)buflen, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* `vrpsh --recover`: the exit status. */
static int recover(cli_shell *sh, bool yes)
{
	char err[512];
	bool done;
	if (vsh_store_recover(&sh->s, yes, &done, err, sizeof err) != 0) {
		fprintf(stderr, "vrpsh: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	return done || !vsh_store_damaged(&sh->s, NULL, 0) ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

/* A run that will write (a replay) starts only on an intact state
 * directory.  0, or the exit status after the message. */
static int writable_state(cli_shell *sh)
{
	char msg[768];
	if (!sh->s.store)
		return 0;
	if (vsh_store_need(&sh->s, msg, sizeof msg) != 0 ||
	    vsh_store_damaged(&sh->s, msg, sizeof msg)) {
		fprintf(stderr, "vrpsh: %s\n", msg);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	cli_opts o = { 0 };
	cli_shell sh;
	char err[512];
	int exit_now, rc;

	hold_closed_stdio();
	stdout_track_errors();
	o.login = argv[0] && argv[0][0] == '-';
	rc = parse_options(argc, argv, &o, &exit_now);
	if (rc != 0 || exit_now >= 0) {
		free(o.cmds);
		return rc != 0 ? rc : exit_now;
	}

	if (o.check) {
		rc = cli_check(&o, o.files, o.nfiles, o.check_json);
		free(o.cmds);
		return rc;
	}
	vsh_io io = { .write = write_stdout, .ask = o.recover ? stdin_answer : no_answer,
		      .ctx = NULL };
	int orc = cli_shell_open(&sh, &o, io, err, sizeof(err));
	if (orc < 0) {
		fprintf(stderr, "vrpsh: %s\n", err);
		free(o.cmds);
		/* an unusable state directory has the usage error's status */
		return orc == CLI_SHELL_BAD_STATE ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
	}
	if (o.recover) {
		rc = recover(&sh, o.yes);
		cli_shell_close(&sh);
		free(o.cmds);
		return rc;
	}

	const char *const *cmds = o.cmds;
	if (o.sockd_resync) {
		int st = bgp_backend_resync(&sh.s, err, sizeof err);
		if (st == NLB_OK)
			printf("Info: vrp-sockd has the bindings of the running configuration.\n");
		else
			fprintf(stderr, "vrpsh: --sockd-resync: %s\n", err);
		rc = st == NLB_OK ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	} else if (o.vty_listen) {
		/* -f FILE: the configuration the sessions start from. */
		if (o.file) {
			cli_shell_set_batch(&sh, true);
			rc = cli_replay_file(&sh.s, o.file);
			cli_shell_set_batch(&sh, false);
			vsh_to_user(&sh.s);
		}
		if (rc == CLI_EXIT_OK)
			rc = cli_vty_serve(&sh, &o, o.vty_listen);
	} else if (o.file) {
		cli_shell_set_batch(&sh, true);
		rc = writable_state(&sh);
		if (rc == CLI_EXIT_OK)
			rc = o.keep_going ? cli_replay_file_continue(&sh.s, o.file)
					  : cli_replay_file(&sh.s, o.file);
		/* After --continue the -c commands run even when lines failed
		 * (to show what was loaded); the status still says they did. */
		if (rc == CLI_EXIT_OK || (o.keep_going && rc == CLI_EXIT_FAIL)) {
			int rc2 = check_uncommitted(&sh.s, cli_run_commands(&sh.s, cmds, o.ncmds));
			if (rc == CLI_EXIT_OK)
				rc = rc2;
		}
	} else if (o.transcript) {
		rc = cli_transcript(&sh.s, stdin, stdout, cmds, o.ncmds);
	} else if (o.ncmds > 0) {
		/* Standard input is left alone: `ssh host vrpsh -c ...` and
		 * scripts must not hang on an open but idle input. */
		cli_shell_set_batch(&sh, true);
		rc = check_uncommitted(&sh.s, cli_run_commands(&sh.s, cmds, o.ncmds));
		/* a write refused because the directory is damaged */
		if (rc == CLI_EXIT_FAIL && vsh_store_damaged(&sh.s, NULL, 0))
			rc = CLI_EXIT_USAGE;
	} else if (isatty(STDIN_FILENO) || o.login) {
		/* A login shell without a terminal (`ssh -T host < script`)
		 * replays its input as `vrpsh < script` does. */
		bool tty = isatty(STDIN_FILENO);
		if (cli_login_open(&sh, &o, tty, err, sizeof(err)) < 0) {
			printf("%s\n", err);
			rc = CLI_EXIT_FAIL;
		} else if (tty) {
			rc = cli_console(&sh.s);
		} else {
			cli_shell_set_batch(&sh, true);
			rc = cli_replay_file(&sh.s, "-");
		}
		cli_login_close(&sh);
	} else {
		cli_shell_set_batch(&sh, true);
		rc = writable_state(&sh);
		if (rc == CLI_EXIT_OK)
			rc = cli_replay_file(&sh.s, "-");
	}
	if (close_stdout() < 0 && rc == CLI_EXIT_OK)
		rc = CLI_EXIT_FAIL;
	cli_shell_close(&sh);
	free(o.cmds);
	return rc;
}
