#!/usr/bin/env python3
"""check_posttls.py - mailtls dane verdicts against Postfix posttls-finger

Issue 4 asks that the match verdicts of `mailtls dane` agree with
`posttls-finger -l dane` on the same servers.  posttls-finger resolves only
through the system resolver (glibc, port 53 only), so each run builds a
private network namespace:

  netns mailtls-pf-PID (lo only)
    nsd      127.0.0.1@10553  private copy serving the lab's signed zones
    unbound  127.0.0.1@53     validating, stub "test." -> that nsd, lab anchor
    relay    127.0.0.1:10525..10527  listening sockets made in the netns by
             a process of ours that then returns to the root namespace and
             connects each accepted client to the lab's Postfix on the same
             root-namespace 127.0.0.1 port (the zones' A records say
             127.0.0.1, so no addresses or veth are needed)
    posttls-finger  in a private mount namespace whose /etc/resolv.conf is
             a bind mount of "nameserver 127.0.0.1 / options trust-ad"

The DNS lab (tests/lab/dns/dnslab.sh) and the pf-dane-* Postfix servers
(tests/lab/lab.sh) must be running in the root namespace; mailtls asks the
lab's nsd directly, as in tests/integration/dane_domain.  Everything this
script starts is stopped by PID and the namespace deleted, also on failure.
Exit 77 (skip) when something is missing, 1 instead when CI is set.

usage: check_posttls.py --mailtls BIN CASE
       check_posttls.py --relay NETNS PORT...   (internal)
"""

import argparse
import ctypes
import json
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

LAB = os.environ.get('MAILTLS_LAB_DIR', '/tmp/mailtls-lab')
POSTTLS_FINGER = '/usr/sbin/posttls-finger'
NSD_PORT = 10553
CLONE_NEWNET = 0x40000000
DEADLINE = 10.0

# case: (domain, lab.env key of the port, mailtls verdict for mx.DOMAIN)
CASES = {
    'good': ('example.test', 'MAILTLS_DANE_PORT_SERVER1', 'verified'),
    'stale': ('broken.test', 'MAILTLS_DANE_PORT_SERVER2', 'failed'),
    'renewed': ('renewed.test', 'MAILTLS_DANE_PORT_SERVER1B', 'verified'),
    'tampered': ('bogus.test', 'MAILTLS_DANE_PORT_SERVER1', 'bogus'),
}


class Skip(Exception):
    pass


def lab_env():
    path = os.path.join(LAB, 'dns', 'lab.env')
    if not os.path.exists(path):
        return None
    env = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith('#') and '=' in line:
            k, v = line.split('=', 1)
            env[k] = shlex.split(v)[0] if v else ''
    return env


def port_open(port):
    try:
        with socket.create_connection(('127.0.0.1', int(port)), timeout=2):
            return True
    except OSError:
        return False


# The relay, run as its own process (python3 THIS --relay NETNS PORT...).

def setns(fd):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, 'setns: ' + os.strerror(e))


def pump(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def relay_conn(client, port):
    try:
        up = socket.create_connection(('127.0.0.1', port), timeout=10)
        up.settimeout(None)
    except OSError:
        client.close()
        return
    t1 = threading.Thread(target=pump, args=(client, up), daemon=True)
    t2 = threading.Thread(target=pump, args=(up, client), daemon=True)
    t1.start()
    t2.start()


def relay_main(netns, ports):
    root = os.open('/proc/self/ns/net', os.O_RDONLY)
    target = os.open(os.path.join('/run/netns', netns), os.O_RDONLY)
    setns(target)
    listeners = {}
    for p in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('127.0.0.1', p))
        s.listen(16)
        listeners[s.fileno()] = (s, p)
    setns(root)         # sockets made from now on live in the root netns
    os.close(target)
    os.close(root)
    print('ready', flush=True)
    while True:
        r, _, _ = select.select([s for s, _ in listeners.values()], [], [])
        for s in r:
            c, _ = s.accept()
            relay_conn(c, listeners[s.fileno()][1])


# The namespace with its resolver, built and torn down around a run.

