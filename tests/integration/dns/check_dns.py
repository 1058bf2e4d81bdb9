#!/usr/bin/env python3
# check_dns.py - mt_dns (libunbound) against the DNSSEC lab of
# tests/lab/dns/dnslab.sh: every case's verdict.
#
# Usage: check_dns.py --driver PATH [--lab-dir DIR] [--part lab|outside]
#
# "lab": one dns_driver run (one context) forwarding to the lab's NSD with
# the lab's trust anchor and "test." unblocked, asserting security status,
# rcode, record count, canonical name, records and the validator's reason
# for each case (secure, authenticated denial, bogus signature, expired
# signatures, wrong DS, insecure delegation, CNAMEs, a CNAME loop).
# "outside": names the lab does not serve fail cleanly: through the
# forwarder (SERVFAIL, at once) and by recursion with no network (the
# lookup gives up at its timeout, it does not hang).
# Trust: the driver's output is parsed defensively; loopback only.
# Exit: 0 pass, 1 fail, 77 skip (lab not running and CI unset; with CI set
# a missing lab is a failure).
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'pylib'))
from labtest import skip_or_fail  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
    return cond


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            k, v = line.split("=", 1)
            env[k] = v.strip("'")
    return env


def lab_running(d):
    try:
        with open(os.path.join(d, "nsd.pid")) as f:
            os.kill(int(f.read().strip()), 0)
        return True
    except (OSError, ValueError):
        return False


def run_driver(args, timeout):
    t0 = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    elapsed = time.monotonic() - t0
    sys.stdout.write(p.stdout)
    if p.stderr:
        sys.stdout.write("stderr: " + p.stderr)
    answers = {}
    cur = None
    for line in p.stdout.splitlines():
        if line.startswith("  ") and cur is not None:
            cur["records"].append(line.strip())
            continue
        f = line.split(" ", 7)
        if len(f) < 8 or f[0] in ("context", "free"):
            continue
        cur = {"sec": f[2], "rcode": int(f[3]), "n": int(f[4]),
               "canon": f[5], "ms": float(f[6]), "why": f[7],
               "records": []}
        answers[(f[0], f[1])] = cur
    return p.returncode, answers, elapsed


# name, type, sec, rcode, n, canonname (None: the name), why substring,
# records wanted (exact set, None: not checked)
def lab_cases(env):
    ee1 = "tlsa " + env["MAILTLS_DNS_TLSA_SERVER1"]
    ta = "tlsa " + env["MAILTLS_DNS_TLSA_CA"]
    good = {ee1, ta}
    return [
        ("example.test", "MX", "secure", 0, 2, None, "-",
         {"mx 10 mx.example.test", "mx 20 mx2.example.test"}),
        ("_25._tcp.mx.example.test", "TLSA", "secure", 0, 2, None, "-",
         good),
        ("_10525._tcp.mx.example.test", "TLSA", "secure", 0, 2, None, "-",
         good),
        ("mx.example.test", "A", "secure", 0, 1, None, "-", None),
        ("_25._tcp.mx2.example.test", "TLSA", "secure", 3, 0, None, "-",
         set()),
        ("nothere.example.test", "A", "secure", 3, 0, None, "-", set()),
        ("_mta-sts.example.test", "TXT", "secure", 0, 1, None, "-", None),
        ("_smtp._tls.example.test", "TXT", "secure", 0, 1, None, "-",
         {"txt v=TLSRPTv1; rua=mailto:tlsrpt@example.test"}),
        ("_25._tcp.mx.broken.test", "TLSA", "secure", 0, 1, None, "-",
         {ee1}),
        ("_25._tcp.mx.renewed.test", "TLSA", "secure", 0, 1, None, "-",
         {ee1}),
        ("bogus.test", "MX", "secure", 0, 2, None, "-", None),
        ("_25._tcp.mx.bogus.test", "TLSA", "bogus", 0, 0, None,
         "signature verification failed", set()),
        ("expired.test", "MX", "bogus", 0, 0, None, "signature expired",
         set()),
        ("_25._tcp.mx.expired.test", "TLSA", "bogus", 0, 0, None,
         "validation failure", set()),
        ("badds.test", "MX", "bogus", 0, 0, None, "DS", set()),
        ("_25._tcp.mx.badds.test", "TLSA", "bogus", 0, 0, None,
         "validation failure", set()),
        ("insecure.test", "MX", "insecure", 0, 2, None, "-",
         {"mx 10 mx.insecure.test", "mx 20 mx2.insecure.test"}),
        ("_25._tcp.mx.insecure.test", "TLSA", "insecure", 0, 2, None, "-",
         good),
        ("cname.test", "MX", "secure", 0, 2, None, "-", None),
        ("mx.cname.test", "A", "secure", 0, 1, "host.cname.test", "-",
         None),
        ("_25._tcp.host.cname.test", "TLSA", "secure", 0, 2, None, "-",
         good),
        ("_25._tcp.mx.cname.test", "TLSA", "secure", 0, 2,
         "_dane.cname.test", "-", good),
    ]


