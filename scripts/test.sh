#!/bin/sh
# test.sh - the README's test command (also what .ci/run executes).
#
# Installs every Debian 12 package needed (scripts/install-deps.sh), builds
# in ./build (or $MAILTLS_BUILD_DIR) (meson + ninja; -Dwerror=true when CI is set), starts the
# real-server labs (tests/lab/lab.sh, tests/lab/dns/dnslab.sh,
# tests/lab/mta/mtalab.sh), runs every meson test suite, stops
# the lab servers it started, and prints as its last line exactly
# "N passed, N failed".  A skipped test counts as failed when CI is set (a
# test that lacks its daemon must fail in CI).  Exits non-zero if anything
# failed.  Run as root on Debian 12.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
B=${MAILTLS_BUILD_DIR:-build}

bail()
{
	echo "test.sh: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

sh scripts/install-deps.sh || bail "installing the dependencies failed"

werror=false
[ -n "${CI:-}" ] && werror=true
if [ ! -f "$B/build.ninja" ]; then
	if [ -d "$B" ]; then
		meson setup --wipe "$B" -Dwerror=$werror ||
		    bail "meson setup --wipe $B failed"
	else
		meson setup "$B" -Dwerror=$werror || bail "meson setup $B failed"
	fi
else
	meson configure "$B" -Dwerror=$werror >/dev/null 2>&1 ||
	    meson setup --reconfigure "$B" -Dwerror=$werror ||
	    bail "meson setup --reconfigure $B failed"
fi
ninja -C "$B" || bail "the build failed"

# Start the lab; remember which servers were already up (for example the
# one scripts/demo.sh left running) so only ours are stopped at exit.
lab="sh $top/tests/lab/lab.sh"
dnslab="sh $top/tests/lab/dns/dnslab.sh"
mtalab="sh $top/tests/lab/mta/mtalab.sh"
mtas="pf-relay exim sendmail opensmtpd"
servers="pf-default pf-legacy pf-implicit pf-expired pf-dane-1 pf-dane-2 pf-dane-1b"
already=""
for n in $servers; do
	$lab status "$n" >/dev/null 2>&1 && already="$already $n"
done
started=""
dns_started=""
mta_started=""
stop_lab()
{
	[ -n "$mta_started" ] && $mtalab stop $mta_started >/dev/null 2>&1
	mta_started=""
	[ -n "$started" ] && $lab stop $started >/dev/null 2>&1
	started=""
	[ -n "$dns_started" ] && $dnslab stop >/dev/null 2>&1
	dns_started=""
}
trap 'stop_lab' EXIT
trap 'stop_lab; exit 130' INT TERM
for n in $servers; do
	case " $already " in
	*" $n "*)	continue ;;
	esac
	if $lab start "$n"; then
		started="$started $n"
	else
		echo "test.sh: lab server $n did not start; its tests will" \
		    "fail (CI) or skip" >&2
	fi
done
# The DNSSEC lab (nsd on 127.0.0.1:10553, signed zones made now).
if ! $dnslab status >/dev/null 2>&1; then
	if $dnslab start; then
		dns_started=yes
	else
		echo "test.sh: the DNS lab did not start; its tests will" \
		    "fail (CI) or skip" >&2
	fi
fi

# The other MTAs of the live log tests (Exim, sendmail, OpenSMTPD, and
# the relaying Postfix pf-relay): only the ones not already up are ours.
for n in $mtas; do
	$mtalab status "$n" >/dev/null 2>&1 && continue
	if $mtalab start "$n"; then
		mta_started="$mta_started $n"
	else
		echo "test.sh: MTA lab server $n did not start; its tests will" \
		    "fail (CI) or skip" >&2
	fi
done

rm -f "$B/meson-logs/testlog.json"
meson test -C "$B" --print-errorlogs
rc=$?

# Count from meson's machine-readable log, one JSON object per test.
counts=$(python3 - "$B/meson-logs/testlog.json" <<'PY'
import json, os, sys
ok = bad = skip = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line).get("result", "")
            if r in ("OK", "EXPECTEDFAIL"):
                ok += 1
            elif r == "SKIP":
                skip += 1
            else:
                bad += 1
except (OSError, ValueError):
    bad += 1
if os.environ.get("CI"):
    bad += skip
print(ok, bad, skip)
PY
)
set -- $counts
pass=${1:-0} fail=${2:-1} skipped=${3:-0}
[ "$skipped" -gt 0 ] && echo "($skipped skipped;" \
    "counted as failed when CI is set)"
stop_lab
echo "$pass passed, $fail failed"
[ "$rc" -eq 0 ] && [ "$fail" -eq 0 ]
