#!/bin/sh
# check_banned.sh - no banned libc calls in the library or the CLI
# (STYLE.md: sscanf strtok atoi atol strtol strcpy strcat strncpy sprintf
# vsprintf gets).  Prints each use with file:line; exits 1 if any.
root=${1:-.}
pat='(^|[^_a-z0-9])(sscanf|strtok|atoi|atol|strtol|strcpy|strcat|strncpy|sprintf|vsprintf|gets)[[:space:]]*\('
if grep -rnE "$pat" "$root/src" --include='*.c' --include='*.h' |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*)'; then
	echo "banned libc calls found (see STYLE.md)"
	exit 1
fi
echo "no banned libc calls"
