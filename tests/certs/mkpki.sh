#!/bin/sh
# mkpki.sh - make the test PKI at test time (never checked in).
#
# Usage: sh tests/certs/mkpki.sh OUTDIR
#
# Makes an RSA-2048 root "mailtls Lab Root CA" -> intermediate "mailtls Lab
# Intermediate CA" -> leaf CN=mx.lab.test with SAN mx.lab.test, localhost,
# 127.0.0.1 and ::1 (valid 825 days from now), plus a second leaf with the
# same names made under faketime 2020-01-01 and valid 31 days (expired).
# Files in OUTDIR: root.pem, int.pem, leaf.pem, leaf-expired.pem, key (the
# one leaf key, shared by both leaves), chain-full.pem (leaf + int),
# chain-missing-int.pem (leaf only), chain-expired.pem (expired leaf + int).
# Idempotent: does nothing when OUTDIR/chain-expired.pem exists and the
# live leaf has more than a day left.  Loopback lab use only.
set -eu
out=${1:?usage: mkpki.sh OUTDIR}
mkdir -p "$out"
cd "$out"
if [ -s chain-expired.pem ] && [ -s chain-full.pem ] && [ -s key ] &&
    openssl x509 -in leaf.pem -noout -checkend 86400 >/dev/null 2>&1; then
	exit 0
fi
umask 022
cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[int]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:mx.lab.test, DNS:localhost, IP:127.0.0.1, IP:::1
CNF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out root.key 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out int.key 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out key 2>/dev/null
chmod 600 root.key int.key key

openssl req -new -x509 -sha256 -days 3650 -key root.key \
    -subj "/O=mailtls Lab/CN=mailtls Lab Root CA" \
    -config ext.cnf -extensions ca -out root.pem

openssl req -new -sha256 -key int.key \
    -subj "/O=mailtls Lab/CN=mailtls Lab Intermediate CA" -out int.csr
openssl x509 -req -sha256 -days 3000 -in int.csr -CA root.pem \
    -CAkey root.key -set_serial 0x1001 -extfile ext.cnf -extensions int \
    -out int.pem 2>/dev/null

openssl req -new -sha256 -key key -subj "/O=mailtls Lab/CN=mx.lab.test" \
    -out leaf.csr
openssl x509 -req -sha256 -days 825 -in leaf.csr -CA int.pem \
    -CAkey int.key -set_serial 0x2001 -extfile ext.cnf -extensions leaf \
    -out leaf.pem 2>/dev/null

# The expired leaf: signed "on" 2020-01-01, valid 31 days.
faketime '2020-01-01 00:00:00' openssl x509 -req -sha256 -days 31 \
    -in leaf.csr -CA int.pem -CAkey int.key -set_serial 0x2002 \
    -extfile ext.cnf -extensions leaf -out leaf-expired.pem 2>/dev/null

cat leaf.pem int.pem > chain-full.pem
cat leaf.pem > chain-missing-int.pem
cat leaf-expired.pem int.pem > chain-expired.pem
rm -f int.csr leaf.csr
# Sanity: the full chain verifies against the root.
openssl verify -CAfile root.pem -untrusted int.pem leaf.pem >/dev/null
