/*
 * test_logs.c - unit tests of src/lib/logs: line headers, one table of
 * real lines per MTA dialect (tests/data/logs/SOURCES), correlation of
 * Postfix and sendmail multi-line failures, every prefix of every line
 *
 * Hostile input (NUL bytes, over-long lines, garbage, truncated gzip) is
 * in test_logs_input.c; the fast paths against the plain code in
 * test_logs_fast.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mailtls/logs.h"
#include "logs/logs_int.h"
#include "testutil.h"
#include "logs_test.h"

struct header_case {
	const char	*name;
	const char	*line;
	time_t		 want_when;	/* 0: no time */
	const char	*want_prog;
	unsigned long	 want_pid;
	const char	*want_msg;	/* prefix of the message */
};

/* 2026-11-22T12:00:00Z is 1795348800. */
#define T0	1795348800

static const struct header_case header_cases[] = {
	{ "rfc3164", "Nov 22 12:00:00 mx postfix/smtpd[15563]: connect from "
	    "x[1.2.3.4]", T0, "postfix/smtpd", 15563, "connect from" },
	{ "rfc3164 space day", "Nov  2 12:00:00 mx postfix/smtp[1]: hi",
	    T0 - 20 * 86400, "postfix/smtp", 1, "hi" },
	{ "rfc3164 zero day", "Apr 09 09:29:47 infraportal.stfc.ac.uk "
	    "sm-msp-queue[15093]: STARTTLS=client", 1775726987,
	    "sm-msp-queue", 15093, "STARTTLS" },
	{ "rfc3164 year before time", "Nov 22 2026 12:00:00 mx smtpd[7]: x",
	    T0, "smtpd", 7, "x" },
	{ "rfc3164 pri", "<22>Nov 22 12:00:00 mx exim[9]: msg", T0, "exim",
	    9, "msg" },
	{ "journal short-precise", "Nov 22 12:00:00.123456 mx "
	    "postfix/smtpd[2]: m", T0, "postfix/smtpd", 2, "m" },
	{ "iso high precision", "2026-11-22T13:00:00.123456+01:00 mx "
	    "postfix/smtpd[3]: m", T0, "postfix/smtpd", 3, "m" },
	{ "journal short-iso", "2026-11-22T12:00:00+0000 mx sm-mta[4]: m",
	    T0, "sm-mta", 4, "m" },
	{ "iso zulu", "2026-11-22T12:00:00Z mx smtpd[5]: m", T0, "smtpd", 5,
	    "m" },
	{ "rfc5424", "<34>1 2026-11-22T12:00:00.003Z mx postfix/smtpd 6 - - "
	    "m", T0, "postfix/smtpd", 6, "m" },
	{ "rfc5424 sd", "<34>1 2026-11-22T12:00:00Z mx exim 7 ID47 "
	    "[ex@1 a=\"b\"] m", T0, "exim", 7, "m" },
	{ "exim mainlog", "2026-11-22 12:00:00 1xV4of-0000D0-2Q <= a@b",
	    T0, "", 0, "1xV4of" },
	{ "exim mainlog ms pid", "2026-11-22 12:00:00.712 [5718] no MAIL",
	    T0, "", 5718, "no MAIL" },
	{ "exim mainlog zone", "2024-06-02 05:50:20 +0200 1sDcEe H=x", 
	    1717300220, "", 0, "1sDcEe" },
	{ "no header opensmtpd", "aa38ddc43bb7637d smtp disconnected", 0, "",
	    0, "aa38ddc43bb7637d" },
	{ "no time, prog", "postfix/smtp[10967]: Verified TLS", 0,
	    "postfix/smtp", 10967, "Verified" },
	{ "no time, unknown prog", "debug: SSL library error", 0, "", 0,
	    "debug: SSL" },
};

static void
test_header(void **state)
{
	struct mt_log_line l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(header_cases) / sizeof(header_cases[0]); i++) {
		const struct header_case *c = &header_cases[i];
		size_t pl = strlen(c->want_prog), ml = strlen(c->want_msg);

		if (!mt_log_header_parse(c->line, strlen(c->line), 2026, &l))
			fail_msg("%s: not parsed", c->name);
		if ((l.has_time ? l.when : 0) != c->want_when)
			fail_msg("%s: got time %lld, want %lld", c->name,
			    (long long)l.when, (long long)c->want_when);
		if (l.prog.n != pl || memcmp(l.prog.p, c->want_prog, pl) != 0)
			fail_msg("%s: got prog %.*s, want %s", c->name,
			    (int)l.prog.n, l.prog.p, c->want_prog);
		if (l.pid != c->want_pid)
			fail_msg("%s: got pid %lu, want %lu", c->name, l.pid,
			    c->want_pid);
		if (l.msg.n < ml || memcmp(l.msg.p, c->want_msg, ml) != 0)
			fail_msg("%s: got msg %.*s, want %s", c->name,
			    (int)l.msg.n, l.msg.p, c->want_msg);
	}
}

