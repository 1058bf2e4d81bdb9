#!/bin/sh
# lab.sh - the real-server test lab: Postfix 3.7 (Debian 12 package)
# instances on 127.0.0.1, each with its own config, queue and maillog
# under $MAILTLS_LAB_DIR (default /tmp/mailtls-lab), using the test PKI
# made by tests/certs/mkpki.sh.  Never touches /etc/postfix/main.cf and
# needs neither systemd nor syslog (see /work/shared/notes/mta-lab.md).
#
# Usage: sh tests/lab/lab.sh start|stop|status|port|dir [NAME...]
#
#   pf-default   10025  Postfix defaults, STARTTLS, TLS1.0-1.3, leaf+int
#   pf-legacy    10026  the weak "2019" server: RSA-kx CBC suites only,
#                       TLS1.0-1.2, leaf WITHOUT its intermediate
#   pf-implicit  10027  implicit TLS (wrappermode), TLS1.2 only,
#                       AES128-GCM-SHA256 only, leaf+int
#   pf-expired   10028  like pf-default, with an expired leaf (+int)
#   pf-dane-1    10525  like pf-default, DANE lab chain server1 (key A)
#   pf-dane-2    10526  like pf-default, server2 (renewed, NEW key B)
#   pf-dane-1b   10527  like pf-default, server1b (renewed, kept key A)
#
# The pf-dane-* chains come from tests/lab/dns/mkcerts.sh (under the same
# test CA, in $MAILTLS_LAB_DIR/dns/certs); the DNS lab that publishes their
# TLSA records is tests/lab/dns/dnslab.sh.
#
# start waits (with a deadline) until the port listens and fails loudly
# otherwise; start on a running instance is a no-op.  stop runs
# "postfix -c DIR stop" for our own instances only.  Must run as root.
# Mail is never delivered anywhere (discard: transports).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
LAB=${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}
ALL="pf-default pf-legacy pf-implicit pf-expired pf-dane-1 pf-dane-2 pf-dane-1b"
DEADLINE=${MAILTLS_LAB_DEADLINE:-30}

LAB_PROG=lab.sh
. "$here/common.sh"

port_of()
{
	case $1 in
	pf-default)	echo 10025 ;;
	pf-legacy)	echo 10026 ;;
	pf-implicit)	echo 10027 ;;
	pf-expired)	echo 10028 ;;
	pf-dane-1)	echo 10525 ;;
	pf-dane-2)	echo 10526 ;;
	pf-dane-1b)	echo 10527 ;;
	*)		die "unknown lab server '$1' (known: $ALL)" ;;
	esac
}


running()
{
	[ -f "$LAB/$1/main.cf" ] &&
	    postfix -c "$LAB/$1" status >/dev/null 2>&1
}

# Write main.cf and master.cf for instance $1 from the templates, then
# apply its TLS settings with postconf -e (appending duplicates would make
# every Postfix command warn).
configure()
{
	name=$1 port=$(port_of "$1") dir=$LAB/$1
	chain=chain-full.pem
	case $name in
	pf-legacy)	chain=chain-missing-int.pem ;;
	pf-expired)	chain=chain-expired.pem ;;
	esac
	mkdir -p "$dir/queue" "$dir/data"
	chown root "$dir" "$dir/queue"
	chmod 755 "$dir" "$dir/queue"
	chown postfix "$dir/data"
	chmod 700 "$dir/data"
	sed -e "s|@DIR@|$dir|g" -e "s|@LAB@|$LAB|g" -e "s|@PKI@|$LAB/pki|g" \
	    -e "s|@CHAIN@|$chain|g" "$here/main.cf.in" > "$dir/main.cf"
	sed -e "s|@LISTEN@|127.0.0.1:$port|" "$here/master.cf.in" \
	    > "$dir/master.cf"
	pc="postconf -c $dir -e"
	dane=$LAB/dns/certs
	case $name in
	pf-dane-1)
		$pc "smtpd_tls_chain_files = $dane/server1.key, $dane/server1.chain.pem"
		;;
	pf-dane-2)
		$pc "smtpd_tls_chain_files = $dane/server2.key, $dane/server2.chain.pem"
		;;
	pf-dane-1b)
		$pc "smtpd_tls_chain_files = $dane/server1b.key, $dane/server1b.chain.pem"
		;;
	pf-legacy)
		$pc 'smtpd_tls_ciphers = high' \
		    'smtpd_tls_mandatory_ciphers = high' \
		    'tls_high_cipherlist = HIGH:MEDIUM:!aNULL:!eNULL:!kECDHE:!kDHE:!AESGCM:!AESCCM:!CHACHA20:!ARIAGCM:!PSK:!SRP:!kRSAPSK:@SECLEVEL=0' \
		    'smtpd_tls_protocols = >=TLSv1, <=TLSv1.2' \
		    'smtpd_tls_mandatory_protocols = >=TLSv1, <=TLSv1.2'
		;;
	pf-implicit)
		$pc 'smtpd_tls_wrappermode = yes' \
		    'smtpd_tls_security_level = encrypt' \
		    'smtpd_tls_ciphers = high' \
		    'smtpd_tls_mandatory_ciphers = high' \
		    'tls_high_cipherlist = AES128-GCM-SHA256' \
		    'smtpd_tls_protocols = TLSv1.2' \
		    'smtpd_tls_mandatory_protocols = TLSv1.2'
		;;
	esac
}

