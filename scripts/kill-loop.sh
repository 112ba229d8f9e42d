#!/bin/sh
# SIGKILL loop over `modelbind env --output DIR` and `modelbind up --env-dir DIR` (see Tests/EndToEndTests/HostileKillLoopTests.swift):
# RUNS iterations (default 200) with seeded random kill delays; every output file must stay either
# an earlier complete version or the complete new one. Usage: scripts/kill-loop.sh [RUNS] [SEED]
set -eu
cd "$(dirname "$0")/.."
export MODELBIND_KILL_LOOP_RUNS="${1:-200}"
export MODELBIND_KILL_LOOP_SEED="${2:-1}"
exec swift test --filter 'HostileKillLoopTests' 2>&1
