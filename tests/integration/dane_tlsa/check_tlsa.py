#!/usr/bin/env python3
"""check_tlsa.py - `mailtls dane tlsa` against peer tools as oracles

Certificates are made at test time by tests/certs/mkchains.sh in a
temporary directory.  For leaf certificates (RSA and EC) and CA
certificates (intermediate and root) the record mailtls writes must equal,
byte for byte after normalising the format, what the peer writes for the
same certificate and parameters:

  hash-slinger  tlsa --create --certificate CERT --port 25 --usage U
                --selector S --mtype M mx.example.test
  danetool      danetool --tlsa-rr --load-certificate CERT
                --host mx.example.test --port 25 [--ca] [--x509]
                [--hash sha512]   (prints "( 03 01 01 hex )")

for 3 1 1, 3 0 1, 3 1 2, 2 1 1 and 2 0 1 (hash-slinger also 3 1 0 and
3 0 2).  A missing peer fails the test when CI is set and skips it (77)
otherwise.  The `cli` case checks the command itself: the defaults, the
top-CA choice for usage 2 in a chain file, --depth, --json, errors.

usage: check_tlsa.py --mailtls BIN --mkchains SH {hash-slinger,danetool,cli}
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HOST = 'mx.example.test'
OWNER = '_25._tcp.mx.example.test.'
PARAMS = [(3, 1, 1), (3, 0, 1), (3, 1, 2), (2, 1, 1), (2, 0, 1)]
EXTRA_SLINGER = [(3, 1, 0), (3, 0, 2)]
LEAVES = ['leaf.pem', 'leaf-ec.pem']
CAS = ['int.pem', 'root.pem']

RR = re.compile(r'^(\S+)\s+(?:\d+\s+)?IN\s+TLSA\s+\(?\s*(\d+)\s+(\d+)\s+'
                r'(\d+)\s+([0-9a-fA-F\s]+?)\s*\)?\s*$')


def normalise(text):
    """All TLSA records in text as (owner, usage, selector, mtype, hex)."""
    out = []
    for line in text.splitlines():
        m = RR.match(line.strip())
        if m:
            out.append((m.group(1).lower(), int(m.group(2)),
                        int(m.group(3)), int(m.group(4)),
                        re.sub(r'\s+', '', m.group(5)).lower()))
    return out


def run(argv, want_rc=0):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if p.returncode != want_rc:
        raise AssertionError(f'{" ".join(argv)}: exit {p.returncode}, '
                             f'want {want_rc}; stderr {p.stderr!r}')
    return p.stdout, p.stderr


def mailtls(exe, cert, u, s, m):
    out, _ = run([exe, 'dane', 'tlsa', '--usage', str(u), '--selector',
                  str(s), '--mtype', str(m), '--name', HOST, cert])
    return normalise(out)


def slinger(cert, u, s, m):
    out, _ = run(['tlsa', '--create', '--certificate', cert, '--port',
                  '25', '--usage', str(u), '--selector', str(s),
                  '--mtype', str(m), HOST])
    return normalise(out)


def danetool(cert, u, s, m, workdir):
    argv = ['danetool', '--tlsa-rr', '--load-certificate', cert, '--host',
            HOST, '--port', '25']
    if u == 2:
        argv.append('--ca')
    if s == 0:
        argv.append('--x509')
    if m == 2:
        argv.append('--hash=sha512')
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                       cwd=workdir)
    if p.returncode != 0:
        raise AssertionError(f'{" ".join(argv)}: exit {p.returncode}: '
                             f'{p.stderr!r}')
    return normalise(p.stdout)


def compare(exe, d, peer, params):
    checked = 0
    for u, s, m in params:
        for name in (LEAVES if u == 3 else CAS):
            cert = os.path.join(d, name)
            got = mailtls(exe, cert, u, s, m)
            want = (slinger(cert, u, s, m) if peer == 'hash-slinger'
                    else danetool(cert, u, s, m, d))
            if len(got) != 1 or got != want:
                raise AssertionError(f'{name} {u} {s} {m}: mailtls '
                                     f'{got}, {peer} {want}')
            if got[0][0] != OWNER:
                raise AssertionError(f'owner {got[0][0]}, want {OWNER}')
            checked += 1
    print(f'{checked} records equal to {peer}')


def cli(exe, d):
    leaf, inter, root = (os.path.join(d, n) for n in
                         ('leaf.pem', 'int.pem', 'root.pem'))
    chain = os.path.join(d, 'chain.pem')
    with open(chain, 'w') as f:
        for n in (leaf, inter, root):
            f.write(open(n).read())
    # Defaults: 3 1 1, rdata only without --name.
    out, _ = run([exe, 'dane', 'tlsa', chain])
    full = mailtls(exe, leaf, 3, 1, 1)[0]
    want = f'3 1 1 {full[4]}\n'
    assert out == want, f'default: got {out!r}, want {want!r}'
    # Usage 2 takes the top CA of the file (root), --depth another one.
    top = mailtls(exe, chain, 2, 1, 1)
    assert top == mailtls(exe, root, 2, 1, 1), f'top CA: {top}'
    out, _ = run([exe, 'dane', 'tlsa', '--usage', '2', '--depth', '1',
                  '--name', HOST, chain])
    assert normalise(out) == mailtls(exe, inter, 2, 1, 1), out
    # Port and a trailing dot in --name.
    out, _ = run([exe, 'dane', 'tlsa', '--port', '10525', '--name',
                  HOST + '.', leaf])
    assert out.startswith('_10525._tcp.mx.example.test. IN TLSA 3 1 1 '), out
    # JSON.
    out, _ = run([exe, 'dane', 'tlsa', '--json', '--usage', '2', chain])
    doc = json.loads(out)
    assert doc[0]['usage'] == 2 and doc[0]['usage_name'] == 'DANE-TA', doc
    assert doc[0]['depth'] == 2 and doc[0]['owner'] is None, doc
    assert doc[0]['data'] == top[0][4], doc
    # Errors: exit 2 with one line.
    empty = os.path.join(d, 'empty.pem')
    open(empty, 'w').close()
    for argv in (['--usage', '4', leaf], ['--mtype', '3', leaf],
                 ['--selector', 'x', leaf], ['--port', '0', leaf],
                 ['--name', 'bad name', leaf], ['--depth', '3', chain],
                 ['--usage', '2', leaf], [empty],
                 [os.path.join(d, 'missing.pem')], [], [leaf, leaf]):
        _, err = run([exe, 'dane', 'tlsa', *argv], want_rc=2)
        assert err.strip(), f'{argv}: no message'
    run([exe, 'dane', 'tlsa', '--help'])
    print('cli cases passed')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mailtls', required=True)
    ap.add_argument('--mkchains', required=True)
    ap.add_argument('case', choices=['hash-slinger', 'danetool', 'cli'])
    a = ap.parse_args()
    tool = {'hash-slinger': 'tlsa', 'danetool': 'danetool'}.get(a.case)
    if tool and shutil.which(tool) is None:
        print(f'{tool} not installed ({a.case})')
        return 1 if os.environ.get('CI') else 77
    with tempfile.TemporaryDirectory(prefix='mt-tlsa.') as d:
        run(['sh', a.mkchains, d])
        if a.case == 'cli':
            cli(a.mailtls, d)
        elif a.case == 'hash-slinger':
            compare(a.mailtls, d, a.case, PARAMS + EXTRA_SLINGER)
        else:
            compare(a.mailtls, d, a.case, PARAMS)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except AssertionError as e:
        print(f'FAIL: {e}')
        sys.exit(1)
