"""labtest.py - what the integration test scripts share

skip_or_fail: a test whose server, daemon or oracle is missing skips (77)
on a developer machine and fails when CI is set, as the README promises.
listening: whether something listens on a TCP port on this host.
"""
import os
import subprocess
import sys


def skip_or_fail(reason):
    if os.environ.get("CI"):
        print("FAIL (CI is set): " + reason)
        sys.exit(1)
    print("SKIP: " + reason)
    sys.exit(77)


def listening(port):
    try:
        out = subprocess.run(["ss", "-Hltn", "sport = :%d" % port],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() != ""
