#!/usr/bin/env bash
# Installs Debian's docker-registry (the registry `make integration` pushes test models to) when it
# is missing. Its system service is not wanted: the tests start their own on loopback, in a
# temporary directory, and stop it afterwards.
set -euo pipefail
if [ -n "${REGISTRY_BIN:-}" ] || command -v docker-registry >/dev/null 2>&1; then
    exit 0
fi
echo "docker-registry not found: installing it with apt-get" >&2
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
# The package's own service (on :5000) is not wanted: a policy-rc.d answering 101 keeps it from
# being started during the install, and is removed afterwards.
policy=/usr/sbin/policy-rc.d
added_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
    $sudo_cmd chmod 0755 "$policy"
    added_policy=1
fi
cleanup() { if [ -n "$added_policy" ]; then $sudo_cmd rm -f "$policy"; fi; }
trap cleanup EXIT
$sudo_cmd apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
command -v docker-registry >/dev/null
