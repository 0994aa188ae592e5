/* hc_proto.h: messages between the parent and the health-check child.
 *
 * Transport is lib/ipc.h (one SEQPACKET datagram per message).  Every
 * payload below has a fixed layout and an exact size: the receiver reads it
 * with ipc_get(msg, &payload, sizeof(payload)), which rejects any other
 * length.  Both ends are the same binary, so integers are in host order.
 * Messages without a payload (HC_MSG_START, HC_MSG_DUMP_REQ) carry len 0.
 *
 * Indices: vs_idx is the position in conf->vs[] and rs_idx the position in
 * conf->vs[vs_idx].rs[] of the tree the child was forked with (the child
 * inherits the parent's parsed struct conf; nothing is serialized).
 * checker_idx is the position in rs->checker[] of the checker whose
 * transition caused the message.
 *
 * Sequence:
 *   parent -> child  HC_MSG_INIT_STATE * n   (optional, reload: carry the
 *                                             old child's states over)
 *   parent -> child  HC_MSG_START            (checks begin)
 *   child  -> parent HC_MSG_RESULT           (each transition of a real
 *                                             server: up = all its checkers
 *                                             up)
 *   child  -> parent HC_MSG_CHECKER          (a checker's transition that
 *                                             left its real server's state
 *                                             unchanged)
 *   parent -> child  HC_MSG_DUMP_REQ         (SIGUSR1 / control socket)
 *   child  -> parent HC_MSG_DUMP             (NUL-terminated JSON text, read
 *                                             with ipc_get_str())
 *   child  -> parent HC_MSG_CHECKED          (once per checked real server
 *                                             and child start: every one of
 *                                             its checkers has its first
 *                                             verdict: an attempt succeeded,
 *                                             or failed attempts (retries
 *                                             used up) brought it down; a
 *                                             failure still being retried
 *                                             is no verdict.  Sent after any
 *                                             RESULT that verdict caused.
 *                                             The parent's "first round
 *                                             done", daemon/lvs_ready.h)
 *   child  -> parent HC_MSG_SCRIPT_RUN       (MISC_CHECK: run the checker's
 *                                             misc_path; the child never
 *                                             forks scripts itself)
 *   parent -> child  HC_MSG_SCRIPT_DONE      (its outcome, same req_id)
 * SCRIPT_RUN names the checker by (vs_idx, rs_idx, checker_idx) of the
 * shared tree; the parent runs conf->vs[].rs[].checker[].misc_path as that
 * checker's "user" (else the global script user, daemon/script_sec.h),
 * refuses it under enable_script_security if insecure, and kills its
 * whole process group once timeout_ms has passed (SIGTERM, SIGKILL 2 s
 * later).  Exactly one SCRIPT_DONE answers each SCRIPT_RUN; req_id is
 * chosen by the child (unique among its requests in flight) and echoed.
 * A DONE whose req_id the child no longer waits for is dropped.
 * HC_MSG_INIT_STATE after HC_MSG_START is ignored.  INIT_STATE seeds every
 * checker of the real server (up: all at their rise threshold; down: all
 * failed) so no RESULT is sent for the seeded state itself.  Real servers
 * not seeded start as keepalived does: up, or down with alpha.
 * On HC_MSG_START the child sends one HC_MSG_RESULT for each checked real
 * server whose start state is down (so the parent need not guess alpha);
 * those carry checker_idx 0, reason HC_OK and text "start state: down".
 * Real servers whose checkers are all of unsupported types (today only
 * BFD_CHECK) are never reported: the parent keeps their start state.
 */
#ifndef IPVSD_HC_PROTO_H
#define IPVSD_HC_PROTO_H

#include <stdint.h>

enum hc_msg_type {
	HC_MSG_INIT_STATE = 0x4801,	/* parent -> child, struct hc_msg_init_state */
	HC_MSG_START = 0x4802,		/* parent -> child, no payload */
	HC_MSG_DUMP_REQ = 0x4803,	/* parent -> child, no payload */
	HC_MSG_SCRIPT_DONE = 0x4804,	/* parent -> child, struct hc_msg_script_done */
	HC_MSG_RESULT = 0x4881,		/* child -> parent, struct hc_msg_result */
	HC_MSG_DUMP = 0x4882,		/* child -> parent, NUL-terminated text */
	HC_MSG_CHECKED = 0x4883,	/* child -> parent, struct hc_msg_checked */
	HC_MSG_SCRIPT_RUN = 0x4884,	/* child -> parent, struct hc_msg_script_run */
	HC_MSG_CHECKER = 0x4885,	/* child -> parent, struct hc_msg_checker */
};

struct hc_msg_init_state {
	uint32_t vs_idx;
	uint32_t rs_idx;
	uint8_t up;		/* 1 up, 0 down */
	uint8_t pad[3];		/* zero */
};

struct hc_msg_checked {
	uint32_t vs_idx;
	uint32_t rs_idx;
};

/* HC_MSG_CHECKER: one checker went up or down while its real server kept
 * its state (the transitions that change it come as HC_MSG_RESULT); the
 * parent mails it unless no_checker_emails (daemon/smtp_lvs.h).  Not sent
 * when the first attempt of a checker seeded down (INIT_STATE) succeeds:
 * it was most likely up already. */
struct hc_msg_checker {
	uint32_t vs_idx;
	uint32_t rs_idx;
	uint32_t checker_idx;
	uint8_t up;		/* the checker's new state */
	uint8_t rs_up;		/* its real server's (unchanged) state */
	uint16_t reason;	/* enum hc_result of the last attempt */
};

struct hc_msg_script_run {
	uint32_t req_id;
	uint32_t vs_idx;
	uint32_t rs_idx;
	uint32_t checker_idx;	/* a MISC_CHECK of that real server */
	uint32_t timeout_ms;	/* kill the process group after this */
	uint32_t pad;		/* zero */
};

enum hc_script_outcome {
	HC_SCRIPT_EXITED = 0,	/* status: exit code 0..255 */
	HC_SCRIPT_SIGNALED,	/* status: the signal number */
	HC_SCRIPT_TIMEDOUT,	/* killed after timeout_ms (status: signal) */
	HC_SCRIPT_REFUSED,	/* not started: insecure, unknown user, not
				 * found/executable, fork failed (status:
				 * errno); text says why */
};

#define HC_SCRIPT_TEXT_MAX 96

struct hc_msg_script_done {
	uint32_t req_id;
	uint32_t outcome;	/* enum hc_script_outcome */
	int32_t status;
	uint32_t pad;		/* zero */
	char text[HC_SCRIPT_TEXT_MAX];	/* NUL-terminated, may be empty */
};

#define HC_TEXT_MAX 160

struct hc_msg_result {
	uint32_t vs_idx;
	uint32_t rs_idx;
	uint32_t checker_idx;	/* checker whose transition caused this */
	uint8_t up;		/* real server state: 1 all checkers up */
	uint8_t has_weight;	/* 1: weight below replaces the configured
				 * one (MISC_CHECK misc_dynamic, FILE_CHECK
				 * with a weight); sent again whenever it
				 * changes, even without an up/down change;
				 * 0: the configured weight applies */
	uint16_t reason;	/* enum hc_result of the last attempt */
	int32_t weight;
	char text[HC_TEXT_MAX];	/* NUL-terminated human-readable detail,
				 * e.g. "TCP_CHECK 10.0.0.2:80: refused" */
};

#endif
