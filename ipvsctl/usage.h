/* usage.h: ipvsadm 1.31's -h and --version texts (byte-identical, as the
 * compatibility requirement demands; @prog is argv[0]). */
#ifndef IPVSCTL_USAGE_H
#define IPVSCTL_USAGE_H

#include <stdio.h>

void usage_print(FILE *f, const char *prog);
void usage_version(FILE *f);

#endif
