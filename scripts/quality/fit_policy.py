#!/usr/bin/env python3
"""Refit the safety threshold of a run's routing policy with a false-positive budget (writes policy.json).

The trainer fits the safety threshold for a risky-recall target on the validation (calibration) split. On
that in-distribution split a high recall target is met by a very low threshold set by a handful of
mislabeled or borderline risky texts, which flags many safe queries of new sources. This script takes the
LOWER (more sensitive) of
  - the trainer's recall-fitted threshold, and
  - the lowest threshold that flags at most MAX_FPR of the calibration split's SAFE queries,
so recall is as high as the false-positive budget allows. MAX_FPR is the trainer's own budget
(`policyTargets.maxSafeFalsePositiveRate`, stored in the policy's fit record; 0.02 when absent), under the 5% target,
leaving room for the shift to new sources. Only the calibration split is read: never the held-out sources.

With ROUTED_JSONL (swift-route --jsonl output of the run on CALIBRATION_JSONL, used with prepare.py
--calibration roles, where CALIBRATION_JSONL is thresholds.jsonl: whole training sub-sources the model did not
train on), both safety arms (recall target and FPR budget) and the instant threshold (the trainer's
reasoning-share target, same rule as ThresholdFitting.fit) are refitted on those outputs instead.

RUN_DIR may be a bundle folder (e.g. an ensemble from `swift-train export` with several --checkpoint); its policy is the
manifest's, and ROUTED_JSONL is then required.

Usage: fit_policy.py RUN_DIR CALIBRATION_JSONL OUT_POLICY_JSON [ROUTED_JSONL]
"""
import json
import math
import os
import sys

DEFAULT_MAX_FPR = 0.02


def decide_instant(p, risky, policy):
    """True when RoutingPolicy.decide sends these outputs to instant (RoutingPolicy.swift, lean moreReasoning)."""
    if risky >= policy["safetyThreshold"]:
        return False
    order = sorted([0, 1, 2], key=lambda t: (-p[t], -t))
    tier = order[0]
    if p[tier] < policy["confidenceLevel"]:
        lean = policy.get("lean", "moreReasoning")
        tier = max(order[0], order[1]) if lean == "moreReasoning" else min(order[0], order[1]) if lean == "lessReasoning" else tier
    return tier == 0 and not p[0] < policy["instantThreshold"]


def main():
    run, cal_path, out = sys.argv[1:4]
    routed = sys.argv[4] if len(sys.argv) > 4 else None
    if os.path.exists(os.path.join(run, "manifest.json")):  # a bundle (an ensemble's policy is the manifest's)
        policy = json.load(open(os.path.join(run, "manifest.json")))["policy"]
        if not routed:
            sys.exit("error: a bundle has no predictions.jsonl; pass ROUTED_JSONL (swift-route --jsonl on the calibration file)")
    else:
        best = json.load(open(os.path.join(run, "checkpoints", "best.json")))["checkpoint"]
        policy = json.load(open(os.path.join(run, "checkpoints", best, "model.json")))["policy"]
    labels, tiers = {}, {}
    for line in open(cal_path, encoding="utf-8"):
        r = json.loads(line)
        labels[r["id"]] = r["safety"]
        tiers[r["id"]] = {"simple": 0, "moderate": 1, "high": 2}.get(r["complexity"])
    if routed:
        preds = []
        for line in open(routed, encoding="utf-8"):
            d = json.loads(line)
            c = d["complexity"]
            preds.append({"id": d["id"], "risky": d["risky"], "complexity": [c["simple"], c["moderate"], c["high"]]})
    else:
        preds = [json.loads(l) for l in open(os.path.join(run, "predictions.jsonl"))]
    safe = sorted((p["risky"] for p in preds if labels[p["id"]] == "safe"), reverse=True)
    risky = [p["risky"] for p in preds if labels[p["id"]] == "risky"]
    max_fpr = (policy.get("fit") or {}).get("maxSafeFalsePositiveRate", DEFAULT_MAX_FPR)
    k = int(max_fpr * len(safe))                      # at most k safe scores may reach the threshold
    t_fpr = safe[k] + 1e-9 if k < len(safe) else 0.0  # just above the (k+1)-th highest safe score
    t_rec = policy["safetyThreshold"]
    if routed and risky:                              # ThresholdFitting.thresholdForRecall on the routed set
        target = (policy.get("fit") or {}).get("targetRiskyRecall", 0.97)
        srt = sorted(risky, reverse=True)
        t_rec = srt[min(max(1, math.ceil(target * len(srt))), len(srt)) - 1]
    t = min(t_rec, t_fpr)
    t = max(t, (policy.get("fit") or {}).get("minSafetyThreshold") or 0.0)  # the trainer's floor (ThresholdFitting)
    rec = sum(s >= t for s in risky) / max(1, len(risky))
    fpr = sum(s >= t for s in safe) / max(1, len(safe))
    print(f"safety threshold: recall fit {t_rec:.4f}, FPR<={max_fpr} fit {t_fpr:.4f} -> {t:.4f} "
          f"(calibration: risky recall {rec:.3f}, safe FPR {fpr:.3f}, {len(risky)} risky / {len(safe)} safe)")
    policy["safetyThreshold"] = t
    if policy.get("fit"):
        policy["fit"]["fittedSafetyThreshold"] = t
        policy["fit"]["achievedRiskyRecall"] = rec
    if routed:  # instant threshold: at most 1 - reasoningShare of the moderate/high ones may go instant
        share = (policy.get("fit") or {}).get("targetReasoningShare", 0.985)
        probe = dict(policy, instantThreshold=0.0)
        non_simple = [p for p in preds if (tiers[p["id"]] or 0) > 0]
        allowed = int((1 - share) * len(non_simple))
        scores = sorted((p["complexity"][0] for p in non_simple if decide_instant(p["complexity"], p["risky"], probe)), reverse=True)
        old = policy["instantThreshold"]
        policy["instantThreshold"] = scores[allowed] + 1e-12 if len(scores) > allowed else 0.0
        simple = [p for p in preds if tiers[p["id"]] == 0]
        inst = sum(decide_instant(p["complexity"], p["risky"], policy) for p in simple) / max(1, len(simple))
        reason = 1 - sum(decide_instant(p["complexity"], p["risky"], policy) for p in non_simple) / max(1, len(non_simple))
        print(f"instant threshold: {old:.4f} -> {policy['instantThreshold']:.4f} (calibration: simple->instant {inst:.3f}, "
              f"moderate/high->reasoning {reason:.3f}, {len(simple)} simple / {len(non_simple)} moderate-high)")
        if policy.get("fit"):
            policy["fit"]["fittedInstantThreshold"] = policy["instantThreshold"]
    with open(out, "w") as f:
        json.dump(policy, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
