/*
 * catalog.c - the findings catalog: id, default severity, title,
 * explanation and the fix per MTA, as one data table
 *
 * Each fix is written in the configuration language of that MTA: Postfix
 * main.cf, OpenSMTPD smtpd.conf (libtls keywords), sendmail .mc (m4
 * macros) and Exim (a GnuTLS priority string for Debian's exim4 build,
 * openssl_options for OpenSSL builds).  docs/findings.md is this table
 * rendered for people; a unit test keeps the two in step.
 *
 * Everything here is static and read-only; returned pointers stay valid
 * for the life of the program.  No I/O.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "mailtls/finding.h"

#define POSTFIX(s)	{ "postfix", (s) }
#define OPENSMTPD(s)	{ "opensmtpd", (s) }
#define SENDMAIL(s)	{ "sendmail", (s) }
#define EXIM(s)		{ "exim", (s) }

/* Fixes shared by several entries. */
#define FIX_PF_PROTOCOLS \
	"smtpd_tls_protocols = >=TLSv1.2\n" \
	"smtpd_tls_mandatory_protocols = >=TLSv1.2\n" \
	"(before Postfix 3.6: smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, " \
	"!TLSv1.1)"
#define FIX_OS_PROTOCOLS \
	"listen on egress tls pki mx.example.org protocols \"tlsv1.2,tlsv1.3\""
#define FIX_SM_PROTOCOLS \
	"define(`confSERVER_SSL_OPTIONS', `+SSL_OP_NO_SSLv2 +SSL_OP_NO_SSLv3 " \
	"+SSL_OP_NO_TLSv1 +SSL_OP_NO_TLSv1_1')dnl"
#define FIX_EX_PROTOCOLS \
	"GnuTLS (Debian): tls_require_ciphers = " \
	"NORMAL:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1\n" \
	"OpenSSL builds: openssl_options = +no_sslv2 +no_sslv3 +no_tlsv1 " \
	"+no_tlsv1_1"

#define FIX_PF_CIPHERS \
	"smtpd_tls_ciphers = medium\n" \
	"smtpd_tls_exclude_ciphers = eNULL, EXPORT, LOW, DES, 3DES, RC4, MD5"
#define FIX_OS_CIPHERS \
	"listen on egress tls pki mx.example.org ciphers \"secure\"\n" \
	"(\"compat\" = HIGH:!aNULL keeps CBC suites for old senders)"
#define FIX_SM_CIPHERS \
	"define(`confCIPHER_LIST', `HIGH:!aNULL:!eNULL:!EXPORT:!DES:!3DES:" \
	"!RC4:!MD5')dnl"
#define FIX_EX_CIPHERS \
	"GnuTLS (Debian): tls_require_ciphers = " \
	"NORMAL:-ARCFOUR-128:-3DES-CBC:-CIPHER-NULL\n" \
	"OpenSSL builds: tls_require_ciphers = HIGH:!aNULL:!eNULL:!3DES:!RC4"

#define FIX_PF_CHAIN \
	"smtpd_tls_chain_files = /etc/postfix/mx.key, " \
	"/etc/postfix/mx-fullchain.pem\n" \
	"(or smtpd_tls_cert_file = /etc/postfix/mx-fullchain.pem with the " \
	"leaf first, then the intermediates)"
#define FIX_OS_CHAIN \
	"pki mx.example.org cert \"/etc/ssl/mx-fullchain.pem\"\n" \
	"pki mx.example.org key \"/etc/ssl/private/mx.key\""
#define FIX_SM_CHAIN \
	"define(`confSERVER_CERT', `/etc/mail/tls/mx-fullchain.pem')dnl\n" \
	"define(`confSERVER_KEY', `/etc/mail/tls/mx.key')dnl\n" \
	"(or keep the leaf alone and name the intermediates in confCACERT)"
#define FIX_EX_CHAIN \
	"tls_certificate = /etc/exim4/mx-fullchain.pem\n" \
	"tls_privatekey = /etc/exim4/mx.key"

#define FIX_PF_RENEW \
	"renew the certificate, then point smtpd_tls_chain_files (or " \
	"smtpd_tls_cert_file/smtpd_tls_key_file) at it; postfix reload"
#define FIX_OS_RENEW \
	"renew the certificate, update pki mx.example.org cert \"...\" / " \
	"key \"...\"; rcctl restart smtpd"
