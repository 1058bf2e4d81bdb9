#!/bin/sh
# probe_cpu.sh - wall time and system-wide CPU per `mailtls probe`, run
# back to back against one lab server, for one or more mailtls binaries
# in turn (to compare builds on the same server in one run).
#
# Usage: sh bench/probe_cpu.sh [--runs N] [--port P] MAILTLS...
#   defaults: 10 runs, port 10025 (pf-default: tests/lab/lab.sh start
#   pf-default).  Busy CPU is read from /proc/stat (all processes: the
#   server's work counts, which is the point on a CPU-bound loopback).
# Not part of the test suite.  Talks only to 127.0.0.1.
set -u
runs=10
port=10025
while [ $# -gt 0 ]; do
	case $1 in
	--runs)	runs=$2; shift ;;
	--port)	port=$2; shift ;;
	-*)	echo "usage: probe_cpu.sh [--runs N] [--port P] MAILTLS..." >&2
		exit 2 ;;
	*)	break ;;
	esac
	shift
done
[ $# -gt 0 ] || set -- "${MAILTLS_BUILD_DIR:-build}/src/cli/mailtls"
[ "$runs" -gt 0 ] 2>/dev/null || { echo "--runs must be > 0" >&2; exit 2; }
ticks() {	# busy and idle clock ticks of all CPUs
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat
}
hz=$(getconf CLK_TCK)
for bin in "$@"; do
	[ -x "$bin" ] || { echo "no mailtls at $bin" >&2; exit 2; }
	read -r b0 i0 <<-EOT
	$(ticks)
	EOT
	s=$(date +%s%N)
	i=0
	while [ "$i" -lt "$runs" ]; do
		# 0 or 1 (findings); anything else (no server, incomplete)
		# would time the wrong thing.
		"$bin" probe "127.0.0.1:$port" > /dev/null 2>&1 || [ $? -eq 1 ] ||
		    { echo "probe_cpu: $bin probe 127.0.0.1:$port failed" \
		    "(is the lab server up? tests/lab/lab.sh start)" >&2;
		    exit 1; }
		i=$((i + 1))
	done
	e=$(date +%s%N)
	read -r b1 i1 <<-EOT
	$(ticks)
	EOT
	echo "$bin: wall $(( (e - s) / (runs * 1000000) )) ms/run," \
	    "busy CPU $(( (b1 - b0) * 1000 / hz / runs )) ms/run," \
	    "idle $(( (i1 - i0) * 1000 / hz / runs )) ms/run"
done
