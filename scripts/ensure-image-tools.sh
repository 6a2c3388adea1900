#!/usr/bin/env bash
# Makes sure this machine can build and start Featherman's images without a Docker engine, for the
# image smoke test: buildah (build), runc (run), umoci (unpack) from Debian, and the local Debian
# base image (scripts/build-base-image.sh). Where apt-get is missing, says so and leaves it: the
# smoke test then skips, naming what is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools=(buildah runc umoci debootstrap)

missing=()
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "skip    image tools (${missing[*]} missing and no apt-get): the image smoke test will be skipped"
    exit 0
  fi
  echo "install ${missing[*]} (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "ok      image tools (${tools[*]})"
if [ "$(id -u)" -eq 0 ]; then
  exec "$root/scripts/build-base-image.sh"
elif sudo -n true 2>/dev/null; then
  exec sudo -n "$root/scripts/build-base-image.sh"
fi
echo "skip    base image (debootstrap and runc need root): the image smoke test will be skipped"