/*
 * test_header_cache - the time remembered from the last line of the same
 * second (struct mt_log_daycache) never differs from a parse on its own:
 * every header case after every other one, and a line whose first 16
 * bytes are those of the last one but which carries a year after them.
 */
static void
test_header_cache(void **state)
{
	static const char *const pair[] = {
		"Nov  2 12:00:00 mx postfix/smtp[1]: hi",
		"Nov  2 12:00:00 2025 mx postfix/smtp[1]: hi",
		"Nov  2 12:00:00 mx postfix/smtp[1]: hi",
		"Nov  2 12:00:00 2025 postfix/smtp[1]: hi",
		"Nov  2 12:00:00 mx postfix/smtp[1]: hi",
		"Nov  2 12:00:01 mx postfix/smtp[1]: hi",
	};
	const size_t nc = sizeof(header_cases) / sizeof(header_cases[0]);
	struct mt_log_daycache dc;
	struct mt_log_line a, b;
	const char *first, *second;
	size_t i, j;
	bool oka, okb;

	(void)state;
	for (i = 0; i < nc * nc + sizeof(pair) / sizeof(pair[0]) - 1; i++) {
		if (i < nc * nc) {
			first = header_cases[i / nc].line;
			second = header_cases[i % nc].line;
		} else {
			j = i - nc * nc;
			first = pair[j];
			second = pair[j + 1];
		}
		memset(&dc, 0, sizeof(dc));
		(void)mt_log_header_parse_dc(first, strlen(first), 2026, &dc,
		    &a);
		oka = mt_log_header_parse_dc(second, strlen(second), 2026, &dc,
		    &a);
		okb = mt_log_header_parse(second, strlen(second), 2026, &b);
		if (oka != okb)
			fail_msg("after \"%s\": \"%s\" parsed %d, alone %d",
			    first, second, oka, okb);
		if (okb && (a.has_time != b.has_time || a.when != b.when ||
		    a.pid != b.pid || a.prog.n != b.prog.n ||
		    a.msg.p != b.msg.p))
			fail_msg("after \"%s\": \"%s\" time %lld, alone %lld",
			    first, second, (long long)a.when,
			    (long long)b.when);
	}
}

struct line_case {
	const char	*name;
	const char	*line;
	int		 mta;
	int		 dir;
	int		 kind;
	int		 cls;
	const char	*host;
	const char	*ip;
	const char	*version;
	const char	*cipher;
	int		 bits;
	const char	*kx;
	int		 verify;
	const char	*alert;
};

#define PF	MT_LOG_MTA_POSTFIX
#define EX	MT_LOG_MTA_EXIM
#define SM	MT_LOG_MTA_SENDMAIL
#define OS	MT_LOG_MTA_OPENSMTPD
#define IN	MT_LOG_DIR_IN
#define OUT	MT_LOG_DIR_OUT
#define OK	MT_LOG_KIND_TLS_OK
#define FAIL	MT_LOG_KIND_TLS_FAIL
#define MISS	MT_LOG_KIND_STARTTLS_MISSING
#define PLAIN	MT_LOG_KIND_PLAINTEXT

