#!/bin/sh
# private_resolv.sh - run a lab server where it cannot ask the machine's
# name server.
#
# Usage: sh private_resolv.sh DIR COMMAND [ARG...]
#
# Writes DIR/resolv.conf (hosts file first; the only name server
# 127.0.0.1, where nothing listens, so a lookup is refused at once) and
# execs COMMAND in its own mount namespace with that file bind-mounted
# over /etc/resolv.conf.  Lab servers look names up for themselves
# (OpenSMTPD's resolver asks DNS before /etc/hosts for every client;
# sendmail canonicalises its own name at start): without this those
# queries left loopback, and a lost answer held a greeting for 5 s.
# Every step execs, so the PID of this script is COMMAND's.  Root only.
set -eu
[ $# -ge 2 ] || { echo "usage: private_resolv.sh DIR COMMAND..." >&2; exit 2; }
dir=$1
shift
printf 'nameserver 127.0.0.1\nlookup file bind\n' > "$dir/resolv.conf"
exec unshare --mount --propagation private sh -c \
    'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' \
    sh "$dir/resolv.conf" "$@"
