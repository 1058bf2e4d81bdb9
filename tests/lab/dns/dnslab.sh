#!/bin/sh
# dnslab.sh - the DNSSEC lab: NSD on 127.0.0.1:10553 serving a signed
# parent "test." and one child zone per DANE case, generated and signed
# (ldns-keygen, ldns-signzone) at start from zones/*.zone.in with TLSA
# records computed from the certificates of mkcerts.sh.  See
# /work/shared/notes/dns-lab.md and docs/internals/dns.md.
#
# Usage: sh tests/lab/dns/dnslab.sh start|stop|status
#
# Everything lives in $MAILTLS_LAB_DIR/dns (default /tmp/mailtls-lab/dns):
# certs/ keys/ zones/ anchors/test.ds (the one trust anchor), nsd.conf,
# nsd.pid, nsd.log and lab.env (KEY='value' lines the tests read).
#
#   example.test   3 1 1 server1 + 2 1 1 CA                 secure
#   broken.test    3 1 1 server1 only (stale once server2 serves) secure
#   renewed.test   3 1 1 server1 (server1b kept key A)     secure
#   bogus.test     TLSA rdata swapped after signing         bogus
#   expired.test   RRSIGs 2020-01-01..2020-02-01            bogus
#   badds.test     parent DS for a key the child lacks      bogus
#   insecure.test  unsigned, delegated without DS           insecure
#   cname.test     mx is a CNAME; the TLSA owner is a CNAME secure
# Every zone: MX 10 mx, MX 20 mx2 (no TLSA: authenticated denial), A
# 127.0.0.1, _mta-sts TXT, mta-sts A, _smtp._tls TXT.  The TLSA RRset is
# at _25._tcp and at _10525.._10527._tcp (the pf-dane-* servers of
# tests/lab/lab.sh).  Never port 53; only our own nsd (pid file) is
# stopped.  start on a running lab is a no-op.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
LAB=${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}
D=$LAB/dns
PORT=10553
ADDR=127.0.0.1
DEADLINE=${MAILTLS_LAB_DEADLINE:-30}
SIGNED="example broken renewed bogus expired badds cname"
ALLZONES="$SIGNED insecure"
ALG=ECDSAP256SHA256

die()
{
	echo "dnslab.sh: $*" >&2
	exit 1
}

listening()
{
	ss -Hlun "sport = :$PORT" 2>/dev/null | grep -q .
}

running()
{
	pid=$(cat "$D/nsd.pid" 2>/dev/null) && [ -n "$pid" ] &&
	    kill -0 "$pid" 2>/dev/null
}

# spki_sha256 CERT - the "x 1 1" association data of a certificate.
spki_sha256()
{
	openssl x509 -in "$1" -noout -pubkey |
	    openssl pkey -pubin -outform DER |
	    openssl dgst -sha256 -r | cut -d' ' -f1
}

# keygen ZONE - a new ECDSA key (SEP flag, used as CSK); prints its base.
keygen()
{
	(cd "$D/keys" && ldns-keygen -a $ALG -k "$1")
}

# expand TEMPLATE ZONE TLSA... - a template with @ZONE@/@SERIAL@ filled in
# and every @TLSA@ line repeated once per record given.
expand()
{
	tpl=$1 zone=$2
	shift 2
	recs=$(printf '%s\n' "$@")
	RECS=$recs awk -v zone="$zone" -v serial="$SERIAL" '
	BEGIN { n = split(ENVIRON["RECS"], r, "\n") }
	{
		gsub(/@ZONE@/, zone); gsub(/@SERIAL@/, serial)
		if ($0 !~ /@TLSA@/) { print; next }
		for (i = 1; i <= n; i++) {
			if (r[i] == "")
				continue
			l = $0; sub(/@TLSA@/, r[i], l); print l
		}
	}' "$here/zones/$tpl"
}

