/* test_lvs_apply.c: op list -> ipvs_batch, kernel dump -> table, and one
 * sync pass, against fakes of the batch and dump calls (link seam: these
 * definitions replace lib/ipvs_batch.c and lib/ipvs_nl.c; the test does
 * not link libcommon). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "lvs.h"
#include "ck_run.h"

#define FAKE_MAX 16

struct fake_req {
	enum ipvs_op op;
	bool has_svc;
	struct ipvs_service svc;
	struct ipvs_dest dest;
};

static struct {
	struct fake_req q[FAKE_MAX];
	size_t n;
	int fail_new;			/* ipvs_batch_new result */
	int transport;			/* ipvs_batch_commit -errno, 0 = ok */
	int fail_err[FAKE_MAX];		/* per index: -errno to report, 0 = ok */
	size_t commits;
	bool freed;
} fake;

struct ipvs_batch { int unused; };
static struct ipvs_batch the_batch;

int
ipvs_batch_new(struct ipvs_nl *nl, struct ipvs_batch **ret)
{
	if (fake.fail_new)
		return fake.fail_new;
	*ret = &the_batch;
	return 0;
}

int
ipvs_batch_svc(struct ipvs_batch *b, enum ipvs_op op, const struct ipvs_service *svc)
{
	struct fake_req *r;

	if (fake.n == FAKE_MAX)
		return -ENOMEM;
	r = &fake.q[fake.n++];
	memset(r, 0, sizeof(*r));
	r->op = op;
	r->has_svc = svc != NULL;
	if (svc)
		r->svc = *svc;
	return 0;
}

int
ipvs_batch_dest(struct ipvs_batch *b, enum ipvs_op op, const struct ipvs_service *svc,
		const struct ipvs_dest *dest)
{
	int r = ipvs_batch_svc(b, op, svc);

	if (r == 0)
		fake.q[fake.n - 1].dest = *dest;
	return r;
}

size_t
ipvs_batch_len(const struct ipvs_batch *b)
{
	return fake.n;
}

int
ipvs_batch_commit(struct ipvs_batch *b, ipvs_batch_err_fn fn, void *arg)
{
	size_t i;
	int failed = 0;

	fake.commits++;
	if (fake.transport)
		return fake.transport;
	for (i = 0; i < fake.n; i++) {
		if (fake.fail_err[i]) {
			failed++;
			fn(arg, i, fake.q[i].op, fake.fail_err[i], i == 1 ? "kernel says no" : NULL);
		}
	}
	return failed;
}

void
ipvs_batch_free(struct ipvs_batch *b)
{
	fake.freed = true;
}

/* ---- fake kernel table for the dump calls ---- */
static struct {
	struct ipvs_service svc[4];
	struct ipvs_dest dest[4][4];
	size_t n_svc, n_dest[4];
	int svc_err, dest_err;
} kern;

int
ipvs_nl_svc_dump(struct ipvs_nl *nl, struct ipvs_service **ret, size_t *n)
{
	if (kern.svc_err)
		return kern.svc_err;
	*ret = malloc(sizeof(kern.svc));
	ck_assert_ptr_nonnull(*ret);
	memcpy(*ret, kern.svc, sizeof(kern.svc));
	*n = kern.n_svc;
	return 0;
}

int
ipvs_nl_dest_dump(struct ipvs_nl *nl, const struct ipvs_service *svc,
		  struct ipvs_dest **ret, size_t *n)
{
	size_t i;

	if (kern.dest_err)
		return kern.dest_err;
	for (i = 0; i < kern.n_svc; i++) {
		if (kern.svc[i].port == svc->port && kern.svc[i].fwmark == svc->fwmark) {
			*ret = malloc(sizeof(kern.dest[i]));
			ck_assert_ptr_nonnull(*ret);
			memcpy(*ret, kern.dest[i], sizeof(kern.dest[i]));
			*n = kern.n_dest[i];
			return 0;
		}
	}
	return -ESRCH;
}

/* Two services out of key order; the second has two destinations out of
 * order, one without an address family (older kernels). */
static void
kern_fill(void)
{
	memset(&kern, 0, sizeof(kern));
	kern.n_svc = 2;
	kern.svc[0] = (struct ipvs_service){ .af = AF_INET, .protocol = IPPROTO_TCP, .port = 443,
					     .flags = 0, .netmask = 0xffffffff };
	kern.svc[1] = (struct ipvs_service){ .af = AF_INET, .protocol = IPPROTO_TCP, .port = 80,
					     .netmask = 0xffffffff };
	kern.svc[0].addr.in.s_addr = htonl(0x0a000001);
	kern.svc[1].addr.in.s_addr = htonl(0x0a000001);
	strcpy(kern.svc[0].sched_name, "rr");
	strcpy(kern.svc[1].sched_name, "wlc");
	kern.n_dest[1] = 2;
	kern.dest[1][0] = (struct ipvs_dest){ .af = 0, .port = 80, .weight = 1 };
	kern.dest[1][0].addr.in.s_addr = htonl(0x0a010002);
	kern.dest[1][1] = (struct ipvs_dest){ .af = AF_INET, .port = 80, .weight = 1 };
	kern.dest[1][1].addr.in.s_addr = htonl(0x0a010001);
}

