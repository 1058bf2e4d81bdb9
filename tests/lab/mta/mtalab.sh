#!/bin/sh
# mtalab.sh - the other real MTAs of the live log tests: Exim 4.96 (GnuTLS),
# sendmail 8.17 and OpenSMTPD 6.8 from Debian 12 packages, plus a Postfix
# 3.7 instance that relays out with smtp(8), all on 127.0.0.1, each writing
# its log under $MAILTLS_LAB_DIR (default /tmp/mailtls-lab).
#
# Usage: sh tests/lab/mta/mtalab.sh start|stop|restart|status|port|log
#            [NAME...]
#
#   opensmtpd  10030  OpenSMTPD 6.8.0p2, STARTTLS, relays everything to
#                     smtps://127.0.0.1:10027 (lab.sh pf-implicit) with
#                     "tls no-verify"; CIPHERS=default|secure|compat picks
#                     its global "smtp ciphers" (log: opensmtpd/smtpd.log,
#                     the -d -v stderr)
#   pf-relay   10029  Postfix 3.7 (lab.sh's templates) on its own, for the
#                     inbound cases (STARTTLS, like pf-default, but no other
#                     test connects to it), relaying with smtp(8) over
#                     implicit TLS to [127.0.0.1]:10027: mail for
#                     ok.lab.test with the default client cipher list,
#                     for secure.lab.test through a transport that excludes
#                     RSA key exchange (log: pf-relay/maillog)
#   exim       10040  Exim 4.96 exim4-daemon-light, STARTTLS
#                     (log: exim/log/mainlog)
#   sendmail   10050  sendmail 8.17.1.9, STARTTLS, syslog through the
#                     LD_PRELOAD shim syslog2file.c (log: sendmail/maillog)
#
# The binaries are the packages extracted by scripts/install-deps.sh into
# $MAILTLS_MTA_DEBS (default /var/cache/mailtls-lab/debs): they cannot be
# installed beside postfix (mail-transport-agent).  The PKI is
# tests/certs/mkpki.sh's, as in tests/lab/lab.sh.  Details and traps:
# docs/internals/mta-lab.md.
#
# start waits (with a deadline) until the port listens and fails loudly
# otherwise; start on a running server is a no-op (restart re-reads
# CIPHERS).  stop stops our own servers only: "postfix -c DIR stop", or
# kill of the PID in our pid file.  Must run as root.  Mail is never
# delivered anywhere: Exim queues only (no queue runner) into a :blackhole:
# router, sendmail queues only, Postfix and OpenSMTPD relay only to
# 127.0.0.1:10027, whose transports are discard:.
# OpenSMTPD's spool (/var/spool/smtpd), control socket (/var/run/smtpd.sock)
# and chroot (/var/lib/opensmtpd/empty) are compiled in: only one instance
# can run, and those are the only paths written outside the lab directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
LAB=${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}
DEBS=${MAILTLS_MTA_DEBS:-/var/cache/mailtls-lab/debs}
ALL="opensmtpd pf-relay exim sendmail"
DEADLINE=${MAILTLS_LAB_DEADLINE:-30}
SMTPD_SPOOL=/var/spool/smtpd

LAB_PROG=mtalab.sh
. "$here/../common.sh"

port_of()
{
	case $1 in
	opensmtpd)	echo 10030 ;;
	pf-relay)	echo 10029 ;;
	exim)		echo 10040 ;;
	sendmail)	echo 10050 ;;
	*)		die "unknown MTA lab server '$1' (known: $ALL)" ;;
	esac
}

log_of()
{
	case $1 in
	opensmtpd)	echo "$LAB/opensmtpd/smtpd.log" ;;
	pf-relay)	echo "$LAB/pf-relay/maillog" ;;
	exim)		echo "$LAB/exim/log/mainlog" ;;
	sendmail)	echo "$LAB/sendmail/maillog" ;;
	esac
}


