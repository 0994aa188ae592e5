/* hc_file.c: FILE_CHECK (see hc_file.h for the rules).  Each attempt reads
 * the file once (non-blocking open, at most HC_FILE_READ_MAX bytes) and
 * reports at once from the loop.  keepalived watches the file with
 * inotify; this engine polls it every delay_loop, which for FILE_CHECK
 * defaults to 1 s (hc_sched.c), with retry 0, so a new value acts within a
 * second.  The file must be readable by the health child's user. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc.h"
#include "health/hc_file.h"

#define W_MAX 65535

int
hc_file_parse(const char *buf, size_t len, int64_t *val)
{
	char tmp[HC_FILE_READ_MAX + 1];
	long v;

	if (len > HC_FILE_READ_MAX)
		len = HC_FILE_READ_MAX;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	errno = 0;
	v = strtol(tmp, NULL, 0);
	if (errno || v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*val = v;
	return 0;
}

bool
hc_file_verdict(int64_t val, int64_t weight, bool reverse, int64_t *delta)
{
	int64_t s;

	*delta = 0;
	if (weight == 0)
		return (val != 0) == reverse;
	s = val * weight * (reverse ? -1 : 1);
	if (s <= -W_MAX)
		return false;
	*delta = s > W_MAX - 1 ? W_MAX - 1 : s;
	return true;
}

struct file_att {
	struct event_timer t;
};

static void
file_release(struct hc_check *c)
{
	struct file_att *a = c->priv;

	if (!a)
		return;
	event_timer_cancel(&a->t);
	free(a);
	c->priv = NULL;
}

static const struct conf_track_file *
file_track(const struct hc_check *c)
{
	const struct conf *conf = c->scripts ? c->scripts->conf : NULL;
	size_t i;

	for (i = 0; conf && c->ck->track_file && i < conf->n_tfile; i++)
		if (conf->tfile[i].name && strcmp(conf->tfile[i].name, c->ck->track_file) == 0)
			return &conf->tfile[i];
	return NULL;
}

/* Read the file: 0 with *val, -ERANGE (invalid number), or -errno of
 * open/read (the value is then 0, as keepalived takes it). */
static int
file_read(const char *path, int64_t *val)
{
	char buf[HC_FILE_READ_MAX];
	ssize_t n;
	int fd, err;

	*val = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	return hc_file_parse(buf, (size_t)n, val);
}

static void
file_fire(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	const struct conf_track_file *tf = file_track(c);
	int64_t w, val, delta;
	bool rev, up;
	int r;

	(void)t;
	file_release(c);
	if (!tf || !tf->file) {
		hc_check_done(c, HC_INTERNAL, "FILE_CHECK: track_file %s not found",
			      c->ck->track_file ? c->ck->track_file : "?");
		return;
	}
	w = c->ck->weight != CONF_UNSET && c->ck->weight != 0 ? c->ck->weight : tf->weight;
	rev = c->ck->weight != CONF_UNSET && c->ck->weight != 0 ? c->ck->weight_reverse
								 : tf->weight_reverse;
	if (w == CONF_UNSET)
		w = 1;
	r = file_read(tf->file, &val);
	if (r == -ERANGE) {
		/* keep the previous verdict and weight */
		hc_check_done(c, c->recovering ? HC_FILE_DOWN : HC_OK,
			      "FILE_CHECK %s: invalid number, ignored", tf->file);
		return;
	}
	up = hc_file_verdict(val, w, rev, &delta);
	if (up && w != 0) {
		c->wkind = HC_W_DELTA;
		c->wval = delta;
	}
	hc_check_done(c, up ? HC_OK : HC_FILE_DOWN, "FILE_CHECK %s: value %lld%s%s "
		      "(weight %lld%s)", tf->file, (long long)val,
		      r < 0 ? ", unreadable: " : "", r < 0 ? strerror(-r) : "",
		      (long long)w, rev ? " reverse" : "");
}

static int
file_start(struct hc_check *c)
{
	struct file_att *a = calloc(1, sizeof(*a));
	int err;

	if (!a)
		return -ENOMEM;
	c->priv = a;
	err = event_timer_add_us(c->loop, &a->t, 0, file_fire, c);
	if (err < 0)
		file_release(c);
	return err;
}

const struct hc_ops hc_file_ops = {
	.name = "FILE_CHECK",
	.start = file_start,
	.cancel = file_release,
};
