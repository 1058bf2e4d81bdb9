#!/bin/sh
# run_dane.sh MKCHAINS TEST_DANE - make the test chains in a temporary
# directory with tests/certs/mkchains.sh, add leaf-renewed.der (leaf.key
# certified again by the intermediate, 2025 .. 2035: a renewal that kept
# the key), then run the DANE unit test over them.
set -eu
mkchains=$1
test_dane=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/mt-dane.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
sh "$mkchains" "$dir"
(
	cd "$dir"
	openssl ca -config ca.cnf -batch -notext -in leaf.csr -cert int.pem \
	    -keyfile int.key -extensions v3_leaf -startdate 20250101000000Z \
	    -enddate 20350101000000Z -out leaf-renewed.pem > renew.log 2>&1 ||
	    { cat renew.log >&2; exit 1; }
	openssl x509 -in leaf-renewed.pem -outform DER -out leaf-renewed.der
	# A leaf (CA:FALSE) of the intermediate that signs a certificate for
	# mx.lab.test: must never pass as an intermediate under 2 x x.
	openssl req -new -newkey rsa:2048 -nodes -keyout notca.key \
	    -subj /CN=attacker.example -out notca.csr 2>/dev/null
	openssl ca -config ca.cnf -batch -notext -in notca.csr -cert int.pem \
	    -keyfile int.key -extensions v3_leaf -startdate 20250101000000Z \
	    -enddate 20350101000000Z -out notca.pem > notca.log 2>&1 ||
	    { cat notca.log >&2; exit 1; }
	openssl req -new -newkey rsa:2048 -nodes -keyout victim.key \
	    -subj /CN=mx.lab.test -out victim.csr 2>/dev/null
	printf 'subjectAltName=DNS:mx.lab.test\n' > victim.ext
	openssl x509 -req -in victim.csr -CA notca.pem -CAkey notca.key \
	    -CAcreateserial -days 3650 -extfile victim.ext -out victim.pem \
	    2>/dev/null
	openssl x509 -in notca.pem -outform DER -out notca.der
	openssl x509 -in victim.pem -outform DER -out victim.der
)
"$test_dane" "$dir"