#define FIX_SM_RENEW \
	"renew the certificate, update confSERVER_CERT/confSERVER_KEY; " \
	"rebuild sendmail.cf and restart sendmail"
#define FIX_EX_RENEW \
	"renew the certificate, update tls_certificate/tls_privatekey; " \
	"restart exim4"

#define FIX_PF_STARTTLS \
	"smtpd_tls_security_level = may\n" \
	"smtpd_tls_chain_files = /etc/postfix/mx.key, " \
	"/etc/postfix/mx-fullchain.pem"
#define FIX_OS_STARTTLS \
	"pki mx.example.org cert \"/etc/ssl/mx-fullchain.pem\"\n" \
	"pki mx.example.org key \"/etc/ssl/private/mx.key\"\n" \
	"listen on egress tls pki mx.example.org"
#define FIX_SM_STARTTLS \
	"define(`confSERVER_CERT', `/etc/mail/tls/mx-fullchain.pem')dnl\n" \
	"define(`confSERVER_KEY', `/etc/mail/tls/mx.key')dnl\n" \
	"define(`confCACERT_PATH', `/etc/ssl/certs')dnl\n" \
	"(the key must be readable by root only, or sendmail disables STARTTLS)"
#define FIX_EX_STARTTLS \
	"tls_advertise_hosts = *\n" \
	"tls_certificate = /etc/exim4/mx-fullchain.pem\n" \
	"tls_privatekey = /etc/exim4/mx.key\n" \
	"(Debian split config: MAIN_TLS_ENABLE = yes in " \
	"conf.d/main/000_localmacros)"

#define FIX_PF_FS \
	"smtpd_tls_exclude_ciphers = kRSA, aNULL, eNULL, EXPORT, DES, 3DES, " \
	"RC4\n" \
	"tls_preempt_cipherlist = yes"
#define FIX_OS_FS \
	"listen on egress tls pki mx.example.org ciphers \"secure\""
#define FIX_SM_FS \
	"define(`confCIPHER_LIST', `ECDHE+AESGCM:DHE+AESGCM:ECDHE:DHE:" \
	"!aNULL:!eNULL:!3DES:!RC4')dnl\n" \
	"define(`confSERVER_SSL_OPTIONS', " \
	"`+SSL_OP_CIPHER_SERVER_PREFERENCE')dnl"
#define FIX_EX_FS \
	"GnuTLS (Debian): tls_require_ciphers = " \
	"NORMAL:-RSA:%SERVER_PRECEDENCE\n" \
	"OpenSSL builds: tls_require_ciphers = ECDHE:DHE:!aNULL:!eNULL:!3DES:" \
	"!RC4"

