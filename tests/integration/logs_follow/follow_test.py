#!/usr/bin/env python3
"""follow_test.py - `mailtls logs --follow` end to end, with rotation

Starts `mailtls logs --follow --json` on a file in a temporary directory
and, while it runs: appends lines, writes one line in two pieces with a
poll in between, rotates the file the logrotate "create" way (rename, one
more line into the renamed file, a new file at the path), truncates it the
"copytruncate" way, rewrites it in place (same size, and bigger with a
partial line pending), removes it for a while and brings it back, then
sends SIGINT.  Every event must be printed exactly once (each line has its
own peer address), lines that were in the file before the start must not
be, and the summary's counts must account for every line written (nothing
silently dropped).  Then, on a file of 300 MB (5 polls' worth): SIGINT
during the catch-up of --from-start must say how many bytes were not read
and feed no piece of a line; a rotation during the catch-up must lose no
line of the old file.  A second SIGINT must kill at once (the first one is
sent while the follower is blocked writing to a full pipe), and a missing
file at the start exits 3.  Every wait is bounded.

usage: follow_test.py MAILTLS
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

WAIT = 10.0  # seconds, for any one expected output
BIG = 300 * 1000 * 1000  # bytes: five polls of 64 MiB


def filler(n):
    """n bytes of 100-byte lines that no MTA parser recognises."""
    line = 'Nov 22 12:00:00 mx kernel: filler line of the follow test '
    line += 'x' * (99 - len(line)) + '\n'
    return line * (n // 100)


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
    def __init__(self, exe, path, extra=(), pump_out=True):
        self.proc = subprocess.Popen(
            [exe, 'logs', '--follow', '--json', '--year', '2026', *extra,
             path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.out = queue.Queue()
        self.err = queue.Queue()
        self.lines = []
        self.errs = []
        streams = [(self.proc.stderr, self.err)]
        if pump_out:
            streams.append((self.proc.stdout, self.out))
        for stream, q in streams:
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

    def stop(self):
        """SIGINT, then the exit status, all of stdout and stderr."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            sys.exit('no exit within 10s of SIGINT')
        for q, into in ((self.out, self.lines), (self.err, self.errs)):
            while True:
                try:
                    line = q.get(timeout=2)
                except queue.Empty:
                    break
                if line is None:
                    break
                into.append(line)
        return self.proc.returncode

    def summary(self):
        """The summary: with --json, one more line of "type": "summary"
        (so the whole output is JSON lines)."""
        for l in self.lines:
            if l.startswith('{') and '"summary"' in l[:30]:
                return json.loads(l)
        sys.exit('no one-line "type": "summary" object on stdout')

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


def rewrite(path, text):
    """Write text over the file from offset 0, never shrinking it."""
    with open(path, 'r+') as f:
        f.write(text)


def scenario_main(exe, tmp):
    log = os.path.join(tmp, 'mail.log')
    written = 0  # lines written while following
    cut = 0  # partial lines of rewritten content, dropped and counted
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

    # 3b. syslogd writes to the renamed file until logrotate's HUP, after
    # the follower has seen the new file: that line comes, and first.
    os.rename(log, log + '.1')
    open(log, 'w').close()
    time.sleep(0.7)
    append(log + '.1', ok_line(26))
    append(log, ok_line(27))
    written += 2
    want |= {26, 27}
    fo.wait_events(9, 'a line into the renamed file before the HUP')
    order = [int(e['ip'].rsplit('.', 1)[1]) for e in fo.events()]
    if order.index(26) > order.index(27):
        sys.exit(f'the new file read before the rest of the old: {order}')

    # 4. copytruncate: the file shrinks, then grows from 0.
    with open(log, 'r+') as f:
        f.truncate(0)
    time.sleep(0.7)
    append(log, ok_line(8))
    written += 1
    want.add(8)
    fo.wait_events(10, 'copytruncate')

    # 4b. A copy over the file with the same size: never smaller.
    append(log, 'y' * 200 + '\n')
    written += 1
    time.sleep(0.7)
    size = os.path.getsize(log)
    text = ok_line(21) + fail_line(22)
    pad = size - len(text)
    if pad < 2:
        sys.exit('test bug: no room for the padding line')
    rewrite(log, text + 'z' * (pad - 1) + '\n')
    if os.path.getsize(log) != size:
        sys.exit('test bug: the size changed')
    written += 3
    want |= {21, 22}
    fo.wait_events(12, 'rewritten in place, same size')

    # 4c. copytruncate with new lines past the old offset before the next
    # poll, and a partial line pending: it is dropped, not fed.
    append(log, 'Nov 22 12:00:00 mx postfix/smtpd[77]: partial')
    time.sleep(0.7)
    text = ok_line(23) + fail_line(24) + ok_line(25)
    if len(text) <= os.path.getsize(log):
        sys.exit('test bug: the rewrite is not bigger')
    rewrite(log, text)
    written += 3
    cut += 1
    want |= {23, 24, 25}
    fo.wait_events(15, 'rewritten in place, bigger')

    # 5. The path goes away for a while, then comes back.
    os.rename(log, log + '.2')
    fo.wait_err('missing')
    with open(log, 'w') as f:
        f.write(ok_line(9) + fail_line(10))
    written += 2
    want |= {9, 10}
    fo.wait_events(17, 'missing then back')

    # 6. A last line without its newline is counted at exit.
    append(log, ok_line(11).rstrip('\n'))
    written += 1
    want.add(11)
    time.sleep(0.5)

    rc = fo.stop()
    if rc != 1:
        sys.exit(f'exit status {rc}, want 1 (failures)')
    if any('not read' in l for l in fo.errs):
        sys.exit(f'bytes reported unread: {fo.errs}')

    got = [int(e['ip'].rsplit('.', 1)[1]) for e in fo.events()]
    if sorted(got) != sorted(want):
        sys.exit(f'events for {sorted(got)}, want each of {sorted(want)} '
                 f'once')
    fails = (2, 6, 10, 22, 24)
    for e in fo.events():
        n = int(e['ip'].rsplit('.', 1)[1])
        kind = 'tls_fail' if n in fails else 'tls_ok'
        if e['kind'] != kind:
            sys.exit(f'event {n}: kind {e["kind"]}, want {kind}')
        if kind == 'tls_fail' and e['class'] != 'no_shared_cipher':
            sys.exit(f'event {n}: class {e["class"]}')

    doc = fo.summary()
    lines = doc['lines']
    if lines['read'] != written + cut or lines['cut'] != cut:
        sys.exit(f'summary {lines}, want {written} lines read and '
                 f'{cut} cut')
    # garbage, the 200 y's, the padding line
    if lines['unrecognised'] != 3 or lines['events'] != len(want):
        sys.exit(f'summary counts {lines}, want 3 unrecognised and '
                 f'{len(want)} events')
    nfail = len(fails)
    if (doc['kinds']['tls_ok'] != len(want) - nfail or
            doc['kinds']['tls_fail'] != nfail):
        sys.exit(f'summary kinds {doc["kinds"]}')
    print(f'ok: {len(got)} events once each, {written} lines counted')


