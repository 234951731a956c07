/* Device models beyond what view.h declares: named model sets, forwarding
 * modes and the physical port layout of each model. */
#ifndef VRPSH_VIEWS_MODELS_H
#define VRPSH_VIEWS_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view.h"

/* Availability bits (parser/grammar.h): bit i is model i of the table in
 * its standard forwarding mode; MODEL_BIT_LL is CE6885-LL in its
 * low-latency mode. */
#define MODEL_BIT_LL 26u
#define MODEL_BITS_ALL ((UINT32_C(1) << (MODEL_BIT_LL + 1)) - 1)

/* The bit of a model in a forwarding mode (a model without a low-latency
 * mode has one bit). */
uint32_t model_bit(const vsh_model *m, bool low_latency);
/* The bits of a model set name (NULL: every model; 0 for unknown sets). */
uint32_t model_set_bits(const char *set);
/* The bits of one model as the reference names it: "CE6881H",
 * "CE6885-LL" (standard mode), "CE6885-LL(low-latency)".  0 when unknown. */
uint32_t model_ref_bits(const char *name);
/* The names of the models in bits, ", "-separated, in table order, with
 * "CE6885-LL (low latency mode)" for MODEL_BIT_LL.  Returns the length
 * (truncated to buflen - 1). */
size_t model_bits_names(uint32_t bits, char *buf, size_t buflen);

/* Model set names for view_cmd.models. */
#define MODELS_IPV6_VPN "ipv6-vpn"               /* IPv6 VPN instances, BGP VPNv6, IPv6 addresses */
#define MODELS_UNDO_PORTSWITCH "undo-portswitch" /* Layer 3 mode on Ethernet ports and Eth-Trunks */
#define MODELS_NO_IPV6_VPN "no-ipv6-vpn"         /* every model outside "ipv6-vpn": the IPv4-only
						  * Format of pages whose IPv6 forms are noted */

/* One run of physical ports of a type: TYPE slot/card/first..last. */
typedef struct model_port_group {
	const char *iftype; /* canonical interface type name, e.g. "10GE" */
	uint32_t slot, card;
	uint32_t first, last;
} model_port_group;

/* Is `set` a set name that model_in_set knows? */
bool model_set_known(const char *set);

/* Does the model have a low-latency forwarding mode (--forwarding-mode)? */
bool model_has_low_latency(const vsh_model *m);

/* Number of models in the table. */
size_t model_count(void);

/* The board type `display device` shows ("CE6881H-48S6CQ"). */
const char *model_board_type(const vsh_model *m);

/* The model's port groups; returns their number. */
size_t model_ports(const vsh_model *m, const model_port_group **out);

/* The model's physical ports in words, "10GE1/0/1-48, 100GE1/0/1-6,
 * MEth0/0/0" (for --help and the refusal of an unknown model).  Returns
 * the length (truncated to buflen - 1). */
size_t model_port_layout(const vsh_model *m, char *buf, size_t buflen);

#endif