static const struct mt_catalog_entry catalog[] = {
	{ "chain.expired", MT_SEV_CRITICAL,
	    "Certificate expired",
	    "A certificate the server sends is past its notAfter date at the "
	    "time of the check.  Senders that verify (DANE-TA, MTA-STS, "
	    "smarthost clients with smtp_tls_security_level = verify) refuse "
	    "to deliver; opportunistic senders still encrypt but log "
	    "verification failures.",
	    { POSTFIX(FIX_PF_RENEW), OPENSMTPD(FIX_OS_RENEW),
	    SENDMAIL(FIX_SM_RENEW), EXIM(FIX_EX_RENEW) } },
	{ "chain.expires_soon", MT_SEV_MEDIUM,
	    "Certificate expires within 30 days",
	    "A certificate the server sends expires within 30 days of the "
	    "time of the check.  Renew it now, and if DANE TLSA records pin "
	    "the key (3 1 1), publish the new record before the switch.",
	    { POSTFIX(FIX_PF_RENEW), OPENSMTPD(FIX_OS_RENEW),
	    SENDMAIL(FIX_SM_RENEW), EXIM(FIX_EX_RENEW) } },
	{ "chain.extra_certs", MT_SEV_INFO,
	    "Certificates not part of the path",
	    "The server sends certificates that are not on the path from the "
	    "leaf to its root (an old intermediate, a second chain).  It "
	    "costs bytes on every handshake and confuses some clients.",
	    { POSTFIX(FIX_PF_CHAIN), OPENSMTPD(FIX_OS_CHAIN),
	    SENDMAIL(FIX_SM_CHAIN), EXIM(FIX_EX_CHAIN) } },
	{ "chain.missing_intermediate", MT_SEV_HIGH,
	    "Intermediate certificate missing",
	    "The server sends its leaf certificate without the intermediate "
	    "that issued it, and that issuer is not in the trust store.  "
	    "Browsers fetch missing intermediates (AIA); mail senders do not, "
	    "so every sender that verifies (MTA-STS, DANE-TA, smarthosts) "
	    "fails.  Serve the full chain: the leaf first, then each "
	    "intermediate, without the root.",
	    { POSTFIX(FIX_PF_CHAIN), OPENSMTPD(FIX_OS_CHAIN),
	    SENDMAIL(FIX_SM_CHAIN), EXIM(FIX_EX_CHAIN) } },
	{ "chain.name_mismatch", MT_SEV_MEDIUM,
	    "Certificate name does not match",
	    "None of the certificate's names (subjectAltName, or CN when "
	    "there is none) matches the name the server was probed by (the "
	    "MX host name).  MTA-STS senders and Postfix at "
	    "smtp_tls_security_level = secure refuse to deliver.",
	    { POSTFIX("get a certificate whose subjectAltName lists the MX "
	    "host name, then smtpd_tls_chain_files = /etc/postfix/mx.key, "
	    "/etc/postfix/mx-fullchain.pem"),
	    OPENSMTPD("pki mx.example.org cert \"/etc/ssl/mx-fullchain.pem\" "
	    "with the MX name in subjectAltName; listen on egress tls pki "
	    "mx.example.org hostname mx.example.org"),
	    SENDMAIL("define(`confSERVER_CERT', "
	    "`/etc/mail/tls/mx-fullchain.pem')dnl  (a certificate for the "
	    "MX host name)"),
	    EXIM("tls_certificate = /etc/exim4/mx-fullchain.pem  (a "
	    "certificate for the MX host name; per-SNI: "
	    "${if eq{$tls_in_sni}{...}})") } },
	{ "chain.not_yet_valid", MT_SEV_HIGH,
	    "Certificate not yet valid",
	    "A certificate's notBefore date lies after the time of the "
	    "check: the certificate was installed too early or the server "
	    "clock is wrong.  Verifying senders refuse it.",
	    { POSTFIX(FIX_PF_RENEW), OPENSMTPD(FIX_OS_RENEW),
	    SENDMAIL(FIX_SM_RENEW), EXIM(FIX_EX_RENEW) } },
	{ "chain.root_sent", MT_SEV_INFO,
	    "Root certificate sent",
	    "The server sends the self-signed root as well.  Clients ignore "
	    "it (trust comes from their own store), so it only costs bytes. "
	    " Keep it only when DANE 2 0 1 records pin that root.",
	    { POSTFIX(FIX_PF_CHAIN), OPENSMTPD(FIX_OS_CHAIN),
	    SENDMAIL(FIX_SM_CHAIN), EXIM(FIX_EX_CHAIN) } },
	{ "chain.self_signed", MT_SEV_MEDIUM,
	    "Self-signed certificate",
	    "The leaf certificate is self-signed.  Most SMTP senders encrypt "
	    "opportunistically without verifying, so mail still flows, but "
	    "MTA-STS senders refuse it and DANE works only with a 3 x x "
	    "(DANE-EE) TLSA record matching this certificate.",
	    { POSTFIX("use a CA-issued certificate (e.g. ACME) in "
	    "smtpd_tls_chain_files, or publish a DANE-EE TLSA record (3 1 1) "
	    "for the current key"),
	    OPENSMTPD("pki mx.example.org cert \"/etc/ssl/mx-fullchain.pem\" "
	    "(CA-issued), or publish a DANE-EE TLSA record (3 1 1)"),
	    SENDMAIL("define(`confSERVER_CERT', "
	    "`/etc/mail/tls/mx-fullchain.pem')dnl (CA-issued), or publish a "
	    "DANE-EE TLSA record (3 1 1)"),
	    EXIM("tls_certificate = /etc/exim4/mx-fullchain.pem (CA-issued), "
	    "or publish a DANE-EE TLSA record (3 1 1)") } },
	{ "chain.unparseable", MT_SEV_MEDIUM,
	    "Certificate could not be decoded",
	    "A certificate the server sends does not decode as X.509 DER.  "
	    "Clients abort the handshake; check that the certificate file "
	    "holds PEM certificates only.",
	    { POSTFIX(FIX_PF_CHAIN), OPENSMTPD(FIX_OS_CHAIN),
	    SENDMAIL(FIX_SM_CHAIN), EXIM(FIX_EX_CHAIN) } },
	{ "chain.untrusted_root", MT_SEV_MEDIUM,
	    "Root not trusted",
	    "The chain is complete, but it ends at a root that is not in the "
	    "trust store (a private CA, or a public root the store dropped).  "
	    "Opportunistic senders deliver anyway; MTA-STS senders refuse; "
	    "DANE-TA (2 x x) records can pin a private root.",
	    { POSTFIX("use a certificate from a public CA in "
	    "smtpd_tls_chain_files, or publish TLSA 2 0 1 for the private "
	    "root"),
	    OPENSMTPD("pki mx.example.org cert \"...\" from a public CA, or "
	    "publish TLSA 2 0 1 for the private root"),
	    SENDMAIL("define(`confSERVER_CERT', `...')dnl from a public CA, "
	    "or publish TLSA 2 0 1 for the private root"),
	    EXIM("tls_certificate = ... from a public CA, or publish TLSA "
	    "2 0 1 for the private root") } },
	{ "chain.weak_key", MT_SEV_HIGH,
	    "Weak certificate key",
	    "A certificate carries an RSA key shorter than 2048 bits or an EC "
	    "key shorter than 224 bits.  Public CAs no longer issue these and "
	    "OpenSSL at security level 2 (Debian's default) rejects them.",
	    { POSTFIX("openssl req -newkey rsa:3072 (or ec:P-256) and a new "
	    "certificate in smtpd_tls_chain_files"),
	    OPENSMTPD("a new RSA 3072 or P-256 key and certificate in "
	    "pki mx.example.org key/cert"),
	    SENDMAIL("a new RSA 3072 or P-256 key and certificate in "
	    "confSERVER_KEY/confSERVER_CERT"),
	    EXIM("a new RSA 3072 or P-256 key and certificate in "
	    "tls_privatekey/tls_certificate") } },
	{ "chain.weak_signature", MT_SEV_MEDIUM,
	    "Weak certificate signature",
	    "A certificate below the root is signed with MD5 or SHA-1, which "
	    "collisions break; OpenSSL at security level 2 rejects SHA-1 "
	    "signatures.",
	    { POSTFIX(FIX_PF_RENEW), OPENSMTPD(FIX_OS_RENEW),
	    SENDMAIL(FIX_SM_RENEW), EXIM(FIX_EX_RENEW) } },
	{ "chain.wrong_order", MT_SEV_LOW,
	    "Chain in the wrong order",
	    "The certificates are not sent leaf first with each followed by "
	    "its issuer.  RFC 8446 tolerates it, but older clients (and "
	    "RFC 5246 clients) may fail to build the path.",
	    { POSTFIX(FIX_PF_CHAIN), OPENSMTPD(FIX_OS_CHAIN),
	    SENDMAIL(FIX_SM_CHAIN), EXIM(FIX_EX_CHAIN) } },
	{ "probe.incomplete", MT_SEV_MEDIUM,
	    "Probe incomplete",
	    "Some protocol versions could not be tested (timeouts, dropped "
	    "connections or rate limits), so the report may miss what they "
	    "would show.  Probe again with a longer --timeout or a larger "
	    "--delay.",
	    { POSTFIX("if postscreen or anvil limits hit the probe, raise "
	    "smtpd_client_connection_rate_limit for the probing host or "
	    "list it in smtpd_client_event_limit_exceptions"),
	    OPENSMTPD("no setting: probe again with mailtls probe "
	    "--delay 200 --max-parallel 2"),
	    SENDMAIL("define(`confCONNECTION_RATE_THROTTLE', `0')dnl while "
	    "probing, or ClientRate in the access map"),
	    EXIM("smtp_accept_max_per_host = 0 for the probing host (e.g. "
	    "${if eq{$sender_host_address}{...}{0}{10}})") } },
	{ "probe.rate_limited", MT_SEV_INFO,
	    "Probe was rate limited",
	    "The server answered 421 or refused connections during the "
	    "probe; mailtls slowed down and retried.  This is the server "
	    "doing its job, not a fault.",
	    { POSTFIX("smtpd_client_event_limit_exceptions = $mynetworks, "
	    "192.0.2.10  (the probing host)"),
	    OPENSMTPD("no setting: probe with mailtls probe --delay 200"),
	    SENDMAIL("ClientRate:192.0.2.10 0 in the access map"),
	    EXIM("smtp_accept_max_per_host and ratelimit ACLs: exempt the "
	    "probing host") } },
	{ "smtp.no_starttls", MT_SEV_HIGH,
	    "STARTTLS not offered",
	    "The server does not advertise STARTTLS in its EHLO reply, so "
	    "all mail to it travels in plaintext.  If it is configured, "
	    "look for a middlebox stripping the keyword (some firewalls "
	    "rewrite it to XXXXXXXX).",
	    { POSTFIX(FIX_PF_STARTTLS), OPENSMTPD(FIX_OS_STARTTLS),
	    SENDMAIL(FIX_SM_STARTTLS), EXIM(FIX_EX_STARTTLS) } },
	{ "smtp.starttls_injection", MT_SEV_HIGH,
	    "STARTTLS command injection",
	    "The server answered commands that were sent in plaintext "
	    "together with STARTTLS after TLS started (CVE-2011-0411 and "
	    "its relatives): a man in the middle can inject commands into "
	    "the encrypted session.  Upgrade the MTA.",
	    { POSTFIX("upgrade: fixed in Postfix 2.8.0 and 2.7.3, 2.6.9, "
	    "2.5.12, 2.4.16"),
	    OPENSMTPD("upgrade OpenSMTPD to a current release"),
	    SENDMAIL("upgrade to sendmail 8.14.5 or later"),
	    EXIM("upgrade Exim (fixed in 4.94.2 and later for the "
	    "related 2021 issues)") } },
	{ "smtp.starttls_refused", MT_SEV_HIGH,
	    "STARTTLS advertised but refused",
	    "The server advertises STARTTLS but answers the command with an "
	    "error (typically 454 4.7.0 TLS not available), usually because "
	    "the key or certificate cannot be read.  Senders fall back to "
	    "plaintext or defer.",
	    { POSTFIX("check that smtpd_tls_chain_files (or "
	    "smtpd_tls_cert_file and smtpd_tls_key_file) exist and are "
	    "readable; postfix check; "
	    "look for \"cannot load\" in the mail log"),
	    OPENSMTPD("smtpd -n; check pki mx.example.org cert/key paths and "
	    "that the key is mode 0600"),
	    SENDMAIL("check confSERVER_CERT/confSERVER_KEY paths and that the "
	    "key is not group or world readable (DontBlameSendmail)"),
	    EXIM("check tls_certificate/tls_privatekey paths and that the "
	    "Debian-exim user can read them") } },
	{ "tls.dh.weak", MT_SEV_MEDIUM,
	    "Weak DHE parameters",
	    "The server uses a finite-field DHE prime shorter than 2048 bits "
	    "(below 1024 bits it is breakable today, Logjam).  Use RFC 7919 "
	    "groups of 2048 bits or more, or prefer ECDHE.",
	    { POSTFIX("smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem "
	    "(openssl dhparam -out /etc/postfix/dh2048.pem 2048; Postfix 3.7 "
	    "and later: smtpd_tls_dh1024_param_file = auto)"),
	    OPENSMTPD("libtls uses auto DHE parameters; ciphers \"secure\" "
	    "prefers ECDHE"),
	    SENDMAIL("define(`confDH_PARAMETERS', "
	    "`/etc/mail/tls/dh2048.pem')dnl  (openssl dhparam -out "
	    "/etc/mail/tls/dh2048.pem 2048)"),
	    EXIM("tls_dhparam = ffdhe3072  (a named RFC 7919 group; or a PEM "
	    "file from openssl dhparam 2048)") } },
	{ "tls.group.none_modern", MT_SEV_LOW,
	    "No modern key-exchange group",
	    "The server accepts none of x25519, x448, secp256r1, secp384r1, "
	    "secp521r1 or an RFC 7919 group for ECDHE/TLS 1.3; only small or "
	    "legacy curves were seen.  Reported only when a version's groups "
	    "were enumerated to the end.",
	    { POSTFIX("tls_eecdh_auto_curves = X25519 X448 prime256v1 "
	    "secp384r1 secp521r1"),
	    OPENSMTPD("libtls: ecdhecurves default (X25519, P-256, P-384) is "
	    "fine; remove any explicit curve setting"),
	    SENDMAIL("no .mc macro: set Groups = X25519:P-256:P-384 in the "
	    "system_default section of the openssl.cnf sendmail loads"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = "
	    "NORMAL:+GROUP-X25519:+GROUP-SECP256R1\n"
	    "OpenSSL builds: tls_eccurve = auto") } },
	{ "tls.pref.client", MT_SEV_INFO,
	    "Server follows the client's suite order",
	    "The server picks the first suite the client offers that it "
	    "supports, rather than its own preferred one.  With a list of "
	    "only strong suites this is harmless (and usual in TLS 1.3); "
	    "with weak suites enabled, an old client ends up with them.",
	    { POSTFIX("tls_preempt_cipherlist = yes"),
	    OPENSMTPD("libtls prefers the server's order by default; use "
	    "ciphers \"secure\" so that every choice is strong"),
	    SENDMAIL("define(`confSERVER_SSL_OPTIONS', "
	    "`+SSL_OP_CIPHER_SERVER_PREFERENCE')dnl"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = "
	    "NORMAL:%SERVER_PRECEDENCE\n"
	    "OpenSSL builds: openssl_options = +cipher_server_preference") } },
	{ "tls.protocol.no_tls12", MT_SEV_HIGH,
	    "TLS 1.2 not supported",
	    "The server does not accept TLS 1.2.  Current senders (OpenSSL "
	    "at security level 2, Gmail, Microsoft 365 for MTA-STS) need "
	    "TLS 1.2 or later and fall back to plaintext or defer.",
	    { POSTFIX("smtpd_tls_protocols = >=TLSv1.2  (and link Postfix "
	    "against OpenSSL 1.0.1 or later)"),
	    OPENSMTPD(FIX_OS_PROTOCOLS),
	    SENDMAIL("remove +SSL_OP_NO_TLSv1_2 from confSERVER_SSL_OPTIONS; "
	    "link sendmail against OpenSSL 1.0.1 or later"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = NORMAL\n"
	    "OpenSSL builds: remove +no_tlsv1_2 from openssl_options") } },
	{ "tls.protocol.no_tls13", MT_SEV_LOW,
	    "TLS 1.3 not supported",
	    "The server does not accept TLS 1.3.  TLS 1.2 with AEAD and "
	    "ECDHE is still sound, but TLS 1.3 is faster, hides the "
	    "certificate and removes every legacy suite at once.",
	    { POSTFIX("smtpd_tls_protocols = >=TLSv1.2  (TLS 1.3 needs "
	    "OpenSSL 1.1.1 or later; remove any !TLSv1.3)"),
	    OPENSMTPD(FIX_OS_PROTOCOLS),
	    SENDMAIL("remove +SSL_OP_NO_TLSv1_3 from confSERVER_SSL_OPTIONS; "
	    "link against OpenSSL 1.1.1 or later"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = NORMAL:+VERS-TLS1.3  "
	    "(GnuTLS 3.6.5 or later)\n"
	    "OpenSSL builds: remove +no_tlsv1_3 from openssl_options") } },
	{ "tls.protocol.sslv3", MT_SEV_HIGH,
	    "SSLv3 accepted",
	    "The server accepts SSLv3 (RFC 7568 forbids it; POODLE).  No "
	    "current sender needs it.",
	    { POSTFIX("smtpd_tls_protocols = !SSLv2, !SSLv3\n"
	    "smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3"),
	    OPENSMTPD("libtls never speaks SSLv3: check for a TLS proxy in "
	    "front; otherwise protocols \"tlsv1.2,tlsv1.3\""),
	    SENDMAIL("define(`confSERVER_SSL_OPTIONS', `+SSL_OP_NO_SSLv2 "
	    "+SSL_OP_NO_SSLv3')dnl"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = NORMAL:-VERS-SSL3.0\n"
	    "OpenSSL builds: openssl_options = +no_sslv2 +no_sslv3") } },
	{ "tls.protocol.tls10", MT_SEV_MEDIUM,
	    "TLS 1.0 accepted",
	    "The server accepts TLS 1.0 (RFC 8996 deprecates it).  For "
	    "opportunistic SMTP, turning it off makes TLS 1.0-only senders "
	    "fall back to plaintext, so check the mail log for them first "
	    "(mailtls logs).",
	    { POSTFIX(FIX_PF_PROTOCOLS), OPENSMTPD(FIX_OS_PROTOCOLS),
	    SENDMAIL(FIX_SM_PROTOCOLS), EXIM(FIX_EX_PROTOCOLS) } },
	{ "tls.protocol.tls11", MT_SEV_MEDIUM,
	    "TLS 1.1 accepted",
	    "The server accepts TLS 1.1 (RFC 8996 deprecates it).  Few "
	    "senders stop at TLS 1.1; check the mail log before turning it "
	    "off.",
	    { POSTFIX(FIX_PF_PROTOCOLS), OPENSMTPD(FIX_OS_PROTOCOLS),
	    SENDMAIL(FIX_SM_PROTOCOLS), EXIM(FIX_EX_PROTOCOLS) } },
	{ "tls.suite.3des", MT_SEV_LOW,
	    "3DES suites accepted",
	    "The server accepts 3DES suites, whose 64-bit block allows "
	    "Sweet32 collision attacks on long sessions (CVE-2016-2183).",
	    { POSTFIX(FIX_PF_CIPHERS), OPENSMTPD(FIX_OS_CIPHERS),
	    SENDMAIL(FIX_SM_CIPHERS), EXIM(FIX_EX_CIPHERS) } },
	{ "tls.suite.anon", MT_SEV_LOW,
	    "Anonymous suites accepted",
	    "The server accepts suites without authentication (ADH, AECDH).  "
	    "Postfix's default \"medium\" grade offers them at "
	    "smtpd_tls_security_level = may because an opportunistic sender "
	    "does not verify anyway, so for server-to-server mail they are "
	    "nearly harmless.  They are not harmless for authenticated "
	    "clients (submission with SASL): a man in the middle can pick an "
	    "anonymous suite and read the password.",
	    { POSTFIX("keep them on port 25 if you like; on submission: "
	    "-o smtpd_tls_exclude_ciphers=aNULL (master.cf) or "
	    "smtpd_tls_mandatory_exclude_ciphers = aNULL"),
	    OPENSMTPD("listen on egress tls pki mx.example.org ciphers "
	    "\"secure\""),
	    SENDMAIL("define(`confCIPHER_LIST', `HIGH:!aNULL:!eNULL')dnl"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = NORMAL:-ANON-DH:"
	    "-ANON-ECDH\n"
	    "OpenSSL builds: tls_require_ciphers = HIGH:!aNULL:!eNULL") } },
	{ "tls.suite.cbc_only", MT_SEV_MEDIUM,
	    "No AEAD suite",
	    "Every suite the server accepts uses CBC (or a stream cipher) "
	    "with a separate MAC; none is AEAD (GCM, ChaCha20-Poly1305, "
	    "CCM).  CBC in TLS 1.0-1.2 is the home of Lucky13 and padding "
	    "oracles, and MTA-STS-era senders prefer AEAD.",
	    { POSTFIX("smtpd_tls_ciphers = medium  (with OpenSSL 1.0.1 or "
	    "later this includes AES-GCM); remove a restrictive "
	    "tls_medium_cipherlist"),
	    OPENSMTPD(FIX_OS_CIPHERS),
	    SENDMAIL("define(`confCIPHER_LIST', `ECDHE+AESGCM:ECDHE+CHACHA20:"
	    "DHE+AESGCM:HIGH:!aNULL:!eNULL:!3DES:!RC4')dnl"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = NORMAL\n"
	    "OpenSSL builds: tls_require_ciphers = ECDHE+AESGCM:ECDHE+CHACHA20:"
	    "HIGH:!aNULL") } },
	{ "tls.suite.des", MT_SEV_HIGH,
	    "Single-DES suites accepted",
	    "The server accepts 56-bit DES suites, which can be brute-forced.",
	    { POSTFIX(FIX_PF_CIPHERS), OPENSMTPD(FIX_OS_CIPHERS),
	    SENDMAIL(FIX_SM_CIPHERS), EXIM(FIX_EX_CIPHERS) } },
	{ "tls.suite.export", MT_SEV_HIGH,
	    "Export suites accepted",
	    "The server accepts 1990s export-grade suites (40/56-bit keys, "
	    "512-bit RSA/DH: FREAK, Logjam).",
	    { POSTFIX(FIX_PF_CIPHERS), OPENSMTPD(FIX_OS_CIPHERS),
	    SENDMAIL(FIX_SM_CIPHERS), EXIM(FIX_EX_CIPHERS) } },
	{ "tls.suite.no_fs", MT_SEV_LOW,
	    "RSA key-exchange suites accepted",
	    "The server accepts suites with RSA key exchange (no forward "
	    "secrecy): whoever obtains the server key later can decrypt "
	    "recorded sessions.  TLS 1.3 removed them.",
	    { POSTFIX(FIX_PF_FS), OPENSMTPD(FIX_OS_FS),
	    SENDMAIL(FIX_SM_FS), EXIM(FIX_EX_FS) } },
	{ "tls.suite.no_fs_only", MT_SEV_HIGH,
	    "No forward-secret suite",
	    "The server accepts no suite with an ephemeral key exchange "
	    "(ECDHE, DHE or TLS 1.3).  Every session can be decrypted with "
	    "the server key, and libtls clients (OpenSMTPD \"secure\") share "
	    "no suite with it at all.  Enable ECDHE first; exclude RSA key "
	    "exchange only once it works.",
	    { POSTFIX("smtpd_tls_eecdh_grade = auto  (before Postfix 3.6: "
	    "strong)\n"
	    "smtpd_tls_exclude_ciphers = aNULL, eNULL, EXPORT, DES, RC4  "
	    "(no kEECDH, kEDH, EECDH or EDH)\n"
	    "smtpd_tls_dh1024_param_file = auto  (Postfix 3.7 and later)"),
	    OPENSMTPD(FIX_OS_FS),
	    SENDMAIL("define(`confCIPHER_LIST', `ECDHE+AESGCM:DHE+AESGCM:"
	    "ECDHE:DHE:HIGH:!aNULL:!eNULL:!3DES:!RC4')dnl\n"
	    "define(`confDH_PARAMETERS', `/etc/mail/tls/dh2048.pem')dnl\n"
	    "(ECDHE needs sendmail 8.15 or later)"),
	    EXIM("GnuTLS (Debian): tls_require_ciphers = "
	    "NORMAL:%SERVER_PRECEDENCE  (remove any -ECDHE-RSA, -DHE-RSA)\n"
	    "OpenSSL builds: tls_require_ciphers = ECDHE:DHE:HIGH:!aNULL; "
	    "tls_dhparam = ffdhe2048") } },
	{ "tls.suite.null", MT_SEV_HIGH,
	    "NULL-encryption suites accepted",
	    "The server accepts suites that authenticate but do not encrypt: "
	    "mail travels in plaintext inside TLS records.",
	    { POSTFIX(FIX_PF_CIPHERS), OPENSMTPD(FIX_OS_CIPHERS),
	    SENDMAIL(FIX_SM_CIPHERS), EXIM(FIX_EX_CIPHERS) } },
	{ "tls.suite.rc4", MT_SEV_MEDIUM,
	    "RC4 suites accepted",
	    "The server accepts RC4 suites (RFC 7465 forbids them; biases in "
	    "the keystream leak plaintext).",
	    { POSTFIX(FIX_PF_CIPHERS), OPENSMTPD(FIX_OS_CIPHERS),
	    SENDMAIL(FIX_SM_CIPHERS), EXIM(FIX_EX_CIPHERS) } },
};

