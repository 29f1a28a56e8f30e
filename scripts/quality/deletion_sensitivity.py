#!/usr/bin/env python3
"""How much one deleted word moves a router's P(risky) on safe hand-written texts (a smoothness measure).

For every line of scripts/quality/probes/*.txt (safe texts no model trains on) the text and each of its one-word
deletions are routed with the bundle (swift-route --jsonl). Printed per bundle: the share of probes flagged risky,
the mean and 90th percentile of |P(risky) after a deletion - P(risky) of the text|, and the share of deletions that
flip the risky flag (rule "risky" on one side only). A router that reads intent rather than accidents of wording
moves little when "a", "to" or "my" is deleted; the v16 models moved 0.006 -> 0.626 on one such word
(docs/quality.md, iteration 10).

Usage: deletion_sensitivity.py --route .build/release/swift-route BUNDLE [BUNDLE ...]
"""
import argparse
import glob
import json
import os
import subprocess
import tempfile


def probes():
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for path in sorted(glob.glob(os.path.join(here, "probes", "*.txt"))):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line.replace("\\n", "\n"))
    return out


def route(binary, bundle, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": str(i), "text": t}) + "\n")
        name = f.name
    try:
        out = subprocess.run([binary, "--bundle", bundle, "--jsonl", name], check=True, capture_output=True, text=True).stdout
    finally:
        os.remove(name)
    rows = [json.loads(l) for l in out.splitlines() if l.strip()]
    if len(rows) != len(texts):
        raise SystemExit(f"error: {bundle}: {len(rows)} decisions for {len(texts)} texts")
    return [(r["risky"], r["rule"] == "risky") for r in rows]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--route", default=".build/release/swift-route")
    ap.add_argument("bundles", nargs="+")
    a = ap.parse_args()
    base = probes()
    texts, owner = [], []
    for k, t in enumerate(base):
        texts.append(t); owner.append((k, None))
        words = t.split(" ")
        for i in range(len(words)):
            if len(words) > 1:
                texts.append(" ".join(words[:i] + words[i + 1:])); owner.append((k, i))
    print(f"{len(base)} safe probe texts, {len(texts) - len(base)} one-word deletions")
    print("| bundle | probes flagged | mean abs. change | p90 abs. change | deletions that flip the flag |")
    print("|---|---:|---:|---:|---:|")
    for b in a.bundles:
        res = route(a.route, b, texts)
        full = {k: res[j] for j, (k, i) in enumerate(owner) if i is None}
        deltas, flips = [], 0
        for j, (k, i) in enumerate(owner):
            if i is None:
                continue
            deltas.append(abs(res[j][0] - full[k][0]))
            flips += res[j][1] != full[k][1]
        deltas.sort()
        flagged = sum(v[1] for v in full.values()) / len(full)
        print(f"| {b} | {flagged:.3f} | {sum(deltas) / len(deltas):.3f} | {deltas[int(0.9 * len(deltas))]:.3f} | {flips / len(deltas):.3f} |")


if __name__ == "__main__":
    main()
