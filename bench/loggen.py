#!/usr/bin/env python3
"""loggen.py - a seeded, realistic mixed-MTA mail log for benchmarks

usage: loggen.py [--seed N] [--size BYTES] [--peers N] OUT

Writes classic-syslog lines from Postfix, Exim, sendmail and OpenSMTPD
over a month, about 30% of them about TLS (successes with the real
wordings of each MTA, and failures as the run of lines one process writes
for them, with the same pid), with thousands of peers.  The wordings follow the real lines in
tests/data/logs and ../shared/notes/mta-lab.md; values vary.  The same
seed gives the same file.
"""

import argparse
import random
import time

CIPHERS = [('TLSv1.3', 'TLS_AES_256_GCM_SHA384', 256),
           ('TLSv1.3', 'TLS_AES_128_GCM_SHA256', 128),
           ('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384', 256),
           ('TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 128),
           ('TLSv1.2', 'AES256-SHA256', 256), ('TLSv1', 'AES128-SHA', 128)]
LEVELS = ['Anonymous', 'Untrusted', 'Trusted', 'Verified']
REASONS = [
    'error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/'
    'statem_srvr.c:2226:',
    'error:0A00018C:SSL routines::version too low:../ssl/statem/'
    'statem_srvr.c:1664:',
    'error:0A000412:SSL routines::sslv3 alert bad certificate:../ssl/'
    'record/rec_layer_s3.c:1602:SSL alert number 42:',
    'error:0A000418:SSL routines::tlsv1 alert unknown ca:../ssl/record/'
    'rec_layer_s3.c:1602:SSL alert number 48:',
    'error:1408A0C1:SSL routines:SSL3_GET_CLIENT_HELLO:no shared cipher:'
    's3_srvr.c:1440:',
    'error:140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:unknown protocol:'
    's23_srvr.c:640:',
]
PLAIN = [
    'postfix/qmgr[{pid}]: {qid}: from=<{user}@{dom}>, size={n}, nrcpt=1 '
    '(queue active)',
    'postfix/smtpd[{pid}]: connect from {host}[{ip}]',
    'postfix/smtpd[{pid}]: {qid}: client={host}[{ip}]',
    'postfix/cleanup[{pid}]: {qid}: message-id=<{n}@{dom}>',
    'postfix/smtp[{pid}]: {qid}: to=<{user}@{dom}>, relay={host}[{ip}]:25, '
    'delay=0.{n}, delays=0.01/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 '
    'Ok)',
    'postfix/smtpd[{pid}]: disconnect from {host}[{ip}] ehlo=2 starttls=1 '
    'mail=1 rcpt=1 data=1 quit=1 commands=7',
    'sm-mta[{pid}]: {qid}: from=<{user}@{dom}>, size={n}, class=0, '
    'nrcpts=1, proto=ESMTPS, daemon=MTA, relay={host} [{ip}]',
]


def tls_lines(r, host, ip, pid, qid):
    """One TLS event as the MTA logs it: a failure is the run of lines one
    process writes for it (Postfix: the handshake error, the OpenSSL reason,
    the lost connection, the disconnect; sendmail: the failure and its
    OpenSSL queue line), all with the same pid, as in a real log."""
    v, c, b = r.choice(CIPHERS)
    k = r.random()
    if k < 0.40:
        return ['postfix/smtpd[%d]: %s TLS connection established from '
                '%s[%s]: %s with cipher %s (%d/%d bits)%s' % (
                    pid, r.choice(LEVELS[:2]), host, ip, v, c, b, b,
                    ' key-exchange X25519 server-signature RSA-PSS (2048 '
                    'bits) server-digest SHA256' if v == 'TLSv1.3' else '')]
    if k < 0.57:
        return ['postfix/smtp[%d]: %s TLS connection established to '
                '%s[%s]:25: %s with cipher %s (%d/%d bits)' % (
                    pid, r.choice(LEVELS[1:]), host, ip, v, c, b, b)]
    if k < 0.64:
        return ['postfix/smtpd[%d]: SSL_accept error from %s[%s]: -1' % (
                    pid, host, ip),
                'postfix/smtpd[%d]: warning: TLS library problem: %s' % (
                    pid, r.choice(REASONS)),
                'postfix/smtpd[%d]: lost connection after STARTTLS from '
                '%s[%s]' % (pid, host, ip),
                'postfix/smtpd[%d]: disconnect from %s[%s] ehlo=1 '
                'starttls=0/1 commands=1/2' % (pid, host, ip)]
    if k < 0.78:
        return ['exim[%d]: %s <= %s@%s H=%s [%s] P=esmtps X=TLS1.3:'
                'ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no '
                'S=%d' % (pid, qid, 'user', host, host, ip, pid)]
    if k < 0.82:
        return ['exim[%d]: TLS error on connection from (%s) [%s]:%d '
                '(gnutls_handshake): No supported cipher suites have been '
                'found.' % (pid, host, ip, 40000 + pid % 20000)]
    if k < 0.94:
        return ['sm-mta[%d]: %s: STARTTLS=server, relay=%s [%s], '
                'version=%s, verify=NO, cipher=%s, bits=%d/%d' % (
                    pid, qid, host, ip, v, c, b, b)]
    if k < 0.97:
        return ['sm-mta[%d]: STARTTLS=server, error: accept failed=-1, '
                'reason=sslv3 alert bad certificate, SSL_error=1, errno=0, '
                'retry=-1, relay=%s [%s]' % (pid, host, ip),
                'sm-mta[%d]: STARTTLS=server: error:0A000412:SSL routines::'
                'sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:'
                '1602:SSL alert number 42' % pid]
    return ['smtpd[%d]: %016x smtp tls ciphers=%s:%s:%d' % (
        pid, r.getrandbits(64), v, c, b)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--size', type=int, default=1 << 30)
    ap.add_argument('--peers', type=int, default=5000)
    ap.add_argument('out')
    a = ap.parse_args()
    r = random.Random(a.seed)
    peers = [('mx%d.example%d.net' % (i, i % 97),
              '%d.%d.%d.%d' % (10 + i % 200, (i >> 8) % 256, i % 256,
                               1 + i % 250)) for i in range(a.peers)]
    t = time.mktime((2026, 10, 1, 0, 0, 0, 0, 0, -1))
    step = 30 * 86400 / max(1, a.size // 150)
    written = 0
    buf = []
    with open(a.out, 'w') as f:
        while written < a.size:
            t += step
            host, ip = r.choice(peers)
            pid = r.randrange(1000, 65000)
            qid = '%010X' % r.getrandbits(40)
            if r.random() < 0.28:
                msgs = tls_lines(r, host, ip, pid, qid)
            else:
                msgs = [r.choice(PLAIN).format(pid=pid, qid=qid,
                                               user='u%d' % (pid % 977),
                                               dom=host, host=host, ip=ip,
                                               n=pid)]
            stamp = time.strftime('%b %d %H:%M:%S', time.localtime(t))
            for msg in msgs:
                line = stamp + ' mx ' + msg + '\n'
                buf.append(line)
                written += len(line)
            if len(buf) >= 10000:
                f.write(''.join(buf))
                buf = []
        f.write(''.join(buf))


if __name__ == '__main__':
    main()
