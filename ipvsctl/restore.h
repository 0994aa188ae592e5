/* restore.h: -R, ipvsadm's restore, pipelined.
 *
 * Reads ipvsadm's save format (really: one ipvsadm command line per line,
 * words split on space, tab, CR; the word "ipvsadm" dropped anywhere) and
 * parses each line with compat_parse().  Service and destination changes,
 * -C and -Z are queued into an ipvs_batch and sent together; any other
 * command, any message and the end of input first commit what is queued,
 * so stdout/stderr show the same lines in the same order as ipvsadm's
 * one-request-at-a-time loop:
 *  - a kernel error prints ipvsadm's message and restore goes on; the exit
 *    status is that of the last line (255 if it failed, else 0);
 *  - a popt error ("-s: missing argument") prints and goes on (255 if last);
 *  - any other parse error, -R, -h, -v, or a failing listing ends restore
 *    at that line with ipvsadm's status (everything before it is applied).
 * With IPVSCTL_RESTORE_LINES set in the environment, kernel errors are
 * prefixed with "line N: " (off by default: ipvsadm prints no line).
 */
#ifndef IPVSCTL_RESTORE_H
#define IPVSCTL_RESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "cmd.h"

/* restore_run: returns the exit status, or RESTORE_CRASH where ipvsadm
 * would have crashed (see COMPAT_CRASH). */
#define RESTORE_CRASH (-2)
int restore_run(const struct cmd_ctx *ctx, FILE *in);

/* restore_split: split the @len bytes of @line into argv (argv[0] =
 * @prog) as ipvsadm's config_stream does: words are separated by space,
 * tab, CR, LF; a word longer than RESTORE_WORD_MAX bytes is cut into
 * pieces of that size; a NUL ends the word's text; words equal to
 * "ipvsadm" are dropped.  Returns argc (>= 1), or -ENOMEM.  *argv is one
 * malloc'ed block holding the strings too (free() it). */
#define RESTORE_WORD_MAX 4096
int restore_split(const char *line, size_t len, const char *prog,
		  const char ***argv);

#endif
