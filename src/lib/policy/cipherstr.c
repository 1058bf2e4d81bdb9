/*
 * cipherstr.c - the OpenSSL cipher-string rule engine
 *
 * Purpose: expand a cipher string ("ALL:!aNULL:+RC4:@STRENGTH") over the
 * suites a dialect knows, exactly as ssl_create_cipher_list() and
 * ssl_cipher_process_rulestr() do: a linked list in the library's initial
 * preference order, rules that add (no prefix), delete ('-', may come
 * back), kill ('!', for good) or move to the end ('+'), '+' joining
 * selectors inside a word (AND of the masks), @STRENGTH and @SECLEVEL=n.
 * Then the `openssl ciphers -s` view: security level, no PSK/SRP without
 * callbacks, the enabled version range.
 * Sources: OpenSSL 3.0 ssl/ssl_ciph.c (ssl_cipher_apply_rule,
 * ssl_cipher_strength_sort, ssl_cipher_process_rulestr,
 * ssl_create_cipher_list, set_ciphersuites), ssl/ssl_lib.c
 * (SSL_CTX_set_cipher_list: "no cipher match" when no pre-TLS 1.3 suite
 * is left), ssl/t1_lib.c ssl_security_default_callback; OpenSSL 1.0.2 and
 * LibreSSL 3.x ssl_ciph.c for their initial ordering.
 * Trust: the string is untrusted: read by index within its length,
 * bounded (MT_CIPHERSTR_*), never written.
 * Ownership: the caller's policy; nothing allocated.
 */
#include <stdio.h>
#include <string.h>

#include "policy_int.h"

enum cs_rule {
	CS_ADD = 1, CS_KILL, CS_DEL, CS_ORD, CS_SPECIAL, CS_BUMP
};

struct cs_node {
	int		 prev, next;	/* indices, -1 for none */
	bool		 active;
	bool		 dead;		/* killed: out of the list */
	int		 why_pos;	/* word that last removed it, 0: none */
	size_t		 why_off, why_len;
	bool		 why_default;	/* the word came from DEFAULT */
};

struct cs_ctx {
	const struct mt_ossl_dialect *d;
	struct cs_node	 n[MT_POLICY_SUITES_MAX];
	int		 head, tail;
	const char	*str;		/* the caller's string */
	const char	*src;		/* the string being processed */
	bool		 in_default;
	int		 pos;		/* words seen */
	int		 seclevel;
	int		 seclevel_pos;
	bool		 tls13_seen;
	struct mt_policy *p;
	struct mt_error	*err;
	uint8_t		 mark[65536 / 8];	/* codes listed or explained */
};

/* A selector: what one word (with its '+' parts) stands for. */
struct cs_sel {
	int		 cipher;	/* index, -1 for an alias */
	uint32_t	 mkey, auth, enc, mac;
	uint16_t	 min_tls;
	uint8_t		 strength;
};

static bool
cs_sep(char c)
{
	return c == ':' || c == ' ' || c == ';' || c == ',';
}

static bool
cs_wordch(const struct cs_ctx *x, char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
	    (c == '=' && x->d->eq_in_words);
}

static void
cs_unlink(struct cs_ctx *x, int i)
{
	struct cs_node	*c = &x->n[i];

	if (x->head == i)
		x->head = c->next;
	if (x->tail == i)
		x->tail = c->prev;
	if (c->prev >= 0)
		x->n[c->prev].next = c->next;
	if (c->next >= 0)
		x->n[c->next].prev = c->prev;
	c->prev = c->next = -1;
}

static void
cs_append_tail(struct cs_ctx *x, int i)
{
	if (x->tail == i)
		return;
	cs_unlink(x, i);
	x->n[i].prev = x->tail;
	if (x->tail >= 0)
		x->n[x->tail].next = i;
	x->tail = i;
	if (x->head < 0)
		x->head = i;
}

static void
cs_append_head(struct cs_ctx *x, int i)
{
	if (x->head == i)
		return;
	cs_unlink(x, i);
	x->n[i].next = x->head;
	if (x->head >= 0)
		x->n[x->head].prev = i;
	x->head = i;
	if (x->tail < 0)
		x->tail = i;
}

