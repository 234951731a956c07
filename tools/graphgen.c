/* Build-time compiler of the command graph: compiles every command row
 * (hand-written and generated) the way the shell would at start-up and
 * writes the frozen graph to a file, which the build embeds in the
 * programs (tools/graph.S).  Any row that does not compile fails the
 * build: no command is dropped silently.
 *
 *   graphgen OUT      write the graph to OUT
 *   graphgen -s       print counts only */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmdset.h"

static unsigned long nbad;

static void bad(void *arg, const char *format, const char *why)
{
	(void)arg;
	fprintf(stderr, "graphgen: %s: %s\n", format, why);
	nbad++;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: graphgen OUT | -s\n");
		return 2;
	}
	parser_graph *g = cmdset_compile(bad, NULL);
	if (!g) {
		fprintf(stderr, "graphgen: out of memory\n");
		return 1;
	}
	if (nbad) {
		fprintf(stderr, "graphgen: %lu command rows do not compile\n", nbad);
		parser_graph_free(g);
		return 1;
	}
	void *blob = NULL;
	size_t len = parser_graph_blob(g, &blob);
	size_t nh, ng, nr;
	cmdset_counts(&nh, &ng, &nr);
	if (strcmp(argv[1], "-s") == 0) {
		printf("hand rows %zu, generated rows %zu (%zu replaced by hand rows), graph %zu bytes\n",
		       nh, ng, nr, len);
		free(blob);
		parser_graph_free(g);
		return len ? 0 : 1;
	}
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
	FILE *f = len ? fopen(tmp, "wb") : NULL;
	if (!f || fwrite(blob, 1, len, f) != len || fclose(f) != 0 || rename(tmp, argv[1]) != 0) {
		fprintf(stderr, "graphgen: cannot write %s: %s\n", argv[1],
			len ? strerror(errno) : "out of memory");
		free(blob);
		parser_graph_free(g);
		return 1;
	}
	free(blob);
	parser_graph_free(g);
	return 0;
}
