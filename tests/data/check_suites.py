#!/usr/bin/env python3
"""check_suites.py - compare the compiled suite registry with two oracles

Usage: check_suites.py --testssl|--openssl DUMP_REGISTRY

DUMP_REGISTRY is tests/data/dump_registry, which prints the suite rows the
library holds.  --testssl compares them with testssl.sh's
cipher-mapping.txt (path from $TESTSSL_MAPPING, default
/etc/testssl/cipher-mapping.txt); --openssl with the local openssl(1)
("ciphers -V -stdname", TLS 1.2 and 1.3 lists, and the HIGH/MEDIUM/LOW/
eNULL classes).  When an oracle is missing the test is skipped (exit 77),
unless the environment variable CI is set: then it fails.

Prints one line per mismatch and a final "N passed, N failed" line.
"""
import os
import re
import shutil
import subprocess
import sys

# Deliberate deviations from testssl.sh's cipher-mapping.txt, each with the
# reason.  Keys: (code, column); value: (testssl's value, ours, reason).
TESTSSL_DEVIATIONS = {
    (0x0000, 'openssl'): (
        'NULL', '-',
        'TLS_NULL_WITH_NULL_NULL has no OpenSSL cipher; "NULL" is an '
        'OpenSSL cipher-string alias for all eNULL suites, so storing it '
        'would make mt_suite_by_name("NULL") return this row.'),
    (0x0000, 'minversion'): (
        'ssl3', '-',
        'the initial NULL state is never negotiated, so no versions.'),
}
# Systematic spelling differences: testssl's word -> ours.
TESTSSL_ENC_SPELLING = {
    # testssl keeps OpenSSL 1.0.2-chacha's "ChaCha20"; OpenSSL 1.1+ and 3.x
    # print "CHACHA20/POLY1305", and the registry follows the local OpenSSL
    # for every ChaCha20 row (including the pre-RFC 0xCC13-0xCC15).
    'ChaCha20': 'CHACHA20/POLY1305',
}


def testssl_version_deviation(row, tword, ours):
    """Our minimum version where it deliberately differs from testssl's."""
    # ECC suites (RFC 4492, RFC 5489) are defined for TLS only: their
    # extensions do not exist in SSLv3.  testssl copies OpenSSL 1.0.2's
    # "SSLv3"; OpenSSL 1.1+ (and this registry) start them at TLS 1.0.
    if row['kx'].startswith('ECDH') and tword == 'ssl3' and ours == 'tls10':
        return 'tls10'
    return None


# testssl's SSLv2 rows (three-byte codes) are not TLS suites and are not in
# the registry by design; they are counted as skipped.

VERSION_WORD = {'SSLv3': 'ssl3', 'TLSv1': 'tls10', 'TLSv1.0': 'tls10',
                'TLSv1.1': 'tls11', 'TLSv1.2': 'tls12', 'TLSv1.3': 'tls13'}
VORDER = ['ssl3', 'tls10', 'tls11', 'tls12', 'tls13']


class Result:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def check(self, what, got, want):
        if got == want:
            self.passed += 1
            return True
        self.failed += 1
        print('FAIL %s: got %r, want %r' % (what, got, want))
        return False


def skip_or_fail(msg):
    if os.environ.get('CI'):
        print('FAIL %s (CI is set, so a missing oracle fails)' % msg)
        print('0 passed, 1 failed')
        sys.exit(1)
    print('SKIP %s' % msg)
    sys.exit(77)


