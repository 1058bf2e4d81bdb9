/*
 * probe_config.c - the probe's public configuration and results: making
 * and freeing a probe, its targets (host, host:port, MX), the settings,
 * and the result accessors.  The engine that runs it is probe.c.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "mailtls/probe.h"
#include "net/attempt.h"
#include "net/probe_int.h"
#include "net/target.h"

struct mt_probe *
mt_probe_new(void)
{
	struct mt_probe *p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->family = AF_UNSPEC;
	p->timeout_ms = 10000;
	p->max_parallel = 4;
	return p;
}

static void
ptarget_free(struct ptarget *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->backoff_ev != NULL)
		event_free(t->backoff_ev);
	if (t->delay_ev != NULL)
		event_free(t->delay_ev);
	for (i = 0; i < t->ncerts; i++)
		free(t->certs[i]);
	free(t);
}

void
mt_probe_free(struct mt_probe *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ntargets; i++)
		ptarget_free(p->targets[i]);
	if (p->ssl_ctx != NULL)
		mt_attempt_ssl_ctx_free(p->ssl_ctx);
	if (p->base != NULL && !p->base_borrowed)
		event_base_free(p->base);
	free(p->cafile);
	free(p->ehlo_name);
	free(p->sni);
	free(p);
}

const struct mt_error *
mt_probe_error(const struct mt_probe *p)
{
	return &p->error;
}

const char *
mt_probe_mode_name(int mode)
{
	switch (mode) {
	case MT_MODE_STARTTLS:
		return "starttls";
	case MT_MODE_IMPLICIT:
		return "implicit";
	case MT_MODE_LMTP:
		return "lmtp";
	default:
		return "auto";
	}
}

static struct ptarget *
probe_new_target(struct mt_probe *p, const char *given, const char *host,
    uint16_t port, bool literal, const char *mx_domain)
{
	struct ptarget *t;

	if (p->ntargets >= PROBE_TARGETS_MAX) {
		mt_error_setx(&p->error, MT_ERR_USAGE,
		    "too many targets (at most %d)", PROBE_TARGETS_MAX);
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		mt_error_set(&p->error, MT_ERR_INTERNAL, "calloc");
		return NULL;
	}
	t->p = p;
	(void)snprintf(t->res.target, sizeof(t->res.target), "%s", given);
	(void)snprintf(t->res.host, sizeof(t->res.host), "%s", host);
	if (mx_domain != NULL)
		(void)snprintf(t->res.mx_domain, sizeof(t->res.mx_domain),
		    "%s", mx_domain);
	t->res.port = port;
	if (!literal)
		(void)snprintf(t->sni, sizeof(t->sni), "%s", host);
	p->targets[p->ntargets++] = t;
	return t;
}

int
mt_probe_add_target(struct mt_probe *p, const char *s)
{
	struct mt_target_spec spec;

	if (mt_target_parse(s, &spec, &p->error) != 0)
		return -1;
	return probe_new_target(p, s, spec.host, spec.port != 0 ? spec.port :
	    25, spec.is_literal, NULL) != NULL ? 0 : -1;
}

int
mt_probe_add_mx(struct mt_probe *p, const char *domain)
{
	char hosts[MT_MX_MAX][256];
	int n, i;

	if ((n = mt_mx_lookup(domain, hosts, MT_MX_MAX, &p->error)) < 0)
		return -1;
	if (n == 0) {
		/* RFC 5321 5.1: no MX, the domain itself is the host. */
		return probe_new_target(p, domain, domain, 25, false,
		    domain) != NULL ? 0 : -1;
	}
	if (n == 1 && (hosts[0][0] == '\0' || strcmp(hosts[0], ".") == 0)) {
		mt_error_setx(&p->error, MT_ERR_INPUT,
		    "%s has a null MX (RFC 7505): it accepts no mail", domain);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (probe_new_target(p, hosts[i], hosts[i], 25, false,
		    domain) == NULL)
			return -1;
	return 0;
}

