#!/usr/bin/env python3
"""fakesmtp.py - a scripted fake SMTP server for tests (python3 stdlib only)

It does what real servers will not: tarpits, 421s, plaintext after
STARTTLS, SSLv3-only answers, impossible TLS records.  It never speaks real
TLS; TLS bytes are read as records and answered from the script.

usage: fakesmtp.py [--port N | --port-file F] [--max-seconds S]
                   [--log F] SCENARIO

Binds 127.0.0.1 (port N, or an ephemeral port written to F), runs the
scenario once per connection (threaded) until killed or --max-seconds.

Scenario language (tests/fake/scenarios/*.scn), one command a line, '#'
starts a comment line:

  send TEXT                 send TEXT + CRLF
  sendraw TEXT              send TEXT with escapes \\r \\n \\t \\\\ \\xNN, no CRLF added
  send-hex HEX              send bytes; spaces inside HEX are ignored
  expect VERB               read one line; its first word must be VERB
                            (case-insensitive), else answer 500 and close
  read-line                 read one line, whatever it is
  read-tls-record           read one whole TLS record (5-byte header + body)
  sleep SECONDS             pause (float)
  close                     close the connection now
  connections-before-421 N  (anywhere) connections after the Nth get
                            "421 4.7.0 too many connections" and are closed
  ehlo-optional             (anywhere) STARTTLS where EHLO is expected is
                            taken as the script's STARTTLS (Postfix takes
                            it); without this line the server answers it
                            "503 5.5.1 send EHLO first" and waits for EHLO

At the end of the script the connection is closed.
"""

import argparse
import os
import socket
import socketserver
import sys
import threading
import time

LINE_MAX = 65536


class ScenarioError(Exception):
    pass


def unescape(text):
    out = bytearray()
    i = 0
    raw = text.encode('utf-8')
    while i < len(raw):
        c = raw[i:i + 1]
        if c != b'\\' or i + 1 >= len(raw):
            out += c
            i += 1
            continue
        n = raw[i + 1:i + 2]
        if n == b'r':
            out += b'\r'
        elif n == b'n':
            out += b'\n'
        elif n == b't':
            out += b'\t'
        elif n == b'\\':
            out += b'\\'
        elif n == b'x':
            out += bytes([int(raw[i + 2:i + 4], 16)])
            i += 2
        else:
            raise ScenarioError('bad escape \\%s' % n.decode())
        i += 2
    return bytes(out)


def parse_scenario(path):
    """Return (commands, connections_before_421, ehlo_optional)."""
    cmds = []
    limit = None
    ehlo_optional = False
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\r\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            verb, _, arg = line.strip().partition(' ')
            where = '%s:%d' % (path, lineno)
            if verb == 'connections-before-421':
                limit = int(arg)
            elif verb == 'ehlo-optional':
                ehlo_optional = True
            elif verb == 'send':
                cmds.append(('send', arg.encode('utf-8') + b'\r\n'))
            elif verb == 'sendraw':
                cmds.append(('send', unescape(arg)))
            elif verb == 'send-hex':
                try:
                    cmds.append(('send', bytes.fromhex(''.join(arg.split()))))
                except ValueError:
                    raise ScenarioError('%s: bad hex' % where)
            elif verb == 'expect':
                if not arg:
                    raise ScenarioError('%s: expect what?' % where)
                cmds.append(('expect', arg.strip().upper()))
            elif verb in ('read-line', 'read-tls-record', 'close'):
                cmds.append((verb, None))
            elif verb == 'sleep':
                cmds.append(('sleep', float(arg)))
            else:
                raise ScenarioError('%s: unknown command %r' % (where, verb))
    if ehlo_optional and ('expect', 'STARTTLS') not in cmds:
        raise ScenarioError('%s: ehlo-optional needs an "expect STARTTLS"'
                            % path)
    return cmds, limit, ehlo_optional