static bool
cs_matches(const struct cs_ctx *x, int i, const struct cs_sel *s,
    int strength_bits)
{
	const struct mt_ossl_cipher *c = &x->d->ciphers[i];

	if (strength_bits >= 0)
		return c->strength_bits == strength_bits;
	if (s->cipher >= 0 && s->cipher != i)
		return false;
	if (s->mkey && !(s->mkey & c->mkey))
		return false;
	if (s->auth && !(s->auth & c->auth))
		return false;
	if (s->enc && !(s->enc & c->enc))
		return false;
	if (s->mac && !(s->mac & c->mac))
		return false;
	if (s->min_tls && s->min_tls != c->min_tls)
		return false;
	if ((s->strength & MT_S_STRONG_MASK) &&
	    !(s->strength & MT_S_STRONG_MASK & c->strength))
		return false;
	if ((s->strength & MT_S_DEFAULT_MASK) &&
	    !(s->strength & MT_S_DEFAULT_MASK & c->strength))
		return false;
	return true;
}

/* ssl_cipher_apply_rule(); off/len/pos name the word for why[]. */
static void
cs_apply(struct cs_ctx *x, const struct cs_sel *s, int rule,
    int strength_bits, size_t off, size_t len)
{
	int	 curr, next, last;
	bool	 reverse = rule == CS_DEL || rule == CS_BUMP;

	next = reverse ? x->tail : x->head;
	last = reverse ? x->head : x->tail;
	curr = -2;
	for (;;) {
		struct cs_node	*c;

		if (curr == last || next < 0)
			break;
		curr = next;
		c = &x->n[curr];
		next = reverse ? c->prev : c->next;
		if (!cs_matches(x, curr, s, strength_bits))
			continue;
		switch (rule) {
		case CS_ADD:
			if (!c->active) {
				cs_append_tail(x, curr);
				c->active = true;
			}
			break;
		case CS_ORD:
			if (c->active)
				cs_append_tail(x, curr);
			break;
		case CS_DEL:
			if (c->active) {
				cs_append_head(x, curr);
				c->active = false;
				c->why_pos = x->pos;
			}
			break;
		case CS_BUMP:
			if (c->active)
				cs_append_head(x, curr);
			break;
		case CS_KILL:
			cs_unlink(x, curr);
			c->active = false;
			c->dead = true;
			c->why_pos = x->pos;
			break;
		}
		if ((rule == CS_DEL || rule == CS_KILL) && x->pos > 0) {
			c->why_off = off;
			c->why_len = len;
			c->why_default = x->in_default;
		}
	}
}

static void
cs_rule(struct cs_ctx *x, uint32_t mkey, uint32_t auth, uint32_t enc,
    uint32_t mac, uint16_t min_tls, int rule)
{
	struct cs_sel	 s = { -1, mkey, auth, enc, mac, min_tls, 0 };

	cs_apply(x, &s, rule, -1, 0, 0);
}

static void
cs_strength_sort(struct cs_ctx *x)
{
	struct cs_sel	 none = { -1, 0, 0, 0, 0, 0, 0 };
	int		 i, maxbits = 0;
	bool		 used[513];

	memset(used, 0, sizeof(used));
	for (i = x->head; i >= 0; i = x->n[i].next) {
		int	 b = x->d->ciphers[i].strength_bits;

		if (x->n[i].active && b <= 512) {
			used[b] = true;
			if (b > maxbits)
				maxbits = b;
		}
	}
	for (i = maxbits; i >= 0; i--)
		if (used[i])
			cs_apply(x, &none, CS_ORD, i, 0, 0);
}

