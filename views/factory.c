/* The blocks a device shows on a configuration that never named them.
 *
 * The device lists every port it has in `display current-configuration`,
 * configured or not: the reference's example of the command shows
 * unconfigured ports as `interface 10GE1/0/1` / `#` and the console's
 * `user-interface con 0`; its rollback point example shows `interface
 * NULL0` in a configuration that never typed it.  Ports are in Layer 2
 * mode and up by default (the portswitch and shutdown pages), so an
 * unconfigured port shows no line of its own.
 *
 * These blocks are not configuration: they are not in the tree, so commits,
 * the journal, diffs and rollback never see them.  The renderings merge
 * them in at their places (cfg_render_extra); a port or console section of
 * the tree that shows lines stands for its block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factory.h"
#include "interface.h"
#include "models.h"
#include "order.h"

#define TEXT_MAX 48

static int cmp_extra(const void *a, const void *b)
{
	return cfg_order_cmp3(((const cfg_extra *)a)->ord, ((const cfg_extra *)b)->ord);
}

cfg_extra *view_factory_blocks(const vsh_model *m, size_t *n)
{
	const model_port_group *g;
	size_t ng = model_ports(m, &g), total = 2;

	*n = 0;
	for (size_t i = 0; i < ng; i++)
		total += g[i].last - g[i].first + 1;
	/* the array, then the texts */
	cfg_extra *x = malloc(total * (sizeof *x + TEXT_MAX));
	if (!x)
		return NULL;
	char *text = (char *)(x + total);
	size_t k = 0;
	for (size_t i = 0; i < ng; i++) {
		for (uint32_t p = g[i].first; p <= g[i].last; p++) {
			char name[32];
			snprintf(name, sizeof name, "%s%u/%u/%u", g[i].iftype, g[i].slot, g[i].card, p);
			if (view_if_place(name, &x[k].ord, text, TEXT_MAX)) {
				x[k++].text = text;
				text += TEXT_MAX;
			}
		}
	}
	if (view_if_place("NULL0", &x[k].ord, text, TEXT_MAX)) {
		x[k++].text = text;
		text += TEXT_MAX;
	}
	x[k].ord = (cfg_order){ ORD_USER_INTERFACE, 0, 0 };
	x[k++].text = "user-interface con 0";
	qsort(x, k, sizeof *x, cmp_extra);
	*n = k;
	return x;
}
