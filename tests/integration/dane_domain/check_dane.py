#!/usr/bin/env python3
"""check_dane.py - `mailtls dane DOMAIN` against the DNSSEC lab

The lab (tests/lab/dns/dnslab.sh, started by scripts/test.sh) serves
signed zones under one trust anchor, and real Postfix servers present the
certificates (pf-dane-1: server1, pf-dane-2: server2 with a new key,
pf-dane-1b: server1 renewed with the same key).  For each case the verdict
an administrator reads is asserted, and where DANE applies the match is
checked against OpenSSL's own DANE code (`openssl s_client
-dane_tlsa_rrdata`) on the same server.

usage: check_dane.py --mailtls BIN CASE
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

LAB = os.environ.get('MAILTLS_LAB_DIR', '/tmp/mailtls-lab')


def lab_env():
    path = os.path.join(LAB, 'dns', 'lab.env')
    env = {}
    if not os.path.exists(path):
        return None
    for line in open(path):
        line = line.strip()
        if line and not line.startswith('#') and '=' in line:
            k, v = line.split('=', 1)
            env[k] = shlex.split(v)[0] if v else ''
    return env


def dane(mailtls, env, domain, port, *extra):
    cmd = [mailtls, 'dane', '--json', '--trust-anchor',
           env['MAILTLS_DNS_ANCHOR'], '--resolver', env['MAILTLS_DNS_NSD'],
           '--allow-zone', env['MAILTLS_DNS_UNBLOCK'], '--port', str(port),
           '--timeout', '5000'] + list(extra) + [domain]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    print('$', ' '.join(cmd), '->', r.returncode)
    if r.stderr:
        print(r.stderr[-1000:])
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def openssl_dane(port, name, rrdata):
    """OpenSSL's verdict for one record against the server on port."""
    cmd = ['openssl', 's_client', '-connect', f'127.0.0.1:{port}',
           '-starttls', 'smtp', '-servername', name, '-dane_tlsa_domain',
           name, '-dane_tlsa_rrdata', rrdata, '-verify_return_error',
           '-brief']
    r = subprocess.run(cmd, input='', capture_output=True, text=True,
                       timeout=30)
    out = r.stdout + r.stderr
    return 'Verification: OK' in out


def mx(doc, host):
    for m in doc['mx']:
        if m['host'] == host:
            return m
    raise AssertionError(f'{host} not in {[m["host"] for m in doc["mx"]]}')


def case_good(a, env):
    rc, doc = dane(a.mailtls, env, 'example.test',
                   env['MAILTLS_DANE_PORT_SERVER1'])
    assert rc == 0, rc
    assert doc['mx_dnssec'] == 'secure'
    m = mx(doc, 'mx.example.test')
    assert m['verdict'] == 'verified', m['summary']
    assert m['tlsa_dnssec'] == 'secure'
    depths = sorted(r['matched_depth'] for r in m['tlsa'])
    assert depths == [0, 1], depths      # 3 1 1 at the leaf, 2 1 1 at the CA
    assert 'Verified' in m['postfix_dane'], m['postfix_dane']
    # mx2 has no TLSA: authenticated denial, DANE does not apply.
    m2 = mx(doc, 'mx2.example.test')
    assert m2['verdict'] == 'not-applicable' and m2['tlsa_nxdomain'], m2
    for r in m['tlsa']:
        assert openssl_dane(env['MAILTLS_DANE_PORT_SERVER1'],
                            'mx.example.test', r['rdata']), r


def case_stale(a, env):
    port = env['MAILTLS_DANE_PORT_SERVER2']
    rc, doc = dane(a.mailtls, env, 'broken.test', port)
    assert rc == 1, rc
    m = mx(doc, 'mx.broken.test')
    assert m['verdict'] == 'failed', m['summary']
    assert 'stale' in m['summary'], m['summary']
    assert all(r['matched_depth'] is None for r in m['tlsa']), m['tlsa']
    assert 'defers' in m['postfix_dane'], m['postfix_dane']
    want = env['MAILTLS_DNS_TLSA_SERVER2']
    got = [s['record'] for s in m['suggested_records']]
    assert any(g.endswith('TLSA ' + want) for g in got), (want, got)
    # OpenSSL agrees: the published record fails, the suggested one works.
    assert not openssl_dane(port, 'mx.broken.test',
                            env['MAILTLS_DNS_TLSA_SERVER1'])
    assert openssl_dane(port, 'mx.broken.test', want)


