#!/usr/bin/env python3
"""check_symbols.py - the public API and libmailtls.sym agree

Every function declared in include/mailtls/*.h must be listed in
src/lib/libmailtls.sym and nothing else may be; then every listed symbol
must be defined by the built shared library (nm -D).

usage: check_symbols.py SRCROOT [LIBRARY.so]
"""

import glob
import os
import re
import subprocess
import sys


def declared(root):
    names = set()
    for f in sorted(glob.glob(os.path.join(root, 'include/mailtls/*.h'))):
        text = re.sub(r'/\*.*?\*/', '', open(f).read(), flags=re.S)
        text = '\n'.join(l for l in text.split('\n')
                         if not l.lstrip().startswith('#'))
        for stmt in text.split(';'):
            if 'typedef' in stmt:
                continue
            names.update(re.findall(r'\b(mt_[a-z0-9_]+)\s*\(', stmt))
    return names


def listed(root):
    text = open(os.path.join(root, 'src/lib/libmailtls.sym')).read()
    return set(re.findall(r'^\s*(mt_[a-z0-9_]+);', text, flags=re.M))


def main():
    root = sys.argv[1]
    want, have = declared(root), listed(root)
    bad = 0
    for n in sorted(want - have):
        print(f'declared in include/mailtls but not in libmailtls.sym: {n}')
        bad += 1
    for n in sorted(have - want):
        print(f'in libmailtls.sym but not declared in include/mailtls: {n}')
        bad += 1
    if len(sys.argv) > 2:
        out = subprocess.run(['nm', '-D', '--defined-only', sys.argv[2]],
                             capture_output=True, text=True).stdout
        exported = set(re.findall(r'\s[TDBR]\s+(mt_[a-z0-9_]+)', out))
        for n in sorted(have - exported):
            print(f'listed but not exported by {sys.argv[2]}: {n}')
            bad += 1
        for n in sorted(exported - have):
            print(f'exported but not listed: {n}')
            bad += 1
    print(f'{len(want)} public functions, {bad} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
