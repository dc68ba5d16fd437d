#!/bin/sh
# Rebuilds hello-1.0.tar.gz reproducibly from src/hello-1.0/ (hello.c, Makefile,
# README): sorted names, fixed owner and mtime, gzip without a timestamp.
set -eu
cd "$(dirname "$0")/src"
tar --sort=name --mtime=@315532800 --owner=0 --group=0 --numeric-owner -cf - hello-1.0 | gzip -n -9
