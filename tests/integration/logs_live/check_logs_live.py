#!/usr/bin/env python3
# check_logs_live.py - "mailtls logs" against the lines real MTAs write.
#
# Usage:
#   check_logs_live.py --mailtls PATH --mta NAME [--save DATADIR]
#       live: run each step's client case (tests/lab/mta/cases.py) against
#       the lab MTA on 127.0.0.1, wait (bounded) for the server's log lines,
#       cut the new part, run "mailtls logs --json --strict" on it and check
#       what a mail admin would check; --save writes the cuts to
#       DATADIR/live-NAME.log and the steps with their line ranges and
#       expectations to DATADIR/live-NAME.json
#   check_logs_live.py --mailtls PATH --golden DATADIR
#       static: the same checks over every saved live-*.log (no daemons)
#
# MTA names: postfix (lab.sh's Postfix setup in mtalab.sh's pf-relay on
# 10029: inbound cases, then its smtp(8) relaying to pf-implicit 10027),
# exim (10040), sendmail (10050), opensmtpd (10030: inbound cases, then
# relaying to 10027 under its default, "secure" and "compat" lists).
# Per step it asserts: exactly one TLS event, of the expected kind
# (tls_ok / tls_fail) and direction, from peer 127.0.0.1; for failures the
# class id and the alert name; for successes the version and cipher; and
# that no line mentioning TLS/SSL was left unrecognised.
# Exit: 0 pass, 1 fail, 77 skip (a server is down and CI is unset; with CI
# set a missing server is a failure).
# Trust: loopback only; mailtls output is parsed as JSON, the logs are
# read with a size cap.
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "lab", "mta"))
import cases  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'pylib'))
from labtest import listening, skip_or_fail  # noqa: E402

LAB = os.environ.get("MAILTLS_LAB_DIR", "/tmp/mailtls-lab")
MTALAB = os.path.join(TOP, "tests", "lab", "mta", "mtalab.sh")
YEAR = "2026"
CUT_MAX = 1 << 20
TLS_WORDS = re.compile(r"TLS|SSL|tls|ssl|cipher|handshake")

# Servers: port, log (under the lab dir), and the line that ends a step.
SERVERS = {
    "pf-relay": (10029, "pf-relay/maillog",
                 r"disconnect from|status=(sent|deferred|bounced)"),
    "exim": (10040, "exim/log/mainlog", r"TLS error on connection|<= "),
    "sendmail": (10050, "sendmail/maillog", r"did not issue|stat=queued"),
    "opensmtpd": (10030, "opensmtpd/smtpd.log",
                  r"smtp disconnected reason=\"io|mta delivery|mta error"),
}


def ok(d, version, cipher):
    return {"kind": "tls_ok", "direction": d, "version": version,
            "cipher": cipher}


def fail(d, cls, alert=""):
    return {"kind": "tls_fail", "direction": d, "class": cls,
            "alert": alert}


IN, OUT = "inbound", "outbound"
R12 = ["--tls12rsa"]

