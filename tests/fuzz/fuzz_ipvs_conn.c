/* fuzz_ipvs_conn.c: the /proc/net/ip_vs_conn reader behind `ipvsctl -L -c`
 * (list_conn_stream) in text, persistent-conn and JSON forms.  Numeric
 * output only: name lookups would make runs slow and non-deterministic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "list_fmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	uint8_t mode;
	FILE *in;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	if (size < 2)
		return 0;
	mode = data[0];
	in = fmemopen((void *)(uintptr_t)(data + 1), size - 1, "r");
	if (in == NULL)
		return 0;
	list_conn_stream(in, "fuzz", sink, sink, true, mode & 1, mode & 2, NULL);
	fclose(in);
	return 0;
}
