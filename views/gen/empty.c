/* An empty generated reference, until tools/gensyntax has written the
 * tables (make regen-syntax CORPUS=DIR). */
#include "gen.h"

const char gen_str[] = "";
const gen_ptype gen_ptypes[1];
const uint32_t gen_nptypes = 0;
const gen_param gen_params[1];
const uint32_t gen_nparams = 0;
const gen_cmd gen_cmds[1];
const uint32_t gen_ncmds = 0;
const gen_view gen_views[1];
const uint32_t gen_nviews = 0;
const uint32_t gen_lists[1] = { 0 };
const uint32_t gen_nlists = 1;