# step: (name, server, case, cases.py flags, ciphers to restart with,
#        expectation, why)
STEPS = {
    "postfix": [
        ("ok", "pf-relay", "ok", [], None,
         ok(IN, "TLSv1.3", "TLS_AES_256_GCM_SHA384"), ""),
        ("noshared", "pf-relay", "noshared", [], None,
         fail(IN, "no_shared_cipher"), ""),
        ("sslv3", "pf-relay", "sslv3", [], None,
         fail(IN, "version_too_low"), "OpenSSL 3: 'version too low'"),
        ("badcert", "pf-relay", "badcert", [], None,
         fail(IN, "alert_received", "bad_certificate"), ""),
        ("unknown_ca", "pf-relay", "unknown_ca", [], None,
         fail(IN, "alert_received", "unknown_ca"), ""),
        ("expired", "pf-relay", "expired", [], None,
         fail(IN, "alert_received", "certificate_expired"), ""),
        ("out-default", "pf-relay", "relay:lab@ok.lab.test", [], None,
         ok(OUT, "TLSv1.2", "AES128-GCM-SHA256"),
         "smtp(8) default list vs 10027 (AES128-GCM-SHA256 only)"),
        ("out-secure", "pf-relay", "relay:lab@secure.lab.test", [], None,
         fail(OUT, "alert_received", "handshake_failure"),
         "smtp(8) without kRSA vs 10027: 10027 answers alert 40"),
    ],
    "exim": [
        ("ok", "exim", "ok", [], None,
         ok(IN, "TLSv1.3", "ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM"),
         "Exim logs TLS only on the <= line of a received message"),
        ("noshared", "exim", "noshared", [], None,
         fail(IN, "no_shared_cipher"), "GnuTLS: No supported cipher suites"),
        ("sslv3", "exim", "sslv3", [], None,
         fail(IN, "version_too_low"),
         "GnuTLS: illegal or unsupported version (answers alert 70)"),
        ("badcert", "exim", "badcert", R12, None,
         fail(IN, "alert_received", "bad_certificate"),
         "TLS 1.2 client: GnuTLS names the alert"),
        ("unknown_ca", "exim", "unknown_ca", R12, None,
         fail(IN, "alert_received", "unknown_ca"), ""),
        ("expired", "exim", "expired", R12, None,
         fail(IN, "alert_received", "certificate_expired"), ""),
        ("badcert-tls13", "exim", "badcert", [], None,
         fail(IN, "alert_received", ""),
         "TLS 1.3 client: GnuTLS 3.7.9 says only 'Decryption has failed.' "
         "(the alert arrives encrypted), so no alert name can be given"),
    ],
    "sendmail": [
        ("ok", "sendmail", "ok", [], None,
         ok(IN, "TLSv1.3", "TLS_AES_256_GCM_SHA384"), ""),
        ("noshared", "sendmail", "noshared", [], None,
         fail(IN, "no_shared_cipher"), ""),
        ("sslv3", "sendmail", "sslv3", [], None,
         fail(IN, "version_too_low"), ""),
        ("badcert", "sendmail", "badcert", [], None,
         fail(IN, "alert_received", "bad_certificate"), ""),
        ("unknown_ca", "sendmail", "unknown_ca", [], None,
         fail(IN, "alert_received", "unknown_ca"), ""),
        ("expired", "sendmail", "expired", [], None,
         fail(IN, "alert_received", "certificate_expired"), ""),
    ],
    "opensmtpd": [
        ("ok", "opensmtpd", "ok", [], None,
         fail(IN, "local_config"),
         "6.8.0p2 + OpenSSL 3: every server-side signature fails with "
         "'missing private key' (OpenSMTPD#1171/#1239), logged as EVP lib"),
        ("ok-tls12rsa", "opensmtpd", "ok", R12, None,
         fail(IN, "local_config"),
         "RSA key exchange: the same bug as 'decryption failed'"),
        ("noshared", "opensmtpd", "noshared", [], None,
         fail(IN, "no_shared_cipher"), ""),
        ("sslv3", "opensmtpd", "sslv3", [], None,
         fail(IN, "version_too_low"), ""),
        ("badcert", "opensmtpd", "badcert", R12, None,
         fail(IN, "alert_received", "bad_certificate"),
         "TLS 1.2 RSA-kx: the client's alert comes before the server "
         "needs its key"),
        ("unknown_ca", "opensmtpd", "unknown_ca", R12, None,
         fail(IN, "alert_received", "unknown_ca"), ""),
        ("expired", "opensmtpd", "expired", R12, None,
         fail(IN, "alert_received", "certificate_expired"), ""),
        ("badcert-tls13", "opensmtpd", "badcert", [], None,
         fail(IN, "local_config"),
         "TLS 1.3: the server fails on its key before it reads the alert"),
        ("out-default", "opensmtpd", "relay:lab@ok.lab.test", [], None,
         ok(OUT, "TLSv1.2", "AES128-GCM-SHA256"),
         "6.8 default list HIGH:!aNULL:!MD5 vs 10027"),
        ("out-secure", "opensmtpd", "relay:lab@ok.lab.test", [], "secure",
         fail(OUT, "alert_received", "handshake_failure"),
         "libtls 'secure' spelled for OpenSSL: no RSA kx, 10027 sends "
         "alert 40 (libtls 6.9+ would say 'unexpected EOF')"),
        ("out-compat", "opensmtpd", "relay:lab@ok.lab.test", [], "compat",
         ok(OUT, "TLSv1.2", "AES128-GCM-SHA256"), "HIGH:!aNULL"),
    ],
}

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
    return cond


