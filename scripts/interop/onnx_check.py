#!/usr/bin/env python3
"""Checks an exported ONNX router model with onnxruntime.

usage: onnx_check.py <model.onnx> <inputs.json> <expected.json> [--atol 1e-5]

1. onnx.checker.check_model(full_check=True) when the `onnx` package is installed.
2. Runs the model with onnxruntime on inputs.json ({"ids": [[...]], "id_weights": [[...]], "dense": [[...]]}).
3. Compares every output named in expected.json (computed by the Swift test with plain loops) with
   max |diff| < atol.
4. When the model carries `router_spec` metadata, also runs the numpy reference (reference_forward.py)
   on the model's own weights and compares it with onnxruntime (same atol).
Exit code 0 when every check passes, 1 on a mismatch, 2 on bad usage or a missing package.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("inputs")
    ap.add_argument("expected")
    ap.add_argument("--atol", type=float, default=1e-5)
    args = ap.parse_args()

    try:
        import onnxruntime as ort
    except ImportError as e:
        print(f"onnx_check: onnxruntime is not installed ({e}); pip install -r scripts/interop/requirements.txt")
        return 2
    try:
        import onnx
    except ImportError:
        onnx = None

    failures = []
    if onnx is not None:
        try:
            onnx.checker.check_model(args.model, full_check=True)
            print("onnx.checker: ok (full_check)")
        except Exception as e:  # noqa: BLE001 - report any checker failure
            failures.append(f"onnx.checker: {e}")
    else:
        print("onnx_check: `onnx` not installed, skipping checker and reference comparison")

    with open(args.inputs) as fh:
        raw = json.load(fh)
    sess = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    feeds = {}
    for inp in sess.get_inputs():
        if inp.name not in raw:
            print(f"onnx_check: {args.inputs}: missing input '{inp.name}'")
            return 2
        dtype = np.int64 if inp.type == "tensor(int64)" else np.float32
        feeds[inp.name] = np.asarray(raw[inp.name], dtype=dtype)
    names = [o.name for o in sess.get_outputs()]
    got = dict(zip(names, sess.run(names, feeds)))

    def compare(label, ref):
        for name, want in ref.items():
            if name not in got:
                failures.append(f"{label}: output '{name}' not produced by the model")
                continue
            want = np.asarray(want, dtype=np.float64)
            have = got[name].astype(np.float64)
            if want.shape != have.shape:
                failures.append(f"{label}: '{name}' shape {have.shape} != expected {want.shape}")
                continue
            diff = float(np.max(np.abs(want - have))) if want.size else 0.0
            status = "ok" if diff < args.atol else "MISMATCH"
            print(f"{label}: {name:18s} shape {tuple(have.shape)} max|diff| = {diff:.3e} {status}")
            if not diff < args.atol:
                failures.append(f"{label}: '{name}' max|diff| {diff:.3e} >= {args.atol}")

    with open(args.expected) as fh:
        compare("swift vs ort", json.load(fh))

    if onnx is not None:
        model = onnx.load(args.model)
        if any(p.key == "router_spec" for p in model.metadata_props):
            import reference_forward as rf

            weights, spec = rf.load_onnx(args.model)
            ref = rf.forward(weights, spec, feeds["ids"], feeds["id_weights"], feeds.get("dense"))
            compare("numpy vs ort", ref)

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("onnx_check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
