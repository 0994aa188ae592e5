/* popt_lex.h: a command-line tokenizer with libpopt 1.19's grammar, as
 * ipvsadm uses it (flags 0, no aliases, no config files).
 *
 * Grammar reproduced (checked against Debian's ipvsadm 1.31):
 *  - long options "--name", "--name=value", "--name value"; names match
 *    exactly (no abbreviations); "--" ends option processing;
 *  - short clusters "-Ln", "-p60", "-t10.0.0.1:80", "-s=rr" (one '=' after
 *    an argument-taking short option is skipped);
 *  - a required argument takes the next word whatever it is ("-s -p");
 *    an optional one ("-p") takes it only if it does not start with '-';
 *  - "-" and words not starting with '-' are leftovers, collected in order
 *    from anywhere (POSIXLY_CORRECT/POSIX_ME_HARDER stop at the first);
 *  - "--numeric=x", "-n=" on a no-argument option: "option does not take
 *    an argument".
 * Not reproduced: popt's "!#:+" argument expansion and popt aliases.
 */
#ifndef IPVSCTL_POPT_LEX_H
#define IPVSCTL_POPT_LEX_H

#include <stdbool.h>

enum popt_argtype { POPT_ARG_NO, POPT_ARG_REQUIRED, POPT_ARG_OPTIONAL };

struct popt_opt {
	const char *lname;		/* long name without "--", or NULL */
	char sname;			/* short name, or 0 */
	enum popt_argtype type;
	int tag;			/* returned by popt_next() */
};

/* popt_next() results besides a tag (tags are >= 0). */
enum {
	POPT_END = -1,
	POPT_ERR_NOARG = -10,
	POPT_ERR_BADOPT = -11,
	POPT_ERR_UNWANTEDARG = -12,
};

struct popt_lex {
	int argc;
	const char *const *argv;
	int next;			/* index of the next word */
	const char *cluster;		/* rest of a short-option cluster */
	bool rest;			/* after "--": everything is a leftover */
	bool posix;			/* stop at the first leftover */
	const struct popt_opt *tab;
	int ntab;
	int *left;			/* indices of leftovers */
	int nleft, getleft;
};

/* popt_init: argv[0] is the program name and is skipped.  Returns 0 or
 * -ENOMEM.  popt_fini releases it. */
int popt_init(struct popt_lex *lx, int argc, const char *const *argv,
	      const struct popt_opt *tab, int ntab, bool posix);
void popt_fini(struct popt_lex *lx);

/* popt_next: the next option's tag (>= 0) with *arg set to its argument
 * (NULL if none), POPT_END, or a POPT_ERR_* code. */
int popt_next(struct popt_lex *lx, const char **arg);

/* popt_bad_option: the word popt blames for the last result (the last word
 * consumed), as poptBadOption(POPT_BADOPTION_NOALIAS) does. */
const char *popt_bad_option(const struct popt_lex *lx);

/* popt_strerror: popt's text for a POPT_ERR_* code. */
const char *popt_strerror(int err);

/* popt_get_arg: the next leftover word, or NULL. */
const char *popt_get_arg(struct popt_lex *lx);

#endif