static const struct line_case line_cases[] = {
	/* Postfix: lab 3.1 (3.7.11, OpenSSL 3.0) and corpus-public.log */
	{ "pf 3.7 ok tls1.3", "Nov 22 12:00:01 mx postfix/smtpd[15563]: "
	    "Anonymous TLS connection established from localhost[127.0.0.1]: "
	    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) "
	    "key-exchange X25519 server-signature RSA-PSS (2048 bits) "
	    "server-digest SHA256", PF, IN, OK, 0, "localhost", "127.0.0.1",
	    "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, "X25519",
	    MT_LOG_VERIFY_ANONYMOUS, "" },
	{ "pf old ok tls1", "Feb  4 14:44:52 hostname postfix/smtpd[3434]: "
	    "Anonymous TLS connection established from unknown[IP]: TLSv1 "
	    "with cipher AES128-SHA (128/128 bits)", PF, IN, OK, 0, "unknown",
	    "IP", "TLSv1", "AES128-SHA", 128, "", MT_LOG_VERIFY_ANONYMOUS, "" },
	{ "pf smtp verified v6", "Jul 24 03:28:15 mail postfix/smtp[24052]: "
	    "Verified TLS connection established to mx2.comcast.net"
	    "[2001:558:fe21:2a::6]:25: TLSv1.2 with cipher "
	    "ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)", PF, OUT, OK, 0,
	    "mx2.comcast.net", "2001:558:fe21:2a::6", "TLSv1.2",
	    "ECDHE-RSA-AES256-GCM-SHA384", 256, "", MT_LOG_VERIFY_VERIFIED,
	    "" },
	{ "pf sekoia no header", "Trusted TLS connection established from "
	    "mail.outbound.protection.outlook.com[1.1.1.1]: TLSv1.2 with "
	    "cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)", PF, IN, OK,
	    0, "mail.outbound.protection.outlook.com", "1.1.1.1", "TLSv1.2",
	    "ECDHE-RSA-AES256-GCM-SHA384", 256, "", MT_LOG_VERIFY_TRUSTED,
	    "" },
	{ "posttls-finger", "posttls-finger: Verified TLS connection "
	    "established to mail2.mpifr-bonn.mpg.de[134.104.18.60]:25: TLSv1.2 "
	    "with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)", PF, OUT,
	    OK, 0, "mail2.mpifr-bonn.mpg.de", "134.104.18.60", "TLSv1.2",
	    "ECDHE-RSA-AES256-GCM-SHA384", 256, "", MT_LOG_VERIFY_VERIFIED,
	    "" },
	{ "pf tls library 3.x no shared cipher", "Nov 22 12:01:00 mx "
	    "postfix/smtpd[15570]: warning: TLS library problem: "
	    "error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/"
	    "statem_srvr.c:2226:", PF, IN, FAIL,
	    MT_LOG_CLASS_NO_SHARED_CIPHER, "", "", "", "", 0, "", 0, "" },
	{ "pf tls library 1.1 version too low", "Apr 14 19:24:31 straylight "
	    "postfix/smtpd[4787]: warning: TLS library problem: "
	    "error:1417D18C:SSL routines:tls_process_client_hello:version too "
	    "low:../ssl/statem/statem_srvr.c:974:", PF, IN, FAIL,
	    MT_LOG_CLASS_VERSION, "", "", "", "", 0, "", 0, "" },
	{ "pf tls library 1.0 unknown protocol", "Nov 22 12:31:00 mx "
	    "postfix/smtpd[3434]: warning: TLS library problem: 3434:error:"
	    "140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:unknown protocol:"
	    "s23_srvr.c:647:", PF, IN, FAIL, MT_LOG_CLASS_VERSION, "", "", "",
	    "", 0, "", 0, "" },
	{ "pf tls library 1.0 no protocols", "Jun  6 00:22:01 precise32 "
	    "postfix/smtp[3682]: warning: TLS library problem: 3682:error:"
	    "140740BF:SSL routines:SSL23_CLIENT_HELLO:no protocols available:"
	    "s23_clnt.c:381:", PF, OUT, FAIL, MT_LOG_CLASS_VERSION, "", "", "",
	    "", 0, "", 0, "" },
	{ "pf alert bad certificate", "Nov 22 12:03:00 mx postfix/smtpd[1]: "
	    "warning: TLS library problem: error:0A000412:SSL routines::sslv3 "
	    "alert bad certificate:../ssl/record/rec_layer_s3.c:1602:SSL alert "
	    "number 42:", PF, IN, FAIL, MT_LOG_CLASS_ALERT, "", "", "", "", 0,
	    "", 0, "bad_certificate" },
	{ "pf alert unknown ca", "Nov 22 12:03:10 mx postfix/smtpd[1]: "
	    "warning: TLS library problem: error:0A000418:SSL routines::tlsv1 "
	    "alert unknown ca:../ssl/record/rec_layer_s3.c:1602:SSL alert "
	    "number 48:", PF, IN, FAIL, MT_LOG_CLASS_ALERT, "", "", "", "", 0,
	    "", 0, "unknown_ca" },
	{ "pf alert certificate expired", "Nov 22 12:03:20 mx postfix/smtpd"
	    "[1]: warning: TLS library problem: error:0A000415:SSL routines::"
	    "sslv3 alert certificate expired:../ssl/record/rec_layer_s3.c:"
	    "1602:SSL alert number 45:", PF, IN, FAIL, MT_LOG_CLASS_ALERT, "",
	    "", "", "", 0, "", 0, "certificate_expired" },
	{ "pf wrong version number", "Nov 22 12:33:00 mx postfix/smtp[3682]: "
	    "warning: TLS library problem: 3682:error:0A00010B:SSL routines::"
	    "wrong version number:../ssl/record/ssl3_record.c:354:", PF, OUT,
	    FAIL, MT_LOG_CLASS_WRONG_VERSION_NUMBER, "", "", "", "", 0, "", 0,
	    "" },
	{ "pf ssl_accept timeout", "Jun 12 18:24:28 [servername] "
	    "postfix/smtpd[4839]: SSL_accept error from snt004-omc1s40.hotmail"
	    ".com[65.54.61.77]: Connection timed out", PF, IN, FAIL,
	    MT_LOG_CLASS_TIMEOUT, "snt004-omc1s40.hotmail.com", "65.54.61.77",
	    "", "", 0, "", 0, "" },
	{ "pf ssl_accept lost", "postfix/submissions/smtpd[477]: SSL_accept "
	    "error from unknown[81.30.107.134]: lost connection", PF, IN, FAIL,
	    MT_LOG_CLASS_LOST, "unknown", "81.30.107.134", "", "", 0, "", 0,
	    "" },
	{ "pf ssl_connect -1", "Jun  6 00:22:01 precise32 postfix/smtp[3682]: "
	    "SSL_connect error to valid-example-recipient.com[192.168.33.7]:25:"
	    " -1", PF, OUT, FAIL, MT_LOG_CLASS_UNKNOWN,
	    "valid-example-recipient.com", "192.168.33.7", "", "", 0, "", 0,
	    "" },
	{ "pf lost after starttls", "Feb 18 09:45:12 xxx postfix/smtpd[42]: "
	    "lost connection after STARTTLS from spammer.example.com"
	    "[192.0.2.42]", PF, IN, FAIL, MT_LOG_CLASS_LOST,
	    "spammer.example.com", "192.0.2.42", "", "", 0, "", 0, "" },
	{ "pf tls required", "Oct 10 19:12:13 sender postfix/smtp[1711]: "
	    "62D3F481249: to=<vagrant@valid-example-recipient.com>, relay="
	    "valid-example-recipient.com[192.168.33.7]:25, delay=0.07, delays="
	    "0.03/0.01/0.03/0, dsn=4.7.4, status=deferred (TLS is required, "
	    "but was not offered by host valid-example-recipient.com"
	    "[192.168.33.7])", PF, OUT, MISS, MT_LOG_CLASS_TLS_REQUIRED,
	    "valid-example-recipient.com", "192.168.33.7", "", "", 0, "", 0,
	    "" },
	{ "pf plaintext session", "Nov 22 12:02:31 mx postfix/smtpd[15571]: "
	    "disconnect from old.example[192.0.2.11] ehlo=1 mail=1 rcpt=1 "
	    "data=1 quit=1 commands=5", PF, IN, PLAIN, 0, "old.example",
	    "192.0.2.11", "", "", 0, "", 0, "" },
	/* Exim: lab 3.2 (4.96, GnuTLS 3.7.9) and corpus-exim-testsuite */
	{ "exim ok gnutls", "2026-11-22 12:10:00 1xV4of-0000D0-2Q <= "
	    "lab@lab.test H=(vm) [127.0.0.1]:38970 P=esmtps X=TLS1.3:"
	    "ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no S=491 "
	    "id=x", EX, IN, OK, 0, "", "127.0.0.1", "TLSv1.3",
	    "ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM", 256, "X25519",
	    MT_LOG_VERIFY_UNTRUSTED, "" },
	{ "exim delivery openssl", "  => rick.chang@mediatek.com R=smarthost "
	    "T=remote_msa H=smtp.kernel.org [35.85.114.177] X=TLS1.2:ECDHE-"
	    "RSA-AES256-GCM-SHA384:256 CV=yes A=client_auth_plain K C=\"250 "
	    "2.0.0 Ok: 338 bytes queued as 8DCF4C34100\"", EX, OUT, OK, 0,
	    "smtp.kernel.org", "35.85.114.177", "TLSv1.2",
	    "ECDHE-RSA-AES256-GCM-SHA384", 256, "", MT_LOG_VERIFY_VERIFIED,
	    "" },
	{ "exim no shared cipher", "2026-11-22 12:10:01 TLS error on "
	    "connection from (client.lab.test) [127.0.0.1]:60622 "
	    "(gnutls_handshake): No supported cipher suites have been found.",
	    EX, IN, FAIL, MT_LOG_CLASS_NO_SHARED_CIPHER, "", "127.0.0.1", "",
	    "", 0, "", 0, "" },
	{ "exim sslv3 hello", "2026-11-22 12:10:02 TLS error on connection "
	    "from (client.lab.test) [127.0.0.1]:48696 (gnutls_handshake): A "
	    "packet with illegal or unsupported version was received.", EX, IN,
	    FAIL, MT_LOG_CLASS_VERSION, "", "127.0.0.1", "", "", 0, "", 0, "" },
	{ "exim bad certificate", "2026-11-22 12:10:03 TLS error on "
	    "connection from (client.lab.test) [127.0.0.1]:60702 "
	    "(gnutls_handshake): Certificate is bad", EX, IN, FAIL,
	    MT_LOG_CLASS_ALERT, "", "127.0.0.1", "", "", 0, "", 0,
	    "bad_certificate" },
	{ "exim fatal alert gmx", "TLS error on connection from mout.gmx.net "
	    "[212.227.15.15] (gnutls_handshake): A TLS fatal alert has been "
	    "received.", EX, IN, FAIL, MT_LOG_CLASS_ALERT, "mout.gmx.net",
	    "212.227.15.15", "", "", 0, "", 0, "" },
	{ "exim ssl_accept timeout", "2012-07-11 13:12:25 TLS error on "
	    "connection from [my server ip] (SSL_accept): timed out", EX, IN,
	    FAIL, MT_LOG_CLASS_TIMEOUT, "", "my server ip", "", "", 0, "", 0,
	    "" },
	{ "exim cert key setup", "TLS error on connection from ([IPv6:2001:"
	    "770:xxxx:xxxx:xxxx]) [2001:770:xxxx:xxxx:xxxx] (cert/key setup: "
	    "cert=/etc/ssl/certs/exim.crt key=/etc/ssl/private/exim.key): Error "
	    "while reading file.", EX, IN, FAIL, MT_LOG_CLASS_LOCAL_CONFIG, "",
	    "2001:770:xxxx:xxxx:xxxx", "", "", 0, "", 0, "" },
	{ "exim recv alert", "1999-03-02 09:44:33 TLS error on connection "
	    "from localhost [127.0.0.1] (recv): A TLS fatal alert has been "
	    "received: Certificate is bad", EX, IN, FAIL, MT_LOG_CLASS_ALERT,
	    "localhost", "127.0.0.1", "", "", 0, "", 0, "bad_certificate" },
	{ "exim session cert verify", "1999-03-02 09:44:33 10HmaX-000000005vi"
	    "-0000 TLS session: (certificate verification failed): certificate "
	    "invalid: delivering unencrypted to H=127.0.0.1 [127.0.0.1] (not in "
	    "hosts_require_tls)", EX, OUT, FAIL, MT_LOG_CLASS_CERT_VERIFY,
	    "127.0.0.1", "127.0.0.1", "", "", 0, "", 0, "" },
	{ "exim plaintext in", "2026-11-22 12:11:00 1xV4og-0000D0-2Q <= "
	    "a@b.example H=mx.b.example [192.0.2.44] P=esmtp S=100", EX, IN,
	    PLAIN, 0, "mx.b.example", "192.0.2.44", "", "", 0, "", 0, "" },
	/* sendmail: lab 3.4 (8.17.1.9) and corpus-public.log */
	{ "sm server ok qid", "Mar 18 16:22:33 shadow sm-mta[66179]: "
	    "221820LG031423: STARTTLS=server, relay=macmini8.example.org "
	    "[192.168.1.21], version=TLSv1.3, verify=NO, cipher=TLS_AES_256_"
	    "GCM_SHA384, bits=256/256", SM, IN, OK, 0, "macmini8.example.org",
	    "192.168.1.21", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, "",
	    MT_LOG_VERIFY_ANONYMOUS, "" },
	{ "sm client verify fail", "Feb 17 03:42:52 server sm-mta[24870]: "
	    "STARTTLS=client, relay=gmail-smtp-in.l.google.com., version="
	    "TLSv1/SSLv3, verify=FAIL, cipher=ECDHE-RSA-RC4-SHA, bits=128/128",
	    SM, OUT, OK, 0, "gmail-smtp-in.l.google.com", "", "TLSv1/SSLv3",
	    "ECDHE-RSA-RC4-SHA", 128, "", MT_LOG_VERIFY_UNTRUSTED, "" },
	{ "sm server ip only", "Dec  6 14:06:30 b.mail.sonic.net sm-mta[3306]:"
	    " STARTTLS=server, relay=[184.21.104.253], version=TLSv1/SSLv3, "
	    "verify=NO, cipher=RC4-MD5, bits=128/128", SM, IN, OK, 0, "",
	    "184.21.104.253", "TLSv1/SSLv3", "RC4-MD5", 128, "",
	    MT_LOG_VERIFY_ANONYMOUS, "" },
	{ "sm accept failed no shared cipher", "Nov 22 12:20:01 mx "
	    "sm-mta[19100]: STARTTLS=server, error: accept failed=-1, reason="
	    "no shared cipher, SSL_error=1, errno=0, retry=-1, relay=localhost "
	    "[127.0.0.1]", SM, IN, FAIL, MT_LOG_CLASS_NO_SHARED_CIPHER,
	    "localhost", "127.0.0.1", "", "", 0, "", 0, "" },
	{ "sm accept failed version", "Nov 22 12:20:02 mx sm-mta[19101]: "
	    "STARTTLS=server, error: accept failed=-1, reason=version too low, "
	    "SSL_error=1, errno=0, retry=-1, relay=localhost [127.0.0.1]", SM,
	    IN, FAIL, MT_LOG_CLASS_VERSION, "localhost", "127.0.0.1", "", "",
	    0, "", 0, "" },
	{ "sm accept failed bad cert", "Nov 22 12:20:03 mx sm-mta[19102]: "
	    "STARTTLS=server, error: accept failed=-1, reason=sslv3 alert bad "
	    "certificate, SSL_error=1, errno=0, retry=-1, relay=localhost "
	    "[127.0.0.1]", SM, IN, FAIL, MT_LOG_CLASS_ALERT, "localhost",
	    "127.0.0.1", "", "", 0, "", 0, "bad_certificate" },
	/* OpenSMTPD: lab 3.3 (6.8.0p2 -d -v) and corpus-public.log */
	{ "smtpd smtp tls ok", "May 06 20:21:21 mail.fllm.net smtpd[3920]: "
	    "f274cf34b7d0786b smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:"
	    "256", OS, IN, OK, 0, "", "", "TLSv1.3", "TLS_AES_256_GCM_SHA384",
	    256, "", 0, "" },
	{ "smtpd mta tls ok", "Jul  6 06:01:47 ams-1 smtpd[75295]: "
	    "5df87c9ffd0e785d mta tls ciphers=TLSv1.2:ECDHE-RSA-CHACHA20-"
	    "POLY1305:256", OS, OUT, OK, 0, "", "", "TLSv1.2",
	    "ECDHE-RSA-CHACHA20-POLY1305", 256, "", 0, "" },
	{ "smtpd stderr no shared cipher", "aa38ddc43bb7637d smtp "
	    "disconnected reason=\"io-error: error:0A0000C1:SSL routines::no "
	    "shared cipher\"", OS, IN, FAIL, MT_LOG_CLASS_NO_SHARED_CIPHER, "",
	    "", "", "", 0, "", 0, "" },
	{ "smtpd stderr evp lib", "aa38ddc3351a4f43 smtp disconnected reason="
	    "\"io-error: error:0A080006:SSL routines::EVP lib\"", OS, IN, FAIL,
	    MT_LOG_CLASS_LOCAL_CONFIG, "", "", "", "", 0, "", 0, "" },
	{ "smtpd stderr rsa-kx decryption failed", "3026271491161150 smtp "
	    "disconnected reason=\"io-error: error:0A000093:SSL routines::"
	    "decryption failed\"", OS, IN, FAIL, MT_LOG_CLASS_LOCAL_CONFIG, "",
	    "", "", "", 0, "", 0, "" },
	{ "smtpd stderr bad record mac", "3026271491161151 smtp disconnected "
	    "reason=\"io-error: error:0A000119:SSL routines::decryption failed "
	    "or bad record mac\"", OS, IN, FAIL, MT_LOG_CLASS_UNKNOWN, "", "",
	    "", "", 0, "", 0, "" },
	{ "smtpd mta handshake failure", "de8347877feb6b4b mta error reason="
	    "IO Error: error:0A000410:SSL routines::sslv3 alert handshake "
	    "failure", OS, OUT, FAIL, MT_LOG_CLASS_ALERT, "", "", "", "", 0, "",
	    0, "handshake_failure" },
	{ "smtpd mta unsupported protocol", "84f351b29a213a41 mta error "
	    "reason=IO Error: error:0A000102:SSL routines::unsupported "
	    "protocol", OS, OUT, FAIL, MT_LOG_CLASS_VERSION, "", "", "", "", 0,
	    "", 0, "" },
	{ "smtpd mta unexpected eof", "84f351b29a213a42 mta error reason=IO "
	    "Error: error:0A000126:SSL routines::unexpected eof while reading",
	    OS, OUT, FAIL, MT_LOG_CLASS_UNEXPECTED_EOF, "", "", "", "", 0, "",
	    0, "" },
	{ "smtpd tls required", "0123456789abcdef mta error reason=TLS "
	    "required but not supported by remote host", OS, OUT, MISS,
	    MT_LOG_CLASS_TLS_REQUIRED, "", "", "", "", 0, "", 0, "" },
	{ "smtpd old started tls", "Mar  4 00:13:55 ix smtpd[22421]: smtp-in: "
	    "Started TLS on session 427e749c2e46f809: version=TLSv1.2, cipher="
	    "EDH-RSA-DES-CBC3-SHA, bits=112", OS, IN, OK, 0, "", "", "TLSv1.2",
	    "EDH-RSA-DES-CBC3-SHA", 112, "", 0, "" },
	{ "smtpd old io error", "Mar  4 00:13:55 ix smtpd[22421]: smtp-in: "
	    "Disconnecting session 427e7497e03518ef: IO error: No SSL error",
	    OS, IN, FAIL, MT_LOG_CLASS_UNEXPECTED_EOF, "", "", "", "", 0, "",
	    0, "" },
};

