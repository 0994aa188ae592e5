/* notify_fifo.c: keepalived's notify FIFOs (see notify_fifo.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "notify_fifo.h"
#include "script.h"

void
notify_fifo_close(struct notify_fifo *f)
{
	if (f->open)
		close(f->fd);
	if (f->created && f->path != NULL)
		unlink(f->path);
	free(f->path);
	f->open = false;
	f->fd = -1;
	f->path = NULL;
	f->created = false;
}

/* Create @path as a FIFO if it does not exist; give it to @cfg's user. */
static int
fifo_create(struct notify_fifo *f, const struct conf_strv *cfg, char *err, size_t errlen)
{
	struct script_cred cred;
	struct stat st;
	int r;

	if (mkfifo(f->path, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH) < 0) {
		if (errno != EEXIST) {
			r = -errno;
			snprintf(err, errlen, "cannot create FIFO %s: %s", f->path, strerror(-r));
			return r;
		}
		if (lstat(f->path, &st) < 0 || !S_ISFIFO(st.st_mode)) {
			snprintf(err, errlen, "%s exists and is not a FIFO", f->path);
			return -EEXIST;
		}
		return 0;
	}
	f->created = true;
	if (cfg->n < 2)
		return 0;
	{
		struct conf_strv user = { cfg->v + 1, cfg->n - 1 };

		if ((r = script_cred_resolve(NULL, &user, &cred, err, errlen)) < 0)
			return r;
	}
	if (chown(f->path, cred.uid, cred.gid) < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot give FIFO %s to uid %u gid %u: %s", f->path,
			 (unsigned)cred.uid, (unsigned)cred.gid, strerror(-r));
		return r;
	}
	return 0;
}

/* Start @script ("command [user [group]]") with @path appended. */
static int
fifo_script(struct script_set *s, struct event_loop *loop, const struct conf_strv *script,
	    const char *path)
{
	struct conf_strv one = { script->v, 1 }, argv, user = { NULL, 0 };
	char **words, what[64];
	size_t n;
	int r;

	if ((r = script_split(&one, &words)) < 0)
		return r;
	for (n = 0; words[n] != NULL; n++)
		;
	{
		char **v = realloc(words, (n + 2) * sizeof(*v));

		if (v == NULL) {
			script_argv_free(words);
			return -ENOMEM;
		}
		words = v;
	}
	if ((words[n] = strdup(path)) == NULL) {
		script_argv_free(words);
		return -ENOMEM;
	}
	words[n + 1] = NULL;
	argv.v = words;
	argv.n = n + 1;
	if (script->n > 1) {
		user.v = script->v + 1;
		user.n = script->n - 1;
	}
	snprintf(what, sizeof(what), "notify FIFO script");
	r = script_run_as(s, loop, &argv, &user, what);
	script_argv_free(words);
	return r;
}

int
notify_fifo_open(struct notify_fifo *f, const struct conf_strv *cfg,
		 const struct conf_strv *script, struct script_set *scripts,
		 struct event_loop *loop, char *err, size_t errlen)
{
	int r;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (cfg == NULL || cfg->n == 0) {
		notify_fifo_close(f);
		return 0;
	}
	if (f->open && f->path != NULL && strcmp(f->path, cfg->v[0]) == 0)
		return 0;
	notify_fifo_close(f);
	if ((f->path = strdup(cfg->v[0])) == NULL)
		return -ENOMEM;
	if ((r = fifo_create(f, cfg, err, errlen)) < 0)
		goto fail;
	if (script != NULL && script->n > 0 && scripts != NULL &&
	    (r = fifo_script(scripts, loop, script, f->path)) < 0) {
		snprintf(err, errlen, "cannot start the script of FIFO %s: %s", f->path,
			 strerror(-r));
		goto fail;
	}
	if ((f->fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot open FIFO %s: %s", f->path, strerror(-r));
		goto fail;
	}
	f->open = true;
	return 0;
fail:
	notify_fifo_close(f);
	return r;
}

int
notify_fifo_write_line(struct notify_fifo *f, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	ssize_t w;
	int n;

	if (f == NULL || !f->open)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1) {
		f->dropped++;
		return -EMSGSIZE;
	}
	line[n++] = '\n';
	/* A pipe write of at most PIPE_BUF bytes is atomic: all or EAGAIN. */
	w = write(f->fd, line, (size_t)n);
	if (w != n) {
		f->dropped++;
		return w < 0 ? -errno : -EIO;
	}
	f->lines++;
	return 0;
}

const char *
notify_fifo_fmt_vs(const struct conf_vs *vs, char *buf, size_t len)
{
	/* as the logs name it, except a group, which keepalived's lines show
	 * as an address */
	if (vs->kind != CONF_VS_GROUP)
		return names_vs(vs, buf, len);
	snprintf(buf, len, "[%s]:0", vs->group ? vs->group : "?");
	return buf;
}

const char *
notify_fifo_fmt_rs(const struct conf_vs *vs, const struct conf_rs *rs, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN + 1];

	snprintf(buf, len, "[%s]:%s:%lld", names_addr(&rs->addr, a, sizeof(a)),
		 names_proto(vs->protocol), rs->port == CONF_UNSET ? 0LL : (long long)rs->port);
	return buf;
}

void
notify_fifo_rs(struct notify_fifo *const *f, size_t n, const struct conf_vs *vs,
	       const struct conf_rs *rs, bool up)
{
	char vn[NAMES_LEN + 8], rn[NAMES_LEN];
	size_t i;

	notify_fifo_fmt_vs(vs, vn, sizeof(vn));
	notify_fifo_fmt_rs(vs, rs, rn, sizeof(rn));
	for (i = 0; i < n; i++)
		notify_fifo_write_line(f[i], "RS %s %s %s", rn, vn, up ? "UP" : "DOWN");
}

void
notify_fifo_vs(struct notify_fifo *const *f, size_t n, const struct conf_vs *vs, bool up)
{
	char vn[NAMES_LEN + 8];
	size_t i;

	notify_fifo_fmt_vs(vs, vn, sizeof(vn));
	for (i = 0; i < n; i++)
		notify_fifo_write_line(f[i], "VS %s %s", vn, up ? "UP" : "DOWN");
}

void
notify_fifo_vrrp(struct notify_fifo *const *f, size_t n, bool group, const char *name,
		 const char *state, int prio)
{
	size_t i;

	for (i = 0; i < n; i++)
		notify_fifo_write_line(f[i], "%s \"%s\" %s %d", group ? "GROUP" : "INSTANCE",
				       name, state, group ? 0 : prio);
}