def size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_from(path, off):
    with open(path, "rb") as f:
        f.seek(off)
        return f.read(CUT_MAX)


def wait_cut(path, off, marker, deadline_s=20):
    """The bytes the log gained since off: wait for the step's last line,
    then until the log is quiet for 0.2 s (bounded)."""
    end = time.monotonic() + deadline_s
    rx = re.compile(marker.encode())
    seen = None
    while time.monotonic() < end:
        data = read_from(path, off)
        if seen is None and rx.search(data):
            seen = len(data)
            time.sleep(0.2)
            continue
        if seen is not None:
            if len(data) == seen:
                break
            seen = len(data)
        time.sleep(0.2 if seen is not None else 0.05)
    data = read_from(path, off)
    # Only whole lines.
    cut = data.rfind(b"\n")
    return data[:cut + 1] if cut >= 0 else b""


def mailtls_json(exe, path):
    out = subprocess.run([exe, "logs", "--json", "--strict", "--year", YEAR,
                          path], capture_output=True, text=True, timeout=60)
    if out.returncode not in (0, 1):
        return None, out.stderr, "exit status %d" % out.returncode
    try:
        return json.loads(out.stdout), out.stderr, None
    except ValueError as e:
        return None, out.stderr, "JSON: %s" % e


def table(doc, name):
    return {(r["value"], r["direction"]): r["count"]
            for r in doc["tables"].get(name, [])}


def check_cut(exe, label, text, want):
    """Run mailtls over one step's lines and check them against want."""
    with tempfile.NamedTemporaryFile("wb", suffix=".log") as f:
        f.write(text)
        f.flush()
        doc, err, bad = mailtls_json(exe, f.name)
    if not check(doc is not None, "%s: mailtls logs runs (%s)" %
                 (label, bad)):
        print(err[-2000:])
        return
    tlsleft = [ln for ln in err.splitlines()
               if "unrecognised:" in ln and
               TLS_WORDS.search(ln.partition("unrecognised:")[2])]
    check(not tlsleft, "%s: no TLS line left unrecognised %s" %
          (label, tlsleft[:3]))
    kinds = doc["kinds"]
    other = "tls_fail" if want["kind"] == "tls_ok" else "tls_ok"
    check(kinds.get(want["kind"]) == 1 and kinds.get(other) == 0,
          "%s: one %s event, no %s (got %s)" %
          (label, want["kind"], other,
           {k: v for k, v in kinds.items() if v}))
    # Nothing else may be counted: no "required but not offered", and
    # plaintext only where the step hands a message in over plain SMTP
    # (the outbound relay steps).  ("other" is OpenSMTPD's separate
    # server-cert-check verdict.)
    check(kinds.get("starttls_missing", 0) == 0 and
          (want["direction"] == "outbound" or
           kinds.get("plaintext", 0) == 0),
          "%s: no other kind of event (got %s)" %
          (label, {k: v for k, v in kinds.items() if v}))
    # The outbound steps also hand the message in over plain SMTP: that
    # peer has plaintext messages but no TLS event.
    peers = [p for p in doc["peers"] if p["ok"] or p["fail"]]
    check(len(peers) == 1 and peers[0]["ip"] == "127.0.0.1" and
          peers[0]["direction"] == want["direction"],
          "%s: one TLS peer, 127.0.0.1 %s (got %s)" %
          (label, want["direction"],
           [(p["host"], p["ip"], p["direction"]) for p in peers]))
    if want["kind"] == "tls_fail":
        ids = [(c["id"], c["count"]) for c in doc["failures"]]
        check(ids == [(want["class"], 1)], "%s: class %s (got %s)" %
              (label, want["class"], ids))
        alert = peers[0]["alert"] if len(peers) == 1 else None
        check(alert == want["alert"], "%s: alert %r (got %r)" %
              (label, want["alert"], alert))
        if want["alert"]:
            check(table(doc, "alerts").get((want["alert"],
                                            want["direction"])) == 1,
                  "%s: alerts table has %s" % (label, want["alert"]))
    else:
        check(doc["failures"] == [], "%s: no failure classes (got %s)" %
              (label, [c["id"] for c in doc["failures"]]))
        check(table(doc, "versions").get((want["version"],
                                          want["direction"])) == 1,
              "%s: version %s (got %s)" % (label, want["version"],
                                           table(doc, "versions")))
        check(table(doc, "ciphers").get((want["cipher"],
                                         want["direction"])) == 1,
              "%s: cipher %s (got %s)" % (label, want["cipher"],
                                          table(doc, "ciphers")))


