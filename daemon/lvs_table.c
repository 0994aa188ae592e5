/* lvs_table.c: services and destinations kept in sorted arrays. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lvs_table.h"

void
lvs_table_init(struct lvs_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
lvs_table_free(struct lvs_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].d);
	free(t->v);
	lvs_table_init(t);
}

/* An IPv4 address only uses the first word: clear the rest so that keys
 * compare with memcmp. */
static void
addr_normalize(uint16_t af, union ipvs_addr *a)
{
	if (af != AF_INET6)
		a->u32[1] = a->u32[2] = a->u32[3] = 0;
}

struct lvs_svc *
lvs_table_add_svc(struct lvs_table *t, const struct ipvs_service *s, uint32_t vs_idx)
{
	struct lvs_svc *e;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct lvs_svc *v = realloc(t->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	e = &t->v[t->n++];
	memset(e, 0, sizeof(*e));
	e->s = *s;
	memset(&e->s.stats, 0, sizeof(e->s.stats));
	e->s.num_dests = 0;
	if (e->s.fwmark) {
		e->s.protocol = 0;
		e->s.port = 0;
		memset(&e->s.addr, 0, sizeof(e->s.addr));
	}
	addr_normalize(e->s.af, &e->s.addr);
	e->vs_idx = vs_idx;
	t->sorted = false;
	return e;
}

struct ipvs_dest *
lvs_svc_add_dest(struct lvs_svc *svc, const struct ipvs_dest *d)
{
	struct ipvs_dest *e;

	if (svc->n_d == svc->cap_d) {
		size_t cap = svc->cap_d ? svc->cap_d * 2 : 4;
		struct ipvs_dest *v = realloc(svc->d, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		svc->d = v;
		svc->cap_d = cap;
	}
	e = &svc->d[svc->n_d++];
	*e = *d;
	if (e->af == 0)
		e->af = svc->s.af;
	addr_normalize(e->af, &e->addr);
	return e;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

int
lvs_svc_key_cmp(const struct ipvs_service *a, const struct ipvs_service *b)
{
	int r;

	if ((r = CMP(a->af, b->af)) != 0 || (r = CMP(a->fwmark, b->fwmark)) != 0)
		return r;
	if (a->fwmark)
		return 0;
	if ((r = CMP(a->protocol, b->protocol)) != 0)
		return r;
	if ((r = memcmp(&a->addr, &b->addr, sizeof(a->addr))) != 0)
		return r;
	return CMP(a->port, b->port);
}

int
lvs_dest_key_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	int r;

	if ((r = CMP(a->af, b->af)) != 0)
		return r;
	if ((r = memcmp(&a->addr, &b->addr, sizeof(a->addr))) != 0)
		return r;
	return CMP(a->port, b->port);
}

/* Stable merge sort (qsort is not stable, and the first entry appended
 * must win when keys repeat).  Returns -ENOMEM if no scratch space. */
static int
stable_sort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	char *a = base, *tmp, *src, *dst;
	size_t w, lo, i, j, k, mid, hi;

	if (n < 2)
		return 0;
	if ((tmp = malloc(n * sz)) == NULL)
		return -ENOMEM;
	src = a;
	dst = tmp;
	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			for (i = lo, j = mid, k = lo; k < hi; k++) {
				if (i < mid && (j >= hi || cmp(src + i * sz, src + j * sz) <= 0))
					memcpy(dst + k * sz, src + i++ * sz, sz);
				else
					memcpy(dst + k * sz, src + j++ * sz, sz);
			}
		}
		char *t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sz);
	free(tmp);
	return 0;
}

static int
svc_qcmp(const void *a, const void *b)
{
	return lvs_svc_key_cmp(&((const struct lvs_svc *)a)->s, &((const struct lvs_svc *)b)->s);
}

static int
dest_qcmp(const void *a, const void *b)
{
	return lvs_dest_key_cmp(a, b);
}

/* Sort destinations by key; duplicates keep the first one appended. */
static size_t
sort_dests(struct lvs_svc *svc)
{
	size_t i, j, dropped = 0;

	if (svc->n_d < 2)
		return 0;
	if (stable_sort(svc->d, svc->n_d, sizeof(*svc->d), dest_qcmp) < 0)
		qsort(svc->d, svc->n_d, sizeof(*svc->d), dest_qcmp);
	for (i = 1, j = 0; i < svc->n_d; i++) {
		if (lvs_dest_key_cmp(&svc->d[i], &svc->d[j]) == 0) {
			dropped++;
			continue;
		}
		svc->d[++j] = svc->d[i];
	}
	svc->n_d = j + 1;
	return dropped;
}

size_t
lvs_table_finish(struct lvs_table *t)
{
	size_t i, j, dropped = 0;

	if (stable_sort(t->v, t->n, sizeof(*t->v), svc_qcmp) < 0)
		qsort(t->v, t->n, sizeof(*t->v), svc_qcmp);
	for (i = 0, j = 0; i < t->n; i++) {
		if (j > 0 && lvs_svc_key_cmp(&t->v[i].s, &t->v[j - 1].s) == 0) {
			free(t->v[i].d);
			dropped++;
			continue;
		}
		t->v[j++] = t->v[i];
	}
	t->n = j;
	for (i = 0; i < t->n; i++)
		dropped += sort_dests(&t->v[i]);
	t->sorted = true;
	return dropped;
}

const struct lvs_svc *
lvs_table_find(const struct lvs_table *t, const struct ipvs_service *key)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = lvs_svc_key_cmp(key, &t->v[mid].s);

		if (r == 0)
			return &t->v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct ipvs_dest *
lvs_svc_find_dest(const struct lvs_svc *svc, const struct ipvs_dest *key)
{
	size_t lo = 0, hi = svc->n_d;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = lvs_dest_key_cmp(key, &svc->d[mid]);

		if (r == 0)
			return &svc->d[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t
lvs_table_ndest(const struct lvs_table *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		n += t->v[i].n_d;
	return n;
}
