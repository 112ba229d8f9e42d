#!/usr/bin/env bash
# Builds and runs every modelbind benchmark, then prints the results table.
#
#   Benchmarks/run.sh           full run (a few minutes, plus the first release builds)
#   Benchmarks/run.sh --quick   fewer repetitions, 20 models for provisioning (a smoke test)
#
# Needs: swift, libyaml-dev, python3 with PyYAML built against libyaml (yaml.CSafeLoader).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"

"$python" -c 'import yaml; yaml.CSafeLoader' 2>/dev/null || {
    echo "run.sh: $python has no PyYAML with libyaml (yaml.CSafeLoader); pip install pyyaml" >&2
    exit 1
}

echo "== generating workloads" >&2
"$python" "$root/scripts/bench/generate_workloads.py" "$here/.workloads" >&2

echo "== building modelbind (release)" >&2
modelbind="$(cd "$root" && swift build -c release --show-bin-path)/modelbind"
# As `make release` builds it (static Swift runtime), so the CLI row measures what users install.
if ! (cd "$root" && swift build -c release --product modelbind --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic >&2); then
    echo "run.sh: the release build of modelbind failed; the CLI row is skipped" >&2
    rm -f "$modelbind"
fi

echo "== building the harness (release)" >&2
# SwiftPM was seen not to recompile the harness after the root package's modules changed (a stale
# object file calling into new code); the harness is small, so it is always compiled afresh.
touch "$here/Sources/modelbind-bench/main.swift"
(cd "$here" && swift build -c release >&2)
bin="$(cd "$here" && swift build -c release --show-bin-path)"

echo "== measuring" >&2
exec "$bin/modelbind-bench" run \
    --workloads "$here/.workloads" \
    --modelbind "$modelbind" \
    --yams "$bin/yams-bindings" \
    --python "$(command -v "$python")" \
    --pyscript "$root/scripts/bench/pyyaml_bindings.py" \
    --results "$here/.results" \
    "$@"
