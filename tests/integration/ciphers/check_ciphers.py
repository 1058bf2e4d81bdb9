#!/usr/bin/env python3
"""check_ciphers.py - `mailtls ciphers` end to end on the cases of issue 3

Each case runs the built mailtls (pure computation, no network) and checks
what an administrator would read: the exit status, the JSON document
(docs/json-schema.md) and key phrases of the text report.

  secure-vs-aes128gcm   an OpenSMTPD client with ciphers "secure" against
                        a server offering only AES128-GCM-SHA256 (the
                        issue's words: a bare suite list is exactly those
                        suites): nothing shared, forward secrecy named,
                        exit 1; also with a TLS 1.2-only openssl-1.0.2
                        server string
  plain-aes128gcm       the same string expanded as OpenSSL 3.0 would
                        (openssl-3.0:AES128-GCM-SHA256) keeps the default
                        TLS 1.3 suites, so TLS 1.3 succeeds, and at TLS 1.2
                        nothing is shared
  compat-vs-aes128gcm   ciphers "compat": AES128-GCM-SHA256 chosen, exit 0
  postfix-2019          the 2019 Postfix list as the server against a
                        modern client: what survives, which rule removed
                        the rest
  postfix26-protocols   Postfix 2.6 rejects "TLSv1.2, TLSv1.1, !TLSv1"
                        and disables TLS
  bad-empty, bad-word, bad-operator, bad-nonascii   exit 2, one line
                        naming the word
  list-verbose          the `openssl ciphers -v` style listing and -v
  diff                  what an edit adds and removes, exit 1

usage: check_ciphers.py --mailtls BIN CASE
"""

import argparse
import json
import subprocess
import sys

POSTFIX_2019 = ('ALL:+RC4:@STRENGTH:!aNULL:!LOW:!EXP:!MEDIUM:!ADH:!AECDH:'
                '!MD5:!DSS:!ECDSA:!CAMELLIA128:!3DES:!CAMELLIA256:!RSA+AES:'
                '!eNULL')

MAILTLS = None


