/* The display order the generator gave a command (tools/gensyntax/guide.py,
 * from the configuration guide's scripts), looked up by the command's
 * title: the hand-written commands whose lines stand among generated ones
 * take their places from the same order, so that the two kinds of lines
 * interleave as the device shows them. */
#ifndef VRPSH_VIEWS_GENORDER_H
#define VRPSH_VIEWS_GENORDER_H

#include <stdbool.h>
#include <stdint.h>

/* cfg_order.cls of the command's lines inside view `view` (the
 * reference's name, "BGP view"): gen_cmd.ord_sub of its first
 * configuration row of that view that is no undo form and in no keyed
 * family (the pages of one title have places of their own); 0 when the
 * tables have no such row. */
uint32_t view_gen_sub_order(const char *title, const char *view);

/* The keyed family (GENF_KEYED) the command belongs to: the family's
 * class and the command's place in it (1, 2 ...).  False when the
 * command is in no keyed family. */
bool view_gen_family_rank(const char *title, uint32_t *fam, uint32_t *rank);

#endif