static void
check_str(const char *name, const char *what, const char *got,
    const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("%s: %s: got \"%s\", want \"%s\"", name, what, got,
		    want);
}

static void
check_int(const char *name, const char *what, long got, long want)
{
	if (got != want)
		fail_msg("%s: %s: got %ld, want %ld", name, what, got, want);
}

static void
run_line(void **state)
{
	const struct line_case *c = *state;
	struct mt_log_event ev;

	if (!mt_log_parse_line(c->line, strlen(c->line), 2026, &ev))
		fail_msg("%s: not recognised", c->name);
	check_int(c->name, "mta", ev.mta, c->mta);
	check_int(c->name, "direction", ev.direction, c->dir);
	check_int(c->name, "kind", ev.kind, c->kind);
	check_int(c->name, "class", ev.fail_class, c->cls);
	check_str(c->name, "host", ev.host, c->host);
	check_str(c->name, "ip", ev.ip, c->ip);
	check_str(c->name, "version", ev.version, c->version);
	check_str(c->name, "cipher", ev.cipher, c->cipher);
	check_int(c->name, "bits", ev.bits, c->bits);
	check_str(c->name, "kx", ev.kx, c->kx);
	check_int(c->name, "verify", ev.verify, c->verify);
	check_str(c->name, "alert", ev.alert, c->alert);
}

