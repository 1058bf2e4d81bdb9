#!/bin/sh
# probe_bench.sh - time "mailtls probe" against its peers on the lab's
# real Postfix servers and count the TCP connections each tool costs the
# server (from the "connect from" lines its maillog gains).
#
# Usage: sh bench/probe_bench.sh [--no-testssl] [--mailtls PATH]
#            [--runs N] [SERVER...]        (default: pf-default pf-legacy)
#
# One run (or N) of each tool per server, one after another, never in
# parallel (each run's connection count must be its own):
#   mailtls probe 127.0.0.1:PORT
#   sslscan --no-colour --starttls-smtp 127.0.0.1:PORT
#   testssl -e --quiet --color 0 --warnings off --nodns none
#       --starttls smtp 127.0.0.1:PORT      (about 100 s; --no-testssl)
# Prints a table and the ratios sslscan/mailtls and testssl/mailtls.
# Not part of the test suite.  Loopback only; run as root (the lab).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
LAB=${MAILTLS_LAB_DIR:-/tmp/mailtls-lab}
mailtls=${MAILTLS_BUILD_DIR:-build}/src/cli/mailtls
testssl=yes
runs=1
while [ $# -gt 0 ]; do
	case $1 in
	--no-testssl)	testssl=no ;;
	--mailtls)	mailtls=$2; shift ;;
	--runs)		runs=$2; shift ;;
	-*)		echo "usage: probe_bench.sh [--no-testssl]" \
			    "[--mailtls PATH] [--runs N] [SERVER...]" >&2
			exit 2 ;;
	*)		break ;;
	esac
	shift
done
[ $# -gt 0 ] || set -- pf-default pf-legacy
[ -x "$mailtls" ] || { echo "no mailtls at $mailtls (build first)" >&2; exit 2; }
command -v sslscan >/dev/null || { echo "sslscan missing" >&2; exit 2; }
if [ "$testssl" = yes ] && ! command -v testssl >/dev/null; then
	echo "testssl missing (apt-get install testssl.sh, or --no-testssl)" >&2
	exit 2
fi

lab="sh $top/tests/lab/lab.sh"
started=""
trap '[ -n "$started" ] && $lab stop $started >/dev/null 2>&1' EXIT
for s in "$@"; do
	if ! $lab status "$s" >/dev/null 2>&1; then
		$lab start "$s" || exit 1
		started="$started $s"
	fi
done

out=$(mktemp -d /tmp/mailtls-bench.XXXXXX)
res=$out/results.tsv

connects()
{
	grep -c 'postfix/smtpd\[[0-9]*\]: connect from ' "$1" 2>/dev/null ||
	    true
}

# settle LOG: wait until Postfix's postlogd has written everything.
settle()
{
	last=-1
	i=0
	while [ $i -lt 50 ]; do
		n=$(connects "$1")
		[ "$n" = "$last" ] && { echo "$n"; return; }
		last=$n
		sleep 0.3
		i=$((i + 1))
	done
	echo "$last"
}

# measure SERVER TOOL RUN CMD...
measure()
{
	srv=$1 tool=$2 run=$3
	shift 3
	log=$LAB/$srv/maillog
	b=$(settle "$log")
	t0=$(date +%s.%N)
	"$@" > "$out/$tool-$srv-run$run.txt" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	a=$(settle "$log")
	wall=$(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$tool" "$run" "$wall" \
	    $((a - b)) "$rc" >> "$res"
	printf '  %-12s %-8s run %s: %7s s, %4d connections (exit %s)\n' \
	    "$srv" "$tool" "$run" "$wall" $((a - b)) "$rc"
}

echo "Raw outputs in $out"
for s in "$@"; do
	port=$($lab port "$s")
	r=1
	while [ "$r" -le "$runs" ]; do
		measure "$s" mailtls "$r" "$mailtls" probe "127.0.0.1:$port"
		measure "$s" sslscan "$r" sslscan --no-colour --starttls-smtp \
		    "127.0.0.1:$port"
		[ "$testssl" = yes ] && measure "$s" testssl "$r" testssl -e \
		    --quiet --color 0 --warnings off --nodns none \
		    --starttls smtp "127.0.0.1:$port"
		r=$((r + 1))
	done
done

echo
python3 - "$res" <<'PY'
import statistics
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
walls, conns = {}, {}
servers = []
for srv, tool, run, wall, c, rc in rows:
    walls.setdefault((srv, tool), []).append(float(wall))
    conns.setdefault((srv, tool), []).append(int(c))
    if srv not in servers:
        servers.append(srv)
# The median as well as the mean: one run disturbed by something else on
# the machine moves the mean of a few runs, not the median.
print("%-12s %-8s %9s %9s %12s" % ("server", "tool", "mean s", "median s",
                                    "connections"))
for srv in servers:
    for tool in ("mailtls", "sslscan", "testssl"):
        if (srv, tool) in walls:
            w = walls[(srv, tool)]
            print("%-12s %-8s %9.3f %9.3f %12.0f" % (srv, tool,
                  statistics.mean(w), statistics.median(w),
                  statistics.mean(conns[(srv, tool)])))
print()
for srv in servers:
    if (srv, "mailtls") not in walls:
        continue
    mw = walls[(srv, "mailtls")]
    for tool in ("sslscan", "testssl"):
        if (srv, tool) not in walls:
            continue
        w = walls[(srv, tool)]
        print("%-12s %s/mailtls time %.1fx by mean, %.1fx by median; "
              "connections %s %.0f vs mailtls %.0f" % (srv, tool,
              statistics.mean(w) / statistics.mean(mw),
              statistics.median(w) / statistics.median(mw), tool,
              statistics.mean(conns[(srv, tool)]),
              statistics.mean(conns[(srv, "mailtls")])))
PY
