#!/usr/bin/env python3
"""check_fake.py - mailtls probe against the scripted fake server

For what no real server does (SSLv3-only answers, 454 to STARTTLS, 421
greetings and rate limits, tarpits, plaintext after STARTTLS, impossible
record lengths), start tests/fake/fakesmtp.py with a scenario, run
`mailtls probe --json` against it with a short step deadline, and check
what an administrator would read: the error class and message, or the
per-version verdicts; the exit status; and that the run ended inside its
deadline.  The fake server is stopped by its PID.

usage: check_fake.py --mailtls BIN --fake FAKESMTP --scenarios DIR CASE
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']


def expect_error(code, text, exit_status=3, connections=None):
    def check(doc, rc):
        t = doc['targets'][0]
        assert rc == exit_status, f'exit status {rc}, want {exit_status}'
        assert not t['completed'], 'target marked completed'
        assert t['error']['code'] == code, \
            f"error code {t['error']['code']!r}, want {code!r}"
        assert text in t['error']['message'], \
            f"error {t['error']['message']!r} lacks {text!r}"
        # A host that never reached TLS costs the one connection that
        # found out: the others wait until STARTTLS is accepted.
        if connections is not None:
            got = (t.get('stats') or {}).get('connections')
            assert got == connections, \
                f'stats.connections {got}, want {connections}'
    return check


def proto(doc, v):
    return next(p for p in doc['targets'][0]['protocols']
                if p['version'] == v)


def check_ehlo_dialogue(t):
    """The report shows the EHLO dialogue and STARTTLS as offered, even
    when later connections send STARTTLS right after the greeting."""
    assert t['starttls_offered'] is True, 'starttls_offered not true'
    assert any(d['dir'] == 'C' and d['text'].startswith('EHLO')
               for d in t['dialogue']), t['dialogue']
    ids = [f['id'] for f in t['findings']]
    assert 'smtp.no_starttls' not in ids, ids


def check_sslv3_only(doc, rc):
    t = doc['targets'][0]
    assert t['completed'], t['error']
    check_ehlo_dialogue(t)
    p = proto(doc, 'SSLv3')
    assert p['state'] == 'accepted', p
    assert [s['code'] for s in p['suites']] == ['0x000A'], p['suites']
    for v in VERSIONS[1:]:
        q = proto(doc, v)
        assert q['state'] == 'refused', q
        assert q['refusal'] == 'server answered with SSLv3', q['refusal']
    ids = [f['id'] for f in t['findings']]
    assert 'tls.protocol.sslv3' in ids, ids
    assert rc == 1, f'exit status {rc}, want 1 (high finding)'


def check_all_versions(state, refusal_part):
    def check(doc, rc):
        t = doc['targets'][0]
        assert t['completed'], t['error']
        for v in VERSIONS:
            p = proto(doc, v)
            assert p['state'] == state, (v, p['state'], p['refusal'])
            assert refusal_part in (p['refusal'] or ''), \
                (v, p['refusal'], refusal_part)
        # A version that could not be tested makes the probe incomplete.
        want = (3,) if state == 'error' else (0, 1)
        assert rc in want, f'exit status {rc}, want {want}'
    return check


def check_rate_limit(doc, rc):
    t = doc['targets'][0]
    assert t['completed'], t['error']
    st = t['stats']
    assert st['rate_limited'] >= 1, st
    assert st['retries'] >= 1, st
    limited = [p for p in t['protocols'] if p['state'] == 'error']
    assert limited, 'no version marked error after 421s'
    for p in limited:
        assert p['refusal'].startswith('rate limited: greeting 421'), \
            p['refusal']
    # Never "no TLS": a version is refused only on a real TLS answer.
    for p in t['protocols']:
        if p['state'] == 'refused':
            assert p['refusal'].startswith('alert'), p['refusal']
    ids = [f['id'] for f in t['findings']]
    assert 'probe.rate_limited' in ids, ids
    assert rc == 3, f'exit status {rc}, want 3 (incomplete)'


def check_tarpit_tls(doc, rc):
    t = doc['targets'][0]
    assert t['completed'], t['error']
    check_ehlo_dialogue(t)
    for p in t['protocols']:
        assert p['state'] == 'error', (p['version'], p['state'])
        assert 'timeout after 1000 ms' in p['refusal'], p['refusal']
    assert t['stats']['retries'] >= 1, t['stats']
    assert rc == 3, f'exit status {rc}, want 3 (incomplete)'


CASES = {
    'sslv3-only': ('sslv3-only', [], check_sslv3_only, 15),
    'sslv3-only-direct': ('sslv3-only-direct', [], check_sslv3_only, 15),
    'starttls-454': ('starttls-454', [],
                     expect_error('starttls-refused', '454 4.7.0',
                                  connections=1), 10),
    'greeting-421': ('greeting-421', [], expect_error('greeting', '421',
                                                connections=1), 10),
    'greeting-554': ('greeting-554', [], expect_error('greeting', '554'), 10),
    'no-starttls': ('no-starttls', [],
                    expect_error('no-starttls', 'STARTTLS',
                                 connections=1), 10),
    'not-smtp': ('not-smtp', [],
                 expect_error('not-smtp', 'HTTP/1.0 400',
                              connections=1), 10),
    'tarpit-greeting': ('tarpit-greeting', [],
                        expect_error('timeout', 'greeting'), 4),
    'tarpit-after-starttls': ('tarpit-after-starttls', [],
                              check_tarpit_tls, 12),
    'plaintext-after-starttls': ('plaintext-after-starttls', [],
                                 check_all_versions('error', 'not TLS'), 15),
    'plaintext-injection': ('plaintext-injection', [],
                            expect_error('starttls-injection', 'injection'), 10),
    'impossible-record': ('impossible-record', [],
                          check_all_versions('error', 'malformed'), 15),
    'implicit-alert': ('implicit-alert', ['--tls'],
                       check_all_versions('refused',
                                          'alert handshake_failure (40)'),
                       15),
    'rate-limit': ('rate-limit', ['--max-parallel', '1'], check_rate_limit,
                   40),
    'refused': (None, [], expect_error('refused', 'refused'), 5),
}


def fake_commands(log, verb):
    """How many commands starting with verb the fake server read."""
    with open(log, encoding='latin-1') as f:
        return sum(1 for l in f if (": C: b'%s" % verb) in l)


def check_direct_log(log, doc):
    """sslv3-only-direct: EHLO once, STARTTLS on every connection."""
    ehlo = fake_commands(log, 'EHLO')
    starttls = fake_commands(log, 'STARTTLS')
    conns = doc['targets'][0]['stats']['connections']
    assert ehlo == 1, 'EHLO %d times, want 1' % ehlo
    assert starttls == conns, 'STARTTLS %d times, want %d' % (starttls,
                                                              conns)


def check_fallback_log(log, doc):
    """sslv3-only: STARTTLS before EHLO tried, answered 503, then EHLO
    first; only the connections already started pay the 503."""
    early = fake_commands(log, 'STARTTLS') - fake_commands(log, 'EHLO')
    assert 1 <= early <= 4, 'STARTTLS before EHLO %d times, want 1-4' % early


# What the fake server's log must show, by case.
LOG_CHECKS = {
    'sslv3-only-direct': check_direct_log,
    'sslv3-only': check_fallback_log,
}


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mailtls', required=True)
    ap.add_argument('--fake', required=True)
    ap.add_argument('--scenarios', required=True)
    ap.add_argument('case')
    a = ap.parse_args()
    scenario, extra, check, max_s = CASES[a.case]
    proc = None
    with tempfile.TemporaryDirectory() as tmp:
        if scenario is None:
            port = free_port()
        else:
            pf = os.path.join(tmp, 'port')
            fake_log = os.path.join(tmp, 'fake.log')
            proc = subprocess.Popen([sys.executable, a.fake, '--port-file',
                                     pf, '--max-seconds', '120',
                                     '--log', fake_log,
                                     os.path.join(a.scenarios,
                                                  scenario + '.scn')])
            deadline = time.monotonic() + 10
            while not os.path.exists(pf) or os.path.getsize(pf) == 0:
                if time.monotonic() > deadline:
                    print('fake server did not start')
                    return 1
                time.sleep(0.05)
            time.sleep(0.05)
            port = int(open(pf).read().strip())
        cmd = [a.mailtls, 'probe', '--json', '--timeout', '1000'] + extra + \
            [f'127.0.0.1:{port}']
        t0 = time.monotonic()
        try:
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=max_s + 30)
        finally:
            if proc is not None:
                proc.kill()
                proc.wait()
        elapsed = time.monotonic() - t0
        print('$', ' '.join(cmd))
        print(r.stdout[-4000:])
        print(r.stderr[-2000:])
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            print(f'FAIL: output is not JSON: {e}')
            return 1
        try:
            check(doc, r.returncode)
            assert elapsed <= max_s, f'took {elapsed:.1f} s, limit {max_s}'
            if a.case in LOG_CHECKS:
                LOG_CHECKS[a.case](fake_log, doc)
        except AssertionError as e:
            print(f'FAIL {a.case}: {e}')
            return 1
    print(f'ok {a.case} ({elapsed:.2f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