/* The library's initial preference order (ssl_create_cipher_list). */
static void
cs_initial_order(struct cs_ctx *x)
{
	int	 lib = x->d->lib;

	if (lib == MT_LIB_OPENSSL_3_0 || lib == MT_LIB_OPENSSL_1_1_1) {
		cs_rule(x, MT_K_ECDHE, MT_A_ECDSA, 0, 0, 0, CS_ADD);
		cs_rule(x, MT_K_ECDHE, 0, 0, 0, 0, CS_ADD);
		cs_rule(x, MT_K_ECDHE, 0, 0, 0, 0, CS_DEL);
		cs_rule(x, 0, 0, MT_E_AESGCM, 0, 0, CS_ADD);
		cs_rule(x, 0, 0, MT_E_CHACHA, 0, 0, CS_ADD);
		cs_rule(x, 0, 0, MT_E_AES & ~MT_E_AESGCM, 0, 0, CS_ADD);
	} else {
		cs_rule(x, MT_K_ECDHE, 0, 0, 0, 0, CS_ADD);
		cs_rule(x, MT_K_ECDHE, 0, 0, 0, 0, CS_DEL);
		if (lib == MT_LIB_LIBRESSL_3) {
			cs_rule(x, 0, 0, MT_E_AESGCM, 0, 0, CS_ADD);
			cs_rule(x, 0, 0, MT_E_CHACHA, 0, 0, CS_ADD);
		}
		cs_rule(x, 0, 0, MT_E_AES, 0, 0, CS_ADD);
	}
	cs_rule(x, 0, 0, 0, 0, 0, CS_ADD);
	cs_rule(x, 0, 0, 0, MT_M_MD5, 0, CS_ORD);
	cs_rule(x, 0, MT_A_NULL, 0, 0, 0, CS_ORD);
	if (lib == MT_LIB_OPENSSL_1_0_2 || lib == MT_LIB_LIBRESSL_3)
		cs_rule(x, 0, MT_A_ECDH, 0, 0, 0, CS_ORD);
	cs_rule(x, MT_K_RSA, 0, 0, 0, 0, CS_ORD);
	cs_rule(x, MT_K_PSK, 0, 0, 0, 0, CS_ORD);
	if (lib == MT_LIB_OPENSSL_1_0_2)
		cs_rule(x, MT_K_KRB5, 0, 0, 0, 0, CS_ORD);
	cs_rule(x, 0, 0, MT_E_RC4, 0, 0, CS_ORD);
	cs_strength_sort(x);
	if (lib == MT_LIB_OPENSSL_3_0 || lib == MT_LIB_OPENSSL_1_1_1) {
		cs_rule(x, 0, 0, 0, 0, MT_TLS12, CS_BUMP);
		cs_rule(x, 0, 0, 0, MT_M_AEAD, 0, CS_BUMP);
		cs_rule(x, MT_K_DHE | MT_K_ECDHE, 0, 0, 0, 0, CS_BUMP);
		cs_rule(x, MT_K_DHE | MT_K_ECDHE, 0, 0, MT_M_AEAD, 0, CS_BUMP);
	}
	cs_rule(x, 0, 0, 0, 0, 0, CS_DEL);
}

static void
cs_init(struct cs_ctx *x, const struct mt_ossl_dialect *d)
{
	int	 i, n = (int)d->nciphers;

	memset(x->n, 0, sizeof(x->n[0]) * (size_t)n);
	x->d = d;
	for (i = 0; i < n; i++) {
		x->n[i].prev = i - 1;
		x->n[i].next = i + 1 < n ? i + 1 : -1;
	}
	x->head = n > 0 ? 0 : -1;
	x->tail = n - 1;
	x->pos = 0;
	cs_initial_order(x);
}

/* Look a name up as ca_list does: the suites first, then the aliases. */
static bool
cs_lookup(struct cs_ctx *x, const char *w, size_t len, struct cs_sel *out)
{
	const struct mt_ossl_alias *a;
	size_t	 i;

	for (i = 0; i < x->d->nciphers; i++) {
		const struct mt_ossl_cipher *c = &x->d->ciphers[i];

		if (c->name == NULL || strncmp(c->name, w, len) != 0 ||
		    c->name[len] != '\0')
			continue;
		*out = (struct cs_sel){ (int)i, c->mkey, c->auth, c->enc,
		    c->mac, 0, c->strength };
		if (c->min_tls == MT_TLS13)
			x->tls13_seen = true;
		return true;
	}
	if ((a = mt_ossl_alias_find(x->d->lib, w, len)) == NULL)
		return false;
	*out = (struct cs_sel){ -1, a->mkey, a->auth, a->enc, a->mac,
	    a->min_tls, a->strength };
	if (a->min_tls == MT_TLS13)
		x->tls13_seen = true;
	return true;
}

