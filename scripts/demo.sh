#!/bin/sh
# demo.sh - the README's first command: install, build, start one
# deliberately weak local mail server and probe it.
#
# Starts the lab's pf-legacy server (Postfix 3.7 on 127.0.0.1:10026 with a
# "2019" setup: RSA key exchange and CBC suites only, TLS 1.0-1.2, the
# intermediate certificate missing) and runs
#   build/src/cli/mailtls probe --cafile <lab root.pem> 127.0.0.1:10026
# so you see the report.  The server is left running; the last lines say
# how to stop it.  Run as root on Debian 12.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
B=${MAILTLS_BUILD_DIR:-build}
LAB=${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}

die()
{
	echo "demo.sh: $*" >&2
	exit 1
}

sh scripts/install-deps.sh || die "installing the dependencies failed"
if [ ! -f "$B/build.ninja" ]; then
	meson setup "$B" > /tmp/mailtls-demo-setup.log 2>&1 || {
		cat /tmp/mailtls-demo-setup.log
		die "meson setup $B failed"
	}
fi
ninja -C "$B" >/dev/null || { ninja -C "$B"; die "the build failed"; }
sh tests/lab/lab.sh start pf-legacy || die "the lab server did not start"

echo
echo "\$ $B/src/cli/mailtls probe --cafile $LAB/pki/root.pem 127.0.0.1:10026"
"$B/src/cli/mailtls" probe --cafile "$LAB/pki/root.pem" 127.0.0.1:10026
rc=$?
echo
case $rc in
0|1)	echo "(mailtls exit status $rc: 0 = nothing at or above --fail-on," \
	    "1 = findings at or above it)" ;;
*)	echo "(mailtls exit status $rc: 2 = usage error, 3 = a check could" \
	    "not be completed)" ;;
esac
echo
echo "The weak server is still running on 127.0.0.1:10026"
echo "(config and maillog in $LAB/pf-legacy)."
echo "Stop it with:  sh $top/tests/lab/lab.sh stop pf-legacy"
[ "$rc" -le 1 ]
