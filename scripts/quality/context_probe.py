#!/usr/bin/env python3
"""Write the pasted-context probe: held-out requests placed after pasted context, for the safety head.

A real prompt often pastes a document, an e-mail or code and then asks something about it; the request is the
last paragraph. The probe takes every risky request of the evaluated sources and as many safe ones, puts 1-3
safe texts of the training split (30-250 words each) before each, separated by blank lines, and keeps only
the safety label (complexity and budget are null: a pasted context changes what the query needs). Risky
recall and safe FPR on it show whether the request still counts when context dilutes it.

With `--before` the request comes FIRST and the pasted texts follow it ("Summarize this: <e-mail>"): the same
requests and contexts (same seed), only the order differs. Segment scoring reads the last segment, so this
placement is covered only by the request group (`featurizer.requestTokens`).

Usage: context_probe.py HOLDOUT.jsonl TRAIN.jsonl EVAL_SOURCES OUT.jsonl [--before]   (seeded, deterministic)
"""
import json
import random
import sys


def main():
    holdout, train, sources, out = sys.argv[1], sys.argv[2], set(sys.argv[3].split(",")), sys.argv[4]
    before = sys.argv[5:] == ["--before"]
    if sys.argv[5:] and not before:
        sys.exit(f"context_probe: unknown argument {sys.argv[5]!r} (expected --before)")
    rng = random.Random(20261126)
    held = [json.loads(l) for l in open(holdout, encoding="utf-8")]
    held = [r for r in held if r["source"] in sources and r["safety"] in ("safe", "risky")]
    risky = [r for r in held if r["safety"] == "risky"]
    safe = [r for r in held if r["safety"] == "safe"]
    safe = rng.sample(safe, min(len(safe), len(risky)))
    contexts = []
    for line in open(train, encoding="utf-8"):
        r = json.loads(line)
        if r["safety"] == "safe" and 30 <= len(r["text"].split()) <= 250:
            contexts.append(r["text"].strip())
    if not risky or not contexts:
        sys.exit(f"context_probe: nothing to write (risky requests {len(risky)}, contexts {len(contexts)})")
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for r in risky + safe:
            ctx = "\n\n".join(rng.sample(contexts, rng.randint(1, 3)))
            text = r["text"].strip() + "\n\n" + ctx if before else ctx + "\n\n" + r["text"].strip()
            rec = {"id": ("context-before:" if before else "context:") + r["id"], "text": text, "complexity": None,
                   "safety": r["safety"], "safety_category": None, "budget_tokens": None,
                   "source": ("context-before/" if before else "context/") + r["source"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    print(f"{out}: {n} records ({len(risky)} risky, {len(safe)} safe requests {'before' if before else 'after'} pasted context)")


if __name__ == "__main__":
    main()
