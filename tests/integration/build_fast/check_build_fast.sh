#!/bin/sh
# check_build_fast.sh - scripts/build-fast.sh (release, LTO, PGO) builds,
# and its binary reads a log exactly as the default build does: the same
# JSON report, byte for byte, over a generated log with its own seed.
#
# Usage: check_build_fast.sh SOURCE_DIR DEFAULT_MAILTLS
set -u
src=$1
default=$2
tmp=$(mktemp -d /tmp/mailtls-buildfast.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! sh "$src/scripts/build-fast.sh" "$tmp/b" > "$tmp/out" 2>&1; then
	cat "$tmp/out"
	echo "FAIL: scripts/build-fast.sh failed"
	exit 1
fi
python3 "$src/bench/loggen.py" --seed 11 --size $((8 * 1024 * 1024)) \
    "$tmp/t.log" > /dev/null || { echo "FAIL: loggen.py"; exit 1; }
# Exit status 1 only says the log holds failures.
"$tmp/b/src/cli/mailtls" logs --json "$tmp/t.log" > "$tmp/fast.json"
[ $? -le 1 ] || { echo "FAIL: the release build's logs failed"; exit 1; }
"$default" logs --json "$tmp/t.log" > "$tmp/default.json"
[ $? -le 1 ] || { echo "FAIL: the default build's logs failed"; exit 1; }
if ! cmp -s "$tmp/fast.json" "$tmp/default.json"; then
	diff "$tmp/default.json" "$tmp/fast.json" | head -20
	echo "FAIL: the release build reports differently"
	exit 1
fi
echo "ok: release build, same report ($(wc -c < "$tmp/fast.json") bytes)"