static void
fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
}

static void
ops_fill(struct lvs_ops *ops)
{
	static const enum ipvs_op kinds[] = {
		IPVS_OP_SVC_ADD, IPVS_OP_DEST_ADD, IPVS_OP_DEST_EDIT, IPVS_OP_DEST_DEL,
		IPVS_OP_SVC_EDIT, IPVS_OP_SVC_DEL, IPVS_OP_FLUSH,
	};
	size_t i;

	ops->n = ops->cap = sizeof(kinds) / sizeof(kinds[0]);
	ops->v = calloc(ops->n, sizeof(*ops->v));
	ck_assert_ptr_nonnull(ops->v);
	for (i = 0; i < ops->n; i++) {
		ops->v[i].op = kinds[i];
		ops->v[i].svc.af = AF_INET;
		ops->v[i].svc.port = (uint16_t)(80 + i);
		ops->v[i].dest.af = AF_INET;
		ops->v[i].dest.weight = (int32_t)i;
	}
}

/* Every op is queued once, in order, with its service and destination. */
START_TEST(test_apply_all_ok)
{
	struct lvs_ops ops = { 0 };
	struct lvs_apply_result res;
	size_t i;

	fake_reset();
	ops_fill(&ops);
	ck_assert_int_eq(lvs_apply(NULL, &ops, &res), 0);
	ck_assert_uint_eq(res.sent, ops.n);
	ck_assert_uint_eq(res.failed, 0);
	ck_assert_uint_eq(res.n_err, 0);
	ck_assert_uint_eq(fake.n, ops.n);
	ck_assert_uint_eq(fake.commits, 1);
	ck_assert(fake.freed);
	for (i = 0; i < ops.n; i++) {
		ck_assert_int_eq(fake.q[i].op, ops.v[i].op);
		ck_assert(fake.q[i].has_svc == (ops.v[i].op != IPVS_OP_FLUSH));
		if (fake.q[i].has_svc)
			ck_assert_uint_eq(fake.q[i].svc.port, 80 + i);
		if (ops.v[i].op == IPVS_OP_DEST_ADD || ops.v[i].op == IPVS_OP_DEST_EDIT ||
		    ops.v[i].op == IPVS_OP_DEST_DEL)
			ck_assert_int_eq(fake.q[i].dest.weight, (int)i);
	}
	lvs_apply_result_free(&res);
	lvs_ops_free(&ops);
}
END_TEST

/* Failures come back with the index and op that failed; the rest count as
 * sent. */
START_TEST(test_apply_failures)
{
	struct lvs_ops ops = { 0 };
	struct lvs_apply_result res;

	fake_reset();
	ops_fill(&ops);
	fake.fail_err[1] = -EEXIST;
	fake.fail_err[5] = -ESRCH;
	ck_assert_int_eq(lvs_apply(NULL, &ops, &res), 0);
	ck_assert_uint_eq(res.sent, ops.n);
	ck_assert_uint_eq(res.failed, 2);
	ck_assert_uint_eq(res.n_err, 2);
	ck_assert_uint_eq(res.err[0].index, 1);
	ck_assert_int_eq(res.err[0].op, IPVS_OP_DEST_ADD);
	ck_assert_int_eq(res.err[0].err, -EEXIST);
	ck_assert_str_eq(res.err[0].extack, "kernel says no");
	ck_assert_uint_eq(res.err[1].index, 5);
	ck_assert_int_eq(res.err[1].op, IPVS_OP_SVC_DEL);
	ck_assert_int_eq(res.err[1].err, -ESRCH);
	ck_assert_str_eq(res.err[1].extack, "");
	lvs_apply_result_free(&res);
	lvs_ops_free(&ops);
}
END_TEST

