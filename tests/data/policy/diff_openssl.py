#!/usr/bin/env python3
"""diff_openssl.py - the cipher-string engine against the local openssl(1)

Generates cipher strings from a fixed seed (keywords, aliases, suite
names, operators, '+' joins, @STRENGTH, @SECLEVEL=0..2, stray bytes),
expands each with the engine (expand_main, dialect openssl-3.0) and with
`openssl ciphers -V -s -tls1_2 -- STR` (and `-tls1_3` for every tenth
string), and compares suite for suite and in order.  openssl rejecting a
string must match the engine returning an error.  OPENSSL_CONF=/dev/null
so that upstream defaults apply (security level 1), which is the engine's
openssl-3.0 default; Debian's openssl.cnf would set SECLEVEL=2.

tests/data/policy/regress.txt (one string a line, kept in git) is
replayed first; newly failing strings are appended to it.  Exit 0 when
all agree, 1 on any mismatch, 77 (skip) without openssl unless CI is set.

Usage: diff_openssl.py EXPAND_BINARY [--count N] [--seed S]
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REGRESS = os.path.join(HERE, 'regress.txt')

ALIASES = [
    'ALL', 'COMPLEMENTOFALL', 'DEFAULT', 'COMPLEMENTOFDEFAULT', 'HIGH',
    'MEDIUM', 'LOW', 'EXPORT', 'EXP', 'eNULL', 'NULL', 'aNULL', 'kRSA',
    'aRSA', 'RSA', 'kDHE', 'kEDH', 'DH', 'DHE', 'EDH', 'ADH', 'kECDHE',
    'kEECDH', 'ECDH', 'ECDHE', 'EECDH', 'AECDH', 'aECDSA', 'ECDSA', 'aDSS',
    'DSS', 'PSK', 'kPSK', 'aPSK', 'kRSAPSK', 'kECDHEPSK', 'kDHEPSK', 'SRP',
    'kSRP', 'aSRP', 'AES', 'AES128', 'AES256', 'AESGCM', 'AESCCM',
    'AESCCM8', 'CHACHA20', 'CAMELLIA', 'CAMELLIA128', 'CAMELLIA256',
    'ARIA', 'ARIAGCM', 'ARIA128', 'ARIA256', '3DES', 'RC4', 'DES', 'SEED',
    'IDEA', 'CBC', 'MD5', 'SHA1', 'SHA', 'SHA256', 'SHA384', 'FIPS',
    'SSLv3', 'TLSv1', 'TLSv1.0', 'TLSv1.2', 'TLSv1.3', 'AEAD', 'kGOST',
    'aGOST', 'GOST94', 'FOO', 'rsa', 'Aes', 'kDHr', 'aECDH',
]
SPECIAL = ['@STRENGTH', '@SECLEVEL=0', '@SECLEVEL=1', '@SECLEVEL=2',
           '@SECLEVEL=9', '@FOO']
SEPS = [':', ':', ':', ',', ' ', ';', '::']
PREFIX = ['', '', '', '!', '-', '+']


def openssl_names():
    out = subprocess.run(
        ['openssl', 'ciphers', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'],
        capture_output=True, text=True, env=ENV).stdout.strip()
    return out.split(':') if out else []


def gen(rng, names):
    words = []
    for _ in range(rng.randint(1, 8)):
        r = rng.random()
        if r < 0.08:
            words.append(rng.choice(SPECIAL))
            continue
        parts = []
        for _ in range(1 if rng.random() < 0.75 else rng.randint(2, 3)):
            if rng.random() < 0.25 and names:
                parts.append(rng.choice(names))
            else:
                parts.append(rng.choice(ALIASES))
        words.append(rng.choice(PREFIX) + '+'.join(parts))
    s = ''
    for i, w in enumerate(words):
        s += (rng.choice(SEPS) if i else '') + w
    r = rng.random()
    if r < 0.03:
        s = s + rng.choice(['+', '!', ':', '-'])
    elif r < 0.05:
        s = rng.choice(['!:', ':::', '+', '', 'é', 'ALL:é', 'AES_128']) + s
    return s


ENV = dict(os.environ, OPENSSL_CONF='/dev/null')


def run_openssl(s, vflag):
    r = subprocess.run(['openssl', 'ciphers', '-V', '-s', vflag, '--', s],
                       capture_output=True, env=ENV)
    if r.returncode != 0 or b'Error in cipher list' in r.stderr:
        return None
    codes = []
    for line in r.stdout.decode('latin-1').splitlines():
        t = line.split()
        if not t or not t[0].startswith('0x'):
            continue
        hi, lo = t[0].split(',')
        codes.append('0x%02X%02X' % (int(hi, 16), int(lo, 16)))
    return codes


def run_engine(binary, strings):
    data = ''.join(s + '\n' for s in strings).encode('utf-8',
                                                      'surrogateescape')
    r = subprocess.run([binary], input=data, capture_output=True,
                       check=True)
    out = []
    for line in r.stdout.decode('latin-1').splitlines():
        if line.startswith('ERR '):
            out.append(None)
            continue
        pre, t13 = line.split('|')
        out.append(([c for c in pre.split(',') if c],
                    [c for c in t13.split(',') if c]))
    return out


def compare(binary, strings, tls13_every):
    eng = run_engine(binary, strings)
    if len(eng) != len(strings):
        sys.exit('engine printed %d lines for %d strings'
                 % (len(eng), len(strings)))
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(
            max_workers=max(2, (os.cpu_count() or 2) * 2)) as ex:
        for i, s in enumerate(strings):
            jobs.append(ex.submit(run_openssl, s, '-tls1_2'))
        j13 = {i: ex.submit(run_openssl, s, '-tls1_3')
               for i, s in enumerate(strings) if i % tls13_every == 0}
        res = [j.result() for j in jobs]
        res13 = {i: j.result() for i, j in j13.items()}
    bad = []
    for i, s in enumerate(strings):
        o, e = res[i], eng[i]
        if o is None or e is None:
            if (o is None) != (e is None):
                bad.append((s, 'openssl %s, engine %s' % (
                    'rejects' if o is None else 'accepts',
                    'rejects' if e is None else 'accepts')))
            continue
        if o != e[0]:
            bad.append((s, 'tls1_2 openssl=%s engine=%s' % (
                ','.join(o), ','.join(e[0]))))
            continue
        if i in res13 and res13[i] is not None and res13[i] != e[1]:
            bad.append((s, 'tls1_3 openssl=%s engine=%s' % (
                ','.join(res13[i]), ','.join(e[1]))))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('binary')
    ap.add_argument('--count', type=int, default=3000)
    ap.add_argument('--seed', type=int, default=20240603)
    a = ap.parse_args()
    if shutil.which('openssl') is None:
        print('openssl(1) not found')
        sys.exit(1 if os.environ.get('CI') else 77)
    regress = []
    if os.path.exists(REGRESS):
        with open(REGRESS, encoding='utf-8', errors='surrogateescape') as f:
            regress = [l.rstrip('\n') for l in f
                       if not l.startswith('#') and l.strip()]
    rng = random.Random(a.seed)
    names = openssl_names()
    gen_strings = [gen(rng, names) for _ in range(a.count)]
    bad_r = compare(a.binary, regress, 1) if regress else []
    bad_g = compare(a.binary, gen_strings, 10)
    known = set(regress)
    new = [s for s, _ in bad_g if s not in known and '\n' not in s]
    if new:
        with open(REGRESS, 'a', encoding='utf-8',
                  errors='surrogateescape') as f:
            for s in dict.fromkeys(new):
                f.write(s + '\n')
    for s, why in (bad_r + bad_g)[:40]:
        print('MISMATCH %r: %s' % (s, why))
    print('regress: %d strings, %d mismatches; generated: %d strings '
          '(seed %d), %d mismatches; %d new regression cases'
          % (len(regress), len(bad_r), len(gen_strings), a.seed,
             len(bad_g), len(set(new))))
    sys.exit(1 if bad_r or bad_g else 0)


if __name__ == '__main__':
    main()