def load_dump(path):
    out = subprocess.run([path], check=True, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    rows = {}
    for line in out.splitlines():
        f = line.split('\t')
        if len(f) != 11:
            raise SystemExit('dump: bad line %r' % line)
        rows[int(f[0], 16)] = {
            'code': f[0], 'iana': f[1], 'openssl': f[2], 'kx': f[3],
            'au': f[4], 'enc': f[5], 'bits': int(f[6]), 'mac': f[7],
            'flags': [] if f[8] == '-' else f[8].split(','),
            'versions': [] if f[9] == '-' else f[9].split(','),
            'strength': f[10]}
    return rows


def minversion(row):
    return row['versions'][0] if row['versions'] else '-'


def split_enc(enc):
    m = re.fullmatch(r'(.*)\((\d+)\)', enc)
    if m is None:
        return enc, 0
    return m.group(1), int(m.group(2))


def kv(fields):
    d = {}
    for f in fields:
        k, _, v = f.partition('=')
        d[k] = v
    return d


def check_testssl(rows, res):
    path = os.environ.get('TESTSSL_MAPPING',
                          '/etc/testssl/cipher-mapping.txt')
    if not os.path.exists(path):
        skip_or_fail('%s not found (install testssl.sh)' % path)
    used = set()
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            where = '%s:%d' % (os.path.basename(path), lineno)
            if fields[0].count(',') != 1:
                res.skipped += 1            # SSLv2 three-byte code
                continue
            code = int(fields[0].replace('0x', '').replace(',', ''), 16)
            tag = '%s 0x%04X' % (where, code)
            if not res.check(tag + ' present', code in rows, True):
                continue
            ours = rows[code]
            a = kv(fields[5:9])
            enc, bits = split_enc(a['Enc'])
            want = {'openssl': fields[2], 'iana': fields[3], 'kx': a['Kx'],
                    'au': a['Au'], 'enc': TESTSSL_ENC_SPELLING.get(enc, enc),
                    'bits': bits, 'mac': a['Mac'],
                    'minversion': VERSION_WORD[fields[4]]}
            for col, w in want.items():
                if w == '-' and col in ('openssl', 'iana'):
                    continue            # testssl has no name
                got = minversion(ours) if col == 'minversion' else ours[col]
                if col == 'minversion':
                    d = testssl_version_deviation(ours, w, got)
                    if d is not None:
                        res.check('%s %s (ECC deviation)' % (tag, col), got,
                                  d)
                        continue
                dev = TESTSSL_DEVIATIONS.get((code, col))
                if dev is not None and dev[0] == w:
                    used.add((code, col))
                    res.check('%s %s (deviation)' % (tag, col), got, dev[1])
                    continue
                res.check('%s %s' % (tag, col), got, w)
    for k in TESTSSL_DEVIATIONS:
        res.check('deviation 0x%04X %s still needed' % k, k in used, True)


def openssl_list(openssl, args):
    out = subprocess.run([openssl, 'ciphers'] + args, check=True,
                         stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    res = {}
    for line in out.splitlines():
        f = line.split()
        code = int(f[0].replace('0x', '').replace(',', ''), 16)
        res[code] = f
    return res


def openssl_names(openssl, spec):
    p = subprocess.run([openssl, 'ciphers', spec], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, universal_newlines=True)
    if p.returncode != 0:
        return set()                    # "no cipher match": empty class
    return set(p.stdout.strip().split(':'))


def check_openssl(rows, res):
    openssl = shutil.which('openssl')
    if openssl is None:
        skip_or_fail('openssl(1) not found')
    tls13 = ('TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:'
             'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:'
             'TLS_AES_128_CCM_8_SHA256')
    known = openssl_list(openssl, ['-V', '-stdname',
                                   'ALL:COMPLEMENTOFALL:@SECLEVEL=0'])
    known.update(openssl_list(openssl, ['-V', '-stdname', '-s', '-tls1_3',
                                        '-ciphersuites', tls13, 'ALL']))
    # Format: 0xC0,0x2F - IANA - OPENSSL VERSION Kx= Au= Enc= Mac=
    for code, f in sorted(known.items()):
        tag = 'openssl 0x%04X %s' % (code, f[4])
        if not res.check(tag + ' present', code in rows, True):
            continue
        ours = rows[code]
        a = kv(f[6:10])
        enc, bits = split_enc(a['Enc'])
        res.check(tag + ' iana', ours['iana'], f[2])
        res.check(tag + ' openssl', ours['openssl'], f[4])
        res.check(tag + ' kx', ours['kx'], a['Kx'])
        res.check(tag + ' au', ours['au'], a['Au'])
        res.check(tag + ' enc', ours['enc'], enc)
        res.check(tag + ' bits', ours['bits'], bits)
        res.check(tag + ' mac', ours['mac'], a['Mac'])
        res.check(tag + ' minversion', minversion(ours),
                  VERSION_WORD[f[5]])
    for code, r in sorted(rows.items()):
        res.check('0x%04X %s openssl flag' % (code, r['iana']),
                  'openssl' in r['flags'], code in known)
    # Strength classes as OpenSSL sees them (TLS 1.3 suites are all HIGH).
    classes = {}
    for cls in ('HIGH', 'MEDIUM', 'LOW', 'eNULL'):
        for name in openssl_names(openssl, cls + ':@SECLEVEL=0'):
            classes[name] = 'NONE' if cls == 'eNULL' else cls
    for code, r in sorted(rows.items()):
        if code not in known or code >> 8 == 0x13:
            continue
        res.check('0x%04X %s strength' % (code, r['openssl']),
                  r['strength'], classes.get(r['openssl'], '?'))


def main(argv):
    if len(argv) != 3 or argv[1] not in ('--testssl', '--openssl'):
        sys.stderr.write(__doc__)
        return 2
    rows = load_dump(argv[2])
    res = Result()
    if argv[1] == '--testssl':
        check_testssl(rows, res)
    else:
        check_openssl(rows, res)
    print('%d rows in the registry; %d checks skipped (SSLv2)' %
          (len(rows), res.skipped))
    print('%d passed, %d failed' % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
