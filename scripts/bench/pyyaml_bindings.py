#!/usr/bin/env python3
"""The job modelbind's loader does, written as the short script a user would write with PyYAML.

    scripts/bench/pyyaml_bindings.py FILE [RUNS]

Loads FILE with yaml.CSafeLoader (libyaml's C parser plus PyYAML's constructor, merge keys
included), collects the top-level models and every service's bindings (short syntax
`models: [a, b]` and long syntax with `endpoint_var` / `model_var`), interpolates
`${VAR:-default}` / `${VAR}` / `$VAR` in `model:` values, and computes the variables Compose
injects: KEY upper-cased with `-` -> `_`, plus `_URL` / `_MODEL`, unless overridden.

It times itself in-process (file read + parse + bindings) RUNS times (default 5) and prints
one JSON line: {"median_s": ..., "runs": [...], "services": N, "models": M, "variables": V}.
Interpreter start-up is therefore NOT included, which favours this script.
"""

import json
import os
import re
import statistics
import sys
import time

import yaml

LOADER = yaml.CSafeLoader  # fail loudly if PyYAML was built without libyaml
URL = "http://model-runner.docker.internal/engines/v1/"
VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def interpolate(text, env):
    if "$" not in text:
        return text
    return VAR.sub(lambda m: env.get(m.group(1) or m.group(3)) or (m.group(2) or ""), text)


def default_name(key, suffix):
    return key.upper().replace("-", "_") + suffix


def bindings(path, env):
    with open(path, "rb") as f:
        doc = yaml.load(f, Loader=LOADER)
    models = {key: interpolate(str(spec["model"]), env) for key, spec in (doc.get("models") or {}).items()}
    out = {}
    for service, spec in (doc.get("services") or {}).items():
        used = (spec or {}).get("models")
        if not used:
            continue
        if isinstance(used, list):
            used = {key: None for key in used}
        variables = {}
        for key, options in used.items():
            if key not in models:
                raise SystemExit(f"service {service}: undefined model {key}")
            options = options or {}
            variables[options.get("endpoint_var") or default_name(key, "_URL")] = URL
            variables[options.get("model_var") or default_name(key, "_MODEL")] = models[key]
        out[service] = dict(sorted(variables.items()))
    return models, out


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: pyyaml_bindings.py FILE [RUNS]")
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 5
    env = dict(os.environ)
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = bindings(path, env)
        times.append(time.perf_counter() - start)
    models, services = result
    print(json.dumps({
        "median_s": statistics.median(times),
        "runs": times,
        "services": len(services),
        "models": len(models),
        "variables": sum(len(v) for v in services.values()),
    }))


if __name__ == "__main__":
    main()
