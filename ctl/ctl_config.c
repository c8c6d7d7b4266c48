/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Changing a running node (docs/PROVISIONING.md, docs/CLI.md): reload, lsp
 * add|replace|delete, interface IF mip on|off, show running-config.
 *
 * Every change is checked whole before anything is applied: a file or a line
 * that does not parse is "FILE:LINE: message" with status 2, a change that
 * cannot be made live is refused with status 1, and in both cases the node
 * runs what it ran.  A change is applied in place, entry by entry
 * (lsr_fib_*, dataplane/fib_change.c), then settle() tells the prober and
 * starts a grace period; once it ended and the punts in flight were handled,
 * the main loop reuses what was unlinked (ctl_daemon_reclaim()).  The reply is
 * sent when the stores are done: a lookup made from then on finds no deleted
 * label and finds a new LSP.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "ctl_events.h"
#include "ctl_priv.h"
#include "lsr_config.h"
#include "lsr_dataplane.h"
#include "lsr_fwd.h"
#include "oam_mep.h"

/*
 * After a change: the prober follows, and a grace period starts; the main loop
 * reuses what was unlinked once it ends (ctl_daemon_reclaim()), so the reply
 * does not wait for the workers.  The change is a config event (change: the
 * command; the message says what changed), and goes to syslog.
 */
static void __rte_format_printf(3, 4)
settle(struct ctl_daemon *d, const char *change, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	oam_mep_set_config(d->mep, d->cfg);
	lsr_dataplane_retire(d->dp);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctl_event_config(d, change, msg);
}

void
ctl_daemon_reclaim(struct ctl_daemon *d)
{
	if (lsr_dataplane_reclaimable(d->dp))
		lsr_fib_reclaim(d->fib, d->cfg);
}

static uint64_t
elapsed_us(const struct ctl_daemon *d, uint64_t t0)
{
	return (lsr_dataplane_now_ns(d->dp) - t0) / 1000;
}

int
ctl_daemon_reload(struct ctl_daemon *d, const char *path, char *msg, size_t len)
{
	struct lsr_config *new = NULL;
	struct lsr_fib_change ch;
	char err[512];
	uint64_t t0 = lsr_dataplane_now_ns(d->dp);
	int rc;

	if (path == NULL)
		path = d->config_path;
	rc = lsr_config_parse_file(path, &new, err, sizeof(err));
	if (rc < 0) {
		snprintf(msg, len, "%s; nothing applied", err[0] ? err : strerror(-rc));
		return LSR_CTL_USAGE;
	}
	rc = lsr_fib_reload(d->fib, d->cfg, new, &ch, err, sizeof(err));
	lsr_config_free(new);
	if (rc == -EPERM || rc == -ENOSPC || (rc < 0 && ch.added + ch.removed + ch.changed == 0)) {
		snprintf(msg, len, "%s: refused: %s; nothing applied", path, err);
		return LSR_CTL_FAIL;
	}
	settle(d, "reload", "%s: %" PRIu32 " LSP(s) added, %" PRIu32 " removed, %" PRIu32
	       " changed, %" PRIu32 " interface MIP setting(s) changed%s", path, ch.added,
	       ch.removed, ch.changed, ch.mip_changed, rc < 0 ? " (then stopped: see the reply)" : "");
	if (rc < 0) {
		snprintf(msg, len, "%s: %s", path, err);
		return LSR_CTL_FAIL;
	}
	snprintf(msg, len, "%s: %" PRIu32 " LSP(s) added, %" PRIu32 " removed, %" PRIu32
		 " changed, %" PRIu32 " interface MIP setting(s) changed, policer %s; %" PRIu32
		 " LSP(s) in %" PRIu64 " us", path, ch.added, ch.removed, ch.changed,
		 ch.mip_changed, ch.policer_changed ? "changed" : "unchanged", d->cfg->n_live,
		 elapsed_us(d, t0));
	return LSR_CTL_OK;
}