class Netns:
    def __init__(self, env):
        self.env = env
        self.name = 'mailtls-pf-%d' % os.getpid()
        self.dir = tempfile.mkdtemp(prefix='mailtls-pf-')
        self.procs = []
        self.created = False

    def ns(self, *cmd):
        return ['ip', 'netns', 'exec', self.name] + list(cmd)

    def spawn(self, what, cmd, **kw):
        log = open(os.path.join(self.dir, what + '.out'), 'w')
        p = subprocess.Popen(cmd, stdout=kw.pop('stdout', log), stderr=log,
                             start_new_session=True, **kw)
        self.procs.append((what, p))
        return p

    def log(self, what):
        try:
            return open(os.path.join(self.dir, what + '.out')).read()[-2000:]
        except OSError:
            return ''

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def start(self, ports):
        r = subprocess.run(['ip', 'netns', 'add', self.name],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip('cannot create a network namespace: ' + r.stderr)
        self.created = True
        subprocess.run(['ip', '-n', self.name, 'link', 'set', 'lo', 'up'],
                       check=True)
        self.start_nsd()
        self.start_unbound()
        self.start_relay(ports)
        self.wait_dns()

    def start_nsd(self):
        d = self.dir
        zones = os.path.join(LAB, 'dns', 'zones')
        names = ['test.'] + [z + '.' for z in
                             self.env['MAILTLS_DNS_ZONES'].split()]
        conf = ['server:',
                '\tip-address: 127.0.0.1@%d' % NSD_PORT,
                '\tport: %d' % NSD_PORT,
                '\tdo-ip6: no',
                '\tdatabase: ""', '\tusername: ""', '\tchroot: ""',
                '\tzonesdir: "%s"' % zones,
                '\tpidfile: "%s/nsd.pid"' % d,
                '\tlogfile: "%s/nsd.log"' % d,
                '\tzonelistfile: "%s/zone.list"' % d,
                '\txfrdfile: "%s/xfrd.state"' % d,
                '\txfrdir: "%s"' % d,
                '\tserver-count: 1',
                '\tverbosity: 1',
                'remote-control:', '\tcontrol-enable: no']
        for z in names:
            conf += ['zone:', '\tname: %s' % z,
                     '\tzonefile: "%szone.signed"' % z]
        path = self.write('nsd.conf', '\n'.join(conf) + '\n')
        self.spawn('nsd', self.ns('nsd', '-d', '-c', path))

    def start_unbound(self):
        d = self.dir
        conf = ['server:',
                '\tinterface: 127.0.0.1', '\tport: 53',
                '\tdo-ip6: no', '\tdo-daemonize: no',
                '\tusername: ""', '\tchroot: ""',
                '\tdirectory: "%s"' % d,
                '\tpidfile: "%s/unbound.pid"' % d,
                '\tuse-syslog: no', '\tlogfile: ""', '\tverbosity: 1',
                '\tdo-not-query-localhost: no',
                '\tlocal-zone: "test." nodefault',
                '\ttrust-anchor-file: "%s"' % self.env['MAILTLS_DNS_ANCHOR'],
                '\tval-permissive-mode: no',
                '\tmodule-config: "validator iterator"',
                'remote-control:', '\tcontrol-enable: no',
                'stub-zone:', '\tname: "test."',
                '\tstub-addr: 127.0.0.1@%d' % NSD_PORT]
        path = self.write('unbound.conf', '\n'.join(conf) + '\n')
        subprocess.run(['unbound-checkconf', path], check=True,
                       capture_output=True)
        self.spawn('unbound', self.ns('unbound', '-d', '-c', path))

    def start_relay(self, ports):
        p = self.spawn('relay', [sys.executable, os.path.abspath(__file__),
                                 '--relay', self.name] +
                       [str(x) for x in ports], stdout=subprocess.PIPE,
                       text=True)
        r, _, _ = select.select([p.stdout], [], [], DEADLINE)
        if not r or p.stdout.readline().strip() != 'ready':
            raise RuntimeError('relay did not start: ' + self.log('relay'))

    def wait_dns(self):
        """Until unbound in the netns answers example.test with AD."""
        end = time.monotonic() + DEADLINE
        while True:
            for what, p in self.procs:
                if p.poll() is not None:
                    raise RuntimeError('%s exited (%d): %s' %
                                       (what, p.returncode, self.log(what)))
            r = subprocess.run(self.ns('drill', '-D', '@127.0.0.1', 'SOA',
                                       'example.test'),
                               capture_output=True, text=True)
            if 'rcode: NOERROR' in r.stdout and \
                    re.search(r'flags:.* ad', r.stdout):
                return
            if time.monotonic() > end:
                raise RuntimeError('no validated answer in the netns:\n' +
                                   r.stdout + r.stderr + self.log('unbound'))
            time.sleep(0.2)

    def posttls_finger(self, target, timeout=30):
        mc = os.path.join(self.dir, 'postfix')
        os.makedirs(mc, exist_ok=True)
        self.write('postfix/main.cf', '\n'.join([
            '# posttls-finger only (check_posttls.py)',
            'compatibility_level = 3.6',
            'inet_protocols = ipv4',
            'smtp_dns_support_level = dnssec',
            'smtp_tls_security_level = dane',
            'smtp_host_lookup = dns',
            'dnssec_probe = ns:test.',
            '']))
        rc = self.write('resolv.conf',
                        'nameserver 127.0.0.1\noptions trust-ad\n')
        env = dict(os.environ, MAIL_CONFIG=mc)
        inner = ('mount --bind "$1" /etc/resolv.conf || exit 97; shift; '
                 'exec "$@"')
        cmd = self.ns('unshare', '-m', '--propagation', 'private', 'sh',
                      '-c', inner, 'sh', rc, POSTTLS_FINGER, '-c',
                      '-l', 'dane', '-a', 'ipv4', '-t', '10', '-T', '10',
                      target)
        print('$', ' '.join(shlex.quote(c) for c in cmd))
        r = subprocess.run(cmd, env=env, capture_output=True, text=True,
                           timeout=timeout)
        out = r.stdout + r.stderr
        print(out.rstrip())
        return r.returncode, out

    def stop(self):
        """Each process we started (the leader of its own session) gets
        SIGTERM and reaps its children; leftovers in its group get
        SIGKILL."""
        for what, p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if p.poll() is None:
                p.wait(timeout=5)
            if p.stdout:
                p.stdout.close()
        if self.created:
            subprocess.run(['ip', 'netns', 'del', self.name])
        shutil.rmtree(self.dir, ignore_errors=True)


def mailtls_dane(mailtls, env, domain, port):
    cmd = [mailtls, 'dane', '--json', '--trust-anchor',
           env['MAILTLS_DNS_ANCHOR'], '--resolver', env['MAILTLS_DNS_NSD'],
           '--allow-zone', env['MAILTLS_DNS_UNBLOCK'], '--port', str(port),
           '--timeout', '5000', domain]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    print('$', ' '.join(cmd), '->', r.returncode)
    if r.stderr:
        print(r.stderr[-1000:])
    doc = json.loads(r.stdout)
    for m in doc['mx']:
        if m['host'] == 'mx.' + domain:
            return m
    raise AssertionError('mx.%s not in the mailtls result' % domain)


def pf_verdict(out, host, port):
    """posttls-finger's verdict for HOST:PORT, as mailtls names them."""
    if 'TLSA lookup error for %s:%s' % (host, port) in out:
        return 'bogus'
    # Only the lines about HOST ("HOST[addr]:port"): mx2 has no TLSA.
    text = '\n'.join(l for l in out.splitlines() if host + '[' in l)
    if 'Verified TLS connection established' in text:
        return 'verified'
    if 'no matching DANE TLSA records' in text or \
            'Untrusted TLS connection' in text:
        return 'failed'
    return 'unknown'


def check(a, env):
    domain, portkey, want = CASES[a.case]
    port = env[portkey]
    host = 'mx.' + domain
    for p in [env[k] for k in env if k.startswith('MAILTLS_DANE_PORT_')]:
        if not port_open(p):
            raise Skip('lab Postfix on 127.0.0.1:%s not listening '
                       '(sh tests/lab/lab.sh start pf-dane-1 pf-dane-2 '
                       'pf-dane-1b)' % p)
    for tool in ('ip', 'unshare', 'nsd', 'unbound', 'unbound-checkconf',
                 'drill', POSTTLS_FINGER):
        if shutil.which(tool) is None:
            raise Skip('%s not installed (sh scripts/install-deps.sh)' % tool)
    if os.geteuid() != 0:
        raise Skip('needs root (network namespaces)')

    m = mailtls_dane(a.mailtls, env, domain, port)
    print('mailtls: %s %s: %s; postfix: %s' % (host, m['verdict'],
                                                m['summary'],
                                                m['postfix_dane']))
    assert m['verdict'] == want, (m['verdict'], want)

    ports = sorted({int(env[k]) for k in env
                    if k.startswith('MAILTLS_DANE_PORT_')})
    ns = Netns(env)
    try:
        ns.start(ports)
        rc, out = ns.posttls_finger('%s:%s' % (domain, port))
    finally:
        ns.stop()
    got = pf_verdict(out, host, port)
    print('posttls-finger: %s -> %s (exit %d)' % (host, got, rc))
    assert got == m['verdict'], 'posttls-finger %s, mailtls %s' % (
        got, m['verdict'])
    # The message mailtls predicts for Postfix is the one Postfix logs,
    # word for word ("HOST[addr]:port" included).
    said = re.search(r'"([^"]*)"', m['postfix_dane'])
    if said and m['verdict'] != 'verified':
        assert said.group(1) in out, 'posttls-finger did not say %r' % (
            said.group(1))
    if want == 'verified':
        depths = sorted(r['matched_depth'] for r in m['tlsa']
                        if r['matched_depth'] is not None)
        assert 'Matched DANE EE certificate at depth 0' in out or \
            'Matched DANE TA certificate' in out, 'no DANE match logged'
        if 0 in depths:
            assert 'Matched DANE EE certificate at depth 0' in out


def main():
    if len(sys.argv) > 2 and sys.argv[1] == '--relay':
        relay_main(sys.argv[2], [int(p) for p in sys.argv[3:]])
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument('--mailtls', required=True)
    ap.add_argument('case', choices=sorted(CASES))
    a = ap.parse_args()
    skip = 1 if os.environ.get('CI') else 77
    env = lab_env()
    if env is None:
        print('DNS lab not running (sh tests/lab/dns/dnslab.sh start)')
        return skip
    t0 = time.monotonic()
    try:
        check(a, env)
    except Skip as e:
        print('SKIP %s: %s' % (a.case, e))
        return skip
    except AssertionError as e:
        print('FAIL %s: %s' % (a.case, e))
        return 1
    print('ok %s (%.1f s)' % (a.case, time.monotonic() - t0))
    return 0


if __name__ == '__main__':
    sys.exit(main())