start_one()
{
	name=$1 port=$(port_of "$1") dir=$LAB/$1
	if running "$name" && listening "$port"; then
		echo "$name: already running on 127.0.0.1:$port"
		return 0
	fi
	if listening "$port"; then
		die "$name: port $port is already taken by something else:" \
		    "$(ss -Hltnp "sport = :$port" 2>/dev/null)"
	fi
	configure "$name"
	# Postfix fails silently (exit 1, no output) when stderr is not a
	# tty and there is no syslog: run it under script(1) to see why.
	out=$(script -qec "postfix -c $dir start" /dev/null 2>&1) || {
		echo "$out" >&2
		[ -f "$dir/maillog" ] && tail -n 20 "$dir/maillog" >&2
		die "$name: postfix -c $dir start failed"
	}
	t=0
	while ! listening "$port"; do
		if [ "$t" -ge $((DEADLINE * 10)) ]; then
			echo "$out" >&2
			[ -f "$dir/maillog" ] && tail -n 20 "$dir/maillog" >&2
			die "$name: not listening on 127.0.0.1:$port after" \
			    "${DEADLINE}s"
		fi
		sleep 0.1
		t=$((t + 1))
	done
	echo "$name: running on 127.0.0.1:$port (log $dir/maillog)"
}

stop_one()
{
	name=$1 port=$(port_of "$1") dir=$LAB/$1
	if ! running "$name"; then
		echo "$name: not running"
		return 0
	fi
	script -qec "postfix -c $dir stop" /dev/null >/dev/null 2>&1 || true
	wait_stopped "$name" "$port"
}


[ $# -ge 1 ] || die "usage: lab.sh start|stop|status|port|dir [NAME...]"
cmd=$1
shift
[ $# -ge 1 ] || set -- $ALL
for n in "$@"; do
	port_of "$n" >/dev/null
done
case $cmd in
start)
	[ "$(id -u)" -eq 0 ] || die "must run as root (Postfix master)"
	command -v postfix >/dev/null || die "postfix is not installed" \
	    "(sh scripts/install-deps.sh)"
	mkdir -p "$LAB"
	chmod 755 "$LAB"
	sh "$top/tests/certs/mkpki.sh" "$LAB/pki" >/dev/null ||
	    die "cannot make the test PKI in $LAB/pki"
	case " $* " in
	*" pf-dane-"*)
		sh "$top/tests/lab/dns/mkcerts.sh" "$LAB/dns/certs" \
		    "$LAB/pki" || die "cannot make the DANE certificates"
		;;
	esac
	for n in "$@"; do
		start_one "$n"
	done
	;;
stop|status|port)
	lab_command "$cmd" "$@"
	;;
dir)
	for n in "$@"; do
		echo "$LAB/$n"
	done
	;;
*)
	die "unknown command '$cmd' (start|stop|status|port|dir)"
	;;
esac