class Conn:
    """Buffered reads from one client socket."""

    def __init__(self, sock, log):
        self.sock = sock
        self.buf = b''
        self.log = log

    def fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError('client closed')
        self.buf += data

    def read_line(self):
        while b'\n' not in self.buf:
            if len(self.buf) > LINE_MAX:
                raise ScenarioError('client line too long')
            self.fill()
        line, _, self.buf = self.buf.partition(b'\n')
        return line.rstrip(b'\r')

    def read_exact(self, n):
        while len(self.buf) < n:
            self.fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_tls_record(self):
        hdr = self.read_exact(5)
        length = (hdr[3] << 8) | hdr[4]
        body = self.read_exact(length)
        return hdr + body


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        srv = self.server
        with srv.lock:
            srv.count += 1
            n = srv.count
        log = srv.log
        sock = self.request
        log('conn %d: open from %s:%d' % ((n,) + self.client_address[:2]))
        if srv.limit is not None and n > srv.limit:
            try:
                sock.sendall(b'421 4.7.0 too many connections\r\n')
            except OSError:
                pass
            log('conn %d: 421 (over %d)' % (n, srv.limit))
            return
        conn = Conn(sock, log)
        try:
            self.run(conn, n)
        except (EOFError, OSError, ScenarioError) as e:
            log('conn %d: end: %s' % (n, e))
        log('conn %d: closed' % n)

    def run(self, conn, n):
        log = self.server.log
        cmds = self.server.cmds
        i = 0
        while i < len(cmds):
            verb, arg = cmds[i]
            i += 1
            if verb == 'send':
                conn.sock.sendall(arg)
                log('conn %d: S: %r' % (n, arg))
            elif verb == 'expect':
                line = conn.read_line()
                log('conn %d: C: %r' % (n, line))
                word = line.split(b' ', 1)[0].decode('latin-1').upper()
                while arg == 'EHLO' and word == 'STARTTLS':
                    if self.server.ehlo_optional:
                        # Go on after the script's own STARTTLS.
                        i = next((j + 1 for j in range(i, len(cmds))
                                  if cmds[j] == ('expect', 'STARTTLS')), i)
                        word = arg
                        break
                    conn.sock.sendall(b'503 5.5.1 Error: send EHLO first'
                                      b'\r\n')
                    line = conn.read_line()
                    log('conn %d: C: %r' % (n, line))
                    word = line.split(b' ', 1)[0].decode('latin-1').upper()
                if word != arg:
                    conn.sock.sendall(b'500 5.5.2 fakesmtp expected ' +
                                      arg.encode() + b'\r\n')
                    raise ScenarioError('expected %s, got %r' % (arg, line))
            elif verb == 'read-line':
                log('conn %d: C: %r' % (n, conn.read_line()))
            elif verb == 'read-tls-record':
                rec = conn.read_tls_record()
                log('conn %d: C: TLS record type %d, %d bytes' %
                    (n, rec[0], len(rec) - 5))
            elif verb == 'sleep':
                time.sleep(arg)
            elif verb == 'close':
                return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description='scripted fake SMTP server')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--port-file')
    ap.add_argument('--max-seconds', type=float, default=300.0)
    ap.add_argument('--log', help='log file (default: stderr)')
    ap.add_argument('scenario')
    args = ap.parse_args()

    try:
        cmds, limit, ehlo_optional = parse_scenario(args.scenario)
    except (OSError, ValueError, ScenarioError) as e:
        print('fakesmtp: %s' % e, file=sys.stderr)
        return 2

    logf = open(args.log, 'a') if args.log else sys.stderr
    loglock = threading.Lock()

    def log(msg):
        with loglock:
            print('fakesmtp: %s' % msg, file=logf, flush=True)

    srv = Server(('127.0.0.1', args.port), Handler)
    srv.cmds, srv.limit, srv.count = cmds, limit, 0
    srv.ehlo_optional = ehlo_optional
    srv.lock = threading.Lock()
    srv.log = log
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + '.tmp'
        with open(tmp, 'w') as f:
            f.write('%d\n' % port)
        os.replace(tmp, args.port_file)
    log('listening on 127.0.0.1:%d (%s)' % (port, args.scenario))

    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        time.sleep(args.max_seconds)
    except KeyboardInterrupt:
        pass
    srv.shutdown()
    srv.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
