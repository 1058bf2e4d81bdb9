#!/usr/bin/env python3
"""check_dane_sts.py - MTA-STS in `mailtls dane DOMAIN`, end to end

The DNSSEC lab publishes _mta-sts and mta-sts A 127.0.0.1 for its zones;
this test serves the policies from a real HTTPS server (nginx from Debian,
its own prefix, pid file and port, a CA made here), then checks what an
administrator reads: the policy fetched and parsed, each MX listed or
not (wildcards included), and each MX certificate PKIX-valid for its
name (against the lab CA).  nginx is stopped by its PID.

usage: check_dane_sts.py --mailtls BIN
"""

import argparse
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

LAB = os.environ.get('MAILTLS_LAB_DIR', '/tmp/mailtls-lab')
POLICIES = {
    # example.test: mx by name and by wildcard: both hosts listed.
    'example.test': 'version: STSv1\r\nmode: enforce\r\n'
                    'mx: mx.example.test\r\nmx: *.example.test\r\n'
                    'max_age: 86400\r\n',
    # broken.test: a policy naming another host: neither MX listed.
    'broken.test': 'version: STSv1\r\nmode: testing\r\n'
                   'mx: mail.elsewhere.test\r\nmax_age: 600\r\n',
}


def skip_or_fail(why):
    print(why)
    sys.exit(1 if os.environ.get('CI') else 77)


def lab_env():
    path = os.path.join(LAB, 'dns', 'lab.env')
    if not os.path.exists(path):
        skip_or_fail('DNS lab not running (sh tests/lab/dns/dnslab.sh start)')
    env = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith('#') and '=' in line:
            k, v = line.split('=', 1)
            env[k] = shlex.split(v)[0] if v else ''
    return env


def run(cmd):
    subprocess.run(cmd, check=True, capture_output=True)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def setup(d, port):
    ca_key, ca = os.path.join(d, 'ca.key'), os.path.join(d, 'ca.pem')
    run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
         'ec_paramgen_curve:P-256', '-nodes', '-keyout', ca_key, '-out', ca,
         '-days', '2', '-subj', '/CN=mailtls sts test CA'])
    with open(os.path.join(d, 'ext'), 'w') as f:
        f.write('subjectAltName=' + ','.join('DNS:mta-sts.' + z
                                             for z in POLICIES) + '\n')
    run(['openssl', 'req', '-newkey', 'ec', '-pkeyopt',
         'ec_paramgen_curve:P-256', '-nodes', '-keyout',
         os.path.join(d, 'srv.key'), '-out', os.path.join(d, 'srv.csr'),
         '-subj', '/CN=mta-sts.example.test'])
    run(['openssl', 'x509', '-req', '-in', os.path.join(d, 'srv.csr'), '-CA',
         ca, '-CAkey', ca_key, '-CAcreateserial', '-days', '2', '-extfile',
         os.path.join(d, 'ext'), '-out', os.path.join(d, 'srv.pem')])
    servers = []
    for zone, body in POLICIES.items():
        www = os.path.join(d, 'www', zone, '.well-known')
        os.makedirs(www)
        with open(os.path.join(www, 'mta-sts.txt'), 'w', newline='') as f:
            f.write(body)
        servers.append("""
    server {
        listen 127.0.0.1:%d ssl;
        server_name mta-sts.%s;
        ssl_certificate %s/srv.pem;
        ssl_certificate_key %s/srv.key;
        root %s/www/%s;
        location / { default_type text/plain; }
    }""" % (port, zone, d, d, d, zone))
    os.makedirs(os.path.join(d, 'tmp'))
    with open(os.path.join(d, 'nginx.conf'), 'w') as f:
        f.write("""worker_processes 1;
pid %s/nginx.pid;
error_log %s/error.log;
events { worker_connections 32; }
http {
    access_log %s/access.log;
    client_body_temp_path %s/tmp;
    proxy_temp_path %s/tmp;
    fastcgi_temp_path %s/tmp;
    uwsgi_temp_path %s/tmp;
    scgi_temp_path %s/tmp;%s
}
""" % (d, d, d, d, d, d, d, d, ''.join(servers)))
    return ca


def dane(a, env, domain, port, ca, sts_port):
    cmd = [a.mailtls, 'dane', '--json', '--trust-anchor',
           env['MAILTLS_DNS_ANCHOR'], '--resolver', env['MAILTLS_DNS_NSD'],
           '--allow-zone', env['MAILTLS_DNS_UNBLOCK'], '--port', str(port),
           '--cafile', env['MAILTLS_DNS_ROOT'], '--sts-cafile', ca,
           '--sts-port', str(sts_port), '--timeout', '5000', domain]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    print('$', ' '.join(cmd), '->', r.returncode)
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mailtls', required=True)
    a = ap.parse_args()
    env = lab_env()
    nginx = shutil.which('nginx') or '/usr/sbin/nginx'
    if not os.access(nginx, os.X_OK):
        skip_or_fail('nginx not installed (Debian nginx-light)')
    d = tempfile.mkdtemp(prefix='mt-sts-')
    os.chmod(d, 0o755)		# nginx's workers run unprivileged
    pid = None
    try:
        port = free_port()
        ca = setup(d, port)
        subprocess.run([nginx, '-p', d, '-c', os.path.join(d, 'nginx.conf'),
                        '-e', os.path.join(d, 'error.log')], check=True)
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(d, 'nginx.pid')):
            if time.monotonic() > deadline:
                raise AssertionError('nginx did not start')
            time.sleep(0.05)
        pid = int(open(os.path.join(d, 'nginx.pid')).read())
        doc = dane(a, env, 'example.test', env['MAILTLS_DANE_PORT_SERVER1'],
                   ca, port)
        s = doc['mta_sts']
        assert s['found'] and s['fetched'], s
        assert s['mode'] == 'enforce' and s['max_age'] == 86400, s
        assert s['mx'] == ['mx.example.test', '*.example.test'], s['mx']
        for m in doc['mx']:
            assert m['sts_listed'], (m['host'], 'not listed')
        # The lab certificate names mx.<zone>, not mx2.<zone>: under an
        # enforcing policy a sender would not deliver to mx2.
        certs = {m['host']: m['sts_cert_ok'] for m in doc['mx']}
        assert certs == {'mx.example.test': True,
                         'mx2.example.test': False}, certs
        assert doc['tls_rpt']['found'], doc['tls_rpt']
        doc = dane(a, env, 'broken.test', env['MAILTLS_DANE_PORT_SERVER2'],
                   ca, port)
        s = doc['mta_sts']
        assert s['fetched'] and s['mode'] == 'testing', s
        for m in doc['mx']:
            assert not m['sts_listed'], (m['host'], 'listed')
    except AssertionError as e:
        print('FAIL:', e)
        return 1
    finally:
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            time.sleep(0.2)
        shutil.rmtree(d, ignore_errors=True)
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