#define CATALOG_COUNT	(sizeof(catalog) / sizeof(catalog[0]))

static const char *const severity_names[] = {
	[MT_SEV_INFO] = "info",
	[MT_SEV_LOW] = "low",
	[MT_SEV_MEDIUM] = "medium",
	[MT_SEV_HIGH] = "high",
	[MT_SEV_CRITICAL] = "critical",
};

#define SEVERITY_COUNT \
	(sizeof(severity_names) / sizeof(severity_names[0]))

const struct mt_catalog_entry *
mt_catalog_lookup(const char *id)
{
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < CATALOG_COUNT; i++)
		if (strcmp(catalog[i].id, id) == 0)
			return &catalog[i];
	return NULL;
}

size_t
mt_catalog_count(void)
{
	return CATALOG_COUNT;
}

const struct mt_catalog_entry *
mt_catalog_at(size_t i)
{
	if (i >= CATALOG_COUNT)
		return NULL;
	return &catalog[i];
}

const char *
mt_severity_name(int sev)
{
	if (sev < 0 || (size_t)sev >= SEVERITY_COUNT)
		return "unknown";
	return severity_names[sev];
}

int
mt_severity_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < SEVERITY_COUNT; i++)
		if (strcasecmp(severity_names[i], s) == 0)
			return (int)i;
	return -1;
}