/* AND one part into the word's selector; false when it comes out empty
 * (the word then selects nothing). */
static bool
cs_and(uint32_t *acc, uint32_t v)
{
	if (v == 0)
		return true;
	if (*acc == 0) {
		*acc = v;
		return true;
	}
	*acc &= v;
	return *acc != 0;
}

static bool
cs_merge(struct cs_sel *acc, const struct cs_sel *p)
{
	uint32_t	 st = acc->strength & MT_S_STRONG_MASK;
	uint32_t	 df = acc->strength & MT_S_DEFAULT_MASK;
	uint32_t	 ps = p->strength & MT_S_STRONG_MASK;
	uint32_t	 pd = p->strength & MT_S_DEFAULT_MASK;

	if (!cs_and(&acc->mkey, p->mkey) || !cs_and(&acc->auth, p->auth) ||
	    !cs_and(&acc->enc, p->enc) || !cs_and(&acc->mac, p->mac))
		return false;
	/* As OpenSSL: a first strength class replaces the whole field,
	 * dropping a NOT_DEFAULT bit set before ("COMPLEMENTOFDEFAULT+HIGH"
	 * is HIGH). */
	if (ps) {
		if (st) {
			if ((st &= ps) == 0)
				return false;
		} else {
			st = ps;
			df = 0;
		}
	}
	if (pd) {
		if (df) {
			if ((df &= pd) == 0)
				return false;
		} else
			df = pd;
	}
	acc->strength = (uint8_t)(st | df);
	if (p->cipher >= 0)
		acc->cipher = p->cipher;
	else if (p->min_tls) {
		if (acc->min_tls && acc->min_tls != p->min_tls)
			return false;
		acc->min_tls = p->min_tls;
	}
	return true;
}

static int
cs_fail(struct cs_ctx *x, const char *what, size_t off, size_t len)
{
	char	 word[MT_CIPHERSTR_WORD_MAX + 1];
	size_t	 i, n = len < MT_CIPHERSTR_WORD_MAX ? len : MT_CIPHERSTR_WORD_MAX;

	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)x->src[off + i];

		word[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	word[n] = '\0';
	mt_error_setx(x->err, MT_ERR_INPUT, "%s: word %d \"%s\"%s: %s",
	    mt_tls_lib_name(x->d->lib), x->pos, word,
	    x->in_default ? " (in DEFAULT)" : "", what);
	return -1;
}

static int
cs_special(struct cs_ctx *x, size_t w, size_t wl, size_t start)
{
	const char	*s = x->src + w;

	if (wl == 8 && strncmp(s, "STRENGTH", 8) == 0) {
		cs_strength_sort(x);
		return 0;
	}
	if (x->d->has_seclevel && wl == 10 &&
	    strncmp(s, "SECLEVEL=", 9) == 0) {
		int	 level = s[9] - '0';

		if (level < 0 || level > 5)
			return cs_fail(x, "invalid command (security level "
			    "must be 0..5)", start, w + wl - start);
		x->seclevel = level;
		x->seclevel_pos = x->in_default ? 0 : x->pos;
		return 0;
	}
	return cs_fail(x, "invalid command", start, w + wl - start);
}

/* One word at *ip (its prefix included); 0, or -1 with err set. */
static int
cs_word(struct cs_ctx *x, size_t *ip, size_t len, int rule)
{
	const char	*s = x->src;
	struct cs_sel	 acc = { -1, 0, 0, 0, 0, 0, 0 }, part;
	size_t		 i = *ip, start = *ip, w = 0, wl = 0;
	bool		 found = false, multi;

	if (rule != CS_ADD)
		i++;
	for (;;) {
		w = i;
		while (i < len && cs_wordch(x, s[i]))
			i++;
		wl = i - w;
		if (wl == 0)
			return cs_fail(x, i < len ? "invalid command (a "
			    "character OpenSSL does not accept)" :
			    "invalid command (nothing after an operator)",
			    start, (i < len ? i + 1 : i) - start);
		if (wl > MT_CIPHERSTR_WORD_MAX)
			return cs_fail(x, "word too long (mailtls caps words "
			    "at 128 bytes)", start, MT_CIPHERSTR_WORD_MAX);
		if (rule == CS_SPECIAL)
			break;
		multi = i < len && s[i] == '+';
		if (multi)
			i++;
		if (!(found = cs_lookup(x, s + w, wl, &part))) {
			if (!x->in_default)
				mt_policy_note(x->p, "word %d \"%.*s\" is "
				    "unknown to %s and ignored", x->pos,
				    (int)wl, s + w, mt_tls_lib_name(x->d->lib));
			break;
		}
		if (!(found = cs_merge(&acc, &part)))
			break;
		if (!multi)
			break;
	}
	if (rule == CS_SPECIAL) {
		if (cs_special(x, w, wl, start) == -1)
			return -1;
		while (i < len && !cs_sep(s[i]))
			i++;
	} else if (found) {
		cs_apply(x, &acc, rule, -1, start, i - start);
	} else {
		while (i < len && !cs_sep(s[i]))
			i++;
	}
	*ip = i;
	return 0;
}

