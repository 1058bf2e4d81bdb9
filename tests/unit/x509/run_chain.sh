#!/bin/sh
# run_chain.sh MKCHAINS TEST_CHAIN - make the test chains in a temporary
# directory with tests/certs/mkchains.sh, note the leaf's SPKI SHA-256 as
# the openssl CLI computes it, then run the chain unit test over them.
set -eu
mkchains=$1
test_chain=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/mt-chains.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
sh "$mkchains" "$dir"
openssl x509 -in "$dir/leaf.pem" -noout -pubkey |
    openssl pkey -pubin -outform DER |
    openssl dgst -sha256 -r > "$dir/leaf.spki"
"$test_chain" "$dir"