/* The reply of a change: text, or {"ok": bool, "message": "..."} with json. */
static int
reply(struct ctl_conn *c, int status, const char *fmt, ...)
{
	char msg[1024];
	struct ctl_buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!c->json) {
		/* A file's error is "FILE:LINE: message" as it stands (docs/CLI.md). */
		ctl_out(c, "%s%s\n", status == LSR_CTL_FAIL ? "% " : "", msg);
		return status;
	}
	ctl_buf_printf(&b, "{\"ok\": %s, \"message\": ", status == LSR_CTL_OK ? "true" : "false");
	ctl_buf_json_str(&b, msg);
	ctl_buf_printf(&b, ", \"lsps\": %" PRIu32 ", \"generation\": %" PRIu64 "}\n",
		       c->ctl->d->cfg->n_live, c->ctl->d->cfg->generation);
	if (!b.oom)
		ctl_out(c, "%s", b.p);
	ctl_buf_free(&b);
	return status;
}

/* A trailing `json` word: sets c->json and drops it. */
static int
take_json(struct ctl_conn *c, int argc, char **argv)
{
	if (argc > 0 && strcmp(argv[argc - 1], "json") == 0) {
		c->json = true;
		return argc - 1;
	}
	return argc;
}

int
ctl_cmd_reload(struct ctl_conn *c, int argc, char **argv)
{
	char msg[1024], w[CTL_WORD_STRLEN];
	int status;

	argc = take_json(c, argc, argv);
	if (argc > 1)
		USAGE(c, "%% Unexpected '%s'; usage: reload %s\n",
		      ctl_fmt_word(w, sizeof(w), argv[1]), lsr_ctl_cmds[LSR_CTL_CMD_reload].args);
	status = ctl_daemon_reload(c->ctl->d, argc ? argv[0] : NULL, msg, sizeof(msg));
	CTL_LOG(INFO, "reload: %s", msg);
	return reply(c, status, "%s%s", status == LSR_CTL_OK ? "Reloaded " : "", msg);
}

/* Words that start a statement of an lsp block (docs/CONTRACT.md §2). */
static bool
block_keyword(const char *w)
{
	static const char *const kw[] = { "source", "destination", "lsp-num", "forward",
					  "reverse", "loopback", "path" };

	for (size_t i = 0; i < RTE_DIM(kw); i++)
		if (strcmp(w, kw[i]) == 0)
			return true;
	return false;
}

/*
 * `lsp add|replace NAME STATEMENTS...`: the block written on one line, each
 * statement starting with its keyword.  Parsed as a configuration made of the
 * running node's own statements and that block, so it is checked by the
 * parser's every rule against the running interfaces.  @return the parsed
 * configuration (its only LSP is lsps[0]), or NULL after a message
 * "lsp add:1: message" and with *status set.
 */
static struct lsr_config *
parse_lsp_line(struct ctl_conn *c, const char *verb, int argc, char **argv, int *status)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	size_t glen, at, cap = LSR_CONFIG_TEXT_MAX + LSR_CTL_LINE_MAX * 2;
	char *text = malloc(cap), err[512], where[32], w[CTL_WORD_STRLEN];
	struct lsr_config *one = NULL;
	unsigned int glines = 0;
	const char *p;

	*status = LSR_CTL_USAGE;
	if (text == NULL) {
		*status = LSR_CTL_FAIL;
		ctl_out(c, "%% Out of memory\n");
		return NULL;
	}
	if (argc < 2 || !block_keyword(argv[1])) {
		ctl_out(c, "%% usage: lsp %s %s\n", verb, lsr_ctl_cmds[LSR_CTL_CMD_lsp_add].args);
		goto out;
	}
	glen = lsr_config_format_globals(cfg, text, cap);
	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		glines++;
	at = glen + (size_t)snprintf(text + glen, cap - glen, "lsp %s", argv[0]);
	/* A statement starts at each block keyword, but for the direction of `path`. */
	for (int i = 1; i < argc && at < cap; i++)
		at += (size_t)snprintf(text + at, cap - at, "%s%s",
				       block_keyword(argv[i]) && strcmp(argv[i - 1], "path") != 0 ?
				       "\n  " : " ", argv[i]);
	if (at >= cap)
		at = cap - 1;
	snprintf(where, sizeof(where), "lsp %s", verb);
	if (lsr_config_parse_buffer(text, at, where, &one, err, sizeof(err)) < 0) {
		/* The block's lines came from one command line: say line 1 of it. */
		const char *m = strchr(err, ':');
		const char *rest = m != NULL ? strchr(m + 1, ':') : NULL;
		unsigned long line = m != NULL ? strtoul(m + 1, NULL, 10) : 0;

		if (rest != NULL && line > glines)
			ctl_out(c, "%s:1:%s; nothing applied\n", where, rest + 1);
		else
			ctl_out(c, "%s: %s; nothing applied\n", where, err);
		goto out;
	}
	if (one->n_lsps != 1) {
		ctl_out(c, "%% One LSP expected after '%s'\n", ctl_fmt_word(w, sizeof(w), argv[0]));
		lsr_config_free(one);
		one = NULL;
	}
