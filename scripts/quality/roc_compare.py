#!/usr/bin/env python3
"""Compare draws.sh runs by how they rank risky against safe held-out texts, not by one fitted threshold.

A run's recall at its fitted threshold mixes two things: how well the model ranks risky texts above safe ones, and
where the policy fit put the threshold (the calibration split's 2% false-positive budget lands at a different
held-out FPR for every model). This routes the held-out file of SPLIT again with each model of each NAME
($OUT/<split>/<NAME>-g<draw>-s<seed>, as draws.sh writes them; OUT defaults to runs/quality) and prints, per NAME, over single models and
over seed ensembles of each draw (the mean of the members' P(risky), as `RouterEnsemble` does):
  - AUC of P(risky), risky against held-out safe;
  - risky recall at a held-out FPR of 1%, 2% and 5% (the threshold read off the held-out safe scores themselves).
Nothing is fitted on the held-out texts beyond these read-outs; use it to compare runs, not as a deployed figure.

Usage: roc_compare.py SPLIT NAME [NAME ...]      (ROUTE=path to swift-route, default .build/release/swift-route; OUT)
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

FPRS = (0.01, 0.02, 0.05)


def route(run, texts_path):
    """P(risky) per id from `swift-route --bundle run --jsonl texts_path`."""
    exe = os.environ.get("ROUTE", ".build/release/swift-route")
    out = subprocess.run([exe, "--bundle", run, "--jsonl", texts_path], check=True, capture_output=True, text=True).stdout
    return {d["id"]: d["risky"] for d in map(json.loads, out.splitlines())}


def read_outs(scores, risky):
    """AUC and recall at each FPR for scores (array) with boolean labels risky."""
    pos, neg = scores[risky], scores[~risky]
    order = np.argsort(np.concatenate([pos, neg]), kind="stable")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    auc = (ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
    return auc, [float((pos > np.quantile(neg, 1 - f)).mean()) for f in FPRS]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    split, names = sys.argv[1], sys.argv[2:]
    out = os.environ.get("OUT", "runs/quality")
    held = [json.loads(l) for l in open(f"{out}/{split}/heldout.jsonl", encoding="utf-8")]
    held = [r for r in held if r.get("safety") in ("safe", "risky")]
    ids = [r["id"] for r in held]
    risky = np.array([r["safety"] == "risky" for r in held])
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in held:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
        texts = f.name
    print(f"{split}: {int(risky.sum())} risky, {int((~risky).sum())} safe held-out texts")
    print(f"{'run':12s} {'kind':>8s}{'n':>3s} {'AUC':>7s} " + " ".join(f"{'rec@' + str(x):>9s}" for x in FPRS))
    try:
        for name in names:
            runs = sorted(d for d in glob.glob(f"{out}/{split}/{name}-g*-s*") if os.path.isdir(d))
            if not runs:
                print(f"{name}: no runs under {out}/{split}/")
                continue
            scores = {}
            for run in runs:
                p = route(run, texts)
                scores[run] = np.array([p[i] for i in ids])
            draws = {}
            for run in runs:
                draws.setdefault(re.sub(r"-s[^-]+$", "", run), []).append(run)
            for label, groups in (("single", [[r] for r in runs]), ("seed-ens", list(draws.values()))):
                res = [read_outs(np.mean([scores[r] for r in g], axis=0), risky) for g in groups]
                print(f"{name:12s} {label:>8s}{len(groups):3d} {np.mean([a for a, _ in res]):7.4f} "
                      + " ".join(f"{np.mean([rec[k] for _, rec in res]):9.3f}" for k in range(len(FPRS))))
    finally:
        os.unlink(texts)


if __name__ == "__main__":
    main()