make_zones()
{
	rm -rf "$D/keys" "$D/zones" "$D/anchors"
	mkdir -p "$D/keys" "$D/zones" "$D/anchors"
	SERIAL=$(date +%s)
	EE1="3 1 1 $(spki_sha256 "$D/certs/server1.crt")"
	EE2="3 1 1 $(spki_sha256 "$D/certs/server2.crt")"
	TA="2 1 1 $(spki_sha256 "$D/certs/ca.crt")"
	expand test.zone.in test > "$D/zones/test.zone"
	wrong=$(keygen badds-wrong.test)
	for z in $ALLZONES; do
		zone=$z.test f=$D/zones/$z.test.zone
		case $z in
		broken|renewed)	set -- "$EE1" ;;
		*)		set -- "$EE1" "$TA" ;;
		esac
		expand mail.zone.in "$zone" > "$f"
		case $z in
		cname)	expand cname.zone.in "$zone" "$@" >> "$f" ;;
		*)	expand mx.zone.in "$zone" "$@" >> "$f" ;;
		esac
		printf '%s.\tIN\tNS\tns.test.\n' "$zone" >> "$D/zones/test.zone"
		[ "$z" = insecure ] && continue
		k=$(keygen "$zone")
		case $z in
		badds)	sed "s/^badds-wrong\.test\./badds.test./" \
			    "$D/keys/$wrong.ds" >> "$D/zones/test.zone" ;;
		*)	cat "$D/keys/$k.ds" >> "$D/zones/test.zone" ;;
		esac
		case $z in
		expired)
			ldns-signzone -i 20200101000000 -e 20200201000000 \
			    -f "$f.signed" "$f" "$D/keys/$k" ;;
		*)	ldns-signzone -f "$f.signed" "$f" "$D/keys/$k" ;;
		esac
	done
	cp "$D/zones/insecure.test.zone" "$D/zones/insecure.test.zone.signed"
	# bogus.test: swap the signed 3 1 1 data for another key's, as an
	# attacker without the zone key would.
	h1=${EE1#3 1 1 } h2=${EE2#3 1 1 }
	sed -i "s/$h1/$h2/I" "$D/zones/bogus.test.zone.signed"
	grep -qi "$h2" "$D/zones/bogus.test.zone.signed" ||
	    die "could not tamper with bogus.test"
	k=$(keygen test)
	ldns-signzone -f "$D/zones/test.zone.signed" "$D/zones/test.zone" \
	    "$D/keys/$k"
	cp "$D/keys/$k.ds" "$D/anchors/test.ds"
}

write_conf()
{
	mkdir -p "$D/xfr"
	{
		echo "# nsd.conf for the mailtls DNS lab (dnslab.sh)"
		echo "server:"
		echo "	ip-address: $ADDR@$PORT"
		echo "	port: $PORT"
		echo "	do-ip6: no"
		echo "	database: \"\""
		echo "	username: \"\""
		echo "	chroot: \"\""
		echo "	zonesdir: \"$D/zones\""
		echo "	pidfile: \"$D/nsd.pid\""
		echo "	logfile: \"$D/nsd.log\""
		echo "	zonelistfile: \"$D/zone.list\""
		echo "	xfrdfile: \"$D/xfrd.state\""
		echo "	xfrdir: \"$D/xfr\""
		echo "	server-count: 1"
		echo "	hide-version: yes"
		echo "	verbosity: 1"
		echo "remote-control:"
		echo "	control-enable: no"
		for z in test $(for z in $ALLZONES; do echo "$z.test"; done); do
			echo "zone:"
			echo "	name: $z."
			echo "	zonefile: \"$z.zone.signed\""
		done
	} > "$D/nsd.conf"
}

