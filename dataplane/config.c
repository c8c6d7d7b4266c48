/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The configuration parser (docs/CONTRACT.md §2).
 *
 * The input is untrusted (it is fuzzed): every line is checked for length and
 * for binary data before it is tokenised, numbers are parsed by hand (no sign,
 * no empty string, overflow checked), and every error path frees what was
 * allocated.  The first error stops the parse and is reported as
 * "FILE:LINE: message"; nothing is returned then.
 *
 * Two passes over the text: the first checks every line and reads the
 * `interface` lines, so that the second, which reads everything else, can
 * resolve an interface reference at the line that makes it, wherever the
 * interface is defined.  The cost of a large configuration is linear: LSPs go
 * into an array grown by doubling, names into an open-addressing hash table,
 * and (in interface, label) pairs into a bitmap of the 2^20 labels per
 * interface, allocated when the interface first receives a label.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_priv.h"
#include "lsr_config.h"

#define CFG_LINE_MAX	4096			/* bytes, without the newline */
#define CFG_TOKENS_MAX	(CFG_LINE_MAX / 2 + 1)	/* tokens are separated by blanks */
#define CFG_FILE_MAX	((size_t)1 << 31)	/* a file larger than this is refused */
#define CFG_ERR_TOKEN	64			/* longest token quoted in a message */

#define LABEL_WORDS	((MPLS_LABEL_MAX + 1) / 64)	/* words of one label bitmap */

#define DEFAULT_POLICER_RATE	1000
#define DEFAULT_POLICER_BURST	100

/* What an lsp block has seen so far. */
enum {
	SEEN_SOURCE = 1 << 0,
	SEEN_DESTINATION = 1 << 1,
	SEEN_LSP_NUM = 1 << 2,
	SEEN_LOOPBACK = 1 << 3,
};

struct name_slot {
	uint32_t hash;
	uint32_t idx;
};

struct parser {
	const char *text;
	size_t len;
	size_t pos;		/* start of the next line */
	uint32_t lineno;	/* of the line last returned */
	const char *name;
	char *err;
	size_t errlen;

	struct lsr_config *cfg;
	size_t lsps_cap;

	/* The current line, cut into tokens. */
	char buf[CFG_LINE_MAX + 1];
	char *tok[CFG_TOKENS_MAX];
	unsigned int ntok;
	bool indented;

	/* Lines of the one-per-file statements, 0 when not seen. */
	uint32_t node_line, icc_line, mip_mode_line, policer_line, ip4_line, ip6_line;
	uint32_t if_line[LSR_MAX_INTERFACES];
	uint32_t n_statements;

	/* The open lsp block, if any. */
	bool in_block;
	uint32_t cur;		/* index into cfg->lsps */
	uint32_t cur_line;
	unsigned int cur_seen;
	uint32_t dir_line[LSR_DIR_MAX];
	uint32_t loop_line;
	uint32_t loop_if;
	uint32_t path_line[LSR_DIR_MAX];	/* first `path` line of each direction */

	/* (in slot, label) pairs taken, one bit per label; NULL until needed. */
	uint64_t *in_labels[LSR_MAX_INTERFACES];

	/* LSP names: open addressing, keyed by name hash; idx is lsp index + 1, 0 = empty. */
	struct name_slot *names;
	size_t names_size;	/* a power of two */
};

static int __attribute__((format(printf, 3, 4)))
cfg_error(struct parser *ps, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err == NULL || ps->errlen == 0)
		return -EINVAL;
	n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->name, line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
cfg_nomem(struct parser *ps)
{
	if (ps->err != NULL && ps->errlen > 0)
		snprintf(ps->err, ps->errlen, "%s: %s", ps->name, strerror(ENOMEM));
	return -ENOMEM;
}

/* ---- lexical layer ----------------------------------------------------- */

/*
 * Return the next line (without its newline, nor a CR before it) and advance,
 * or false at the end of the text.
 */
static bool
next_line(struct parser *ps, const char **line, size_t *len)
{
	const char *nl;
	size_t n;

	if (ps->pos >= ps->len)
		return false;
	*line = ps->text + ps->pos;
	nl = memchr(*line, '\n', ps->len - ps->pos);
	n = nl != NULL ? (size_t)(nl - *line) : ps->len - ps->pos;
	ps->pos += n + (nl != NULL);
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*len = n;
	ps->lineno++;
	return true;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 §4), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp, min;
	size_t need, i;

	if (s[0] < 0xc2)		/* a continuation byte, or overlong */
		return 0;
	if (s[0] < 0xe0) {
		need = 1, cp = s[0] & 0x1f, min = 0x80;
	} else if (s[0] < 0xf0) {
		need = 2, cp = s[0] & 0x0f, min = 0x800;
	} else if (s[0] < 0xf5) {
		need = 3, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need + 1;
}

/* Text is printable ASCII, tabs and (in comments, in practice) UTF-8. */
static bool
line_is_text(const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0, n;

	while (i < len) {
		if ((unsigned char)(s[i] - 0x20) < 0x5f) {	/* 0x20-0x7e */
			i++;
		} else if (s[i] == '\t') {
			i++;
		} else if (s[i] >= 0x80) {
			n = utf8_seq(s + i, len - i);
			if (n == 0)
				return false;
			i += n;
		} else {
			return false;	/* NUL, other controls, DEL */
		}
	}
	return true;
}

/*
 * Cut a line into tokens; a comment runs from '#' to the end.  The line was
 * checked by pass 1 (pass_interfaces()).
 */
static int
tokenize(struct parser *ps, const char *line, size_t len)
{
	char *p;

	if (len > CFG_LINE_MAX)	/* cannot happen after pass 1; keeps buf safe */
		return cfg_error(ps, ps->lineno, "line longer than %d bytes", CFG_LINE_MAX);
	memcpy(ps->buf, line, len);
	ps->buf[len] = '\0';
	p = strchr(ps->buf, '#');
	if (p != NULL)
		*p = '\0';
	ps->indented = len > 0 && (line[0] == ' ' || line[0] == '\t');
	ps->ntok = 0;
	p = ps->buf;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		ps->tok[ps->ntok++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
	return 0;
}

/* ---- values ------------------------------------------------------------ */

/*
 * Decimal digits at s, up to the first byte that is not one: at least one
 * digit, no sign, no blank, at most max.  @return the end, or NULL.
 */
static const char *
scan_uint(const char *s, uint64_t max, uint64_t *v)
{
	const char *p = s;
	uint64_t x = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		x = x * 10 + (uint64_t)(*p - '0');
		if (x > max)
			return NULL;
	}
	if (p == s)
		return NULL;
	*v = x;
	return p;
}

