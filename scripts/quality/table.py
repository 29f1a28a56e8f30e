#!/usr/bin/env python3
"""One Markdown row per configuration from summarize.py's JSON files (mean [min-max] over seeds).

Usage: table.py SUMMARY_JSON [SUMMARY_JSON ...]   (e.g. runs/quality/dev/eval/*-summary.json)
"""
import json
import os
import sys

COLS = [("all", "macroF1", "macro-F1"), ("all", "riskyRecall", "risky recall"), ("all", "safeFalsePositiveRate", "safe FPR"),
        ("all", "budgetSpearman", "budget ρ"), ("all", "simpleInstantShare", "simple→instant"),
        ("all", "moderateHighReasoningShare", "mod/high→reasoning"), ("all", "riskyDeliberateShare", "risky→deliberate")]


def cell(s):
    if not s:
        return "–"
    return f"{s['mean']:.3f}" if s["min"] == s["max"] else f"{s['mean']:.3f} ({s['min']:.2f}-{s['max']:.2f})"


def main():
    probe = any("pasted-context probe" in json.load(open(p)) for p in sys.argv[1:])
    hand = any("hand-written probes flagged risky" in json.load(open(p)) for p in sys.argv[1:])
    print("| run | " + " | ".join(c[2] for c in COLS) + " | budget ρ per source | safe-but-scary→deliberate |"
          + (" pasted-context probe: risky recall; safe FPR |" if probe else "")
          + (" hand-written safe probes flagged |" if hand else ""))
    print("|---|" + "---:|" * (len(COLS) + 2 + probe + hand))
    for path in sys.argv[1:]:
        s = json.load(open(path))
        name = os.path.basename(path).replace("-summary.json", "")
        per = [f"{k} {cell(v['budgetSpearman'])}" for k, v in sorted(s.items())
               if isinstance(v, dict) and k not in ("all", "sample validation") and v.get("budgetSpearman")]
        row = f"| {name} | " + " | ".join(cell(s[g][k]) for g, k, _ in COLS) + f" | {'; '.join(per)} | {cell(s['safe-but-scary -> deliberate'])} |"
        if probe:
            pr = s.get("pasted-context probe") or {}
            row += f" {cell(pr.get('riskyRecall'))}; {cell(pr.get('safeFalsePositiveRate'))} |"
        if hand:
            hp = s.get("hand-written probes flagged risky") or {}
            row += " " + "; ".join(f"{k.split('/')[-1]} {cell(v)}" for k, v in sorted(hp.items())) + " |"
        print(row)


if __name__ == "__main__":
    main()
