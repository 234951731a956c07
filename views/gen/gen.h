/* The generated command reference: every command page of the CE6800
 * V300R023C00 command reference as data, written by tools/gensyntax from
 * the reference's markdown (run `make regen-syntax CORPUS=DIR`; a normal
 * build never needs the corpus).  Hand-written command rows (the tables of
 * views/) replace generated rows of the same command.
 *
 * The tables hold no pointers: strings are offsets into gen_str (offset 0
 * is the empty string), so that loading the program does not relocate
 * them.  Views and models are named as the reference names them and are
 * resolved by the engine when it builds its command graphs.
 *
 * Format strings use the engine's syntax (parser/grammar.h): keywords bare,
 * parameters <name>, [ optional ], { one | of }, { ... } &<m-n>
 * repetitions, { a | b } * any-order groups. */
#ifndef VRPSH_VIEWS_GEN_GEN_H
#define VRPSH_VIEWS_GEN_GEN_H

#include <stdint.h>

/* What a command does, which decides what the engine does with a row that
 * has no hand-written handler. */
enum gen_kind {
	GEN_CONFIG = 0,  /* a configuration line of its view's section (may enter a view) */
	GEN_DISPLAY = 1, /* display ...: output only */
	GEN_ACTION = 2,  /* an operation (reset, ping, save, debugging ...): changes no configuration */
};

/* A parameter type: kind and constraints from the page's Parameters
 * table. */
typedef struct gen_ptype {
	uint8_t kind;    /* enum ptype_kind (parser/ptype.h) */
	uint8_t pad;
	uint16_t flags;  /* PTF_* (parser/ptype.h) */
	uint32_t help;   /* string: the '?' token, e.g. "INTEGER<1-255>", "STRING<1-47>" */
	uint64_t min, max; /* string lengths, or value range (PT_INT: int64_t in two's complement) */
} gen_ptype;

typedef struct gen_param {
	uint32_t name;   /* string: the parameter name as written in the Format, without <> */
	uint32_t ptype;  /* index in gen_ptypes */
} gen_param;

/* gen_cmd.flags: what the configuration guide's scripts show of a command. */
#define GENF_SEP_CHILDREN 0x1u /* the sections entered inside its section are each
				  preceded by an indented "#" (CFG_F_SEP_CHILDREN) */
#define GENF_UNDO_SHOWN 0x2u   /* an undo form the device keeps and shows as a line
				  (a setting that is on by default, turned off) */
#define GENF_HAS_UNDO_SHOWN 0x4u /* a command whose undo form has GENF_UNDO_SHOWN */
#define GENF_VIA 0x8u          /* typed in a view's parent, it enters that view through
				  the view's own entering command and runs there */
#define GENF_KEYED 0x10u       /* inside views: one of a family of commands (`vrrp vrid
				  <id> ...`) whose lines show grouped by that first value,
				  in the class ord_fam, each group in ord_sub order (the
				  command's place in its family, 1, 2 ...) */
#define GENF_JOIN 0x20u        /* top level: its sections follow one another without "#"
				  (`erps ring 1` ... `erps ring 2`: CFG_F_JOIN) */
#define GENF_BLOCK 0x40u       /* inside views: its line stands as a block of its own,
				  preceded by an indented "#" like the sections of a
				  CFG_F_SEP_CHILDREN view (`ai-service` / ` #` /
				  ` buffer optimization mode ...`): kept as an empty
				  section */
#define GENF_AF4 0x80u         /* a BGP view row of a command of the IPv4 unicast family
				  (`import-route`, `peer X next-hop-local`): typed in
				  `bgp AS`, its line is kept and shown under
				  `ipv4-family unicast` (tools/gensyntax/bgpfamily.py) */

/* One Format line of a page (a page with per-model Format headings gives
 * one row per heading and line).
 *
 * Display order (cfg_order.cls of its lines), from the order in which the
 * configuration guide's scripts show the commands (tools/gensyntax/guide.py):
 * ord_top at the top level, ord_sub inside views.  Top-level lines of
 * commands that share a "#" block have the same ord_top and their place in
 * the block in ord_grp (1, 2 ...; 0 for a command alone in its block).  The
 * rows of one command (its title; undo forms apart) share these values. */
typedef struct gen_cmd {
	uint32_t format; /* string: the Format in engine syntax */
	uint32_t title;  /* string: the command's name, e.g. "peer connect-interface" */
	uint32_t page;   /* string: the page's file name without ".md" */
	uint32_t params; /* index of the first of nparams entries in gen_params */
	uint32_t views;  /* index in gen_lists: the names of the views it runs in */
	uint32_t models; /* index in gen_lists: model names; 0 (the empty list) = every model */
	uint16_t nparams;
	uint8_t level;   /* Default Level, 0..3 */
	uint8_t kind;    /* enum gen_kind */
	uint8_t idtoks;  /* configuration identity: the line's first idtoks words (keywords
			    and parameter values) key it; 0 = the whole line */
	uint8_t flags;   /* GENF_* */
	uint16_t ord_grp;
	uint32_t ord_top;
	uint32_t ord_sub;
	uint32_t ord_fam;
	uint32_t shown;  /* string: words the device writes that were not typed, blank-separated:
			    "kw<param" the optional keyword kw before param's value
			    (`acl 3000` shows as `acl number 3000`); "param=value>word"
			    value after the keyword word when param was not typed
			    (`ospf` shows as `ospf 1`) */
} gen_cmd;

/* A view of the reference and how it is entered.  Every view the pages
 * name is listed; the engine uses its hand-written view where it has one
 * of that name (views/view.c) and builds the others from these rows. */
typedef struct gen_view {
	uint32_t name;   /* string: the reference's view name, e.g. "OSPF view" */
	uint32_t parent; /* string: the name of the view it is entered from */
	uint32_t prompt; /* string: the prompt suffix template, e.g. "-ospf-{process-id|1}":
			    {name} is the canonical value of the entering command's
			    parameter name, {name|dflt} the same with a default when the
			    parameter was not typed */
	uint32_t enter;  /* index in gen_lists: the gen_cmds indexes of the commands that
			    enter it (typed in the parent view) */
} gen_view;

/* Lists: at index i, gen_lists[i] is the count n, then n items
 * (string offsets for view and model names, row indexes for commands).
 * Index 0 is the empty list.  Model names are the reference's ("CE6881H");
 * "CE6885-LL" means its standard forwarding mode and "CE6885-LL(low-latency)"
 * its low-latency mode.  View names "All views" and "All views except the
 * user view" stand for themselves. */
extern const char gen_str[];
extern const gen_ptype gen_ptypes[];
extern const uint32_t gen_nptypes;
extern const gen_param gen_params[];
extern const uint32_t gen_nparams;
extern const gen_cmd gen_cmds[];
extern const uint32_t gen_ncmds;
extern const gen_view gen_views[];
extern const uint32_t gen_nviews;
extern const uint32_t gen_lists[];
extern const uint32_t gen_nlists;

#endif
