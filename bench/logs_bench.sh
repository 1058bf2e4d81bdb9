#!/bin/sh
# logs_bench.sh - `mailtls logs` over a large mixed-MTA log, beside the
# tools administrators use today, on the same file in one run.
#
# Usage: sh bench/logs_bench.sh [--size BYTES] [--mailtls PATH] [LOG]
#   LOG defaults to /tmp/mailtls-bench-logs.log, written by bench/loggen.py
#   (seed 1, 1 GiB by default) when it does not exist.
# Prints wall seconds (and peak memory for mailtls) for: cat, grep -c TLS,
# the egrep|awk|sort|uniq -c recipe for negotiated ciphers, pflogsumm (if
# installed: Debian package pflogsumm) and mailtls logs; then the ratios.
# Not part of the test suite.  Reads only local files.
set -u
cd "$(dirname "$0")/.."
size=$((1024 * 1024 * 1024))
# The release build (scripts/build-fast.sh) when there is one: it is the
# one to use for large logs; else the default build.
mailtls=${MAILTLS_BUILD_DIR:-build}/src/cli/mailtls
if [ -z "${MAILTLS_BUILD_DIR:-}" ] && [ -x build-fast/src/cli/mailtls ]; then
	mailtls=build-fast/src/cli/mailtls
	[ -x build/src/cli/mailtls ] &&
	    [ build/src/cli/mailtls -nt build-fast/src/cli/mailtls ] &&
	    echo "note: build-fast/ is older than build/;" \
	    "sh scripts/build-fast.sh renews it" >&2
fi
while [ $# -gt 0 ]; do
	case $1 in
	--size)		size=$2; shift ;;
	--mailtls)	mailtls=$2; shift ;;
	-*)		echo "usage: logs_bench.sh [--size BYTES]" \
			    "[--mailtls PATH] [LOG]" >&2; exit 2 ;;
	*)		break ;;
	esac
	shift
done
log=${1:-/tmp/mailtls-bench-logs.log}
[ -x "$mailtls" ] || { echo "no mailtls at $mailtls (build first)" >&2; exit 2; }
if [ ! -f "$log" ]; then
	echo "writing $log ($size bytes, seed 1)..."
	python3 bench/loggen.py --size "$size" "$log" || exit 1
fi
bytes=$(wc -c < "$log")
cat "$log" > /dev/null		# the file in the page cache for everyone

t() {	# t NAME CMD...: wall time of CMD, output discarded
	name=$1; shift
	s=$(date +%s.%N)
	"$@" > /dev/null 2>&1
	e=$(date +%s.%N)
	w=$(echo "$e - $s" | bc)
	printf '%-28s %8.2f s  %8.0f MB/s\n' "$name" "$w" \
	    "$(echo "$bytes / $w / 1000000" | bc -l)"
	last=$w
}

echo "log: $log, $bytes bytes; mailtls: $mailtls"
t cat sh -c "cat '$log'"; tcat=$last
t "grep -c TLS | cat" sh -c "grep -c TLS '$log' | cat"; tgrep=$last
t "egrep|awk|sort|uniq -c" sh -c "egrep 'TLS connection established from.*with cipher' '$log' | awk '{printf(\"%s %s %s %s\\n\", \$12, \$13, \$14, \$15)}' | sort | uniq -c"
trecipe=$last
if command -v pflogsumm > /dev/null 2>&1; then
	t pflogsumm sh -c "pflogsumm '$log'"; tpf=$last
else
	tpf=""
	echo "pflogsumm not installed (apt-get install pflogsumm)"
fi
s=$(date +%s.%N)
mem=$( { /usr/bin/time -f '%M' "$mailtls" logs "$log" > /dev/null; } 2>&1 |
    tail -1)
e=$(date +%s.%N)
tm=$(echo "$e - $s" | bc)
printf '%-28s %8.2f s  %8.0f MB/s  peak %s KiB\n' "mailtls logs" "$tm" \
    "$(echo "$bytes / $tm / 1000000" | bc -l)" "$mem"
echo
printf 'mailtls/cat %.1fx slower; recipe/mailtls %.1fx' \
    "$(echo "$tm / $tcat" | bc -l)" "$(echo "$trecipe / $tm" | bc -l)"
[ -n "$tpf" ] && printf '; pflogsumm/mailtls %.1fx' \
    "$(echo "$tpf / $tm" | bc -l)"
echo
