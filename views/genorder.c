/* Display order values of the generated tables, by command title. */
#include <string.h>

#include "genorder.h"
#include "gen/gen.h"

static bool is_undo(const gen_cmd *r)
{
	return strncmp(gen_str + r->format, "undo ", 5) == 0;
}

static bool in_view(const gen_cmd *r, const char *view)
{
	const uint32_t *l = &gen_lists[r->views];

	if (!view)
		return true;
	for (uint32_t i = 1; i <= l[0]; i++)
		if (strcmp(gen_str + l[i], view) == 0)
			return true;
	return false;
}

static const gen_cmd *find(const char *title, const char *view, bool keyed)
{
	for (uint32_t i = 0; i < gen_ncmds; i++) {
		const gen_cmd *r = &gen_cmds[i];
		if (r->kind != GEN_CONFIG || is_undo(r) || ((r->flags & GENF_KEYED) != 0) != keyed)
			continue;
		if (strcmp(gen_str + r->title, title) == 0 && in_view(r, view))
			return r;
	}
	return NULL;
}

uint32_t view_gen_sub_order(const char *title, const char *view)
{
	const gen_cmd *r = find(title, view, false);
	return r ? r->ord_sub : 0;
}

bool view_gen_family_rank(const char *title, uint32_t *fam, uint32_t *rank)
{
	const gen_cmd *r = find(title, NULL, true);
	if (!r)
		return false;
	*fam = r->ord_fam;
	*rank = r->ord_sub;
	return true;
}
