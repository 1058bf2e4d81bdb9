#!/usr/bin/env python3
"""check_man_opts.py - `mailtls CMD --help` and docs/man/mailtls-CMD.1 agree

The option table in src/cli (opts.c style) feeds --help; every option it
prints must be documented in the man page (as `.It Fl -name` or the short
form), and every option the man page documents must exist.

usage: check_man_opts.py MAILTLS MANPAGE COMMAND
"""

import re
import subprocess
import sys


def main():
    exe, page, cmd = sys.argv[1:4]
    help_text = subprocess.run([exe, cmd, '--help'], capture_output=True,
                               text=True).stdout
    opts = set()
    for m in re.finditer(r'^\s+(?:-(\w), )?--([a-z0-9-]+)', help_text,
                         flags=re.M):
        opts.add((m.group(1), m.group(2)))
    man = open(page).read()
    documented = set(re.findall(r'^\.It Fl (-?[a-z0-9-]+)', man, flags=re.M))
    bad = 0
    for short, long in sorted(opts, key=lambda o: o[1]):
        if long == 'help':
            continue
        if '-' + long not in documented and (short is None or
                                              short not in documented):
            print(f'--{long} is in --help but not in {page}')
            bad += 1
    longs = {'-' + l for _, l in opts} | {s for s, _ in opts if s}
    for d in sorted(documented):
        if d not in longs:
            print(f'{page} documents {d}, which --help does not list')
            bad += 1
    print(f'{len(opts)} options checked, {bad} problems')
    return 1 if bad or not opts else 0


if __name__ == '__main__':
    sys.exit(main())
