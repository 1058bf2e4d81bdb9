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
    nginx-light bc pflogsumm; do
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
	exit $rc
fi
