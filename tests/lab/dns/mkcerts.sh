#!/bin/sh
# mkcerts.sh - the DANE lab's server certificates, made at test time
# (never checked in) under the project's test CA (tests/certs/mkpki.sh).
#
# Usage: sh tests/lab/dns/mkcerts.sh OUTDIR PKIDIR
#
# Under PKIDIR's intermediate (int.pem, int.key) makes three leaves, each
# with SANs mx.<zone> for every lab zone, host.cname.test, localhost and
# 127.0.0.1:
#   server1   key A (keyA.pem)               serial 0x3001
#   server1b  key A again: a renewal that kept the key   serial 0x3002
#   server2   key B (keyB.pem): a renewal with a new key serial 0x3003
# Files in OUTDIR: keyA.pem keyB.pem, <name>.crt (leaf), <name>.chain.pem
# (leaf + intermediate, as the Postfix servers send it), <name>.key (the
# leaf's key), ca.crt (the intermediate: what "2 1 1" names).
# Idempotent: does nothing when all exist, chain to PKIDIR's root and have
# more than a day left.  ECDSA P-256 keys (fast to make).  Loopback lab use
# only.
set -eu
out=${1:?usage: mkcerts.sh OUTDIR PKIDIR}
pki=${2:?usage: mkcerts.sh OUTDIR PKIDIR}
pki=$(cd "$pki" && pwd)
NAMES="server1 server1b server2"
ZONES="example broken renewed bogus expired badds insecure cname"
mkdir -p "$out"
cd "$out"

fresh()
{
	for n in $NAMES; do
		[ -s "$n.chain.pem" ] && [ -s "$n.key" ] || return 1
		openssl verify -CAfile "$pki/root.pem" -untrusted "$pki/int.pem" \
		    "$n.crt" >/dev/null 2>&1 || return 1
		openssl x509 -in "$n.crt" -noout -checkend 86400 \
		    >/dev/null 2>&1 || return 1
	done
	cmp -s ca.crt "$pki/int.pem"
}
fresh && exit 0

umask 022
san="DNS:localhost,IP:127.0.0.1,DNS:host.cname.test"
for z in $ZONES; do
	san="$san,DNS:mx.$z.test"
done
cat > ext.cnf <<CNF
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = $san
CNF
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out keyA.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out keyB.pem 2>/dev/null
chmod 600 keyA.pem keyB.pem

leaf()
{
	name=$1 key=$2 serial=$3 days=$4
	openssl req -new -sha256 -key "$key" \
	    -subj "/O=mailtls Lab/CN=mx.example.test" -out "$name.csr"
	openssl x509 -req -sha256 -days "$days" -in "$name.csr" \
	    -CA "$pki/int.pem" -CAkey "$pki/int.key" -set_serial "$serial" \
	    -extfile ext.cnf -extensions leaf -out "$name.crt" 2>/dev/null
	cp "$key" "$name.key"
	chmod 600 "$name.key"
	cat "$name.crt" "$pki/int.pem" > "$name.chain.pem"
	rm -f "$name.csr"
}
leaf server1 keyA.pem 0x3001 400
leaf server1b keyA.pem 0x3002 800
leaf server2 keyB.pem 0x3003 800
cp "$pki/int.pem" ca.crt
for n in $NAMES; do
	openssl verify -CAfile "$pki/root.pem" -untrusted "$pki/int.pem" \
	    "$n.crt" >/dev/null
done
