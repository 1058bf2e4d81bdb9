#!/usr/bin/env python3
"""follow_test.py - `mailtls logs --follow` end to end, with rotation

Starts `mailtls logs --follow --json` on a file in a temporary directory
and, while it runs: appends lines, writes one line in two pieces with a
poll in between, rotates the file the logrotate "create" way (rename, one
more line into the renamed file, a new file at the path), truncates it the
"copytruncate" way, removes it for a while and brings it back, then sends
SIGINT.  Every event must be printed exactly once (each line has its own
peer address), lines that were in the file before the start must not be,
and the summary's counts must account for every line written (nothing
silently dropped).  Every wait is bounded.

usage: follow_test.py MAILTLS
"""

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time

WAIT = 10.0  # seconds, for any one expected output


def ok_line(n):
    return (f'Nov 22 12:{n % 60:02d}:00 mx postfix/smtpd[{100 + n}]: '
            f'Anonymous TLS connection established from p{n}.example'
            f'[192.0.2.{n}]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 '
            f'(256/256 bits) key-exchange X25519\n')


def fail_line(n):
    return (f'2026-11-22 12:{n % 60:02d}:01 TLS error on connection from '
            f'(client.lab.test) [192.0.2.{n}]:60622 (gnutls_handshake): '
            f'No supported cipher suites have been found.\n')


class Follower:
    def __init__(self, exe, path):
        self.proc = subprocess.Popen(
            [exe, 'logs', '--follow', '--json', '--year', '2026', path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.out = queue.Queue()
        self.err = queue.Queue()
        self.lines = []
        self.errs = []
        for stream, q in ((self.proc.stdout, self.out),
                          (self.proc.stderr, self.err)):
            threading.Thread(target=self.pump, args=(stream, q),
                             daemon=True).start()

    @staticmethod
    def pump(stream, q):
        for line in stream:
            q.put(line)
        q.put(None)

    def wait_err(self, needle):
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            try:
                line = self.err.get(timeout=0.1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.errs.append(line)
            if needle in line:
                return
        sys.exit(f'no "{needle}" on stderr within {WAIT}s: {self.errs}')

    def events(self):
        return [json.loads(l) for l in self.lines
                if l.startswith('{"type": "event"') or
                l.startswith('{"type":"event"')]

    def wait_events(self, n, what):
        end = time.monotonic() + WAIT
        while len(self.events()) < n and time.monotonic() < end:
            try:
                line = self.out.get(timeout=0.1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.lines.append(line)
        if len(self.events()) < n:
            sys.exit(f'{what}: {len(self.events())} events within {WAIT}s,'
                     f' want {n}')


def append(path, text):
    with open(path, 'a') as f:
        f.write(text)


def main():
    exe = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix='mt-follow-')
    log = os.path.join(tmp, 'mail.log')
    written = 0  # lines written while following
    # Lines already there are not read (tail -f -n0).
    with open(log, 'w') as f:
        f.write(ok_line(250) + fail_line(251))
    fo = Follower(exe, log)
    fo.wait_err('following 1 file')
    want = set()

    # 1. Plain appends, and one garbage line (counted as unrecognised).
    append(log, ok_line(1) + fail_line(2) + ok_line(3) + 'garbage \x01\n')
    written += 4
    want |= {1, 2, 3}
    fo.wait_events(3, 'appends')

    # 2. A line in two writes with polls in between.
    text = ok_line(4)
    append(log, text[:40])
    time.sleep(0.7)
    if len(fo.events()) != 3:
        sys.exit('a partial line became an event')
    append(log, text[40:])
    written += 1
    want.add(4)
    fo.wait_events(4, 'split line')

    # 3. logrotate create: rename, a late line into the old file, new file.
    os.rename(log, log + '.1')
    append(log + '.1', ok_line(5))
    with open(log, 'w') as f:
        f.write(fail_line(6) + ok_line(7))
    written += 3
    want |= {5, 6, 7}
    fo.wait_events(7, 'rotation (create)')

    # 4. copytruncate: the file shrinks, then grows from 0.
    with open(log, 'r+') as f:
        f.truncate(0)
    time.sleep(0.7)
    append(log, ok_line(8))
    written += 1
    want.add(8)
    fo.wait_events(8, 'copytruncate')

    # 5. The path goes away for a while, then comes back.
    os.rename(log, log + '.2')
    fo.wait_err('missing')
    with open(log, 'w') as f:
        f.write(ok_line(9) + fail_line(10))
    written += 2
    want |= {9, 10}
    fo.wait_events(10, 'missing then back')

    # 6. A last line without its newline is counted at exit.
    append(log, ok_line(11).rstrip('\n'))
    written += 1
    want.add(11)
    time.sleep(0.5)

    fo.proc.send_signal(signal.SIGINT)
    try:
        fo.proc.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        fo.proc.kill()
        sys.exit('no exit within 10s of SIGINT')
    while True:
        try:
            line = fo.out.get(timeout=2)
        except queue.Empty:
            break
        if line is None:
            break
        fo.lines.append(line)
    if fo.proc.returncode != 1:
        sys.exit(f'exit status {fo.proc.returncode}, want 1 (failures)')

    got = [int(e['ip'].rsplit('.', 1)[1]) for e in fo.events()]
    if sorted(got) != sorted(want):
        sys.exit(f'events for {sorted(got)}, want each of {sorted(want)} '
                 f'once')
    for e in fo.events():
        n = int(e['ip'].rsplit('.', 1)[1])
        kind = 'tls_fail' if n in (2, 6, 10) else 'tls_ok'
        if e['kind'] != kind:
            sys.exit(f'event {n}: kind {e["kind"]}, want {kind}')
        if kind == 'tls_fail' and e['class'] != 'no_shared_cipher':
            sys.exit(f'event {n}: class {e["class"]}')

    # The summary: one JSON document after the event lines.
    tail = ''.join(l for l in fo.lines
                   if not l.startswith('{"type"'))
    doc = json.loads(tail)
    lines = doc['lines']
    if lines['read'] != written:
        sys.exit(f'summary read {lines["read"]} lines, want {written}')
    if lines['unrecognised'] != 1 or lines['events'] != len(want):
        sys.exit(f'summary counts {lines}, want 1 unrecognised and '
                 f'{len(want)} events')
    if doc['kinds']['tls_ok'] != 8 or doc['kinds']['tls_fail'] != 3:
        sys.exit(f'summary kinds {doc["kinds"]}')
    print(f'ok: {len(got)} events once each, {written} lines counted')


if __name__ == '__main__':
    main()
