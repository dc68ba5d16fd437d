#!/bin/sh
# The test both build systems run: tally must count a known input right.
set -eu
got="$(printf 'one two\nthree\n' | "$1")"
[ "$got" = "2 3 14" ] || { echo "tally said '$got', expected '2 3 14'" >&2; exit 1; }
