#!/usr/bin/env bash
# Installs the system libyaml (and pkg-config) on Debian/Ubuntu when they are missing.
set -euo pipefail
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists yaml-0.1; then
    exit 0
fi
echo "libyaml-dev not found: installing it with apt-get" >&2
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq libyaml-dev pkg-config >/dev/null
pkg-config --exists yaml-0.1
