/* Writes a configuration of about LINES lines in the layout of `display
 * current-configuration` (indentation gives the view depth): VPN
 * instances with an IPv6 family and a route distinguisher, a LoopBack per
 * VPN instance with an address, and under `bgp 100` the IPv6 unicast
 * family that comes with the VPN families and one IPv6 VPN family per
 * instance holding up to 100 external groups of three lines each
 * (group, as-number, connect-interface).  Group names repeat across
 * families: they are unique only within one.
 *
 * With --earlier the IPv6 unicast block is left out: releases before the
 * BGP address families existed refuse it, and the benchmarks that compare
 * with such a release give both the same file.
 *
 * usage: genconf [--earlier] LINES > FILE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUPS_PER_VPN 100UL
#define LOOPBACKS 1024UL /* LoopBack0..1023: reused beyond that many VPNs */
#define MAX_LINES 100000000UL

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

/* Lines other than group lines for v VPN instances: "#", sysname, the
 * "#" "bgp 100" pair, " #" " ipv6-family unicast" and the closing "#"
 * "return" (8); per instance 4 for its block and 2 for its BGP family; 3
 * per LoopBack block. */
static unsigned long fixed_lines(unsigned long v, int earlier)
{
	return (earlier ? 6 : 8) + 6 * v + 3 * min_ul(v, LOOPBACKS);
}

static unsigned long loopback_of(unsigned long v)
{
	return (v - 1) % LOOPBACKS;
}

int main(int argc, char **argv)
{
	char *end;
	unsigned long want;
	int earlier = argc == 3 && strcmp(argv[1], "--earlier") == 0;
	const char *lines = argv[argc - 1];

	if (argc != 2 && !earlier) {
		fprintf(stderr, "usage: genconf [--earlier] LINES > FILE\n");
		return 2;
	}
	errno = 0;
	want = strtoul(lines, &end, 10);
	if (errno || *end || lines[0] == '-' || want == 0 || want > MAX_LINES) {
		fprintf(stderr, "genconf: LINES must be a number from 1 to %lu\n", MAX_LINES);
		return 2;
	}

	/* the fewest instances whose full groups reach the wanted size; the
	 * last one gets what is left (at least one group each) */
	unsigned long vpns = 1;
	while (fixed_lines(vpns, earlier) + 3 * GROUPS_PER_VPN * vpns < want)
		vpns++;
	unsigned long groups = want > fixed_lines(vpns, earlier) ? (want - fixed_lines(vpns, earlier)) / 3 : 0;
	if (groups < vpns)
		groups = vpns;

	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);

	printf("#\nsysname HUAWEI\n");
	for (unsigned long v = 1; v <= vpns; v++)
		printf("#\nip vpn-instance vpn%lu\n ipv6-family\n  route-distinguisher 100:%lu\n", v, v);
	for (unsigned long v = 1; v <= min_ul(vpns, LOOPBACKS); v++) {
		unsigned long a = v; /* 10.0.0.1, 10.0.0.2, ...: one /32 each */
		printf("#\ninterface LoopBack%lu\n ip address 10.%lu.%lu.%lu 255.255.255.255\n",
		       loopback_of(v), (a >> 16) & 255, (a >> 8) & 255, a & 255);
	}
	printf("#\nbgp 100\n");
	if (!earlier)
		printf(" #\n ipv6-family unicast\n");
	unsigned long left = groups;
	for (unsigned long v = 1; v <= vpns; v++) {
		unsigned long n = v < vpns ? min_ul(GROUPS_PER_VPN, left - (vpns - v)) : left;
		left -= n;
		printf(" #\n ipv6-family vpn-instance vpn%lu\n", v);
		for (unsigned long g = 1; g <= n; g++)
			printf("  group g%lu external\n"
			       "  peer g%lu as-number 200\n"
			       "  peer g%lu connect-interface LoopBack%lu\n",
			       g, g, g, loopback_of(v));
	}
	printf("#\nreturn\n");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genconf: write");
		return 1;
	}
	return 0;
}
