#!/usr/bin/env python3
# check_probe.py - prove "mailtls probe" right against a real lab server.
#
# Usage: check_probe.py --mailtls PATH --server NAME [--lab-dir DIR]
#
# Runs sslscan (the oracle) and "mailtls probe --json" against one Postfix
# instance of tests/lab/lab.sh on 127.0.0.1, and asserts:
#   - the same set of accepted protocol versions, and per version the same
#     set of cipher suites (by OpenSSL name);
#   - the chain facts each server was built to show (see EXPECT below);
#   - stats.connections equals the "connect from" lines the server's
#     maillog gained during the probe (and <= 110 for pf-default).
# Trust: both tools' output is parsed defensively; loopback only.
# Exit: 0 pass, 1 fail, 77 skip (server or sslscan missing and CI unset;
# with CI set a missing server is a failure).
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'pylib'))
from labtest import listening, skip_or_fail  # noqa: E402

SERVERS = {
    "pf-default": {"port": 10025, "implicit": False},
    "pf-legacy": {"port": 10026, "implicit": False},
    "pf-implicit": {"port": 10027, "implicit": True},
    "pf-expired": {"port": 10028, "implicit": False},
}
VERSIONS = ["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
CONNECT_RE = re.compile(r"postfix/smtpd\[\d+\]: connect from ")
SUITE_RE = re.compile(
    r"^(?:Preferred|Accepted)\s+(SSLv[23]|TLSv1\.[0-3])\s+\d+\s+bits\s+(\S+)")
PROTO_RE = re.compile(r"^(SSLv[23]|TLSv1\.[0-3])\s+(enabled|disabled)\s*$")

failures = []


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)
    return cond


def connects(maillog):
    try:
        with open(maillog, encoding="utf-8", errors="replace") as f:
            return sum(1 for line in f if CONNECT_RE.search(line))
    except FileNotFoundError:
        return 0


def settled_connects(maillog, floor):
    """Postfix logs through postlogd; wait until the count stops moving."""
    last, stable, deadline = -1, 0, time.monotonic() + 10
    while time.monotonic() < deadline:
        n = connects(maillog)
        if n == last and n >= floor:
            stable += 1
            if stable >= 3:
                return n
        else:
            stable = 0
        last = n
        time.sleep(0.2)
    return connects(maillog)


def sslscan(port, implicit):
    cmd = ["sslscan", "--no-colour"]
    if not implicit:
        cmd.append("--starttls-smtp")
    cmd.append("127.0.0.1:%d" % port)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    protos, suites = set(), {}
    for line in out.stdout.splitlines():
        m = PROTO_RE.match(line.strip())
        if m and m.group(2) == "enabled":
            protos.add(m.group(1))
        m = SUITE_RE.match(line.strip())
        if m:
            suites.setdefault(m.group(1), set()).add(m.group(2))
    if out.returncode != 0 or not protos:
        print(out.stdout + out.stderr)
        check(False, "sslscan ran (exit %d)" % out.returncode)
    return protos, suites


def probe(mailtls, port, implicit, cafile=None):
    cmd = [mailtls, "probe", "--json"]
    if implicit:
        cmd.append(os.environ.get("MAILTLS_IMPLICIT_FLAG", "--tls"))
    if cafile:
        cmd += ["--cafile", cafile]
    cmd.append("127.0.0.1:%d" % port)
    print("running: " + " ".join(cmd))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if out.returncode not in (0, 1):
        print(out.stdout[-4000:] + out.stderr[-4000:])
        check(False, "mailtls probe exit status: got %d, want 0 or 1" %
              out.returncode)
        return None
    try:
        doc = json.loads(out.stdout)
    except ValueError as e:
        print(out.stdout[-4000:])
        check(False, "mailtls probe --json output parses: %s" % e)
        return None
    if not check(doc.get("schema") == "mailtls-probe" and
                 doc.get("schema_version") == 1 and
                 len(doc.get("targets") or []) == 1,
                 "JSON schema mailtls-probe v1 with one target"):
        return None
    return doc["targets"][0]


def probe_protocols(t):
    protos, suites = set(), {}
    for p in t.get("protocols") or []:
        if p.get("state") != "accepted":
            continue
        protos.add(p["version"])
        suites[p["version"]] = {s.get("openssl") or s.get("iana")
                                for s in p.get("suites") or []}
    return protos, suites