def run_case(server, case, flags):
    port = SERVERS[server][0]
    argv = ["--port", str(port), "--pki", os.path.join(LAB, "pki")] + flags
    if case.startswith("relay:"):
        argv += ["--rcpt", case.partition(":")[2], "relay"]
    else:
        argv.append(case)
    args = cases.parser().parse_args(argv)
    return cases.run(args, args.cases[0])


def mtalab(cmd, name, ciphers=None):
    env = dict(os.environ)
    if ciphers:
        env["CIPHERS"] = ciphers
    out = subprocess.run(["sh", MTALAB, cmd, name], env=env,
                         capture_output=True, text=True, timeout=120)
    print(out.stdout.strip() + out.stderr.strip())
    return out.returncode == 0


def live(exe, mta, save):
    steps = STEPS[mta]
    needed = {s[1] for s in steps}
    if mta in ("postfix", "opensmtpd"):
        needed.add("pf-implicit")
    for srv in sorted(needed):
        port = 10027 if srv == "pf-implicit" else SERVERS[srv][0]
        if not listening(port):
            skip_or_fail("%s is not listening on 127.0.0.1:%d (start it "
                         "with tests/lab/mta/mtalab.sh or tests/lab/lab.sh)"
                         % (srv, port))
    saved, meta, ciphers = b"", [], None
    try:
        for name, srv, case, flags, restart, want, why in steps:
            port, rel, marker = SERVERS[srv]
            if restart and restart != ciphers:
                if not check(mtalab("restart", srv, restart),
                             "%s: restart %s with CIPHERS=%s" %
                             (name, srv, restart)):
                    continue
                ciphers = restart
            log = os.path.join(LAB, rel)
            off = size(log)
            t0 = time.monotonic()
            what = run_case(srv, case, flags)
            cut = wait_cut(log, off, marker)
            print("%s: client: %s (%.2fs, %d lines)%s" %
                  (name, what, time.monotonic() - t0, cut.count(b"\n"),
                   " - " + why if why else ""))
            check(not what.startswith("error:"), "%s: the client case ran"
                  % name)
            check_cut(exe, "%s/%s" % (mta, name), cut, want)
            first = saved.count(b"\n") + 1
            saved += cut
            meta.append({"step": name, "first": first,
                         "last": saved.count(b"\n"), "expect": want,
                         "note": why})
    finally:
        if ciphers is not None:
            check(mtalab("restart", "opensmtpd", "default"),
                  "opensmtpd restarted with its default list")
    if save and not failures:
        with open(os.path.join(save, "live-%s.log" % mta), "wb") as f:
            f.write(saved)
        with open(os.path.join(save, "live-%s.json" % mta), "w") as f:
            json.dump({"mta": mta, "year": YEAR, "steps": meta}, f,
                      indent=1)
            f.write("\n")
        print("saved live-%s.log and live-%s.json in %s" % (mta, mta, save))


def golden(exe, data):
    names = sorted(n for n in os.listdir(data)
                   if n.startswith("live-") and n.endswith(".json"))
    check(len(names) >= 4, "at least 4 live-*.json goldens (got %s)" % names)
    for n in names:
        with open(os.path.join(data, n)) as f:
            meta = json.load(f)
        with open(os.path.join(data, n[:-5] + ".log"), "rb") as f:
            lines = f.read().splitlines(True)
        for s in meta["steps"]:
            cut = b"".join(lines[s["first"] - 1:s["last"]])
            check_cut(exe, "%s/%s" % (n[:-5], s["step"]), cut, s["expect"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mailtls", required=True)
    p.add_argument("--mta", choices=sorted(STEPS))
    p.add_argument("--save")
    p.add_argument("--golden")
    a = p.parse_args()
    if a.golden:
        golden(a.mailtls, a.golden)
    elif a.mta:
        live(a.mailtls, a.mta, a.save)
    else:
        p.error("--mta or --golden")
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
