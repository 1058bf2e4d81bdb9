#!/usr/bin/env python3
"""golden.py - `mailtls logs` over tests/data/logs/mixed.log and live-*.log

The text report must equal mixed.ref byte for byte (MT_UPDATE_REF=1
rewrites it), the exit status must be 1 (failures found), and the JSON
report must parse back with the same counts.

usage: golden.py MAILTLS DATADIR
"""

import json
import os
import subprocess
import sys


def main():
    exe, data = sys.argv[1:3]
    log = os.path.join(data, 'mixed.log')
    ref = os.path.join(data, 'mixed.ref')
    text = subprocess.run([exe, 'logs', '--year', '2026', log],
                          capture_output=True, text=True)
    if text.returncode != 1:
        sys.exit(f'exit status {text.returncode}, want 1: {text.stderr}')
    if os.environ.get('MT_UPDATE_REF'):
        with open(ref, 'w') as f:
            f.write(text.stdout)
    with open(ref) as f:
        want = f.read()
    if text.stdout != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(
            want.splitlines(True), text.stdout.splitlines(True),
            'mixed.ref', 'got'))
        sys.exit('text report differs from mixed.ref')
    js = subprocess.run([exe, 'logs', '--json', '--year', '2026', log],
                        capture_output=True, text=True)
    if js.returncode != 1:
        sys.exit(f'--json exit status {js.returncode}, want 1')
    doc = json.loads(js.stdout)
    assert doc['schema'] == 'mailtls-logs/1', doc['schema']
    lines = doc['lines']
    assert lines['read'] == lines['recognised'] + lines['unrecognised'] + \
        lines['skipped'], lines
    first = want.splitlines()[0]
    assert first.startswith(f"lines: {lines['read']} read, "
                            f"{lines['recognised']} recognised"), first
    ids = {c['id'] for c in doc['failures']}
    for need in ('no_shared_cipher', 'version_too_low', 'alert_received',
                 'tls_required_not_offered', 'wrong_version_number',
                 'local_config'):
        assert need in ids, need
    for m in ('postfix', 'exim', 'sendmail', 'opensmtpd'):
        assert doc['mta'][m] > 0, m
    down = [p for p in doc['peers'] if p['downgrade']]
    assert [p['host'] for p in down] == ['old.example'], down
    # filters: only outbound, only one peer
    out = subprocess.run([exe, 'logs', '--json', '--year', '2026',
                          '--direction', 'out', log],
                         capture_output=True, text=True)
    doc = json.loads(out.stdout)
    assert all(p['direction'] == 'outbound' for p in doc['peers'])
    bad = subprocess.run([exe, 'logs', '--direction', 'sideways', log],
                         capture_output=True, text=True)
    assert bad.returncode == 2, bad.returncode
    gone = subprocess.run([exe, 'logs', '/nonexistent/maillog'],
                          capture_output=True, text=True)
    assert gone.returncode == 3, gone.returncode
    clean = subprocess.run([exe, 'logs', '--year', '2026', '--peer',
                            'gmail-smtp-in.l.google.com', log],
                           capture_output=True, text=True)
    assert clean.returncode == 0, clean.returncode
    # live-*.log: lines real MTAs wrote on 127.0.0.1 (saved by
    # tests/integration/logs_live/check_logs_live.py --save), checked step
    # by step against the expectations in live-*.json, without daemons.
    live = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..',
                        '..', 'integration', 'logs_live',
                        'check_logs_live.py')
    got = subprocess.run([sys.executable, live, '--mailtls', exe,
                          '--golden', data], capture_output=True, text=True)
    if got.returncode != 0:
        sys.exit('live goldens:\n' + got.stdout[-4000:] + got.stderr)
    print('ok')


if __name__ == '__main__':
    main()