def run(*args):
    p = subprocess.run([MAILTLS, 'ciphers', *args], capture_output=True,
                       text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def run_json(*args):
    rc, out, err = run('--json', *args)
    assert out, f'no JSON on stdout (exit {rc}, stderr {err!r})'
    return rc, json.loads(out), err


def want_rc(rc, want, err=''):
    assert rc == want, f'exit status {rc}, want {want} (stderr {err!r})'


def codes(suites):
    return [s['code'] for s in suites]


def version_entry(doc, v):
    return next(e for e in doc['versions'] if e['version'] == v)


def check_secure_vs_aes128gcm():
    for server in ('AES128-GCM-SHA256', 'openssl-1.0.2:AES128-GCM-SHA256'):
        check_secure_vs(server)


def check_secure_vs(server):
    rc, doc, err = run_json('--match', 'opensmtpd:secure', server)
    want_rc(rc, 1, err)
    assert doc['schema'] == 'mailtls-ciphers-match', doc['schema']
    assert doc['schema_version'] == 1
    assert not doc['ok']
    assert doc['version'] == 'TLSv1.2', doc['version']
    assert 'no shared cipher at TLSv1.2' in doc['reason'], doc['reason']
    assert 'forward secrecy' in doc['reason'], doc['reason']
    assert version_entry(doc, 'TLSv1.2')['shared'] == []
    assert doc['missing'], 'no missing rows'
    for m in doc['missing']:
        assert m['rule'], m
    rc, out, err = run('--match', 'opensmtpd:secure', server)
    want_rc(rc, 1, err)
    assert 'forward secrecy' in out and 'fails' in out, out


def check_plain_aes128gcm():
    rc, doc, err = run_json('--match', 'opensmtpd:secure',
                            'openssl-3.0:AES128-GCM-SHA256')
    # OpenSSL 3.0 keeps its default TLS 1.3 suites beside the cipher
    # string, so TLS 1.3 is negotiated; TLS 1.2 alone would share nothing.
    want_rc(rc, 0, err)
    assert doc['version'] == 'TLSv1.3', doc['version']
    assert version_entry(doc, 'TLSv1.2')['shared'] == []


def check_compat_vs_aes128gcm():
    rc, doc, err = run_json('--match', 'opensmtpd:compat',
                            'AES128-GCM-SHA256')
    want_rc(rc, 0, err)
    assert doc['ok']
    assert doc['version'] == 'TLSv1.2', doc['version']
    assert doc['suite']['code'] == '0x009C', doc['suite']
    assert doc['suite']['name'] == 'AES128-GCM-SHA256'
    rc, out, err = run('--match', 'opensmtpd:compat',
                       'openssl-1.0.2:AES128-GCM-SHA256')
    want_rc(rc, 0, err)
    assert 'AES128-GCM-SHA256' in out and 'succeeds' in out, out


def check_postfix_2019():
    rc, doc, err = run_json('-v', '--match', 'client:openssl-3.0',
                            POSTFIX_2019)
    assert rc in (0, 1), f'exit status {rc} ({err!r})'
    server = doc['server']
    kept = codes(server['suites'])
    assert kept, 'nothing survives'
    removed = {r['code']: r for r in server['removed']}
    # AES128-SHA (kRSA + AES) is removed by the word "!RSA+AES", 16th.
    assert removed['0x002F']['rule'] == '!RSA+AES', removed['0x002F']
    assert removed['0x002F']['position'] == 16, removed['0x002F']
    # ECDHE-ECDSA suites by "!ECDSA", anonymous ones by "!aNULL".
    assert removed['0xC02B']['rule'] == '!ECDSA', removed['0xC02B']
    assert removed['0x00A6']['rule'] in ('!aNULL', '!ADH'), \
        removed['0x00A6']
    for code in kept:
        assert code not in removed, code
    # What survives is forward-secret RSA-signed AEAD/CBC, no ECDSA.
    assert '0xC02F' in kept, kept
    for s in server['suites']:
        assert s['au'] != 'ECDSA', s
    rc, out, err = run('-v', '--match', 'client:openssl-3.0', POSTFIX_2019)
    assert rc in (0, 1), f'exit status {rc} ({err!r})'
    rc, out, err = run('-v', POSTFIX_2019)
    want_rc(rc, 0, err)
    assert '!RSA+AES' in out, out
    line = next(l for l in out.splitlines()
                if l.split() and l.split()[0] == 'AES128-SHA' and
                '0x00,0x2F' in l and 'Kx=' not in l)
    assert '!RSA+AES' in line, line


def check_postfix26_protocols():
    rc, out, err = run('--mta', 'postfix-2.6', '--protocols',
                       'TLSv1.2, TLSv1.1, !TLSv1, !SSLv2, !SSLv3', 'high')
    text = out + err
    assert rc in (1, 2), f'exit status {rc}, want 1 or 2'
    assert 'disabling TLS' in text or 'TLS disabled' in text, text
    assert 'Invalid TLS protocol list' in text or 'TLS is disabled' in text, \
        text
    # The newer Postfix takes the same list.
    rc, out, err = run('--mta', 'postfix-3.7', '--protocols',
                       'TLSv1.2, TLSv1.1, !TLSv1, !SSLv2, !SSLv3', 'high')
    want_rc(rc, 0, err)


def expect_bad(spec, word):
    rc, out, err = run(spec)
    want_rc(rc, 2, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, f'want one line, got {err!r}'
    if word is not None:
        assert word in lines[0], f'{lines[0]!r} does not name {word!r}'
    assert out == '', out


def check_bad_empty():
    expect_bad('', None)
    rc, out, err = run('--match', 'opensmtpd:secure', '')
    want_rc(rc, 2, err)


def check_bad_word():
    expect_bad('BOGUSWORD', 'BOGUSWORD')
    rc, out, err = run('--mta', 'opensmtpd', 'nonsense-keyword')
    want_rc(rc, 2, err)
    rc, out, err = run('--lib', 'openssl-9', 'HIGH')
    want_rc(rc, 2, err)
    assert 'openssl-9' in err, err


def check_bad_operator():
    rc, out, err = run('@STRENGTH=5:HIGH')
    want_rc(rc, 2, err)
    assert len(err.strip().splitlines()) == 1, err


def check_bad_nonascii():
    rc, out, err = run('HIGH:\u00e9t\u00e9')
    assert rc in (0, 2), f'exit status {rc}'
    rc, out, err = run('x' * 100000)
    assert rc == 2, f'exit status {rc} for a 100 kB string'


def check_list_verbose():
    rc, out, err = run('HIGH:!aNULL:!kRSA')
    want_rc(rc, 0, err)
    rows = [l for l in out.splitlines() if 'Kx=' in l]
    assert rows, out
    first = rows[0].split()
    assert first[2].startswith('Kx=') and first[3].startswith('Au='), rows[0]
    assert any('TLS_AES_256_GCM_SHA384' in r for r in rows), out
    assert 'TLSv1.3' in out
    rc, out2, err = run('-v', 'HIGH:!aNULL:!kRSA')
    want_rc(rc, 0, err)
    assert len(out2) > len(out)
    assert '!kRSA' in out2 and '!aNULL' in out2
    rc, doc, err = run_json('HIGH:!aNULL:!kRSA')
    want_rc(rc, 0, err)
    assert doc['schema'] == 'mailtls-ciphers'
    pol = doc['policy']
    assert pol['library'] == 'openssl-3.0', pol['library']
    assert len(pol['suites']) == len(rows) - len(pol['tls13']), \
        (len(pol['suites']), len(rows))
    rules = {r['rule'] for r in pol['removed']}
    assert '!kRSA' in rules and '!aNULL' in rules, rules


def check_diff():
    rc, doc, err = run_json('--diff', 'HIGH:!aNULL', 'HIGH:!aNULL:!kRSA')
    want_rc(rc, 1, err)
    assert doc['schema'] == 'mailtls-ciphers-diff'
    assert doc['added'] == [], doc['added']
    gone = codes(doc['removed'])
    assert '0x009C' in gone and '0x002F' in gone, gone
    for s in doc['removed']:
        assert s['kx'] == 'RSA', s
    rc, doc, err = run_json('--diff', 'HIGH', 'HIGH')
    want_rc(rc, 0, err)
    rc, out, err = run('--diff', 'HIGH:!aNULL', 'HIGH:!aNULL:!kRSA')
    want_rc(rc, 1, err)
    assert 'removed' in out and 'AES128-GCM-SHA256' in out, out


CASES = {
    'secure-vs-aes128gcm': check_secure_vs_aes128gcm,
    'plain-aes128gcm': check_plain_aes128gcm,
    'compat-vs-aes128gcm': check_compat_vs_aes128gcm,
    'postfix-2019': check_postfix_2019,
    'postfix26-protocols': check_postfix26_protocols,
    'bad-empty': check_bad_empty,
    'bad-word': check_bad_word,
    'bad-operator': check_bad_operator,
    'bad-nonascii': check_bad_nonascii,
    'list-verbose': check_list_verbose,
    'diff': check_diff,
}


def main():
    global MAILTLS
    ap = argparse.ArgumentParser()
    ap.add_argument('--mailtls', required=True)
    ap.add_argument('case', choices=sorted(CASES))
    a = ap.parse_args()
    MAILTLS = a.mailtls
    try:
        CASES[a.case]()
    except AssertionError as e:
        print(f'{a.case}: FAIL: {e}')
        return 1
    print(f'{a.case}: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
