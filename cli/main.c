/* vrpsh: options and the choice of front end.
 *
 *   -f FILE            replay FILE (or "-" for standard input)
 *   --transcript       commands from standard input, device-style transcript
 *   a terminal         the readline console
 *   anything else      replay standard input
 * -c commands run from the user view after the replay of -f; without -f
 * they run on the embedded default configuration, and standard input is
 * not read. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/statefile.h"
#include "../views/bgp_backend.h"
#include "../views/models.h"
#include "../views/store.h"
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
	{ "sockd-resync", no_argument, NULL, OPT_SOCKD_RESYNC },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void list_models(FILE *f, const char *indent)
{
	size_t col = 0;
	const char *name;

	fputs(indent, f);
	col = strlen(indent);
	for (size_t i = 0; (name = model_nth(i)) != NULL; i++) {
		size_t len = strlen(name);
		if (i > 0 && col + len + 1 > 78) {
			fprintf(f, "\n%s", indent);
			col = strlen(indent);
		} else if (i > 0) {
			fputc(' ', f);
			col++;
		}
		fputs(name, f);
		col += len;
	}
	fputc('\n', f);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vrpsh [OPTION]...\n"
		"A Huawei VRP (CloudEngine) style configuration shell.\n"
		"\n"
		"Without -f or --transcript, vrpsh is an interactive console when standard\n"
		"input is a terminal, and replays standard input otherwise.\n"
		"\n"
		"  -f FILE                 replay FILE (\"-\": standard input) as one\n"
		"                          transaction, committed if every line succeeds\n"
		"  -c COMMAND              run COMMAND from the user view after the replay\n"
		"                          of -f (repeatable); without -f, on the default\n"
		"                          configuration, and standard input is not read\n"
		"      --transcript        read commands from standard input and print the\n"
		"                          session as a device shows it\n"
		"      --model NAME        device model (default %s)\n"
		"      --forwarding-mode standard|low-latency\n"
		"                          forwarding mode of a CE6885-LL (default standard)\n"
		"      --level N           user privilege level 0-3 (default 3)\n"
		"      --state-dir DIR     state directory (created if missing; default\n"
		"                          $VRPSH_STATE_DIR, else $XDG_STATE_HOME/vrpsh or\n"
		"                          ~/.local/state/vrpsh, /var/lib/vrpsh for root)\n"
		"      --backend none      do not push BGP bindings to vrp-sockd\n"
		"      --sockd-port-id N   netlink port id of vrp-sockd (default 1448235091)\n"
		"      --sockd-resync      send vrp-sockd the bindings of the whole running\n"
		"                          configuration now, and exit\n"
		"      --vty-listen ADDR:PORT\n"
		"                          serve telnet VTY sessions on ADDR:PORT (\"[IPV6]:PORT\";\n"
		"                          port 0: any free one), one process per session;\n"
		"                          with -f, FILE is the configuration they start from\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n"
		"\n"
		"Exit status: 0 success, 1 a command failed or the commit was refused,\n"
		"2 usage error.\n"
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

static int check_state_dir(const char *dir)
{
	struct stat st;

	if (cfg_mkdirs(dir) < 0 || stat(dir, &st) < 0) {
		fprintf(stderr, "vrpsh: --state-dir %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "vrpsh: --state-dir %s: not a directory\n", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) < 0) {
		fprintf(stderr, "vrpsh: --state-dir %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
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
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

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
	if (!o->state_dir) {
		/* VRPSH_STATE_DIR, then the per-user (or root's) default */
		static char dflt[PATH_MAX];
		const char *env = getenv("VRPSH_STATE_DIR");
		if (env && *env)
			o->state_dir = env;
		else if (vsh_state_dir_default(dflt, sizeof dflt) == 0)
			o->state_dir = dflt;
	}
	if (o->state_dir && check_state_dir(o->state_dir) < 0)
		return CLI_EXIT_USAGE;
	return 0;
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

int main(int argc, char **argv)
{
	cli_opts o = { 0 };
	cli_shell sh;
	char err[512];
	int exit_now, rc;

	o.login = argv[0] && argv[0][0] == '-';
	rc = parse_options(argc, argv, &o, &exit_now);
	if (rc != 0 || exit_now >= 0) {
		free(o.cmds);
		return rc != 0 ? rc : exit_now;
	}

	vsh_io io = { .write = write_stdout, .ask = no_answer, .ctx = NULL };
	if (cli_shell_open(&sh, &o, io, err, sizeof(err)) < 0) {
		fprintf(stderr, "vrpsh: %s\n", err);
		free(o.cmds);
		return CLI_EXIT_FAIL;
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
		rc = cli_replay_file(&sh.s, o.file);
		if (rc == CLI_EXIT_OK)
			rc = cli_run_commands(&sh.s, cmds, o.ncmds);
	} else if (o.transcript) {
		rc = cli_transcript(&sh.s, stdin, stdout, cmds, o.ncmds);
	} else if (o.ncmds > 0) {
		/* Standard input is left alone: `ssh host vrpsh -c ...` and
		 * scripts must not hang on an open but idle input. */
		cli_shell_set_batch(&sh, true);
		rc = cli_run_commands(&sh.s, cmds, o.ncmds);
	} else if (isatty(STDIN_FILENO) || o.login) {
		if (cli_login_open(&sh, &o, isatty(STDIN_FILENO), err, sizeof(err)) < 0) {
			printf("%s\n", err);
			rc = CLI_EXIT_FAIL;
		} else {
			rc = cli_console(&sh.s);
		}
		cli_login_close(&sh);
	} else {
		cli_shell_set_batch(&sh, true);
		rc = cli_replay_file(&sh.s, "-");
	}
	fflush(stdout);
	cli_shell_close(&sh);
	free(o.cmds);
	return rc;
}