# pid_running PIDFILE - the pid in PIDFILE is alive and is one of ours:
# its binary comes from the extracted packages or its command line names
# the lab directory (a stale pid file in a kept $MAILTLS_LAB_DIR must never
# make stop signal an unrelated process that reused the pid).
pid_running()
{
	[ -s "$1" ] || return 1
	pid=$(head -n 1 "$1" 2>/dev/null)
	case $pid in
	''|*[!0-9]*)	return 1 ;;
	esac
	kill -0 "$pid" 2>/dev/null || return 1
	exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
	case $exe in
	"$DEBS"/*|"$LAB"/*)	return 0 ;;
	esac
	tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$LAB"
}

running()
{
	case $1 in
	pf-relay)
		[ -f "$LAB/pf-relay/main.cf" ] &&
		    postfix -c "$LAB/pf-relay" status >/dev/null 2>&1
		;;
	opensmtpd)	pid_running "$LAB/opensmtpd/smtpd.pid" ;;
	exim)		pid_running "$LAB/exim/exim.pid" ;;
	sendmail)	pid_running "$LAB/sendmail/sendmail.pid" ;;
	esac
}

need_bin()
{
	[ -x "$1" ] || die "$1 is missing (run sh scripts/install-deps.sh)"
}

# The system users the packages' maintainer scripts would have made.
mkusers()
{
	for u in opensmtpd opensmtpq Debian-exim smmsp; do
		id "$u" >/dev/null 2>&1 && continue
		useradd --system --user-group --no-create-home \
		    --home-dir /nonexistent --shell /usr/sbin/nologin "$u" ||
		    die "cannot create user $u"
	done
}

wait_listen()
{
	name=$1 port=$2 log=$3 pidf=${4:-}
	t=0
	while ! listening "$port"; do
		if [ -n "$pidf" ] && ! pid_running "$pidf"; then
			[ -f "$log" ] && tail -n 20 "$log" >&2
			die "$name: exited before listening on 127.0.0.1:$port"
		fi
		if [ "$t" -ge $((DEADLINE * 10)) ]; then
			[ -f "$log" ] && tail -n 20 "$log" >&2
			die "$name: not listening on 127.0.0.1:$port after" \
			    "${DEADLINE}s"
		fi
		sleep 0.1
		t=$((t + 1))
	done
}

start_exim()
{
	bin=$DEBS/exim4-daemon-light/usr/sbin/exim4
	need_bin "$bin"
	d=$LAB/exim
	rm -rf "$d/spool"
	mkdir -p "$d/spool" "$d/log"
	cp "$LAB/pki/key" "$d/server.key"
	chown Debian-exim:Debian-exim "$d/server.key" "$d/spool" "$d/log"
	chmod 600 "$d/server.key"
	chmod 750 "$d/spool" "$d/log"
	cat > "$d/exim.conf" <<EOF
# Exim configuration of the mailtls MTA lab (written by mtalab.sh).
exim_path = $bin
exim_user = Debian-exim
exim_group = Debian-exim
primary_hostname = mx-exim.lab.test
spool_directory = $d/spool
log_file_path = $d/log/%slog
daemon_smtp_ports = 10040
local_interfaces = 127.0.0.1
keep_environment =
host_lookup =
rfc1413_hosts =
queue_only = true
tls_advertise_hosts = *
tls_certificate = $LAB/pki/chain-full.pem
tls_privatekey = $d/server.key
acl_smtp_rcpt = acl_check_rcpt

begin acl
acl_check_rcpt:
  accept hosts = 127.0.0.0/8
  deny

begin routers
blackhole:
  driver = redirect
  data = :blackhole:

begin transports
EOF
	chmod 644 "$d/exim.conf"
	rm -f "$d/exim.pid"
	"$bin" -C "$d/exim.conf" -bd -oP "$d/exim.pid" ||
	    die "exim: $bin -bd failed"
	wait_listen exim 10040 "$d/log/paniclog"
}

start_sendmail()
{
	cf=$DEBS/sendmail-cf/usr/share/sendmail/cf
	src=$DEBS/sendmail-bin/usr/libexec/sendmail/sendmail
	need_bin "$src"
	[ -f "$cf/m4/cf.m4" ] || die "$cf/m4/cf.m4 is missing" \
	    "(run sh scripts/install-deps.sh)"
	command -v m4 >/dev/null || die "m4 is not installed"
	command -v gcc >/dev/null || die "gcc is not installed"
	d=$LAB/sendmail
	rm -rf "$d/queue"
	mkdir -p "$d/queue"
	chmod 755 "$d"
	chmod 700 "$d/queue"
	# A copy without the setgid bit: secure-exec would ignore LD_PRELOAD.
	cp "$src" "$d/sendmail"
	chmod 755 "$d/sendmail"
	gcc -O2 -Wall -shared -fPIC -o "$d/syslog2file.so" \
	    "$here/syslog2file.c" || die "sendmail: cannot build the shim"
	cp "$LAB/pki/key" "$d/key"
	chmod 600 "$d/key"
	# sendmail loads only the leaf from confSERVER_CERT; OpenSSL completes
	# the chain it sends from the CA file, so the intermediate goes there.
	cat "$LAB/pki/int.pem" "$LAB/pki/root.pem" > "$d/cacert.pem"
	printf 'hosts\tfiles\naliases\tfiles\n' > "$d/service.switch"
	: > "$d/statistics"
	cat > "$d/lab.mc" <<EOF
divert(-1)
# sendmail .mc of the mailtls MTA lab (written by mtalab.sh).
divert(0)dnl
include(\`$cf/m4/cf.m4')dnl
VERSIONID(\`mailtls MTA lab')dnl
OSTYPE(\`linux')dnl
define(\`confSERVICE_SWITCH_FILE', \`$d/service.switch')dnl
define(\`QUEUE_DIR', \`$d/queue')dnl
define(\`confPID_FILE', \`$d/sendmail.pid')dnl
define(\`STATUS_FILE', \`$d/statistics')dnl
define(\`ALIAS_FILE', \`')dnl
define(\`HELP_FILE', \`')dnl
define(\`confLOG_LEVEL', \`14')dnl
define(\`confDELIVERY_MODE', \`queueonly')dnl
define(\`confDONT_PROBE_INTERFACES', \`true')dnl
define(\`confTO_IDENT', \`0s')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`confCACERT_PATH', \`$LAB/pki')dnl
define(\`confCACERT', \`$d/cacert.pem')dnl
define(\`confSERVER_CERT', \`$LAB/pki/chain-full.pem')dnl
define(\`confSERVER_KEY', \`$d/key')dnl
define(\`confCLIENT_CERT', \`$LAB/pki/chain-full.pem')dnl
define(\`confCLIENT_KEY', \`$d/key')dnl
FEATURE(\`no_default_msa')dnl
FEATURE(\`promiscuous_relay')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`accept_unqualified_senders')dnl
DAEMON_OPTIONS(\`Port=10050, Addr=127.0.0.1, Name=MTA-lab')dnl
MAILER(\`smtp')dnl
EOF
	m4 "$d/lab.mc" > "$d/sendmail.cf" 2>"$d/m4.err" ||
	    die "sendmail: m4 failed: $(cat "$d/m4.err")"
	rm -f "$d/sendmail.pid"
	: >> "$d/maillog"
	# Its own resolv.conf: it canonicalises its name (the shim's
	# mx-sendmail.lab.test) at start (private_resolv.sh).
	sh "$here/private_resolv.sh" "$d" env \
	    LD_PRELOAD="$d/syslog2file.so" SYSLOG2FILE="$d/maillog" \
	    "$d/sendmail" -C "$d/sendmail.cf" -bd -q0 >/dev/null 2>&1 ||
	    die "sendmail: $d/sendmail -bd failed"
	wait_listen sendmail 10050 "$d/maillog"
}

# OpenSMTPD 6.8 has only the global OpenSSL cipher string; libtls's
# "secure" and "compat" spelled in OpenSSL words (docs/internals/mta-lab.md).
smtpd_ciphers()
{
	case ${CIPHERS:-default} in
	default)	echo 'HIGH:!aNULL:!MD5' ;;
	secure)		echo 'ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20' ;;
	compat)		echo 'HIGH:!aNULL' ;;
	*)		die "CIPHERS must be default, secure or compat" ;;
	esac
}

start_opensmtpd()
{
	bin=$DEBS/opensmtpd/usr/sbin/smtpd
	need_bin "$bin"
	ciphers=$(smtpd_ciphers)
	d=$LAB/opensmtpd
	mkdir -p "$d" /var/lib/opensmtpd/empty
	chmod 755 /var/lib/opensmtpd/empty
	# The spool is compiled in; it is ours only if our marker is there
	# (OpenSMTPD cannot be installed beside postfix anyway).
	if [ -d "$SMTPD_SPOOL" ] && [ ! -e "$SMTPD_SPOOL/.mailtls-lab" ] &&
	    [ -n "$(ls -A "$SMTPD_SPOOL")" ]; then
		die "opensmtpd: $SMTPD_SPOOL exists and is not the lab's"
	fi
	rm -rf "$SMTPD_SPOOL"
	mkdir -p "$SMTPD_SPOOL"
	chmod 711 "$SMTPD_SPOOL"
	: > "$SMTPD_SPOOL/.mailtls-lab"
	cp "$LAB/pki/key" "$d/key"
	chmod 600 "$d/key"
	cat > "$d/smtpd.conf" <<EOF
# smtpd.conf of the mailtls MTA lab (written by mtalab.sh), CIPHERS=${CIPHERS:-default}
pki mx.lab.test cert "$LAB/pki/chain-full.pem"
pki mx.lab.test key "$d/key"
smtp ciphers "$ciphers"
listen on 127.0.0.1 port 10030 tls pki mx.lab.test hostname mx-smtpd.lab.test
action "relay" relay host smtps://127.0.0.1:10027 tls no-verify helo mx-smtpd.lab.test
match from any for any action "relay"
EOF
	echo "${CIPHERS:-default}" > "$d/ciphers"
	"$bin" -n -f "$d/smtpd.conf" >"$d/check.out" 2>&1 ||
	    die "opensmtpd: bad configuration: $(cat "$d/check.out")"
	: >> "$d/smtpd.log"
	# Its own session: a test that restarts it may be killed by group.
	# Its own resolv.conf: OpenSMTPD's resolver asks DNS before
	# /etc/hosts for each client (private_resolv.sh).  Each step execs:
	# the PID written is OpenSMTPD's.
	setsid sh "$here/private_resolv.sh" "$d" \
	    "$bin" -d -v -f "$d/smtpd.conf" >>"$d/smtpd.log" 2>&1 </dev/null &
	echo $! > "$d/smtpd.pid"
	wait_listen opensmtpd 10030 "$d/smtpd.log" "$d/smtpd.pid"
}

start_pf_relay()
{
	command -v postfix >/dev/null || die "postfix is not installed"
	d=$LAB/pf-relay
	mkdir -p "$d/queue" "$d/data"
	chown root "$d" "$d/queue"
	chmod 755 "$d" "$d/queue"
	chown postfix "$d/data"
	chmod 700 "$d/data"
	sed -e "s|@DIR@|$d|g" -e "s|@LAB@|$LAB|g" -e "s|@PKI@|$LAB/pki|g" \
	    -e "s|@CHAIN@|chain-full.pem|g" "$top/tests/lab/main.cf.in" \
	    > "$d/main.cf"
	sed -e "s|@LISTEN@|127.0.0.1:10029|" "$top/tests/lab/master.cf.in" \
	    > "$d/master.cf"
	cat >> "$d/master.cf" <<'EOF'
smtp      unix  -       -       n       -       -       smtp
smtpsec   unix  -       -       n       -       -       smtp
  -o smtp_tls_mandatory_ciphers=high
  -o smtp_tls_mandatory_exclude_ciphers=kRSA,aNULL
EOF
	postconf -c "$d" -e 'myhostname = mx-relay.lab.test' \
	    'relay_domains = ok.lab.test, secure.lab.test' \
	    'transport_maps = inline:{ok.lab.test=smtp:[127.0.0.1]:10027, secure.lab.test=smtpsec:[127.0.0.1]:10027}' \
	    'smtp_tls_wrappermode = yes' \
	    'smtp_tls_security_level = encrypt' \
	    'smtp_tls_loglevel = 1' \
	    'smtp_tls_CAfile =' \
	    'maximal_queue_lifetime = 0' 'bounce_queue_lifetime = 0' \
	    'smtp_tls_session_cache_database ='
	out=$(script -qec "postfix -c $d start" /dev/null 2>&1) || {
		echo "$out" >&2
		[ -f "$d/maillog" ] && tail -n 20 "$d/maillog" >&2
		die "pf-relay: postfix -c $d start failed"
	}
	wait_listen pf-relay 10029 "$d/maillog"
}

start_one()
{
	name=$1 port=$(port_of "$1")
	if running "$name" && listening "$port"; then
		echo "$name: already running on 127.0.0.1:$port"
		return 0
	fi
	if listening "$port"; then
		die "$name: port $port is already taken by something else:" \
		    "$(ss -Hltnp "sport = :$port" 2>/dev/null)"
	fi
	case $name in
	opensmtpd)	start_opensmtpd ;;
	pf-relay)	start_pf_relay ;;
	exim)		start_exim ;;
	sendmail)	start_sendmail ;;
	esac
	echo "$name: running on 127.0.0.1:$port (log $(log_of "$name"))"
}

stop_one()
{
	name=$1 port=$(port_of "$1")
	if ! running "$name"; then
		echo "$name: not running"
		return 0
	fi
	case $name in
	pf-relay)
		script -qec "postfix -c $LAB/pf-relay stop" /dev/null \
		    >/dev/null 2>&1 || true
		;;
	opensmtpd)	kill "$(head -n 1 "$LAB/opensmtpd/smtpd.pid")" ;;
	exim)		kill "$(head -n 1 "$LAB/exim/exim.pid")" ;;
	sendmail)	kill "$(head -n 1 "$LAB/sendmail/sendmail.pid")" ;;
	esac
	wait_stopped "$name" "$port"
}


[ $# -ge 1 ] || die "usage: mtalab.sh start|stop|restart|status|port|log [NAME...]"
cmd=$1
shift
[ $# -ge 1 ] || set -- $ALL
for n in "$@"; do
	port_of "$n" >/dev/null
done
case $cmd in
start|restart)
	[ "$(id -u)" -eq 0 ] || die "must run as root"
	mkdir -p "$LAB"
	chmod 755 "$LAB"
	sh "$top/tests/certs/mkpki.sh" "$LAB/pki" >/dev/null ||
	    die "cannot make the test PKI in $LAB/pki"
	mkusers
	for n in "$@"; do
		[ "$cmd" = restart ] && stop_one "$n" >/dev/null
		start_one "$n"
	done
	;;
stop|status|port)
	lab_command "$cmd" "$@"
	;;
log)
	for n in "$@"; do
		log_of "$n"
	done
	;;
*)
	die "unknown command '$cmd' (start|stop|restart|status|port|log)"
	;;
esac