/* Every proper prefix of every line parses cleanly (or not at all). */
static void
test_prefixes(void **state)
{
	(void)state;
	logs_test_prefixes(line_cases, sizeof(line_cases) /
	    sizeof(line_cases[0]), sizeof(line_cases[0]),
	    offsetof(struct line_case, line));
}

struct collect {
	struct mt_log_event	ev[16];
	size_t			n;
};

static void
collect_cb(const struct mt_log_event *ev, void *arg)
{
	struct collect *c = arg;

	if (c->n < 16)
		c->ev[c->n] = *ev;
	c->n++;
}

struct corr_case {
	const char	*name;
	const char	*lines;		/* joined with \n */
	size_t		 want_n;
	int		 want_class;	/* of the first event */
	const char	*want_ip;
	const char	*want_alert;
};

static const struct corr_case corr_cases[] = {
	{ "pf accept then reason then lost",
	    "Apr 14 19:24:31 s postfix/smtpd[4787]: connect from unknown"
	    "[192.168.251.4]\n"
	    "Apr 14 19:24:31 s postfix/smtpd[4787]: SSL_accept error from "
	    "unknown[192.168.251.4]: -1\n"
	    "Apr 14 19:24:31 s postfix/smtpd[4787]: warning: TLS library "
	    "problem: error:1417D18C:SSL routines:tls_process_client_hello:"
	    "version too low:../ssl/statem/statem_srvr.c:974:\n"
	    "Apr 14 19:24:31 s postfix/smtpd[4787]: lost connection after "
	    "STARTTLS from unknown[192.168.251.4]\n",
	    1, MT_LOG_CLASS_VERSION, "192.168.251.4", "" },
	{ "pf 2.x reason before error",
	    "Nov 22 12:31:00 mx postfix/smtpd[3434]: warning: TLS library "
	    "problem: 3434:error:140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:"
	    "unknown protocol:s23_srvr.c:647:\n"
	    "Nov 22 12:31:00 mx postfix/smtpd[3434]: SSL_accept error from "
	    "legacy.example[203.0.113.5]: -1\n",
	    1, MT_LOG_CLASS_VERSION, "203.0.113.5", "" },
	{ "pf connect error reason deferral",
	    "Nov 22 12:04:00 mx postfix/smtp[15580]: SSL_connect error to "
	    "127.0.0.1[127.0.0.1]:10027: -1\n"
	    "Nov 22 12:04:00 mx postfix/smtp[15580]: warning: TLS library "
	    "problem: error:0A000410:SSL routines::sslv3 alert handshake "
	    "failure:../ssl/record/rec_layer_s3.c:1602:SSL alert number 40:\n"
	    "Nov 22 12:04:00 mx postfix/smtp[15580]: 4Bq1Xx2Yz: to=<lab@lab."
	    "test>, relay=127.0.0.1[127.0.0.1]:10027, delay=0.1, delays=0.01/"
	    "0/0.09/0, dsn=4.7.5, status=deferred (Cannot start TLS: handshake "
	    "failure)\n",
	    1, MT_LOG_CLASS_ALERT, "127.0.0.1", "handshake_failure" },
	{ "pf two processes interleaved",
	    "Nov 22 12:03:10 mx postfix/smtpd[1]: SSL_accept error from "
	    "a.example[198.51.100.8]: -1\n"
	    "Nov 22 12:03:10 mx postfix/smtpd[2]: SSL_accept error from "
	    "b.example[198.51.100.9]: -1\n"
	    "Nov 22 12:03:10 mx postfix/smtpd[1]: warning: TLS library "
	    "problem: error:0A000418:SSL routines::tlsv1 alert unknown ca:../"
	    "ssl/record/rec_layer_s3.c:1602:SSL alert number 48:\n"
	    "Nov 22 12:03:10 mx postfix/smtpd[2]: warning: TLS library "
	    "problem: error:0A0000C1:SSL routines::no shared cipher:x:1:\n",
	    2, MT_LOG_CLASS_ALERT, "198.51.100.8", "unknown_ca" },
	{ "sendmail accept failed then queue",
	    "Nov 22 12:20:01 mx sm-mta[19100]: STARTTLS=server, error: accept "
	    "failed=-1, reason=no shared cipher, SSL_error=1, errno=0, retry=-1,"
	    " relay=localhost [127.0.0.1]\n"
	    "Nov 22 12:20:01 mx sm-mta[19100]: STARTTLS=server: error:0A0000C1:"
	    "SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2226:\n",
	    1, MT_LOG_CLASS_NO_SHARED_CIPHER, "127.0.0.1", "" },
	{ "opensmtpd session peer",
	    "aa38ddc43bb7637d smtp connected address=127.0.0.1 host=localhost\n"
	    "debug: SSL library error: io_dispatch_accept_tls:SSL_accept: "
	    "error:0A0000C1:SSL routines::no shared cipher\n"
	    "aa38ddc43bb7637d smtp disconnected reason=\"io-error: error:"
	    "0A0000C1:SSL routines::no shared cipher\"\n",
	    1, MT_LOG_CLASS_NO_SHARED_CIPHER, "127.0.0.1", "" },
};