/* Transport and setup errors are returned; an empty list sends nothing. */
START_TEST(test_apply_errors)
{
	struct lvs_ops ops = { 0 };
	struct lvs_apply_result res;

	fake_reset();
	ck_assert_int_eq(lvs_apply(NULL, &ops, &res), 0);
	ck_assert_uint_eq(res.sent, 0);
	ck_assert_uint_eq(fake.commits, 0);

	ops_fill(&ops);
	fake_reset();
	fake.transport = -ENOBUFS;
	ck_assert_int_eq(lvs_apply(NULL, &ops, &res), -ENOBUFS);
	ck_assert(fake.freed);
	lvs_apply_result_free(&res);

	fake_reset();
	fake.fail_new = -ENOMEM;
	ck_assert_int_eq(lvs_apply(NULL, &ops, &res), -ENOMEM);
	ck_assert_uint_eq(fake.commits, 0);
	lvs_apply_result_free(&res);
	lvs_ops_free(&ops);
}
END_TEST

START_TEST(test_kernel_load)
{
	struct lvs_table t;

	kern_fill();
	lvs_table_init(&t);
	ck_assert_int_eq(lvs_kernel_load(NULL, &t), 0);
	ck_assert(t.sorted);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_uint_eq(t.v[0].s.port, 80);
	ck_assert_uint_eq(t.v[0].vs_idx, LVS_NO_INDEX);
	ck_assert_uint_eq(t.v[0].n_d, 2);
	ck_assert_uint_eq(t.v[0].d[0].af, AF_INET);
	ck_assert_uint_eq(ntohl(t.v[0].d[0].addr.in.s_addr), 0x0a010001);
	ck_assert_uint_eq(ntohl(t.v[0].d[1].addr.in.s_addr), 0x0a010002);
	ck_assert_uint_eq(t.v[1].s.port, 443);
	ck_assert_uint_eq(t.v[1].n_d, 0);
	lvs_table_free(&t);

	kern.dest_err = -EPERM;
	ck_assert_int_eq(lvs_kernel_load(NULL, &t), -EPERM);
	lvs_table_free(&t);
	kern.svc_err = -ENOPROTOOPT;
	ck_assert_int_eq(lvs_kernel_load(NULL, &t), -ENOPROTOOPT);
	lvs_table_free(&t);
}
END_TEST

/* One pass: kernel read, diff, apply.  The wanted table differs from the
 * kernel in one weight and owns the port-443 service without wanting it. */
START_TEST(test_sync)
{
	struct lvs_table want, owned;
	struct lvs_apply_result res;
	struct lvs_svc *s;
	struct ipvs_dest d;

	kern_fill();
	fake_reset();
	lvs_table_init(&want);
	lvs_table_init(&owned);
	s = lvs_table_add_svc(&want, &kern.svc[1], 0);
	ck_assert_ptr_nonnull(s);
	d = kern.dest[1][1];
	ck_assert_ptr_nonnull(lvs_svc_add_dest(s, &d));
	d = kern.dest[1][0];
	d.weight = 4;
	ck_assert_ptr_nonnull(lvs_svc_add_dest(s, &d));
	lvs_table_finish(&want);
	ck_assert_ptr_nonnull(lvs_table_add_svc(&owned, &kern.svc[0], 0));
	lvs_table_finish(&owned);

	ck_assert_int_eq(lvs_sync(NULL, &want, &owned, false, &res), 0);
	ck_assert_uint_eq(res.sent, 2);
	ck_assert_uint_eq(res.failed, 0);
	ck_assert_int_eq(fake.q[0].op, IPVS_OP_DEST_EDIT);
	ck_assert_int_eq(fake.q[0].dest.weight, 4);
	ck_assert_int_eq(fake.q[1].op, IPVS_OP_SVC_DEL);
	ck_assert_uint_eq(fake.q[1].svc.port, 443);
	lvs_apply_result_free(&res);

	/* In step: nothing sent, no batch even created. */
	kern.dest[1][0].weight = 4;
	kern.n_svc = 1;
	kern.svc[0] = kern.svc[1];
	memcpy(kern.dest[0], kern.dest[1], sizeof(kern.dest[0]));
	kern.n_dest[0] = kern.n_dest[1];
	fake_reset();
	ck_assert_int_eq(lvs_sync(NULL, &want, &owned, false, &res), 0);
	ck_assert_uint_eq(res.sent, 0);
	ck_assert_uint_eq(fake.commits, 0);

	kern.svc_err = -EPERM;
	ck_assert_int_eq(lvs_sync(NULL, &want, &owned, false, &res), -EPERM);
	lvs_table_free(&owned);
	lvs_table_free(&want);
}
END_TEST

static Suite *
lvs_apply_suite(void)
{
	Suite *s = suite_create("lvs_apply");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_apply_all_ok);
	tcase_add_test(tc, test_apply_failures);
	tcase_add_test(tc, test_apply_errors);
	tcase_add_test(tc, test_kernel_load);
	tcase_add_test(tc, test_sync);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(lvs_apply_suite());
}
