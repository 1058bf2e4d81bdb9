#!/bin/sh
# probe_bench.sh - time "mailtls probe" against its peers on the lab's
# real Postfix servers and count the TCP connections each tool costs the
# server (from the "connect from" lines its maillog gains).
#
# Usage: sh bench/probe_bench.sh [--no-testssl] [--mailtls PATH]
#            [--runs N] [SERVER...]        (default: pf-default pf-legacy)
#
# One run (or N) of each tool per server, one after another, never in
# parallel (each run's connection count must be its own), in alternating
# order: mailtls first in odd runs, last in even runs.  The tools share
# the server, and a run changes the state the next one finds (Postfix's
# smtpd processes exit after max_use connections and are spawned again
# on demand): a fixed order would always hand one tool the other's
# leftovers.  The summary shows each tool's time by the tool before it.
# An untimed round of mailtls and sslscan comes first (a server idle for
# a while has no smtpd processes left to answer).
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

# measure SERVER TOOL RUN CMD...  (prev: the tool that ran before on SERVER)
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
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$tool" "$run" "$wall" \
	    $((a - b)) "$rc" "$prev" >> "$res"
	prev=$tool
	printf '  %-12s %-8s run %s: %7s s, %4d connections (exit %s)\n' \
	    "$srv" "$tool" "$run" "$wall" $((a - b)) "$rc"
}

echo "Raw outputs in $out"
for s in "$@"; do
	port=$($lab port "$s")
	# One untimed round first: a lab server idle for more than Postfix's
	# max_idle (100 s) has no smtpd left, and the first tool of the
	# first round would pay for starting them all.
	"$mailtls" probe "127.0.0.1:$port" > /dev/null 2>&1
	sslscan --no-colour --starttls-smtp "127.0.0.1:$port" > /dev/null 2>&1
	settle "$LAB/$s/maillog" > /dev/null
	r=1
	prev=sslscan
	while [ "$r" -le "$runs" ]; do
		order="mailtls sslscan"
		[ "$testssl" = yes ] && order="$order testssl"
		if [ $((r % 2)) -eq 0 ]; then	# reversed
			rev=""
			for tool in $order; do rev="$tool $rev"; done
			order=$rev
		fi
		for tool in $order; do
			case $tool in
			mailtls) measure "$s" mailtls "$r" "$mailtls" probe \
				    "127.0.0.1:$port" ;;
			sslscan) measure "$s" sslscan "$r" sslscan \
				    --no-colour --starttls-smtp \
				    "127.0.0.1:$port" ;;
			testssl) measure "$s" testssl "$r" testssl -e \
				    --quiet --color 0 --warnings off \
				    --nodns none --starttls smtp \
				    "127.0.0.1:$port" ;;
			esac
		done
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
after = {}
for srv, tool, run, wall, c, rc, prev in rows:
    walls.setdefault((srv, tool), []).append(float(wall))
    after.setdefault((srv, tool, prev), []).append(float(wall))
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
# Carry-over: how each tool's time depends on what ran just before it.
print("%-12s %-8s %-8s %5s %9s %9s" % ("server", "tool", "after", "runs",
                                       "mean s", "median s"))
for (srv, tool, prev), w in sorted(after.items()):
    print("%-12s %-8s %-8s %5d %9.3f %9.3f" % (srv, tool, prev, len(w),
          statistics.mean(w), statistics.median(w)))
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
