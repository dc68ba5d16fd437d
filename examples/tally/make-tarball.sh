#!/bin/sh
# Rebuilds tally-1.0.tar.gz reproducibly from src/tally-1.0/ (tally.c, test.sh, CMakeLists.txt,
# meson.build): sorted names, fixed owner and mtime, gzip without a timestamp.
set -eu
cd "$(dirname "$0")/src"
tar --sort=name --mtime=@315532800 --owner=0 --group=0 --numeric-owner -cf - tally-1.0 | gzip -n -9
