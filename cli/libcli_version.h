/* libcli, and the versions of it the VTY relay was tested with.
 *
 * The relay (vty_relay.c) drives libcli with keys of its own and reads
 * libcli's redraws and echo back, so it depends on how libcli answers
 * keys, not only on its interface: an untested version must not build
 * silently.  tests/unit/test_libcli.c checks the behaviour the relay
 * relies on against the library actually linked.
 *
 * Tested: Debian's libcli 1.10.7 (its header says 1.10.6, with the minor
 * and revision macros spelt LIBCLI_VERISON_*). */
#ifndef VRPSH_CLI_LIBCLI_VERSION_H
#define VRPSH_CLI_LIBCLI_VERSION_H

#include <libcli.h>

#if defined(LIBCLI_VERSION_MINOR)
#define VSH_LIBCLI_MINOR LIBCLI_VERSION_MINOR
#elif defined(LIBCLI_VERISON_MINOR)
#define VSH_LIBCLI_MINOR LIBCLI_VERISON_MINOR
#endif
#if defined(LIBCLI_VERSION_REVISION)
#define VSH_LIBCLI_REVISION LIBCLI_VERSION_REVISION
#elif defined(LIBCLI_VERISON_REVISION)
#define VSH_LIBCLI_REVISION LIBCLI_VERISON_REVISION
#endif

#if !defined(LIBCLI_VERSION_MAJOR) || !defined(VSH_LIBCLI_MINOR) || \
	!defined(VSH_LIBCLI_REVISION)
#error "libcli.h gives no version: vrpsh's VTY relay was tested with libcli 1.10.6 and 1.10.7 only"
#elif LIBCLI_VERSION_MAJOR != 1 || VSH_LIBCLI_MINOR != 10 || VSH_LIBCLI_REVISION < 6 || \
	VSH_LIBCLI_REVISION > 7
#error "this libcli is not a version vrpsh's VTY relay was tested with (1.10.6, 1.10.7): check tests/unit/test_libcli.c against it, then add it to cli/libcli_version.h"
#endif

#endif