def case_renewed(a, env):
    rc, doc = dane(a.mailtls, env, 'renewed.test',
                   env['MAILTLS_DANE_PORT_SERVER1B'])
    assert rc == 0, rc
    m = mx(doc, 'mx.renewed.test')
    assert m['verdict'] == 'verified', m['summary']
    assert openssl_dane(env['MAILTLS_DANE_PORT_SERVER1B'], 'mx.renewed.test',
                        env['MAILTLS_DNS_TLSA_SERVER1'])


def case_bogus(a, env, domain, where):
    rc, doc = dane(a.mailtls, env, domain, env['MAILTLS_DANE_PORT_SERVER1'])
    assert rc == 1, rc
    if where == 'mx':
        assert doc['mx_dnssec'] == 'bogus', doc['mx_dnssec']
    else:
        m = mx(doc, 'mx.' + domain)
        assert m['verdict'] == 'bogus', m['summary']
        assert m['tlsa_dnssec'] == 'bogus'
        assert m['tlsa'] == [], 'bogus records used'
        assert m['tlsa_why_bogus'], m
        assert not m['connected'], 'connected to a bogus host'


def case_insecure(a, env):
    rc, doc = dane(a.mailtls, env, 'insecure.test',
                   env['MAILTLS_DANE_PORT_SERVER1'])
    assert rc == 0, rc
    assert doc['mx_dnssec'] == 'insecure'
    for m in doc['mx']:
        assert m['verdict'] == 'not-applicable', m


def case_cname(a, env):
    rc, doc = dane(a.mailtls, env, 'cname.test',
                   env['MAILTLS_DANE_PORT_SERVER1'])
    assert rc == 0, rc
    m = mx(doc, 'mx.cname.test')
    assert m['canonical'] == 'host.cname.test', m['canonical']
    assert m['tlsa_name'].startswith('_%s._tcp.host.cname.test' %
                                     env['MAILTLS_DANE_PORT_SERVER1'])
    assert m['verdict'] == 'verified', m['summary']


def case_expiry(a, env):
    # danecheck's --at: a 2 1 1 match needs a leaf valid at that date.
    rc, doc = dane(a.mailtls, env, 'example.test',
                   env['MAILTLS_DANE_PORT_SERVER1'], '--at', '2099-01-01')
    m = mx(doc, 'mx.example.test')
    # 3 1 1 (DANE-EE) ignores dates, so the host still verifies...
    assert m['verdict'] == 'verified', m['summary']


def case_probe_mx(a, env):
    # The probe with --mx carries the same check, and a stale TLSA is a
    # high finding: exit 1.
    port = env['MAILTLS_DANE_PORT_SERVER2']
    cmd = [a.mailtls, 'probe', '--json', '--mx', 'broken.test', '--mx-port',
           port, '--trust-anchor', env['MAILTLS_DNS_ANCHOR'], '--resolver',
           env['MAILTLS_DNS_NSD'], '--allow-zone', env['MAILTLS_DNS_UNBLOCK'],
           '--timeout', '5000']
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    print('$', ' '.join(cmd), '->', r.returncode)
    doc = json.loads(r.stdout)
    assert r.returncode == 1, (r.returncode, r.stderr)
    hosts = [t['host'] for t in doc['targets']]
    assert hosts == ['mx.broken.test', 'mx2.broken.test'], hosts
    for t in doc['targets']:
        assert t['completed'], t['error']
        assert t['port'] == int(port), t['port']
    pol = doc['policies']
    assert len(pol) == 1 and pol[0]['schema'] == 'mailtls-dane', pol
    assert mx(pol[0], 'mx.broken.test')['verdict'] == 'failed'
    assert pol[0]['mta_sts']['found'] and pol[0]['tls_rpt']['found'], pol[0]


CASES = {
    'probe-mx': case_probe_mx,
    'good': case_good,
    'stale': case_stale,
    'renewed': case_renewed,
    'tampered': lambda a, e: case_bogus(a, e, 'bogus.test', 'tlsa'),
    'expired-sigs': lambda a, e: case_bogus(a, e, 'expired.test', 'mx'),
    'wrong-ds': lambda a, e: case_bogus(a, e, 'badds.test', 'mx'),
    'insecure': case_insecure,
    'cname': case_cname,
    'at-date': case_expiry,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mailtls', required=True)
    ap.add_argument('case', choices=sorted(CASES))
    a = ap.parse_args()
    env = lab_env()
    if env is None:
        print('DNS lab not running (sh tests/lab/dns/dnslab.sh start)')
        return 1 if os.environ.get('CI') else 77
    try:
        CASES[a.case](a, env)
    except AssertionError as e:
        print(f'FAIL {a.case}: {e}')
        return 1
    print(f'ok {a.case}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