def part_lab(args, env):
    cases = lab_cases(env)
    cmd = [args.driver, "-a", env["MAILTLS_DNS_ANCHOR"], "-r",
           env["MAILTLS_DNS_NSD"], "-u", env["MAILTLS_DNS_UNBLOCK"],
           "-t", "5000"]
    cmd += ["%s/%s" % (c[0], c[1]) for c in cases]
    cmd += ["loop1.cname.test/A"]
    rc, answers, elapsed = run_driver(cmd, 120)
    check(rc == 0, "driver exit 0 (got %d)" % rc)
    for name, typ, sec, rcode, n, canon, why, recs in cases:
        a = answers.get((name, typ))
        what = "%s %s" % (name, typ)
        if not check(a is not None, what + ": answered"):
            continue
        check(a["sec"] == sec, "%s: sec %s (got %s)" % (what, sec, a["sec"]))
        check(a["rcode"] == rcode,
              "%s: rcode %d (got %d)" % (what, rcode, a["rcode"]))
        check(a["n"] == n, "%s: %d records (got %d)" % (what, n, a["n"]))
        want_canon = canon if canon is not None else name
        check(a["canon"] == want_canon, "%s: canonname %s (got %s)"
              % (what, want_canon, a["canon"]))
        if why == "-":
            check(a["why"] == "-", "%s: no reason (got %s)" % (what, a["why"]))
        else:
            check(why in a["why"], "%s: reason has '%s' (got %s)"
                  % (what, why, a["why"]))
        if recs is not None:
            check(set(a["records"]) == recs, "%s: records %s (got %s)"
                  % (what, sorted(recs), sorted(a["records"])))
        if typ == "TXT" and name.startswith("_mta-sts."):
            check(len(a["records"]) == 1 and
                  a["records"][0].startswith("txt v=STSv1; id="),
                  what + ": v=STSv1 policy id")
    a = answers.get(("loop1.cname.test", "A"))
    check(a is not None and a["n"] == 0 and a["sec"] != "secure",
          "CNAME loop: no data, not secure (got %s)" % a)
    check(elapsed < 30, "the whole lab run in %.1f s (< 30 s)" % elapsed)


def part_outside(args, env):
    # Through the lab forwarder: NSD refuses, unbound says SERVFAIL.
    cmd = [args.driver, "-a", env["MAILTLS_DNS_ANCHOR"], "-r",
           env["MAILTLS_DNS_NSD"], "-u", env["MAILTLS_DNS_UNBLOCK"],
           "-t", "3000", "www.example.com/A", "example.test/MX"]
    rc, answers, elapsed = run_driver(cmd, 60)
    a = answers.get(("www.example.com", "A"))
    check(a is not None and a["sec"] == "indeterminate" and a["n"] == 0,
          "outside name via the forwarder: indeterminate, no data")
    check(a is not None and a["ms"] < 3500,
          "outside name via the forwarder: within the timeout")
    a = answers.get(("example.test", "MX"))
    check(a is not None and a["sec"] == "secure",
          "the context still works after a failed lookup")
    # No forwarder: recursion from the root, which is unreachable here.
    timeout_ms = 1500
    cmd = [args.driver, "-a", env["MAILTLS_DNS_ANCHOR"], "-u", "test.",
           "-t", str(timeout_ms), "www.example.com/A",
           "_25._tcp.mx.example.test/TLSA"]
    rc, answers, elapsed = run_driver(cmd, 60)
    for key in (("www.example.com", "A"),
                ("_25._tcp.mx.example.test", "TLSA")):
        a = answers.get(key)
        what = "no network, %s %s" % key
        check(a is not None and a["n"] == 0 and a["sec"] != "secure",
              what + ": no data, not secure")
        check(a is not None and a["ms"] < timeout_ms + 1000,
              what + ": gave up by its timeout (%s ms)" %
              (a["ms"] if a else "?"))
    check(elapsed < 2 * timeout_ms / 1000 + 5,
          "no network: the run ended in %.1f s" % elapsed)
    # A bad forwarder address is a clean error from mt_dns_new's caller.
    cmd = [args.driver, "-a", env["MAILTLS_DNS_ANCHOR"], "-r",
           "not an address", "x.test/A"]
    rc, answers, elapsed = run_driver(cmd, 30)
    check(rc == 1, "bad resolver address: exit 1 (got %d)" % rc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--lab-dir", default=os.path.join(
        os.environ.get("MAILTLS_LAB_DIR", "/tmp/mailtls-lab"), "dns"))
    ap.add_argument("--part", choices=["lab", "outside"], default="lab")
    args = ap.parse_args()
    envfile = os.path.join(args.lab_dir, "lab.env")
    if not os.path.exists(envfile) or not lab_running(args.lab_dir):
        skip_or_fail("the DNS lab is not running "
                     "(sh tests/lab/dns/dnslab.sh start)")
    env = read_env(envfile)
    if args.part == "lab":
        part_lab(args, env)
    else:
        part_outside(args, env)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
