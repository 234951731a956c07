/* Fuzz target: the netlink message decoder of vrp-sockd and its client
 * (backend/msg.c): the input is a datagram; each message in it is
 * decoded as a request, as a dump record and as an ack, as the daemon
 * and the client walk them. */
#include <stdlib.h>
#include <string.h>

#include "../backend/vrpsock.h"
#include "fuzz_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* netlink headers are read in place: the buffer is aligned */
	if (size > VRPSOCK_DGRAM_MAX)
		size = VRPSOCK_DGRAM_MAX;
	uint32_t *buf = malloc(size + sizeof *buf);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	const unsigned char *p = (const unsigned char *)buf;
	size_t rem = size;
	while (rem >= NLMSG_HDRLEN) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)p;
		vrpsock_op op;
		vrpsock_err e;
		int code;
		const char *msg;
		uint32_t seq;
		vrpsock_decode(h, rem, false, &op, &e);
		vrpsock_decode(h, rem, true, &op, &e);
		vrpsock_decode_ack(h, rem, &code, &msg, &seq);
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > rem)
			break;
		size_t step = NLMSG_ALIGN(h->nlmsg_len);
		if (step >= rem)
			break;
		rem -= step;
		p += step;
	}
	free(buf);
	return 0;
}
