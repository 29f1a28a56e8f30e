#!/usr/bin/env python3
"""Checks a ReasoningRouter deployment bundle from Python, independently of the Swift code.

usage: bundle_check.py <bundle-dir> <inputs.json> <expected.json> [--atol 1e-5]

1. manifest.json: format, version, and every file's size and SHA-256 (hashlib).
2. The `safetensors` package loads model.safetensors (numpy); __metadata__ is read with safe_open.
3. The numpy reference (reference_forward.py, float64) runs on those weights, with the architecture taken
   from manifest.json, and is compared with the Swift outputs in expected.json.
4. onnxruntime runs model.onnx (when present) on the same inputs and is compared likewise.
inputs.json: {"ids": [[...]], "id_weights": [[...]], "dense": [[...]]} (padded: id 0, weight 0).
expected.json: {"complexity_logits", "complexity_probs", "risky_logit", "risky_prob", "budget_quantiles"}.
Exit 0 when every check passes, 1 on a mismatch, 2 on bad usage or a missing package.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_forward as rf  # noqa: E402


def spec_from_manifest(m):
    """The reference_forward spec (default weight names) from a bundle manifest."""
    arch = m["architecture"]
    names = {"embedding": "trunk.embedding.weight"}
    for i, h in enumerate(arch["hidden"]):
        names[f"hidden.{i}.weight"] = f"trunk.hidden.{i}.weight"
        names[f"hidden.{i}.bias"] = f"trunk.hidden.{i}.bias"
        if h.get("layerNorm", True):
            names[f"norm.{i}.gamma"] = f"trunk.norm.{i}.gamma"
            names[f"norm.{i}.beta"] = f"trunk.norm.{i}.beta"
    for head in ("complexity", "safety", "budget"):
        names[f"heads.{head}.weight"] = f"heads.{head}.weight"
        names[f"heads.{head}.bias"] = f"heads.{head}.bias"
    if arch.get("budgetSkip", False):
        names["heads.budget.skip.weight"] = "heads.budget.skip.weight"
    return {
        "embeddingRows": m["inputs"]["buckets"],
        "embeddingDim": arch["embeddingDim"],
        "denseFeatures": m["inputs"]["denseFeatures"],
        "budgetQuantiles": len(arch["budgetQuantiles"]),
        "hidden": [{"size": h["size"], "activation": h.get("activation", "relu"), "layerNorm": h.get("layerNorm", True)}
                   for h in arch["hidden"]],
        "layerNormEpsilon": 1e-5,
        "complexityTemperature": m["calibration"]["complexityTemperature"],
        "safetyTemperature": m["calibration"]["safetyTemperature"],
        "complexityOrdinal": arch.get("ordinal", False),
        "budgetSkip": arch.get("budgetSkip", False),
        "names": names,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle")
    ap.add_argument("inputs")
    ap.add_argument("expected")
    ap.add_argument("--atol", type=float, default=1e-5)
    args = ap.parse_args()
    try:
        from safetensors import safe_open
        from safetensors.numpy import load_file
    except ImportError as e:
        print(f"bundle_check: {e}; pip install -r scripts/interop/requirements.txt")
        return 2

    failures = []
    with open(os.path.join(args.bundle, "manifest.json")) as fh:
        manifest = json.load(fh)
    if manifest.get("format") != "reasoningrouter-bundle" or manifest.get("version") != 1:
        print(f"bundle_check: manifest format/version {manifest.get('format')}/{manifest.get('version')} unexpected")
        return 1
    for name, entry in sorted(manifest["files"].items()):
        with open(os.path.join(args.bundle, name), "rb") as fh:
            data = fh.read()
        ok = len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        print(f"manifest: {name:18s} {len(data)} bytes sha256 {'ok' if ok else 'MISMATCH'}")
        if not ok:
            failures.append(f"{name}: size or sha256 differs from manifest.json")

    wpath = os.path.join(args.bundle, "model.safetensors")
    weights = load_file(wpath)
    with safe_open(wpath, framework="numpy") as f:
        meta = f.metadata() or {}
    print(f"safetensors: {len(weights)} tensors, metadata {sorted(meta)}")
    if meta.get("featurizer_fingerprint") != manifest["featurizerFingerprint"]:
        failures.append("safetensors __metadata__ featurizer_fingerprint differs from manifest.json")

    with open(args.inputs) as fh:
        raw = json.load(fh)
    ids = np.asarray(raw["ids"], dtype=np.int64)
    idw = np.asarray(raw["id_weights"], dtype=np.float32)
    dense = np.asarray(raw["dense"], dtype=np.float32) if "dense" in raw else None
    with open(args.expected) as fh:
        expected = json.load(fh)

    def compare(label, got):
        for name, want in expected.items():
            want = np.asarray(want, dtype=np.float64)
            have = np.asarray(got[name], dtype=np.float64)
            if want.shape != have.shape:
                failures.append(f"{label}: '{name}' shape {have.shape} != expected {want.shape}")
                continue
            diff = float(np.max(np.abs(want - have))) if want.size else 0.0
            status = "ok" if diff < args.atol else "MISMATCH"
            print(f"{label}: {name:18s} shape {tuple(have.shape)} max|diff| = {diff:.3e} {status}")
            if not diff < args.atol:
                failures.append(f"{label}: '{name}' max|diff| {diff:.3e} >= {args.atol}")

    spec = spec_from_manifest(manifest)
    compare("numpy(safetensors) vs swift", rf.forward(weights, spec, ids, idw, dense))

    onnx_path = os.path.join(args.bundle, "model.onnx")
    if os.path.exists(onnx_path):
        try:
            import onnxruntime as ort
        except ImportError as e:
            print(f"bundle_check: onnxruntime missing ({e})")
            return 2
        sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        feeds = {"ids": ids, "id_weights": idw}
        if any(i.name == "dense" for i in sess.get_inputs()):
            feeds["dense"] = dense
        names = [o.name for o in sess.get_outputs()]
        compare("onnxruntime vs swift", dict(zip(names, sess.run(names, feeds))))

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("bundle_check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
