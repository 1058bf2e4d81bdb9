#!/usr/bin/env python3
"""gnutls_oracle.py - compare mt_policy_gnutls with gnutls-cli.

Usage: gnutls_oracle.py GNUTLS_MAIN

For each priority string below, `gnutls-cli --priority P --list` (GnuTLS
3.7.9, Debian 12 package gnutls-bin) prints the suites in the order the
library sends them; tests/data/policy/gnutls_main prints what
mt_policy_gnutls makes of the same string.  Both must agree suite for
suite and in order, and agree on which strings are rejected.  Without
gnutls-cli the test skips (77), or fails when CI is set.
"""
import os
import re
import shutil
import subprocess
import sys

PRIORITIES = [
    "NORMAL",
    "PFS",
    "SECURE128",
    "SECURE192",
    "SECURE256",
    "SUITEB128",
    "SUITEB192",
    "LEGACY",
    "PERFORMANCE",
    "normal",
    "NORMAL:-VERS-TLS1.3",
    "NORMAL:-VERS-ALL:+VERS-TLS1.0",
    "NORMAL:-VERS-ALL:+VERS-TLS1.3",
    "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1",
    "NORMAL:%SERVER_PRECEDENCE:%COMPAT",
    "NORMAL:%NO_EXTENSIONS",
    "NORMAL:-RSA",
    "NORMAL:!AES-128-CBC:-AES-256-CBC",
    "NORMAL:-CHACHA20-POLY1305:+CHACHA20-POLY1305",
    "NORMAL:+3DES-CBC:+ARCFOUR-128:+SHA256:+ANON-DH:+CAMELLIA-128-GCM",
    "NORMAL:+CAMELLIA-256-CBC:+CAMELLIA-128-CBC:+SHA256:+SHA384",
    "NORMAL:+NULL:+MD5",
    "NORMAL:+SRP",
    "NORMAL:+DHE-DSS:+ANON-ECDH:+PSK:+ECDHE-PSK:+DHE-PSK",
    "NORMAL:-SIGN-ALL",
    "NORMAL:-GROUP-ALL",
    "NORMAL:-KX-ALL:+RSA",
    "NORMAL:-CIPHER-ALL:+AES-128-GCM",
    "NORMAL:-MAC-ALL:+AEAD",
    "PFS:+NORMAL",
    "SUITEB128:NORMAL",
    "SECURE128:-VERS-TLS1.0:-VERS-TLS1.1:+AES-128-CCM-8",
    "NONE:+VERS-TLS1.2:+AES-128-GCM:+AEAD:+RSA:+SIGN-ALL",
    "NONE:+VERS-TLS-ALL:+CIPHER-ALL:+MAC-ALL:+KX-ALL:+SIGN-ALL:+GROUP-ALL",
    "NORMAL:+VERS-SSL3.0",
    "NORMAL:+RSA-EXPORT",
    "NORMAL:-NORMAL",
    "NORMAL:%FOO",
    "NORMAL:+FOO",
    "NORMAL::",
    "NORMAL:+VERS-TLS1.4",
    "NONE",
    "%COMPAT",
    "",
]

CODE = re.compile(r"^TLS_\S+\s+0x([0-9a-f]{2}), 0x([0-9a-f]{2})\s")


def oracle(prio):
    r = subprocess.run(["gnutls-cli", "--priority", prio, "--list"],
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    if re.search(r"^(Syntax error at|Error in priorities)", out, re.M):
        return "error"
    codes = []
    for line in out.splitlines():
        m = CODE.match(line)
        if m:
            codes.append("0x" + m.group(1) + m.group(2))
    return " ".join(codes)


def main():
    if len(sys.argv) != 2:
        print("usage: gnutls_oracle.py GNUTLS_MAIN", file=sys.stderr)
        return 2
    if shutil.which("gnutls-cli") is None:
        print("gnutls-cli missing (apt-get install gnutls-bin)")
        return 1 if os.environ.get("CI") else 77
    r = subprocess.run([sys.argv[1]] + PRIORITIES, capture_output=True,
                       text=True, check=True)
    ours = {}
    for line in r.stdout.splitlines():
        prio, _, codes = line.partition("\t")
        ours[prio] = codes.strip()
    bad = 0
    for prio in PRIORITIES:
        want = oracle(prio)
        got = ours.get(prio)
        if got != want:
            bad += 1
            print("FAIL %r\n  got  %s\n  want %s" % (prio, got, want))
        else:
            print("ok   %r (%d suites)" % (prio, len(want.split())
                                          if want != "error" else 0))
    print("%d passed, %d failed" % (len(PRIORITIES) - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