int
mt_probe_add_target_at(struct mt_probe *p, const char *name,
    const char *address, uint16_t port)
{
	struct mt_target_spec spec;
	struct ptarget *t;
	char given[300];

	if (mt_target_parse(name, &spec, &p->error) != 0)
		return -1;
	(void)snprintf(given, sizeof(given), "%s[%s]:%u", name, address, port);
	if ((t = probe_new_target(p, given, spec.host, port, spec.is_literal,
	    NULL)) == NULL)
		return -1;
	(void)snprintf(t->res.address, sizeof(t->res.address), "%s", address);
	t->numeric = true;
	return 0;
}

void
mt_probe_set_event_base(struct mt_probe *p, struct event_base *base)
{
	if (p->base != NULL && !p->base_borrowed)
		event_base_free(p->base);
	p->base = base;
	p->base_borrowed = base != NULL;
}

void
mt_probe_set_chain_only(struct mt_probe *p, bool on)
{
	p->chain_only = on;
}

size_t
mt_probe_result_chain(const struct mt_probe *p, size_t i,
    const uint8_t *const **der, const size_t **len)
{
	if (i >= p->ntargets)
		return 0;
	*der = (const uint8_t *const *)p->targets[i]->certs;
	*len = p->targets[i]->cert_len;
	return p->targets[i]->ncerts;
}

void
mt_probe_set_mode(struct mt_probe *p, int mode)
{
	p->mode = mode;
}

void
mt_probe_set_family(struct mt_probe *p, int family)
{
	p->family = family;
}

void
mt_probe_set_timeout(struct mt_probe *p, int ms)
{
	p->timeout_ms = ms > 0 ? ms : 10000;
}

void
mt_probe_set_max_parallel(struct mt_probe *p, int n)
{
	p->max_parallel = n > 0 ? n : 1;
}

void
mt_probe_set_delay(struct mt_probe *p, int ms)
{
	p->delay_ms = ms > 0 ? ms : 0;
}

static int
probe_set_str(struct mt_probe *p, char **dst, const char *s)
{
	char *c = NULL;

	if (s != NULL && (c = strdup(s)) == NULL) {
		mt_error_set(&p->error, MT_ERR_INTERNAL, "strdup");
		return -1;
	}
	free(*dst);
	*dst = c;
	return 0;
}

/*
 * mt_probe_set_cafile - use f as the trust store; it is loaded once here
 * so that a file without certificates is an error now, not a chain that
 * silently cannot be verified later.
 */
int
mt_probe_set_cafile(struct mt_probe *p, const char *f)
{
	X509_STORE *store;
	unsigned long e;
	char buf[160];
	int ok;

	if ((store = X509_STORE_new()) == NULL) {
		mt_error_setx(&p->error, MT_ERR_INTERNAL, "out of memory");
		return -1;
	}
	ok = X509_STORE_load_file(store, f) == 1;
	X509_STORE_free(store);
	if (!ok) {
		e = ERR_peek_last_error();
		ERR_error_string_n(e, buf, sizeof(buf));
		ERR_clear_error();
		mt_error_setx(&p->error, MT_ERR_INPUT,
		    "%s: no CA certificates could be loaded (%s)", f,
		    e != 0 ? ERR_reason_error_string(e) != NULL ?
		    ERR_reason_error_string(e) : buf : "empty file");
		return -1;
	}
	return probe_set_str(p, &p->cafile, f);
}

void
mt_probe_set_at(struct mt_probe *p, time_t at)
{
	p->at = at;
}

int
mt_probe_set_ehlo_name(struct mt_probe *p, const char *s)
{
	return probe_set_str(p, &p->ehlo_name, s);
}

int
mt_probe_set_sni(struct mt_probe *p, const char *s)
{
	return probe_set_str(p, &p->sni, s);
}

void
mt_probe_set_progress(struct mt_probe *p, mt_probe_progress_cb *cb, void *arg)
{
	p->progress = cb;
	p->progress_arg = arg;
}

size_t
mt_probe_result_count(const struct mt_probe *p)
{
	return p->ntargets;
}

const struct mt_target_result *
mt_probe_result(const struct mt_probe *p, size_t i)
{
	if (i >= p->ntargets)
		return NULL;
	return &p->targets[i]->res;
}

/* Tasks. */
