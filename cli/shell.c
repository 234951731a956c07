/* Setting up and tearing down the session a front end drives. */
#include <stdio.h>
#include <string.h>

#include "../shell/audit.h"
#include "../views/logincfg.h"
#include "../views/store.h"
#include "shell.h"
#include "../views/bgp_backend.h"

int cli_shell_open(cli_shell *sh, const cli_opts *o, vsh_io io, char *err, size_t errlen)
{
	memset(sh, 0, sizeof(*sh));
	sh->db = cfg_db_new();
	if (!sh->db) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (vsh_db_init(sh->db, err, errlen) < 0)
		goto fail;
	sh->vs = view_set_build(o->model, o->low_latency, err, errlen);
	if (!sh->vs)
		goto fail;
	if (vsh_session_init(&sh->s, sh->db, sh->vs, o->model, o->low_latency, o->level, io) < 0) {
		snprintf(err, errlen, "cannot start a session");
		goto fail;
	}
	/* Before the store: attaching may revert a trial that ran out. */
	vsh_audit_attach(&sh->s, o->state_dir);
	if (o->state_dir) {
		/* the running configuration of the state directory */
		vsh_store_opts so = { .dir = o->state_dir };
		if (vsh_store_attach(&sh->s, &so, err, errlen) < 0) {
			vsh_audit_detach(&sh->s);
			vsh_session_fini(&sh->s);
			view_set_free(sh->vs);
			cfg_db_free(sh->db);
			memset(sh, 0, sizeof(*sh));
			return CLI_SHELL_BAD_STATE;
		}
	}
	/* Sessions (console, VTY, transcript, replay) work on the configuration
	 * from the start; one-shot -c commands load it when one needs it, so
	 * that `vrpsh -c 'display version'` costs the same on any size of
	 * configuration. */
	bool lazy = o->recover || (o->ncmds > 0 && !o->file && !o->transcript && !o->vty_listen);
	if (o->state_dir && !lazy && vsh_store_need(&sh->s, err, errlen) != 0) {
		vsh_audit_detach(&sh->s);
		vsh_store_detach(&sh->s);
		vsh_session_fini(&sh->s);
		view_set_free(sh->vs);
		cfg_db_free(sh->db);
		memset(sh, 0, sizeof(*sh));
		return CLI_SHELL_BAD_STATE;
	}
	bgp_backend_opts bo = { !o->backend_none, o->sockd_port_id, 0 };
	if (vsh_logincfg_attach(&sh->s, err, errlen) < 0 ||
	    bgp_backend_attach(&sh->s, &bo, err, errlen) < 0) {
		vsh_store_detach(&sh->s);
		vsh_session_fini(&sh->s);
		goto fail;
	}
	sh->open = true;
	return 0;
fail:
	vsh_audit_detach(&sh->s);
	if (sh->vs)
		view_set_free(sh->vs);
	cfg_db_free(sh->db);
	memset(sh, 0, sizeof(*sh));
	return -1;
}

void cli_shell_close(cli_shell *sh)
{
	if (!sh->open)
		return;
	vsh_audit_detach(&sh->s);
	bgp_backend_detach(&sh->s);
	vsh_store_detach(&sh->s);
	vsh_session_fini(&sh->s);
	view_set_free(sh->vs);
	cfg_db_free(sh->db);
	memset(sh, 0, sizeof(*sh));
}

void cli_shell_set_batch(cli_shell *sh, bool batch)
{
	sh->s.batch = batch;
}