/* Decimal digits only: no sign, no blank, no empty string, at most max. */
static bool
parse_uint(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t x;
	const char *end = scan_uint(s, max, &x);

	if (end == NULL || *end != '\0')
		return false;
	*v = x;
	return true;
}

static bool
parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;

	if (!parse_uint(s, UINT32_MAX, &x))
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool
parse_u16(const char *s, uint16_t *v)
{
	uint64_t x;

	if (!parse_uint(s, UINT16_MAX, &x))
		return false;
	*v = (uint16_t)x;
	return true;
}

/*
 * A Node_ID at s [RFC 6370 §4]: an IPv4-style dotted quad (four decimal
 * octets, no leading zeros) or a decimal number.  The one grammar of the
 * configuration file and of the control socket.  @return the end, or NULL.
 */
static const char *
scan_node_id(const char *s, uint32_t *v)
{
	const char *p;
	uint64_t x;
	uint32_t quad = 0, octet;
	int i, digits;

	p = scan_uint(s, UINT32_MAX, &x);
	if (p == NULL)
		return NULL;
	if (*p != '.') {
		*v = (uint32_t)x;
		return p;
	}
	p = s;
	for (i = 0; i < 4; i++) {
		if (i > 0 && *p++ != '.')
			return NULL;
		octet = 0;
		for (digits = 0; *p >= '0' && *p <= '9'; digits++, p++) {
			if (digits == 3 || (digits == 1 && octet == 0))
				return NULL;
			octet = octet * 10 + (uint32_t)(*p - '0');
		}
		if (digits == 0 || octet > 255)
			return NULL;
		quad = quad << 8 | octet;
	}
	*v = quad;
	return p;
}

/* GLOBAL_ID:NODE_ID at s; @return the end, or NULL (node_id 0 is returned, not judged). */
static const char *
scan_node_ident(const char *s, struct lsr_node_ident *id)
{
	uint64_t global;
	const char *p = scan_uint(s, UINT32_MAX, &global);

	if (p == NULL || *p != ':')
		return NULL;
	p = scan_node_id(p + 1, &id->node_id);
	if (p != NULL)
		id->global_id = (uint32_t)global;
	return p;
}

int
lsr_node_id_parse(const char *s, uint32_t *node_id)
{
	uint32_t v;
	const char *end;

	if (s == NULL || node_id == NULL)
		return -EINVAL;
	end = scan_node_id(s, &v);
	if (end == NULL || *end != '\0')
		return -EINVAL;
	if (v == 0)
		return -ERANGE;
	*node_id = v;
	return 0;
}

/* GLOBAL_ID:NODE_ID, then :IF_NUM when if_num is not NULL, then the end. */
static int
ident_parse(const char *s, struct lsr_node_ident *id, uint32_t *if_num)
{
	struct lsr_node_ident v;
	const char *end;
	uint64_t ifn = 0;

	if (s == NULL || id == NULL)
		return -EINVAL;
	end = scan_node_ident(s, &v);
	if (end != NULL && if_num != NULL)
		end = *end == ':' ? scan_uint(end + 1, UINT32_MAX, &ifn) : NULL;
	if (end == NULL || *end != '\0')
		return -EINVAL;
	if (v.node_id == 0)
		return -ERANGE;
	*id = v;
	if (if_num != NULL)
		*if_num = (uint32_t)ifn;
	return 0;
}

int
lsr_node_ident_parse(const char *s, struct lsr_node_ident *id)
{
	return ident_parse(s, id, NULL);
}

int
lsr_mip_id_parse(const char *s, struct lsr_node_ident *id, uint32_t *if_num)
{
	if (if_num == NULL)
		return -EINVAL;
	return ident_parse(s, id, if_num);
}

const char *
lsr_node_id_format(char *buf, size_t len, uint32_t node_id)
{
	if (buf != NULL && len > 0)
		snprintf(buf, len, "%u.%u.%u.%u", node_id >> 24, (node_id >> 16) & 0xff,
			 (node_id >> 8) & 0xff, node_id & 0xff);
	return buf;
}

const char *
lsr_node_ident_format(char *buf, size_t len, const struct lsr_node_ident *id)
{
	char node[LSR_NODE_ID_STRLEN];

	if (buf != NULL && len > 0)
		snprintf(buf, len, "%" PRIu32 ":%s", id->global_id,
			 lsr_node_id_format(node, sizeof(node), id->node_id));
	return buf;
}

/*
 * Global_ID:Node_ID [RFC 6370 §3, §4]; the Node_ID in dotted quad or decimal.
 * The Node_ID 0 is reserved; a Global_ID of 0 means "no Global_ID" and is kept.
 */
