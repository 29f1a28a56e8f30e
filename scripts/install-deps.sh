#!/usr/bin/env bash
# Installs the Debian packages the project builds against, when they are missing.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail
pkgs=(libopenblas-dev libopenmpi-dev openmpi-bin pkg-config)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pkg-config --exists openblas ompi-c || { echo "install-deps: pkg-config cannot find openblas/ompi-c" >&2; exit 1; }
