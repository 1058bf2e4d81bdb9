#!/usr/bin/env python3
"""check_man_opts.py - `mailtls CMD --help` and docs/man/mailtls-CMD.1 agree

The option table in src/cli (opts.c style) feeds --help; every option it
prints must be documented in the man page (as `.It Fl -name` or the short
form), and every option the man page documents must exist.

With SUBCOMMAND (`mailtls dane tlsa --help`), only the options documented
in the page's subsections (.Ss) whose title contains "COMMAND SUBCOMMAND"
count.  Without it, subsections titled "COMMAND word" for a lower-case
word (a sub-command's own options) are left out, so that one page can
document a command and its sub-commands.

usage: check_man_opts.py MAILTLS MANPAGE COMMAND [SUBCOMMAND]
"""

import re
import subprocess
import sys


def man_options(text, cmd, sub):
    """The .It Fl lines that belong to cmd (sub None) or to cmd sub."""
    keep = sub is None
    lines = []
    for line in text.split('\n'):
        if line.startswith('.Sh '):
            keep = sub is None
        elif line.startswith('.Ss '):
            title = line[4:]
            if sub is not None:
                keep = f'{cmd} {sub}' in title
            else:
                keep = re.search(rf'\b{re.escape(cmd)} [a-z]+\b',
                                 title) is None
        if keep:
            lines.append(line)
    return set(re.findall(r'^\.It Fl (-?[a-z0-9-]+)', '\n'.join(lines),
                          flags=re.M))


def main():
    exe, page, cmd = sys.argv[1:4]
    sub = sys.argv[4] if len(sys.argv) > 4 else None
    argv = [exe, cmd] + ([sub] if sub else []) + ['--help']
    help_text = subprocess.run(argv, capture_output=True, text=True).stdout
    opts = set()
    for m in re.finditer(r'^\s+(?:-(\w), )?--([a-z0-9-]+)', help_text,
                         flags=re.M):
        opts.add((m.group(1), m.group(2)))
    documented = man_options(open(page).read(), cmd, sub)
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