/* ssl_cipher_process_rulestr() over src[i..len). */
static int
cs_process(struct cs_ctx *x, const char *src, size_t i, size_t len)
{
	int	 rule;

	x->src = src;
	while (i < len) {
		char	 ch = src[i];

		if (cs_sep(ch)) {
			i++;
			continue;
		}
		if (!x->in_default && ++x->pos > MT_CIPHERSTR_WORDS_MAX)
			return cs_fail(x, "too many words (mailtls caps a "
			    "string at 2048)", i, 1);
		rule = ch == '-' ? CS_DEL : ch == '+' ? CS_ORD :
		    ch == '!' ? CS_KILL : ch == '@' ? CS_SPECIAL : CS_ADD;
		if (cs_word(x, &i, len, rule) == -1)
			return -1;
	}
	return 0;
}

/* Rule text for why[]: the word as written, "DEFAULT" for its parts. */
static void
cs_why_text(const struct cs_ctx *x, const struct cs_node *c, char *buf,
    size_t cap)
{
	if (c->why_default)
		(void)snprintf(buf, cap, "DEFAULT (%.*s)", (int)c->why_len,
		    x->d->default_list + c->why_off);
	else
		(void)snprintf(buf, cap, "%.*s", (int)c->why_len,
		    x->str + c->why_off);
}

/* SUITEB* prefixes replace the string (check_suiteb_cipher_list). */
static const char *
cs_suiteb(const char *s)
{
	if (strncmp(s, "SUITEB128ONLY", 13) == 0)
		return "ECDHE-ECDSA-AES128-GCM-SHA256";
	if (strncmp(s, "SUITEB128C2", 11) == 0)
		return "ECDHE-ECDSA-AES256-GCM-SHA384";
	if (strncmp(s, "SUITEB128", 9) == 0)
		return "ECDHE-ECDSA-AES128-GCM-SHA256:"
		    "ECDHE-ECDSA-AES256-GCM-SHA384";
	if (strncmp(s, "SUITEB192", 9) == 0)
		return "ECDHE-ECDSA-AES256-GCM-SHA384";
	return NULL;
}


static bool
cs_marked(const struct cs_ctx *x, uint16_t code)
{
	return (x->mark[code >> 3] >> (code & 7)) & 1;
}

static void
cs_mark(struct cs_ctx *x, uint16_t code)
{
	x->mark[code >> 3] |= (uint8_t)(1u << (code & 7));
}

