#!/bin/sh
# test.sh - install what is needed, build, start the test servers and run
# every test.  Ends with "N passed, N failed"; exits non-zero on failure.
set -u
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
if [ ! -d build ]; then
	meson setup build || { echo "0 passed, 1 failed"; exit 1; }
fi
ninja -C build || { echo "0 passed, 1 failed"; exit 1; }
meson test -C build --print-errorlogs --num-processes 2 > build/test.out 2>&1
rc=$?
cat build/test.out
pass=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' build/test.out)
fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' build/test.out)
to=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' build/test.out)
skip=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' build/test.out)
fail=$(( ${fail:-0} + ${to:-0} + ${skip:-0} ))
echo "${pass:-0} passed, ${fail} failed"
[ "$rc" -eq 0 ] && [ "$fail" -eq 0 ]
