/* vrrp_probe.c: run the VRRP engine standalone on a keepalived.conf.
 *
 *   vrrp_probe [-d] CONF
 *
 * Loads CONF with conf_load, runs vrrp_main until SIGTERM/SIGINT (a master
 * then sends priority 0 and removes its addresses) and exits 0, or 1 if the
 * configuration or the engine failed.  Logs go to stderr (-d: debug too).
 * Used by tests/lab/scenarios/8*-vrrp-*.sh against Debian's keepalived.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "conf.h"
#include "event.h"
#include "log.h"
#include "vrrp_engine.h"

int
main(int argc, char **argv)
{
	struct conf_load_opts opts = { 0 };
	struct conf_diag diag = { 0 };
	struct conf *conf = NULL;
	struct event_loop *ev = NULL;
	const char *path;
	int r, argi = 1;

	log_init("vrrp_probe", true, LOG_DAEMON);
	if (argc > 1 && strcmp(argv[1], "-d") == 0) {
		log_set_level(LOG_LVL_DEBUG);
		argi++;
	}
	if (argi + 1 != argc) {
		fprintf(stderr, "usage: vrrp_probe [-d] CONF\n");
		return 2;
	}
	path = argv[argi];
	r = conf_load(path, &opts, &conf, &diag);
	conf_diag_print(stderr, &diag);
	conf_diag_free(&diag);
	if (r < 0) {
		fprintf(stderr, "vrrp_probe: %s: %s\n", path, strerror(-r));
		return 1;
	}
	r = event_loop_new(&ev);
	if (r == 0)
		r = vrrp_main(ev, -1, conf);
	if (r < 0)
		fprintf(stderr, "vrrp_probe: %s\n", strerror(-r));
	event_loop_free(ev);
	conf_free(conf);
	return r < 0 ? 1 : 0;
}