write_env()
{
	c=$D/certs
	{
		echo "# lab.env - written by tests/lab/dns/dnslab.sh start"
		echo "MAILTLS_DNS_NSD='$ADDR@$PORT'"
		echo "MAILTLS_DNS_ANCHOR='$D/anchors/test.ds'"
		echo "MAILTLS_DNS_UNBLOCK='test.'"
		echo "MAILTLS_DNS_ZONES='$(echo $ALLZONES | sed 's/\([a-z]*\)/\1.test/g')'"
		echo "MAILTLS_DNS_CERTS='$c'"
		echo "MAILTLS_DNS_CA='$c/ca.crt'"
		echo "MAILTLS_DNS_ROOT='$LAB/pki/root.pem'"
		for n in server1 server1b server2; do
			N=$(echo "$n" | tr a-z A-Z)
			echo "MAILTLS_DNS_${N}_CRT='$c/$n.crt'"
			echo "MAILTLS_DNS_${N}_CHAIN='$c/$n.chain.pem'"
			echo "MAILTLS_DNS_${N}_KEY='$c/$n.key'"
		done
		echo "MAILTLS_DNS_TLSA_SERVER1='$EE1'"
		echo "MAILTLS_DNS_TLSA_SERVER2='$EE2'"
		echo "MAILTLS_DNS_TLSA_CA='$TA'"
		echo "MAILTLS_DANE_PORT_SERVER1='10525'"
		echo "MAILTLS_DANE_PORT_SERVER2='10526'"
		echo "MAILTLS_DANE_PORT_SERVER1B='10527'"
	} > "$D/lab.env.tmp"
	mv "$D/lab.env.tmp" "$D/lab.env"
}

start()
{
	if running && listening && [ -s "$D/lab.env" ]; then
		echo "dns lab: already running on $ADDR@$PORT (pid" \
		    "$(cat "$D/nsd.pid"))"
		return 0
	fi
	listening && die "port $PORT is already taken by something else:" \
	    "$(ss -Hlunp "sport = :$PORT" 2>/dev/null)"
	for p in nsd ldns-keygen ldns-signzone openssl; do
		command -v $p >/dev/null ||
		    die "$p is not installed (sh scripts/install-deps.sh)"
	done
	mkdir -p "$D"
	sh "$top/tests/certs/mkpki.sh" "$LAB/pki" >/dev/null ||
	    die "cannot make the test PKI in $LAB/pki"
	sh "$here/mkcerts.sh" "$D/certs" "$LAB/pki" ||
	    die "cannot make the DANE certificates in $D/certs"
	make_zones > "$D/make.log" 2>&1 || {
		tail -n 20 "$D/make.log" >&2
		die "making the zones failed (log $D/make.log)"
	}
	write_conf
	nsd-checkconf "$D/nsd.conf" || die "nsd-checkconf $D/nsd.conf failed"
	rm -f "$D/nsd.pid" "$D/zone.list" "$D/xfrd.state"
	nsd -c "$D/nsd.conf" || {
		[ -f "$D/nsd.log" ] && tail -n 20 "$D/nsd.log" >&2
		die "nsd -c $D/nsd.conf failed"
	}
	t=0
	until listening && running &&
	    drill -p $PORT @$ADDR SOA example.test 2>/dev/null |
	    grep -q 'rcode: NOERROR'; do
		if [ "$t" -ge $((DEADLINE * 10)) ]; then
			[ -f "$D/nsd.log" ] && tail -n 20 "$D/nsd.log" >&2
			die "nsd not answering on $ADDR@$PORT after ${DEADLINE}s"
		fi
		sleep 0.1
		t=$((t + 1))
	done
	write_env
	echo "dns lab: nsd running on $ADDR@$PORT (env $D/lab.env)"
}

stop()
{
	if ! running; then
		echo "dns lab: not running"
		return 0
	fi
	kill "$(cat "$D/nsd.pid")"
	t=0
	while running || listening; do
		[ "$t" -ge $((DEADLINE * 10)) ] &&
		    die "nsd still running after ${DEADLINE}s"
		sleep 0.1
		t=$((t + 1))
	done
	rm -f "$D/nsd.pid"
	echo "dns lab: stopped"
}

status()
{
	if running && listening; then
		echo "dns lab: running on $ADDR@$PORT (env $D/lab.env)"
		return 0
	fi
	echo "dns lab: stopped"
	return 1
}

[ $# -eq 1 ] || die "usage: dnslab.sh start|stop|status"
case $1 in
start)	start ;;
stop)	stop ;;
status)	status ;;
*)	die "unknown command '$1' (start|stop|status)" ;;
esac