static int
parse_ident(struct parser *ps, const char *what, const char *s, struct lsr_node_ident *id)
{
	int rc = lsr_node_ident_parse(s, id);

	if (rc == -ERANGE)
		return cfg_error(ps, ps->lineno, "%s Node_ID 0 is reserved (RFC 6370 §4)", what);
	if (rc < 0)
		return cfg_error(ps, ps->lineno,
				 "bad %s identifier '%.*s' (expected GLOBAL_ID:NODE_ID)",
				 what, CFG_ERR_TOKEN, s);
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* xx:xx:xx:xx:xx:xx, two hex digits per byte. */
static bool
parse_mac(const char *s, uint8_t mac[6])
{
	int i, hi, lo;

	for (i = 0; i < 6; i++) {
		if (i > 0 && *s++ != ':')
			return false;
		hi = hexval(s[0]);
		if (hi < 0)
			return false;
		lo = hexval(s[1]);
		if (lo < 0)
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return *s == '\0';
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* RFC 3032 §2.1: a label is 20 bits; RFC 7274 §2: 0-15 are special purpose. */
static int
parse_label(struct parser *ps, const char *s, uint32_t *label)
{
	uint32_t x;

	if (!all_digits(s))
		return cfg_error(ps, ps->lineno, "bad label '%.*s'", CFG_ERR_TOKEN, s);
	if (!parse_u32(s, &x) || x > MPLS_LABEL_MAX)
		return cfg_error(ps, ps->lineno, "label %.*s out of range (16-%u)",
				 CFG_ERR_TOKEN, s, MPLS_LABEL_MAX);
	if (x <= MPLS_LABEL_RESERVED_MAX)
		return cfg_error(ps, ps->lineno, "label %u is reserved (0-%d)",
				 x, MPLS_LABEL_RESERVED_MAX);
	*label = x;
	return 0;
}

static int
parse_if_num(struct parser *ps, const char *s, uint32_t *if_num)
{
	if (!parse_u32(s, if_num))
		return cfg_error(ps, ps->lineno, "bad IF_Num '%.*s' (1-4294967295)",
				 CFG_ERR_TOKEN, s);
	if (*if_num == 0)
		return cfg_error(ps, ps->lineno, "IF_Num 0 is reserved (RFC 6370 §4)");
	return 0;
}

/* A reference to an interface: it must be defined somewhere in the file. */
static int
parse_if_ref(struct parser *ps, const char *s, uint16_t *slot)
{
	uint32_t if_num;
	int rc, i;

	rc = parse_if_num(ps, s, &if_num);
	if (rc < 0)
		return rc;
	i = lsr_config_slot_of(ps->cfg, if_num);
	if (i < 0)
		return cfg_error(ps, ps->lineno, "interface %u is not defined", if_num);
	*slot = (uint16_t)i;
	return 0;
}

static int
twice(struct parser *ps, const char *what, uint32_t first)
{
	if (first == ps->lineno)
		return cfg_error(ps, ps->lineno, "'%s' given twice", what);
	return cfg_error(ps, ps->lineno, "'%s' given twice (first at line %u)", what, first);
}

static int
usage(struct parser *ps, const char *grammar)
{
	return cfg_error(ps, ps->lineno, "usage: %s", grammar);
}

/* ---- top-level statements --------------------------------------------- */

#define USAGE_NODE	"node GLOBAL_ID:NODE_ID"
#define USAGE_ICC	"icc ICC cc CC"
#define USAGE_MIP_MODE	"mip-mode per-interface|per-node"
#define USAGE_POLICER	"oam-policer rate R burst B"
#define USAGE_INTERFACE	"interface IF_NUM port ID|NAME mac MAC peer MAC [mip on|off] " \
			"[promiscuous on|off]"
#define USAGE_LSP	"lsp NAME"
#define USAGE_IP	"ip-address IPV4|IPV6"
#define USAGE_PATH	"path forward|reverse [via ID in IF out IF]... to ID in IF"

static int
parse_node(struct parser *ps)
{
	if (ps->node_line != 0)
		return twice(ps, "node", ps->node_line);
	if (ps->ntok != 2)
		return usage(ps, USAGE_NODE);
	ps->node_line = ps->lineno;
	return parse_ident(ps, "node", ps->tok[1], &ps->cfg->node);
}

/*
 * ITU-T Carrier Code (ICC, ITU-T M.1400: 1-6 characters, each A-Z or 0-9) and
 * ISO 3166-1 alpha-2 Country Code, as used by RFC 6923 and G.8113.1 MEG IDs.
 */
static int
parse_icc(struct parser *ps)
{
	const char *icc, *cc;
	size_t i, n;

	if (ps->icc_line != 0)
		return twice(ps, "icc", ps->icc_line);
	if (ps->ntok != 4 || strcmp(ps->tok[2], "cc") != 0)
		return usage(ps, USAGE_ICC);
	ps->icc_line = ps->lineno;
	icc = ps->tok[1];
	cc = ps->tok[3];
	n = strlen(icc);
	for (i = 0; i < n && i <= 6; i++)
		if (!((icc[i] >= 'A' && icc[i] <= 'Z') || (icc[i] >= '0' && icc[i] <= '9')))
			break;
	if (n > 6 || i != n)
		return cfg_error(ps, ps->lineno,
				 "bad ICC '%.*s' (1-6 characters A-Z or 0-9, ITU-T M.1400)",
				 CFG_ERR_TOKEN, icc);
	if (strlen(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return cfg_error(ps, ps->lineno,
				 "bad country code '%.*s' (2 letters A-Z, ISO 3166-1 alpha-2)",
				 CFG_ERR_TOKEN, cc);
	memcpy(ps->cfg->icc, icc, n + 1);
	memcpy(ps->cfg->cc, cc, 3);
	ps->cfg->has_icc = true;
	return 0;
}

static int
parse_mip_mode(struct parser *ps)
{
	if (ps->mip_mode_line != 0)
		return twice(ps, "mip-mode", ps->mip_mode_line);
	if (ps->ntok != 2)
		return usage(ps, USAGE_MIP_MODE);
	ps->mip_mode_line = ps->lineno;
	if (strcmp(ps->tok[1], "per-interface") == 0)
		ps->cfg->mip_mode = LSR_MIP_PER_INTERFACE;
	else if (strcmp(ps->tok[1], "per-node") == 0)
		ps->cfg->mip_mode = LSR_MIP_PER_NODE;
	else
		return usage(ps, USAGE_MIP_MODE);
	return 0;
}

/* A token bucket; rate 0 turns the policer off, and then the burst is unused. */
static int
parse_policer(struct parser *ps)
{
	uint32_t rate, burst;

	if (ps->policer_line != 0)
		return twice(ps, "oam-policer", ps->policer_line);
	if (ps->ntok != 5 || strcmp(ps->tok[1], "rate") != 0 ||
	    strcmp(ps->tok[3], "burst") != 0)
		return usage(ps, USAGE_POLICER);
	ps->policer_line = ps->lineno;
	if (!parse_u32(ps->tok[2], &rate))
		return cfg_error(ps, ps->lineno, "bad rate '%.*s' (0-4294967295, 0 = off)",
				 CFG_ERR_TOKEN, ps->tok[2]);
	if (!parse_u32(ps->tok[4], &burst))
		return cfg_error(ps, ps->lineno, "bad burst '%.*s' (1-4294967295)",
				 CFG_ERR_TOKEN, ps->tok[4]);
	if (rate > 0 && burst == 0)
		return cfg_error(ps, ps->lineno, "burst must be at least 1 when rate > 0");
	ps->cfg->policer_rate = rate;
	ps->cfg->policer_burst = burst;
	return 0;
}

/*
 * `ip-address A.B.C.D` and/or `ip-address X:X::X`, once per family: the source
 * of LSP Ping in the IP form (RFC 6426 §2).  It must be an address a reply can
 * be sent to: not unspecified, loopback or multicast (RFC 8029 §4.3 puts the
 * loopback range in the destination of a request, never in its source).
 */
static int
parse_ip_address(struct parser *ps)
{
	struct lsr_config *cfg = ps->cfg;
	static const uint8_t zero[16];
	uint8_t a[16];

	if (ps->ntok != 2)
		return usage(ps, USAGE_IP);
	if (inet_pton(AF_INET, ps->tok[1], a) == 1) {
		if (ps->ip4_line != 0)
			return twice(ps, "ip-address (IPv4)", ps->ip4_line);
		if (a[0] == 0 || a[0] == 127 || a[0] >= 224)
			return cfg_error(ps, ps->lineno,
					 "ip-address %s: not an address a reply can be sent to "
					 "(0/8, 127/8, multicast and reserved are refused)", ps->tok[1]);
		ps->ip4_line = ps->lineno;
		memcpy(cfg->ip4, a, 4);
		cfg->has_ip4 = true;
		return 0;
	}
	if (inet_pton(AF_INET6, ps->tok[1], a) == 1) {
		if (ps->ip6_line != 0)
			return twice(ps, "ip-address (IPv6)", ps->ip6_line);
		/* ::, ::1, ff00::/8, and the IPv4-mapped loopback ::ffff:127/104 */
		if (memcmp(a, zero, 16) == 0 || (memcmp(a, zero, 15) == 0 && a[15] == 1) ||
		    a[0] == 0xff ||
		    (memcmp(a, zero, 10) == 0 && a[10] == 0xff && a[11] == 0xff && a[12] == 127))
			return cfg_error(ps, ps->lineno,
					 "ip-address %s: not an address a reply can be sent to "
					 "(unspecified, loopback and multicast are refused)", ps->tok[1]);
		ps->ip6_line = ps->lineno;
		memcpy(cfg->ip6, a, 16);
		cfg->has_ip6 = true;
		return 0;
	}
	return cfg_error(ps, ps->lineno, "bad ip-address '%.*s' (an IPv4 or IPv6 address)",
			 CFG_ERR_TOKEN, ps->tok[1]);
}

static bool
parse_on_off(const char *s, bool *v)
{
	if (strcmp(s, "on") == 0)
		*v = true;
	else if (strcmp(s, "off") == 0)
		*v = false;
	else
		return false;
	return true;
}

/*
 * `port ID` (digits only: a DPDK port id, which depends on the probe order) or
 * `port NAME` (the device's name, e.g. net_af_packet0 or a PCI address such
 * as 0000:01:00.0), resolved when the ports are probed (docs/PORTS.md).
 */
static int
parse_port(struct parser *ps, const char *val, struct lsr_interface_cfg *ifc)
{
	size_t i, n = strlen(val);

	if (strspn(val, "0123456789") == n) {
		if (!parse_u16(val, &ifc->port))
			return cfg_error(ps, ps->lineno, "bad port '%.*s' (0-65535)",
					 CFG_ERR_TOKEN, val);
		return 0;
	}
	for (i = 0; i < n && i <= LSR_PORT_NAME_MAX; i++)
		if (!isalnum((unsigned char)val[i]) && strchr("_.:-", val[i]) == NULL)
			break;
	if (n > LSR_PORT_NAME_MAX || i != n || !isalnum((unsigned char)val[0]))
		return cfg_error(ps, ps->lineno,
				 "bad port '%.*s' (0-65535, or a device name of 1-%d characters "
				 "of A-Z a-z 0-9 _ . : -, the first a letter or digit)",
				 CFG_ERR_TOKEN, val, LSR_PORT_NAME_MAX);
	memcpy(ifc->port_name, val, n + 1);
	return 0;
}

/* The keyword/value pairs after the IF_Num may come in any order, each once. */
static int
parse_interface(struct parser *ps)
{
	struct lsr_config *cfg = ps->cfg;
	struct lsr_interface_cfg ifc;
	bool has_port = false, has_mac = false, has_peer = false, has_mip = false;
	bool has_promisc = false, has_vlan = false;
	const char *key, *val;
	unsigned int i;
	int rc, slot;

	if (ps->ntok < 2)
		return usage(ps, USAGE_INTERFACE);
	memset(&ifc, 0, sizeof(ifc));
	ifc.mip_enabled = true;
	rc = parse_if_num(ps, ps->tok[1], &ifc.if_num);
	if (rc < 0)
		return rc;
	slot = lsr_config_slot_of(cfg, ifc.if_num);
	if (slot >= 0)
		return cfg_error(ps, ps->lineno, "interface %u defined twice (first at line %u)",
				 ifc.if_num, ps->if_line[slot]);
	if (cfg->n_interfaces >= LSR_MAX_INTERFACES)
		return cfg_error(ps, ps->lineno, "too many interfaces (at most %d)",
				 LSR_MAX_INTERFACES);
	for (i = 2; i < ps->ntok; i += 2) {
		key = ps->tok[i];
		if (i + 1 >= ps->ntok)
			return usage(ps, USAGE_INTERFACE);
		val = ps->tok[i + 1];
		if (strcmp(key, "port") == 0) {
			if (has_port)
				return twice(ps, "port", ps->lineno);
			has_port = true;
			rc = parse_port(ps, val, &ifc);
			if (rc < 0)
				return rc;
		} else if (strcmp(key, "mac") == 0) {
			if (has_mac)
				return twice(ps, "mac", ps->lineno);
			has_mac = true;
			if (!parse_mac(val, ifc.mac))
				return cfg_error(ps, ps->lineno, "bad MAC address '%.*s'",
						 CFG_ERR_TOKEN, val);
			/* IEEE 802: our station address cannot be a group address. */
			if (ifc.mac[0] & 1)
				return cfg_error(ps, ps->lineno,
						 "mac %s is a multicast address", val);
		} else if (strcmp(key, "peer") == 0) {
			if (has_peer)
				return twice(ps, "peer", ps->lineno);
			has_peer = true;
			if (!parse_mac(val, ifc.peer))
				return cfg_error(ps, ps->lineno, "bad MAC address '%.*s'",
						 CFG_ERR_TOKEN, val);
		} else if (strcmp(key, "mip") == 0) {
			if (has_mip)
				return twice(ps, "mip", ps->lineno);
			has_mip = true;
			if (!parse_on_off(val, &ifc.mip_enabled))
				return usage(ps, USAGE_INTERFACE);
		} else if (strcmp(key, "vlan") == 0) {
			if (has_vlan)
				return twice(ps, "vlan", ps->lineno);
			has_vlan = true;
			if (!parse_u16(val, &ifc.vlan) || ifc.vlan == LSR_VLAN_NONE ||
			    ifc.vlan > LSR_VLAN_MAX)
				return cfg_error(ps, ps->lineno, "bad vlan '%.*s' (1-%d, IEEE 802.1Q)",
						 CFG_ERR_TOKEN, val, LSR_VLAN_MAX);
		} else if (strcmp(key, "promiscuous") == 0) {
			if (has_promisc)
				return twice(ps, "promiscuous", ps->lineno);
			has_promisc = true;
			if (!parse_on_off(val, &ifc.promiscuous))
				return usage(ps, USAGE_INTERFACE);
		} else {
			return cfg_error(ps, ps->lineno, "unknown interface keyword '%.*s'",
					 CFG_ERR_TOKEN, key);
		}
	}
	if (!has_port || !has_mac || !has_peer)
		return cfg_error(ps, ps->lineno, "interface %u: missing '%s'", ifc.if_num,
				 !has_port ? "port" : !has_mac ? "mac" : "peer");
	/*
	 * One interface per (port, VLAN): a port carries at most one untagged
	 * interface and any number of VLAN sub-interfaces (docs/CONTRACT.md §2).
	 * A name and an id naming one device are caught at start-up.
	 */
	for (slot = 0; slot < cfg->n_interfaces; slot++) {
		const struct lsr_interface_cfg *o = &cfg->interfaces[slot];
		char port[LSR_PORT_NAME_MAX + 8];

		if (!lsr_interfaces_share_port(o, &ifc) || o->vlan != ifc.vlan)
			continue;
		if (ifc.port_name[0] != '\0')
			snprintf(port, sizeof(port), "%s", ifc.port_name);
		else
			snprintf(port, sizeof(port), "%u", ifc.port);
		if (ifc.vlan == LSR_VLAN_NONE)
			return cfg_error(ps, ps->lineno,
					 "port %s already used untagged by interface %u (line %u)",
					 port, o->if_num, ps->if_line[slot]);
		return cfg_error(ps, ps->lineno,
				 "port %s vlan %u already used by interface %u (line %u)",
				 port, ifc.vlan, o->if_num, ps->if_line[slot]);
	}
	ps->if_line[cfg->n_interfaces] = ps->lineno;
	cfg->interfaces[cfg->n_interfaces++] = ifc;
	return 0;
}

/* ---- lsp blocks -------------------------------------------------------- */

bool
lsr_lsp_name_ok(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
		if (n >= LSR_LSP_NAME_MAX)
			return false;
	}
	return n > 0;
}

/*
 * Look name up; insert lsp index idx when absent.  The stored hash spares the
 * string compare (and its cache miss in the LSP array) on most collisions.
 * @return the index of the LSP holding the name, or -1 (then idx was added).
 */
static int64_t
names_find_or_add(struct parser *ps, const char *name, uint32_t hash, uint32_t idx)
{
	size_t mask = ps->names_size - 1;
	size_t i = hash & mask;
	struct name_slot *e;

	for (;; i = (i + 1) & mask) {
		e = &ps->names[i];
		if (e->idx == 0)
			break;
		if (e->hash == hash && strcmp(ps->cfg->lsps[e->idx - 1].name, name) == 0)
			return e->idx - 1;
	}
	e->hash = hash;
	e->idx = idx + 1;
	return -1;
}

/* Keep the table at most half full; rehash from the stored hashes when it grows. */
static int
names_reserve(struct parser *ps, uint32_t n)
{
	size_t size = ps->names_size != 0 ? ps->names_size : 1024;
	struct name_slot *old = ps->names, *e;
	size_t old_size = ps->names_size, i, j;

	if (ps->names != NULL && (size_t)n * 2 <= ps->names_size)
		return 0;
	while ((size_t)n * 2 > size)
		size *= 2;
	ps->names = calloc(size, sizeof(*ps->names));
	if (ps->names == NULL) {
		ps->names = old;
		return -ENOMEM;
	}
	ps->names_size = size;
	for (i = 0; i < old_size; i++) {
		if (old[i].idx == 0)
			continue;
		for (j = old[i].hash & (size - 1); ; j = (j + 1) & (size - 1)) {
			e = &ps->names[j];
			if (e->idx == 0)
				break;
		}
		*e = old[i];
	}
	free(old);
	return 0;
}

static void
direction_init(struct lsr_direction_cfg *d)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	d->in.slot = LSR_SLOT_NONE;
	for (i = 0; i < LSR_MAX_BRANCHES; i++)
		d->out[i].slot = LSR_SLOT_NONE;
}

static int
parse_lsp(struct parser *ps)
{
	struct lsr_config *cfg = ps->cfg;
	struct lsr_lsp_cfg *lsp, *grown;
	const char *name;
	int64_t other;
	size_t cap;
	int rc;

	if (ps->ntok != 2)
		return usage(ps, USAGE_LSP);
	name = ps->tok[1];
	if (!lsr_lsp_name_ok(name))
		return cfg_error(ps, ps->lineno,
				 "bad lsp name '%.*s' (1-%d characters of A-Z a-z 0-9 _ . -)",
				 CFG_ERR_TOKEN, name, LSR_LSP_NAME_MAX);
	if (cfg->n_lsps == UINT32_MAX - 1)
		return cfg_error(ps, ps->lineno, "too many lsps");
	if (cfg->n_lsps == ps->lsps_cap) {
		cap = ps->lsps_cap != 0 ? ps->lsps_cap * 2 : 64;
		if (cap > UINT32_MAX)
			cap = UINT32_MAX;
		grown = realloc(cfg->lsps, cap * sizeof(*grown));
		if (grown == NULL)
			return -ENOMEM;
		cfg->lsps = grown;
		ps->lsps_cap = cap;
	}
	rc = names_reserve(ps, cfg->n_lsps + 1);
	if (rc < 0)
		return rc;
	lsp = &cfg->lsps[cfg->n_lsps];
	memset(lsp, 0, sizeof(*lsp));
	memcpy(lsp->name, name, strlen(name) + 1);
	other = names_find_or_add(ps, name, lsr_config_name_hash(name), cfg->n_lsps);
	if (other >= 0)
		return cfg_error(ps, ps->lineno, "lsp '%s' defined twice", name);
	direction_init(&lsp->dir[LSR_DIR_FORWARD]);
	direction_init(&lsp->dir[LSR_DIR_REVERSE]);
	lsp->loopback_slot = LSR_SLOT_NONE;
	cfg->n_lsps++;

	ps->in_block = true;
	ps->cur = cfg->n_lsps - 1;
	ps->cur_line = ps->lineno;
	ps->cur_seen = 0;
	ps->dir_line[LSR_DIR_FORWARD] = ps->dir_line[LSR_DIR_REVERSE] = 0;
	ps->loop_line = 0;
	ps->path_line[LSR_DIR_FORWARD] = ps->path_line[LSR_DIR_REVERSE] = 0;
	return 0;
}

/* source|destination GLOBAL_ID:NODE_ID tunnel T [RFC 6370 §5.1] */
static int
parse_endpoint(struct parser *ps, struct lsr_lsp_cfg *lsp, bool src)
{
	const char *kw = src ? "source" : "destination";
	unsigned int bit = src ? SEEN_SOURCE : SEEN_DESTINATION;
	uint16_t *tunnel = src ? &lsp->src_tunnel : &lsp->dst_tunnel;
	int rc;

	if (ps->cur_seen & bit)
		return cfg_error(ps, ps->lineno, "'%s' given twice in lsp '%s'", kw, lsp->name);
	if (ps->ntok != 4 || strcmp(ps->tok[2], "tunnel") != 0)
		return cfg_error(ps, ps->lineno, "usage: %s GLOBAL_ID:NODE_ID tunnel T", kw);
	ps->cur_seen |= bit;
	rc = parse_ident(ps, kw, ps->tok[1], src ? &lsp->src : &lsp->dst);
	if (rc < 0)
		return rc;
	if (!parse_u16(ps->tok[3], tunnel))
		return cfg_error(ps, ps->lineno, "bad tunnel number '%.*s' (0-65535)",
				 CFG_ERR_TOKEN, ps->tok[3]);
	return 0;
}

/* Claim (slot, label) as a lookup key: it must be unique in the node. */
static int
claim_in_label(struct parser *ps, const struct lsr_hop *in)
{
	uint64_t **map = &ps->in_labels[in->slot];
	uint64_t bit = (uint64_t)1 << (in->label & 63);

	if (*map == NULL) {
		*map = calloc(LABEL_WORDS, sizeof(uint64_t));
		if (*map == NULL)
			return -ENOMEM;
	}
	if ((*map)[in->label >> 6] & bit)
		return cfg_error(ps, ps->lineno, "label %u on interface %u is already in use",
				 in->label, ps->cfg->interfaces[in->slot].if_num);
	(*map)[in->label >> 6] |= bit;
	return 0;
}

/* forward|reverse [in IF label L] [out IF label L]... */
static int
parse_direction(struct parser *ps, struct lsr_lsp_cfg *lsp, enum lsr_dir dir)
{
	const char *kw = dir == LSR_DIR_FORWARD ? "forward" : "reverse";
	struct lsr_direction_cfg *d = &lsp->dir[dir];
	struct lsr_hop hop;
	unsigned int i, j;
	bool in;
	int rc;

	if (d->present)
		return cfg_error(ps, ps->lineno, "'%s' given twice in lsp '%s' (first at line %u)",
				 kw, lsp->name, ps->dir_line[dir]);
	d->present = true;
	ps->dir_line[dir] = ps->lineno;
	for (i = 1; i < ps->ntok; i += 4) {
		in = strcmp(ps->tok[i], "in") == 0;
		if (!in && strcmp(ps->tok[i], "out") != 0)
			return cfg_error(ps, ps->lineno,
					 "usage: %s [in IF label L] [out IF label L]...", kw);
		if (i + 3 >= ps->ntok || strcmp(ps->tok[i + 2], "label") != 0)
			return cfg_error(ps, ps->lineno, "usage: %s IF label L", ps->tok[i]);
		rc = parse_if_ref(ps, ps->tok[i + 1], &hop.slot);
		if (rc < 0)
			return rc;
		rc = parse_label(ps, ps->tok[i + 3], &hop.label);
		if (rc < 0)
			return rc;
		if (in) {
			if (d->has_in)
				return cfg_error(ps, ps->lineno, "more than one 'in' in '%s'", kw);
			d->has_in = true;
			d->in = hop;
			continue;
		}
		if (d->n_out == LSR_MAX_BRANCHES)
			return cfg_error(ps, ps->lineno, "more than %d 'out' legs in '%s'",
					 LSR_MAX_BRANCHES, kw);
		for (j = 0; j < d->n_out; j++)
			if (d->out[j].slot == hop.slot)
				return cfg_error(ps, ps->lineno,
						 "two 'out' legs on interface %u in '%s'",
						 ps->cfg->interfaces[hop.slot].if_num, kw);
		d->out[d->n_out++] = hop;
	}
	if (!d->has_in && d->n_out == 0)
		return cfg_error(ps, ps->lineno, "'%s' needs an 'in' or an 'out'", kw);
	if (d->has_in)
		return claim_in_label(ps, &d->in);
	return 0;
}

/*
 * path forward|reverse [via ID in IF out IF]... to ID in IF: one leg of the
 * direction's intended path, from the first node after this one (the source
 * MEP) to a sink; a P2MP direction has a line per leaf.
 */
static int
parse_path(struct parser *ps, struct lsr_lsp_cfg *lsp)
{
	struct lsr_path_leg leg;
	struct lsr_path_hop *hop;
	struct lsr_path *grown, *p;
	enum lsr_dir dir;
	unsigned int i, need, a, b;
	bool via, sink = false;
	int rc;

	if (ps->ntok < 2)
		return usage(ps, USAGE_PATH);
	if (strcmp(ps->tok[1], "forward") == 0)
		dir = LSR_DIR_FORWARD;
	else if (strcmp(ps->tok[1], "reverse") == 0)
		dir = LSR_DIR_REVERSE;
	else
		return usage(ps, USAGE_PATH);
	memset(&leg, 0, sizeof(leg));
	for (i = 2; i < ps->ntok && !sink; i += need) {
		via = strcmp(ps->tok[i], "via") == 0;
		need = via ? 6 : 4;
		if ((!via && strcmp(ps->tok[i], "to") != 0) || i + need > ps->ntok ||
		    strcmp(ps->tok[i + 2], "in") != 0 || (via && strcmp(ps->tok[i + 4], "out") != 0))
			return usage(ps, USAGE_PATH);
		if (leg.n_hops == LSR_PATH_MAX_HOPS)
			return cfg_error(ps, ps->lineno, "more than %d nodes in one path leg",
					 LSR_PATH_MAX_HOPS);
		hop = &leg.hop[leg.n_hops++];
		rc = parse_ident(ps, ps->tok[i], ps->tok[i + 1], &hop->node);
		if (rc == 0)
			rc = parse_if_num(ps, ps->tok[i + 3], &hop->in_if);
		if (rc == 0 && via)
			rc = parse_if_num(ps, ps->tok[i + 5], &hop->out_if);
		if (rc < 0)
			return rc;
		sink = !via;
	}
	if (!sink)
		return cfg_error(ps, ps->lineno, "path %s: no sink ('to ID in IF' ends a leg)",
				 ps->tok[1]);
	if (i != ps->ntok)
		return cfg_error(ps, ps->lineno, "path %s: nothing may follow the sink",
				 ps->tok[1]);
	/* An intended path does not loop: a node appears once in a leg. */
	for (a = 0; a < leg.n_hops; a++)
		for (b = a + 1; b < leg.n_hops; b++)
			if (leg.hop[a].node.global_id == leg.hop[b].node.global_id &&
			    leg.hop[a].node.node_id == leg.hop[b].node.node_id)
				return cfg_error(ps, ps->lineno,
						 "path %s: node %s appears twice in one leg",
						 ps->tok[1], ps->tok[2 + 6 * b + 1]);
	p = lsp->path[dir];
	if (p != NULL && p->n_legs == LSR_PATH_MAX_LEGS)
		return cfg_error(ps, ps->lineno, "path %s: more than %d legs", ps->tok[1],
				 LSR_PATH_MAX_LEGS);
	for (a = 0; p != NULL && a < p->n_legs; a++)
		if (p->leg[a].n_hops == leg.n_hops &&
		    memcmp(p->leg[a].hop, leg.hop, leg.n_hops * sizeof(leg.hop[0])) == 0)
			return cfg_error(ps, ps->lineno, "path %s: the same leg twice", ps->tok[1]);
	grown = realloc(p, sizeof(*p) + (size_t)(p != NULL ? p->n_legs + 1 : 1) * sizeof(leg));
	if (grown == NULL)
		return -ENOMEM;
	if (p == NULL)
		grown->n_legs = 0;
	grown->leg[grown->n_legs++] = leg;
	lsp->path[dir] = grown;
	if (ps->path_line[dir] == 0)
		ps->path_line[dir] = ps->lineno;
	return 0;
}

static int
parse_lsp_line(struct parser *ps)
{
	struct lsr_lsp_cfg *lsp = &ps->cfg->lsps[ps->cur];
	const char *kw = ps->tok[0];
	uint32_t if_num;
	int rc, slot;

	if (strcmp(kw, "source") == 0)
		return parse_endpoint(ps, lsp, true);
	if (strcmp(kw, "destination") == 0)
		return parse_endpoint(ps, lsp, false);
	if (strcmp(kw, "forward") == 0)
		return parse_direction(ps, lsp, LSR_DIR_FORWARD);
	if (strcmp(kw, "reverse") == 0)
		return parse_direction(ps, lsp, LSR_DIR_REVERSE);
	if (strcmp(kw, "path") == 0)
		return parse_path(ps, lsp);
	if (strcmp(kw, "lsp-num") == 0) {
		if (ps->cur_seen & SEEN_LSP_NUM)
			return cfg_error(ps, ps->lineno, "'lsp-num' given twice in lsp '%s'",
					 lsp->name);
		if (ps->ntok != 2)
			return usage(ps, "lsp-num N");
		ps->cur_seen |= SEEN_LSP_NUM;
		if (!parse_u16(ps->tok[1], &lsp->lsp_num))
			return cfg_error(ps, ps->lineno, "bad lsp-num '%.*s' (0-65535)",
					 CFG_ERR_TOKEN, ps->tok[1]);
		return 0;
	}
	if (strcmp(kw, "loopback") == 0) {
		if (ps->cur_seen & SEEN_LOOPBACK)
			return cfg_error(ps, ps->lineno, "'loopback' given twice in lsp '%s'",
					 lsp->name);
		if (ps->ntok != 3 || strcmp(ps->tok[1], "interface") != 0)
			return usage(ps, "loopback interface IF");
		ps->cur_seen |= SEEN_LOOPBACK;
		rc = parse_if_num(ps, ps->tok[2], &if_num);
		if (rc < 0)
			return rc;
		slot = lsr_config_slot_of(ps->cfg, if_num);
		if (slot < 0)
			return cfg_error(ps, ps->lineno, "interface %u is not defined", if_num);
		lsp->loopback_slot = (uint16_t)slot;
		ps->loop_line = ps->lineno;
		ps->loop_if = if_num;
		return 0;
	}
	return cfg_error(ps, ps->lineno, "unknown keyword '%.*s'", CFG_ERR_TOKEN, kw);
}

/* The checks that need the whole block, made when the block ends. */
static int
close_lsp(struct parser *ps)
{
	struct lsr_lsp_cfg *lsp;
	const struct lsr_direction_cfg *fwd, *rev;
	const char *missing = NULL;
	unsigned int i;

	if (!ps->in_block)
		return 0;
	ps->in_block = false;
	lsp = &ps->cfg->lsps[ps->cur];
	fwd = &lsp->dir[LSR_DIR_FORWARD];
	rev = &lsp->dir[LSR_DIR_REVERSE];
	if (!(ps->cur_seen & SEEN_SOURCE))
		missing = "'source'";
	else if (!(ps->cur_seen & SEEN_DESTINATION))
		missing = "'destination'";
	else if (!(ps->cur_seen & SEEN_LSP_NUM))
		missing = "'lsp-num'";
	else if (!fwd->present && !rev->present)
		missing = "'forward' or 'reverse'";
	if (missing != NULL)
		return cfg_error(ps, ps->cur_line, "lsp '%s' has no %s", lsp->name, missing);
	for (i = 0; i < LSR_DIR_MAX; i++) {
		const struct lsr_direction_cfg *d = &lsp->dir[i];

		/* Locate runs from the source MEP: that is where the path is written. */
		if (lsp->path[i] != NULL && (!d->present || d->has_in || d->n_out == 0))
			return cfg_error(ps, ps->path_line[i],
					 "path %s: this node is not the source of that direction "
					 "(a path is written where the direction has no 'in' and "
					 "an 'out')", i == LSR_DIR_FORWARD ? "forward" : "reverse");
	}
	if (lsp->loopback_slot == LSR_SLOT_NONE)
		return 0;

	/*
	 * RFC 6435 §3: loopback is defined for a co-routed bidirectional LSP; the
	 * looped traffic goes back on the reverse direction, so it needs an out.
	 */
	if (!fwd->present)
		return cfg_error(ps, ps->loop_line,
				 "loopback needs a 'forward' direction (RFC 6435)");
	if (!rev->present || rev->n_out == 0)
		return cfg_error(ps, ps->loop_line,
				 "loopback needs a 'reverse' direction with an 'out' "
				 "(RFC 6435: co-routed bidirectional LSP)");
	if (fwd->has_in && fwd->in.slot == lsp->loopback_slot)
		return 0;	/* at the in-MIP */
	for (i = 0; i < fwd->n_out; i++)
		if (fwd->out[i].slot == lsp->loopback_slot)
			break;
	if (i == fwd->n_out)
		return cfg_error(ps, ps->loop_line,
				 "loopback interface %u is not on the forward path", ps->loop_if);
	if (fwd->n_out != 1)
		return cfg_error(ps, ps->loop_line,
				 "loopback at an out interface needs a point-to-point forward "
				 "direction (one 'out')");
	return 0;
}

/* ---- driver ------------------------------------------------------------ */

/* Pass 1: check every line; read the interfaces so that lsps can refer to them. */
static int
pass_interfaces(struct parser *ps)
{
	const char *line;
	size_t len;
	int rc;

	while (next_line(ps, &line, &len)) {
		if (len > CFG_LINE_MAX)
			return cfg_error(ps, ps->lineno, "line longer than %d bytes", CFG_LINE_MAX);
		if (!line_is_text(line, len))
			return cfg_error(ps, ps->lineno, "binary data");
		if (len < 9 || memcmp(line, "interface", 9) != 0)
			continue;
		rc = tokenize(ps, line, len);
		if (rc < 0)
			return rc;
		if (strcmp(ps->tok[0], "interface") != 0)
			continue;
		rc = parse_interface(ps);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Pass 2: everything else, in order. */
static int
pass_statements(struct parser *ps)
{
	const char *line, *kw;
	size_t len;
	int rc;

	while (next_line(ps, &line, &len)) {
		rc = tokenize(ps, line, len);
		if (rc < 0)
			return rc;
		if (ps->ntok == 0)
			continue;
		ps->n_statements++;
		if (ps->indented) {
			if (!ps->in_block)
				return cfg_error(ps, ps->lineno,
						 "indented line outside an lsp block");
			rc = parse_lsp_line(ps);
			if (rc < 0)
				return rc;
			continue;
		}
		rc = close_lsp(ps);
		if (rc < 0)
			return rc;
		kw = ps->tok[0];
		if (strcmp(kw, "node") == 0)
			rc = parse_node(ps);
		else if (strcmp(kw, "icc") == 0)
			rc = parse_icc(ps);
		else if (strcmp(kw, "mip-mode") == 0)
			rc = parse_mip_mode(ps);
		else if (strcmp(kw, "oam-policer") == 0)
			rc = parse_policer(ps);
		else if (strcmp(kw, "ip-address") == 0)
			rc = parse_ip_address(ps);
		else if (strcmp(kw, "interface") == 0)
			rc = 0;		/* read by pass 1 */
		else if (strcmp(kw, "lsp") == 0)
			rc = parse_lsp(ps);
		else
			rc = cfg_error(ps, ps->lineno, "unknown keyword '%.*s'", CFG_ERR_TOKEN, kw);
		if (rc < 0)
			return rc;
	}
	rc = close_lsp(ps);
	if (rc < 0)
		return rc;
	if (ps->n_statements == 0)
		return cfg_error(ps, 1, "empty configuration");
	if (ps->node_line == 0)
		return cfg_error(ps, 1, "no 'node' line");
	return 0;
}

static int
parse(struct parser *ps)
{
	struct lsr_config *cfg = ps->cfg;
	struct lsr_lsp_cfg *shrunk;
	int rc;

	cfg->mip_mode = LSR_MIP_PER_INTERFACE;
	cfg->policer_rate = DEFAULT_POLICER_RATE;
	cfg->policer_burst = DEFAULT_POLICER_BURST;

	rc = pass_interfaces(ps);
	if (rc < 0)
		return rc;
	ps->pos = 0;
	ps->lineno = 0;
	rc = pass_statements(ps);
	if (rc < 0)
		return rc;
	cfg->n_live = cfg->n_lsps;
	if (cfg->n_lsps == 0) {
		free(cfg->lsps);
		cfg->lsps = NULL;
	} else if (cfg->n_lsps < ps->lsps_cap) {
		shrunk = realloc(cfg->lsps, cfg->n_lsps * sizeof(*shrunk));
		if (shrunk != NULL)
			cfg->lsps = shrunk;
	}
	return 0;
}

int
lsr_config_parse_buffer(const char *text, size_t len, const char *name,
			struct lsr_config **out, char *err, size_t errlen)
{
	struct parser *ps;
	unsigned int i;
	int rc;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (out != NULL)
		*out = NULL;
	if (out == NULL || (text == NULL && len > 0)) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: invalid argument",
				 name != NULL ? name : "config");
		return -EINVAL;
	}
	if (name == NULL)
		name = "config";

	ps = calloc(1, sizeof(*ps));
	if (ps == NULL)
		goto nomem;
	ps->cfg = calloc(1, sizeof(*ps->cfg));
	if (ps->cfg == NULL) {
		free(ps);
		goto nomem;
	}
	ps->text = text;
	ps->len = len;
	ps->name = name;
	ps->err = err;
	ps->errlen = errlen;

	rc = parse(ps);
	if (rc == -ENOMEM)
		cfg_nomem(ps);
	if (rc < 0) {
		lsr_config_free(ps->cfg);
	} else {
		if (err != NULL && errlen > 0)
			err[0] = '\0';
		*out = ps->cfg;
	}
	for (i = 0; i < LSR_MAX_INTERFACES; i++)
		free(ps->in_labels[i]);
	free(ps->names);
	free(ps);
	return rc;
nomem:
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", name, strerror(ENOMEM));
	return -ENOMEM;
}

static int
file_error(const char *path, int errnum, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errnum));
	return -errnum;
}

int
lsr_config_parse_file(const char *path, struct lsr_config **out, char *err, size_t errlen)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *grown;
	struct stat st;
	ssize_t n;
	int fd, rc;

	if (out != NULL)
		*out = NULL;
	if (path == NULL || out == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "config: invalid argument");
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return file_error(path, errno, err, errlen);
	if (fstat(fd, &st) < 0) {
		rc = errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = EISDIR;
		goto fail;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size >= CFG_FILE_MAX) {
		rc = EFBIG;
		goto fail;
	}
	/* +1: a regular file's end is seen without growing the buffer. */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	buf = malloc(cap);
	if (buf == NULL) {
		rc = ENOMEM;
		goto fail;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= CFG_FILE_MAX) {
				rc = EFBIG;
				goto fail;
			}
			cap *= 2;
			grown = realloc(buf, cap);
			if (grown == NULL) {
				rc = ENOMEM;
				goto fail;
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	rc = lsr_config_parse_buffer(buf, len, path, out, err, errlen);
	free(buf);
	return rc;
fail:
	close(fd);
	free(buf);
	return file_error(path, rc, err, errlen);
}

void
lsr_config_free(struct lsr_config *cfg)
{
	if (cfg == NULL)
		return;
	lsr_config_live_free(cfg->live);
	for (uint32_t i = 0; cfg->lsps != NULL && i < cfg->n_lsps; i++)
		lsr_lsp_paths_free(&cfg->lsps[i]);
	free(cfg->lsps);
	free(cfg);
}

void
lsr_lsp_paths_free(struct lsr_lsp_cfg *l)
{
	for (int d = 0; d < LSR_DIR_MAX; d++) {
		free(l->path[d]);
		l->path[d] = NULL;
	}
}

int
lsr_config_slot_of(const struct lsr_config *cfg, uint32_t if_num)
{
	unsigned int i;

	if (cfg == NULL)
		return -1;
	for (i = 0; i < cfg->n_interfaces && i < LSR_MAX_INTERFACES; i++)
		if (cfg->interfaces[i].if_num == if_num)
			return (int)i;
	return -1;
}

const struct lsr_lsp_cfg *
lsr_config_find_lsp(const struct lsr_config *cfg, const char *name)
{
	uint32_t i;

	/* Linear until the running node indexes its names (lsr_config_live_init()). */
	if (cfg == NULL || name == NULL)
		return NULL;
	if (cfg->live != NULL)
		return lsr_config_live_find(cfg, name);
	if (name[0] == '\0')
		return NULL;	/* the name of a tombstone */
	for (i = 0; i < cfg->n_lsps; i++)
		if (strcmp(cfg->lsps[i].name, name) == 0)
			return &cfg->lsps[i];
	return NULL;
}
