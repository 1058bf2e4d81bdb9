#!/usr/bin/env python3
"""rotated.py - `mailtls logs` reads a rotated set oldest first

An administrator types `mailtls logs /var/log/maillog*`, which the shell
expands newest first (maillog maillog.1 maillog.2.gz).  A peer that failed
in the old file and succeeded in the new one must be reported as "worked
after a failure", and one that failed and then sent in plaintext as a
downgrade: both need the lines in time order.  Also checks that unrelated
files and "-" keep their places and that dated sets (logrotate dateext)
are ordered by date, and that a bzip2 file is refused with a hint.

Usage: rotated.py MAILTLS
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile

FAIL = ("Nov 20 10:00:00 mx postfix/smtpd[100]: SSL_accept error from "
        "a.example[192.0.2.1]: -1\n"
        "Nov 20 10:00:00 mx postfix/smtpd[100]: warning: TLS library "
        "problem: error:0A0000C1:SSL routines::no shared cipher:x.c:1:\n"
        "Nov 20 10:00:00 mx postfix/smtpd[100]: lost connection after "
        "STARTTLS from a.example[192.0.2.1]\n")
MID = ("Nov 21 10:00:00 mx postfix/smtpd[200]: disconnect from "
       "b.example[192.0.2.2] ehlo=1 mail=1 rcpt=1 data=1 quit=1 "
       "commands=5\n")
OK = ("Nov 22 10:00:00 mx postfix/smtpd[300]: Anonymous TLS connection "
      "established from a.example[192.0.2.1]: TLSv1.3 with cipher "
      "TLS_AES_256_GCM_SHA384 (256/256 bits)\n")
BFAIL = ("Nov 20 11:00:00 mx postfix/smtpd[101]: SSL_accept error from "
         "b.example[192.0.2.2]: -1\n"
         "Nov 20 11:00:00 mx postfix/smtpd[101]: warning: TLS library "
         "problem: error:0A00018C:SSL routines::version too low:x.c:1:\n"
         "Nov 20 11:00:00 mx postfix/smtpd[101]: lost connection after "
         "STARTTLS from b.example[192.0.2.2]\n")


def peers(exe, args):
    r = subprocess.run([exe, 'logs', '--json', '--year', '2026'] + args,
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), (r.returncode, r.stderr)
    return {p['ip']: p for p in json.loads(r.stdout)['peers']}


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        live = os.path.join(d, 'maillog')
        with gzip.open(live + '.2.gz', 'wt') as f:
            f.write(FAIL + BFAIL)
        with open(live + '.1', 'w') as f:
            f.write(MID)
        with open(live, 'w') as f:
            f.write(OK)
        # the shell's order for maillog*: newest first
        p = peers(exe, [live, live + '.1', live + '.2.gz'])
        a, b = p['192.0.2.1'], p['192.0.2.2']
        assert a['ok'] == 1 and a['fail'] == 1, a
        assert a['ok_after_fail'] is True, a
        assert b['downgrade'] is True, b
        # dated sets: oldest date first, the live file last
        for name, text in (('mail.log-20261120', FAIL + BFAIL),
                           ('mail.log-20261121.gz', MID),
                           ('mail.log', OK)):
            path = os.path.join(d, name)
            if name.endswith('.gz'):
                with gzip.open(path, 'wt') as f:
                    f.write(text)
            else:
                with open(path, 'w') as f:
                    f.write(text)
        base = os.path.join(d, 'mail.log')
        p = peers(exe, [base, base + '-20261121.gz', base + '-20261120'])
        assert p['192.0.2.1']['ok_after_fail'] is True, p['192.0.2.1']
        assert p['192.0.2.2']['downgrade'] is True, p['192.0.2.2']
        # a file of no set keeps its place: success first, then failure
        other = os.path.join(d, 'other.txt')
        with open(other, 'w') as f:
            f.write(FAIL)
        p = peers(exe, [live, other])
        assert p['192.0.2.1']['ok_after_fail'] is False, p['192.0.2.1']
        # a rotated file compressed with something other than gzip is
        # refused with a hint, not read as garbage lines
        bz = os.path.join(d, 'maillog.3.bz2')
        with open(bz, 'wb') as f:
            f.write(b'BZh91AY&SY' + bytes(range(256)))
        r = subprocess.run([exe, 'logs', bz, live],
                           capture_output=True, text=True)
        assert r.returncode == 3, r.returncode
        assert 'bzip2' in r.stderr and 'bzcat' in r.stderr, r.stderr
        assert '1 read' in r.stdout, r.stdout
    print('rotated sets: ok')


if __name__ == '__main__':
    main()
