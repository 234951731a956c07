/* Device models beyond what view.h declares: named model sets, forwarding
 * modes and the physical port layout of each model. */
#ifndef VRPSH_VIEWS_MODELS_H
#define VRPSH_VIEWS_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view.h"

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

/* The model's port groups; returns their number. */
size_t model_ports(const vsh_model *m, const model_port_group **out);

#endif
