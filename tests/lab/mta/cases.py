#!/usr/bin/env python3
# cases.py - the client side of the live log tests: one SMTP session per
# case against a lab MTA on 127.0.0.1, each ending the way the case needs.
#
# Usage: cases.py --port PORT [--implicit] [--tls12rsa] [--pki DIR]
#                 [--rcpt ADDR] CASE...
#
# Cases (STARTTLS after EHLO unless --implicit):
#   ok          verified handshake (the lab root CA, name mx.lab.test), then
#               EHLO, one message to --rcpt and QUIT (Exim logs TLS only on
#               the "<=" line of a received message)
#   noshared    TLS 1.2-only client offering only ECDHE-ECDSA suites to an
#               RSA-keyed server
#   sslv3       a raw SSLv3 ClientHello (record 16 03 00, client_version
#               03 00, suites 002f 0035 000a 0005, no extensions)
#   badcert     checks the name against wrong-name.example: OpenSSL sends
#               fatal alert 42 bad_certificate
#   unknown_ca  trusts the system CAs but not the lab root: alert 48
#   expired     openssl s_client -verify_return_error -attime (a day after
#               the leaf's notAfter): alert 45 certificate_expired
#   relay       plain SMTP, one message to --rcpt, for an MTA that relays
#               it out over TLS (the outbound cases)
# --tls12rsa limits the TLS client to TLS 1.2 with RSA key exchange (so an
# alert is sent before the server needs its private key).
#
# Prints one line per case: "CASE: what the client saw".  Exit 0, or 1 when
# a case could not even connect.  Loopback only; every socket has a
# timeout; server replies are read with a size cap.
import argparse
import os
import socket
import ssl
import subprocess
import sys

HOST = "127.0.0.1"
TIMEOUT = 10
CASES = ("ok", "noshared", "sslv3", "badcert", "unknown_ca", "expired",
         "relay")
RSA_KX = "AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA256:AES128-SHA"


class CaseError(Exception):
    pass


def reply(f):
    """Read one (multi-line) SMTP reply; return (code, text)."""
    lines = []
    while True:
        line = f.readline(1024)
        if not line:
            raise CaseError("connection closed by the server")
        lines.append(line.decode("ascii", "replace").rstrip("\r\n"))
        if len(lines) > 100:
            raise CaseError("reply too long")
        if len(line) < 4 or line[3:4] != b"-":
            break
    try:
        code = int(lines[-1][:3])
    except ValueError:
        raise CaseError("bad reply: " + lines[-1][:80])
    return code, "\n".join(lines)


def command(sock, f, cmd, want):
    sock.sendall(cmd.encode("ascii") + b"\r\n")
    code, text = reply(f)
    if code != want:
        raise CaseError("%s: %s" % (cmd.split(" ")[0], text[:120]))
    return text


def plain_session(port, implicit):
    """Connect, read the banner, EHLO and (unless implicit) STARTTLS."""
    sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
    if implicit:
        return sock
    f = sock.makefile("rb")
    code, text = reply(f)
    if code != 220:
        raise CaseError("banner: " + text[:120])
    command(sock, f, "EHLO client.lab.test", 250)
    command(sock, f, "STARTTLS", 220)
    f.close()
    return sock


def send_message(sock, rcpt, note):
    f = sock.makefile("rb")
    command(sock, f, "EHLO client.lab.test", 250)
    command(sock, f, "MAIL FROM:<lab@lab.test>", 250)
    command(sock, f, "RCPT TO:<%s>" % rcpt, 250)
    command(sock, f, "DATA", 354)
    body = ("From: lab@lab.test\r\nTo: %s\r\nSubject: mailtls live log "
            "test (%s)\r\n\r\nA test message of the mailtls MTA lab.\r\n."
            % (rcpt, note))
    text = command(sock, f, body, 250)
    command(sock, f, "QUIT", 221)
    return text


def handshake(sock, ctx, name):
    try:
        tls = ctx.wrap_socket(sock, server_hostname=name)
    except (ssl.SSLError, ssl.CertificateError, OSError) as e:
        sock.close()
        return None, "handshake failed: %s" % e
    return tls, "%s %s" % (tls.version(), tls.cipher()[0])


