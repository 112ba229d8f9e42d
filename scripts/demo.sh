#!/usr/bin/env bash
# The main job on the example project, as a newcomer would run it before `docker compose up`:
# validate -> pull and configure with progress -> env files (and a wrapped compose file) -> status
# and check (one real request per binding through the URL it was given).
#
# The runner is ModelRunnerSim, a stand-in for Docker Model Runner's management API that this
# repository ships for tests and demos. It does no inference and downloads nothing. `modelbind`
# itself never falls back to it: pointed at no runner, it fails with a clear message.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building modelbind and model-runner-sim"
swift build -q
bin=$(swift build --show-bin-path)
example=examples/quickstart

log=$(mktemp)
"$bin/model-runner-sim" --port 0 --catalog examples/runner-catalog.json >"$log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    grep -q "listening on" "$log" && break
    kill -0 $sim 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1)
echo "== started ModelRunnerSim at $url (a stand-in for Docker Model Runner: tests and demos only, no inference)"

echo
echo "== modelbind validate -f $example/compose.yaml"
"$bin/modelbind" validate -f "$example/compose.yaml"

echo
echo "== modelbind up -f $example/compose.yaml --runner $url --wrap $example/compose.modelbind.yaml"
"$bin/modelbind" up -f "$example/compose.yaml" --runner "$url" --wrap "$example/compose.modelbind.yaml"

echo
for file in "$example"/.modelbind/*.env; do
    echo "== $file"
    cat "$file"
done

echo
echo "== modelbind status -f $example/compose.yaml --runner $url"
"$bin/modelbind" status -f "$example/compose.yaml" --runner "$url"

echo
echo "== modelbind check -f $example/compose.yaml --runner $url   (one real request per binding through its *_URL)"
"$bin/modelbind" check -f "$example/compose.yaml" --runner "$url"
