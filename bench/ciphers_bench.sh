#!/bin/sh
# ciphers_bench.sh - cipher-string expansion: mailtls's engine, OpenSSL
# in-process (both from bench/ciphers_bench.c, 100,000 strings) and
# `openssl ciphers` as a process on a 1,000-string sample.
# Usage: sh bench/ciphers_bench.sh [BUILD_DIR]   (default: build)
set -eu
build=${1:-build}
bin=$build/bench/ciphers_bench
[ -x "$bin" ] || { echo "build first: ninja -C $build" >&2; exit 2; }
OPENSSL_CONF=/dev/null
export OPENSSL_CONF
out=$("$bin" 100000)
echo "$out"
sample=$(mktemp)
trap 'rm -f "$sample"' EXIT
"$bin" --print 1000 > "$sample"
t0=$(date +%s.%N)
while IFS= read -r s; do
	openssl ciphers -s -- "$s" > /dev/null 2>&1 || true
done < "$sample"
t1=$(date +%s.%N)
eng=$(echo "$out" | awk '/mailtls engine/ {print $3}')
echo "$t0 $t1 $eng" | awk '{ d = $2 - $1; r = 1000 / d;
	printf "openssl ciphers (process): %10.0f strings/s  (%.1f ms each, 1,000 strings)\n", r, d;
	printf "ratio engine/openssl-process: %.0f\n", $3 / r }'
