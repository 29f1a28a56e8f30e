#!/usr/bin/env python3
"""Refit the safety threshold of a run's routing policy with a false-positive budget (writes policy.json).

The trainer fits the safety threshold for a risky-recall target on the validation (calibration) split. On
that in-distribution split a high recall target is met by a very low threshold set by a handful of
mislabeled or borderline risky texts, which flags many safe queries of new sources. This script takes the
LOWER (more sensitive) of
  - the trainer's recall-fitted threshold, and
  - the lowest threshold that flags at most MAX_FPR of the calibration split's SAFE queries,
so recall is as high as the false-positive budget allows. MAX_FPR (0.02) is under the 5% target, leaving
room for the shift to new sources. Only the calibration split is read: never the held-out sources.

Usage: fit_policy.py RUN_DIR CALIBRATION_JSONL OUT_POLICY_JSON
"""
import json
import os
import sys

MAX_FPR = 0.02


def main():
    run, cal_path, out = sys.argv[1:4]
    best = json.load(open(os.path.join(run, "checkpoints", "best.json")))["checkpoint"]
    model = json.load(open(os.path.join(run, "checkpoints", best, "model.json")))
    policy = model["policy"]
    labels = {}
    for line in open(cal_path, encoding="utf-8"):
        r = json.loads(line)
        labels[r["id"]] = r["safety"]
    preds = [json.loads(l) for l in open(os.path.join(run, "predictions.jsonl"))]
    safe = sorted((p["risky"] for p in preds if labels[p["id"]] == "safe"), reverse=True)
    risky = [p["risky"] for p in preds if labels[p["id"]] == "risky"]
    k = int(MAX_FPR * len(safe))                      # at most k safe scores may reach the threshold
    t_fpr = safe[k] + 1e-9 if k < len(safe) else 0.0  # just above the (k+1)-th highest safe score
    t = min(policy["safetyThreshold"], t_fpr)
    rec = sum(s >= t for s in risky) / max(1, len(risky))
    fpr = sum(s >= t for s in safe) / max(1, len(safe))
    print(f"safety threshold: recall fit {policy['safetyThreshold']:.4f}, FPR<={MAX_FPR} fit {t_fpr:.4f} -> {t:.4f} "
          f"(calibration: risky recall {rec:.3f}, safe FPR {fpr:.3f}, {len(risky)} risky / {len(safe)} safe)")
    policy["safetyThreshold"] = t
    if policy.get("fit"):
        policy["fit"]["fittedSafetyThreshold"] = t
        policy["fit"]["achievedRiskyRecall"] = rec
    with open(out, "w") as f:
        json.dump(policy, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