def client_ctx(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if args.tls12rsa:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers(RSA_KX)
    return ctx


def case_ok(args):
    ctx = client_ctx(args)
    ctx.load_verify_locations(os.path.join(args.pki, "root.pem"))
    tls, what = handshake(plain_session(args.port, args.implicit), ctx,
                          "mx.lab.test")
    if tls is None:
        return what
    if args.implicit:
        code, text = reply(tls.makefile("rb"))
    try:
        send_message(tls, args.rcpt, "ok")
    except (CaseError, OSError) as e:
        what += ", then %s" % e
    else:
        what += ", message accepted"
    tls.close()
    return what


def case_noshared(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("ECDHE-ECDSA-AES128-GCM-SHA256:"
                    "ECDHE-ECDSA-AES256-GCM-SHA384")
    tls, what = handshake(plain_session(args.port, args.implicit), ctx,
                          "mx.lab.test")
    if tls is not None:
        tls.close()
    return what


def sslv3_hello():
    suites = bytes.fromhex("002f0035000a0005")
    body = (b"\x03\x00" + os.urandom(32) + b"\x00" +
            len(suites).to_bytes(2, "big") + suites + b"\x01\x00")
    hs = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x00" + len(hs).to_bytes(2, "big") + hs


def case_sslv3(args):
    sock = plain_session(args.port, args.implicit)
    sock.sendall(sslv3_hello())
    try:
        got = sock.recv(64)
    except OSError as e:
        got = ("recv: %s" % e).encode()
    sock.close()
    return "server answered " + (got.hex(" ") if got else "nothing (EOF)")


def case_badcert(args):
    ctx = client_ctx(args)
    ctx.load_verify_locations(os.path.join(args.pki, "root.pem"))
    tls, what = handshake(plain_session(args.port, args.implicit), ctx,
                          "wrong-name.example")
    if tls is not None:
        tls.close()
    return what


def case_unknown_ca(args):
    ctx = client_ctx(args)
    ctx.load_default_certs()
    tls, what = handshake(plain_session(args.port, args.implicit), ctx,
                          "mx.lab.test")
    if tls is not None:
        tls.close()
    return what


def case_expired(args):
    leaf = os.path.join(args.pki, "leaf.pem")
    out = subprocess.run(["openssl", "x509", "-in", leaf, "-noout",
                          "-enddate"], capture_output=True, text=True,
                         timeout=TIMEOUT)
    date = out.stdout.strip().partition("=")[2]
    out = subprocess.run(["date", "-u", "-d", date, "+%s"],
                         capture_output=True, text=True, timeout=TIMEOUT)
    when = int(out.stdout.strip()) + 86400
    cmd = ["openssl", "s_client", "-connect", "%s:%d" % (HOST, args.port),
           "-servername", "mx.lab.test", "-CAfile",
           os.path.join(args.pki, "root.pem"), "-verify_return_error",
           "-attime", str(when)]
    if not args.implicit:
        cmd += ["-starttls", "smtp", "-name", "client.lab.test"]
    if args.tls12rsa:
        cmd += ["-tls1_2", "-cipher", RSA_KX]
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=TIMEOUT)
    for line in out.stdout.splitlines() + out.stderr.splitlines():
        if "verify error" in line or "alert" in line:
            return "s_client: " + line.strip()
    return "s_client exit %d" % out.returncode


def case_relay(args):
    sock = socket.create_connection((HOST, args.port), timeout=TIMEOUT)
    f = sock.makefile("rb")
    code, text = reply(f)
    if code != 220:
        raise CaseError("banner: " + text[:120])
    text = send_message(sock, args.rcpt, "relay")
    sock.close()
    return "message accepted: " + text.splitlines()[-1][:80]


def run(args, name):
    fn = globals()["case_" + name]
    try:
        return fn(args)
    except (CaseError, OSError, subprocess.SubprocessError) as e:
        return "error: %s" % e


def parser():
    p = argparse.ArgumentParser(description="live log test cases")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--implicit", action="store_true")
    p.add_argument("--tls12rsa", action="store_true")
    p.add_argument("--pki", default=os.path.join(
        os.environ.get("MAILTLS_LAB_DIR", "/tmp/mailtls-lab"), "pki"))
    p.add_argument("--rcpt", default="lab@lab.test")
    p.add_argument("cases", nargs="+", choices=CASES)
    return p


def main():
    args = parser().parse_args()
    rc = 0
    for name in args.cases:
        what = run(args, name)
        if what.startswith("error: [Errno"):
            rc = 1
        print("%s: %s" % (name, what))
    return rc


if __name__ == "__main__":
    sys.exit(main())
