#!/usr/bin/env bash
# Makes the local base image's root filesystem: Debian bookworm (minbase) with OpenJDK 17's headless
# JRE, built by debootstrap from Debian packages, for machines that reach a Debian mirror but no
# container registry. Prints the path of the cached tarball last, in parentheses.
#
#   scripts/build-base-image.sh
#
# The tarball is cached in ~/.cache/featherman/images (FEATHERMAN_IMAGE_CACHE to move it) and
# rebuilt only when missing. DEBIAN_MIRROR overrides the mirror (default: the one apt uses here, else
# deb.debian.org). scripts/build-images.sh imports it as localhost/featherman/base-jre:17-bookworm.
# Needs root (debootstrap creates device nodes and changes ownership). Nothing here is committed.
set -euo pipefail

cache="${FEATHERMAN_IMAGE_CACHE:-$HOME/.cache/featherman/images}"
suite=bookworm
tarball="$cache/base-jre17-$suite.tar.gz"

if [ -s "$tarball" ]; then
  echo "ok      base image root filesystem ($tarball)"
  exit 0
fi

command -v debootstrap >/dev/null || {
  echo "debootstrap is missing: apt-get install debootstrap (or run scripts/ensure-image-tools.sh)" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || { echo "debootstrap needs root: run this script with sudo" >&2; exit 1; }

apt_mirror() {
  grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -v security | sed -E 's/^URIs: *//; s/^deb +(\[[^]]*\] +)?//; s/ .*//' | head -n1 || true
}
mirror="${DEBIAN_MIRROR:-$(apt_mirror)}"
mirror="${mirror:-http://deb.debian.org/debian}"

mkdir -p "$cache"
work="$(mktemp -d "$cache/base.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "build   base image root filesystem (debootstrap $suite from $mirror)"
# ca-certificates-java comes with the JRE: the JVM's trust store for S3 and PostgreSQL over TLS.
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$work/rootfs" "$mirror" \
  >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  echo "debootstrap failed (full log above); set DEBIAN_MIRROR to a reachable Debian mirror" >&2
  exit 1
}
# Package caches, indexes and documentation are not needed to run anything.
rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/cache/apt/*.bin \
  "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/usr/share/doc/* "$work"/rootfs/usr/share/man/* \
  "$work"/rootfs/var/log/*.log "$work"/rootfs/var/log/apt/*
tar --numeric-owner -C "$work/rootfs" -czf "$work/rootfs.tar.gz" .
mv "$work/rootfs.tar.gz" "$tarball"
echo "ok      base image root filesystem ($tarball)"