def chain(t):
    c = t.get("chain") or {}
    return (len(c.get("certificates") or []), bool(c.get("verified")),
            set(c.get("problems") or []))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mailtls", required=True)
    ap.add_argument("--server", required=True, choices=sorted(SERVERS))
    ap.add_argument("--lab-dir", default=os.environ.get(
        "MAILTLS_LAB_DIR", "/tmp/mailtls-lab"))
    a = ap.parse_args()
    name, srv = a.server, SERVERS[a.server]
    port, implicit = srv["port"], srv["implicit"]
    maillog = os.path.join(a.lab_dir, name, "maillog")
    root = os.path.join(a.lab_dir, "pki", "root.pem")

    if not listening(port):
        skip_or_fail("lab server %s is not listening on 127.0.0.1:%d "
                     "(sh tests/lab/lab.sh start %s)" % (name, port, name))
    if shutil.which("sslscan") is None:
        skip_or_fail("sslscan is not installed")
    if not os.access(a.mailtls, os.X_OK):
        check(False, "mailtls binary at %s" % a.mailtls)
        return 1

    # 1. The oracle.
    want_protos, want_suites = sslscan(port, implicit)

    # 2. mailtls, counting the server's connections around it.
    # If another client (a second test run in another build directory)
    # uses the same lab server meanwhile, the delta is too large: measure
    # once more before calling it a failure.
    for attempt in (1, 2):
        before = settled_connects(maillog, 0)
        log_offset = os.path.getsize(maillog) if os.path.exists(maillog) \
            else 0
        t = probe(a.mailtls, port, implicit)
        if t is None:
            return 1
        after = settled_connects(maillog, before + 1)
        got_conns = (t.get("stats") or {}).get("connections")
        if got_conns == after - before:
            break
        print("note: stats.connections %s but the maillog gained %d; "
              "measuring again" % (got_conns, after - before))
    check(t.get("completed") is True,
          "target completed (error: %s)" % t.get("error"))
    check(t.get("mode") == ("implicit" if implicit else "starttls"),
          "mode: got %s, want %s" % (t.get("mode"),
                                    "implicit" if implicit else "starttls"))
    vers = [p.get("version") for p in t.get("protocols") or []]
    check(vers == VERSIONS, "protocols has one entry per version: got %s" %
          vers)

    got_protos, got_suites = probe_protocols(t)
    check(got_protos == want_protos,
          "accepted versions: got %s, want %s (sslscan)" %
          (sorted(got_protos), sorted(want_protos)))
    for v in VERSIONS:
        g, w = got_suites.get(v, set()), want_suites.get(v, set())
        check(g == w, "%s suites: %d vs sslscan %d; only mailtls: %s; "
              "only sslscan: %s" % (v, len(g), len(w), sorted(g - w),
                                    sorted(w - g)))

    check(got_conns == after - before,
          "stats.connections: got %s, want %d (maillog 'connect from' delta)"
          % (got_conns, after - before))
    if not implicit:
        # Once the first EHLO showed STARTTLS, the other connections send
        # it right after the greeting: Postfix logs "ehlo=1" once.  The
        # disconnect lines may come after the connect lines: wait.
        deadline = time.monotonic() + 10
        while True:
            with open(maillog, encoding="utf-8", errors="replace") as f:
                f.seek(log_offset)
                disc = [l for l in f if " disconnect from " in l]
            if len(disc) >= after - before or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        with_ehlo = sum(1 for l in disc if " ehlo=" in l)
        check(len(disc) == after - before and with_ehlo == 1,
              "one connection with EHLO, the rest STARTTLS at once: "
              "%d of %d disconnect lines show ehlo=" % (with_ehlo,
                                                        len(disc)))
        # The report still shows the EHLO dialogue and STARTTLS offered.
        check(t.get("starttls_offered") is True, "starttls_offered")
        check(any(d.get("dir") == "C" and d.get("text", "").startswith(
            "EHLO") for d in t.get("dialogue") or []),
            "the dialogue shows EHLO")
        check("smtp.no_starttls" not in [f.get("id") for f in
                                         t.get("findings") or []],
              "no smtp.no_starttls finding")
    if name == "pf-default":
        check(isinstance(got_conns, int) and got_conns <= 110,
              "connections <= 110: got %s" % got_conns)

    # 3. Chain facts.
    n, verified, problems = chain(t)
    if name == "pf-default":
        check(n == 2, "certificates sent: got %d, want 2" % n)
        check(not verified, "not verified without --cafile")
        check("untrusted_root" in problems and
              "missing_intermediate" not in problems,
              "problems without --cafile: got %s, want untrusted_root and "
              "not missing_intermediate" % sorted(problems))
        t2 = probe(a.mailtls, port, implicit, cafile=root)
        if t2 is not None:
            n, verified, problems = chain(t2)
            check(verified, "verified with --cafile root.pem "
                  "(problems %s, error %s)" % (sorted(problems),
                  (t2.get("chain") or {}).get("verify_error")))
    elif name == "pf-legacy":
        check(n == 1, "certificates sent: got %d, want 1" % n)
        t2 = probe(a.mailtls, port, implicit, cafile=root)
        if t2 is not None:
            n, verified, problems = chain(t2)
            check(not verified and "missing_intermediate" in problems,
                  "missing_intermediate with --cafile root.pem: got "
                  "verified=%s problems=%s" % (verified, sorted(problems)))
    elif name == "pf-expired":
        t2 = probe(a.mailtls, port, implicit, cafile=root)
        if t2 is not None:
            n, verified, problems = chain(t2)
            check(n == 2, "certificates sent: got %d, want 2" % n)
            check(not verified and "expired" in problems,
                  "expired with --cafile root.pem: got verified=%s "
                  "problems=%s" % (verified, sorted(problems)))
    elif name == "pf-implicit":
        check(got_protos == {"TLSv1.2"},
              "implicit: only TLSv1.2: got %s" % sorted(got_protos))
        check(got_suites.get("TLSv1.2") == {"AES128-GCM-SHA256"},
              "implicit: exactly AES128-GCM-SHA256: got %s" %
              sorted(got_suites.get("TLSv1.2", set())))
        check(n == 2, "certificates sent: got %d, want 2" % n)

    print("%s: %d failure(s)" % (name, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
