#!/bin/sh
# logs_bench.sh - `mailtls logs` over a large mixed-MTA log, beside the
# tools administrators use today, on the same file in one run.
#
# Usage: sh bench/logs_bench.sh [--size BYTES] [--mailtls PATH]
#            [--rounds N] [LOG]
#   LOG defaults to /tmp/mailtls-bench-logs.log, written by bench/loggen.py
#   (seed 1, 1 GiB by default) when it does not exist.
# Prints wall seconds (and peak memory for mailtls) for: cat, grep -c TLS,
# the egrep|awk|sort|uniq -c recipe for negotiated ciphers, pflogsumm (if
# installed: Debian package pflogsumm) and mailtls logs; then the ratios.
# With --rounds N (default 5), then N more rounds of the recipe and
# mailtls in turn, and their minimum and median: one run on a shared
# machine says little.
# Every timed command starts with the file in the page cache (it is read
# once just before): this machine reclaims page cache that has not been
# read for a while (DAMON), and a tool that ran after pflogsumm's minute
# would otherwise pay for the disk.
# Not part of the test suite.  Reads only local files.
set -u
cd "$(dirname "$0")/.."
size=$((1024 * 1024 * 1024))
rounds=5
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
	--rounds)	rounds=$2; shift ;;
	-*)		echo "usage: logs_bench.sh [--size BYTES]" \
			    "[--mailtls PATH] [--rounds N] [LOG]" >&2; exit 2 ;;
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

[ "$rounds" -ge 0 ] 2>/dev/null || { echo "--rounds: a number" >&2; exit 2; }

t() {	# t NAME CMD...: wall time of CMD, output discarded
	name=$1; shift
	cat "$log" > /dev/null
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
recipe="egrep 'TLS connection established from.*with cipher' '$log' | awk '{printf(\"%s %s %s %s\\n\", \$12, \$13, \$14, \$15)}' | sort | uniq -c"
t "egrep|awk|sort|uniq -c" sh -c "$recipe"
trecipe=$last
if command -v pflogsumm > /dev/null 2>&1; then
	t pflogsumm sh -c "pflogsumm '$log'"; tpf=$last
else
	tpf=""
	echo "pflogsumm not installed (apt-get install pflogsumm)"
fi
cat "$log" > /dev/null
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

[ "$rounds" -gt 0 ] || exit 0
echo
echo "$rounds rounds, recipe then mailtls:"
rs="" ms=""
i=1
while [ "$i" -le "$rounds" ]; do
	t "  recipe" sh -c "$recipe"; rs="$rs $last"
	t "  mailtls logs" "$mailtls" logs "$log"; ms="$ms $last"
	i=$((i + 1))
done
# stat NAME VALUES: minimum and median of the values
stat() {
	echo "$2" | tr ' ' '\n' | grep . | sort -n | awk -v n="$1" -v b="$bytes" '
	{ v[NR] = $1 }
	END {
		m = v[int((NR + 1) / 2)]
		if (NR % 2 == 0)
			m = (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%-14s min %.2f s (%.0f MB/s), median %.2f s (%.0f MB/s)\n",
		    n, v[1], b / v[1] / 1e6, m, b / m / 1e6
	}'
}
stat recipe "$rs"
stat "mailtls logs" "$ms"
