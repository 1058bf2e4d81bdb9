#!/bin/sh
# install-deps.sh - install every Debian 12 package mailtls needs to build
# and to run its tests (servers, oracles).  Run as root.
set -eu
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" |
    debconf-set-selections
need=""
for p in meson ninja-build pkg-config gcc libc6-dev libssl-dev libevent-dev \
    libjansson-dev libcmocka-dev zlib1g-dev openssl python3 mandoc \
    postfix sslscan testssl.sh faketime iproute2 swaks bsdutils gnutls-bin \
    libunbound-dev libcurl4-openssl-dev nsd unbound ldnsutils hash-slinger \
    nginx-light bc pflogsumm m4 libwrap0 libidn12 libevent-2.1-7 libdb5.3 \
    libgnutls-dane0 libnsl2 libpcre2-8-0 libldap-2.5-0 liblockfile1 \
    libsasl2-2 libssl3; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
	# No daemon may start from a package's maintainer scripts while we
	# install (nsd and unbound would take port 53, nginx port 80): the
	# tests start their own.  The block is lifted again afterwards.
	ours=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		ours=yes
	fi
	rc=0
	apt-get update -qq && apt-get install -y -qq $need || rc=$?
	[ -n "$ours" ] && rm -f /usr/sbin/policy-rc.d
	[ "$rc" -eq 0 ] || exit $rc
fi

# The other MTAs of the live log tests (tests/lab/mta/mtalab.sh): each
# Provides/Conflicts mail-transport-agent with postfix, so they are not
# installed but downloaded and extracted, one directory per package, into
# $MAILTLS_MTA_DEBS (skipped when already there).  Their runtime libraries
# are in the list above.
debs=${MAILTLS_MTA_DEBS:-/var/cache/mailtls-lab/debs}
for p in exim4-daemon-light exim4-base exim4-config sendmail-bin \
    sendmail-base sendmail-cf opensmtpd; do
	[ -f "$debs/$p/.extracted" ] && continue
	tmp=$(mktemp -d) || exit 1
	if ! (cd "$tmp" && apt-get download -qq "$p" >/dev/null 2>&1 ||
	    { apt-get update -qq && apt-get download -qq "$p"; }); then
		rm -rf "$tmp"
		echo "install-deps.sh: cannot download $p" >&2
		exit 1
	fi
	rm -rf "$debs/$p"
	mkdir -p "$debs/$p"
	dpkg-deb -x "$tmp"/"$p"_*.deb "$debs/$p" || exit 1
	ls "$tmp"/"$p"_*.deb | sed 's|.*/||' > "$debs/$p/.extracted"
	rm -rf "$tmp"
done
