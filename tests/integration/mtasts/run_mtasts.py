#!/usr/bin/env python3
# run_mtasts.py - mt_sts_fetch against a real HTTPS server (nginx from
# Debian) on 127.0.0.1 with a test CA made here.
#
# Usage: run_mtasts.py --driver PATH [--nginx PATH] [--keep]
#
# Makes a CA and a server certificate (and one for a name nobody asks
# for) with openssl in a temp dir, starts nginx with its own prefix,
# config and pid file on a free loopback port from 10443, and fetches the
# policy of one domain per case through sts_fetch_driver, asserting the
# outcome class and the error text:
#   good.test      200 text/plain; charset=utf-8, a valid policy
#   lf.test        200 text/plain, LF lines, mode testing
#   missing.test   404
#   big.test       100 KiB text/plain with Content-Length
#   chunked.test   100 KiB text/plain chunked (no length: the write cap)
#   html.test      200 text/html
#   redirect.test  301 to good.test
#   invalid.test   200 text/plain, not a policy
#   wrongname.test the certificate does not name mta-sts.wrongname.test
#   slow.test      the body takes 5 s; the fetch has 1 s
#   refused        nothing listens on the port
# nginx is stopped by its PID.  Exit: 0 pass, 1 fail, 77 skip (nginx or
# openssl missing and CI unset; with CI set that is a failure).
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'pylib'))
from labtest import skip_or_fail  # noqa: E402

GOOD = ("version: STSv1\r\nmode: enforce\r\nmx: mx.good.test\r\n"
        "mx: *.mx.good.test\r\nmax_age: 604800\r\n")
LF = "version: STSv1\nmode: testing\nmx: mx.lf.test\nmax_age: 86400\n"
ECHO_MODULE = "/usr/share/nginx/modules/ngx_http_echo_module.so"

# domain, want status, want error substring, timeout ms, extra check
CASES = [
    ("good.test", "ok", "", 5000, "mode=enforce max_age=604800 "
     "mx=mx.good.test,*.mx.good.test"),
    ("lf.test", "ok", "", 5000, "mode=testing"),
    ("missing.test", "http-status", "HTTP status 404, not 200", 5000,
     "result=sts-policy-fetch-error"),
    ("big.test", "too-big", "policy larger than 65536 bytes", 5000,
     "result=sts-policy-fetch-error"),
    ("chunked.test", "too-big", "policy larger than 65536 bytes", 5000,
     "bytes="),
    ("html.test", "content-type", "Content-Type \"text/html\", not "
     "text/plain", 5000, ""),
    ("redirect.test", "redirect", "redirect not allowed (RFC 8461 3.3)",
     5000, "http=301"),
    ("invalid.test", "invalid", "line 1: \"<html>", 5000,
     "result=sts-policy-invalid"),
    ("wrongname.test", "webpki", "certificate not valid for the policy "
     "host", 5000, "result=sts-webpki-invalid"),
    ("slow.test", "timeout", "timeout", 1000, ""),
]

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def free_port(start):
    for port in range(start, start + 40):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            s.close()
    return None


def run(cmd):
    subprocess.run(cmd, check=True, capture_output=True)


def make_pki(d):
    """A CA; a server cert naming every mta-sts.<case>; one naming
    only other.test (served to names no server block claims)."""
    ca_key, ca = os.path.join(d, "ca.key"), os.path.join(d, "ca.pem")
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:P-256", "-nodes", "-keyout", ca_key, "-out", ca,
         "-days", "2", "-subj", "/CN=mailtls test CA"])
    names = [c[0] for c in CASES if c[0] != "wrongname.test"]
    for name, sans in (("server", ["mta-sts." + n for n in names]),
                       ("other", ["mta-sts.other.test"])):
        key = os.path.join(d, name + ".key")
        csr = os.path.join(d, name + ".csr")
        ext = os.path.join(d, name + ".ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=" +
                    ",".join("DNS:" + s for s in sans) + "\n")
        run(["openssl", "req", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out",
             csr, "-subj", "/CN=" + sans[0]])
        run(["openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey",
             ca_key, "-CAcreateserial", "-days", "2", "-extfile", ext,
             "-out", os.path.join(d, name + ".pem")])
    return ca


def write_site(d):
    www = os.path.join(d, "www")
    for name, body in (("good", GOOD), ("lf", LF), ("html", GOOD),
                       ("invalid", "<html><body>hello</body></html>\n"),
                       ("big", "x" * (100 * 1024))):
        os.makedirs(os.path.join(www, name, ".well-known"))
        with open(os.path.join(www, name, ".well-known", "mta-sts.txt"),
                  "w", newline="") as f:
            f.write(body)
    os.makedirs(os.path.join(www, "missing"))
    return www


