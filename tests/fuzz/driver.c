/* driver.c: a plain main() for fuzz targets, used by `make check`.
 *
 * Runs LLVMFuzzerTestOneInput over every file of the seed corpus
 * $FUZZ_CORPUS_ROOT/<target name>/ (or the files/directories given as
 * arguments), then over FUZZ_ITERATIONS (default 20000) deterministic
 * mutations of those seeds: byte flips, truncations, insertions and splices.
 * A crash or sanitizer report fails the test; there is nothing to assert
 * beyond "does not crash, does not leak, does not hang".
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifdef IPVSD_LIBFUZZER
/* Built with clang --enable-fuzzing: hand everything to libFuzzer. */
int LLVMFuzzerRunDriver(int *argc, char ***argv,
			int (*cb)(const uint8_t *data, size_t size));

int
main(int argc, char **argv)
{
	return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
#else

struct seed { uint8_t *data; size_t len; };
static struct seed *seeds;
static size_t nseeds;

static void
add_seed(const uint8_t *data, size_t len)
{
	struct seed *s = realloc(seeds, (nseeds + 1) * sizeof(*s));

	if (s == NULL)
		abort();
	seeds = s;
	seeds[nseeds].data = malloc(len ? len : 1);
	if (seeds[nseeds].data == NULL)
		abort();
	memcpy(seeds[nseeds].data, data, len);
	seeds[nseeds].len = len;
	nseeds++;
}

static void
load_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t buf[65536];
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "fuzz driver: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	add_seed(buf, len);
}

static void
load_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char sub[4096];

	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		load_file(path);
		return;
	}
	d = opendir(path);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		load_path(sub);
	}
	closedir(d);
}

static uint32_t rng_state = 0x9e3779b9u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static size_t
mutate(uint8_t *out, size_t cap)
{
	const struct seed *a = &seeds[rng() % nseeds];
	const struct seed *b = &seeds[rng() % nseeds];
	size_t len = a->len < cap ? a->len : cap;
	unsigned n, i;

	memcpy(out, a->data, len);
	n = 1 + rng() % 8;
	for (i = 0; i < n; i++) {
		switch (rng() % 5) {
		case 0: /* flip a byte */
			if (len)
				out[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
			break;
		case 1: /* truncate */
			if (len)
				len = rng() % len;
			break;
		case 2: /* insert an interesting byte */
			if (len < cap) {
				static const uint8_t interesting[] = { 0, 0xff, 0x7f, 0x80, '\n', ' ', '"', '{', '}', '-', ':', '/', '\\', '$', '@', '#' };
				size_t pos = len ? rng() % (len + 1) : 0;
				memmove(out + pos + 1, out + pos, len - pos);
				out[pos] = interesting[rng() % sizeof(interesting)];
				len++;
			}
			break;
		case 3: /* splice the tail of another seed */
			if (b->len) {
				size_t from = rng() % b->len, pos = len ? rng() % len : 0;
				size_t take = b->len - from;
				if (pos + take > cap)
					take = cap - pos;
				memcpy(out + pos, b->data + from, take);
				len = pos + take;
			}
			break;
		case 4: /* duplicate a chunk */
			if (len && len * 2 <= cap) {
				size_t pos = rng() % len;
				memcpy(out + len, out + pos, len - pos);
				len += len - pos;
			}
			break;
		}
	}
	return len;
}

int
main(int argc, char **argv)
{
	const char *root = getenv("FUZZ_CORPUS_ROOT");
	const char *iter_env = getenv("FUZZ_ITERATIONS");
	const char *name = strrchr(argv[0], '/');
	unsigned long iters = iter_env ? strtoul(iter_env, NULL, 10) : 20000;
	static uint8_t buf[1 << 17];
	char dir[4096];
	unsigned long i;
	size_t k;
	int a;

	name = name ? name + 1 : argv[0];
	if (strncmp(name, "lt-", 3) == 0)
		name += 3;
	for (a = 1; a < argc; a++)
		load_path(argv[a]);
	if (argc == 1 && root != NULL) {
		snprintf(dir, sizeof(dir), "%s/%s", root, name);
		load_path(dir);
	}
	if (nseeds == 0)
		add_seed((const uint8_t *)"", 0);
	for (k = 0; k < nseeds; k++)
		LLVMFuzzerTestOneInput(seeds[k].data, seeds[k].len);
	for (i = 0; i < iters; i++) {
		size_t len = mutate(buf, sizeof(buf) / 2);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("%s: %zu seeds, %lu mutations, no crash\n", name, nseeds, iters);
	for (k = 0; k < nseeds; k++)
		free(seeds[k].data);
	free(seeds);
	return 0;
}
#endif /* IPVSD_LIBFUZZER */
