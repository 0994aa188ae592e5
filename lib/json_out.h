/* json_out.h: writing JSON text to a stdio stream. */
#ifndef IPVSD_JSON_OUT_H
#define IPVSD_JSON_OUT_H

#include <stdio.h>

/* json_out_str: @s as a JSON string with its quotes; '"' and '\' are
 * escaped, control characters written as \u00XX.  NULL writes "". */
void json_out_str(FILE *f, const char *s);

#endif
