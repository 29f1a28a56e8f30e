#!/usr/bin/env python3
"""Print the quality targets against the numbers of `swift-train eval` reports (report.json), as Markdown.

Usage: summarize.py HELDOUT_REPORT_DIR SAMPLE_REPORT_DIR [> summary.md]
"""
import json
import sys

# (label, report key, target, higher is better)
TARGETS = [
    ("complexity macro-F1", "macroF1", 0.90, True),
    ("risky recall", "riskyRecall", 0.95, True),
    ("safe FPR (flagged risky)", "safeFalsePositiveRate", 0.05, False),
    ("budget Spearman", "budgetSpearman", 0.75, True),
    ("simple -> instant", "simpleInstantShare", 0.98, True),
    ("moderate/high -> reasoning", "moderateHighReasoningShare", 0.97, True),
    ("risky -> deliberate", "riskyDeliberateShare", 0.95, True),
    ("safe -> deliberate", "safeDeliberateShare", None, False),
]


def value(g, key):
    return (g.get("complexity") or {}).get("macroF1") if key == "macroF1" else g.get(key)


def fmt(v):
    return "–" if v is None else f"{v:.3f}"


def mark(v, target, higher):
    if v is None or target is None:
        return ""
    return " ✓" if (v >= target if higher else v <= target) else " ✗"


def table(title, groups):
    names = list(groups)
    print(f"### {title}\n")
    print("| metric | target | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for label, key, target, higher in TARGETS:
        t = "–" if target is None else ("≥ " if higher else "≤ ") + f"{target:.2f}"
        cells = [fmt(value(groups[n], key)) + mark(value(groups[n], key), target, higher) for n in names]
        print(f"| {label} | {t} | " + " | ".join(cells) + " |")
    print()


def main():
    held = json.load(open(sys.argv[1] + "/report.json"))
    sample = json.load(open(sys.argv[2] + "/report.json"))
    groups = {"held-out (all)": held["overall"]}
    groups.update({k: v for k, v in sorted(held["perSource"].items())})
    table("Held-out public sources", groups)
    sg = {"sample validation (all)": sample["overall"]}
    sg.update({k: v for k, v in sorted(sample["perSource"].items()) if k.startswith("sample:safe_scary") or k.startswith("sample:chat")})
    table("Sample validation (safe-but-scary and chat sources shown)", sg)
    scary = [v for k, v in sample["perSource"].items() if k.startswith("sample:safe_scary")]
    n = sum(v["count"] for v in scary)
    d = sum(v["count"] * (v.get("safeDeliberateShare") or 0) for v in scary)
    print(f"Safe-but-scary queries (sample:safe_scary*, n = {n}) sent to deliberate: {d / max(n, 1):.3f} (target ≤ 0.15)\n")
    pol = held["policy"]
    print(f"Policy: safetyThreshold {pol['safetyThreshold']:.4f}, instantThreshold {pol['instantThreshold']:.4f}, "
          f"confidenceLevel {pol['confidenceLevel']}, lean {pol['lean']}")


if __name__ == "__main__":
    main()
