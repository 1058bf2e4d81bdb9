#!/bin/sh
# mkchains.sh DIR - make the certificate chains the x509 unit tests use
#
# Everything is made at test time with the openssl CLI, with fixed validity
# dates (openssl ca -startdate/-enddate), so that tests inject a check time
# and never depend on the wall clock.  Output, in DIR, DER unless noted:
#
#   root.der root.pem      self-signed root CA, 2020-01-01 .. 2040-01-01
#   int.der                intermediate CA (pathlen 0), 2020 .. 2040
#   leaf.der               CN=mx.lab.test, SAN DNS:mx.lab.test,
#                          DNS:localhost, IP:127.0.0.1, 2024 .. 2034
#   leaf-expired.der       same names, 2020-01-01 .. 2021-01-01
#   leaf-future.der        same names, 2035-01-01 .. 2036-01-01
#   leaf-self.der          self-signed leaf, 2024 .. 2034
#   leaf-rsa1024.der       1024-bit RSA key, signed by int
#   leaf-sha1.der          signed by int with SHA-1
#   leaf-ec.der            EC P-256 key, signed by int
#
# Keys are throwaway test keys.  Only the openssl binary is needed.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: mkchains.sh DIR" >&2
	exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"
rm -rf ca && mkdir -p ca/new
: > ca/index.txt
echo 1000 > ca/serial

cat > ca.cnf <<'EOF'
[ ca ]
default_ca = ca_lab

[ ca_lab ]
dir = ./ca
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no

[ policy_any ]
commonName = supplied
organizationName = optional

[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = unused

[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_int ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ v3_leaf ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:mx.lab.test, DNS:localhost, IP:127.0.0.1

[ v3_self ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = DNS:mx.lab.test, DNS:localhost, IP:127.0.0.1
EOF

q() {
	"$@" > ca/last.log 2>&1 || { cat ca/last.log >&2; exit 1; }
}

# rsakey NAME BITS
rsakey() {
	q openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" \
	    -out "$1.key"
}

# csr NAME SUBJECT
csr() {
	q openssl req -config ca.cnf -new -key "$1.key" -subj "$2" \
	    -out "$1.csr"
}

# sign NAME ISSUER EXT START END [MD]
sign() {
	q openssl ca -config ca.cnf -batch -notext -in "$1.csr" \
	    -cert "$2.pem" -keyfile "$2.key" -extensions "$3" \
	    -startdate "$4" -enddate "$5" -md "${6:-sha256}" -out "$1.pem"
	q openssl x509 -in "$1.pem" -outform DER -out "$1.der"
}

# selfsign NAME EXT START END
selfsign() {
	q openssl ca -config ca.cnf -batch -notext -selfsign -in "$1.csr" \
	    -keyfile "$1.key" -extensions "$2" -startdate "$3" -enddate "$4" \
	    -out "$1.pem"
	q openssl x509 -in "$1.pem" -outform DER -out "$1.der"
}

ca_start=20200101000000Z
ca_end=20400101000000Z
leaf_start=20240101000000Z
leaf_end=20340101000000Z
leaf_dn="/CN=mx.lab.test"

rsakey root 2048
csr root "/O=mailtls lab/CN=mailtls lab root"
selfsign root v3_root $ca_start $ca_end

rsakey int 2048
csr int "/O=mailtls lab/CN=mailtls lab intermediate"
sign int root v3_int $ca_start $ca_end

rsakey leaf 2048
csr leaf "$leaf_dn"
sign leaf int v3_leaf $leaf_start $leaf_end

rsakey leaf-expired 2048
csr leaf-expired "$leaf_dn"
sign leaf-expired int v3_leaf 20200101000000Z 20210101000000Z

rsakey leaf-future 2048
csr leaf-future "$leaf_dn"
sign leaf-future int v3_leaf 20350101000000Z 20360101000000Z

rsakey leaf-self 2048
csr leaf-self "$leaf_dn"
selfsign leaf-self v3_self $leaf_start $leaf_end

rsakey leaf-rsa1024 1024
csr leaf-rsa1024 "$leaf_dn"
sign leaf-rsa1024 int v3_leaf $leaf_start $leaf_end

rsakey leaf-sha1 2048
csr leaf-sha1 "$leaf_dn"
sign leaf-sha1 int v3_leaf $leaf_start $leaf_end sha1

q openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out leaf-ec.key
csr leaf-ec "$leaf_dn"
sign leaf-ec int v3_leaf $leaf_start $leaf_end

rm -f ca/last.log