out:
	free(text);
	return one;
}

static int
lsp_change(struct ctl_conn *c, int argc, char **argv, bool replace)
{
	struct ctl_daemon *d = c->ctl->d;
	uint64_t t0 = lsr_dataplane_now_ns(d->dp);
	char err[512];
	struct lsr_config *one;
	int status, rc;

	argc = take_json(c, argc, argv);
	one = parse_lsp_line(c, replace ? "replace" : "add", argc, argv, &status);
	if (one == NULL)
		return status;
	if (replace)
		rc = lsr_fib_lsp_replace(d->fib, d->cfg, &one->lsps[0], err, sizeof(err));
	else
		rc = lsr_fib_lsp_add(d->fib, d->cfg, &one->lsps[0], err, sizeof(err));
	lsr_config_free(one);
	if (rc < 0)
		return reply(c, LSR_CTL_FAIL, "%s; nothing applied", err);
	if (rc == 1)
		return reply(c, LSR_CTL_OK, "LSP %s unchanged", argv[0]);
	settle(d, replace ? "lsp-replace" : "lsp-add", "LSP %s %s", argv[0],
	       replace ? "replaced" : "added");
	return reply(c, LSR_CTL_OK, "LSP %s %s in %" PRIu64 " us", argv[0],
		     replace ? "replaced" : "added", elapsed_us(d, t0));
}

int
ctl_cmd_lsp_add(struct ctl_conn *c, int argc, char **argv)
{
	return lsp_change(c, argc, argv, false);
}

int
ctl_cmd_lsp_replace(struct ctl_conn *c, int argc, char **argv)
{
	return lsp_change(c, argc, argv, true);
}

int
ctl_cmd_lsp_delete(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	uint64_t t0 = lsr_dataplane_now_ns(d->dp);
	char err[512], w[CTL_WORD_STRLEN];

	argc = take_json(c, argc, argv);
	if (argc != 1)
		USAGE(c, "%% usage: lsp delete %s\n", lsr_ctl_cmds[LSR_CTL_CMD_lsp_delete].args);
	if (lsr_fib_lsp_delete(d->fib, d->cfg, argv[0], err, sizeof(err)) < 0)
		return reply(c, LSR_CTL_FAIL, "No such LSP: %s",
			     ctl_fmt_word(w, sizeof(w), argv[0]));
	settle(d, "lsp-delete", "LSP %s deleted", argv[0]);
	return reply(c, LSR_CTL_OK, "LSP %s deleted in %" PRIu64 " us", argv[0],
		     elapsed_us(d, t0));
}

int
ctl_cmd_interface_mip(struct ctl_conn *c, int argc, char **argv)
{
	struct ctl_daemon *d = c->ctl->d;
	char w[CTL_WORD_STRLEN];
	uint32_t if_num;
	char *end;
	int slot;

	argc = take_json(c, argc, argv);
	if (argc != 3 || strcmp(argv[1], "mip") != 0 ||
	    (strcmp(argv[2], "on") != 0 && strcmp(argv[2], "off") != 0))
		USAGE(c, "%% usage: interface %s\n", lsr_ctl_cmds[LSR_CTL_CMD_interface_mip].args);
	if_num = (uint32_t)strtoul(argv[0], &end, 10);
	slot = *end == '\0' && argv[0][0] >= '0' && argv[0][0] <= '9' ?
	       lsr_config_slot_of(d->cfg, if_num) : -1;
	if (slot < 0)
		USAGE(c, "%% No such interface: %s\n", ctl_fmt_word(w, sizeof(w), argv[0]));
	lsr_fib_set_mip(d->cfg, (uint16_t)slot, strcmp(argv[2], "on") == 0);
	settle(d, "interface-mip", "Interface %" PRIu32 ": MIPs %s", if_num, argv[2]);
	return reply(c, LSR_CTL_OK, "Interface %" PRIu32 ": MIPs %s", if_num, argv[2]);
}

