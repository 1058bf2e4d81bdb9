#!/bin/sh
# build-fast.sh - a release build of mailtls for production use and for
# the benchmarks: -O3, link-time optimisation, and profile-guided
# optimisation (gcc) trained on a generated mail log, which is what the
# log reader's branchy parsers gain most from (about 15 % on
# bench/logs_bench.sh against the default build; see bench/README.md).
#
# Usage: sh scripts/build-fast.sh [BUILDDIR]     (default: build-fast)
# Needs what scripts/install-deps.sh installs.  Takes two builds and a
# few seconds of training: a 64 MiB log from bench/loggen.py with its own
# seed (not the benchmark's), read as text and as JSON.  Code the training
# does not run is optimised as in a plain -O3 build
# (-fprofile-partial-training), so nothing else gets slower.
set -eu
B=${1:-build-fast}
case $B in
/*)	;;
*)	B=$(pwd)/$B ;;		# relative to where it was called from
esac
cd "$(dirname "$0")/.."
# Only a directory this script made is wiped (never the main build).
if [ -e "$B" ] && [ ! -f "$B/.mailtls-build-fast" ]; then
	echo "build-fast: $B exists and is not a build-fast directory;" \
	    "give another one" >&2
	exit 2
fi
train=$(mktemp -d /tmp/mailtls-train.XXXXXX)
trap 'rm -rf "$train"' EXIT INT TERM

rm -rf "$B"
# The profile flags below are gcc's; another compiler gets -O3 and LTO.
macros=$(${CC:-cc} -dM -E - < /dev/null 2>/dev/null || true)
case $macros in
*__clang__*|"")
	echo "build-fast: the compiler is not gcc: release and LTO only"
	meson setup "$B" --buildtype=release -Db_lto=true > "$train/setup.log" \
	    2>&1 || { cat "$train/setup.log"; exit 1; }
	touch "$B/.mailtls-build-fast"
	ninja -C "$B" src/cli/mailtls > "$train/build.log" 2>&1 ||
	    { cat "$train/build.log"; exit 1; }
	echo "build-fast: $B/src/cli/mailtls"
	exit 0 ;;
*__GNUC__*)	;;
esac
meson setup "$B" --buildtype=release -Db_lto=true -Db_pgo=generate \
    > "$train/setup.log" 2>&1 || { cat "$train/setup.log"; exit 1; }
touch "$B/.mailtls-build-fast"
ninja -C "$B" src/cli/mailtls > "$train/build1.log" 2>&1 ||
    { cat "$train/build1.log"; exit 1; }

echo "build-fast: training on a generated log..."
python3 bench/loggen.py --seed 7 --size $((64 * 1024 * 1024)) \
    "$train/train.log" > /dev/null
# Exit status 1 means "failures in the log", which the training log has.
for opts in "" --json --by-net; do
	"$B/src/cli/mailtls" logs $opts "$train/train.log" > /dev/null ||
	    [ $? -eq 1 ]
done

meson configure "$B" -Db_pgo=use \
    -Dc_args="-fprofile-partial-training -Wno-missing-profile" \
    > "$train/configure.log" 2>&1 || { cat "$train/configure.log"; exit 1; }
ninja -C "$B" src/cli/mailtls > "$train/build2.log" 2>&1 ||
    { cat "$train/build2.log"; exit 1; }
grep -q fprofile-use "$B/build.ninja" ||
    { echo "build-fast: the profile was not used" >&2; exit 1; }
echo "build-fast: $B/src/cli/mailtls"
