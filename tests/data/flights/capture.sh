#!/bin/sh
# capture.sh - recapture the server first flights in this directory from
# openssl s_server on 127.0.0.1 (loopback only), using ClientHellos made by
# our own builder (mkhello.c).  Run from the repository root after
# building into build-codec:  sh tests/data/flights/capture.sh
# Not part of the test suite: its outputs (*.bin) are checked in.
set -eu
dir=tests/data/flights
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -Iinclude -Isrc/lib -o "$tmp/mkhello" "$dir/mkhello.c" \
    build-codec/src/lib/libmailtls.a -lcrypto
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 3650 \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
port=24870

# capture NAME "SERVER OPTS" CV VERSIONS GROUPS SHARES SUITES
capture() {
	name=$1 sopts=$2
	shift 2
	port=$((port + 1))
	"$tmp/mkhello" "$@" >"$tmp/$name.hello"
	# shellcheck disable=SC2086
	openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet \
	    -cert "$tmp/cert.pem" -key "$tmp/key.pem" $sopts \
	    </dev/null >/dev/null 2>&1 &
	spid=$!
	sleep 0.5
	python3 "$dir/capture.py" "$port" "$tmp/$name.hello" "$dir/$name.bin"
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
}

capture tls12_ecdhe_rsa "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256" \
    0303 - 0017,001d - c02f
capture tls12_dhe "-tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256" \
    0303 - 0017 - 009e
capture tls12_rsa "-tls1_2 -cipher AES128-GCM-SHA256" \
    0303 - 0017 - 009c
capture tls12_certreq "-tls1_2 -verify 1 -cipher ECDHE-RSA-AES128-GCM-SHA256" \
    0303 - 001d - c02f
capture tls10_ecdhe "-tls1 -cipher ECDHE-RSA-AES128-SHA@SECLEVEL=0" \
    0301 - 0017 - c013
capture tls13 "" \
    0303 0304,0303 001d,0017 001d 1301,c02f
capture tls13_hrr "-groups P-256" \
    0303 0304,0303 001d,0017 001d 1301,c02f
capture alert "-tls1_2 -cipher AES128-GCM-SHA256" \
    0303 - 0017 - c02f