/* ---- show running-config ------------------------------------------------------ */

#define RC_ROUND 1024		/* lsp blocks per round at most (ctl_more) */
#define RC_BYTES (64 * 1024)	/* and about this much text */

/* Queue text (a globals part or a block) as text, or as JSON strings of its lines. */
static void
rc_emit(struct ctl_conn *c, struct ctl_buf *b, const char *text)
{
	const char *p = text, *nl;
	char line[LSR_CONFIG_TEXT_MAX];

	if (!c->json) {
		ctl_buf_printf(b, "%s", text);
		return;
	}
	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		ctl_buf_printf(b, "%s", c->n_shown++ ? ", " : "");
		ctl_buf_json_str(b, line);
		if (*nl == '\0')
			break;
	}
}

static int
rc_more(struct ctl_conn *c)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	uint64_t end = RTE_MIN(c->more_pos + RC_ROUND, (uint64_t)cfg->n_lsps);
	char text[LSR_CONFIG_TEXT_MAX], hex[LSR_CONFIG_DIGEST_HEX];
	struct ctl_buf b = { 0 };
	size_t n;

	/* A change between two rounds: what was printed is no one configuration. */
	if (cfg->generation != c->rc_generation) {
		if (c->json)
			ctl_out(c, "], \"error\": \"the configuration changed during the listing\"}\n");
		else
			ctl_out(c, "%% The configuration changed during the listing: run the "
				"command again\n");
		return LSR_CTL_FAIL;
	}
	for (; c->more_pos < end && b.len < RC_BYTES && !b.oom; c->more_pos++) {
		const struct lsr_lsp_cfg *l = &cfg->lsps[c->more_pos];

		if (!lsr_lsp_live(l))
			continue;
		n = lsr_config_format_lsp(cfg, l, text, sizeof(text));
		lsr_config_digest_add_lsp(&c->rc_digest, text, n);
		rc_emit(c, &b, text);
	}
	if (b.len > 0)
		ctl_out(c, "%s", b.p);
	ctl_buf_free(&b);
	if (c->more_pos < cfg->n_lsps)
		return CTL_PENDING;
	lsr_config_digest_final(&c->rc_digest, hex);
	if (c->json)
		ctl_out(c, "], \"digest\": \"sha256:%s\", \"lsps\": %" PRIu32 "}\n", hex,
			cfg->n_live);
	else
		ctl_out(c, "\n# digest sha256:%s (%" PRIu32 " LSPs)\n", hex, cfg->n_live);
	return LSR_CTL_OK;
}

int
ctl_cmd_show_running_config(struct ctl_conn *c, int argc, char **argv)
{
	const struct lsr_config *cfg = c->ctl->d->cfg;
	const struct ctl_arg args[] = { { "json", CTL_ARG_FLAG, &c->json, 0, 0, NULL } };
	char text[LSR_CONFIG_TEXT_MAX];
	struct ctl_buf b = { 0 };
	int status = ctl_parse_args(c, LSR_CTL_CMD_show_running_config, argc, argv, 0, args,
				    RTE_DIM(args));
	size_t n;

	if (status != LSR_CTL_OK)
		return status;
	lsr_config_digest_init(&c->rc_digest);
	c->rc_generation = cfg->generation;
	c->n_shown = 0;
	n = lsr_config_format_globals(cfg, text, sizeof(text));
	lsr_config_digest_add(&c->rc_digest, text, n);
	if (c->json)
		ctl_buf_printf(&b, "{\"config\": [");
	rc_emit(c, &b, text);
	if (!b.oom)
		ctl_out(c, "%s", b.p);
	ctl_buf_free(&b);
	c->more_pos = 0;
	return ctl_more(c, rc_more);
}