def nginx_conf(d, www, port):
    srv = []
    ctype = {"good": "text/plain; charset=utf-8", "html": "text/html"}
    for name in ("good", "lf", "html", "invalid", "big", "missing"):
        srv.append("""
    server {
        listen 127.0.0.1:%d ssl;
        server_name mta-sts.%s.test;
        ssl_certificate %s/server.pem;
        ssl_certificate_key %s/server.key;
        root %s/%s;
        location / { default_type "%s"; }
    }""" % (port, name, d, d, www, name, ctype.get(name, "text/plain")))
    srv.append("""
    server {
        listen 127.0.0.1:%d ssl;
        server_name mta-sts.redirect.test;
        ssl_certificate %s/server.pem;
        ssl_certificate_key %s/server.key;
        return 301 https://mta-sts.good.test/.well-known/mta-sts.txt;
    }""" % (port, d, d))
    srv.append("""
    server {
        listen 127.0.0.1:%d ssl;
        server_name mta-sts.chunked.test;
        ssl_certificate %s/server.pem;
        ssl_certificate_key %s/server.key;
        location / { default_type text/plain; echo_duplicate 102400 "x"; }
    }
    server {
        listen 127.0.0.1:%d ssl;
        server_name mta-sts.slow.test;
        ssl_certificate %s/server.pem;
        ssl_certificate_key %s/server.key;
        location / { default_type text/plain; echo "version: STSv1";
            echo_flush; echo_sleep 5; echo "mode: none"; }
    }""" % (port, d, d, port, d, d))
    return """load_module %s;
worker_processes 1;
pid %s/nginx.pid;
error_log %s/error.log;
events { worker_connections 64; }
http {
    access_log %s/access.log;
    client_body_temp_path %s/tmp;
    proxy_temp_path %s/tmp;
    fastcgi_temp_path %s/tmp;
    uwsgi_temp_path %s/tmp;
    scgi_temp_path %s/tmp;
    server {
        listen 127.0.0.1:%d ssl default_server;
        server_name _;
        ssl_certificate %s/other.pem;
        ssl_certificate_key %s/other.key;
        location / { default_type text/plain; return 200 "%s"; }
    }%s
}
""" % (ECHO_MODULE, d, d, d, d, d, d, d, d, port, d, d,
       GOOD.replace("\r\n", "\\n"), "".join(srv))


def wait_listening(port, deadline):
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def fetch(driver, domain, ca, port, tmo):
    out = subprocess.run([driver, domain, ca, str(port), str(tmo)],
                         capture_output=True, text=True, timeout=30)
    return out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--nginx", default=shutil.which("nginx") or
                    "/usr/sbin/nginx")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not os.access(a.nginx, os.X_OK):
        skip_or_fail("nginx not installed (Debian nginx-light)")
    if not os.path.exists(ECHO_MODULE):
        skip_or_fail("nginx echo module missing (libnginx-mod-http-echo)")
    if shutil.which("openssl") is None:
        skip_or_fail("openssl not installed")
    port = free_port(10443)
    if port is None:
        skip_or_fail("no free loopback port from 10443")
    d = tempfile.mkdtemp(prefix="mailtls-mtasts-")
    os.chmod(d, 0o755)
    os.makedirs(os.path.join(d, "tmp"))
    ca = make_pki(d)
    www = write_site(d)
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(d, www, port))
    pidfile = os.path.join(d, "nginx.pid")
    pid = None
    try:
        r = subprocess.run([a.nginx, "-p", d, "-c", conf, "-e",
                            os.path.join(d, "error.log")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            check(False, "nginx starts")
            return 1
        if not wait_listening(port, time.monotonic() + 10):
            check(False, "nginx listens on 127.0.0.1:%d" % port)
            return 1
        with open(pidfile) as f:
            pid = int(f.read().strip())
        for dom, status, err, tmo, extra in CASES:
            t0 = time.monotonic()
            out = fetch(a.driver, dom, ca, port, tmo)
            secs = time.monotonic() - t0
            first, _, rest = out.partition("\n")
            print("     %s: %s | %s" % (dom, first, rest.strip()))
            check("status=%s " % status in first,
                  "%s: status %s" % (dom, status))
            check(err in rest, "%s: error contains %r" % (dom, err))
            if extra:
                check(extra in first, "%s: %r" % (dom, extra))
            if dom == "slow.test":
                check(secs < 3, "slow.test: gave up after %.1f s" % secs)
        out = fetch(a.driver, "good.test", ca, free_port(port + 1), 5000)
        check("status=connect " in out and "result=sts-policy-fetch-error"
              in out, "refused port: connect error")
        out = fetch(a.driver, "good.test", os.path.join(d, "other.pem"),
                    port, 5000)
        check("status=webpki " in out, "CA file without our CA: webpki")
    finally:
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if not os.path.exists(pidfile):
                    break
                time.sleep(0.05)
        if not a.keep:
            shutil.rmtree(d, ignore_errors=True)
        else:
            print("kept " + d)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
