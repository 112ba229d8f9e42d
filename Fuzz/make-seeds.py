#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/corpus/<target>/ from the repository's test fixtures.

Run from the repository root: python3 Fuzz/make-seeds.py. The seeds are committed; libFuzzer's
own findings go to Fuzz/.work/ (ignored) so the committed corpora stay small.
"""
import glob
import hashlib
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "ModelBindTests", "Fixtures")
OUT = os.path.join(ROOT, "Fuzz", "corpus")
MAX = 16 * 1024


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX:
        return
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


def conformance(name):
    with open(os.path.join(FIX, "conformance", name + ".json")) as f:
        return json.load(f)["cases"]


composes = sorted(glob.glob(os.path.join(FIX, "corpus", "**", "*.y*ml"), recursive=True))
composes += sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.y*ml"), recursive=True))
texts = [open(p, encoding="utf-8").read() for p in composes]
merges = conformance("merge-models")

# YAML reader: compose files, merge inputs, and a few shapes the reader must bound.
for text in texts:
    put("yaml", text)
for case in merges:
    put("yaml", case["base"])
    put("yaml", case["override"])
put("yaml", "a: &a [x, y]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n")
put("yaml", "base: &b {x: 1}\nm:\n  <<: [*b, {y: 2}]\n  z: !!str 3\n")
put("yaml", "---\n- 'single'\n- \"dq \\u00e9\"\n- |\n  block\n- >-\n  folded\n...\n---\n? complex\n: value\n")
put("yaml", "\ufeffkey: value\r\nother: [1, 2.5, true, null, ~, 0x1F, .inf]\r\n")

# Interpolation: every conformance template.
for case in conformance("interpolation"):
    put("interpolation", case["template"])

# dotenv: every conformance input.
for case in conformance("dotenv"):
    data = case.get("input")
    if isinstance(data, str):
        put("dotenv", data)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str):
                put("dotenv", item)

# Loader: compose [%% override [%% .env]].
SEP = "\n%%\n"
for text in texts:
    put("loader", text)
for case in merges:
    put("loader", case["base"] + SEP + case["override"])
put(
    "loader",
    "services:\n  app:\n    image: x\n    models:\n      llm:\n        endpoint_var: ${EP:-AI_URL}\n"
    "models:\n  llm:\n    model: ${MODEL}\n    context_size: ${CTX}\n    runtime_flags: [\"--temp\", \"0.5\"]\n"
    + SEP + "services:\n  app:\n    profiles: [dev]\n" + SEP + "MODEL=ai/smollm2\nCTX=4096\nEP=LLM_URL\n",
)
put(
    "loader",
    "include:\n  - compose.override.yaml\nservices:\n  web:\n    extends:\n      service: base\n"
    "  base:\n    models: [m]\nmodels:\n  m: {model: \"ai/x:1\"}\n" + SEP + "services: {}\n" + SEP + "A='q\\'uote'\n",
)

# Progress stream: the first byte selects chunk size / HTML mode / line limit.
lines = [
    '{"type":"progress","message":"Downloaded: 1.00 MB","total":4096,"pulled":1024,'
    '"layer":{"id":"sha256:abc","size":4096,"current":1024}}',
    '{"type":"success","message":"Model pulled successfully"}',
    '{"type":"error","message":"Error: writing blob: disk full"}',
    "error while pulling model: writing image to store: disk full",
    '{"type":"warning","message":"slow"}',
    "{&quot;type&quot;:&quot;success&quot;,&quot;message&quot;:&quot;ok&quot;}",
    "<html><body>captive portal</body></html>",
]
for control in (0x00, 0x07, 0x3F, 0x40, 0x83):
    put("progress", bytes([control]) + ("\n".join(lines) + "\n").encode())
    put("progress", bytes([control]) + "\r\n".join(lines[:2]).encode())
