/* Writes a configuration of about LINES lines in the layout of `display
 * current-configuration`, drawn from many commands of the reference rather
 * than from BGP alone: VLANs, Layer 2 and Layer 3 ports, sub-interfaces,
 * loopbacks, basic and advanced ACLs, OSPF and IS-IS processes with their
 * areas and networks, static routes, route policies, bridge domains with
 * VXLAN, traffic classifiers, behaviors and policies, and BGP peers.
 * Every line is one the default model accepts (bench/run checks that
 * `vrpsh --check` finds no error in it).
 *
 * usage: genmixed LINES > FILE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_LINES 100000000UL

static unsigned long lines;

#define OUT(...) (printf(__VA_ARGS__), lines++)

/* One block of each kind; n numbers the block, so that names and values
 * differ from block to block. */
static void block(unsigned long n)
{
	unsigned long v = 2 + n % 4000, port = 1 + n % 48;
	unsigned a = (unsigned)(n >> 16) & 0xff, b = (unsigned)(n >> 8) & 0xff,
		 c = (unsigned)n & 0xff;

	OUT("vlan %lu\n", v);
	OUT(" description vlan-%lu\n", n);
	OUT("#\n");
	OUT("interface 10GE1/0/%lu.%lu\n", port, 1 + n % 4000);
	OUT(" description sub-%lu\n", n);
	OUT(" ip address 10.%u.%u.1 255.255.255.0\n", a, b);
	OUT("#\n");
	OUT("interface LoopBack%lu\n", n % 1024);
	OUT(" ip address 172.%u.%u.%u 32\n", 16 + a % 16, b, c);
	OUT("#\n");
	OUT("acl number %lu\n", 2000 + n % 1000);
	OUT(" rule %lu permit source 10.%u.%u.0 0.0.0.255\n", 5 + n % 1000, a, b);
	OUT("#\n");
	OUT("acl number %lu\n", 3000 + n % 1000);
	OUT(" rule %lu deny tcp source 10.%u.%u.0 0.0.0.255 destination-port eq 23\n",
	    5 + n % 1000, a, b);
	OUT("#\n");
	OUT("ospf %lu router-id 10.%u.%u.%u\n", 1 + n % 100, a, b, c);
	OUT(" area 0.0.0.%lu\n", n % 250);
	OUT("  network 10.%u.%u.0 0.0.0.255\n", a, b);
	OUT("#\n");
	OUT("isis %lu\n", 1 + n % 100);
	OUT(" network-entity 10.0000.%04lu.%04lu.00\n", (n / 10000) % 10000, n % 10000);
	OUT("#\n");
	OUT("route-policy rp%lu permit node %lu\n", n % 1000, 10 + n % 1000);
	OUT(" if-match acl %lu\n", 2000 + n % 1000);
	OUT(" apply cost %lu\n", 1 + n % 1000);
	OUT("#\n");
	OUT("bridge-domain %lu\n", 10 + n % 100000);
	OUT(" vxlan vni %lu\n", 10 + n % 100000);
	OUT("#\n");
	OUT("traffic classifier c%lu type or\n", n);
	OUT(" if-match acl %lu\n", 3000 + n % 1000);
	OUT("#\n");
	OUT("traffic behavior b%lu\n", n);
	OUT(" remark dscp %lu\n", n % 64);
	OUT("#\n");
	OUT("ip route-static 192.%u.%u.0 255.255.255.0 10.%u.%u.2\n", 168 ^ (a & 1), b, a, b);
	OUT("ip route-static 198.%u.%u.0 24 NULL0\n", 18 + (a & 1), b);
	OUT("#\n");
}

int main(int argc, char **argv)
{
	char *end;
	unsigned long want;

	if (argc != 2) {
		fprintf(stderr, "usage: genmixed LINES\n");
		return 2;
	}
	errno = 0;
	want = strtoul(argv[1], &end, 10);
	if (errno || *end || want == 0 || want > MAX_LINES) {
		fprintf(stderr, "genmixed: LINES must be 1..%lu\n", MAX_LINES);
		return 2;
	}
	OUT("#\n");
	OUT("sysname HUAWEI\n");
	OUT("#\n");
	OUT("vlan batch 10 to 20 30\n");
	OUT("#\n");
	for (unsigned long n = 0; lines + 40 < want; n++)
		block(n);
	OUT("bgp 100\n");
	OUT(" router-id 10.255.255.1\n");
	OUT(" peer 10.255.0.1 as-number 200\n");
	OUT("#\n");
	OUT("return\n");
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