/* Bounded copy that always terminates (snprintf costs too much here). */
static void
cs_copy(char *dst, size_t cap, const char *src)
{
	size_t	 n = strnlen(src, cap - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A why[] row for a code not listed or explained yet. */
static void
cs_why(struct cs_ctx *x, uint16_t code, const char *rule, int pos,
    const char *where)
{
	struct mt_policy_why	*w;

	if (cs_marked(x, code) || x->p->nwhy >= MT_POLICY_SUITES_MAX)
		return;
	cs_mark(x, code);
	w = &x->p->why[x->p->nwhy++];
	w->code = code;
	cs_copy(w->rule, sizeof(w->rule), rule);
	w->pos = pos;
	cs_copy(w->where, sizeof(w->where), where);
}

static void
cs_list(struct cs_ctx *x, bool tls13, uint16_t code)
{
	struct mt_policy	*p = x->p;

	if (cs_marked(x, code))
		return;
	if (tls13 && p->ntls13 < MT_POLICY_TLS13_MAX)
		p->tls13[p->ntls13++] = code;
	else if (!tls13 && p->nsuites < MT_POLICY_SUITES_MAX)
		p->suites[p->nsuites++] = code;
	else
		return;
	cs_mark(x, code);
}

/* Why security level `level` forbids c (ssl_security_default_callback,
 * SSL_SECOP_CIPHER_SUPPORTED), or NULL. */
static const char *
cs_seclevel_forbids(const struct mt_ossl_cipher *c, int level)
{
	static const int minbits[] = { 80, 112, 128, 192, 256 };
	static const char *const small[] = { "< 80 bits", "< 112 bits",
	    "< 128 bits", "< 192 bits", "< 256 bits" };
	int	 l = level > 5 ? 5 : level;

	if (l <= 0)
		return NULL;
	if (c->strength_bits < minbits[l - 1])
		return small[l - 1];
	if (c->auth & MT_A_NULL)
		return "anonymous";
	if (minbits[l - 1] > 160 && (c->mac & MT_M_SHA1))
		return "SHA1 MAC";
	if (l >= 2 && c->enc == MT_E_RC4)
		return "RC4";
	if (l >= 3 && c->min_tls != MT_TLS13 &&
	    !(c->mkey & (MT_K_DHE | MT_K_ECDHE)))
		return "no forward secrecy";
	return NULL;
}

/* cs_seclevel_forbids_tls13 - the same for a TLS 1.3 suite. */
static const char *
cs_seclevel_forbids_tls13(const struct mt_suite *s, int level)
{
	struct mt_ossl_cipher c;

	memset(&c, 0, sizeof(c));
	c.strength_bits = s->enc_bits;
	c.min_tls = MT_TLS13;
	c.mkey = MT_K_DHE | MT_K_ECDHE;	/* always forward secret */
	return cs_seclevel_forbids(&c, level);
}

/* Versions a context enables at a security level (OpenSSL 3.0: SHA1 and
 * MD5-SHA1 signatures fail at level 1+, so TLS 1.0/1.1 need level 0). */
static uint8_t
cs_versions(const struct mt_ossl_dialect *d, int level)
{
	uint8_t	 v = d->versions;

	if (!d->has_seclevel)
		return v;
	if (level >= 1 && d->lib == MT_LIB_OPENSSL_3_0)
		v &= ~(MT_VBIT_SSL3 | MT_VBIT_TLS10 | MT_VBIT_TLS11);
	if (level >= 2)
		v &= ~MT_VBIT_SSL3;
	if (level >= 3)
		v &= ~MT_VBIT_TLS10;
	if (level >= 4)
		v &= ~MT_VBIT_TLS11;
	return v;
}

/* set_ciphersuites(): ':'-separated standard names, blanks trimmed,
 * unknown names skipped; an empty string is allowed, a non-empty one
 * naming nothing is "no cipher match". */
static int
cs_ciphersuites(struct cs_ctx *x, const char *cs)
{
	struct mt_policy		*p = x->p;
	const struct mt_ossl_dialect	*d = x->d;
	struct mt_error			*err = x->err;
	const char	*why;
	char		 rule[64];
	size_t	 len, i = 0, n = 0, k, named = 0;

	if ((len = strnlen(cs, MT_CIPHERSTR_MAX + 1)) > MT_CIPHERSTR_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "TLS 1.3 ciphersuites longer "
		    "than %d bytes (mailtls's cap)", MT_CIPHERSTR_MAX);
		return -1;
	}
	while (i <= len) {
		size_t	 b = i, e;
		const struct mt_suite *s = NULL;

		while (i < len && cs[i] != ':')
			i++;
		e = i++;
		n++;
		while (b < e && (cs[b] == ' ' || cs[b] == '\t'))
			b++;
		while (e > b && (cs[e - 1] == ' ' || cs[e - 1] == '\t'))
			e--;
		for (k = 0; k < d->ntls13 && e > b && e - b < 80; k++) {
			const struct mt_suite *t = mt_suite_by_code(d->tls13[k]);

			if (t != NULL && strncmp(t->iana, cs + b, e - b) == 0 &&
			    t->iana[e - b] == '\0')
				s = t;
		}
		if (s == NULL) {
			if (e > b)
				mt_policy_note(p, "TLS 1.3 ciphersuite %zu "
				    "\"%.*s\" is unknown to %s and ignored", n,
				    (int)(e - b < 64 ? e - b : 64), cs + b,
				    mt_tls_lib_name(d->lib));
			continue;
		}
		named++;
		/* The security level applies to TLS 1.3 suites too: only
		 * their key size can fall short (AES-128 below level 4). */
		if (d->has_seclevel &&
		    (why = cs_seclevel_forbids_tls13(s, x->seclevel)) != NULL) {
			(void)snprintf(rule, sizeof(rule), "%ssecurity level "
			    "%d forbids %s", x->seclevel_pos > 0 ? "@" : "",
			    x->seclevel, why);
			cs_why(x, s->code, rule, x->seclevel_pos, "TLS 1.3 "
			    "ciphersuites");
			continue;
		}
		cs_list(x, true, s->code);
	}
	if (len > 0 && named == 0) {
		mt_error_setx(err, MT_ERR_INPUT, "%s: TLS 1.3 ciphersuites "
		    "\"%.*s\" name no suite it knows (no cipher match)",
		    mt_tls_lib_name(d->lib), (int)(len < 64 ? len : 64), cs);
		return -1;
	}
	return 0;
}

/* Whether some enabled version lies in [min_tls, max_tls]. */
static bool
cs_usable(const struct mt_ossl_cipher *c, uint8_t versions)
{
	static const uint16_t all[] = { MT_SSL3, MT_TLS10, MT_TLS11,
	    MT_TLS12, MT_TLS13 };
	size_t	 i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if ((versions & mt_version_bit(all[i])) &&
		    all[i] >= c->min_tls && all[i] <= c->max_tls)
			return true;
	return false;
}

/* The `openssl ciphers -s` view of the list, with why[] for the rest. */
static void
cs_output(struct cs_ctx *x, const char *where)
{
	struct mt_policy	*p = x->p;
	char			 rule[64];
	int			 i;

	for (i = x->head; i >= 0; i = x->n[i].next) {
		const struct mt_ossl_cipher *c = &x->d->ciphers[i];
		const char	*why;

		if (!x->n[i].active)
			continue;
		if (c->min_tls == MT_TLS13) {
			if (!x->tls13_seen)
				continue;
			cs_list(x, true, c->code);
			continue;
		}
		if ((c->mkey & MT_K_PSK_ALL) || (c->auth & MT_A_PSK))
			cs_why(x, c->code, "PSK suites need a PSK "
			    "callback", 0, where);
		else if (c->mkey & MT_K_SRP)
			cs_why(x, c->code, "SRP suites need an SRP "
			    "callback", 0, where);
		else if (!cs_usable(c, p->versions))
			cs_why(x, c->code, "no enabled version can "
			    "use it", 0, where);
		else if (x->d->has_seclevel &&
		    (why = cs_seclevel_forbids(c, x->seclevel)) != NULL) {
			if (x->seclevel_pos > 0)
				(void)snprintf(rule, sizeof(rule),
				    "@SECLEVEL=%d forbids %s", x->seclevel, why);
			else
				(void)snprintf(rule, sizeof(rule), "security "
				    "level %d forbids %s", x->seclevel, why);
			cs_why(x, c->code, rule, x->seclevel_pos,
			    where);
		} else
			cs_list(x, false, c->code);
	}
	for (i = 0; i < (int)x->d->nciphers; i++) {
		const struct cs_node *c = &x->n[i];
		uint16_t	 code = x->d->ciphers[i].code;

		if (c->active || cs_marked(x, code))
			continue;
		if (x->d->ciphers[i].min_tls == MT_TLS13 && !x->tls13_seen)
			continue;
		if (c->why_len > 0) {
			cs_why_text(x, c, rule, sizeof(rule));
			cs_why(x, code, rule, c->why_pos, where);
		}
	}
}

static void
cs_why_unknown(struct cs_ctx *x, const char *where)
{
	const struct mt_ossl_dialect *d = x->d;
	char	 rule[64];
	size_t	 i, n = mt_suite_count();

	for (i = 0; i < d->ntls13; i++)
		cs_why(x, d->tls13[i], "not in TLS 1.3 ciphersuites", 0,
		    where);
	(void)snprintf(rule, sizeof(rule), "unknown to %s",
	    mt_tls_lib_name(d->lib));
	for (i = 0; i < n; i++) {
		const struct mt_suite *s = mt_suite_at(i);

		if ((s->flags & MT_SUITE_SCSV) || cs_marked(x, s->code))
			continue;
		if (s->versions != 0 && mt_ossl_knows(d->lib, s->code))
			cs_why(x, s->code, "not selected", 0, where);
		else
			cs_why(x, s->code, rule, 0, where);
	}
}

static int
cs_expand(struct cs_ctx *x, const char *str, size_t len)
{
	const char	*sb;
	size_t		 i, n = 0;
	int		 j;

	if ((sb = cs_suiteb(str)) != NULL) {
		mt_policy_note(x->p, "SUITEB mode: the string is replaced by "
		    "\"%s\"", sb);
		str = sb;
		len = strlen(sb);
		x->str = sb;
	}
	if (len >= 7 && strncmp(str, "DEFAULT", 7) == 0) {
		x->in_default = true;
		x->pos = 1;
		if (cs_process(x, x->d->default_list, 0,
		    strlen(x->d->default_list)) == -1)
			return -1;
		x->in_default = false;
		i = 7;
		if (i < len && str[i] == ':')
			i++;
		x->pos = 1;
		if (cs_process(x, str, i, len) == -1)
			return -1;
	} else if (cs_process(x, str, 0, len) == -1)
		return -1;
	for (j = x->head; j >= 0; j = x->n[j].next)
		if (x->n[j].active && x->d->ciphers[j].min_tls != MT_TLS13)
			n++;
	if (n == 0 && !(x->d->tls13_in_list && x->tls13_seen)) {
		mt_error_setx(x->err, MT_ERR_INPUT, "%s: no cipher match: none "
		    "of the %d word%s selects a suite it has (SSL_CTX_set_"
		    "cipher_list fails)", mt_tls_lib_name(x->d->lib), x->pos,
		    x->pos == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

int
mt_policy_openssl(struct mt_policy *p, int lib, const char *ciphers,
    const char *ciphersuites, const char *where, struct mt_error *err)
{
	static __thread struct cs_ctx x;
	const struct mt_ossl_dialect *d;
	size_t		 len;

	if ((d = mt_ossl_dialect(lib)) == NULL) {
		mt_error_setx(err, MT_ERR_USAGE, "%s is no OpenSSL dialect",
		    mt_tls_lib_name(lib));
		return -1;
	}
	if (ciphers == NULL)
		ciphers = "DEFAULT";
	if (where == NULL)
		where = "cipher string";
	mt_policy_init(p, lib);
	(void)snprintf(p->label, sizeof(p->label), "%s:%.100s",
	    mt_tls_lib_name(lib), ciphers);
	if ((len = strnlen(ciphers, MT_CIPHERSTR_MAX + 1)) > MT_CIPHERSTR_MAX) {
		mt_error_setx(err, MT_ERR_INPUT, "%s: cipher string longer than "
		    "%d bytes (a mailtls cap; OpenSSL itself takes longer "
		    "strings)", mt_tls_lib_name(lib), MT_CIPHERSTR_MAX);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.err = err;
	x.str = ciphers;
	x.seclevel = d->seclevel;
	cs_init(&x, d);
	if (cs_expand(&x, ciphers, len) == -1)
		return -1;
	p->seclevel = d->has_seclevel ? x.seclevel : -1;
	p->versions = cs_versions(d, p->seclevel);
	if (d->tls13_in_list) {
		if (!x.tls13_seen &&
		    cs_ciphersuites(&x, d->default_tls13) == -1)
			return -1;
	} else if (d->ntls13 > 0 && cs_ciphersuites(&x, ciphersuites != NULL ?
	    ciphersuites : d->default_tls13) == -1)
		return -1;
	cs_output(&x, where);
	cs_why_unknown(&x, where);
	return 0;
}
