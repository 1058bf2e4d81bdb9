#!/usr/bin/env python3
"""run_scenario.py - one SMTP client integration test

Starts tests/fake/fakesmtp.py with a scenario on an ephemeral 127.0.0.1
port, runs smtp_driver against it, checks the one-line outcome, then stops
the fake server (by its PID).  With --scenario none nobody listens on the
port (the "connection refused" case).

usage: run_scenario.py --fake F --driver D --scenario S [--mode M]
    [--timeout-ms N] [--runs N] [--want-status ready|failed]
    [--want-code NAME] [--want-last N] [--want-msg TEXT]
    [--want-starttls yes|no] [--max-elapsed SECONDS]

With --runs N the driver runs N times; the checks apply to the last run
and every earlier run must be ready (for rate limiting scenarios).
"""

import argparse
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time

LINE_RE = re.compile(r'^status=(\S+) code=(\S+) last=(-?\d+) starttls=(\S+) '
                     r'trace=(\S*) msg="(.*)"$')


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_fake(args, tmp):
    port_file = os.path.join(tmp, 'port')
    log = os.path.join(tmp, 'fake.log')
    cmd = [sys.executable, args.fake, '--port-file', port_file,
           '--max-seconds', '120', '--log', log, args.scenario]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as f:
                return proc, int(f.read().strip()), log
        if proc.poll() is not None:
            sys.exit('FAIL: fakesmtp exited with %d' % proc.returncode)
        time.sleep(0.02)
    proc.kill()
    sys.exit('FAIL: fakesmtp did not write its port')


def run_driver(args, port):
    cmd = [args.driver, '-d', str(port), args.mode, str(args.timeout_ms)]
    print('+ ' + ' '.join(shlex.quote(c) for c in cmd))
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - t0
    sys.stdout.write(p.stderr)
    out = p.stdout.strip()
    print('outcome: %s (%.2f s, exit %d)' % (out, elapsed, p.returncode))
    if p.returncode != 0:
        sys.exit('FAIL: driver exit status %d' % p.returncode)
    m = LINE_RE.match(out)
    if m is None:
        sys.exit('FAIL: cannot parse driver output')
    return m, elapsed


def check(args, m, elapsed):
    errors = []
    status, code, last, starttls, trace, msg = m.groups()
    if args.want_status and status != args.want_status:
        errors.append('status: got %s, want %s' % (status, args.want_status))
    if args.want_code and code != args.want_code:
        errors.append('code: got %s, want %s' % (code, args.want_code))
    if args.want_last is not None and int(last) != args.want_last:
        errors.append('last code: got %s, want %d' % (last, args.want_last))
    if args.want_msg and args.want_msg not in msg:
        errors.append('msg: got "%s", want it to contain "%s"' %
                      (msg, args.want_msg))
    if args.want_starttls and starttls != args.want_starttls:
        errors.append('starttls: got %s, want %s' %
                      (starttls, args.want_starttls))
    if args.max_elapsed and elapsed > args.max_elapsed:
        errors.append('took %.2f s, want under %.2f s' %
                      (elapsed, args.max_elapsed))
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fake', required=True)
    ap.add_argument('--driver', required=True)
    ap.add_argument('--scenario', required=True)
    ap.add_argument('--mode', default='starttls')
    ap.add_argument('--timeout-ms', type=int, default=5000)
    ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--want-status')
    ap.add_argument('--want-code')
    ap.add_argument('--want-last', type=int)
    ap.add_argument('--want-msg')
    ap.add_argument('--want-starttls')
    ap.add_argument('--max-elapsed', type=float)
    args = ap.parse_args()

    proc = None
    errors = []
    with tempfile.TemporaryDirectory(prefix='mt-smtp-') as tmp:
        log = None
        try:
            if args.scenario == 'none':
                port = free_port()
            else:
                proc, port, log = start_fake(args, tmp)
            for i in range(args.runs):
                m, elapsed = run_driver(args, port)
                if i + 1 < args.runs:
                    if m.group(1) != 'ready':
                        errors.append('run %d: got %s, want ready' %
                                      (i + 1, m.group(1)))
                    continue
                errors += check(args, m, elapsed)
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if log is not None and os.path.exists(log):
                with open(log) as f:
                    sys.stdout.write(f.read())
    for e in errors:
        print('FAIL: ' + e)
    if errors:
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