static void
test_correlation(void **state)
{
	const struct corr_case *c;
	struct collect col;
	struct mt_logs *lg;
	const char *p, *nl;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(corr_cases) / sizeof(corr_cases[0]); i++) {
		c = &corr_cases[i];
		memset(&col, 0, sizeof(col));
		assert_non_null(lg = mt_logs_new(2026));
		mt_logs_set_event_cb(lg, collect_cb, &col);
		for (p = c->lines; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			mt_logs_feed_line(lg, p, (size_t)(nl - p));
		(void)mt_logs_summary(lg);
		mt_logs_free(lg);
		check_int(c->name, "events", (long)col.n, (long)c->want_n);
		check_int(c->name, "class", col.ev[0].fail_class,
		    c->want_class);
		check_str(c->name, "ip", col.ev[0].ip, c->want_ip);
		check_str(c->name, "alert", col.ev[0].alert, c->want_alert);
	}
}

/* A peer that failed and then sent in plaintext is a downgrade. */
static void
test_downgrade(void **state)
{
	static const char *lines[] = {
		"Nov 22 12:02:00 mx postfix/smtpd[15571]: SSL_accept error "
		"from old.example[192.0.2.11]: -1",
		"Nov 22 12:02:00 mx postfix/smtpd[15571]: warning: TLS library "
		"problem: error:0A00018C:SSL routines::version too low:x:1:",
		"Nov 22 12:02:00 mx postfix/smtpd[15571]: lost connection "
		"after STARTTLS from old.example[192.0.2.11]",
		"Nov 22 12:02:31 mx postfix/smtpd[15571]: disconnect from "
		"old.example[192.0.2.11] ehlo=1 mail=1 rcpt=1 data=1 quit=1 "
		"commands=5",
	};
	const struct mt_logs_summary *s;
	struct mt_logs *lg;
	size_t i;

	(void)state;
	assert_non_null(lg = mt_logs_new(2026));
	for (i = 0; i < 4; i++)
		mt_logs_feed_line(lg, lines[i], strlen(lines[i]));
	s = mt_logs_summary(lg);
	assert_int_equal(s->npeers, 1);
	assert_true(s->peers[0].downgrade);
	assert_int_equal(s->peers[0].by_class[MT_LOG_CLASS_VERSION], 1);
	assert_int_equal(s->by_kind[MT_LOG_KIND_PLAINTEXT], 1);
	mt_logs_free(lg);
}

static void
test_class_table(void **state)
{
	const struct mt_log_class_info *ci;
	int c;

	(void)state;
	for (c = 1; c < MT_LOG_NCLASS; c++) {
		ci = mt_log_class_info(c);
		assert_non_null(ci);
		assert_non_null(ci->id);
		assert_true(strlen(ci->causes) > 0);
	}
	assert_null(mt_log_class_info(MT_LOG_NCLASS));
	assert_null(mt_log_class_info(-1));
	ci = mt_log_class_info(MT_LOG_CLASS_VERSION);
	assert_non_null(strstr(ci->causes, "unknown protocol"));
	assert_non_null(strstr(ci->causes, "downgrades"));
}

int
main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_header_cache),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_correlation),
		cmocka_unit_test(test_downgrade),
		cmocka_unit_test(test_class_table),
	};

	return mt_test_run_table("logs", line_cases,
	    sizeof(line_cases) / sizeof(line_cases[0]), sizeof(line_cases[0]),
	    run_line, fixed, sizeof(fixed) / sizeof(fixed[0]));
}