def scenario_catchup_sigint(exe, big):
    """SIGINT in the middle of --from-start: no piece of a line fed."""
    fo = Follower(exe, big, ['--from-start'])
    fo.wait_err('following 1 file')
    rc = fo.stop()
    if rc != 0:
        sys.exit(f'catch-up: exit status {rc}, want 0: {fo.errs}')
    msg = [l for l in fo.errs if 'bytes not read' in l]
    if len(msg) != 1 or not msg[0].startswith(f'mailtls: {big}: '):
        sys.exit(f'catch-up: no "FILE: N bytes not read": {fo.errs}')
    unread = int(msg[0].split(': ')[2].split()[0])
    lines = fo.summary()['lines']
    if lines['read'] * 100 + unread != BIG or lines['skipped'] != 0:
        sys.exit(f'catch-up: {lines["read"]} lines of 100 bytes and '
                 f'{unread} not read; the file has {BIG} bytes')
    print(f'ok: SIGINT in a catch-up, {unread} bytes not read')


def scenario_big_rotation(exe, big):
    """Rotation in a catch-up of 300 MB: the old file is read to its end."""
    fo = Follower(exe, big, ['--from-start'])
    fo.wait_err('following 1 file')
    os.rename(big, big + '.1')
    with open(big, 'w') as f:
        f.write(ok_line(30))
    fo.wait_events(1, 'the new file after a big old one')
    rc = fo.stop()
    lines = fo.summary()['lines']
    os.unlink(big + '.1')
    if rc != 0 or lines['read'] != BIG // 100 + 1:
        sys.exit(f'big rotation: exit {rc}, {lines["read"]} lines read, '
                 f'want {BIG // 100 + 1}')
    print(f'ok: rotation in a catch-up, {lines["read"]} lines read')


def scenario_second_sigint(exe, tmp):
    """A second SIGINT kills at once, even while stdout is blocked."""
    log = os.path.join(tmp, 'many.log')
    with open(log, 'w') as f:
        f.write(''.join(ok_line(n % 250) for n in range(3000)))
    fo = Follower(exe, log, ['--from-start'], pump_out=False)
    fo.wait_err('following 1 file')
    time.sleep(0.5)  # the pipe is full: the follower blocks writing
    fo.proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    fo.proc.send_signal(signal.SIGINT)
    try:
        fo.proc.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        fo.proc.kill()
        fo.proc.wait()
        sys.exit('a second SIGINT did not kill the follower')
    if fo.proc.returncode != -signal.SIGINT:
        sys.exit(f'second SIGINT: exit {fo.proc.returncode}, want killed')
    print('ok: a second SIGINT kills')


def scenario_missing(exe, tmp):
    """A file missing at the start: exit 3 at once (not tail -F's wait)."""
    path = os.path.join(tmp, 'absent.log')
    try:
        p = subprocess.run([exe, 'logs', '--follow', path],
                           capture_output=True, text=True, timeout=WAIT)
    except subprocess.TimeoutExpired:
        sys.exit('a missing file: no exit within 10s')
    if p.returncode != 3 or path not in p.stderr:
        sys.exit(f'a missing file: exit {p.returncode}, {p.stderr!r}')
    print('ok: a missing file exits 3')


def main():
    exe = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix='mt-follow-')
    try:
        scenario_missing(exe, tmp)
        scenario_second_sigint(exe, tmp)
        scenario_main(exe, tmp)
        big = os.path.join(tmp, 'big.log')
        with open(big, 'w') as f:
            block = filler(BIG // 100)
            for _ in range(100):
                f.write(block)
        scenario_catchup_sigint(exe, big)
        scenario_big_rotation(exe, big)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
